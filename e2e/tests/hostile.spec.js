// A file's ids and names are data: hostile ids, titles, annotators' names and notes come in
// through Import, every tab is visited, and no element, attribute or script is made from them;
// and a document's storage never reaches another's (deleting `a` keeps `a:b`).
import { test, expect } from '@playwright/test';
import { openApp, pasteDocument, dragAcross, storedRecords, putRecords } from './helpers.js';
import { at, avowFile } from './versions.js';

/** Text that would be markup if it were not kept as text. */
const HOSTILE = {
  title: '<img src=x onerror="window.__pwned=1">&amp; “Statement”',
  ana: '"><img src=x onerror=window.__pwned=2>',
  ben: '<svg onload=window.__pwned=3>',
  note: '</textarea><script>window.__pwned=4</script>',
  idA: '"><img src=x onerror=window.__pwned=5>',
  idB: 'a:b|1',
};

/** Fails when the page holds anything made from the hostile text. */
async function nothingMadeFromFiles(page, where) {
  const found = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (tag === 'img' || (tag === 'script' && !el.src)) bad.push(`<${tag}>`);
      for (const attr of el.attributes) {
        if (attr.name.startsWith('on')) bad.push(`${tag}[${attr.name}]`);
        if (attr.name === 'data-act' && !/^[a-z-]+(:\d+)*$/.test(attr.value)) bad.push(`data-act="${attr.value}"`);
        if (attr.name.includes('"') || attr.name.includes('<')) bad.push(`attribute ${attr.name}`);
      }
    }
    if (window.__pwned !== undefined) bad.push(`script ran: ${window.__pwned}`);
    return bad;
  });
  expect(found, where).toEqual([]);
}

async function importFile(page, name, file) {
  await page.getByTestId('import-file').setInputFiles({
    name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)),
  });
}

