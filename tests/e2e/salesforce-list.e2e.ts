import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension } from '../../scripts/lib/browser.mjs';
import { startFixtureServer } from '../../scripts/lib/fixture-server.mjs';

/** The extension APIs inside the service worker, where `worker.evaluate` runs. */
declare const chrome: any;

const EXTENSION_DIR = resolve(__dirname, '../../.output/chrome-mv3');
const ARTIFACTS = resolve(__dirname, '../../test-artifacts/e2e');
const LIST = 'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=AllOpportunities';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let browser: Awaited<ReturnType<typeof launchWithExtension>>;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startFixtureServer();
  browser = await launchWithExtension({ extensionDir: EXTENSION_DIR, port: server.port });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a manager scanning a Salesforce list view', () => {
  it('sees a compact badge on every row, and the toolbar counts the deals that need attention', async () => {
    const page = await browser.context.newPage();
    await page.goto(LIST);
    const rowBadges = page.locator('[data-deal-hygiene="row"] .badge');
    await expect.poll(() => rowBadges.count(), { timeout: 15_000 }).toBe(30);
    const labels = await page.locator('[data-deal-hygiene="row"] .text').allTextContents();
    const flagged = labels.filter((label) => label !== '✓');
    expect(flagged.length).toBeGreaterThan(0);
    for (const label of flagged) expect(Number(label)).toBeGreaterThan(0);
    // Every badge has an accessible name and can be reached with the keyboard.
    const first = rowBadges.first();
    expect(await first.getAttribute('aria-label')).toBeTruthy();
    expect(await first.getAttribute('tabindex')).toBe('0');
    await page.screenshot({ path: `${ARTIFACTS}/salesforce-list-row-badges.png`, fullPage: true });

    const toolbar = await browser.worker().evaluate(async (url: string) => {
      const [tab] = await chrome.tabs.query({ url });
      return chrome.action.getBadgeText({ tabId: tab.id });
    }, 'https://acme.lightning.force.com/*');
    expect(toolbar).toBe(String(flagged.length));
  });
});
