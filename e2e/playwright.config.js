// Playwright drives the release build (dist/, made by `trunk build --release`), served as static
// files on 127.0.0.1, in Debian's Chromium. No browser is ever downloaded.
import { defineConfig } from '@playwright/test';
import { freePort } from './port.mjs';

// The port is chosen once by the main process and handed to the workers through the
// environment (they load this file again): AVOW_E2E_PORT when given, else a free one.
if (!process.env.AVOW_E2E_PORT) process.env.AVOW_E2E_PORT = String(freePort());
const port = Number(process.env.AVOW_E2E_PORT);

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    headless: true,
    acceptDownloads: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
    viewport: { width: 1280, height: 860 },
  },
  webServer: {
    // AVOW_DIST serves another build (to check that a test fails on the build before a fix).
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory ${process.env.AVOW_DIST || '../dist'}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
