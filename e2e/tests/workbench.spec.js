// The gold workbench (issue 29): Agreement and Adjudicate have the room to be read, at 1366 and
// at 800 px, axe clean; every figure says what it means; gold is measured against, never with;
// a paragraph for a paper; attribute disagreements and pairs reached by keyboard; near-
// duplicate units decided as one; E edits an undecided unit; a labelled match loses its
// highlight.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { axe, openApp } from './helpers.js';
import { at, avowFile, addVersion } from './versions.js';

const PARTY = at('The United States and Japan');
const CYBER = at('intend to expand bilateral security cooperation in cyberspace');

/** ana, ben and chloé's versions: the same two spans; committer joint, joint, party_a. */
async function threeVersions(page) {
  for (const [who, committer] of [['ana', 'joint'], ['ben', 'joint'], ['chloé', 'party_a']]) {
    const file = avowFile(who, [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT']]);
    file.annotations[1].attributes = { committer };
    await addVersion(page, file);
  }
}

async function startAdjudication(page) {
  await page.getByTestId('adjudication-tab').click();
  await page.getByTestId('adjudication-adjudicator').fill('dana');
  await page.getByTestId('adjudicate-start').click();
  await expect(page.getByTestId('doc-title')).toContainText('(gold)');
}

for (const [name, viewport] of [['1366 px', { width: 1366, height: 800 }], ['800 px', { width: 800, height: 600 }]]) {
  test(`at ${name} Agreement and Adjudicate take the room they need beside the text, axe clean`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await openApp(page);
    await threeVersions(page);
    // Every other view, axe clean at this width too (a span selected: the span editor).
    await page.getByTestId('tab-spans').click();
    await page.getByTestId('annotation-item').first().click();
    await expect(page.getByTestId('span-editor')).toContainText('PARTY');
    for (const tab of ['tab-spans', 'tab-workspace', 'tab-document', 'guidelines']) {
      await page.getByTestId(tab).click();
      expect(await axe(page), `axe on ${tab} at ${name}`).toEqual([]);
    }
    for (const tab of ['agreement-tab', 'adjudication-tab']) {
      await page.getByTestId(tab).click();
      const panel = await page.locator('.side-panel').boundingBox();
      const text = await page.locator('.doc-pane').boundingBox();
      if (viewport.width > 900) {
        // Beside the text, and the wider of the two.
        expect(panel.width, `${tab}: the panel is the wide pane`).toBeGreaterThan(text.width);
        expect(panel.width).toBeGreaterThan(760);
      } else {
        // Under the text, most of the height, the text still there.
        expect(panel.y).toBeGreaterThanOrEqual(text.y + text.height - 1);
        expect(panel.height).toBeGreaterThan(viewport.height * 0.55);
        expect(text.height).toBeGreaterThan(60);
      }
      expect(panel.x + panel.width).toBeLessThanOrEqual(viewport.width + 1);
      expect(await axe(page), `axe on ${tab} at ${name}`).toEqual([]);
    }
    await startAdjudication(page);
    // The grid fits its pane: no column cut off, nothing to scroll sideways.
    const grid = page.locator('.adj-grid');
    await expect(grid).toBeVisible();
    const fits = await grid.evaluate((g) => g.scrollWidth <= g.parentElement.clientWidth + 1);
    expect(fits, 'the grid fits its pane').toBe(true);
    expect(await axe(page), `axe while adjudicating at ${name}`).toEqual([]);
    // Back to the text: the usual layout.
    await page.getByTestId('tab-spans').click();
    const panel = await page.locator('.side-panel').boundingBox();
    if (viewport.width > 900) expect(panel.width).toBeLessThan(450);
    // The unit's lanes follow the text's lines as they rewrap: under the text, not beside it.
    const textBox = await page.locator('.doc-text').boundingBox();
    const lanes = await page.locator('[data-testid=text-lanes] rect').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().left));
    expect(lanes.length).toBeGreaterThan(0);
    for (const left of lanes) expect(left, 'a lane under the text').toBeGreaterThanOrEqual(textBox.x);
    await page.screenshot({ path: `test-results/workbench-${viewport.width}.png` });
    await context.close();
  });
}

