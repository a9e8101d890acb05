// Annotating as a user does: with the mouse, with the keyboard only, nested spans, undo / redo,
// offsets on text with emoji and CJK, opening files, the guidelines, search, and safety.
import { test, expect } from '@playwright/test';
import {
  openApp, pasteDocument, dragAcross, clickPhrase, pythonOffsets, listRows, SAMPLE, labelPhrase,
} from './helpers.js';

const CYBER = 'intend to expand bilateral security cooperation in cyberspace';

test('mouse: drag across a commitment, press 1, set committer and strength', async ({ page }) => {
  await openApp(page);
  await pasteDocument(page, SAMPLE);
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');

  const rows = await listRows(page);
  expect(rows).toHaveLength(1);
  expect(rows[0].label).toBe('COMMITMENT');
  expect(rows[0].quote).toBe(CYBER);
  await expect(page.getByTestId('count-COMMITMENT')).toHaveText('1');

  // The highlight covers exactly the phrase, across the line break, and nothing else.
  const highlighted = await page.locator('.hl[data-label=COMMITMENT]').evaluateAll(
    (els) => els.map((e) => e.textContent).join(''));
  expect(highlighted).toBe('intend to expand bilateral security\ncooperation in cyberspace');
  const [start, end] = pythonOffsets(SAMPLE, CYBER);
  await expect(page.getByTestId('span-offsets')).toHaveText(`${start}–${end}`);

  await page.getByTestId('attr-committer').selectOption('joint');
  await page.getByTestId('attr-strength').selectOption('intent');
  await expect(page.getByTestId('annotation-item').first().getByTestId('item-details'))
    .toHaveText('joint · intent');
  await expect(page.locator('.hl[data-label=COMMITMENT]').first())
    .toHaveAttribute('title', /committer: joint\nstrength: intent/);
});

test('keyboard only: search, extend by words, label, set attributes, move between spans, delete', async ({ page }) => {
  await openApp(page);
  // The text has the focus from the start; "/" jumps to search.
  await page.keyboard.press('/');
  await page.keyboard.type('intend to expand');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  let rows = await listRows(page);
  expect(rows.map((r) => [r.label, r.quote])).toEqual([['COMMITMENT', CYBER]]);

  // Enter opens the span's editor; Tab moves through its fields; typing picks a value.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('span-label')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('attr-committer')).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('Tab');
  await page.keyboard.press('i');
  await expect(page.getByTestId('annotation-item').first().getByTestId('item-details'))
    .toHaveText('joint · intent');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('doc-view')).toBeFocused();

  // A second span from the top of the text by arrow keys: "President" extended by a word
  // (across the line break) to "President\nDonald", labelled PARTY (6).
  await page.keyboard.press('Escape');
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('6');
  rows = await listRows(page);
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatchObject({ label: 'PARTY', quote: 'President Donald' });

  // Alt+Down / Alt+Up (or J / K) move between spans in text order (wrapping); Delete removes one.
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByTestId('editor-quote')).toContainText('intend to expand');
  await page.keyboard.press('j');
  await expect(page.getByTestId('editor-quote')).toHaveText('President\nDonald');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByTestId('editor-quote')).toContainText('intend to expand');
  await expect(page.getByTestId('doc-view')).toBeFocused();
  await page.keyboard.press('Delete');
  rows = await listRows(page);
  expect(rows.map((r) => r.label)).toEqual(['PARTY']);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);
});

test('nested spans are all drawn and each is reachable by clicking', async ({ page }) => {
  await openApp(page);
  const endorsement = 'welcomed Japan’s commitment, underpinned by a favorable trend of its defense budget increase, to building capabilities by FY 2027 to consolidate its primary responsibility for defending Japan';
  await dragAcross(page, endorsement);
  await page.keyboard.press('3');
  await dragAcross(page, 'to building capabilities by FY 2027');
  await page.keyboard.press('1');
  await dragAcross(page, 'by FY 2027');
  await page.keyboard.press('7');

  const rows = await listRows(page);
  expect(rows.map((r) => r.label)).toEqual(['ENDORSEMENT', 'COMMITMENT', 'CONSTRAINT']);
  // Drawn nested: the constraint inside the commitment inside the endorsement.
  await expect(page.locator(
    '.hl[data-label=ENDORSEMENT] .hl[data-label=COMMITMENT] .hl[data-label=CONSTRAINT]',
  )).toHaveText('by FY 2027');
  // Each lies on its own lane, so every underline shows.
  const lanes = await page.locator('.hl').evaluateAll((els) => [...new Set(
    els.filter((e) => e.textContent.includes('FY')).map((e) => e.className.match(/lane-\d/)[0]))]);
  expect(lanes.sort()).toEqual(['lane-0', 'lane-1', 'lane-2']);

  // Clicking the innermost text selects the innermost span; clicking again goes outwards.
  await page.keyboard.press('Escape');
  for (const label of ['CONSTRAINT', 'COMMITMENT', 'ENDORSEMENT', 'CONSTRAINT']) {
    await clickPhrase(page, 'FY 2027');
    await expect(page.getByTestId('span-label')).toHaveValue(label);
  }
  // And the selected span is marked in the list.
  await expect(page.locator('[data-testid=annotation-item].selected')).toHaveAttribute('data-label', 'CONSTRAINT');
});

