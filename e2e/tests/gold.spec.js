// A gold workflow a team can trust (issue 29): merging annotators' files keeps every version,
// the import dialog defaults to what loses nothing, adjudication finds the versions after a
// reload, agreement leaves gold out, and the keyboard does what it shows.
import { test, expect } from '@playwright/test';
import { SAMPLE, labelPhrase, openApp, pasteDocument } from './helpers.js';
import { at, avowFile } from './versions.js';

const PARTY = at('The United States and Japan');
const CYBER = at('intend to expand bilateral security cooperation in cyberspace');

/** A text beside the sample, as a team's second document. */
const SECOND = `${SAMPLE}\nAnnex: the ministers will meet in May.\n`;

/**
 * An annotator's *Whole workspace* file as an earlier build wrote it: the untouched sample
 * stamped with their name, and their version of the second text.
 */
function workspaceOf(annotator, spans) {
  const untouched = avowFile(annotator, []);
  const mine = avowFile(annotator, spans, [], SECOND);
  mine.document.id = `d-second-${annotator}`;
  return {
    format: 'avow-workspace', version: 2, schema: { id: 'commitments', version: 1 }, annotator,
    documents: [untouched, mine],
  };
}

async function importJson(page, name, object) {
  await page.getByTestId('import-file').setInputFiles({
    name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(object)),
  });
}

test('three annotators’ workspace files merged at a lead keep all three versions, with no question', async ({ page }) => {
  await openApp(page);
  const files = {
    ana: workspaceOf('ana', [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT']]),
    ben: workspaceOf('ben', [[PARTY, 'PARTY'], [CYBER, 'STANCE']]),
    'chloé': workspaceOf('chloé', [[PARTY, 'PARTY']]),
  };
  for (const [who, file] of Object.entries(files)) {
    await importJson(page, `${who}.json`, file);
    // ana's is the first copy of the second text here; the others are added as versions.
    await expect(page.getByTestId('info-message')).toContainText(who === 'ana' ? 'Imported 1 document from ana.json' : `Added ${who}'s version`);
    // The untouched sample each file carries is no one's version: nothing is asked.
    await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  }
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-group')).toContainText('3 versions of this text');
  await expect(page.locator('[data-testid=doc-item].in-group').getByTestId('doc-item-spans')).toHaveText(['2 spans', '2 spans', '1 span']);
  // The sample is here once, as the lead had it.
  await expect(page.getByTestId('doc-item-title').filter({ hasText: "United States-Japan Joint Leaders' Statement" })).toHaveCount(1);
});

test('a whole-workspace export names the annotator on their versions only, never on an untouched text', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('tab-workspace').click();
  await page.getByTestId('annotator-name').fill('ana');
  await page.getByTestId('annotator-name').press('Enter');
  await pasteDocument(page, 'The two leaders met and agreed.');
  await labelPhrase(page, 'The two leaders', '6');
  await page.locator('.export-menu summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-workspace').click()]);
  const { readFileSync } = await import('node:fs');
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const byText = Object.fromEntries(file.documents.map((d) => [d.document.text.slice(0, 15), d.annotator ?? '']));
  expect(byText['The two leaders']).toBe('ana');
  expect(Object.values(byText).filter((a) => a === '')).toHaveLength(1);
});

test('the import dialog: the safe choice has the focus, Replace names whose spans it removes, Esc cancels, Tab stays inside', async ({ page }) => {
  await openApp(page);
  const ana = avowFile('ana', [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT']]);
  await importJson(page, 'ana.avow.json', ana);
  await expect(page.getByTestId('info-message')).toContainText('ana.avow.json');
  // ana's file again: her version is here, so the dialog asks.
  await importJson(page, 'ana-again.avow.json', ana);
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('import-keep-both')).toBeFocused();
  await expect(page.getByTestId('import-replace')).toHaveText("Replace ana's version (removes its 2 spans)");
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement.closest('[data-testid=import-dialog]')), 'focus stays in the dialog').toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('info-message')).toContainText('Did not import ana-again.avow.json');
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(1);
  await expect(page.getByTestId('doc-item-spans')).toHaveText('2 spans');
});

