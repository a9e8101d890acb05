// Never losing work: autosave and reload, Avow files out and in, refusals that change nothing,
// a full storage, two tabs, damaged and old stored entries, the document list.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  openApp, pasteDocument, dragAcross, listRows, storedEntry, storedRecords, putRecords, clearStorage,
  openWithLocalStorage, settle, holdSaves, SAMPLE,
} from './helpers.js';

const CYBER = 'intend to expand bilateral security cooperation in cyberspace';

/** Annotates the sample a little: two spans with attributes and a note, metadata, a name. */
async function annotateSample(page) {
  await page.getByTestId('tab-workspace').click();
  await page.getByTestId('annotator-name').fill('Ana Lima');
  await page.getByTestId('annotator-name').press('Enter');
  await page.getByTestId('tab-spans').click();
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');
  await page.getByTestId('attr-committer').selectOption('joint');
  await page.getByTestId('attr-strength').selectOption('intent');
  await page.getByTestId('span-note').fill('cf. 2024 statement');
  await dragAcross(page, 'The two leaders', 0);
  await page.keyboard.press('6');
  await page.getByTestId('tab-document').click();
  await page.getByTestId('meta-publisher').fill('The White House (Office of the Press Secretary)');
  await page.getByTestId('tab-spans').click();
}

/** What the user sees of the annotations: list rows and the first span's note. */
async function snapshot(page) {
  return { rows: await listRows(page), title: await page.getByTestId('doc-title').textContent() };
}

async function download(page, testid) {
  await page.locator('.export-menu summary').click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

async function importFiles(page, files) {
  await page.getByTestId('import-file').setInputFiles(files.map(({ name, text }) => ({
    name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8'),
  })));
}

test('annotate, reload, and everything is back', async ({ page }) => {
  await openApp(page);
  await annotateSample(page);
  const before = await snapshot(page);
  expect(before.rows).toHaveLength(2);
  await settle(page);
  await page.reload();
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);
  expect(await snapshot(page)).toEqual(before);
  await page.getByTestId('annotation-item').nth(1).click();
  await expect(page.getByTestId('span-note')).toHaveValue('cf. 2024 statement');
  await expect(page.getByTestId('attr-strength')).toHaveValue('intent');
  await page.getByTestId('tab-document').click();
  await expect(page.getByTestId('meta-publisher')).toHaveValue('The White House (Office of the Press Secretary)');
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('annotator-name')).toHaveValue('Ana Lima');
});

test('changes are written even when the page is hidden at once', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');
  // No wait for the autosave: hiding the page (as closing a tab does) flushes it.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(() => storedEntry(page, 'sample')).toContain('"label":"COMMITMENT"');
});

test('a long document is saved in parts: an edit writes a few kilobytes, and reload brings all back', async ({ page }) => {
  await openApp(page);
  const text = `${SAMPLE}\n\n`.repeat(6);
  await pasteDocument(page, text);
  await dragAcross(page, 'The two leaders', 0);
  await page.keyboard.press('6');
  await expect.poll(async () => Object.keys(await storedRecords(page, 'avow:v1:part:')).length).toBeGreaterThan(0);
  await page.waitForTimeout(1500);
  // Watch what the next save writes.
  await page.evaluate(() => {
    window.__writes = [];
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      window.__writes.push([key, String(value).length]);
      return put.call(this, value, key);
    };
  });
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');
  await expect.poll(() => page.evaluate(() => window.__writes.length)).toBeGreaterThan(0);
  await page.waitForTimeout(1500);
  const writes = await page.evaluate(() => window.__writes);
  const largest = Math.max(...writes.map(([, length]) => length));
  expect(largest).toBeLessThan(text.length / 4);
  const title = await page.getByTestId('doc-title').textContent();
  const rows = await listRows(page);
  await page.reload();
  await expect(page.getByTestId('doc-title')).toHaveText(title);
  expect(await listRows(page)).toEqual(rows);
  expect(await page.getByTestId('doc-view').evaluate((el) => el.textContent.length)).toBe(text.length);
});

