// A corpus out and back in as one dataset (issue 30): Export → Corpus… with its choices, every
// format downloaded at once, and the dataset ZIP read back into a fresh browser whole.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp } from './helpers.js';
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
  await expect(other.getByTestId('info-message')).toContainText(file.name);
  return { fresh, other };
}

test('the dataset ZIP comes back into a fresh browser with the same texts, versions, spans and relations', async ({ browser }) => {
  const { fresh, other } = await intoFreshBrowser(browser, 'dataset', { name: 'corpus-dataset.zip', mimeType: 'application/zip' });
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
