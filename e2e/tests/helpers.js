// Shared steps of the end-to-end tests: they act as a user would (mouse, keyboard, files).
import { expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository's root. */
export const ROOT = path.resolve(here, '..', '..');
/** The shared corpus (read at test time; only 003 ships in the app). */
export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
/**
 * The shared corpus's texts joined, as the benchmark builds its input; where the corpus is not
 * beside the repository (a checkout elsewhere), the built-in sample alone.
 */
export function corpusText() {
  if (!existsSync(CORPUS)) return SAMPLE;
  return readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => readFileSync(path.join(CORPUS, f), 'utf8')).join('\n\n');
}

/** The built-in sample's text, exactly as the app ships it. */
export const SAMPLE = readFileSync(
  path.join(ROOT, 'public', 'samples', 'us-japan-joint-leaders-statement-2025.txt'), 'utf8');

const AXE = readFileSync(path.join(ROOT, 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe-core in the page (evaluated, as the Content Security Policy allows no injected
 *  script tag) and returns its violations, each with the first elements it names. */
export async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** Opens the app and waits until the wasm has mounted it and drawn the document. */
export async function openApp(page) {
  await page.goto('./');
  await expect(page.getByTestId('label-COMMITMENT')).toBeVisible();
  await expect(page.getByTestId('doc-view')).not.toBeEmpty();
}

/** Opens a document by pasting its text into the paste box. */
export async function pasteDocument(page, text) {
  await page.locator('.open-document summary').click();
  await page.getByTestId('doc-input').fill(text);
  await page.getByTestId('doc-open').click();
  await expect(page.getByTestId('info-message')).toContainText('Opened the pasted text');
}

/**
 * Screen boxes of the first and last character of `phrase` in the rendered text (any run of
 * whitespace in `phrase` matches any run in the text), after scrolling it into view.
 */
export async function phraseBoxes(page, phrase, occurrence = 0) {
  // Looked for again for a moment: the pages near the screen are drawn a frame after a jump
  // (Ctrl+End), and a page under way can be a placeholder for that frame.
  let boxes = null;
  for (let tries = 0; tries < 20 && !boxes; tries++) {
    if (tries > 0) await page.waitForTimeout(100);
    boxes = await findPhraseBoxes(page, phrase, occurrence);
  }
  expect(boxes, `phrase not found in the document: ${phrase}`).not.toBeNull();
  return boxes;
}

/** One look for `phrase`'s boxes (see `phraseBoxes`); null when it is not drawn. */
function findPhraseBoxes(page, phrase, occurrence) {
  return page.evaluate(([phrase, occurrence]) => {
    const root = document.querySelector('[data-testid=doc-view]');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push([n, text.length]);
      text += n.data;
    }
    const escaped = phrase.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const re = new RegExp(escaped.join('\\s+'), 'g');
    let m;
    for (let i = 0; i <= occurrence; i++) m = re.exec(text);
    if (!m) return null;
    const locate = (i) => {
      for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]];
    };
    const [first] = locate(m.index);
    first.parentElement.scrollIntoView({ block: 'center' });
    const rect = (i) => {
      const [n, o] = locate(i);
      const r = document.createRange();
      r.setStart(n, o);
      r.setEnd(n, o + 1);
      const b = r.getClientRects()[0] || r.getBoundingClientRect();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    return { start: rect(m.index), end: rect(m.index + m[0].length - 1) };
  }, [phrase, occurrence]);
}

/** Whether `phrase` is in the drawn text (whitespace runs match any whitespace). */
async function drawn(page, phrase) {
  return page.evaluate((phrase) => {
    const text = document.querySelector('[data-testid=doc-view]').textContent.replace(/\s+/g, ' ');
    return text.includes(phrase.replace(/\s+/g, ' '));
  }, phrase);
}

/**
 * Scrolls the document with the mouse wheel, as a reader would, until `phrase` is drawn
 * (a long document draws only the pages near the screen).
 */
