import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension } from '../../scripts/lib/browser.mjs';
import { startFixtureServer } from '../../scripts/lib/fixture-server.mjs';

/** The extension APIs inside the service worker, where `worker.evaluate` runs. */
declare const chrome: any;

const EXTENSION_DIR = resolve(__dirname, '../../.output/chrome-mv3');
const ARTIFACTS = resolve(__dirname, '../../test-artifacts/e2e');
const NORDISK = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000NordEAAS/view';

let server: Awaited<ReturnType<typeof startFixtureServer>>;
let browser: Awaited<ReturnType<typeof launchWithExtension>>;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startFixtureServer();
  browser = await launchWithExtension({ extensionDir: EXTENSION_DIR, port: server.port, language: 'da' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a Danish rep on a Danish Salesforce page', () => {
  it('gets badges and the popup in Danish', async () => {
    const page = await browser.context.newPage();
    await page.goto(NORDISK);
    const badge = page.locator('[data-deal-hygiene] .text', { hasText: 'Ikke opdateret' });
    await badge.first().waitFor({ timeout: 15_000 });
    expect(await badge.first().textContent()).toBe('Ikke opdateret i 56 dage (grænse 21)');
    expect(await page.locator('[data-deal-hygiene="chip"] .text').textContent()).toMatch(/^Hygiejne \d+$/);
    await page.screenshot({ path: `${ARTIFACTS}/salesforce-record-da-ui.png`, fullPage: true });

    const tabId: number = await browser.worker().evaluate(async (url: string) => (await chrome.tabs.query({ url }))[0]?.id ?? -1, NORDISK);
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
    await popup.locator('.deal__name').waitFor();
    // textContent, not innerText: the score label is upper-cased by CSS.
    const text = (await popup.locator('main').textContent()) ?? '';
    expect(text).toContain('Hygiejnescore');
    expect(text).toContain('Kritisk (1)');
    expect(text).toContain('Sådan retter du det');
    await popup.screenshot({ path: `${ARTIFACTS}/popup-da-ui.png`, fullPage: true });
  });
});
