// Relations between spans, made as a person makes them: by mouse (a span, Link…, the other
// span) and by keyboard only (J / K to a span, R, J / K to the other, Enter); listed in the
// span editor; deleted with their span and brought back by undo; kept over a reload and in
// Avow's file.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  openApp, pasteDocument, dragAcross, labelPhrase, clickPhrase, panelCaughtUp, phraseBoxes, SAMPLE,
  exportAs,
} from './helpers.js';

const CYBER = 'intend to expand bilateral security cooperation in cyberspace';

/** Labels the spans the relations join, in text order: a PARTY, a COMMITMENT, an
 *  ENDORSEMENT, an ATTRIBUTION, a second COMMITMENT and a CONSTRAINT. */
async function spans(page) {
  await openApp(page);
  await pasteDocument(page, SAMPLE);
  await labelPhrase(page, CYBER, '1');
  await labelPhrase(page, 'welcomed Japan’s commitment', '3');
  await labelPhrase(page, 'underpinned', '8');
  await labelPhrase(page, 'to building capabilities', '1');
  await labelPhrase(page, 'by FY 2027', '7');
  // The second "The United States and Japan" (just before CYBER).
  await dragAcross(page, 'The United States and Japan', 1);
  await page.keyboard.press('6');
  await expect(page.getByTestId('annotation-item')).toHaveCount(6);
}

/** The selected span's relations as the span editor lists them. */
async function relationRows(page) {
  await panelCaughtUp(page);
  return page.getByTestId('relation-item').evaluateAll((items) => items.map((li) => li.textContent.replace(/×$/, '').trim()));
}

/** Labels the spans, then selects CYBER with the keyboard alone (the text focused, Esc, J
 *  twice: spans in text order are PARTY, CYBER, ENDORSEMENT, ATTRIBUTION, COMMITMENT,
 *  CONSTRAINT); gives the text. */
async function toCyberByKeyboard(page) {
  await spans(page);
  const view = page.getByTestId('doc-view');
  await view.focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(page.getByTestId('editor-quote')).toHaveText(CYBER);
  return view;
}

/** Links the span at `from` to the span at `to` with the mouse: click, Link…, click. */
async function linkByMouse(page, from, to, occurrence = 0) {
  await page.keyboard.press('Escape');
  await clickPhrase(page, from);
  await panelCaughtUp(page);
  await page.getByTestId('relation-start').click();
  await expect(page.getByTestId('doc-view')).toHaveClass(/linking/);
  await clickPhrase(page, to, occurrence);
  await expect(page.getByTestId('doc-view')).not.toHaveClass(/linking/);
}

test('mouse: each of the four kinds, listed both ways in the span editor', async ({ page }) => {
  await spans(page);
  await linkByMouse(page, CYBER, 'The United States and Japan', 1);
  await expect(page.getByTestId('info-message')).toContainText('—committer→ PARTY');
  expect(await relationRows(page)).toEqual(['committer → PARTY “The United States and Japan”']);
  await linkByMouse(page, CYBER, 'underpinned');
  expect(await relationRows(page)).toEqual([
    'committer → PARTY “The United States and Japan”',
    'source → ATTRIBUTION “underpinned”',
  ]);
  // Begun at the act, ended at its CONSTRAINT: constrains runs from the CONSTRAINT.
  await linkByMouse(page, 'to building capabilities', 'by FY 2027');
  expect(await relationRows(page)).toEqual(['← constrains CONSTRAINT “by FY 2027”']);
  await linkByMouse(page, 'welcomed Japan’s commitment', 'to building capabilities');
  expect(await relationRows(page)).toEqual(['embeds → COMMITMENT “to building capabilities”']);
  // The other end's button jumps there, and lists the relation from its side.
  await page.getByTestId('relation-item').getByRole('button', { name: /to building capabilities/ }).click();
  await expect(page.getByTestId('editor-quote')).toHaveText('to building capabilities');
  expect(await relationRows(page)).toEqual([
    '← constrains CONSTRAINT “by FY 2027”',
    '← embeds ENDORSEMENT “welcomed Japan’s commitment”',
  ]);
  await page.screenshot({ path: 'test-results/relations.png' });
  // A pair the schema does not join is refused with a reason, and nothing is made.
  await page.keyboard.press('Escape');
  await clickPhrase(page, 'by FY 2027');
  await panelCaughtUp(page);
  await page.getByTestId('relation-start').click();
  await clickPhrase(page, 'underpinned');
  await expect(page.getByTestId('error-message')).toContainText('No relation of the schema joins a CONSTRAINT span and an ATTRIBUTION span');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('doc-view')).not.toHaveClass(/linking/);
  // The relations are saved: they come back after a reload.
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(page.getByTestId('annotation-item')).toHaveCount(6);
  await clickPhrase(page, 'to building capabilities');
  expect(await relationRows(page)).toHaveLength(2);
});

