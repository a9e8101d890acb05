// A corpus out and back in as one dataset (issue 30): Export → Corpus… with its choices, every
// format downloaded at once, and the dataset ZIP read back into a fresh browser whole.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, SAMPLE } from './helpers.js';
import { at, avowFile, addVersion } from './versions.js';

const PARTY = at('The United States and Japan');
const CYBER = at('intend to expand bilateral security cooperation in cyberspace');

/** ana's, ben's and chloé's versions of the sample, adjudicated by dana with A. */
async function adjudicatedCorpus(page) {
  for (const [who, label] of [['ana', 'COMMITMENT'], ['ben', 'COMMITMENT'], ['chloé', 'STANCE']]) {
    await addVersion(page, avowFile(who, [[PARTY, 'PARTY'], [CYBER, label]], [['committer', 's2', 's1']]));
  }
  await page.getByTestId('adjudication-tab').click();
  await page.getByTestId('adjudication-adjudicator').fill('dana');
  await page.getByTestId('adjudicate-start').click();
  await page.getByTestId('doc-view').focus();
  // The act, then the relation its end brings.
  for (let i = 0; i < 4; i++) {
    if (await page.getByTestId('adjudication-unit').filter({ hasText: 'Every unit is decided' }).count()) break;
    await page.keyboard.press('a');
    await page.waitForTimeout(150);
  }
  await expect(page.getByTestId('adjudication-unit')).toContainText('Every unit is decided');
  // The edits reach storage before anything reads the workspace back.
  await page.waitForTimeout(600);
}

