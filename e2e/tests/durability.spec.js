// A user's bad day, probed: two tabs reloaded together, a browser quit with two tabs holding
// edits, a second conflict while the first is asked, a reload with the question open, a 6 MB
// document quit right after an edit, a full disk, the database deleted under the page, a crash,
// and broken files. Each probe asserts that no edit is lost and that what the app says is true.
import { test, expect, chromium } from '@playwright/test';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openApp, pasteDocument, dragAcross, storedRecords, settle, holdSaves, SAMPLE } from './helpers.js';

const CYBER = 'intend to expand bilateral security cooperation in cyberspace';
const LEADERS = 'The two leaders';


/** Labels `phrase` (the `nth` occurrence) with the label key `key`. */
async function label(page, phrase, key, nth = 0) {
  await dragAcross(page, phrase, nth);
  await page.keyboard.press(key);
}

/**
 * Every stored document, as another tab would read it from IndexedDB: its title and the
 * quotes of its spans.
 */
async function storedDocs(page) {
  const records = await storedRecords(page, 'avow:v1:');
  const docs = [];
  for (const [key, raw] of Object.entries(records)) {
    if (!key.startsWith('avow:v1:doc:')) continue;
    const id = key.slice('avow:v1:doc:'.length);
    const manifest = JSON.parse(raw);
    const part = (name) => records[name.startsWith('T') ? `avow:v1:text:${name.slice(1)}` : `avow:v1:part:${id}:${name}`];
    const entry = JSON.parse(Array.isArray(manifest.parts) ? manifest.parts.map(part).join('') : raw);
    docs.push({
      id,
      title: entry.file.document.metadata?.title ?? entry.file.document.title ?? '',
      quotes: entry.file.annotations.map((a) => a.quote),
    });
  }
  return docs;
}

/** Whether some stored document holds a span quoting `phrase` (any whitespace run matching). */
async function kept(page, phrase) {
  const flat = (s) => s.replace(/\s+/g, ' ');
  return (await storedDocs(page)).some((d) => d.quotes.map(flat).includes(flat(phrase)));
}

/** The titles the Workspace tab lists. */
async function listedTitles(page) {
  await page.getByTestId('tab-workspace').click();
  const titles = await page.getByTestId('doc-item-title').allTextContents();
  await page.getByTestId('tab-spans').click();
  return titles;
}

/** Launch options for a browser of our own (a persistent profile, quit and started again). */
function launchOptions() {
  const { launchOptions: options, baseURL, viewport } = test.info().project.use;
  return { ...options, baseURL, viewport, acceptDownloads: true };
}

test('two tabs editing one document and reloaded together keep both edits (3 trials)', async ({ browser }) => {
  for (let trial = 0; trial < 3; trial++) {
    const context = await browser.newContext();
    const a = await context.newPage();
    const b = await context.newPage();
    // Each tab labels its own phrase; both reload at once, before either has saved (a
    // restored session).
    await editInTwoTabs(a, b);
    await Promise.all([a.reload(), b.reload()]);
    await Promise.all([openAppAgain(a), openAppAgain(b)]);
    await settle(a);
    await settle(b);
    await expect.poll(() => kept(a, LEADERS), { message: `trial ${trial}: the first tab's edit` }).toBe(true);
    await expect.poll(() => kept(a, CYBER), { message: `trial ${trial}: the second tab's edit` }).toBe(true);
    // The other version is a copy, said so by its title and by the message.
    const titles = [...await listedTitles(a), ...await listedTitles(b)];
    expect(titles.some((t) => t.includes('(unsaved copy')), `trial ${trial}: ${titles}`).toBe(true);
    await context.close();
  }
});

/** Opens the app in tab `a`, then in tab `b`, and labels a phrase of the sample in each. */
async function editInTwoTabs(a, b) {
  await openApp(a);
  await settle(a);
  await openApp(b);
  await label(a, LEADERS, '6');
  await label(b, CYBER, '1');
}

/** After a reload: the app is drawn again. */
async function openAppAgain(page) {
  await expect(page.getByTestId('label-COMMITMENT')).toBeVisible();
  await expect(page.getByTestId('doc-view')).not.toBeEmpty();
}

