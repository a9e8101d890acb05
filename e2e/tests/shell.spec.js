// The app shell: the release build loads in Chromium with no errors and shows the palette.
import { test, expect } from '@playwright/test';
import { openApp } from './helpers.js';

const LABELS = [
  ['COMMITMENT', '1'], ['STANCE', '2'], ['ENDORSEMENT', '3'], ['TASKING', '4'],
  ['DECLARATION', '5'], ['PARTY', '6'], ['CONSTRAINT', '7'], ['ATTRIBUTION', '8'],
];

test('palette shows all eight labels with their hotkeys', async ({ page }) => {
  await openApp(page);
  const buttons = page.getByTestId('palette').locator('[data-testid^="label-"]');
  await expect(buttons).toHaveCount(8);
  for (const [label, key] of LABELS) {
    const button = page.getByTestId(`label-${label}`);
    await expect(button).toBeVisible();
    await expect(button).toContainText(label);
    await expect(button.locator('kbd')).toHaveText(key);
  }
});

test('the page loads under its Content Security Policy with no console errors', async ({ page }) => {
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(errors).toEqual([]);
});