test('keyboard only: J / K to a span, R, J / K to the other, Enter; Esc cancels', async ({ page }) => {
  const view = await toCyberByKeyboard(page);
  await page.keyboard.press('r');
  await expect(view).toHaveClass(/linking/);
  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  await expect(view).not.toHaveClass(/linking/);
  await expect(page.getByTestId('editor-quote')).toHaveText(CYBER);
  expect(await relationRows(page)).toEqual(['committer → PARTY “The United States and Japan”']);
  // source: from CYBER two spans on, to the ATTRIBUTION.
  await page.keyboard.press('r');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  expect(await relationRows(page)).toHaveLength(2);
  // Esc cancels a relation begun, and nothing is made.
  await page.keyboard.press('r');
  await page.keyboard.press('j');
  await page.keyboard.press('Escape');
  await expect(view).not.toHaveClass(/linking/);
  // embeds: the ENDORSEMENT to the second COMMITMENT.
  await page.keyboard.press('Escape');
  for (let i = 0; i < 3; i++) await page.keyboard.press('j');
  await expect(page.getByTestId('editor-quote')).toHaveText('welcomed Japan’s commitment');
  await page.keyboard.press('r');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  expect(await relationRows(page)).toEqual(['embeds → COMMITMENT “to building capabilities”']);
  // constrains: begun at the CONSTRAINT (the last span), ended at the COMMITMENT before it.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(page.getByTestId('editor-quote')).toHaveText('by FY 2027');
  await page.keyboard.press('r');
  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  expect(await relationRows(page)).toEqual(['constrains → COMMITMENT “to building capabilities”']);
});

test('deleting a span deletes its relations; undo brings them back; Avow files keep them', async ({ page }) => {
  await spans(page);
  await linkByMouse(page, CYBER, 'The United States and Japan', 1);
  await linkByMouse(page, CYBER, 'underpinned');
  await linkByMouse(page, 'welcomed Japan’s commitment', CYBER);
  await clickPhrase(page, CYBER);
  expect(await relationRows(page)).toHaveLength(3);
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('annotation-item')).toHaveCount(5);
  await clickPhrase(page, 'welcomed Japan’s commitment');
  expect(await relationRows(page)).toEqual([]);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('annotation-item')).toHaveCount(6);
  await clickPhrase(page, CYBER);
  expect(await relationRows(page)).toHaveLength(3);
  // Deleting one relation from the list, then undoing it.
  await page.getByTestId('relation-delete').first().click();
  expect(await relationRows(page)).toHaveLength(2);
  await page.keyboard.press('Control+z');
  expect(await relationRows(page)).toHaveLength(3);
  // Avow's file: version 2, its relations joining the right spans.
  await page.locator('.export-menu summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(file.version).toBe(2);
  const byId = Object.fromEntries(file.annotations.map((a) => [a.id, a]));
  const quote = (id) => byId[id].quote.replace(/\s+/g, " ");
  const links = file.relations.map((r) => `${quote(r.from)} ${r.type} ${quote(r.to)}`).sort();
  expect(links).toEqual([
    `${CYBER} committer The United States and Japan`,
    `${CYBER} source underpinned`,
    `welcomed Japan’s commitment embeds ${CYBER}`,
  ]);
});