test('download a file, clear storage, import it: identical', async ({ page }) => {
  await openApp(page);
  await annotateSample(page);
  await settle(page);
  const exported = await download(page, 'export-json');
  expect(exported.name).toMatch(/^united-states-japan-joint-leaders-statement_ana-lima_\d{4}-\d{2}-\d{2}\.avow\.json$/);
  const file = JSON.parse(exported.text);
  expect(file.format).toBe('avow');
  expect(file.annotator).toBe('Ana Lima');
  expect(file.annotations.map((a) => a.label)).toEqual(['PARTY', 'COMMITMENT']);
  const before = await snapshot(page);

  await clearStorage(page);
  await expect(page.getByTestId('annotation-item')).toHaveCount(0);
  await importFiles(page, [exported]);
  // The same text is in the workspace, untouched (the built-in sample): the file fills it,
  // without a question.
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);
  expect(await snapshot(page)).toEqual(before);
  const again = await download(page, 'export-json');
  expect(again.text).toBe(exported.text);
});

test('the whole workspace downloads as one file and imports back', async ({ page }) => {
  await openApp(page);
  await annotateSample(page);
  await pasteDocument(page, 'Second document: the ministers will meet in May.');
  await dragAcross(page, 'will meet in May');
  await page.keyboard.press('1');
  await settle(page);
  const ws = await download(page, 'export-workspace');
  expect(ws.name).toMatch(/^avow-workspace_ana-lima_\d{4}-\d{2}-\d{2}\.json$/);
  expect(JSON.parse(ws.text).documents).toHaveLength(2);

  await clearStorage(page);
  await importFiles(page, [ws]);
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await expect(page.getByTestId('doc-item-title')).toHaveText([
    "United States-Japan Joint Leaders' Statement", 'Second document: the ministers will meet in May.',
  ]);
  await expect(page.getByTestId('doc-item-spans')).toHaveText(['2 spans', '1 span']);
});

test('bad files are refused with the file, the place and the reason; nothing changes', async ({ page }) => {
  await openApp(page);
  await annotateSample(page);
  const good = JSON.parse((await download(page, 'export-json')).text);
  const before = await snapshot(page);
  const variants = [
    ['notjson.json', '{ "format": "avow", ', 'notjson.json is not JSON'],
    ['other.json', JSON.stringify({ hello: 'world' }), 'other.json is JSON, but not Avow, W3C Web Annotation, Label Studio or doccano'],
    ['v3.json', JSON.stringify({ ...good, version: 3 }), 'v3.json: version: this file is version 3'],
    ['range.json', JSON.stringify({ ...good, annotations: [{ ...good.annotations[0], end: 99999 }] }),
      'range.json: annotations[0].end: 99999 is past the end of the text (8385 code points)'],
    ['half.json', JSON.stringify({ ...good, annotations: [{ ...good.annotations[0], start: 0.5 }] }),
      'half.json: annotations[0].start: expected a whole number of code points, found 0.5'],
    ['quote.json', JSON.stringify({ ...good, annotations: [{ ...good.annotations[0], quote: 'The three leaders' }] }),
      'quote.json: annotations[0].quote: does not match the text'],
    ['label.json', JSON.stringify({ ...good, annotations: [{ ...good.annotations[0], label: 'PLEDGE' }] }),
      'label.json: annotations[0].label: "PLEDGE" is not one of'],
    ['attr.json', JSON.stringify({ ...good, annotations: [good.annotations[0], { ...good.annotations[1], attributes: { strength: 'certain' } }] }),
      'attr.json: annotations[1].attributes.strength: "certain" is not one of firm, intent, exploratory'],
    ['dupes.json', JSON.stringify({ ...good, annotations: [good.annotations[0], { ...good.annotations[1], id: good.annotations[0].id }] }),
      'dupes.json: annotations[1].id: "s2" is used twice'],
    ['edited.json', JSON.stringify({ ...good, document: { ...good.document, text: good.document.text.replace('golden', 'gilded') } }),
      'edited.json: document.text_sha256: does not match the text'],
  ];
  for (const [name, text, message] of variants) {
    await importFiles(page, [{ name, text }]);
    await expect(page.getByTestId('error-message')).toContainText(message);
    await expect(page.getByTestId('import-dialog')).toHaveCount(0);
    expect(await snapshot(page)).toEqual(before);
    await page.getByTestId('tab-workspace').click();
    await expect(page.getByTestId('doc-item')).toHaveCount(1);
    await page.getByTestId('tab-spans').click();
  }
});

