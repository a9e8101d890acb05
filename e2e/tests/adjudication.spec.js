// Adjudication (issue 17): three annotators' versions of the built-in sample merged into a gold
// version from the keyboard (take, accept, undo, a relation, reject with a note, a cell, an edit
// in place), with a reload mid-way; the gold file carries its provenance and reads back.
import { test, expect } from '@playwright/test';
import { openApp, exportAs, labelPhrase } from './helpers.js';
import { at, avowFile, addVersion } from './versions.js';

const PARTY = at('The United States and Japan');
const CYBER = at('intend to expand bilateral security cooperation in cyberspace');
const DPRK = 'reaffirmed their resolute commitment to the complete denuclearization of the DPRK';
const WELCOMED = at('welcomed Japan’s commitment');

// In text order: PARTY (everyone, identical: merged at the start), CYBER (a COMMITMENT for ana
// and ben, a STANCE for chloé), the committer relation CYBER → PARTY (ana and ben), WELCOMED
// (ana alone), DPRK (ana's starts a word before ben's; chloé has none).
const FILES = [
  avowFile('ana', [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT'], [WELCOMED, 'ENDORSEMENT'], [at(DPRK), 'COMMITMENT']], [['committer', 's2', 's1']]),
  avowFile('ben', [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT'], [at(DPRK, 1), 'COMMITMENT']], [['committer', 's2', 's1']]),
  avowFile('chloé', [[PARTY, 'PARTY'], [CYBER, 'STANCE']]),
];

const progress = (page) => page.getByTestId('adjudication-progress');
const goldRow = (page) => page.getByTestId('adjudication-unit').locator('tr.gold');

async function startAdjudicating(page) {
  await openApp(page);
  for (const file of FILES) await addVersion(page, file);
  await page.getByTestId('adjudication-tab').click();
  await expect(page.getByTestId('adjudication-strategy')).toBeVisible();
  // Gold records who decided: asked for here when the workspace has no name yet.
  await page.getByTestId('adjudicate-start').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('info-message')).toContainText('adjudicator’s name');
  await page.getByTestId('adjudication-adjudicator').fill('dana');
  await page.getByTestId('adjudicate-start').focus();
  await page.keyboard.press('Enter');
  await expect(progress(page)).toHaveText('1 of 4 decided');
  await page.getByTestId('doc-view').focus();
}

test('three versions adjudicated by keyboard, reloaded mid-way, exported and read back with provenance', async ({ page, browser }) => {
  await startAdjudicating(page);
  await expect(page.getByTestId('adjudication-remaining')).toHaveText('3');
  // The first undecided unit: the cyber act, two against one, drawn in three lanes.
  const unit = page.getByTestId('adjudication-unit');
  await expect(unit.getByTestId('adjudication-state')).toHaveText('disagreeing');
  await expect(unit.locator('tr.majority')).toHaveCount(2);
  await expect(page.locator('[data-testid=text-lanes] .lane')).not.toHaveCount(0);
  // Names can be hidden; the filter narrows the queue.
  await page.locator('[data-testid=adjudication-panel] [data-act=hide-names]').check();
  await expect(unit.locator('tbody th').first()).toContainText('annotator 1');
  await page.locator('[data-testid=adjudication-panel] [data-act=hide-names]').uncheck();
  await expect(unit.locator('tbody th').first()).toContainText('ana');
  await page.getByTestId('adjudication-filter').selectOption('incomplete');
  await expect(unit).toContainText('welcomed Japan’s commitment');
  await page.getByTestId('adjudication-filter').selectOption('all');
  await expect(unit).toContainText('intend to expand');
  await page.getByTestId('doc-view').focus();
  // 3 takes chloé's STANCE, and the next unit comes at once (one key per unit): the relation,
  // now that both its ends are decided. Undo takes the decision back; P returns to the act,
  // where A takes the majority's COMMITMENT, and on to the relation again.
  await page.keyboard.press('3');
  await expect(unit).toContainText('Relation committer');
  await expect(progress(page)).toHaveText('2 of 5 decided');
  await page.keyboard.press('Control+z');
  await expect(progress(page)).toHaveText('1 of 4 decided');
  await page.keyboard.press('p');
  await expect(unit).toContainText('intend to expand');
  await expect(unit).not.toContainText('Relation committer');
  await expect(goldRow(page)).toContainText('undecided');
  await page.keyboard.press('a');
  await expect(unit).toContainText('Relation committer');
  await expect(progress(page)).toHaveText('2 of 5 decided');
  await page.keyboard.press('a');
  await expect(progress(page)).toHaveText('3 of 5 decided');

  // A reload resumes where it was.
  await page.reload();
  await expect(page.getByTestId('doc-view')).not.toBeEmpty();
  await page.getByTestId('adjudication-tab').click();
  await expect(progress(page)).toHaveText('3 of 5 decided');
  await expect(unit).toContainText('welcomed Japan’s commitment');
  // Rejected with a note (Enter in the note box).
  await page.getByTestId('adjudication-note').fill('a welcome, not an endorsement');
  await page.getByTestId('adjudication-note').press('Enter');
  await expect(progress(page)).toHaveText('4 of 5 decided');
  // The next unit comes at once: the DPRK one (N stays on it, the last undecided).
  await expect(unit).toContainText('denuclearization');
  await page.keyboard.press('n');
  await expect(unit).toContainText('denuclearization');
  // Shift+2 takes only ben's extent (the focused cell), and the unit stays.
  await page.keyboard.press('Shift+Digit2');
  await expect(goldRow(page).locator('td').first()).toContainText('“their resolute');
  // E edits the gold span in place with the usual keys (2: STANCE); Esc comes back.
  await page.keyboard.press('e');
  await page.keyboard.press('2');
  await page.keyboard.press('Escape');
  await expect(goldRow(page)).toContainText('STANCE');
  await expect(progress(page)).toHaveText('5 of 5 decided');
  await expect(page.getByTestId('adjudication-remaining')).toHaveText('0');

  // The Agreement tab scores each annotator against gold.
  await page.getByTestId('agreement-tab').click();
  await expect(page.locator('[data-testid=agreement-panel] [data-act^=choose-annotator]')).toHaveCount(4);
  await expect(page.getByTestId('agreement-panel')).toContainText('gold');
  await expect(page.getByTestId('agreement-table')).toBeVisible();

  // The gold file says where everything came from.
  const file = JSON.parse((await exportAs(page, 'export-json')).buffer.toString('utf8'));
  expect(file.adjudication.adjudicator).toBe('dana');
  // Every unit decided: the file says when.
  expect(Date.parse(file.adjudication.finished)).toBeGreaterThanOrEqual(Date.parse(file.adjudication.started));
  expect(file.annotator).toBe('dana');
  expect(file.adjudication.inputs.map((i) => i.annotator)).toEqual(['ana', 'ben', 'chloé']);
  const byLabel = Object.fromEntries(file.annotations.map((a) => [a.label, a]));
  expect(file.annotations).toHaveLength(3);
  expect(byLabel.PARTY.provenance.decision).toBe('unanimous');
  expect(byLabel.PARTY.provenance.agreed_by).toEqual(['ana', 'ben', 'chloé']);
  expect(byLabel.COMMITMENT.provenance).toMatchObject({ decision: 'picked', agreed_by: ['ana', 'ben'] });
  expect(byLabel.STANCE.provenance.decision).toBe('edited');
  expect(byLabel.STANCE.provenance.sources.map((s) => s.annotator)).toEqual(['ana', 'ben']);
  expect(file.relations).toHaveLength(1);
  expect(file.relations[0].provenance.decision).toBe('picked');
  expect(file.rejected).toHaveLength(1);
  expect(file.rejected[0]).toMatchObject({ note: 'a welcome, not an endorsement', sources: [{ annotator: 'ana', id: 's3' }] });

  // Label Studio: gold as the task's ground truth, then each annotator's version.
  const task = JSON.parse((await exportAs(page, 'export-labelstudio')).buffer.toString('utf8'))[0];
  expect(task.annotations.map((a) => [a.completed_by.email, a.ground_truth])).toEqual([
    ['dana', true], ['ana', false], ['ben', false], ['chloé', false],
  ]);

  // Read back in a fresh browser: the same file, provenance and all.
  const fresh = await browser.newPage();
  await openApp(fresh);
  await fresh.getByTestId('import-file').setInputFiles({
    name: 'gold.avow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)),
  });
  // dana's first version of a text here: added as hers, without a question.
  await expect(fresh.getByTestId('import-dialog')).toHaveCount(0);
  await expect(fresh.getByTestId('doc-title')).toContainText('(gold)');
  const again = JSON.parse((await exportAs(fresh, 'export-json')).buffer.toString('utf8'));
  expect(again.annotations.map((a) => a.provenance)).toEqual(file.annotations.map((a) => a.provenance));
  expect(again.rejected).toEqual(file.rejected);
  expect(again.adjudication).toEqual(file.adjudication);
  await fresh.close();
});

test('a version edited during adjudication comes into the queue', async ({ page }) => {
  await startAdjudicating(page);
  // ana adds a PARTY in her version, in this tab.
  await page.getByTestId('tab-workspace').click();
  const version = page.getByTestId('doc-item-version').filter({ hasText: /^ana's version/ });
  await page.locator('[data-testid=doc-item]', { has: version }).getByTestId('doc-item-open').click();
  await expect(page.getByTestId('doc-title')).not.toContainText('(gold)');
  await labelPhrase(page, 'The two leaders', '6');
  await page.getByTestId('tab-workspace').click();
  const gold = page.locator('[data-testid=doc-item]', { hasText: '(gold)' });
  await expect(gold.getByTestId('doc-item-version')).toHaveText('the gold version, one of 4');
  await gold.getByTestId('doc-item-open').click();
  await expect(page.getByTestId('doc-title')).toContainText('(gold)');
  await page.getByTestId('adjudication-tab').click();
  await expect(progress(page)).toHaveText('1 of 5 decided');
});
