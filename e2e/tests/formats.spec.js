// Trading files with other tools: export each format from the release build, import it back,
// and see the same spans; spans onto an edited text are re-anchored and reported.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { openApp, pasteDocument, dragAcross, listRows, exportAs } from './helpers.js';

const TEXT = '😀 日本と米国 — Joint Statement\r\n\r\nThe two leaders intend to expand\r\nsecurity cooperation in 宇宙 by FY 2027.\tThey reaffirmed the alliance.\r\n';

/** Opens TEXT as a file (CRLF kept) and annotates: nested spans, attributes, a note. */
async function annotated(page) {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles({
    name: 'joint.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT, 'utf8'),
  });
  await expect(page.getByTestId('doc-title')).toHaveText('😀 日本と米国 — Joint Statement');
  await dragAcross(page, 'intend to expand security cooperation in 宇宙 by FY 2027');
  await page.keyboard.press('1');
  await page.getByTestId('attr-committer').selectOption('joint');
  await page.getByTestId('span-note').fill('check "宇宙"');
  await dragAcross(page, 'by FY 2027');
  await page.keyboard.press('7');
  await page.getByTestId('attr-kind').selectOption('time');
  await dragAcross(page, 'The two leaders');
  await page.keyboard.press('6');
  await page.waitForTimeout(400);
  return listRows(page);
}

async function importFile(page, file) {
  await page.getByTestId('import-file').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.buffer });
}

/** Removes every span of the open document (select all in the list, Delete). */
async function clearSpans(page) {
  const items = page.getByTestId('annotation-item');
  for (let left = await items.count(); left > 0; left--) {
    await items.first().click();
    await page.keyboard.press('Delete');
    await expect(items).toHaveCount(left - 1);
  }
}

for (const [testid, holdsText, holdsDetails] of [
  ['export-w3c', false, true],
  ['export-labelstudio', true, true],
  ['export-doccano', true, true],
  ['export-brat', true, true],
  ['export-conll', false, false],
]) {
  test(`${testid}: export, import back, same spans`, async ({ page }) => {
    const before = await annotated(page);
    const file = await exportAs(page, testid);
    if (testid === 'export-conll') {
      await expect(page.getByTestId('info-message')).toContainText('2 tag columns');
    }
    if (holdsText) {
      // Its text is here already: asked about, then kept as a copy of its own, it opens as
      // a new document with the same text and spans.
      await importFile(page, file);
      await expect(page.getByTestId('import-dialog')).toContainText('whose text is the same as');
      await page.getByTestId('import-keep-both').click();
      await expect(page.getByTestId('info-message')).toContainText('Imported as a second copy.');
      await page.getByTestId('tab-workspace').click();
      await expect(page.getByTestId('doc-item')).toHaveCount(3);
      await page.getByTestId('tab-spans').click();
      const text = await page.getByTestId('doc-view').evaluate((el) => el.textContent);
      expect(text).toBe(TEXT);
    } else {
      // Spans only: they go back onto the open document, exactly where they were.
      await clearSpans(page);
      await expect(page.getByTestId('annotation-item')).toHaveCount(0);
      await importFile(page, file);
      await expect(page.getByTestId('info-message')).toContainText('3 spans added to “😀 日本と米国 — Joint Statement”: 3 exact, 0 moved, 0 orphaned');
    }
    const after = await listRows(page);
    if (holdsDetails) {
      expect(after).toEqual(before);
    } else {
      expect(after.map((r) => [r.label, r.quote])).toEqual(before.map((r) => [r.label, r.quote]));
    }
    // One undo removes all imported spans (when they went onto the open document).
    if (!holdsText) {
      await page.getByTestId('undo').click();
      await expect(page.getByTestId('annotation-item')).toHaveCount(0);
    }
  });
}

