// Real files from real tools (issue 12), in the release build: a colleague's zipped brat
// folder (deflated, with data descriptors, as zip tools write it), corrupted and truncated
// archives refused, another tool's span ids and a huge id that made new spans replace each
// other, a discontinuous brat span kept apart, and a panic that shows a way out, not a dead page.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { openApp, labelPhrase, listRows, SAMPLE } from './helpers.js';

/** A ZIP made by Python's zipfile, deflated, written to a pipe (so with data descriptors). */
function pythonZip(files) {
  const script = [
    'import json, sys, zipfile',
    'files = json.load(sys.stdin)',
    "z = zipfile.ZipFile(sys.stdout.buffer, 'w', zipfile.ZIP_DEFLATED)",
    'for name, text in files: z.writestr(name, text)',
    'z.close()',
  ].join('\n');
  return execFileSync('python3', ['-c', script], { input: JSON.stringify(files) });
}

const TEXT = 'Japan and the United States will expand cooperation.\nThey met in Tokyo.\n';
const ANN = 'T1\tPARTY 0 5\tJapan\nT2\tPARTY 14 27\tUnited States\nT3\tCOMMITMENT 28 51\twill expand cooperation\nA1\tstrength T3 firm\nT4\tPARTY 0 5;14 27\tJapan United States\n';

async function importBytes(page, name, buffer) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/zip', buffer });
}

test('a zipped brat folder, deflated with data descriptors, opens with its spans', async ({ page }) => {
  await openApp(page);
  const zip = pythonZip([['statement/joint.txt', TEXT], ['statement/joint.ann', ANN], ['statement/annotation.conf', '[entities]\nPARTY\n']]);
  // Deflated, and sizes after the data (flag bit 3): what used to be refused.
  expect(zip[8]).toBe(8);
  expect(zip[6] & 8).toBe(8);
  await importBytes(page, 'colleague.zip', zip);
  await expect(page.getByTestId('doc-title')).toHaveText('joint');
  // The discontinuous T4 is two spans, never one "Japan and the United States".
  await expect(page.getByTestId('info-message')).toContainText('1 discontinuous span kept as separate spans');
  const rows = await listRows(page);
  expect(rows.map((r) => [r.label, r.quote])).toEqual([
    ['PARTY', 'Japan'], ['PARTY', 'United States'], ['COMMITMENT', 'will expand cooperation'],
  ]);
  // Its duplicates of T1 and T2 are left out, and the report says so.
  await expect(page.getByTestId('info-message')).toContainText('2 spans with the extent and label of another left out');
});

test('an empty .ann with its .txt opens as a document with no spans', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('import-file').setInputFiles([
    { name: 'plain.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT, 'utf8') },
    { name: 'plain.ann', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
  ]);
  await expect(page.getByTestId('doc-title')).toHaveText('plain');
  await expect(page.getByTestId('info-message')).toContainText('Opened plain.ann with 0 spans');
  await expect(page.getByTestId('annotation-item')).toHaveCount(0);
});

test('a corrupted or truncated archive is refused and changes nothing', async ({ page }) => {
  await openApp(page);
  const zip = pythonZip([['joint.txt', TEXT.repeat(20)], ['joint.ann', ANN]]);
  const corrupted = Buffer.from(zip);
  // A byte of the deflated text flipped: the CRC-32 catches it.
  corrupted[60] ^= 0x10;
  await importBytes(page, 'corrupted.zip', corrupted);
  await expect(page.getByTestId('error-message')).toContainText('corrupted.zip');
  await expect(page.getByTestId('error-message')).toContainText('Nothing was imported');
  await importBytes(page, 'cut.zip', zip.subarray(0, zip.length - 30));
  await expect(page.getByTestId('error-message')).toContainText('cut.zip is not a whole ZIP archive');
  await page.getByTestId('tab-workspace').click();
  await expect(page.getByTestId('doc-item')).toHaveCount(1);
});

test("another tool's span ids are mapped, and a huge id never makes new spans replace each other", async ({ page }) => {
  await openApp(page);
  // Avow's own export of the sample, with its span ids replaced.
  await labelPhrase(page, 'The two leaders', '6');
  await labelPhrase(page, 'Donald J. Trump', '6');
  await page.locator('.export-menu summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
  file.annotations[0].id = 's18446744073709551614';
  file.annotations[1].id = 'b1';
  file.document.id = 'd-other';
  file.document.metadata.title = 'Other copy';
  // A text of its own, so that it opens as a new document.
  file.document.text = file.document.text + '\nAdded.';
  file.document.length += 7;
  file.document.text_sha256 = execFileSync('python3', ['-c', 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'], { input: Buffer.from(file.document.text, 'utf8') }).toString().trim();
  await page.getByTestId('import-file').setInputFiles({ name: 'other.avow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByTestId('info-message')).toContainText('2 span ids not like "s12" given new ids');
  await page.getByTestId('tab-workspace').click();
  await page.getByTestId('doc-item').filter({ hasText: 'Other copy' }).getByTestId('doc-item-open').click();
  await expect(page.getByTestId('doc-title')).toHaveText('Other copy');
  await page.getByTestId('tab-spans').click();
  await expect(page.getByTestId('annotation-item')).toHaveCount(2);
  // Two new spans: both stay (with the overflowing id, the second replaced the first).
  await labelPhrase(page, 'Prime Minister', '6');
  await labelPhrase(page, 'Ishiba', '6');
  await expect(page.getByTestId('annotation-item')).toHaveCount(4);
});

test('a panic shows what to do, with the saved workspace and the error to download', async ({ page }) => {
  await openApp(page);
  await labelPhrase(page, 'The two leaders', '6');
  // Saved: the list is reloaded with the span.
  await page.waitForTimeout(1200);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('./?avow-crash-test');
  const crash = page.getByTestId('crash');
  await expect(crash).toBeVisible();
  await expect(crash).toContainText('Avow hit a bug');
  await expect(crash).toContainText('Your work is saved up to');
  // The release stops at a panic without making a message (.ci/release): the screen and the
  // report give the browser's text of the trap, with its stack.
  await expect(crash).toContainText('RuntimeError: unreachable');
  await expect(page.getByTestId('crash-download-workspace')).toBeFocused();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('crash-download-workspace').click()]);
  const workspace = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(workspace.format).toBe('avow-workspace');
  expect(workspace.documents[0].annotations.map((a) => a.quote)).toEqual(['The two leaders']);
  const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('crash-download-error').click()]);
  expect(readFileSync(await report.path(), 'utf8')).toMatch(/RuntimeError: unreachable[^]*wasm-function/);
  await page.screenshot({ path: 'test-results/crash.png' });
  // Reload opens the app again, on what was saved.
  await page.getByTestId('crash-reload').click();
  await expect(page.getByTestId('crash')).toHaveCount(0);
  await expect(page.getByTestId('annotation-item')).toHaveCount(1);
  expect(SAMPLE.length).toBeGreaterThan(0);
});