test('a document already in the workspace: keep both, or cancel', async ({ page }) => {
  await openApp(page);
  await annotateSample(page);
  const exported = await download(page, 'export-json');
  await importFiles(page, [exported]);
  await expect(page.getByTestId('import-dialog')).toContainText('already in your workspace');
  await page.getByTestId('import-skip').click();
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(1);
  await importFiles(page, [exported]);
  await page.getByTestId('import-keep-both').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await expect(page.getByTestId('doc-item-spans')).toHaveText(['2 spans', '2 spans']);
});

test('storage full: warned, work kept in memory, download offered, saved once there is room', async ({ page }) => {
  // The browser allows this site 3 MB (the app's own cached files take about 1.3 MB). Chromium
  // reads the quota when the site first uses storage, so it is set before the first load.
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(test.info().project.use.baseURL).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 3_000_000 });
  await openApp(page);
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');
  await settle(page);
  // A 2 MB report does not fit.
  const report = `${SAMPLE}\n\n`.repeat(Math.ceil(2_000_000 / SAMPLE.length));
  await page.getByTestId('file-input').setInputFiles({
    name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from(report, 'utf8'),
  });
  await expect(page.getByTestId('storage-warning')).toBeVisible();
  await dragAcross(page, 'The two leaders', 0);
  await page.keyboard.press('6');
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('storage-download').click()]);
  const saved = JSON.parse(readFileSync(await file.path(), 'utf8'));
  expect(saved.documents).toHaveLength(2);
  expect(saved.documents[0].annotations).toHaveLength(1);
  expect(saved.documents[1].annotations).toHaveLength(1);
  expect(saved.documents[1].document.text.length).toBe(report.length);

  // Room again: the next change saves everything, and the warning goes.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.getByTestId('annotation-item').click();
  await page.getByTestId('span-note').fill('saved at last');
  await expect(page.getByTestId('storage-warning')).toHaveCount(0);
  await expect(page.getByTestId('info-message')).toContainText('Storage has room again');
  await settle(page);
  await page.reload();
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
});

test('two tabs: a change in one shows in the other; changes in both ask, never overwrite', async ({ page, context }) => {
  // The test decides when each tab saves: the clock is held (no autosave runs by itself), and
  // a tab saves at once when it is hidden, as when the user switches to the other tab.
  const hide = await holdSaves(context);
  await openApp(page);
  const other = await context.newPage();
  await openApp(other);
  await context.clock.pauseAt(new Date('2026-03-01T10:00:00Z'));
  const stored = () => storedEntry(page, 'sample');
  // The clock is paused: the side panel, which follows the text a frame later, needs a tick
  // (shorter than the autosave's wait).
  const frames = () => context.clock.runFor(50);

  // A change saved in the first tab appears in the second.
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');
  await hide(page);
  await expect(other.getByTestId('annotation-item')).toHaveCount(1);
  await dragAcross(page, 'The two leaders', 0);
  await page.keyboard.press('6');
  await context.clock.runFor(1000);
  await expect(other.getByTestId('annotation-item')).toHaveCount(2);

  // Both change the document before either has saved; the second saves first.
  await other.getByTestId('annotation-item').first().click();
  await other.keyboard.press('Delete');
  await frames();
  await expect(other.getByTestId('annotation-item')).toHaveCount(1);
  await page.getByTestId('annotation-item').nth(1).click();
  await frames();
  await page.getByTestId('span-note').fill('from the first tab');
  await hide(other);
  // The first tab, holding unsaved changes, is asked; its autosave does not overwrite.
  await expect(page.getByTestId('conflict-message')).toBeVisible();
  await context.clock.runFor(1000);
  await page.waitForTimeout(300);
  expect(await stored()).not.toContain('from the first tab');
  await expect(other.getByTestId('conflict-message')).toHaveCount(0);
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);

  // The first tab keeps its own version, by choice: it is saved and shows in the second.
  await page.getByTestId('conflict-keep').click();
  await expect(page.getByTestId('conflict-message')).toHaveCount(0);
  await expect.poll(stored).toContain('from the first tab');
  await expect(other.getByTestId('annotation-item')).toHaveCount(2);
  expect(await listRows(other)).toEqual(await listRows(page));

  // Or it takes the other tab's version: again both show the same.
  await other.getByTestId('annotation-item').first().click();
  await other.keyboard.press('Delete');
  await page.getByTestId('annotation-item').first().click();
  await frames();
  await page.getByTestId('span-note').fill('second thoughts');
  await hide(other);
  await expect(page.getByTestId('conflict-message')).toBeVisible();
  await page.getByTestId('conflict-load').click();
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  expect(await listRows(page)).toEqual(await listRows(other));
});

