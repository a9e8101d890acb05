// A 1 MB document: annotating at its very end with the mouse works as at its start, and the
// offsets are Python's.
import { test, expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { openApp, corpusText, dragAcross, jumpToEnd, listRows, pasteDocument, pythonOffsets, scrollToPhrase } from './helpers.js';

function megabyte() {
  const cps = [];
  const base = Array.from(corpusText());
  while (cps.length < 1_000_000) cps.push(...base, '\n', '\n');
  cps.length = 1_000_000;
  return `${cps.join('')}\n\nIn closing, the parties will meet again in Tokyo in 2031.\n`;
}

test('annotate at the end of a 1 MB document with the mouse', async ({ page }) => {
  test.setTimeout(120_000);
  const text = megabyte();
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
  await expect(page.getByTestId('info-message')).toHaveText(/Opened long\.txt\./, { timeout: 30_000 });
  // Only what is near the screen is drawn.
  const drawnLength = await page.getByTestId('doc-view').evaluate((el) => el.textContent.length);
  expect(drawnLength).toBeLessThan(100_000);
  // Ctrl+A selects the whole text, drawn or not, and copying gives exactly the document's text.
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('Control+A');
  const copied = await page.getByTestId('doc-view').evaluate((el) => {
    const event = new ClipboardEvent('copy', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
    el.dispatchEvent(event);
    return event.clipboardData.getData('text/plain');
  });
  expect(copied.length).toBe(text.length);
  expect(copied === text).toBe(true);
  await page.keyboard.press('Escape');
  // Near the start...
  await scrollToPhrase(page, 'held their first official');
  await dragAcross(page, 'held their first official');
  await page.keyboard.press('5');
  // ...and at the very end, after a million code points.
  await jumpToEnd(page, 'will meet again in Tokyo in 2031');
  await dragAcross(page, 'will meet again in Tokyo in 2031');
  await page.keyboard.press('1');
  const [start, end] = pythonOffsets(text, 'will meet again in Tokyo in 2031');
  expect(start).toBeGreaterThan(1_000_000);
  await expect(page.getByTestId('span-offsets')).toHaveText(`${start}–${end}`);
  await expect(page.getByTestId('list-total')).toHaveText('2 spans');
  await expect(page.locator('.hl.sel')).toHaveText('will meet again in Tokyo in 2031');
});

test('thousands of spans: the list shows a full window of rows wherever it is scrolled', async ({ page }) => {
  test.setTimeout(120_000);
  const text = megabyte();
  const cps = Array.from(text);
  // 3,000 one-word spans spread over the text, written as an Avow file.
  const words = [...text.matchAll(/\p{L}{4,}/gu)];
  const step = Math.floor(words.length / 3000);
  const utf16ToCp = (i) => Array.from(text.slice(0, i)).length;
  let cpAt = 0;
  let utf16At = 0;
  const annotations = [];
  for (let k = 0; k < 3000; k++) {
    const m = words[k * step];
    // Code points of the match, counted incrementally (the matches come in text order).
    cpAt += Array.from(text.slice(utf16At, m.index)).length;
    utf16At = m.index;
    const start = cpAt;
    const end = start + Array.from(m[0]).length;
    annotations.push({
      id: `s${k + 1}`, start, end, label: 'COMMITMENT', quote: cps.slice(start, end).join(''), attributes: {}, note: '',
      created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
    });
  }
  expect(utf16ToCp(words[0].index)).toBe(annotations[0].start);
  const file = {
    format: 'avow', version: 1, schema: { id: 'commitments', version: 1 }, annotator: '',
    document: {
      id: 'd-long', status: 'in_progress', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
      metadata: { title: 'Long', source_type: '', publisher: '', date: '', party_a: '', party_b: '', url: '', language: '' },
      length: cps.length, text_sha256: createHash('sha256').update(text, 'utf8').digest('hex'), text,
    },
    annotations,
  };
  await openApp(page);
  await page.getByTestId('import-file').setInputFiles({ name: 'long.avow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByTestId('list-total')).toHaveText('3000 spans', { timeout: 30_000 });
  const list = page.locator('.list-viewport');
  /** Rows fully inside the list's visible box, and how many fit in it. */
  const visibleRows = () => list.evaluate((box) => {
    const view = box.getBoundingClientRect();
    const rows = [...box.querySelectorAll('[data-testid=annotation-item]')]
      .filter((row) => { const r = row.getBoundingClientRect(); return r.top >= view.top - 1 && r.bottom <= view.bottom + 1; });
    return { shown: rows.length, fit: Math.floor(view.height / 58), last: rows.at(-1)?.querySelector('[data-testid=item-quote]').textContent };
  });
  let rows = await visibleRows();
  expect(rows.fit).toBeGreaterThan(5);
  expect(rows.shown).toBeGreaterThanOrEqual(rows.fit - 1);
  // Scrolled to the very end, the window is still full and ends with the last span.
  await list.evaluate((box) => { box.scrollTop = box.scrollHeight; });
  await expect.poll(async () => (await visibleRows()).last).toBe(annotations.at(-1).quote);
  rows = await visibleRows();
  expect(rows.shown).toBeGreaterThanOrEqual(rows.fit - 1);
});

test('a paragraph longer than a block reads as one paragraph, and a span across its chunks is exact', async ({ page }) => {
  // One line of about 27,000 code points: drawn in chunks of at most 8,192 (MAX_BLOCK in
  // core/layout.rs), each sentence numbered so every phrase is unique.
  const sentences = Array.from({ length: 400 }, (_, i) => `Point ${i + 1}: the parties will deepen cooperation on maritime security.`);
  const line = sentences.join(' ');
  const text = `Joint statement\n${line}\nEnd of statement.\n`;
  await openApp(page);
  await pasteDocument(page, text);
  const view = page.getByTestId('doc-view');
  await expect(view.locator('.blk.chunk')).toHaveCount(4);
  // As tall as the same text in one piece: the chunks add no line breaks of their own.
  const heights = await view.evaluate((root, lines) => {
    const page = root.querySelector('[data-page="0"]');
    const probe = document.createElement('div');
    probe.className = 'page';
    for (const line of lines) {
      const block = document.createElement('div');
      block.className = 'blk';
      block.textContent = line;
      probe.append(block);
    }
    root.append(probe);
    const whole = probe.getBoundingClientRect().height;
    probe.remove();
    return { drawn: page.getBoundingClientRect().height, whole };
  }, ['Joint statement\n', `${line}\n`]);
  expect(heights.whole).toBeGreaterThan(1000);
  expect(heights.drawn).toBeCloseTo(heights.whole, 0);
  // A span dragged across where one chunk ends and the next begins has Python's offsets.
  const boundary = await view.locator('.blk.chunk').nth(1).evaluate((el) => el.textContent.slice(0, 40));
  const next = boundary.trim().split(/\s+/).slice(0, 3).join(' ');
  const before = await view.locator('.blk.chunk').nth(0).evaluate((el) => el.textContent.trim().split(/\s+/).slice(-3).join(' '));
  const phrase = `${before} ${next}`;
  await dragAcross(page, phrase);
  await page.keyboard.press('1');
  const [start, end] = pythonOffsets(text, phrase);
  await expect(page.getByTestId('span-offsets')).toHaveText(`${start}–${end}`);
  expect((await listRows(page))[0].quote).toBe(phrase);
});