test('each figure says what it means; gold is its own table; a paragraph and CSV for a paper', async ({ page }) => {
  await openApp(page);
  await threeVersions(page);
  await startAdjudication(page);
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('a');
  await expect(page.getByTestId('adjudication-progress')).toHaveText('2 of 2 decided');
  await page.getByTestId('agreement-tab').click();
  const table = page.getByTestId('agreement-table');
  await expect(table.locator('tr', { hasText: 'Span F1, exact' }).locator('.meaning')).toContainText('same start, end and label');
  await expect(table.locator('tbody th .meaning')).toHaveCount(await table.locator('tbody tr').count());
  // Gold is not among the annotators, but each annotator is measured against it.
  await expect(table).not.toContainText('gold');
  const gold = page.getByTestId('agreement-gold-table');
  await expect(gold.locator('tbody tr')).toHaveCount(3);
  await expect(gold.locator('tr', { hasText: 'ana' })).toContainText('1.000');
  const paragraph = page.getByTestId('agreement-paragraph');
  await page.locator('details.paper summary').click();
  await expect(paragraph).toContainText('over 1 text annotated independently by 3 annotators (ana, ben, chloé)');
  await expect(paragraph).toContainText('the adjudicated gold version was not counted as an annotator');
  await expect(paragraph).toContainText('Against the adjudicated gold version');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-agreement-paper').click()]);
  expect(download.suggestedFilename()).toMatch(/^agreement-paper-.*\.zip$/);
  const zip = readFileSync(await download.path()).toString('latin1');
  expect(zip).toContain('agreement-table.csv');
  expect(zip).toContain('agreement-paragraph.txt');
});

test('attribute disagreements are listed and lead to the text; pairs and lists are reached by keyboard', async ({ page }) => {
  await openApp(page);
  await threeVersions(page);
  await page.getByTestId('agreement-tab').click();
  // A heatmap cell, by keyboard: the pair's list opens and takes the focus.
  await page.locator('[data-testid=agreement-heatmap] g.cell').first().focus();
  await page.keyboard.press('Enter');
  const list = page.getByTestId('agreement-disagreements');
  await expect(list.locator('h2')).toBeFocused();
  // The committer's α, by keyboard: the unit where chloé said party_a.
  await page.locator('button[data-attribute=committer]').focus();
  await page.keyboard.press('Enter');
  await expect(list.locator('h2')).toHaveText('Where the annotators give committer different values');
  await expect(list.locator('h2')).toBeFocused();
  await expect(page.getByTestId('agreement-disagreement')).toHaveCount(1);
  await expect(page.getByTestId('agreement-disagreement')).toContainText('party_a');
  // On to chloé's span in the text: Tab to her lane, Enter.
  const chloe = page.getByTestId('agreement-disagreement').locator('.lane', { hasText: 'chloé' }).locator('button');
  await chloe.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tab-spans')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('span-editor')).toContainText('COMMITMENT');
});

test('near-duplicates are one unit, flagged, and gold gets one span; E then a label key edits an undecided unit', async ({ page }) => {
  await openApp(page);
  // ana's commitment is the whole act, ben's its first words (IoU well below 0.5).
  const short = at('intend to expand');
  await addVersion(page, avowFile('ana', [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT']]));
  await addVersion(page, avowFile('ben', [[PARTY, 'PARTY'], [short, 'COMMITMENT']]));
  await startAdjudication(page);
  await expect(page.getByTestId('adjudication-near-duplicates')).toBeVisible();
  await expect(page.getByTestId('adjudication-progress')).toHaveText('1 of 2 decided');
  // E, then 2 (STANCE): the unit is taken from its first version and relabelled.
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('e');
  await page.keyboard.press('2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('adjudication-progress')).toHaveText('2 of 2 decided');
  await page.getByTestId('tab-spans').click();
  await expect(page.locator('[data-testid=annotation-item][data-label=COMMITMENT]')).toHaveCount(0);
  await expect(page.locator('[data-testid=annotation-item][data-label=STANCE]')).toHaveCount(1);
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);
});

test('a labelled search match loses its highlight; the next Enter goes past it', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('/');
  await page.keyboard.type('Japan');
  const matches = page.locator('[data-testid=doc-view] .match');
  const before = await matches.count();
  expect(before).toBeGreaterThan(2);
  await page.keyboard.press('Enter');
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('6');
  await expect(page.locator('[data-testid=doc-view] .current')).toHaveCount(0);
  await expect(page.getByTestId('search-status')).toContainText(`${before - 1}`);
});