test('a damaged stored entry: the app opens, says so, keeps it untouched and offers it', async ({ page }) => {
  await openApp(page);
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');
  await settle(page);
  const broken = '{"storage":"avow","version":1,"revision":3,"file":{"format":"avow","version":1, TRUNCATED';
  const index = JSON.parse((await storedRecords(page, 'avow:v1:index'))['avow:v1:index']);
  index.order.push('d-broken');
  await putRecords(page, { 'avow:v1:index': JSON.stringify(index), 'avow:v1:doc:d-broken': broken });
  await page.reload();
  await expect(page.getByTestId('error-message')).toContainText('A saved entry could not be read');
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('damaged-item')).toContainText('avow:v1:doc:d-broken');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('damaged-download').click()]);
  expect(readFileSync(await file.path(), 'utf8')).toBe(broken);
  // Working on goes on, and never overwrites the damaged entry.
  await page.getByTestId('tab-spans').click();
  await dragAcross(page, 'The two leaders', 0);
  await page.keyboard.press('6');
  await settle(page);
  expect((await storedRecords(page, 'avow:v1:doc:d-broken'))['avow:v1:doc:d-broken']).toBe(broken);
});

test('storage written by an older Avow is migrated', async ({ page }) => {
  const v0 = JSON.stringify({
    annotator: 'Old Hand',
    documents: [{ id: 'old-1', title: 'From the old days', text: 'The parties will cooperate closely.',
      spans: [{ start: 12, end: 26, label: 'COMMITMENT', attrs: { strength: 'firm' }, note: 'kept' }] }],
  });
  await openWithLocalStorage(page, { 'avow.workspace': v0 });
  await expect(page.getByTestId('error-message')).toContainText('Moved 1 document(s) saved by an older Avow');
  await expect(page.getByTestId('doc-title')).toHaveText('From the old days');
  expect((await listRows(page)).map((r) => [r.label, r.quote, r.details])).toEqual([['COMMITMENT', 'will cooperate', 'firm']]);
  const keys = Object.keys(await storedRecords(page)).sort();
  expect(keys).toEqual(['avow:v1:doc:old-1', 'avow:v1:index', 'avow:v1:rev:old-1', 'avow:v2:migrated']);
  // The old entry is left where it was.
  expect(await page.evaluate(() => localStorage.getItem('avow.workspace'))).toBe(v0);
});

