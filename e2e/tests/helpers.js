// Shared steps of the end-to-end tests.
import { expect } from '@playwright/test';

/** Opens the app with empty storage and waits until the wasm has mounted it. */
export async function openApp(page) {
  await page.goto('/');
  await expect(page.getByTestId('label-COMMITMENT')).toBeVisible();
}
