/* global chrome -- the service worker's extension API, where worker.evaluate runs */
// `npm start`: build the extension, serve the demo CRM pages, and open Chromium with the extension on a demo deal.
// Without a display it runs headless, saves screenshots of the demo page and the popup, and prints their paths.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension } from './lib/browser.mjs';
import { startFixtureServer } from './lib/fixture-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION_DIR = join(ROOT, '.output', 'chrome-mv3');
const OUTPUT = join(ROOT, 'demo-output');
const DEMO_DEAL = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
const OTHER_PAGES = [
  'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000NordEAAS/view',
  'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000BlankAAA/view',
];

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI && !process.argv.includes('--headless');

console.log('Building the extension…');
const build = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = await startFixtureServer();
console.log(`Demo CRM pages served on https://127.0.0.1:${server.port} as acme.lightning.force.com`);
const browser = await launchWithExtension({ extensionDir: EXTENSION_DIR, port: server.port, headless: !headed });

const page = await browser.context.newPage();
await page.goto(DEMO_DEAL);

if (headed) {
  for (const url of OTHER_PAGES) await (await browser.context.newPage()).goto(url);
  await page.bringToFront();
  console.log('\nChromium is open on a demo deal with several problems. Click the Deal Hygiene icon for the findings.');
  console.log('Close the browser window or press Ctrl+C to stop.');
  const stop = async () => {
    await browser.close().catch(() => {});
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  browser.context.on('close', stop);
} else {
  mkdirSync(OUTPUT, { recursive: true });
  await page.locator('[data-deal-hygiene]').first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300);
  const pageShot = join(OUTPUT, 'demo-deal.png');
  await page.screenshot({ path: pageShot, fullPage: true });
  const tabId = await browser.worker().evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id ?? -1, DEMO_DEAL);
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
  await popup.locator('.deal__name').waitFor({ timeout: 10_000 });
  const popupShot = join(OUTPUT, 'demo-popup.png');
  await popup.screenshot({ path: popupShot, fullPage: true });
  const badges = await page.locator('[data-deal-hygiene] .text').allTextContents();
  console.log('\nNo display found, so the demo ran headless.');
  console.log(`Badges drawn on the demo deal: ${badges.join(' | ')}`);
  console.log(`Screenshot of the demo deal: ${pageShot}`);
  console.log(`Screenshot of the popup:     ${popupShot}`);
  await browser.close();
  await server.close();
}