test('document list: open, rename, mark done, delete with undo', async ({ page }) => {
  await openApp(page);
  await pasteDocument(page, 'Second: the ministers will meet.');
  await page.getByTestId('tab-workspace').click();
  const items = page.getByTestId('doc-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(1)).toHaveClass(/current/);

  await items.nth(1).getByTestId('doc-rename').click();
  await page.getByTestId('doc-rename-input').fill('Ministers, May');
  await page.getByTestId('doc-rename-input').press('Enter');
  await expect(page.getByTestId('doc-title')).toHaveText('Ministers, May');
  await items.nth(1).getByTestId('doc-status').check();
  await expect(items.nth(1)).toHaveClass(/done/);

  await items.nth(0).getByTestId('doc-item-open').click();
  await expect(page.getByTestId('doc-title')).toHaveText("United States-Japan Joint Leaders' Statement");
  await items.nth(1).getByTestId('doc-delete').click();
  await page.getByTestId('doc-delete-confirm').click();
  await expect(items).toHaveCount(1);
  await page.getByTestId('undo-delete').click();
  await expect(items).toHaveCount(2);
  await expect(page.getByTestId('doc-item-title').nth(1)).toHaveText('Ministers, May');

  await settle(page);
  await page.reload();
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item-title')).toHaveText(["United States-Japan Joint Leaders' Statement", 'Ministers, May']);
  await expect(page.getByTestId('doc-item').nth(1)).toHaveClass(/done/);
  await expect(page.getByTestId('doc-title')).toHaveText('Ministers, May');
});

test('a workspace saved by the released v1 Avow opens with every document, span and status', async ({ page }) => {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/v1-localstorage.json', import.meta.url), 'utf8'));
  await openWithLocalStorage(page, fixture.localStorage);
  await expect(page.getByTestId('doc-title')).toHaveText("United States-Japan Joint Leaders' Statement");
  const labels = (await listRows(page)).map((r) => r.label).sort();
  expect(labels).toEqual(['COMMITMENT', 'PARTY']);
  await page.getByTestId('tab-workspace').click();
  const items = page.getByTestId('doc-item');
  await expect(items).toHaveCount(3);
  await expect(items.nth(1).getByTestId('doc-item-title')).toHaveText('Ministers 🇯🇵 and 𝒰𝒮 will meet in Tokyo.');
  await expect(items.getByTestId('doc-item-spans')).toHaveText(['2 spans', '2 spans', '1 span']);
  await expect(items.nth(2).getByTestId('doc-status')).toBeChecked();
  await expect(items.nth(0).getByTestId('doc-status')).not.toBeChecked();
  await expect(page.getByTestId('annotator-name')).toHaveValue('Ana Lima');
  await expect(page.getByTestId('storage-status')).toContainText("Saved in this browser's IndexedDB storage");
  await expect(page.getByTestId('storage-status')).toContainText(/\d+(\.\d)? (KB|MB) used of about \d+(\.\d)? (MB|GB)/);
  // The pasted text's spans sit on the same characters (non-BMP text before them).
  await items.nth(1).getByTestId('doc-item-open').click();
  await page.getByTestId('tab-spans').click();
  expect((await listRows(page)).map((r) => [r.label, r.quote])).toEqual([
    ['COMMITMENT', 'will meet in Tokyo'], ['STANCE', 'reaffirm their commitment to peace'],
  ]);
  // The old entries are left in place; the next start reads IndexedDB alone.
  // (The open tab's session marker and journal sit beside them.)
  const kept = () => page.evaluate(() => Object.keys(localStorage).filter((k) => !/^avow:v2:(session|journal):/.test(k)).length);
  expect(await kept()).toBe(Object.keys(fixture.localStorage).length);
  expect(Object.keys(await storedRecords(page, 'avow:v2:migrated'))).toHaveLength(1);
  await settle(page);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(3);
  await expect(page.getByTestId('doc-item-spans')).toHaveText(['2 spans', '2 spans', '1 span']);
});

test('a tab closed during a save loses nothing, and leaves nothing behind once saved', async ({ page, context }) => {
  await openApp(page);
  await settle(page);
  // Closed straight after a change: the IndexedDB save cannot commit in time by itself.
  await dragAcross(page, 'The two leaders', 0);
  await page.keyboard.press('6');
  await page.getByTestId('span-note').fill('typed just before closing');
  await page.close({ runBeforeUnload: true });

  const again = await context.newPage();
  await openApp(again);
  await expect(again.getByTestId('annotation-item')).toHaveCount(1);
  await again.getByTestId('annotation-item').click();
  await expect(again.getByTestId('span-note')).toHaveValue('typed just before closing');
  // Reloaded straight after opening another document: it opens again.
  await pasteDocument(again, 'Second: the ministers will meet.');
  await settle(again);
  await again.getByTestId('tab-workspace').click();
  await again.getByTestId('doc-item').nth(0).getByTestId('doc-item-open').click();
  await expect(again.getByTestId('doc-title')).toHaveText("United States-Japan Joint Leaders' Statement");
  await again.reload();
  await expect(again.getByTestId('doc-title')).toHaveText("United States-Japan Joint Leaders' Statement");
  // Once a save has committed, the safety copy in localStorage is gone.
  await settle(again);
  await expect.poll(() => again.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('avow:v2:journal:')).length)).toBe(0);
  expect(JSON.parse(await storedEntry(again, 'sample')).file.annotations[0].note).toBe('typed just before closing');
});