for (const [testid, holdsText] of [
  ['export-w3c', false],
  ['export-labelstudio', true],
  ['export-doccano', true],
  ['export-brat', true],
]) {
  test(`${testid}: relations exported and imported back`, async ({ page }) => {
    await spans(page);
    await linkByMouse(page, CYBER, 'The United States and Japan', 1);
    await linkByMouse(page, 'by FY 2027', 'to building capabilities');
    await linkByMouse(page, 'welcomed Japan’s commitment', 'to building capabilities');
    const file = await exportAs(page, testid);
    if (!holdsText) {
      // Spans only: the document's spans (and so its relations) deleted, then imported back.
      for (const phrase of [CYBER, 'welcomed Japan’s commitment', 'to building capabilities']) {
        await page.keyboard.press('Escape');
        await clickPhrase(page, phrase);
        await panelCaughtUp(page);
        await page.keyboard.press('Delete');
      }
      await expect(page.getByTestId('annotation-item')).toHaveCount(3);
    }
    await page.getByTestId('import-file').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.buffer });
    if (holdsText) {
      // The text is here twice, the built-in sample's copy untouched: the file fills it.
      await expect(page.getByTestId('info-message')).toContainText('which held no spans');
    } else {
      await expect(page.getByTestId('info-message')).toContainText('3 relations');
    }
    await expect(page.getByTestId('annotation-item')).toHaveCount(6);
    await page.keyboard.press('Escape');
    await clickPhrase(page, CYBER);
    expect(await relationRows(page)).toEqual(['committer → PARTY “The United States and Japan”']);
    await page.keyboard.press('Escape');
    await clickPhrase(page, 'to building capabilities');
    expect(await relationRows(page)).toEqual([
      '← constrains CONSTRAINT “by FY 2027”',
      '← embeds ENDORSEMENT “welcomed Japan’s commitment”',
    ]);
  });
}

test('CoNLL export says it cannot hold relations', async ({ page }) => {
  await spans(page);
  await linkByMouse(page, CYBER, 'The United States and Japan', 1);
  await exportAs(page, 'export-conll');
  await expect(page.getByTestId('info-message')).toContainText("CoNLL cannot hold relations: this file leaves out the document's 1");
});

test('an edit redraws only the arcs it changed', async ({ page }) => {
  await spans(page);
  await linkByMouse(page, CYBER, 'The United States and Japan', 1);
  await linkByMouse(page, CYBER, 'underpinned');
  await linkByMouse(page, 'welcomed Japan’s commitment', 'to building capabilities');
  await page.keyboard.press('Escape');
  await page.getByTestId('relations-toggle').check();
  const arcs = page.locator('[data-testid=arcs] g');
  await expect(arcs).toHaveCount(3);
  // Each drawn arc is marked: an arc drawn again would be a new element, without the mark.
  await arcs.evaluateAll((gs) => gs.forEach((g) => g.setAttribute('data-kept', '')));
  const kept = page.locator('[data-testid=arcs] g[data-kept]');
  // A note on a span with no relation moves no arc: all three stay as they are.
  await clickPhrase(page, 'by FY 2027');
  await panelCaughtUp(page);
  await page.getByTestId('span-note').fill('a deadline');
  await page.getByTestId('span-note').press('Tab');
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /Undo edit note/);
  await page.waitForTimeout(200);
  await expect(arcs).toHaveCount(3);
  await expect(kept).toHaveCount(3);
  // Deleting one relation takes its arc out and leaves the other two.
  await clickPhrase(page, 'welcomed Japan’s commitment');
  await panelCaughtUp(page);
  await page.getByTestId('relation-item').getByTestId('relation-delete').click();
  await expect(arcs).toHaveCount(2);
  await expect(kept).toHaveCount(2);
  // A new relation adds its arc beside them.
  await linkByMouse(page, 'welcomed Japan’s commitment', 'to building capabilities');
  await expect(arcs).toHaveCount(3);
  await expect(kept).toHaveCount(2);
});

