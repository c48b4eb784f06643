import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension } from '../../scripts/lib/browser.mjs';
import { startFixtureServer } from '../../scripts/lib/fixture-server.mjs';
import { ARTIFACTS, EXTENSION_DIR } from './harness';

/**
 * Precise mode (#7) end to end: the built extension against the fixture pages and the mock CRM APIs, served over https
 * on the CRMs' own hostnames (scripts/lib/mock-crm-api.mjs). Build with the CRMs' hosts granted, as a user would grant
 * them when turning precise mode on (a headless browser cannot answer the prompt):
 *   DH_OUT_DIR=.output-precise DH_E2E_HOSTS='http://127.0.0.1/*,https://*.pipedrive.com/*,https://*.dynamics.com/*' npx wxt build
 * Salesforce and HubSpot also need the optional `cookies` permission granted at install (see the report: the build
 * has no switch for it yet), so their case runs only when the built manifest has it.
 */

declare const chrome: any;

const PIPEDRIVE_DEAL = 'https://acme-sales.pipedrive.com/deal/1842';
const DYNAMICS_DEAL =
  'https://contoso.crm.dynamics.com/main.aspx?appid=4f1c5a0e-2b7d-4e8a-9c3f-1d2e3f4a5b6c&pagetype=entityrecord&etn=opportunity&id=7a2f4c1e-9b3d-4e6a-8f10-2c5d7e9a1b3f';
const HUBSPOT_DEAL = 'https://app.hubspot.com/contacts/4412345/record/0-3/18234567890';
const SALESFORCE_DEAL = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { permissions?: string[] };
const hasCookies = manifest.permissions?.includes('cookies') ?? false;

type Server = Awaited<ReturnType<typeof startFixtureServer>>;
type Browser = Awaited<ReturnType<typeof launchWithExtension>>;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startFixtureServer({ api: true });
  browser = await launchWithExtension({
    extensionDir: EXTENSION_DIR,
    port: server.port,
    hosts: ['*.lightning.force.com', '*.my.salesforce.com', 'app.hubspot.com', '*.pipedrive.com', '*.dynamics.com'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Precise mode per CRM, as the options page stores it (the worker writes it here: no prompt to answer headless). */
async function setPrecise(crms: Record<string, boolean>) {
  await browser.worker().evaluate(
    async (value) => chrome.storage.local.set({ precise: { version: 1, crms: { salesforce: false, hubspot: false, pipedrive: false, dynamics: false, ...value } } }),
    crms,
  );
}

async function open(url: string): Promise<{ page: Page; badges: string[] }> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.locator('[data-deal-hygiene="chip"]').waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  return { page, badges: await page.locator('[data-deal-hygiene] .text').allTextContents() };
}

const apiCallsTo = (host: string) => server.apiRequests.filter((request) => request.startsWith(`${host} `));
const slipping = (badges: string[]) => badges.find((text) => text.startsWith('Close date pushed'));

async function popupFor(url: string, screenshot: string): Promise<string> {
  const tabId: number = await browser.worker().evaluate(async (pattern: string) => (await chrome.tabs.query({ url: pattern }))[0]?.id ?? -1, url.split('?')[0] + '*');
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 640 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
  await popup.locator('main.popup h2, main.popup .state').first().waitFor();
  await popup.waitForTimeout(300);
  await popup.screenshot({ path: `${ARTIFACTS}/${screenshot}`, fullPage: true });
  const text = (await popup.locator('main.popup').textContent()) ?? '';
  await popup.close();
  return text;
}

describe('precise mode', () => {
  it('off (the default): only the page is read, and a first visit knows no history', async () => {
    const { page, badges } = await open(DYNAMICS_DEAL);
    expect(slipping(badges)).toBeUndefined();
    expect(server.apiRequests).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/precise-off-dynamics.png`, fullPage: true });
    await page.close();
  });

  it('on for Pipedrive: the first visit shows the close-date pushes from the deal\'s own change log', async () => {
    await setPrecise({ pipedrive: true });
    const { page, badges } = await open(PIPEDRIVE_DEAL);
    expect(apiCallsTo('acme-sales.pipedrive.com')).toEqual(
      expect.arrayContaining(['acme-sales.pipedrive.com /api/v1/deals/1842', 'acme-sales.pipedrive.com /api/v1/deals/1842/flow', 'acme-sales.pipedrive.com /api/v1/stages']),
    );
    expect(slipping(badges)).toBe('Close date pushed 3 times, 75 days later in total (largest push 30 days)');
    await page.screenshot({ path: `${ARTIFACTS}/precise-on-pipedrive.png`, fullPage: true });
    const popup = await popupFor(PIPEDRIVE_DEAL, 'precise-on-pipedrive-popup.png');
    expect(popup).toContain('Close date pushed 3 times');

    // Read again within five minutes: served from the cache, no second API read, no duplicated history.
    const before = apiCallsTo('acme-sales.pipedrive.com').length;
    await page.reload();
    await page.locator('[data-deal-hygiene="chip"]').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    expect(apiCallsTo('acme-sales.pipedrive.com')).toHaveLength(before);
    expect(slipping(await page.locator('[data-deal-hygiene] .text').allTextContents())).toBe('Close date pushed 3 times, 75 days later in total (largest push 30 days)');
    await page.close();
  });

  it('on for Dynamics 365: the audit history gives the pushes the page cannot show', async () => {
    await setPrecise({ pipedrive: true, dynamics: true });
    const { page, badges } = await open(DYNAMICS_DEAL);
    expect(apiCallsTo('contoso.crm.dynamics.com').some((request) => request.includes('RetrieveRecordChangeHistory'))).toBe(true);
    expect(slipping(badges)).toMatch(/^Close date pushed 3 times, /);
    await page.screenshot({ path: `${ARTIFACTS}/precise-on-dynamics.png`, fullPage: true });
    await page.close();
  });

  it.runIf(hasCookies)('on for Salesforce: the session cookie of the org\'s API host reads OpportunityHistory', async () => {
    await browser.context.addCookies([{ name: 'sid', value: 'E2E-SESSION', domain: 'acme.my.salesforce.com', path: '/', secure: true, httpOnly: true }]);
    await setPrecise({ salesforce: true });
    const { page, badges } = await open(SALESFORCE_DEAL);
    expect(apiCallsTo('acme.my.salesforce.com').length).toBeGreaterThanOrEqual(3);
    expect(slipping(badges)).toMatch(/^Close date pushed 3 times, /);
    await page.screenshot({ path: `${ARTIFACTS}/precise-on-salesforce.png`, fullPage: true });
    await page.close();
  });

  it.runIf(hasCookies)('on for HubSpot: the CSRF cookie goes back as the header, and propertiesWithHistory gives the pushes', async () => {
    await browser.context.addCookies([{ name: 'hubspotapi-csrf', value: 'E2E-CSRF', domain: '.hubspot.com', path: '/', secure: true }]);
    await setPrecise({ hubspot: true });
    const { page, badges } = await open(HUBSPOT_DEAL);
    expect(apiCallsTo('app.hubspot.com')).toEqual(expect.arrayContaining(['app.hubspot.com /api/crm/v3/objects/deals/18234567890']));
    expect(slipping(badges)).toBe('Close date pushed 3 times, 92 days later in total (largest push 32 days)');
    await page.screenshot({ path: `${ARTIFACTS}/precise-on-hubspot.png`, fullPage: true });
    await page.close();
  });
});
