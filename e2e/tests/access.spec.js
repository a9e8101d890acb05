// Usable by everyone (issue 13), in the release build: the keyboard is never trapped, the side
// panel's tabs are a real tablist, edits are announced, labels differ by more than colour, and
// axe-core finds nothing in the main states.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { axe, openApp, pasteDocument, labelPhrase, SAMPLE } from './helpers.js';

const focusedTestId = (page) => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.dataset.testid ?? document.activeElement?.tagName);

test('axe-core finds no violations in the main states', async ({ page }) => {
  await openApp(page);
  expect(await axe(page), 'the loaded sample').toEqual([]);
  await labelPhrase(page, 'The two leaders', '6');
  expect(await axe(page), 'a selected span').toEqual([]);
  for (const tab of ['tab-workspace', 'tab-document', 'guidelines', 'tab-spans']) {
    await page.getByTestId(tab).click();
    expect(await axe(page), `the ${tab} tab`).toEqual([]);
  }
  // The import dialog: the sample's own file imported again.
  await page.locator('.export-menu summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  await page.getByTestId('import-file').setInputFiles({ name: 'mine.avow.json', mimeType: 'application/json', buffer: readFileSync(await download.path()) });
  await expect(page.getByTestId('import-dialog')).toBeVisible();
  expect(await axe(page), 'the import dialog').toEqual([]);
});

test('Tab leaves the text like any control, with spans and without; Esc keeps the focus there', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('doc-view')).toBeFocused();
  await labelPhrase(page, 'The two leaders', '6');
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('doc-view')).not.toBeFocused();
  // Still the same span selected: Tab moved the focus, not the selection.
  await expect(page.getByTestId('editor-quote')).toHaveText('The two leaders');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('doc-view')).toBeFocused();
  // Esc clears and the text keeps the keyboard; Tab still leaves it.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('doc-view')).toBeFocused();
  await expect(page.getByTestId('span-editor')).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('doc-view')).toBeFocused();
  // Esc in the note field goes back to the text, not to the page.
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByTestId('span-note').focus();
  await page.keyboard.type('a note');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('doc-view')).toBeFocused();
  // A document with no spans: Tab leaves the text too (it used to cycle in place).
  await pasteDocument(page, 'A text with no spans yet.\nSecond line.');
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('doc-view')).not.toBeFocused();
  expect(await focusedTestId(page)).not.toBe('doc-view');
});

test('the side panel is a tablist: arrow keys, Home, End; F6 moves between the regions', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('tab-spans').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-document')).toBeFocused();
  await expect(page.getByTestId('tab-document')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[role=tabpanel]')).toHaveAttribute('aria-labelledby', 'side-tab-document');
  await page.keyboard.press('End');
  await expect(page.getByTestId('adjudication-tab')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('tab-workspace')).toBeFocused();
  // One tab stop for the whole tablist.
  await expect(page.locator('[role=tab][tabindex="0"]')).toHaveCount(1);
  // F6: text -> side panel -> header -> text.
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('F6');
  await expect(page.getByTestId('tab-workspace')).toBeFocused();
  await page.keyboard.press('F6');
  expect(await page.evaluate(() => !!document.activeElement.closest('.app-header'))).toBe(true);
  await page.keyboard.press('F6');
  await expect(page.getByTestId('doc-view')).toBeFocused();
  await page.keyboard.press('Shift+F6');
  expect(await page.evaluate(() => !!document.activeElement.closest('.app-header'))).toBe(true);
});

test('every edit and move is announced in the polite live region', async ({ page }) => {
  await openApp(page);
  const live = page.getByTestId('live-region');
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await labelPhrase(page, 'The two leaders', '6');
  await expect(live).toHaveText('Labelled: PARTY, 1 of 1: “The two leaders”');
  await labelPhrase(page, 'Donald J. Trump', '6');
  await expect(live).toHaveText('Labelled: PARTY, 1 of 2: “Donald J. Trump”');
  await page.keyboard.press('2');
  await expect(live).toHaveText('Relabelled: STANCE, 1 of 2: “Donald J. Trump”');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(live).toHaveText('PARTY, 2 of 2: “The two leaders”');
  await page.keyboard.press('Delete');
  await expect(live).toHaveText('Deleted: PARTY, 2 of 2: “The two leaders”');
  await page.keyboard.press('Control+z');
  await expect(live).toHaveText('Undone: PARTY, 2 of 2: “The two leaders”');
});