test('arcs in the margin for the selected span, all on the toggle; an end off screen is a stub that jumps', async ({ page }) => {
  await spans(page);
  await linkByMouse(page, CYBER, 'The United States and Japan', 1);
  await linkByMouse(page, CYBER, 'underpinned');
  await linkByMouse(page, 'welcomed Japan’s commitment', 'to building capabilities');
  await page.keyboard.press('Escape');
  await clickPhrase(page, CYBER);
  const arcs = page.locator('[data-testid=arcs] path.arc');
  await expect(arcs).toHaveCount(2);
  await page.screenshot({ path: 'test-results/relation-arcs.png' });
  // The PARTY is on CYBER's line: its arc is a loop across the line, not a flat dash; no arc
  // is flat.
  const heights = await arcs.evaluateAll((paths) => paths.map((p) => p.getBBox().height));
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(8);
  // The arcs stay in the margin, left of the text: they never cover it.
  const textLeft = await page.getByTestId('doc-view').evaluate((el) => el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingLeft));
  const arcRight = await page.locator('[data-testid=arcs] svg').evaluate((el) => el.getBoundingClientRect().right);
  expect(arcRight).toBeLessThanOrEqual(textLeft + 1);
  await page.keyboard.press('Escape');
  await expect(arcs).toHaveCount(0);
  await page.getByTestId('relations-toggle').check();
  await expect(arcs).toHaveCount(3);
  await page.getByTestId('relations-toggle').uncheck();
  await expect(arcs).toHaveCount(0);

  // A long document: the PARTY at the top, the act near the end, linked; from the act, the
  // PARTY is off screen: a stub names it, and clicking it goes there.
  await pasteDocument(page, [SAMPLE, SAMPLE, SAMPLE, SAMPLE].join('\n\n'));
  await dragAcross(page, 'The United States and Japan', 1);
  await page.keyboard.press('6');
  await labelPhrase(page, CYBER, '1');
  await page.keyboard.press('Escape');
  await dragAcross(page, CYBER, 3);
  await page.keyboard.press('1');
  await page.keyboard.press('r');
  await clickPhrase(page, 'The United States and Japan', 1);
  await page.keyboard.press('Escape');
  await clickPhrase(page, CYBER, 3);
  await expect(page.getByTestId('editor-quote')).toHaveText(CYBER);
  const stub = page.getByTestId('relation-stub');
  await expect(stub).toBeVisible();
  await page.screenshot({ path: 'test-results/relation-stub.png' });
  await expect(stub).toHaveText('↑ committer → “The United States and Japan”');
  await stub.click();
  await expect(page.getByTestId('editor-quote')).toHaveText('The United States and Japan');
});

test('the Spans tab lists the relations, filtered by type; an end jumps there', async ({ page }) => {
  await spans(page);
  await expect(page.getByTestId('relations-list')).toBeHidden();
  await linkByMouse(page, CYBER, 'The United States and Japan', 1);
  await linkByMouse(page, 'by FY 2027', 'to building capabilities');
  await linkByMouse(page, 'welcomed Japan’s commitment', 'to building capabilities');
  await page.keyboard.press('Escape');
  const list = page.getByTestId('relations-list');
  await expect(list.locator('summary')).toHaveText('Relations (3)');
  await list.locator('summary').click();
  const rows = page.getByTestId('relation-row');
  await expect(rows).toHaveCount(3);
  await page.getByTestId('relation-filter').selectOption('embeds');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveText('ENDORSEMENT “welcomed Japan’s commitment” —embeds→ COMMITMENT “to building capabilities”');
  await rows.first().getByRole('button', { name: /welcomed/ }).click();
  await expect(page.getByTestId('editor-quote')).toHaveText('welcomed Japan’s commitment');
});

test('keyboard only: the other end found by its words with search, anywhere in the document', async ({ page }) => {
  const view = await toCyberByKeyboard(page);
  await page.keyboard.press('r');
  await page.keyboard.press('/');
  await page.keyboard.type('underpinned');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(view).not.toHaveClass(/linking/);
  expect(await relationRows(page)).toEqual(['source → ATTRIBUTION “underpinned”']);
});

test('a kind chosen first in the span editor: made its own way, or refused with the reason', async ({ page }) => {
  await spans(page);
  await page.keyboard.press('Escape');
  await clickPhrase(page, CYBER);
  await panelCaughtUp(page);
  // A COMMITMENT takes part in all four kinds; a PARTY only in committer.
  for (const kind of ['committer', 'source', 'constrains', 'embeds']) {
    await expect(page.getByTestId(`relation-type-${kind}`)).toBeVisible();
  }
  await page.getByTestId('relation-type-constrains').click();
  await clickPhrase(page, 'by FY 2027');
  expect(await relationRows(page)).toEqual(['← constrains CONSTRAINT “by FY 2027”']);
  await page.getByTestId('relation-type-embeds').click();
  await clickPhrase(page, 'The United States and Japan', 1);
  await expect(page.getByTestId('error-message')).toContainText('An embeds relation cannot run from a COMMITMENT span to a PARTY span (it runs act → act)');
  await page.keyboard.press('Escape');
  await page.getByTestId('relation-type-committer').click();
  await clickPhrase(page, 'The United States and Japan', 1);
  expect(await relationRows(page)).toEqual([
    '← constrains CONSTRAINT “by FY 2027”',
    'committer → PARTY “The United States and Japan”',
  ]);
  await page.keyboard.press('Escape');
  await clickPhrase(page, 'The United States and Japan', 1);
  await panelCaughtUp(page);
  await expect(page.getByTestId('relation-type-committer')).toBeVisible();
  await expect(page.getByTestId('relation-type-embeds')).toHaveCount(0);
});