test('overlapping spans that cross each other both show', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, 'The two leaders expressed their shared desire');
  await page.keyboard.press('2');
  await dragAcross(page, 'their shared desire for bilateral security');
  await page.keyboard.press('8');
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);
  const shared = page.locator('.hl[data-label=STANCE] .hl[data-label=ATTRIBUTION], .hl[data-label=ATTRIBUTION] .hl[data-label=STANCE]');
  await expect(shared).toHaveText('their shared desire');
});

test('undo and redo every kind of change', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');
  await page.getByTestId('attr-domain').selectOption('cyber');
  await page.getByTestId('span-note').fill('check the Japanese text');
  await page.getByTestId('span-label').selectOption('STANCE');
  await page.getByTestId('tab-document').click();
  await page.getByTestId('meta-party_a').fill('United States');
  await page.getByTestId('tab-spans').click();

  const details = () => page.getByTestId('annotation-item').first().getByTestId('item-details');
  const undo = page.getByTestId('undo');
  const redo = page.getByTestId('redo');
  await expect(redo).toBeDisabled();

  await undo.click(); // metadata
  await page.getByTestId('tab-document').click();
  await expect(page.getByTestId('meta-party_a')).toHaveValue('USA');
  await page.getByTestId('tab-spans').click();
  await undo.click(); // relabel
  await expect(page.getByTestId('item-label')).toHaveText('COMMITMENT');
  await undo.click(); // note (one step for the whole text)
  await expect(page.getByTestId('span-note')).toHaveValue('');
  await undo.click(); // attribute
  await expect(details()).toHaveText('');
  await undo.click(); // create
  await expect(page.getByTestId('annotation-item')).toHaveCount(0);
  await expect(page.locator('.hl')).toHaveCount(0);
  await expect(undo).toBeDisabled();

  await redo.click();
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  await redo.click();
  await expect(details()).toHaveText('cyber');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('item-label')).toHaveText('STANCE');
  await expect(page.getByTestId('span-note')).toHaveValue('check the Japanese text');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('item-label')).toHaveText('COMMITMENT');
});

test('offsets are code points after emoji, CJK, combining marks and tabs', async ({ page }) => {
  await openApp(page);
  const text = '😀👩‍👩‍👧 日本と米国 — café\t(e\u0301)\nThe two leaders will deepen cooperation 🚀 in space.\n';
  await pasteDocument(page, text);
  await dragAcross(page, 'will deepen cooperation');
  await page.keyboard.press('1');
  const [start, end] = pythonOffsets(text, 'will deepen cooperation');
  await expect(page.getByTestId('span-offsets')).toHaveText(`${start}–${end}`);
  await expect(page.getByTestId('item-quote')).toHaveText('will deepen cooperation');

  // Character-exact mode: part of a word after an astral character.
  await page.getByTestId('snap-toggle').uncheck();
  await page.keyboard.press('Escape');
  await dragAcross(page, 'pace');
  await page.keyboard.press('7');
  const [s2, e2] = pythonOffsets(text, 'pace');
  await expect(page.getByTestId('span-offsets')).toHaveText(`${s2}–${e2}`);
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);
});

test('Ctrl+A in the text selects all of it: a key labels the whole document', async ({ page }) => {
  await openApp(page);
  await pasteDocument(page, '  The parties will meet again.\n');
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('5');
  // Snapped to the words: the spaces before and the line break after are left out.
  await expect(page.getByTestId('span-offsets')).toHaveText('2–30');
  expect((await listRows(page))[0].quote).toBe('The parties will meet again.');
});

test('a whitespace-only selection does nothing', async ({ page }) => {
  await openApp(page);
  await pasteDocument(page, 'alpha      beta');
  await dragAcross(page, '    ');
  await page.keyboard.press('1');
  await expect(page.getByTestId('annotation-item')).toHaveCount(0);
});

