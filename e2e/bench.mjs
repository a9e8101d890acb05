// Avow's benchmark: drives the release build (dist/) in headless Chromium with generated input
// (the texts of ../shared/corpus concatenated and repeated to 100 K, 1 M and 10 M code points,
// with 500, 5,000 and 50,000 spans, some nested; and a workspace of 200 documents of 500 K
// code points with 250 spans each) and prints, as a table and as JSON:
//   - open: importing the document with its spans, until its first screen is drawn and every
//     span is listed (only the text near the screen is ever drawn);
//   - edit: create, relabel and delete a span by hotkey at 50 places all over the text: the
//     main thread's work until the text shows it painted (median, p95), and the time to that
//     painted frame; the side panel (list, counts, editor) follows in the next frame, timed
//     apart (its frame's work, and the time from the key until it is painted);
//   - save: each edit's autosave, the main thread's work (the app's User Timing measures
//     avow-save-plan, -put and -commit), median and p95; then a reload, from the navigation
//     until the document is drawn with every span listed;
//   - the workspace: imported, then after a reload how soon the open document is drawn and
//     the Workspace tab lists every document, how soon documents not read yet open, what
//     saving an edit costs;
//   - export and import of Avow's JSON file;
//   - JS heap (after a garbage collection) and wasm memory after load; gzipped sizes of
//     wasm, js and css;
//   - calibration: how steady the machine is (a fixed loop's min, median and p95);
//   - re-anchoring: another tool's spans imported onto a changed text (W3C onto a text with a
//     line added at its top, or with CRLF changed to LF, a brat .ann without its .txt, a W3C
//     file onto a text with 100,000 characters added), from choosing the file until the
//     import's report shows.
//   - the corpus: 200 texts × 3 versions exported as a Hugging Face dataset (click to
//     download, median of 3, and the longest task meanwhile), and that ZIP imported into a
//     fresh page (until every version is listed, the longest task meanwhile, and the longest
//     once the autosave has stored them).
// Run with `bash .ci/bench` (it builds the release first). Not part of the test suite.
// AVOW_DIST=<dir> measures another build; AVOW_SKIP_ANCHORING=1 leaves re-anchoring out,
// AVOW_SKIP_LARGE=1 the 10 M code point document, AVOW_ONLY_LARGE=1 that document alone,
// AVOW_SKIP_WORKSPACE=1 the workspace, AVOW_SKIP_AGREEMENT=1 the agreement report, and
// AVOW_ONLY_AGREEMENT=1 runs that alone; AVOW_SKIP_ADJUDICATION=1 leaves out adjudication (3
// versions of 1 M code points with 5,000 spans: starting it, and 30 decisions by number key),
// AVOW_ONLY_ADJUDICATION=1 runs it alone; AVOW_SKIP_CORPUS=1 leaves out the corpus,
// AVOW_ONLY_CORPUS=1 runs it alone (AVOW_KEEP_ZIP=<path> keeps its dataset ZIP there).
import { freePort } from './port.mjs';
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// AVOW_DIST compares another build (e.g. the one before a change) on the same machine.
const dist = process.env.AVOW_DIST || path.resolve(here, '..', 'dist');
const corpusDir = path.resolve(here, '..', '..', 'shared', 'corpus');
const EDITS = 50;

/** A small seeded generator, so every run annotates the same places. */
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

function corpus() {
  // Where the shared corpus is not beside the repository, the built-in sample alone.
  if (!existsSync(corpusDir)) {
    return readFileSync(path.resolve(here, '..', 'public', 'samples', 'us-japan-joint-leaders-statement-2025.txt'), 'utf8');
  }
  return readdirSync(corpusDir).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => readFileSync(path.join(corpusDir, f), 'utf8')).join('\n\n');
}