export async function scrollToPhrase(page, phrase) {
  const box = await page.locator('.doc-scroll').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 200 && !(await drawn(page, phrase)); i++) {
    await page.mouse.wheel(0, box.height * 0.8);
    await page.waitForTimeout(50);
  }
  expect(await drawn(page, phrase), `never drawn while scrolling: ${phrase}`).toBe(true);
}

/** Jumps to the end of the document with the keyboard (Ctrl+End) and waits until it is drawn. */
export async function jumpToEnd(page, lastPhrase) {
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('Control+End');
  await expect.poll(() => drawn(page, lastPhrase), { message: `end never drawn: ${lastPhrase}` }).toBe(true);
}

/** Selects `phrase` by dragging the mouse from its first character to its last. */
export async function dragAcross(page, phrase, occurrence = 0) {
  const { start, end } = await phraseBoxes(page, phrase, occurrence);
  await page.mouse.move(start.x + 1, start.y + start.h / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.w / 2, end.y + end.h / 2, { steps: 6 });
  await page.mouse.move(end.x + end.w - 1, end.y + end.h / 2, { steps: 2 });
  await page.mouse.up();
}

/** Labels `phrase` as a person does: drags the mouse across it, then presses the label's key. */
export async function labelPhrase(page, phrase, key) {
  await dragAcross(page, phrase);
  await page.keyboard.press(key);
}

/** Clicks the middle of `phrase` in the rendered text. */
export async function clickPhrase(page, phrase, occurrence = 0) {
  const { start, end } = await phraseBoxes(page, phrase, occurrence);
  const x = start.y === end.y ? (start.x + end.x + end.w) / 2 : start.x + 2;
  await page.mouse.click(x, start.y + start.h / 2);
}

/**
 * Where `phrase` is in `text`, as Python's `str` indexing counts (code points): the numbers the
 * app must show. Whitespace runs in `phrase` match any whitespace run.
 */
export function pythonOffsets(text, phrase, occurrence = 0) {
  const script = [
    'import re, sys, json',
    'text = sys.stdin.read()',
    'phrase, occ = json.loads(sys.argv[1])',
    "pattern = r'\\s+'.join(re.escape(w) for w in phrase.split())",
    'm = list(re.finditer(pattern, text))[occ]',
    'print(json.dumps([m.start(), m.end()]))',
  ].join('\n');
  const out = execFileSync('python3', ['-c', script, JSON.stringify([phrase, occurrence])], {
    input: Buffer.from(text, 'utf8'),
  });
  return JSON.parse(out.toString());
}

/** Waits until the side panel (list, counts, span editor) shows the last edit: it follows the
 *  text a frame later. Where the page's clock is paused (Playwright's clock), frames wait for
 *  it; this then returns after half a second, and the test ticks the clock itself. */
export async function panelCaughtUp(page) {
  const frames = page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await Promise.race([frames, new Promise((r) => setTimeout(r, 500))]);
}

/** The span list's rows as the user reads them. */
export async function listRows(page) {
  await panelCaughtUp(page);
  return page.getByTestId('annotation-item').evaluateAll((items) => items.map((li) => ({
    label: li.querySelector('[data-testid=item-label]').textContent,
    quote: li.querySelector('[data-testid=item-quote]').textContent,
    details: li.querySelector('[data-testid=item-details]').textContent,
  })));
}

/** A document's entry as stored: its key names its parts (a manifest), joined here. */
export async function storedEntry(page, id) {
  const records = await storedRecords(page, 'avow:v1:');
  const raw = records[`avow:v1:doc:${id}`];
  if (raw === undefined) return null;
  const manifest = JSON.parse(raw);
  if (!Array.isArray(manifest.parts)) return raw;
  // A part named T and a SHA-256 is a text, stored once for all the documents that hold it.
  const key = (name) => (name.startsWith('T') ? `avow:v1:text:${name.slice(1)}` : `avow:v1:part:${id}:${name}`);
  return manifest.parts.map((name) => records[key(name)]).join('');
}