test('open a file: CRLF and tabs kept, non-UTF-8 and binary files refused', async ({ page }) => {
  await openApp(page);
  const text = 'Joint Statement\r\n\r\nThe leaders\tshall convene annually.\r\n';
  await page.getByTestId('file-input').setInputFiles({
    name: 'statement.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8'),
  });
  // The title is the text's first line, cleaned (not the file's name).
  await expect(page.getByTestId('doc-title')).toHaveText('Joint Statement');
  await dragAcross(page, 'shall convene annually');
  await page.keyboard.press('1');
  const [start, end] = pythonOffsets(text, 'shall convene annually');
  await expect(page.getByTestId('span-offsets')).toHaveText(`${start}–${end}`);
  const rendered = await page.getByTestId('doc-view').evaluate((el) => el.textContent);
  expect(rendered).toBe(text);

  await page.getByTestId('file-input').setInputFiles({
    name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
  });
  await expect(page.getByTestId('error-message')).toContainText('latin1.txt is not UTF-8 text');
  await expect(page.getByTestId('doc-title')).toHaveText('Joint Statement');
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);

  await page.getByTestId('file-input').setInputFiles({
    name: 'report.md', mimeType: 'text/markdown', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
  });
  await expect(page.getByTestId('error-message')).toContainText('report.md');
  await expect(page.getByTestId('doc-title')).toHaveText('Joint Statement');
});

test('drop a file anywhere on the page to open it', async ({ page }) => {
  await openApp(page);
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Dropped text: the parties will meet.'], 'dropped.txt', { type: 'text/plain' }));
    return dt;
  });
  await page.dispatchEvent('.palette', 'drop', { dataTransfer });
  await expect(page.getByTestId('doc-title')).toHaveText('Dropped text: the parties will meet.');
  await expect(page.getByTestId('doc-view')).toHaveText('Dropped text: the parties will meet.');
});

test('guidelines come from the schema the app uses', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('guidelines').click();
  const panel = page.getByTestId('guidelines-panel');
  await expect(panel.locator('.guide-label')).toHaveCount(8);
  await expect(page.getByTestId('guide-COMMITMENT')).toContainText(CYBER);
  await expect(page.getByTestId('guide-CONSTRAINT')).toContainText('by FY 2027');
  await expect(panel).toContainText('"agreed that there is a need" is a STANCE');
  await expect(panel).toContainText('committer');
});

test('search highlights matches and steps through them', async ({ page }) => {
  await openApp(page);
  const expected = (SAMPLE.match(/senkaku/gi) || []).length;
  await page.getByTestId('search-input').fill('senkaku');
  await expect(page.getByTestId('search-status')).toHaveText(`${expected} matches`);
  await expect(page.locator('.run.match')).toHaveCount(expected);
  await page.getByTestId('search-next').click();
  await expect(page.getByTestId('search-status')).toHaveText(`1 / ${expected}`);
  await page.getByTestId('search-next').click();
  await expect(page.getByTestId('search-status')).toHaveText(`2 / ${expected}`);
  await expect(page.locator('.run.current')).toHaveText(/Senkaku/);
  await page.getByTestId('search-prev').click();
  await expect(page.getByTestId('search-status')).toHaveText(`1 / ${expected}`);
});

test('filter the list by label; party names show where committer is shown', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, 'The two leaders', 0);
  await page.keyboard.press('6');
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');
  await page.getByTestId('attr-committer').selectOption('party_b');
  await expect(page.getByTestId('attr-committer').locator('option:checked')).toHaveText('party B: JPN');
  await expect(page.getByTestId('annotation-item').nth(1).getByTestId('item-details')).toHaveText('party B: JPN');
  await page.getByTestId('tab-document').click();
  await page.getByTestId('meta-party_b').fill('Japan');
  await page.getByTestId('tab-spans').click();
  await expect(page.getByTestId('annotation-item').nth(1).getByTestId('item-details')).toHaveText('party B: Japan');
  await page.getByTestId('label-filter').selectOption('PARTY');
  expect((await listRows(page)).map((r) => r.label)).toEqual(['PARTY']);
});

test('text and notes render as text, never as HTML', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await openApp(page);
  const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script> <b>the parties will act</b>';
  await pasteDocument(page, hostile);
  await expect(page.getByTestId('doc-view')).toHaveText(hostile);
  await expect(page.getByTestId('doc-view').locator('img, script, b')).toHaveCount(0);
  await dragAcross(page, 'the parties will act');
  await page.keyboard.press('1');
  await page.getByTestId('span-note').fill('<img src=y onerror="alert(3)">');
  await expect(page.locator('.side-panel img')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('the Spans tab clicked again, or opened after another tab, lists each span once', async ({ page }) => {
  await openApp(page);
  await labelPhrase(page, 'The two leaders', '6');
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  // The tab already shown, clicked: nothing is drawn twice.
  await page.getByTestId('tab-spans').click();
  await page.getByTestId('tab-spans').click();
  await page.waitForTimeout(300);
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  await page.getByTestId('tab-workspace').click();
  await page.getByTestId('tab-spans').click();
  await labelPhrase(page, 'Prime Minister Ishiba Shigeru', '6');
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);
});