test('exported offsets are the ones Python str indexing gives', async ({ page }) => {
  await annotated(page);
  const w3c = JSON.parse((await exportAs(page, 'export-w3c')).buffer.toString('utf8'));
  const spans = w3c.first.items.map((a) => {
    const sel = Object.fromEntries(a.target.selector.map((s) => [s.type, s]));
    return [sel.TextPositionSelector.start, sel.TextPositionSelector.end, sel.TextQuoteSelector.exact];
  });
  const check = 'import json, sys\ntext, spans = json.load(sys.stdin)\nprint(all(text[s:e] == q for s, e, q in spans) and len(spans) == 3)';
  const out = execFileSync('python3', ['-c', check], { input: JSON.stringify([TEXT, spans]) }).toString().trim();
  expect(out).toBe('True');
});

test('spans onto an edited text: moved by quote and context, orphans to place or drop', async ({ page }) => {
  await annotated(page);
  const w3c = await exportAs(page, 'export-w3c');
  // The same statement re-extracted: LF line endings, a line added on top, one passage gone.
  const edited = 'Released by the Prime Minister’s Office.\n' + TEXT.replace(/\r\n/g, '\n').replace('The two leaders ', 'They ');
  await pasteDocument(page, edited);
  await importFile(page, w3c);
  await expect(page.getByTestId('info-message')).toContainText('2 spans added to “Released by the Prime Minister’s Office.”: 0 exact, 2 moved, 1 orphaned');
  const rows = await listRows(page);
  expect(rows.map((r) => [r.label, r.quote])).toEqual([
    ['COMMITMENT', 'intend to expand security cooperation in 宇宙 by FY 2027'],
    ['CONSTRAINT', 'by FY 2027'],
  ]);
  await expect(page.getByTestId('orphan')).toHaveCount(1);
  await expect(page.getByTestId('orphan')).toContainText('The two leaders');
  // Place it on "They" by hand.
  await dragAcross(page, 'They', 0);
  await page.getByTestId('orphan-place').click();
  await expect(page.getByTestId('orphan')).toHaveCount(0);
  expect((await listRows(page)).map((r) => r.label)).toContain('PARTY');
  // A second import, dropped instead.
  await importFile(page, w3c);
  await expect(page.getByTestId('orphan')).toHaveCount(1);
  await page.getByTestId('orphan-drop').click();
  await expect(page.getByTestId('orphan')).toHaveCount(0);
});

test('a brat .ann with its .txt opens as a document; foreign files with errors change nothing', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('import-file').setInputFiles([
    { name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('Japan\r\nwill pay 😀 soon.', 'utf8') },
    { name: 'report.ann', mimeType: 'text/plain', buffer: Buffer.from('T1\tPARTY 0 5\tJapan\nT2\tCOMMITMENT 7 15\twill pay\nA1\tstrength T2 firm\n', 'utf8') },
  ]);
  await expect(page.getByTestId('doc-title')).toHaveText('report');
  expect((await listRows(page)).map((r) => [r.label, r.quote, r.details])).toEqual([
    ['PARTY', 'Japan', ''], ['COMMITMENT', 'will pay', 'firm'],
  ]);
  // Offsets counted in bytes (as some tools do) are caught.
  await page.getByTestId('import-file').setInputFiles([
    { name: 'bytes.txt', mimeType: 'text/plain', buffer: Buffer.from('😀 Japan will pay.', 'utf8') },
    { name: 'bytes.ann', mimeType: 'text/plain', buffer: Buffer.from('T1\tPARTY 5 10\tJapan\n', 'utf8') },
  ]);
  await expect(page.getByTestId('error-message')).toContainText('bytes.ann: line 1: the text at 5 10 is');
  await expect(page.getByTestId('doc-title')).toHaveText('report');
  await page.getByTestId('import-file').setInputFiles({
    name: 'tasks.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify([{ data: { text: 'abc' }, annotations: [{ result: [{ id: 'x', from_name: 'label', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: 'ab', labels: ['PERSON'] } }] }] }])),
  });
  await expect(page.getByTestId('error-message')).toContainText('tasks.json: [0].annotations[0].result[0].value.labels: "PERSON" is not one of');
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
});
