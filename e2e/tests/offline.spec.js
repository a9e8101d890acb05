// Offline after the first load: the service worker keeps the app's files, a reload with the
// network off still opens the app and the work; a newly deployed version is announced with a
// Reload button and never loads by itself. The web app manifest lets the browser install Avow.
import { test, expect } from '@playwright/test';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT, openApp, labelPhrase, listRows } from './helpers.js';

const DIST = path.join(ROOT, 'dist');
const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain',
};

/**
 * Serves dist/ on a port of its own (its own origin, so its own service worker). `deploy()`
 * makes the next requests for sw.js answer a changed worker, as a new deployment would.
 */
async function site() {
  let version = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(DIST, decodeURIComponent(url.pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    let body = readFileSync(file);
    if (path.basename(file) === 'sw.js' && version > 0) {
      body = Buffer.concat([body, Buffer.from(`\n// deployment ${version}\n`)]);
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    deploy: () => { version += 1; },
    close: () => new Promise((done) => server.close(done)),
  };
}

/** Waits until the service worker controls the page (its files are then kept). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
}

test('after the first load, a reload with the network off opens the app and the work', async ({ page, context }) => {
  const server = await site();
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('doc-view')).not.toBeEmpty();
    await labelPhrase(page, 'The two leaders', '6');
    await expect(page.getByTestId('annotation-item')).toHaveCount(1);
    await controlled(page);
    await page.waitForTimeout(800); // the autosave
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId('doc-view')).not.toBeEmpty();
    expect((await listRows(page)).map((r) => [r.label, r.quote])).toEqual([['PARTY', 'The two leaders']]);
    await expect(page.getByTestId('error-message')).toHaveCount(0);
    await context.setOffline(false);
  } finally {
    await server.close();
  }
});

test('a new version is announced with a Reload button, and loads only when asked', async ({ page }) => {
  const server = await site();
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('doc-view')).not.toBeEmpty();
    await controlled(page);
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    await page.evaluate(() => { window.avowSamePage = true; });
    server.deploy();
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    await expect(page.getByTestId('update-ready')).toContainText('A new version of Avow is ready');
    // It waits: the page is the same page, not reloaded behind the user's back.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.avowSamePage)).toBe(true);
    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
    await expect(page.getByTestId('doc-view')).not.toBeEmpty();
    expect(await page.evaluate(() => window.avowSamePage)).toBeUndefined();
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
  } finally {
    await server.close();
  }
});

test('the web app manifest names Avow and its icon', async ({ page, request }) => {
  await openApp(page);
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  const manifest = await (await request.get(new URL(href, page.url()).href)).json();
  expect(manifest.name).toContain('Avow');
  expect(manifest.display).toBe('standalone');
  const icon = await request.get(new URL(manifest.icons[0].src, new URL(href, page.url())).href);
  expect(icon.ok()).toBe(true);
  expect(new URL(manifest.start_url, new URL(href, page.url())).href).toBe(page.url());
});