/**
 * Every record Avow's IndexedDB holds whose key starts with `prefix`, as an object: read in
 * the page with the browser's own IndexedDB, as another tab would (and never creating the
 * database when it is not there yet).
 */
export function storedRecords(page, prefix = 'avow:') {
  return page.evaluate((prefix) => new Promise(async (done, fail) => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('avow')) { done({}); return; }
    const open = indexedDB.open('avow');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const store = db.transaction('kv').objectStore('kv');
      const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
      const keys = store.getAllKeys(range);
      const values = store.getAll(range);
      values.onsuccess = () => {
        const out = {};
        keys.result.forEach((k, i) => { out[k] = values.result[i]; });
        db.close();
        done(out);
      };
      values.onerror = () => fail(values.error);
    };
  }), prefix);
}

/**
 * Empties this site's storage as a fresh browser has it: the page leaves Avow first (an open
 * Avow tab keeps its work when its storage is cleared under it, and saves it again), then
 * Avow's IndexedDB and localStorage are emptied, and the app is opened again.
 */
export async function clearStorage(page) {
  await page.goto('./public/manifest.webmanifest');
  await page.evaluate(() => new Promise((done) => {
    localStorage.clear();
    const r = indexedDB.deleteDatabase('avow');
    r.onsuccess = r.onerror = () => done();
  }));
  await openApp(page);
}

/** Writes records into Avow's IndexedDB (`null` deletes), in one transaction. */
export function putRecords(page, records) {
  return page.evaluate((records) => new Promise((done, fail) => {
    const open = indexedDB.open('avow');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const t = db.transaction('kv', 'readwrite');
      for (const [k, v] of Object.entries(records)) {
        if (v === null) t.objectStore('kv').delete(k); else t.objectStore('kv').put(v, k);
      }
      t.oncomplete = () => { db.close(); done(); };
      t.onerror = () => fail(t.error);
    };
  }), records);
}

/**
 * Opens the app on a browser whose storage holds only these v1 localStorage entries (as the
 * released Avow left them): nothing in IndexedDB yet, so the app starts by moving them.
 */
export async function openWithLocalStorage(page, entries) {
  await page.goto('./manifest.webmanifest');
  await page.evaluate(async (entries) => {
    localStorage.clear();
    for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
    await new Promise((done) => {
      const r = indexedDB.deleteDatabase('avow');
      r.onsuccess = r.onerror = r.onblocked = () => done();
    });
  }, entries);
  await page.goto('./');
  await expect(page.getByTestId('label-COMMITMENT')).toBeVisible();
  await expect(page.getByTestId('doc-view')).not.toBeEmpty();
}

/** Downloads the open document in the format `testid` names (from the Export menu). */
export async function exportAs(page, testid) {
  await page.locator('.export-menu summary').click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), buffer: readFileSync(await file.path()) };
}

/**
 * Waits until the autosave has written: it comes a quarter of a second after a change, at the
 * page's next idle moment or half a second later (SAVE_IDLE_WAIT_MS), so an idle callback asked
 * for after it, with a longer wait, runs after it.
 */
export async function settle(page) {
  await page.waitForTimeout(600);
  await page.evaluate(() => new Promise((done) => requestIdleCallback(done, { timeout: 1000 })));
}

/**
 * Lets the test decide when each tab of `context` saves: the clock is held (no autosave runs by
 * itself), and a tab saves at once when it is hidden, as when the user switches to another tab.
 * Returns `hide(page)`.
 */
export async function holdSaves(context) {
  await context.addInitScript(() => {
    window.__hidden = false;
    Object.defineProperty(document, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible'), configurable: true });
  });
  await context.clock.install({ time: new Date('2026-03-01T09:00:00Z') });
  return (p) => p.evaluate(() => {
    window.__hidden = true;
    document.dispatchEvent(new Event('visibilitychange'));
    window.__hidden = false;
  });
}