test('a 200-document workspace survives a reload: listed, each document opens with its spans', async ({ page }) => {
  await openApp(page);
  const lines = [];
  for (let i = 0; i < 200; i++) {
    const text = `Statement ${i}: the parties will meet.\n\n${SAMPLE.slice(0, 3000)}`;
    const meet = text.indexOf('will meet');
    lines.push(JSON.stringify({ text, label: [[0, 9, 'PARTY'], [meet, meet + 9, 'COMMITMENT']] }));
  }
  await page.getByTestId('import-file').setInputFiles({
    name: 'corpus.jsonl', mimeType: 'application/json', buffer: Buffer.from(lines.join('\n') + '\n'),
  });
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(201);
  await settle(page);
  await page.reload();
  await page.getByTestId('tab-workspace').click();
  const items = page.getByTestId('doc-item');
  await expect(items).toHaveCount(201);
  await expect(items.nth(150).getByTestId('doc-item-spans')).toHaveText('2 spans');
  // A document not opened since the reload is read when it is opened.
  await items.nth(150).getByTestId('doc-item-open').click();
  await expect(items.nth(150)).toHaveClass(/current/);
  await expect(page.getByTestId('doc-view')).toContainText('Statement 149: the parties');
  await items.nth(200).getByTestId('doc-item-open').click();
  await expect(page.getByTestId('doc-view')).toContainText('Statement 199: the parties');
  await page.getByTestId('tab-spans').click();
  expect((await listRows(page)).map((r) => [r.label, r.quote])).toEqual([['PARTY', 'Statement'], ['COMMITMENT', 'will meet']]);
  const records = await storedRecords(page, 'avow:v1:doc:');
  expect(Object.keys(records)).toHaveLength(201);
});

test('two tabs: a document added in one is listed in the other and opens there', async ({ page, context }) => {
  await openApp(page);
  const other = await context.newPage();
  await openApp(other);
  await pasteDocument(page, 'Added in the first tab: the ministers will meet.');
  await dragAcross(page, 'will meet');
  await page.keyboard.press('1');
  await other.getByTestId('tab-workspace').click();
  await expect(other.getByTestId('doc-item')).toHaveCount(2);
  await expect(other.getByTestId('doc-item').nth(1).getByTestId('doc-item-spans')).toHaveText('1 span');
  await other.getByTestId('doc-item').nth(1).getByTestId('doc-item-open').click();
  await expect(other.getByTestId('doc-title')).toHaveText('Added in the first tab: the ministers will meet.');
  await other.getByTestId('tab-spans').click();
  expect((await listRows(other)).map((r) => r.quote)).toEqual(['will meet']);
  // Deleted in the second, gone from the first.
  await other.getByTestId('tab-workspace').click();
  await other.getByTestId('doc-item').nth(1).getByTestId('doc-delete').click();
  await other.getByTestId('doc-delete-confirm').click();
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(1);
});

test('a browser without IndexedDB: the app opens, says work stays in this tab, and works', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  await openApp(page);
  await expect(page.getByTestId('error-message')).toContainText('your work is kept in this tab only');
  await dragAcross(page, CYBER);
  await page.keyboard.press('1');
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
});
