// Agreement (issue 16): three annotators' files of the built-in sample are imported as their
// versions, the Agreement tab shows the figures (computed by hand below), the report downloads
// with the same numbers, and a disagreement leads to the text.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { SAMPLE, dragAcross, openApp, storedRecords } from './helpers.js';
import { at, avowFile, addVersion } from './versions.js';

const PARTY = at('The United States and Japan');
const CYBER = at('intend to expand bilateral security cooperation in cyberspace');
const DPRK = 'reaffirmed their resolute commitment to the complete denuclearization of the DPRK';
const DPRK_FULL = at(DPRK);
const DPRK_SHORT = at(DPRK, 1);
const WELCOMED = at('welcomed Japan’s commitment');

// ana: PARTY, COMMITMENT (cyber), COMMITMENT (DPRK), ENDORSEMENT; ben: the same but the DPRK
// span starts a word later and no ENDORSEMENT; chloé: PARTY, and the cyber act as a STANCE.
const FILES = {
  ana: avowFile('ana', [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT'], [DPRK_FULL, 'COMMITMENT'], [WELCOMED, 'ENDORSEMENT']], [['committer', 's2', 's1']]),
  ben: avowFile('ben', [[PARTY, 'PARTY'], [CYBER, 'COMMITMENT'], [DPRK_SHORT, 'COMMITMENT']], [['committer', 's2', 's1']]),
  'chloé': avowFile('chloé', [[PARTY, 'PARTY'], [CYBER, 'STANCE']]),
};

/** The value shown in the agreement table for `measure`. */
function figure(page, measure) {
  return page.getByTestId('agreement-table').locator('tr', { has: page.locator('th', { hasText: measure }) }).locator('td.num');
}

test('three annotators’ versions: the figures, the report, and a disagreement followed to the text', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('agreement-tab').click();
  await expect(page.getByTestId('agreement-empty')).toBeVisible();
  for (const annotator of ['ana', 'ben', 'chloé']) await addVersion(page, FILES[annotator]);

  // The tab, shown all along, follows the versions as they come.
  await expect(page.getByTestId('agreement-tab')).toHaveAttribute('aria-selected', 'true');
  const table = page.getByTestId('agreement-table');
  await expect(table).toBeVisible();
  // Exact F1 per pair: ana–ben 4/7, ana–chloé 2/6, ben–chloé 2/5; mean 0.435.
  await expect(figure(page, 'Span F1, exact')).toHaveText('0.435');
  // Overlap: the two DPRK spans align (IoU > 0.5): ana–ben 6/7; mean 0.530.
  await expect(figure(page, 'Span F1, overlap')).toHaveText('0.530');
  // Fleiss' κ over the two units all three labelled: PARTY ×3; COMMITMENT ×2 + STANCE.
  await expect(figure(page, "Fleiss' κ")).toHaveText('0.455');
  await expect(figure(page, "Cohen's κ, ana – ben")).toHaveText('1.000');
  await expect(table).toContainText('n = 2 units every annotator labelled');
  await expect(page.getByTestId('agreement-heatmap')).toBeVisible();
  await expect(page.getByTestId('agreement-bars')).toBeVisible();
  await page.screenshot({ path: 'test-results/agreement.png' });

  // The report: the same numbers, with their counts.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-agreement').click()]);
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(report.format).toBe('avow-agreement');
  expect(report.annotators).toEqual(['ana', 'ben', 'chloé']);
  expect(report.settings.iou).toBe(0.5);
  const exact = report.corpus.span_f1.exact;
  expect(exact.pairs.map((p) => [p.a, p.b, p.tp, p.fp, p.fn])).toEqual([
    ['ana', 'ben', 2, 2, 1], ['ana', 'chloé', 1, 3, 1], ['ben', 'chloé', 1, 2, 1],
  ]);
  expect(exact.mean).toBeCloseTo((4 / 7 + 2 / 6 + 2 / 5) / 3, 6);
  expect(report.corpus.labels.fleiss_kappa).toEqual({ kappa: expect.any(Number), n: 2 });
  expect(report.corpus.labels.fleiss_kappa.kappa).toBeCloseTo((2 / 3 - 7 / 18) / (1 - 7 / 18), 6);
  expect(report.corpus.relations.raw.pairs[0]).toMatchObject({ a: 'ana', b: 'ben', tp: 1, fp: 0, fn: 0 });
  expect(report.texts).toHaveLength(1);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-agreement-csv').click()]);
  const lines = readFileSync(await csv.path(), 'utf8').split('\n');
  expect(lines[0]).toBe('scope,measure,a,b,label,value,n,tp,fp,fn,why');
  expect(lines).toContain('corpus,span_f1_exact,ana,ben,,0.571428571,,2,2,1,');

  // ana and chloé disagree on three units: the cyber act's label, and two spans chloé lacks.
  await page.locator('[data-testid=agreement-heatmap] [data-act="pair:0:2"]').first().click();
  const rows = page.getByTestId('agreement-disagreement');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('intend to expand bilateral security cooperation in cyberspace');
  await expect(rows.first().locator('.lane')).toHaveCount(3);
  // In the panel each lane draws its span where it lies: ben's DPRK span starts later than ana's.
  const dprk = rows.filter({ hasText: 'denuclearization' });
  const lefts = await dprk.locator('.lane-span rect').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().left));
  expect(lefts).toHaveLength(2);
  expect(lefts[1]).toBeGreaterThan(lefts[0] + 2);
  await page.getByTestId('agreement-heatmap').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/agreement-charts.png' });
  await rows.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/agreement-disagreements.png' });
  // chloé's span of it opens her version there.
  await rows.first().locator('.lane-span', { hasText: 'ST' }).click();
  await expect(page.getByTestId('editor-quote')).toHaveText('intend to expand bilateral security cooperation in cyberspace');
  await expect(page.getByTestId('span-label')).toHaveValue('STANCE');
  // Under the line there, a lane per annotator with a span in the unit (a rectangle per line
  // the span covers), named on hover, each a little lower than the one before.
  const lanes = page.locator('[data-testid=text-lanes] rect.lane');
  await expect(lanes.first()).toBeAttached();
  expect(await lanes.evaluateAll((rs) => [...new Set(rs.map((r) => r.textContent))])).toEqual(['ana', 'ben', 'chloé']);
  const span = await page.locator('.hl.first', { hasText: 'intend to expand' }).boundingBox();
  const ys = await page.locator('[data-testid=text-lanes]').evaluate((el) => [1, 2, 3].map((k) => el.querySelector(`rect[data-lane="${k}"]`).getBoundingClientRect().top));
  expect(ys[0]).toBeGreaterThan(span.y);
  expect(ys[0]).toBeLessThan(span.y + span.height + 12);
  expect(ys[1]).toBeGreaterThan(ys[0]);
  expect(ys[2]).toBeGreaterThan(ys[1]);
  await page.screenshot({ path: 'test-results/agreement-followed.png' });
  // The window narrows and the lines rewrap: the lanes follow the span to where it is now.
  const firstLine = () => page.locator('.hl.first', { hasText: 'intend to expand' }).evaluate((el) => { const b = el.getClientRects()[0]; return { x: b.left, y: b.top }; });
  const firstLane = () => page.locator('[data-testid=text-lanes] rect[data-lane="1"]').first().evaluate((r) => { const b = r.getBoundingClientRect(); return { x: b.left, y: b.top }; });
  const [line, lane] = [await firstLine(), await firstLane()];
  await page.setViewportSize({ width: 1000, height: 860 });
  const moved = await firstLine();
  expect(Math.abs(moved.x - line.x) + Math.abs(moved.y - line.y)).toBeGreaterThan(20);
  // Where it was beside the span's first line before, it is beside it again.
  await expect.poll(async () => {
    const now = await firstLane();
    // Within a pixel: the lanes are drawn at whole pixels.
    return Math.max(Math.abs(now.x - moved.x - (lane.x - line.x)), Math.abs(now.y - moved.y - (lane.y - line.y)));
  }).toBeLessThanOrEqual(1.5);
});