test('a relation whose end is orphaned by re-anchoring waits for it, and placing it makes the relation', async ({ page }) => {
  const reason = 'underpinned by a favorable trend of its defense budget increase';
  await openApp(page);
  await pasteDocument(page, SAMPLE);
  await labelPhrase(page, CYBER, '1');
  await labelPhrase(page, reason, '8');
  await linkByMouse(page, CYBER, reason);
  const file = await exportAs(page, 'export-w3c');
  // The same statement with that passage rewritten: its span cannot be placed.
  await pasteDocument(page, SAMPLE.replace(/underpinned\s+by a favorable trend of its defense budget increase/, 'as budgets grow'));
  await page.getByTestId('import-file').setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.buffer });
  await expect(page.getByTestId('info-message')).toContainText('1 orphaned');
  await expect(page.getByTestId('info-message')).toContainText('1 relation waits for orphaned spans');
  await expect(page.getByTestId('orphan')).toHaveCount(1);
  await page.getByTestId('orphans').screenshot({ path: 'test-results/orphans.png' });
  // Placed on the rewritten text, the relation is made.
  await dragAcross(page, 'as budgets grow');
  await page.getByTestId('orphan-place').click();
  await expect(page.getByTestId('orphan')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await clickPhrase(page, CYBER);
  expect(await relationRows(page)).toEqual(['source → ATTRIBUTION “as budgets grow”']);
  // Placing it was one step: one undo takes back the span and the relation that waited.
  await page.getByTestId('undo').click();
  await expect(page.locator('.hl', { hasText: 'as budgets grow' })).toHaveCount(0);
  await clickPhrase(page, CYBER);
  await expect(page.getByTestId('relation-item')).toHaveCount(0);
  await expect(page.locator('.hl', { hasText: 'cyberspace' }).first()).toBeVisible();
});

test('R pressed during “Link as” starts over without the kind', async ({ page }) => {
  await toCyberByKeyboard(page);
  await page.getByTestId('relation-type-embeds').click();
  await page.keyboard.press('r');
  // Without the kind, the one the schema allows from an act to a PARTY is made.
  await clickPhrase(page, 'The United States and Japan', 1);
  await expect(page.getByTestId('doc-view')).not.toHaveClass(/linking/);
  expect(await relationRows(page)).toEqual(['committer → PARTY “The United States and Japan”']);
});

test('a relation’s note is typed in the span editor, undone in one step, and written to the file', async ({ page }) => {
  await spans(page);
  await linkByMouse(page, CYBER, 'The United States and Japan', 1);
  const note = page.getByTestId('relation-note');
  await note.fill('per the White House readout');
  await note.press('Tab');
  await expect(page.getByTestId('relation-note')).toHaveValue('per the White House readout');
  const file = JSON.parse((await exportAs(page, 'export-json')).buffer.toString('utf8'));
  expect(file.relations).toHaveLength(1);
  expect(file.relations[0].note).toBe('per the White House readout');
  // Ctrl+Z takes the note back, the relation stays.
  await page.getByTestId('doc-view').focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('relation-note')).toHaveValue('');
  await expect(page.getByTestId('relation-item')).toHaveCount(1);
});

test('the mouse over a span draws its relations; off it, they go', async ({ page }) => {
  await spans(page);
  await linkByMouse(page, CYBER, 'The United States and Japan', 1);
  await page.keyboard.press('Escape');
  const arcs = page.locator('[data-testid=arcs] path.arc');
  await expect(arcs).toHaveCount(0);
  const { start } = await phraseBoxes(page, CYBER);
  await page.mouse.move(start.x + 4, start.y + start.h / 2);
  await expect(arcs).toHaveCount(1);
  await expect(arcs.locator('title')).toHaveText(/committer/);
  // Plain text (no span there), then out of the text: no arc.
  const plain = await phraseBoxes(page, 'by leveraging new technologies');
  // Chrome moves the hover to what scrolled under the still mouse (the line of plain text).
  await page.waitForTimeout(300);
  await page.mouse.move(plain.start.x + 4, plain.start.y + plain.start.h / 2);
  await expect(arcs).toHaveCount(0);
  await page.mouse.move(2, 2);
  await expect(arcs).toHaveCount(0);
});
