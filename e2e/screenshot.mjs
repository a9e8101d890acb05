// Takes the README's screenshot: the release build (dist/) with a few nested spans, the way a
// person sees it. Usage: node screenshot.mjs  (after `trunk build --release`).
import { freePort } from './port.mjs';
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const port = freePort();
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', '../dist'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByTestId('label-COMMITMENT').waitFor();
  // The sample is fetched and drawn after the app mounts.
  await page.waitForFunction(() => document.querySelector('[data-testid=doc-view]')?.textContent.includes('The two leaders'));

  // Select a phrase with the mouse (whitespace in the phrase matches line breaks) and label it.
  async function label(phrase, key) {
    const box = await page.evaluate((phrase) => {
      const root = document.querySelector('[data-testid=doc-view]');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes = []; let text = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data; }
      const re = new RegExp(phrase.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'));
      const m = re.exec(text);
      const at = (i) => { for (let k = nodes.length - 1; k >= 0; k--) if (nodes[k][1] <= i) return [nodes[k][0], i - nodes[k][1]]; };
      const rect = (i) => { const [n, o] = at(i); const r = document.createRange(); r.setStart(n, o); r.setEnd(n, o + 1); const b = r.getClientRects()[0]; return { x: b.x, y: b.y, w: b.width, h: b.height }; };
      at(m.index)[0].parentElement.scrollIntoView({ block: 'center' });
      return { s: rect(m.index), e: rect(m.index + m[0].length - 1) };
    }, phrase);
    await page.mouse.move(box.s.x + 1, box.s.y + box.s.h / 2);
    await page.mouse.down();
    await page.mouse.move(box.e.x + box.e.w - 1, box.e.y + box.e.h / 2, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.press(key);
  }
  await label('The two leaders', '6');
  await label('expressed their shared desire for bilateral security and defense cooperation', '2');
  await label('Japan reiterated its unwavering commitment to fundamentally reinforce its own defense capabilities', '1');
  await label('which the United States welcomed', '3');
  await label('The United States underscored its unwavering commitment to the defense of Japan', '1');
  await label('using its full range of capabilities, including nuclear capabilities', '7');
  await label('reaffirmed that Article V of the U.S.-Japan Treaty of Mutual Cooperation and Security applies to the Senkaku Islands', '1');
  await page.getByTestId('attr-committer').selectOption('joint');
  await page.getByTestId('attr-strength').selectOption('firm');
  await page.getByTestId('attr-novelty').selectOption('reaffirmed');
  await page.getByTestId('attr-domain').selectOption('territory');
  await page.locator('.doc-scroll').evaluate((el) => { el.scrollTop = 280; });
  await page.locator('.tab-body').evaluate((el) => { el.scrollTop = 0; });
  await page.mouse.move(5, 5);
  await page.screenshot({ path: 'screenshots/avow.png' });
  console.log('wrote e2e/screenshots/avow.png');
} finally {
  await browser.close();
  server.kill();
}