test('labels differ by a code of their own and their chips are legible', async ({ page }) => {
  await openApp(page);
  await labelPhrase(page, 'intend to expand bilateral security cooperation in cyberspace', '1');
  await labelPhrase(page, 'in cyberspace', '7');
  const codes = await page.locator('.hl.first').evaluateAll((els) => els.map((e) => [e.dataset.label, e.dataset.code]));
  expect(codes).toEqual(expect.arrayContaining([['COMMITMENT', 'CM'], ['CONSTRAINT', 'CN']]));
  // The code is drawn before the span's text (generated content, never part of the text).
  const drawn = await page.locator('.hl.first[data-label=CONSTRAINT]').evaluate((e) => getComputedStyle(e, '::before').content);
  // Drawn "CN"; said "CONSTRAINT start" (the content's alternative text).
  expect(drawn).toBe('"CN" / "CONSTRAINT" " start"');
});

/** The boxes a person sees: each element's box, and whether it lies inside the window. */
async function onScreen(page, testids) {
  return page.evaluate((testids) => Object.fromEntries(testids.map((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const b = el?.getBoundingClientRect();
    const inside = !!b && b.width > 0 && b.height > 0 && b.top >= 0 && b.left >= 0
      && b.bottom <= innerHeight + 0.5 && b.right <= innerWidth + 0.5;
    return [id, { inside, height: b ? Math.round(b.height) : 0 }];
  })), testids);
}

for (const [name, viewport, scale] of [['800 x 600', { width: 800, height: 600 }, 1], ['200 % zoom', { width: 640, height: 430 }, 2]]) {
  test(`at ${name} the header, palette, text and side panel all stay usable`, async ({ browser }) => {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
    const page = await context.newPage();
    await openApp(page);
    await labelPhrase(page, 'The two leaders', '6');
    const boxes = await onScreen(page, ['doc-title', 'label-COMMITMENT', 'doc-view', 'tab-spans', 'tab-document', 'span-editor']);
    for (const id of ['doc-title', 'label-COMMITMENT', 'tab-spans', 'tab-document']) {
      expect(boxes[id].inside, `${id} on screen at ${name}`).toBe(true);
    }
    const panel = await page.locator('.side-panel').boundingBox();
    expect(panel.height, 'the side panel has a usable height').toBeGreaterThan(viewport.height * 0.4);
    expect(panel.y + panel.height).toBeLessThanOrEqual(viewport.height + 1);
    const text = await page.locator('.doc-scroll').boundingBox();
    expect(text.height, 'the text keeps room too').toBeGreaterThan(60);
    await page.screenshot({ path: `test-results/narrow-${scale}x.png` });
    // The sheet grows on request, and the metadata can be reached and filled.
    await page.getByTestId('sheet-toggle').click();
    await expect(page.getByTestId('sheet-toggle')).toHaveAttribute('aria-expanded', 'true');
    expect((await page.locator('.side-panel').boundingBox()).height).toBeGreaterThan(panel.height + 40);
    await page.getByTestId('tab-document').click();
    const field = page.locator('#meta-publisher');
    await field.scrollIntoViewIfNeeded();
    await field.fill('The White House');
    expect((await onScreen(page, ['meta-publisher']))['meta-publisher'].inside, 'a metadata field on screen').toBe(true);
    await expect(field).toHaveValue('The White House');
    expect(await axe(page), `axe at ${name}`).toEqual([]);
    await context.close();
  });
}