async function exportCorpus(page, format, choose = async () => {}) {
  await page.locator('.export-menu summary').click();
  await page.getByTestId('export-corpus').click();
  const dialog = page.getByTestId('corpus-dialog');
  await expect(dialog).toBeVisible();
  await choose(dialog);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-corpus-${format}`).click()]);
  await expect(dialog).toHaveCount(0);
  return download;
}

test('Export → Corpus…: the dialog says what is there, opens on the dataset, Esc closes it', async ({ page }) => {
  await openApp(page);
  await adjudicatedCorpus(page);
  await page.locator('.export-menu summary').click();
  await page.getByTestId('export-corpus').click();
  const dialog = page.getByTestId('corpus-dialog');
  await expect(dialog).toContainText('1 text: 1 gold version, 3 versions by annotators.');
  await expect(page.getByTestId('export-corpus-dataset')).toBeFocused();
  for (const who of ['ana', 'ben', 'chloé']) await expect(dialog.locator(`input[data-annotator="${who}"]`)).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('the whole corpus leaves in every format, names numbered by default', async ({ page }) => {
  await openApp(page);
  await adjudicatedCorpus(page);
  const today = new Date().toISOString().slice(0, 10);
  const expected = {
    dataset: `avow-corpus-dataset_${today}-dataset.zip`,
    doccano: `avow-corpus-doccano_${today}.jsonl`,
    brat: `avow-corpus-brat_${today}.zip`,
    labelstudio: `avow-corpus-labelstudio_${today}.json`,
    w3c: `avow-corpus-w3c_${today}.zip`,
    conll: `avow-corpus-conll_${today}.conll`,
    avow: `avow-corpus-avow_${today}.json`,
  };
  for (const [format, name] of Object.entries(expected)) {
    const download = await exportCorpus(page, format);
    expect(download.suggestedFilename()).toBe(name);
    const bytes = readFileSync(await download.path());
    if (format === 'doccano') {
      const lines = bytes.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(4);
      expect(lines.map((l) => l.annotator).sort()).toEqual(['annotator-1', 'annotator-2', 'annotator-3', 'gold']);
    }
    if (format === 'labelstudio') {
      const tasks = JSON.parse(bytes.toString('utf8'));
      expect(tasks).toHaveLength(1);
      expect(tasks[0].annotations).toHaveLength(4);
      expect(tasks[0].annotations[0].ground_truth).toBe(true);
    }
    if (format === 'dataset') {
      const listing = bytes.toString('latin1');
      for (const file of ['README.md', 'avow/workspace.json', 'avow/schema.json', 'avow/agreement.json']) expect(listing).toContain(file);
      expect(listing).not.toContain('chlo');
    }
  }
  // Gold only, names kept: one line, gold's.
  const goldOnly = await exportCorpus(page, 'doccano', async () => {
    await page.getByTestId('corpus-versions').selectOption('gold');
    await page.getByTestId('corpus-keep-names').check();
  });
  const lines = readFileSync(await goldOnly.path(), 'utf8').trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]).annotator).toBe('gold');
});

/**
 * The adjudicated corpus exported in `format` (names kept) from one browser and imported as
 * `file` into a fresh one; the fresh context and its page, once the import has reported.
 */
async function intoFreshBrowser(browser, format, file) {
  const first = await browser.newContext();
  const page = await first.newPage();
  await openApp(page);
  await adjudicatedCorpus(page);
  const download = await exportCorpus(page, format, async () => {
    await page.getByTestId('corpus-keep-names').check();
  });
  const bytes = readFileSync(await download.path());
  await first.close();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openApp(other);
  await other.getByTestId('import-file').setInputFiles({ ...file, buffer: bytes });
  await expect(other.getByTestId('import-report')).toBeVisible();
  return { fresh, other, bytes };
}

test('the dataset ZIP comes back into a fresh browser with the same texts, versions, spans and relations', async ({ browser }) => {
  const { fresh, other } = await intoFreshBrowser(browser, 'dataset', { name: 'corpus-dataset.zip', mimeType: 'application/zip' });
  await expect(other.getByTestId('import-report')).toContainText('corpus-dataset.zip');
  await other.getByTestId('tab-workspace').click();
  // The sample here is untouched: the file's first version fills it; the rest are added.
  await expect(other.getByTestId('doc-group')).toContainText('4 versions of this text');
  await expect(other.locator('[data-testid=doc-item].in-group').getByTestId('doc-item-spans')).toHaveText(['2 spans', '2 spans', '2 spans', '2 spans']);
  await other.getByTestId('agreement-tab').click();
  for (const who of ['ana', 'ben', 'chloé']) {
    await expect(other.locator('.agreement-choice label', { hasText: who }).locator('input')).toBeChecked();
  }
  await expect(other.getByTestId('agreement-gold-table')).toBeVisible();
  await fresh.close();
});

for (const [format, name, type] of [
  ['doccano', 'corpus.jsonl', 'application/jsonl'],
  ['avow', 'corpus-workspace.json', 'application/json'],
]) {
  test(`the ${format} corpus comes back into a fresh browser with every version, span and relation`, async ({ browser }) => {
    const { fresh, other } = await intoFreshBrowser(browser, format, { name, mimeType: type });
    await expect(other.getByTestId('import-report')).toContainText('Imported 1 text, 4 versions: 8 spans, 4 relations.');
    await other.getByTestId('tab-workspace').click();
    await expect(other.getByTestId('doc-group')).toContainText('4 versions of this text');
    await expect(other.locator('[data-testid=doc-item].in-group').getByTestId('doc-item-spans')).toHaveText(['2 spans', '2 spans', '2 spans', '2 spans']);
    for (const who of ['ana', 'ben', 'chloé']) {
      await expect(other.getByTestId('doc-item').filter({ hasText: who })).toHaveCount(1);
    }
    await fresh.close();
  });
}

test('a Label Studio corpus with several annotations per task comes in as versions, gold apart', async ({ browser }) => {
  const { fresh, other } = await intoFreshBrowser(browser, 'labelstudio', { name: 'project.json', mimeType: 'application/json' });
  await other.getByTestId('tab-workspace').click();
  await expect(other.getByTestId('doc-group')).toContainText('versions of this text');
  await other.getByTestId('agreement-tab').click();
  for (const who of ['ana', 'ben', 'chloé']) {
    await expect(other.locator('.agreement-choice label', { hasText: who }).locator('input')).toBeChecked();
  }
  // The ground truth is "gold": listed, not counted, and measured against.
  await expect(other.locator('.agreement-choice label:has([data-act^="choose-annotator"])', { hasText: 'gold' }).locator('input')).not.toBeChecked();
  await expect(other.locator('.agreement-choice label:has([data-act^="choose-text"])')).not.toContainText('(gold)');
  await expect(other.getByTestId('agreement-gold-table').locator('tbody tr')).toHaveCount(3);
  await fresh.close();
});

test('a brat collection comes in as each text’s versions, named by their files; again, with one question', async ({ browser }) => {
  const file = { name: 'corpus-brat.zip', mimeType: 'application/zip' };
  const { fresh, other, bytes } = await intoFreshBrowser(browser, 'brat', file);
  // One report for the whole import: the text, its versions, their spans.
  await expect(other.getByTestId('import-report')).toContainText('Imported 1 text, 4 versions: 8 spans, 4 relations.');
  await other.getByTestId('tab-workspace').click();
  await expect(other.getByTestId('doc-group')).toContainText('4 versions of this text');
  const items = other.getByTestId('doc-item');
  const count = await items.count();
  for (const who of ['ana', 'ben', 'chlo', 'gold']) await expect(items.filter({ hasText: who })).toHaveCount(1);

  // The same files again: one question for all of them, and nothing changes before it.
  const again = async () => {
    await other.getByTestId('import-file').setInputFiles({ ...file, buffer: bytes });
    const batch = other.getByTestId('import-batch');
    await expect(batch).toContainText('4 files hold 1 text already in your workspace (4 documents in all).');
    await expect(other.getByTestId('import-batch-versions')).toBeFocused();
    await expect(items).toHaveCount(count);
  };
  await again();
  await other.getByTestId('import-batch-cancel').click();
  await expect(other.getByTestId('import-report')).toHaveText('Import cancelled: nothing was changed.');
  await expect(items).toHaveCount(count);
  // As versions: each annotator has theirs here already, so each is left out, and said.
  await again();
  await other.getByTestId('import-batch-versions').click();
  await expect(other.getByTestId('import-report')).toContainText('1 version left out, as its annotator has a version of that text here already');
  await expect(items).toHaveCount(count);
  // Esc is Cancel.
  await again();
  await other.keyboard.press('Escape');
  await expect(other.getByTestId('import-batch')).toHaveCount(0);
  await expect(other.getByTestId('import-report')).toHaveText('Import cancelled: nothing was changed.');
  // Apart: copies of their own.
  await again();
  await other.getByTestId('import-batch-apart').click();
  await expect(items).toHaveCount(count + 4);
  await fresh.close();
});

/** An Avow workspace of `n` texts (each the sample with a line of its own) with a few spans. */
function largeWorkspace(n) {
  const documents = [];
  for (let k = 0; k < n; k++) {
    const text = `Copy ${k} of the statement.\n${SAMPLE}`;
    const doc = avowFile(`reader-${k % 3}`, [[{ start: 0, end: 4 }, 'PARTY']], [], text);
    doc.document.id = `d-large-${k}`;
    doc.document.metadata.title = `Copy ${k}`;
    documents.push(doc);
  }
  return { format: 'avow-workspace', version: 2, schema: { id: 'commitments', version: 1 }, annotator: '', documents };
}

test('a large import shows its progress, and Cancel leaves the workspace as it was', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('tab-workspace').click();
  const items = page.getByTestId('doc-item');
  const before = await items.count();
  const buffer = Buffer.from(JSON.stringify(largeWorkspace(1500)));
  // A slower machine than this one, so that the import lasts long enough to cancel.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.getByTestId('import-file').setInputFiles({ name: 'large.json', mimeType: 'application/json', buffer });
  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('large.json');
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-report')).toHaveText('Import cancelled: nothing was changed.');
  await expect(progress).toHaveCount(0);
  await expect(items).toHaveCount(before);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  // Nothing reached storage either.
  await page.waitForTimeout(800);
  await page.reload();
  await expect(page.getByTestId('label-COMMITMENT')).toBeVisible();
  await page.getByTestId('tab-workspace').click();
  await expect(items).toHaveCount(before);
});

test('a large import is stored whole, a hundred documents per save, and is there after a reload', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('tab-workspace').click();
  const items = page.getByTestId('doc-item');
  const before = await items.count();
  const buffer = Buffer.from(JSON.stringify(largeWorkspace(250)));
  await page.getByTestId('import-file').setInputFiles({ name: 'team.json', mimeType: 'application/json', buffer });
  await expect(page.getByTestId('import-report')).toContainText('Imported 250 documents from team.json.');
  await expect(items).toHaveCount(before + 250);
  // Three saves: wait until storage holds every document, then read it back.
  await expect.poll(async () => page.evaluate(() => new Promise((done) => {
    const open = indexedDB.open('avow');
    open.onsuccess = () => {
      const db = open.result;
      const store = db.transaction(db.objectStoreNames[0]).objectStore(db.objectStoreNames[0]);
      const keys = store.getAllKeys();
      keys.onsuccess = () => { done(keys.result.filter((k) => String(k).includes(':doc:')).length); db.close(); };
    };
  })), { timeout: 20_000 }).toBe(before + 250);
  await page.reload();
  await expect(page.getByTestId('label-COMMITMENT')).toBeVisible();
  await page.getByTestId('tab-workspace').click();
  await expect(items).toHaveCount(before + 250);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
});