test('quitting the browser with two tabs holding fresh edits keeps both', async () => {
  const profile = mkdtempSync(path.join(tmpdir(), 'avow-quit-'));
  try {
    let context = await chromium.launchPersistentContext(profile, launchOptions());
    const a = context.pages()[0] ?? await context.newPage();
    await editInTwoTabs(a, await context.newPage());
    await context.close(); // the browser quits, as a user quits it

    context = await chromium.launchPersistentContext(profile, launchOptions());
    const page = context.pages()[0] ?? await context.newPage();
    await openApp(page);
    await settle(page);
    expect(await kept(page, LEADERS), 'the first tab\'s edit').toBe(true);
    expect(await kept(page, CYBER), 'the second tab\'s edit').toBe(true);
    await expect(page.getByTestId('info-message')).toContainText('unsaved');
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

/**
 * Two tabs whose saves the test decides (`holdSaves`). Returns the tabs and `hide(tab)`.
 */
async function twoHeldTabs(context) {
  const hide = await holdSaves(context);
  const a = await context.newPage();
  await openApp(a);
  await pasteDocument(a, 'Second: the ministers will meet in Tokyo.');
  await settle(a);
  await a.getByTestId('tab-workspace').click();
  await a.getByTestId('doc-item').nth(0).getByTestId('doc-item-open').click();
  await a.getByTestId('tab-spans').click();
  await settle(a);
  const b = await context.newPage();
  await openApp(b);
  await context.clock.pauseAt(new Date('2026-03-01T10:00:00Z'));
  return { a, b, hide, frames: () => context.clock.runFor(50) };
}

/** Opens the document titled `title` from the Workspace tab. */
async function openDoc(page, title) {
  await page.getByTestId('tab-workspace').click();
  await page.getByTestId('doc-item').filter({ has: page.getByTestId('doc-item-title').getByText(title, { exact: true }) })
    .getByTestId('doc-item-open').click();
  await page.getByTestId('tab-spans').click();
}

test('a second conflict adds a row; each is answered on its own and nothing is lost', async ({ context }) => {
  const { a, b, hide, frames } = await twoHeldTabs(context);
  // Both tabs change the sample; the second saves first: the first is asked.
  await label(a, LEADERS, '6');
  await label(b, CYBER, '1');
  await frames();
  await hide(b);
  await expect(a.getByTestId('conflict-message')).toBeVisible();
  // Then both change the second document: a second row, the first still asked.
  await openDoc(a, 'Second: the ministers will meet in Tokyo.');
  await label(a, 'the ministers', '6');
  await openDoc(b, 'Second: the ministers will meet in Tokyo.');
  await label(b, 'Tokyo', '1');
  await frames();
  await hide(b);
  await expect(a.getByTestId('conflict-item')).toHaveCount(2);
  await expect(a.getByTestId('conflict-title')).toHaveText(["“United States-Japan Joint Leaders' Statement”", '“Second: the ministers will meet in Tokyo.”']);
  // Nothing held is written over the other tab's version meanwhile.
  await context.clock.runFor(2000);
  await hide(a);
  expect(await kept(a, 'the ministers')).toBe(false);

  // The second: keep both. The other tab's version is shown, this tab's kept as a copy.
  await a.getByTestId('conflict-item').nth(1).getByTestId('conflict-both').click();
  await expect(a.getByTestId('conflict-item')).toHaveCount(1);
  // The first: mine. Saved over the other tab's.
  await a.getByTestId('conflict-item').nth(0).getByTestId('conflict-keep').click();
  await expect(a.getByTestId('conflict-message')).toHaveCount(0);
  await context.clock.runFor(2000);
  await hide(a);
  await expect.poll(async () => (await storedDocs(a)).map((d) => `${d.title}: ${d.quotes.sort().join(' | ')}`).sort()).toEqual([
    'Second: the ministers will meet in Tokyo. (copy from this tab): the ministers',
    'Second: the ministers will meet in Tokyo.: Tokyo',
    `United States-Japan Joint Leaders' Statement: ${LEADERS}`,
  ]);
});

test('reloading with the question open keeps this tab\'s version as a copy', async ({ context }) => {
  const { a, b, hide, frames } = await twoHeldTabs(context);
  await label(a, LEADERS, '6');
  await label(b, CYBER, '1');
  await frames();
  await hide(b);
  await expect(a.getByTestId('conflict-message')).toBeVisible();
  await context.clock.resume();
  await a.reload();
  await openAppAgain(a);
  await settle(a);
  await expect.poll(() => kept(a, LEADERS), { message: 'this tab\'s version' }).toBe(true);
  expect(await kept(a, CYBER), 'the other tab\'s version').toBe(true);
  expect(await listedTitles(a)).toContain("United States-Japan Joint Leaders' Statement (unsaved copy)");
  await expect(a.getByTestId('info-message')).toContainText('another tab has since replaced');
});

test('a 6 MB document keeps every edit when the browser quits at once after the last', async () => {
  test.setTimeout(120_000);
  const profile = mkdtempSync(path.join(tmpdir(), 'avow-big-'));
  try {
    const big = `${'The parties will consult. '.repeat(40)}\n\n`.repeat(Math.ceil(6_000_000 / 1042));
    let context = await chromium.launchPersistentContext(profile, launchOptions());
    let page = context.pages()[0] ?? await context.newPage();
    await openApp(page);
    await page.getByTestId('file-input').setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.from(big, 'utf8') });
    await expect(page.getByTestId('doc-title')).toHaveText(/^The parties will consult/);
    await expect.poll(async () => (await storedDocs(page)).length, { timeout: 30_000 }).toBe(2);
    for (let k = 0; k < 4; k++) await label(page, 'The parties', String(k + 1), k * 3);
    await expect(page.getByTestId('annotation-item')).toHaveCount(4);
    await context.close(); // 0 ms after the last edit

    context = await chromium.launchPersistentContext(profile, launchOptions());
    page = context.pages()[0] ?? await context.newPage();
    await page.goto('./');
    await expect(page.getByTestId('doc-title')).toHaveText(/^The parties will consult/, { timeout: 30_000 });
    await expect(page.getByTestId('annotation-item')).toHaveCount(4);
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

/** `size` characters of letters in six-letter words: text that does not compress. */
function noise(seed, size) {
  let x = seed;
  const words = [];
  let length = 0;
  while (length < size) {
    let word = '';
    for (let i = 0; i < 6; i++) {
      // xorshift32 in 32-bit integer steps: a long period, so the text does not compress
      // (IndexedDB compresses what it stores).
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      word += 'abcdefghijklmnopqrstuvwxyz'[(x >>> 0) % 26];
    }
    words.push(word);
    length += 7;
  }
  return words.join(' ');
}

test('a full disk: the warning names what is unsaved, and the work is saved once there is room', async ({ page }) => {
  test.setTimeout(120_000);
  // 5 MB for this site (the app's cached files take 1.3 MB). Chromium reads the quota when the
  // site first uses storage, so it is set before the first load.
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(test.info().project.use.baseURL).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 5_000_000 });
  await openApp(page);
  // The app's cached files take their share first. (The estimate reports the real quota, not
  // the one set; the set one is enforced.)
  await expect.poll(() => page.evaluate(async () => (await navigator.storage.estimate()).usage), { timeout: 15_000 })
    .toBeGreaterThan(1_000_000);
  // A report of 4.4 MB in 80 chapters of 55 KB: alone it overflows the quota. (Chromium checks
  // a save against the usage it last counted, which lags behind what is stored, and frees the
  // room of deleted or refused records only when it compacts its files, at times of its own:
  // so the room is made here by raising the quota, as when space is freed outside the page.)
  // Chromium lets a site's first write through unchecked: a small one goes first.
  await page.getByTestId('import-file').setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('A short note.') });
  await settle(page);
  await page.getByTestId('import-file').setInputFiles(Array.from({ length: 80 }, (_, k) => ({
    name: `chapter-${k}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`Chapter ${k}. ${noise(100 + k, 55_000)}`, 'utf8'),
  })));
  const warning = page.getByTestId('storage-warning');
  await expect(warning).toBeVisible({ timeout: 20_000 });
  await expect(warning).toContainText('Changes to “Chapter');
  await expect(warning).toContainText(/75 more are kept in this tab only/);
  await expect(warning).toContainText(/saving them needs about 4\.\d MB more/);
  await expect(warning).toContainText(/\(\d+(\.\d)? MB used of about/);
  // Ten chapters are deleted (the rest still does not fit); then there is room, and the rest
  // is saved without an edit.
  await page.getByTestId('tab-workspace').click();
  for (let k = 70; k < 80; k++) {
    await page.getByTestId('doc-item').filter({ has: page.getByTestId('doc-item-title').getByText(`Chapter ${k}.`, { exact: false }) }).first()
      .getByTestId('doc-delete').click();
    await page.getByTestId('doc-delete-confirm').click();
  }
  await expect(warning).toContainText(/65 more are kept in this tab only/);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 50_000_000 });
  await expect(warning).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('info-message')).toContainText('Storage has room again');
  await settle(page);
  await page.reload();
  await openAppAgain(page);
  await page.getByTestId('tab-workspace').click();
  const titles = await page.getByTestId('doc-item-title').allTextContents();
  const kept = titles.filter((t) => t.startsWith('Chapter ')).map((t) => Number(t.split(/[ .]/)[1])).sort((a, b) => a - b);
  expect(kept, 'the chapters kept are saved, the deleted ones stay deleted').toEqual(Array.from({ length: 70 }, (_, k) => k));
});

test('the database deleted under an open page: said at once, the work kept and saved again', async ({ context }) => {
  const page = await context.newPage();
  await openApp(page);
  await label(page, LEADERS, '6');
  await pasteDocument(page, 'Only stored: the ministers will meet.');
  await settle(page);
  await openDoc(page, "United States-Japan Joint Leaders' Statement");
  await settle(page);
  await page.reload();
  await openAppAgain(page);
  await label(page, CYBER, '1'); // unsaved when the database goes
  // Another tab deletes the database (as clearing site data does).
  const other = await context.newPage();
  await other.goto('./manifest.webmanifest');
  await other.evaluate(() => new Promise((done) => {
    const r = indexedDB.deleteDatabase('avow');
    r.onsuccess = r.onerror = () => done();
  }));
  const banner = page.getByTestId('storage-cleared');
  await expect(banner).toContainText("This browser's storage for Avow was cleared");
  await expect(banner).toContainText('“Only stored: the ministers will meet.”');
  await expect(banner).not.toContainText('newer version');
  await expect(banner).toContainText('has been saved again');
  // The download holds what this tab holds.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('storage-cleared-download').click()]);
  const saved = JSON.parse(readFileSync(await file.path(), 'utf8'));
  const flat = (q) => q.replace(/\s+/g, ' ');
  expect(saved.documents.map((d) => d.annotations.map((a) => flat(a.quote)).sort())).toEqual([[CYBER, LEADERS].sort()]);
  await page.reload();
  await openAppAgain(page);
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
});

test('after a crash the app says what it restored, and the last edit is there', async ({ context }) => {
  const page = await context.newPage();
  await openApp(page);
  await settle(page);
  await label(page, LEADERS, '6');
  await page.waitForTimeout(50);
  const cdp = await context.newCDPSession(page);
  cdp.send('Page.crash').catch(() => {});
  await page.waitForEvent('crash');
  const again = await context.newPage();
  await openApp(again);
  await expect(again.getByTestId('info-message')).toContainText('did not close properly');
  await expect(again.getByTestId('info-message')).toContainText("Restored from its journal: “United States-Japan Joint Leaders' Statement”");
  await expect(again.getByTestId('annotation-item')).toHaveCount(1);
});

test('a truncated W3C export and a JSON null are refused, and nothing is added', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('import-file').setInputFiles([
    { name: 'statement.w3c.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from('{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "items": [{"ty', 'utf8') },
    { name: 'null.json', mimeType: 'application/json', buffer: Buffer.from('null', 'utf8') },
  ]);
  const error = page.getByTestId('error-message');
  await expect(error).toContainText('statement.w3c.jsonld is not JSON');
  await expect(error).toContainText('null.json is JSON, but holds null');
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(1);
});