test('hostile ids and names in files never become markup, in any tab', async ({ page }) => {
  await openApp(page);
  // Two annotators' versions of the sample, with hostile ids, names, a title and a note.
  const cyber = at('expand bilateral security cooperation in cyberspace');
  const leaders = at('The two leaders', 0);
  const ana = avowFile(HOSTILE.ana, [[cyber, 'COMMITMENT'], [leaders, 'PARTY']], [['committer', 's1', 's2']]);
  ana.document.id = HOSTILE.idA;
  ana.document.metadata.title = HOSTILE.title;
  ana.annotations[0].note = HOSTILE.note;
  const ben = avowFile(HOSTILE.ben, [[cyber, 'STANCE'], [leaders, 'PARTY']]);
  ben.document.id = HOSTILE.idB;
  for (const [name, file] of [['ana.avow.json', ana], ['ben.avow.json', ben]]) {
    // A first version is added at once (ana's fills the untouched sample); the same file
    // again asks, naming the version "Replace" would replace.
    await importFile(page, name, file);
    await expect(page.getByTestId('info-message')).toContainText(name);
    await importFile(page, name, file);
    await expect(page.getByTestId('import-dialog')).toBeVisible();
    await nothingMadeFromFiles(page, `the import dialog for ${name}`);
    // The name shows as the text it is.
    await expect(page.getByTestId('import-replace')).toContainText(`Replace ${file.annotator}'s version`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  }
  await nothingMadeFromFiles(page, 'after the import');

  await page.getByTestId('tab-workspace').click();
  // ana's version took the untouched sample's place; ben's is beside it.
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await expect(page.getByTestId('doc-item-title').nth(0)).toHaveText(HOSTILE.title);
  await nothingMadeFromFiles(page, 'the Workspace tab');
  // Opened by its place in the list, not by its id.
  await page.getByTestId('doc-item-open').nth(0).click();
  await expect(page.getByTestId('doc-title')).toHaveText(HOSTILE.title);

  await page.getByTestId('tab-spans').click();
  await page.locator('[data-testid=annotation-item][data-label=COMMITMENT]').click();
  await expect(page.getByTestId('span-note')).toHaveValue(HOSTILE.note);
  await nothingMadeFromFiles(page, 'the Spans tab with a span selected');
  await page.getByTestId('tab-document').click();
  await expect(page.getByTestId('meta-title')).toHaveValue(HOSTILE.title);
  await nothingMadeFromFiles(page, 'the Document tab');
  await page.getByTestId('guidelines').click();
  await nothingMadeFromFiles(page, 'the Guidelines tab');

  await page.getByTestId('agreement-tab').click();
  await expect(page.getByTestId('agreement-table')).toBeVisible();
  await page.locator('[data-testid=agreement-heatmap] .cell').first().click();
  await expect(page.getByTestId('agreement-disagreement').first()).toBeVisible();
  await nothingMadeFromFiles(page, 'the Agreement tab with disagreements');
  // A lane's span opens its version: the one with the id `a:b|1`, by its place in a list.
  await page.locator('.lane-span').nth(1).click();
  await expect(page.getByTestId('text-lanes').locator('rect')).not.toHaveCount(0);
  await nothingMadeFromFiles(page, 'a version opened from a disagreement');

  await page.getByTestId('adjudication-tab').click();
  await page.getByTestId('adjudication-adjudicator').fill(HOSTILE.ben);
  await page.getByTestId('adjudicate-start').click();
  await expect(page.getByTestId('adjudication-unit')).toBeVisible();
  await nothingMadeFromFiles(page, 'the Adjudicate tab');

  // The ids were not ones Avow keeps: both given new ones, and the report said so before.
  const index = JSON.parse((await storedRecords(page, 'avow:v1:index'))['avow:v1:index'] || '{}');
  for (const id of index.order || []) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
});

test('deleting a document keeps another whose id it is a prefix of, even as an earlier build stored it', async ({ page }) => {
  await openApp(page);
  await pasteDocument(page, 'Alpha: the first text.');
  await dragAcross(page, 'first text');
  await page.keyboard.press('1');
  await pasteDocument(page, 'Beta: the second text.');
  await dragAcross(page, 'second text');
  await page.keyboard.press('2');
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  await page.waitForTimeout(1500);

  // As an earlier build kept two documents whose ids were `a` and `a:b` (from files it did
  // not check): under those ids, so `a`'s part prefix was a prefix of `a:b`'s parts.
  const records = await storedRecords(page, 'avow:v1:');
  const index = JSON.parse(records['avow:v1:index']);
  const [, alpha, beta] = index.order;
  const rename = { [alpha]: 'a', [beta]: 'a:b' };
  const moved = {};
  for (const [key, value] of Object.entries(records)) {
    let next = key;
    for (const [from, to] of Object.entries(rename)) {
      for (const prefix of ['avow:v1:doc:', 'avow:v1:rev:']) {
        if (key === `${prefix}${from}`) next = `${prefix}${to}`;
      }
      if (key.startsWith(`avow:v1:part:${from}:`)) next = `avow:v1:part:${to}:${key.slice(`avow:v1:part:${from}:`.length)}`;
    }
    let text = value;
    for (const [from, to] of Object.entries(rename)) text = text.split(JSON.stringify(from)).join(JSON.stringify(to));
    if (next !== key) moved[key] = null;
    moved[next] = text;
  }
  await putRecords(page, moved);
  expect(Object.keys(await storedRecords(page, 'avow:v1:part:a:b:')).length).toBeGreaterThan(0);

  // A new page reads them; `a` is deleted.
  await page.reload();
  await expect(page.getByTestId('label-COMMITMENT')).toBeVisible();
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(3);
  const titles = await page.getByTestId('doc-item-title').allTextContents();
  const place = titles.findIndex((t) => t.startsWith('Alpha'));
  await page.getByTestId('doc-delete').nth(place).click();
  await page.getByTestId('doc-delete-confirm').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await page.waitForTimeout(1500);

  // After a reload `a:b` is still there, whole, and no record of either is left under the
  // earlier build's keys.
  await page.reload();
  await expect(page.getByTestId('label-COMMITMENT')).toBeVisible();
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(2);
  await expect(page.getByTestId('damaged-item')).toHaveCount(0);
  const after = await page.getByTestId('doc-item-title').allTextContents();
  const beta2 = after.findIndex((t) => t.startsWith('Beta'));
  expect(beta2).toBeGreaterThanOrEqual(0);
  await page.getByTestId('doc-item-open').nth(beta2).click();
  await page.getByTestId('tab-spans').click();
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  await expect(page.getByTestId('item-label')).toHaveText('STANCE');
  const left = Object.keys(await storedRecords(page, 'avow:v1:')).filter((k) => /:a(:|$)/.test(k));
  expect(left).toEqual([]);
});