/** The corpus repeated to `size` code points, with `count` spans (a fifth nested in others). */
function input(size, count, seed, name = `${size}`, relationCount = 0) {
  const base = Array.from(corpus());
  const cps = [];
  // Each input its own text: a line naming it first.
  cps.push(...Array.from(`Bench ${name}\n\n`));
  while (cps.length < size) for (const c of base) cps.push(c);
  cps.length = size;
  const text = cps.join('');
  const words = [];
  let start = -1;
  cps.forEach((c, i) => {
    const space = /\s/u.test(c);
    if (!space && start < 0) start = i;
    if (space && start >= 0) { words.push([start, i]); start = -1; }
  });
  if (start >= 0) words.push([start, cps.length]);
  const random = rng(seed);
  const labels = ['COMMITMENT', 'STANCE', 'ENDORSEMENT', 'TASKING', 'DECLARATION', 'PARTY', 'CONSTRAINT', 'ATTRIBUTION'];
  const seen = new Set();
  const spans = [];
  while (spans.length < count) {
    let s, e;
    if (spans.length > 10 && random() < 0.2) {
      // Nested: some words inside an existing span.
      const outer = spans[Math.floor(random() * spans.length)];
      const inner = words.filter(([ws, we]) => ws >= outer.start && we <= outer.end);
      const a = inner[Math.floor(random() * inner.length)];
      [s, e] = a;
    } else {
      const i = Math.floor(random() * (words.length - 12));
      const n = 1 + Math.floor(random() * 12);
      s = words[i][0];
      e = words[i + n - 1][1];
    }
    const label = labels[Math.floor(random() * labels.length)];
    const key = `${s}:${e}:${label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    spans.push({ start: s, end: e, label });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  // Relations the schema allows, between spans near each other (embeds only forward in text
  // order, so never a cycle); each pair and kind once.
  const acts = new Set(['COMMITMENT', 'STANCE', 'ENDORSEMENT', 'TASKING', 'DECLARATION']);
  const kindOf = (a, b) => {
    if (acts.has(a) && b === 'PARTY') return 'committer';
    if (acts.has(a) && b === 'ATTRIBUTION') return 'source';
    if (a === 'CONSTRAINT' && acts.has(b)) return 'constrains';
    if (acts.has(a) && acts.has(b)) return 'embeds';
    return null;
  };
  const relations = [];
  const linked = new Set();
  for (let tries = 0; relations.length < relationCount && tries < relationCount * 50; tries++) {
    const i = Math.floor(random() * (spans.length - 1));
    const j = Math.min(spans.length - 1, i + 1 + Math.floor(random() * 8));
    const type = kindOf(spans[i].label, spans[j].label);
    if (!type || linked.has(`${i}:${j}`)) continue;
    linked.add(`${i}:${j}`);
    relations.push({
      id: `r${relations.length + 1}`, type, from: `s${i + 1}`, to: `s${j + 1}`, note: '',
      created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
    });
  }
  const file = {
    format: 'avow', version: 2, schema: { id: 'commitments', version: 1 }, annotator: 'bench',
    document: {
      id: `d-bench-${name}`, status: 'in_progress', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
      metadata: { title: `Bench ${name}`, source_type: '', publisher: '', date: '', party_a: '', party_b: '', url: '', language: 'en' },
      length: size, text_sha256: createHash('sha256').update(text, 'utf8').digest('hex'), text,
    },
    annotations: spans.map((sp, i) => ({
      id: `s${i + 1}`, start: sp.start, end: sp.end, label: sp.label, quote: cps.slice(sp.start, sp.end).join(''),
      attributes: {}, note: '', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z',
    })),
    relations,
  };
  return { text, count, file, json: JSON.stringify(file, null, 2), title: `Bench ${name}` };
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (x) => Math.round(x * 10) / 10;

/** How steady this machine is: the same fixed piece of work (a loop of three million steps),
 *  timed 150 times in a page, 30 ms apart. Its spread is the machine's, not the app's: on a
 *  shared VM its 95th percentile can be several times its median. */
async function calibrate(browser) {
  const page = await browser.newPage();
  await page.setContent('<p>calibration</p>');
  const times = await page.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 150; i++) {
      await new Promise((r) => setTimeout(r, 30));
      const t = performance.now();
      let x = 0;
      for (let j = 0; j < 3_000_000; j++) x += j % 7;
      out.push(performance.now() - t + (x < 0 ? 1 : 0));
    }
    return out;
  });
  await page.close();
  return { fixedWorkMinMs: round(Math.min(...times)), fixedWorkMedianMs: round(percentile(times, 50)), fixedWorkP95Ms: round(percentile(times, 95)) };
}

async function measure(browser, url, size, count) {
  // The 1 M / 5,000 input carries 2,000 relations (issue 15's target).
  const data = input(size, count, size + count, `${size}`, size === 1_000_000 ? 2000 : 0);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
  });
  await page.goto(url);
  await page.getByTestId('label-COMMITMENT').waitFor();

  // Open: from choosing the file until every span is drawn and listed (and a frame painted).
  await page.evaluate(() => {
    document.querySelector('[data-testid=import-file]').addEventListener('change', () => { window.__t0 = performance.now(); }, { once: true });
  });
  await page.getByTestId('import-file').setInputFiles({ name: 'bench.avow.json', mimeType: 'application/json', buffer: Buffer.from(data.json) });
  const open = await page.evaluate(async ([count, title]) => {
    for (;;) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const listed = Number.parseInt(document.querySelector('[data-testid=list-total]').textContent, 10);
      const titled = document.querySelector('[data-testid=doc-title]').textContent === title;
      if (titled && listed === count) return performance.now() - window.__t0;
    }
  }, [count, data.title]);

  // The opened document's first save (the whole document, once) is not an edit: let it happen.
  await savesDone(page, 60_000);
  await page.evaluate(() => performance.clearMeasures());

  // Memory after opening, once the garbage is collected (the imported file and the first
  // save's records are garbage by now).
  await page.evaluate(() => window.gc?.());
  const memory = await page.evaluate(() => ({
    jsHeapMB: performance.memory ? performance.memory.usedJSHeapSize / 2 ** 20 : null,
    wasmMB: window.__wasm ? window.__wasm.memory.buffer.byteLength / 2 ** 20 : null,
  }));

  // Edits: a word labelled by hotkey, relabelled, deleted, at 50 places spread over the whole
  // document (scrolled to first, as a user would), each from a quiet page (after the previous
  // edit's follow-up work and any autosave have run). Each is timed two ways:
  //   - edit: the main thread's work to put it on screen: the key's handler and the redraws it
  //     schedules, style and layout (forced at once), then the next frame's paint;
  //   - frame: from the key until that frame has been painted, which also counts the wait for
  //     the display's next refresh (up to 16.7 ms at 60 Hz, whatever the app does);
  //   - panel: the work of the frame that shows the edit in the side panel (the list's row and
  //     count, the palette's count, the span editor), from that frame's start until painted;
  //     panelFrame: from the key until then.
  const edits = await page.evaluate(async (n) => {
    const settle = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    const key = (k) => dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    const scroller = document.querySelector('.doc-scroll');
    const count = () => Number.parseInt(document.querySelector('[data-testid=list-total]').textContent, 10);
    /** A plain word on screen: in a run outside any highlight, inside the visible part. */
    const wordInView = () => {
      const view = scroller.getBoundingClientRect();
      for (const run of document.querySelectorAll('[data-testid=doc-view] .run')) {
        if (run.closest('.hl')) continue;
        const box = run.getBoundingClientRect();
        if (box.top < view.top + 40 || box.bottom > view.bottom - 40) continue;
        const m = /\w{4,}/.exec(run.firstChild.data);
        if (m) return [run.firstChild, m];
      }
      return null;
    };
    /** Waits until the page is quiet, as it is when a person presses the next key: idle, and
     *  a few frames on (a scroll's event comes the frame after it). */
    const quiet = async () => {
      await new Promise((r) => requestIdleCallback(r, { timeout: 500 }));
      for (let f = 0; f < 3; f++) await frame();
      await settle();
    };
    /** Times one edit: `done` says when the change is in the text, `listed` when the side
     *  panel (list, counts, span editor) shows it too: it follows a frame after the text. */
    const timed = async (k, done, listed) => {
      await quiet();
      const t0 = performance.now();
      key(k);
      await settle();
      if (!done()) throw new Error(`edit ${k} did not show`);
      document.body.getBoundingClientRect();
      const work = performance.now() - t0;
      const frameStart = await frame();
      await settle();
      const painted = performance.now();
      // The panel's frame: the main thread's work from that frame's start until painted.
      let panel = null;
      for (let f = 0; f < 10 && panel === null; f++) {
        const start = await new Promise((r) => requestAnimationFrame(r));
        if (!listed()) continue;
        document.body.getBoundingClientRect();
        await settle();
        const shown = performance.now();
        panel = { panel: shown - start, panelFrame: shown - t0 };
      }
      if (panel === null) throw new Error(`edit ${k} never showed in the side panel`);
      return { edit: work + (painted - frameStart), frame: painted - t0, ...panel };
    };
    const times = { create: [], relabel: [], delete: [] };
    for (let i = 0; i < n; i++) {
      scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * (i + 0.5) / n;
      let found = null;
      for (let tries = 0; !found && tries < 60; tries++) {
        await frame();
        await settle();
        found = wordInView();
      }
      if (!found) throw new Error(`no word in view at edit ${i}`);
      const [node, m] = found;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      document.body.getBoundingClientRect();
      await frame();
      await settle();
      const before = count();
      const editing = (label) => document.querySelector(`[data-testid=span-editor]:not(.hidden) [data-testid=span-label]`)?.value === label;
      times.create.push(await timed('1', () => document.querySelector('.hl.sel.lbl-0'),
        () => count() === before + 1 && editing('COMMITMENT')));
      times.relabel.push(await timed('2', () => document.querySelector('.hl.sel.lbl-1'),
        () => editing('STANCE') && document.querySelector('[data-testid=annotation-item].selected[data-label=STANCE]')));
      times.delete.push(await timed('Delete', () => !document.querySelector('.hl.sel'),
        () => count() === before && document.querySelector('[data-testid=span-editor]').classList.contains('hidden')));
    }
    return times;
  }, EDITS);

  // Each edit's save: its main thread's work (building the records, handing them to
  // IndexedDB, the bookkeeping once committed), as the app measures it.
  await savesDone(page, 30_000);
  const saves = await saveCosts(page);

  // Saved and back after a reload: from the navigation until the document is drawn and every
  // span listed (the workspace's index read, then this document's records).
  const reloaded = await reloadOpen(page, count, data.title);

  // Export: from the click until the download is offered.
  await page.locator('.export-menu summary').click();
  const t0 = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const exportMs = Date.now() - t0;
  await download.path();
  await page.close();

  const all = [...edits.create, ...edits.relabel, ...edits.delete];
  const p95 = (list, what) => round(percentile(list.map((t) => t[what]), 95));
  return {
    input: `${size >= 1e6 ? size / 1e6 + ' M' : size / 1e3 + ' K'} code points, ${count} spans${data.file.relations.length ? `, ${data.file.relations.length} relations` : ''}`,
    openMs: round(open),
    editMedianMs: round(percentile(all.map((t) => t.edit), 50)),
    editP95Ms: p95(all, 'edit'),
    createP95Ms: p95(edits.create, 'edit'),
    relabelP95Ms: p95(edits.relabel, 'edit'),
    deleteP95Ms: p95(edits.delete, 'edit'),
    frameMedianMs: round(percentile(all.map((t) => t.frame), 50)),
    frameP95Ms: p95(all, 'frame'),
    panelMedianMs: round(percentile(all.map((t) => t.panel), 50)),
    panelP95Ms: p95(all, 'panel'),
    panelFrameP95Ms: p95(all, 'panelFrame'),
    saveMedianMs: round(percentile(saves, 50)),
    saveP95Ms: round(percentile(saves, 95)),
    saves: saves.length,
    reloadOpenMs: round(reloaded),
    exportMs,
    importMs: round(open),
    jsHeapMB: round(memory.jsHeapMB),
    wasmMB: round(memory.wasmMB),
  };
}

/** Waits until no save is due or under way: the last save committed and nothing changed
 *  since (a commit measure newer than the last change, then a quiet second). */
async function savesDone(page, timeout) {
  await page.waitForFunction(() => performance.getEntriesByName('avow-save-commit').length > 0, null, { timeout });
  for (;;) {
    const before = await page.evaluate(() => performance.getEntriesByName('avow-save-commit').length);
    await page.waitForTimeout(1500);
    const after = await page.evaluate(() => performance.getEntriesByName('avow-save-commit').length);
    if (after === before) return;
  }
}

/** Each committed save's main-thread milliseconds: the bookkeeping once it committed, the
 *  puts just before it, and the plan before those (a flush with nothing to write measures a
 *  plan alone, and is not a save). */
async function saveCosts(page) {
  return page.evaluate(() => {
    const entries = (name) => performance.getEntriesByName(name);
    const plans = entries('avow-save-plan');
    const puts = entries('avow-save-put');
    return entries('avow-save-commit').map((commit) => {
      const put = puts.filter((e) => e.startTime <= commit.startTime).pop();
      const plan = put && plans.filter((e) => e.startTime <= put.startTime).pop();
      return (plan ? plan.duration : 0) + (put ? put.duration : 0) + commit.duration;
    });
  });
}

/** Reloads, and times from the navigation until the open document is drawn with `count`
 *  spans listed. */
async function reloadOpen(page, count, title) {
  await page.reload();
  return page.evaluate(async ([count, title]) => {
    for (;;) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const total = document.querySelector('[data-testid=list-total]');
      const listed = total ? Number.parseInt(total.textContent, 10) : -1;
      const titled = document.querySelector('[data-testid=doc-title]')?.textContent === title;
      if (titled && listed === count && document.querySelector('[data-testid=doc-view] .run')) return performance.now();
    }
  }, [count, title]);
}

/** A workspace of `docs` documents of `size` code points with `spans` spans each: imported
 *  as one Avow workspace file; then reloaded: how soon the document is drawn and the list
 *  shown, how soon a document not yet read opens, and what saving an edit costs. */
async function workspace(browser, url, docs, size, spans) {
  const files = [];
  for (let i = 0; i < docs; i++) files.push(input(size, spans, 7 + i, `doc ${i}`).file);
  const wsPath = path.join(tmpdir(), `avow-bench-workspace-${process.pid}.json`);
  writeFileSync(wsPath, JSON.stringify({ format: 'avow-workspace', version: 1, schema: { id: 'commitments', version: 1 }, annotator: 'bench', documents: files }));
  const megabytes = round(files.reduce((n, f) => n + f.document.text.length, 0) / 1e6);
  files.length = 0;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.getByTestId('label-COMMITMENT').waitFor();
    const t0 = Date.now();
    await page.getByTestId('import-file').setInputFiles(wsPath);
    await page.getByTestId('tab-workspace').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=doc-item]').length === n + 1, docs, { timeout: 300_000 });
    const importMs = Date.now() - t0;
    await savesDone(page, 300_000);
    const saveAllMs = Date.now() - t0;

    // After a reload: the open document drawn (the index and that document read), then the
    // Workspace tab's list of every document.
    await page.reload();
    const readyMs = await page.evaluate(async () => {
      for (;;) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        if (document.querySelector('[data-testid=doc-view] .run')) return performance.now();
      }
    });
    const listMs = await page.evaluate(async (n) => {
      const t = performance.now();
      document.querySelector('[data-testid=tab-workspace]').click();
      for (;;) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        if (document.querySelectorAll('[data-testid=doc-item]').length === n + 1) return performance.now() - t;
      }
    }, docs);
    // Documents not read since the reload, opened one after another.
    const opens = [];
    for (const i of [docs - 1, Math.floor(docs / 2), 1, 17, 123].filter((i) => i < docs)) {
      opens.push(await page.evaluate(async ([i, spans]) => {
        const item = document.querySelectorAll('[data-testid=doc-item]')[i + 1];
        const title = item.querySelector('[data-testid=doc-item-title]').textContent;
        const t = performance.now();
        item.querySelector('[data-testid=doc-item-open]').click();
        for (;;) {
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          const total = document.querySelector('[data-testid=list-total]');
          const drawn = document.querySelector('[data-testid=doc-view] .run');
          if (document.querySelector('[data-testid=doc-title]').textContent === title && drawn
            && (!total || Number.parseInt(total.textContent, 10) === spans)) return performance.now() - t;
        }
      }, [i, spans]));
    }
    // Edits in the open document, each saved on its own: the save's main-thread work.
    await page.getByTestId('tab-spans').click();
    await savesDone(page, 30_000);
    await page.evaluate(() => performance.clearMeasures());
    for (let e = 0; e < 10; e++) {
      await page.evaluate(() => {
        const runs = [...document.querySelectorAll('[data-testid=doc-view] .run')].filter((r) => !r.closest('.hl'));
        const run = runs.find((r) => /\w{4,}/.test(r.firstChild.data));
        const m = /\w{4,}/.exec(run.firstChild.data);
        const range = document.createRange();
        range.setStart(run.firstChild, m.index);
        range.setEnd(run.firstChild, m.index + m[0].length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
      });
      await page.keyboard.press('6');
      await page.waitForTimeout(1600);
    }
    await savesDone(page, 30_000);
    const saves = await saveCosts(page);
    await page.evaluate(() => window.gc?.());
    const memory = await page.evaluate(() => ({ jsHeapMB: performance.memory ? performance.memory.usedJSHeapSize / 2 ** 20 : null }));
    return {
      input: `${docs} documents, ${megabytes} M code points, ${docs * spans} spans`,
      importMs, saveAllMs,
      reloadReadyMs: round(readyMs), listMs: round(listMs),
      openMedianMs: round(percentile(opens, 50)), openMaxMs: round(Math.max(...opens)),
      saveMedianMs: round(percentile(saves, 50)), saveP95Ms: round(percentile(saves, 95)), saves: saves.length,
      jsHeapMB: round(memory.jsHeapMB),
    };
  } finally {
    await context.close();
    rmSync(wsPath, { force: true });
  }
}

/** Agreement: `texts` texts of `size` code points, each in `annotators` versions of about
 *  `spans` spans (each version drops, moves or relabels some of a common set), imported as one
 *  workspace file; then how long the Agreement tab takes to show its table (the report over
 *  every text), opened five times, and to recompute when an annotator is left out. */
/** `annotators` versions of `base` (an Avow file): each drops about 10 % of its spans and
 *  relabels about 15 %, and keeps the relations whose two ends it kept unchanged. */
function versionsOf(base, annotators, seed, idPrefix) {
  const random = rng(seed);
  const labels = ['COMMITMENT', 'STANCE', 'ENDORSEMENT', 'TASKING', 'DECLARATION', 'PARTY', 'CONSTRAINT', 'ATTRIBUTION'];
  const original = new Map(base.annotations.map((s) => [s.id, s.label]));
  const files = [];
  for (let a = 0; a < annotators; a++) {
    const annotations = [];
    for (const s of base.annotations) {
      if (random() < 0.1) continue;
      const mine = { ...s };
      if (random() < 0.15) mine.label = labels[Math.floor(random() * labels.length)];
      annotations.push(mine);
    }
    const label = new Map(annotations.map((s) => [s.id, s.label]));
    const relations = base.relations.filter((r) => label.get(r.from) === original.get(r.from) && label.get(r.to) === original.get(r.to));
    files.push({ ...base, annotator: `annotator ${a + 1}`, document: { ...base.document, id: `${idPrefix}-${a}` }, annotations, relations });
  }
  return files;
}

/** A new page with `files` (Avow files: annotators' versions) imported as one workspace file,
 *  once the Workspace tab lists them all (the built-in sample too). `files` is emptied: its
 *  texts can be large. The caller closes `context` and removes `wsPath`. */
async function importVersions(browser, url, files, name) {
  const wsPath = path.join(tmpdir(), `avow-bench-${name}-${process.pid}.json`);
  writeFileSync(wsPath, JSON.stringify({ format: 'avow-workspace', version: 2, schema: { id: 'commitments', version: 1 }, annotator: 'lead', documents: files }));
  const versions = files.length;
  files.length = 0;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.getByTestId('label-COMMITMENT').waitFor();
    await page.getByTestId('import-file').setInputFiles(wsPath);
    await page.getByTestId('tab-workspace').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=doc-item]').length === n + 1, versions, { timeout: 300_000 });
  } catch (e) {
    await context.close();
    rmSync(wsPath, { force: true });
    throw e;
  }
  return { context, page, wsPath };
}

async function agreement(browser, url, texts, annotators, size, spans) {
  const files = [];
  for (let t = 0; t < texts; t++) {
    const base = input(size, spans, 1000 + t, `agreement ${t}`, 20).file;
    files.push(...versionsOf(base, annotators, 5000 + t, `d-agree-${t}`));
  }
  const { context, page, wsPath } = await importVersions(browser, url, files, 'agreement');
  try {
    await savesDone(page, 300_000);
    /** Clicks `selector`, then waits for the table: how long until it shows, and the longest
     *  frame gap meanwhile (the page's responsiveness). */
    const timed = (selector) => page.evaluate(async (selector) => {
      const t = performance.now();
      document.querySelector(selector).click();
      for (;;) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const table = document.querySelector('[data-testid=agreement-table]');
        if (table && table.isConnected && document.querySelector('[data-testid=agreement-table] td')) return performance.now() - t;
      }
    }, selector);
    const opens = [];
    for (let k = 0; k < 5; k++) {
      await page.getByTestId('tab-spans').click();
      opens.push(await timed('[data-testid=agreement-tab]'));
    }
    const recompute = [];
    for (let k = 0; k < 5; k++) recompute.push(await timed('[data-act="choose-annotator:0"], [data-annotator="0"]'));
    return {
      input: `${texts} texts × ${annotators} annotators, ${size} code points and about ${spans} spans each`,
      openMedianMs: round(percentile(opens, 50)), openMinMs: round(Math.min(...opens)), openMaxMs: round(Math.max(...opens)),
      recomputeMedianMs: round(percentile(recompute, 50)), recomputeMaxMs: round(Math.max(...recompute)),
    };
  } finally {
    await context.close();
    rmSync(wsPath, { force: true });
  }
}

/** The corpus as one dataset: `texts` texts × `annotators` versions imported, then Export →
 *  Corpus… → Hugging Face dataset, three times: from the click to the download, and the
 *  longest task meanwhile (a long task freezes the page); then the dataset ZIP imported into
 *  a fresh page, until the Workspace tab lists every version. */
async function corpusRoundTrip(browser, url, texts, annotators, size, spans) {
  const files = [];
  for (let t = 0; t < texts; t++) {
    const base = input(size, spans, 3000 + t, `corpus ${t}`, 20).file;
    files.push(...versionsOf(base, annotators, 7000 + t, `d-corpus-${t}`));
  }
  const versions = files.length;
  const { context, page, wsPath } = await importVersions(browser, url, files, 'corpus');
  const zipPath = path.join(tmpdir(), `avow-bench-corpus-${process.pid}.zip`);
  try {
    await savesDone(page, 300_000);
    await page.evaluate(() => {
      window.avowLongest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.avowLongest = Math.max(window.avowLongest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const exports = [];
    const longest = [];
    for (let k = 0; k < 3; k++) {
      await page.evaluate(() => { window.avowLongest = 0; });
      await page.locator('.export-menu summary').click();
      await page.getByTestId('export-corpus').click();
      const t = Date.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.getByTestId('export-corpus-dataset').click()]);
      exports.push(Date.now() - t);
      longest.push(await page.evaluate(() => window.avowLongest));
      if (k === 0) await download.saveAs(zipPath);
    }
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    let importMs, importLongestMs, saveLongestMs;
    try {
      const other = await fresh.newPage();
      await other.goto(url);
      await other.getByTestId('label-COMMITMENT').waitFor();
      await other.getByTestId('tab-workspace').click();
      await other.evaluate(() => {
        window.avowLongest = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.avowLongest = Math.max(window.avowLongest, e.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      const t = Date.now();
      await other.getByTestId('import-file').setInputFiles(zipPath);
      await other.waitForFunction((n) => document.querySelectorAll('[data-testid=doc-item]').length >= n, versions, { timeout: 300_000 });
      importMs = Date.now() - t;
      await other.getByTestId('import-report').waitFor({ timeout: 300_000 });
      importLongestMs = round(await other.evaluate(() => window.avowLongest));
      // The autosave's own tasks after: the one transaction that stores every new document.
      await other.waitForTimeout(3000);
      saveLongestMs = round(await other.evaluate(() => window.avowLongest));
    } finally {
      await fresh.close();
    }
    return {
      input: `${texts} texts × ${annotators} versions, ${size} code points and about ${spans} spans each`,
      exportMedianMs: round(percentile(exports, 50)), exportMinMs: Math.min(...exports), exportMaxMs: Math.max(...exports),
      longestTaskMs: round(Math.max(...longest)), datasetBytes: statSync(zipPath).size, importMs,
      importLongestTaskMs: importLongestMs, longestTaskWithSaveMs: saveLongestMs,
    };
  } finally {
    await context.close();
    rmSync(wsPath, { force: true });
    if (process.env.AVOW_KEEP_ZIP) writeFileSync(process.env.AVOW_KEEP_ZIP, readFileSync(zipPath));
    rmSync(zipPath, { force: true });
  }
}

/** Adjudication: `annotators` versions of one text of `size` code points with about `spans`
 *  spans each; how soon "Adjudicate" shows the first unit (the gold version made, unanimous
 *  units merged, the gold version opened), and how soon each of 30 decisions (a number key)
 *  shows in the tab, to the painted frame. */
async function adjudication(browser, url, size, spans, annotators) {
  const base = input(size, spans, 4242, 'adjudication', spans / 10).file;
  const files = versionsOf(base, annotators, 4343, 'd-adj');
  const { context, page, wsPath } = await importVersions(browser, url, files, 'adjudication');
  try {
    await page.locator('[data-testid=doc-item]').nth(1).click();
    await page.getByTestId('adjudication-tab').click();
    await page.getByTestId('adjudication-adjudicator').fill('lead');
    await savesDone(page, 300_000);
    const openMs = await page.evaluate(async () => {
      const t = performance.now();
      document.querySelector('[data-testid=adjudicate-start]').click();
      for (;;) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        if (document.querySelector('[data-testid=adjudication-unit] tr.gold')) return performance.now() - t;
      }
    });
    const progress = await page.getByTestId('adjudication-progress').innerText();
    await page.getByTestId('doc-view').focus();
    // Each decision timed as the edits above are: the main thread's work from the key until the
    // tab shows it (its handler, the redraws it schedules, style and layout), plus the next
    // frame's paint; `frame` also counts the wait for the display's refresh.
    const decisions = [];
    const frames = [];
    for (let k = 0; k < 30; k++) {
      const timing = await page.evaluate(async (key) => {
        const settle = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
        const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
        await new Promise((r) => requestIdleCallback(r, { timeout: 500 }));
        for (let f = 0; f < 3; f++) await frame();
        const shown = () => document.querySelector('[data-testid=adjudication-progress]').textContent;
        const before = shown();
        const t0 = performance.now();
        document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key, code: `Digit${key}`, bubbles: true }));
        await settle();
        if (shown() === before) return null;
        document.body.getBoundingClientRect();
        const work = performance.now() - t0;
        const frameStart = await frame();
        await settle();
        const painted = performance.now();
        return { work: work + (painted - frameStart), frame: painted - t0 };
      }, String(1 + (k % annotators)));
      if (timing) {
        decisions.push(timing.work);
        frames.push(timing.frame);
      }
      await page.keyboard.press('n');
    }
    const ok = decisions;
    return {
      input: `${annotators} versions of ${size} code points with about ${spans} spans each`,
      openMs: round(openMs), progressAfterOpen: progress,
      decisionMedianMs: round(percentile(ok, 50)), decisionP95Ms: round(percentile(ok, 95)), decisionMaxMs: round(Math.max(...ok)),
      decisionFrameMedianMs: round(percentile(frames, 50)),
      decisionsShown: `${ok.length} of 30 (a number whose annotator has no span there is refused)`,
    };
  } finally {
    await context.close();
    rmSync(wsPath, { force: true });
  }
}

/** A W3C AnnotationCollection of `spans` over `text` (code points), as Avow and others write it. */
function w3cFile(cps, spans) {
  const slice = (a, b) => cps.slice(Math.max(0, a), Math.max(0, b)).join('');
  const items = spans.map((sp, i) => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld', id: `urn:bench:${i}`, type: 'Annotation', motivation: 'tagging',
    body: [{ type: 'TextualBody', purpose: 'tagging', value: sp.label }],
    target: { source: 'urn:bench', selector: [
      { type: 'TextQuoteSelector', exact: slice(sp.start, sp.end), prefix: slice(sp.start - 32, sp.start), suffix: slice(sp.end, sp.end + 32) },
      { type: 'TextPositionSelector', start: sp.start, end: sp.end },
    ] },
  }));
  return JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: items.length,
    first: { type: 'AnnotationPage', items } });
}

/** A brat .ann of `spans` over `text`, fragments cut at line breaks as brat writes them. */
function bratAnn(cps, spans) {
  return spans.map((sp, i) => {
    const frags = [];
    let from = null;
    for (let c = sp.start; c < sp.end; c++) {
      const brk = cps[c] === '\n' || cps[c] === '\r';
      if (brk && from !== null) { frags.push([from, c]); from = null; }
      if (!brk && from === null) from = c;
    }
    if (from !== null) frags.push([from, sp.end]);
    return `T${i + 1}\t${sp.label} ${frags.map(([a, b]) => `${a} ${b}`).join(';')}\t${frags.map(([a, b]) => cps.slice(a, b).join('')).join(' ')}`;
  }).join('\n') + '\n';
}

/** Re-anchoring in the browser: open `target` as a text file, import `file`, time until the
 *  import's report shows. */
async function reanchor(browser, url, name, target, file, fileName) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.getByTestId('label-COMMITMENT').waitFor();
  await page.getByTestId('file-input').setInputFiles({ name: 'target.txt', mimeType: 'text/plain', buffer: Buffer.from(target, 'utf8') });
  await page.waitForFunction(() => document.querySelector('[data-testid=info-message]')?.textContent.includes('Opened target.txt'));
  await page.evaluate(() => {
    document.querySelector('[data-testid=import-file]').addEventListener('change', () => { window.__t0 = performance.now(); }, { once: true });
  });
  await page.getByTestId('import-file').setInputFiles({ name: fileName, mimeType: 'application/octet-stream', buffer: Buffer.from(file, 'utf8') });
  const [ms, report] = await page.evaluate(async () => {
    for (;;) {
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const shown = document.querySelector('[data-testid=info-message]')?.textContent || '';
      if (shown.includes('added to')) return [performance.now() - window.__t0, shown];
    }
  });
  await page.close();
  return { case: name, fileKB: round(Buffer.byteLength(file) / 1024), importMs: round(ms), report: report.replace(/×$/, '').slice(0, 110) };
}

async function reanchoring(browser, url) {
  const out = [];
  const one = input(1_000_000, 5000, 7);
  const cps = Array.from(one.text);
  const spans = JSON.parse(one.json).annotations;
  const w3c = w3cFile(cps, spans);
  out.push(await reanchor(browser, url, '5,000 W3C spans, 1 M text, 13 characters added at its top', 'Added at top.' + one.text, w3c, 'spans.w3c.jsonld'));
  // The same spans made on a CRLF text, imported onto its LF version.
  const crlfCps = Array.from(one.text.replace(/\n/g, '\r\n'));
  const breaksBefore = new Uint32Array(cps.length + 1);
  cps.forEach((c, i) => { breaksBefore[i + 1] = breaksBefore[i] + (c === '\n' ? 1 : 0); });
  const shift = (c) => c + breaksBefore[c];
  const crlfSpans = spans.map((sp) => ({ ...sp, start: shift(sp.start), end: shift(sp.end) }));
  out.push(await reanchor(browser, url, '5,000 W3C spans, 1 M text, CRLF changed to LF', one.text, w3cFile(crlfCps, crlfSpans), 'crlf.w3c.jsonld'));
  out.push(await reanchor(browser, url, '5,000 brat spans (.ann without its .txt), CRLF text onto LF', one.text, bratAnn(crlfCps, crlfSpans), 'crlf.ann'));
  const small = input(200_000, 100, 11);
  const smallSpans = JSON.parse(small.json).annotations;
  out.push(await reanchor(browser, url, '100 W3C spans, 200 K text, 100,000 characters added at its top', 'x'.repeat(100_000) + small.text, w3cFile(Array.from(small.text), smallSpans), 'prefix.w3c.jsonld'));
  return out;
}

function sizes() {
  const files = readdirSync(dist);
  const gz = (re) => files.filter((f) => re.test(f)).reduce((n, f) => n + gzipSync(readFileSync(path.join(dist, f)), { level: 9 }).length, 0);
  const kb = (n) => round(n / 1024);
  const wasm = gz(/\.wasm$/), js = gz(/\.js$/), css = gz(/\.css$/);
  return { wasmKB: kb(wasm), jsKB: kb(js), cssKB: kb(css), totalKB: kb(wasm + js + css) };
}

const port = freePort();
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
try {
  const url = `http://127.0.0.1:${port}/`;
  const results = [];
  const cases = [[100_000, 500], [1_000_000, 5000], [10_000_000, 50_000]]
    .filter(([size]) => !process.env.AVOW_SKIP_LARGE || size < 10_000_000)
    .filter(([size]) => !process.env.AVOW_ONLY_LARGE || size === 10_000_000);
  for (const [size, count] of process.env.AVOW_ONLY_AGREEMENT || process.env.AVOW_ONLY_ADJUDICATION || process.env.AVOW_ONLY_CORPUS ? [] : cases) {
    results.push(await measure(browser, url, size, count));
  }
  // AVOW_SKIP_WORKSPACE=1 leaves out the 200-document workspace (a build before IndexedDB
  // cannot hold it).
  const corpusCase = process.env.AVOW_SKIP_WORKSPACE || process.env.AVOW_ONLY_AGREEMENT || process.env.AVOW_ONLY_ADJUDICATION || process.env.AVOW_ONLY_CORPUS ? [] : [await workspace(browser, url, 200, 500_000, 250)];
  // AVOW_SKIP_AGREEMENT=1 leaves out agreement (a build from before it has no such tab).
  const agreementCase = process.env.AVOW_SKIP_AGREEMENT || process.env.AVOW_ONLY_ADJUDICATION || process.env.AVOW_ONLY_CORPUS ? [] : [await agreement(browser, url, 200, 3, 5_000, 100)];
  // AVOW_SKIP_CORPUS=1 leaves out the corpus export (a build from before it has none).
  const corpusExport = process.env.AVOW_SKIP_CORPUS || process.env.AVOW_ONLY_AGREEMENT || process.env.AVOW_ONLY_ADJUDICATION ? [] : [await corpusRoundTrip(browser, url, 200, 3, 5_000, 100)];
  // AVOW_SKIP_ADJUDICATION=1 leaves out adjudication (a build from before it has no such tab).
  const adjudicationCase = process.env.AVOW_SKIP_ADJUDICATION || process.env.AVOW_ONLY_CORPUS ? [] : [await adjudication(browser, url, 1_000_000, 5000, 3)];
  // AVOW_SKIP_ANCHORING=1 leaves out re-anchoring (a build from before it was fast takes minutes).
  const anchoring = process.env.AVOW_SKIP_ANCHORING || process.env.AVOW_ONLY_AGREEMENT || process.env.AVOW_ONLY_ADJUDICATION || process.env.AVOW_ONLY_CORPUS ? [] : await reanchoring(browser, url);
  const calibration = await calibrate(browser);
  const report = { machine: `${(await import('node:os')).cpus().length} cores, Chromium ${browser.version()}`, calibration, results, workspace: corpusCase, agreement: agreementCase, corpus: corpusExport, adjudication: adjudicationCase, anchoring, size: sizes() };
  console.table(results);
  console.table(corpusCase);
  console.table(agreementCase);
  console.table(corpusExport);
  console.table(adjudicationCase);
  console.table(anchoring);
  console.table([report.size]);
  console.table([calibration]);
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(path.join(here, 'bench-results.json'), JSON.stringify(report, null, 2) + '\n');
} finally {
  await browser.close();
  server.kill();
}