test('Ctrl+Z right after deleting a document brings it back, not an older edit elsewhere', async ({ page }) => {
  await openApp(page);
  await pasteDocument(page, 'Second: the ministers will meet.');
  await page.getByTestId('tab-workspace').click();
  const items = page.getByTestId('doc-item');
  // A rename of the second document: the edit Ctrl+Z used to undo after the delete.
  await items.nth(1).getByTestId('doc-rename').click();
  await page.getByTestId('doc-rename-input').fill('Ministers, May');
  await page.getByTestId('doc-rename-input').press('Enter');
  await items.nth(0).getByTestId('doc-item-open').click();
  // Deleting asks first, in the row, and the question takes the keyboard; Keep keeps it.
  await items.nth(0).getByTestId('doc-delete').click();
  await expect(page.getByTestId('doc-delete-ask')).toContainText("Delete “United States-Japan Joint Leaders' Statement” from this browser?");
  await expect(page.getByTestId('doc-delete-confirm')).toBeFocused();
  await page.getByTestId('doc-delete-cancel').click();
  await expect(page.getByTestId('doc-delete-ask')).toHaveCount(0);
  await expect(items).toHaveCount(2);
  await items.nth(0).getByTestId('doc-delete').click();
  await page.getByTestId('doc-delete-confirm').click();
  await expect(items).toHaveCount(1);
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /Undo deleting “United States-Japan Joint Leaders' Statement”/);
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('Control+z');
  await expect(items).toHaveCount(2);
  await expect(page.getByTestId('live-region')).toHaveText(/Undone: deleting “United States-Japan Joint Leaders' Statement”/);
  // The rename stands.
  await expect(page.getByTestId('doc-item-title')).toHaveText(["United States-Japan Joint Leaders' Statement", 'Ministers, May']);
});

test('a filtered list says how many of all it shows; every export is named with annotator and date', async ({ page }) => {
  await openApp(page);
  await labelPhrase(page, 'The two leaders', '6');
  await labelPhrase(page, 'intend to expand bilateral security cooperation in cyberspace', '1');
  await expect(page.getByTestId('list-total')).toHaveText('2 spans');
  await page.getByTestId('label-filter').selectOption('PARTY');
  await expect(page.getByTestId('list-total')).toHaveText('1 of 2 spans');
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  await page.getByTestId('tab-workspace').click();
  await page.getByTestId('annotator-name').fill('Ana Lima');
  await page.getByTestId('annotator-name').press('Enter');
  const today = new Date().toISOString().slice(0, 10);
  for (const [testid, ext] of [['export-w3c', 'w3c.jsonld'], ['export-doccano', 'doccano.jsonl'], ['export-brat', 'brat.zip'], ['export-labelstudio', 'labelstudio.json'], ['export-conll', 'conll'], ['export-json', 'avow.json']]) {
    await page.locator('.export-menu summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`_ana-lima_${today}\\.${ext.replace('.', '\\.')}$`));
  }
});

test('the span list is a listbox: its rows are options the arrow keys move through', async ({ page }) => {
  await openApp(page);
  await labelPhrase(page, 'The two leaders', '6');
  await labelPhrase(page, 'intend to expand bilateral security cooperation in cyberspace', '1');
  await page.keyboard.press('Escape');
  const list = page.getByTestId('annotation-list');
  await expect(list).toHaveAttribute('role', 'listbox');
  // The list shows a new span a frame after the text: a person sees both rows before moving.
  const rows = page.getByTestId('annotation-item');
  await expect(rows).toHaveCount(2);
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(list).toHaveAttribute('aria-activedescendant', await rows.nth(0).getAttribute('id'));
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
  await expect(list).toBeFocused();
  await expect(page.getByTestId('live-region')).toContainText('2 of 2');
  await page.keyboard.press('Home');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('span-label')).toBeFocused();
});

test('a selection is a state of its own: the panel says what a label would make of it', async ({ page }) => {
  await openApp(page);
  await labelPhrase(page, 'The two leaders', '6');
  await expect(page.getByTestId('span-editor')).toBeVisible();
  // A new selection replaces the previous span's editor with what it would become.
  await page.evaluate(() => {
    const run = [...document.querySelectorAll('[data-testid=doc-view] .run')].find((r) => r.textContent.includes('President'));
    const at = run.firstChild.data.indexOf('President');
    const range = document.createRange();
    range.setStart(run.firstChild, at + 2);
    range.setEnd(run.firstChild, at + 7);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  });
  const hint = page.getByTestId('selection-hint');
  await expect(hint).toHaveText('Selected “eside”: press 1–8 to label it; it snaps to whole words: “President”.');
  await expect(page.getByTestId('span-editor')).toBeHidden();
  // The text itself shows where the label would go: the whole word, drawn as a highlight.
  const snapPreview = () => page.evaluate(() => {
    const highlight = CSS.highlights.get('avow-snap');
    return highlight ? [...highlight].map((r) => r.toString()) : [];
  });
  await expect.poll(snapPreview).toEqual(['President']);
  await page.keyboard.press('6');
  await expect(hint).toBeHidden();
  await expect.poll(snapPreview).toEqual([]);
  await expect(page.getByTestId('editor-quote')).toHaveText('President');
  // The selected span is marked by more than a tint.
  const outline = await page.locator('.hl.sel').first().evaluate((e) => getComputedStyle(e).outlineStyle);
  expect(outline).toBe('solid');
});

test("a screen reader hears where each span starts and ends, and its label", async ({ page }) => {
  await openApp(page);
  await labelPhrase(page, 'The two leaders', '6');
  await page.keyboard.press('Escape');
  // Chromium's own accessibility tree, as screen readers get it.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const heard = nodes.filter((n) => n.role?.value === 'StaticText').map((n) => n.name?.value ?? '').join(' ');
  expect(heard).toMatch(/PARTY start\s*The two leaders\s*PARTY end/);
  // The text itself is unchanged: the words are generated content, not text.
  const text = await page.getByTestId('doc-view').evaluate((e) => e.textContent);
  expect(text).not.toContain('PARTY start');
});

test('a relabel or a delete by key says what it did, without moving the page', async ({ page }) => {
  await openApp(page);
  await labelPhrase(page, 'The two leaders', '6');
  const before = await page.locator('.doc-scroll').boundingBox();
  await page.keyboard.press('2');
  await expect(page.getByTestId('info-message')).toHaveText(/Relabelled “The two leaders” from PARTY to STANCE \(Ctrl\+Z undoes\)\./);
  // The message floats: the text and the panel stay where they were.
  expect(await page.locator('.doc-scroll').boundingBox()).toEqual(before);
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('info-message')).toHaveText(/Deleted the STANCE span “The two leaders” \(Ctrl\+Z undoes\)\./);
  expect(await page.locator('.doc-scroll').boundingBox()).toEqual(before);
});