test('after a reload the Adjudicate tab lists the versions; Agreement leaves gold out', async ({ page }) => {
  await openApp(page);
  for (const [who, spans] of [['ana', [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT']]], ['ben', [[PARTY, 'PARTY'], [CYBER, 'STANCE']]], ['chloé', [[PARTY, 'PARTY']]]]) {
    await importJson(page, `${who}.avow.json`, avowFile(who, spans));
    await expect(page.getByTestId('info-message')).toContainText(`${who}.avow.json`);
  }
  await page.waitForTimeout(1200);
  await page.reload();
  await expect(page.getByTestId('label-COMMITMENT')).toBeVisible();
  await page.getByTestId('adjudication-tab').click();
  await expect(page.getByTestId('adjudication-panel')).toContainText('Versions of this text: ana, ben, chloé');
  await page.getByTestId('adjudication-adjudicator').fill('dana');
  await page.getByTestId('adjudicate-start').click();
  await expect(page.getByTestId('doc-title')).toContainText('(gold)');
  // Gold is there, but not counted as a fourth annotator.
  await page.getByTestId('agreement-tab').click();
  const gold = page.locator('.agreement-choice label', { hasText: 'gold' }).locator('input');
  await expect(gold).toBeVisible();
  await expect(gold).not.toBeChecked();
  for (const who of ['ana', 'ben', 'chloé']) {
    await expect(page.locator('.agreement-choice label', { hasText: who }).locator('input')).toBeChecked();
  }
});

test('one question for a whole import: three files that ask, kept apart with one choice', async ({ page }) => {
  await openApp(page);
  const files = ['ana', 'ben', 'chloé'].map((who) => avowFile(who, [[PARTY, 'PARTY']]));
  for (const file of files) await importJson(page, `${file.annotator}.avow.json`, file);
  // The same three files again, together: each version is here, so one question for all.
  await page.getByTestId('import-file').setInputFiles(files.map((file) => ({
    name: `${file.annotator}-again.avow.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)),
  })));
  const dialog = page.getByTestId('import-batch');
  await expect(dialog).toContainText('3 files hold 1 text already in your workspace (3 documents in all).');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await page.getByTestId('import-batch-apart').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('import-report')).toContainText('Imported 1 text, 3 versions');
  await expect(page.getByTestId('import-report')).toContainText('kept apart');
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(6);
});

test('a title is the first heading-like line, or the one typed when opening; export names follow it', async ({ page }) => {
  await openApp(page);
  // Corpus 003's opening: a one-word fragment, a wrapped sentence, then a heading.
  await pasteDocument(page, 'President\nDonald J. Trump and Prime Minister Ishiba Shigeru held their first official\nmeeting today in Washington.\nU.S.-Japan Cooperation for Peace\nThe two leaders met.\n');
  await expect(page.getByTestId('doc-title')).toHaveText('U.S.-Japan Cooperation for Peace');
  await page.locator('.open-document summary').click();
  await page.getByTestId('doc-input').fill('President\nThe leaders met.');
  await page.getByTestId('doc-title-input').fill('Joint Leaders’ Statement, 7 February 2025');
  await page.getByTestId('doc-open').click();
  await expect(page.getByTestId('doc-title')).toHaveText('Joint Leaders’ Statement, 7 February 2025');
  await page.locator('.export-menu summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  expect(download.suggestedFilename()).toMatch(/^joint-leaders-statement-7-february-2025_/);
});

test('“/” selects the previous query, so typing replaces it', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('/');
  await page.keyboard.type('hopes to share');
  await page.keyboard.press('Enter');
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('/');
  await page.keyboard.type('aim to deepen');
  await expect(page.getByTestId('search-input')).toHaveValue('aim to deepen');
});

test('Shift+Alt+→ takes a closing quotation mark into the selection', async ({ page }) => {
  await openApp(page);
  await pasteDocument(page, 'They said “we will act” today.');
  await page.getByTestId('doc-view').focus();
  // To “we”, then over “will act”, then one character more: the closing quote.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+Alt+ArrowRight');
  await page.keyboard.press('1');
  await page.getByTestId('tab-spans').click();
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  await expect(page.getByTestId('annotation-item')).toContainText('we will act”');
});

test('A takes a unit whose grid has a majority in every cell, and the next unit comes', async ({ page }) => {
  await openApp(page);
  // The same act, labelled alike, with attributes no two annotators share whole: committer
  // joint, joint, party_a; strength intent, firm, intent.
  const version = (who, committer, strength) => {
    const file = avowFile(who, [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT']]);
    file.annotations[1].attributes = { committer, strength };
    return file;
  };
  for (const file of [version('ana', 'joint', 'intent'), version('ben', 'joint', 'firm'), version('chloé', 'party_a', 'intent')]) {
    await importJson(page, `${file.annotator}.avow.json`, file);
    await expect(page.getByTestId('info-message')).toContainText(`${file.annotator}.avow.json`);
  }
  await page.getByTestId('adjudication-tab').click();
  await page.getByTestId('adjudication-adjudicator').fill('dana');
  await page.getByTestId('adjudicate-start').click();
  const progress = page.getByTestId('adjudication-progress');
  await expect(progress).toHaveText('1 of 2 decided');
  // The rule is on screen.
  await expect(page.getByTestId('adjudication-rule')).toContainText('2 of 3 agree on each cell');
  // → on the tab list moves the grid's focused column, and the tab stays.
  const focused = page.locator('[data-testid=adjudication-unit] th.focus');
  await expect(focused).toHaveText('extent');
  await page.getByTestId('adjudication-tab').focus();
  await page.keyboard.press('ArrowRight');
  await expect(focused).toHaveText('label');
  await expect(page.getByTestId('adjudication-tab')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('a');
  await expect(progress).toHaveText('2 of 2 decided');
  // The gold span says where it came from, in the span editor.
  await page.getByTestId('tab-spans').click();
  await page.locator('[data-testid=annotation-item][data-label=COMMITMENT]').click();
  await expect(page.getByTestId('span-provenance')).toContainText('Built cell by cell');
  await expect(page.getByTestId('span-provenance')).toContainText('from ana, ben, chloé');
  await expect(page.getByTestId('span-provenance')).toContainText('decided by dana');
  const file = await (async () => {
    await page.locator('.export-menu summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const { readFileSync } = await import('node:fs');
    return JSON.parse(readFileSync(await download.path(), 'utf8'));
  })();
  const act = file.annotations.find((a) => a.label === 'COMMITMENT');
  expect(act.attributes).toEqual({ committer: 'joint', strength: 'intent' });
  expect(act.provenance.decision).toBe('cells');
});

test('the Open… and Export menus close on Esc (focus back on their button) and on a click outside', async ({ page }) => {
  await openApp(page);
  const open = page.getByTestId('open-document');
  await open.locator('summary').click();
  await expect(open).toHaveAttribute('open', '');
  await page.getByTestId('doc-input').focus();
  await page.keyboard.press('Escape');
  await expect(open).not.toHaveAttribute('open', '');
  await expect(open.locator('summary')).toBeFocused();
  const exportMenu = page.locator('details.export-menu');
  await exportMenu.locator('summary').click();
  await expect(exportMenu).toHaveAttribute('open', '');
  await page.getByTestId('doc-view').click({ position: { x: 5, y: 5 } });
  await expect(exportMenu).not.toHaveAttribute('open', '');
});
