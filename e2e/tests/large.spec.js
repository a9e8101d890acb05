// A 1 MB document: annotating at its very end with the mouse works as at its start, and the
// offsets are Python's.
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { openApp, dragAcross, pythonOffsets, CORPUS } from './helpers.js';

function megabyte() {
  const corpus = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => readFileSync(path.join(CORPUS, f), 'utf8')).join('\n\n');
  const cps = [];
  const base = Array.from(corpus);
  while (cps.length < 1_000_000) cps.push(...base, '\n', '\n');
  cps.length = 1_000_000;
  return `${cps.join('')}\n\nIn closing, the parties will meet again in Tokyo in 2031.\n`;
}

test('annotate at the end of a 1 MB document with the mouse', async ({ page }) => {
  test.setTimeout(120_000);
  const text = megabyte();
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles({ name: 'long.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
  await expect(page.getByTestId('doc-title')).toHaveText('long', { timeout: 30_000 });
  // At the start...
  await dragAcross(page, 'held their first official');
  await page.keyboard.press('5');
  // ...and at the very end, after a million code points.
  await page.locator('.doc-scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await dragAcross(page, 'will meet again in Tokyo in 2031');
  await page.keyboard.press('1');
  const [start, end] = pythonOffsets(text, 'will meet again in Tokyo in 2031');
  expect(start).toBeGreaterThan(1_000_000);
  await expect(page.getByTestId('span-offsets')).toHaveText(`${start}–${end}`);
  await expect(page.getByTestId('list-total')).toHaveText('2 spans');
  await expect(page.locator('.hl.sel')).toHaveText('will meet again in Tokyo in 2031');
});