test('at 400 % zoom the page is one column where every control can be reached', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 215 }, deviceScaleFactor: 4 });
  const page = await context.newPage();
  await openApp(page);
  // Nothing needs scrolling sideways (WCAG 1.4.10: content reflows at 320 CSS pixels).
  expect(await page.evaluate(() => document.scrollingElement.scrollWidth)).toBeLessThanOrEqual(320);
  // The text scrolls inside its own box, which fits the window.
  await page.locator('.doc-scroll').scrollIntoViewIfNeeded();
  const text = await page.locator('.doc-scroll').boundingBox();
  expect(text.y >= -1 && text.y + text.height <= 215 + 1, 'the text box fits the window').toBe(true);
  for (const id of ['doc-title', 'undo', 'label-COMMITMENT', 'tab-spans', 'tab-document', 'guidelines']) {
    const element = page.getByTestId(id);
    await element.scrollIntoViewIfNeeded();
    expect((await onScreen(page, [id]))[id].inside, `${id} can be brought on screen`).toBe(true);
  }
  // And used: label a phrase, then find it in the list below.
  await labelPhrase(page, 'The two leaders', '6');
  await page.getByTestId('tab-spans').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/narrow-4x.png' });
  expect(await axe(page), 'axe at 400 %').toEqual([]);
  await context.close();
});

test('with the span editor open the list fits the panel: nothing runs past its bottom', async ({ page }) => {
  await openApp(page);
  // An act: the editor shows all six attributes, its tallest.
  await labelPhrase(page, 'intend to expand bilateral security cooperation in cyberspace', '1');
  await expect(page.getByTestId('span-editor')).toBeVisible();
  const panel = await page.locator('.tab-body').boundingBox();
  const list = await page.locator('.list-viewport').boundingBox();
  expect(list.y + list.height, 'the list ends inside the panel').toBeLessThanOrEqual(panel.y + panel.height + 1);
  expect(list.height, 'and keeps a usable height').toBeGreaterThanOrEqual(140);
});

test('a long list keeps its rows drawn where it is scrolled, after a span is chosen and Esc', async ({ page }) => {
  await openApp(page);
  // 60 PARTY spans on the sample's words, imported as a doccano file onto the open text.
  const words = [...SAMPLE.matchAll(/[A-Za-z]{4,}/g)].slice(0, 60).map((m) => [m.index, m.index + m[0].length, 'PARTY']);
  const jsonl = JSON.stringify({ text: SAMPLE, label: words }) + '\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'many.jsonl', mimeType: 'application/json', buffer: Buffer.from(jsonl) });
  await expect(page.getByTestId('list-total')).toContainText('60');
  const list = page.getByTestId('annotation-list');
  /** How many rows can be seen inside the list's scroller. */
  const visibleRows = () => list.evaluate((ul) => {
    const scroller = ul.closest('.list-viewport') || ul.parentElement;
    const box = scroller.getBoundingClientRect();
    return [...ul.querySelectorAll('[data-testid=annotation-item]')].filter((li) => {
      const r = li.getBoundingClientRect();
      return r.bottom > box.top + 1 && r.top < box.bottom - 1 && r.height > 0;
    }).length;
  });
  await list.evaluate((ul) => { const s = ul.closest('.list-viewport') || ul.parentElement; s.scrollTop = s.scrollHeight; });
  await page.getByTestId('annotation-item').last().click();
  await expect(page.getByTestId('span-editor')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('span-editor')).toBeHidden();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await visibleRows()).toBeGreaterThan(3);
});