test('a file with no annotator asks for the version’s name', async ({ page }) => {
  await openApp(page);
  // The sample here holds a span of the user's (unnamed): a nameless file is asked about.
  await dragAcross(page, 'The United States and Japan');
  await page.keyboard.press('6');
  const file = avowFile('', [[PARTY, 'PARTY']]);
  await page.getByTestId('import-file').setInputFiles({ name: 'nameless.avow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByTestId('import-add-version')).toHaveText('Add as their version');
  await page.getByTestId('import-add-version').click();
  // Nothing changes until it has a name.
  await expect(page.getByTestId('error-message')).toContainText("Type the annotator's name first");
  await expect(page.getByTestId('import-dialog')).toBeVisible();
  await page.getByTestId('import-annotator').fill('dana');
  await page.getByTestId('import-add-version').click();
  await expect(page.getByTestId('info-message')).toContainText("Added as dana's version");
});

/** Imports a colleague's workspace file holding ana's, ben's and chloé's versions of a text
 *  the workspace does not hold yet (the sample with an annex). */
async function importTeam(page) {
  await openApp(page);
  const text = `${SAMPLE}\nAnnex.\n`;
  const version = (annotator) => ({ ...avowFile(annotator, [], [], text), annotations: FILES[annotator].annotations.map((a) => ({ ...a })), relations: FILES[annotator].relations });
  const workspace = {
    format: 'avow-workspace', version: 2, schema: { id: 'commitments', version: 1 }, annotator: 'lead',
    documents: ['ana', 'ben', 'chloé'].map(version),
  };
  await page.getByTestId('import-file').setInputFiles({
    name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(workspace)),
  });
  await expect(page.getByTestId('info-message')).toContainText('Imported 3 documents');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
}

test('a colleague’s workspace file adds its annotators’ versions at once', async ({ page }) => {
  await importTeam(page);
  // The Workspace tab lists the three versions together, under their text.
  await page.getByTestId('tab-workspace').click();
  const group = page.getByTestId('doc-group');
  await expect(group).toHaveCount(1);
  await expect(group).toContainText('3 versions of this text');
  const rows = page.getByTestId('doc-item');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).not.toHaveClass(/in-group/);
  await expect(page.locator('[data-testid=doc-item].in-group').getByTestId('doc-item-version')).toHaveText([
    "ana's version, one of 3", "ben's version, one of 3", "chloé's version, one of 3",
  ]);
  await expect(page.locator('[data-testid=doc-item].in-group').nth(0).getByTestId('doc-item-relations')).toHaveText('1 relation');
  await page.screenshot({ path: 'test-results/workspace-versions.png' });
  await page.getByTestId('agreement-tab').click();
  await expect(figure(page, 'Span F1, exact')).toHaveText('0.435');
});

test('a text is stored once for all its versions, and goes with the last of them', async ({ page }) => {
  await importTeam(page);
  await page.getByTestId('tab-workspace').click();
  await expect.poll(async () => Object.keys(await storedRecords(page, 'avow:v1:text:')).length).toBe(2);
  // Deleting two of the three versions keeps the text; deleting the last lets it go.
  for (let n = 0; n < 3; n += 1) {
    const version = page.locator('[data-testid=doc-item]', { hasText: 'US-Japan statement' }).first();
    await version.getByTestId('doc-delete').click();
    await page.getByTestId('doc-delete-confirm').click();
    await expect(page.getByTestId('doc-item')).toHaveCount(3 - n);
    await expect.poll(async () => Object.keys(await storedRecords(page, 'avow:v1:doc:')).length).toBe(3 - n);
    await expect.poll(async () => Object.keys(await storedRecords(page, 'avow:v1:text:')).length).toBe(n < 2 ? 2 : 1);
  }
  // What is left reads back.
  await page.reload();
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(1);
  await expect(page.getByTestId('doc-title')).toContainText('United States-Japan');
});

test('two tabs: a text deleted in one stays for the version another tab added', async ({ page, context }) => {
  await openApp(page);
  // The first tab's copy of the sample holds a span (an untouched one would be filled by
  // ben's file), stored before the second tab opens.
  await dragAcross(page, 'The United States and Japan');
  await page.keyboard.press('6');
  await expect.poll(async () => Object.values(await storedRecords(page, 'avow:v1:index')).join('')).toContain('"spans":1');
  const other = await context.newPage();
  await openApp(other);
  // The second tab adds ben's version of the sample; the first deletes its own.
  await addVersion(other, avowFile('ben', [[PARTY, 'PARTY']]));
  await expect.poll(async () => Object.keys(await storedRecords(page, 'avow:v1:doc:')).length).toBe(2);
  await page.getByTestId('tab-workspace').click();
  const own = page.locator('[data-testid=doc-item]', { hasText: "United States-Japan Joint Leaders' Statement" });
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await own.getByTestId('doc-delete').click();
  await page.getByTestId('doc-delete-confirm').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(1);
  await expect.poll(async () => Object.keys(await storedRecords(page, 'avow:v1:doc:')).length).toBe(1);
  // The text is still stored once, and ben's version reads back whole in a fresh tab.
  expect(Object.keys(await storedRecords(page, 'avow:v1:text:'))).toHaveLength(1);
  const fresh = await context.newPage();
  await openApp(fresh);
  await expect(fresh.getByTestId('error-message')).toHaveCount(0);
  await fresh.getByTestId('tab-spans').click();
  await fresh.screenshot({ path: 'test-results/two-tabs-fresh.png' });
  await expect(fresh.getByTestId('annotation-item')).toHaveCount(1);
  await expect(fresh.getByTestId('doc-view')).toContainText('The two leaders expressed their shared desire');
});
