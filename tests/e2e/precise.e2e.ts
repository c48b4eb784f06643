import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension } from '../../scripts/lib/browser.mjs';
import { FIXTURES_DIR, startFixtureServer } from '../../scripts/lib/fixture-server.mjs';
import { ARTIFACTS, EXTENSION_DIR } from './harness';

/**
 * Precise mode (#7) end to end: the built extension against the fixture pages and the mock CRM APIs, served over https
 * on the CRMs' own hostnames (scripts/lib/mock-crm-api.mjs). Build with the CRMs' hosts granted, as a user would grant
 * them when turning precise mode on (a headless browser cannot answer the prompt):
 *   DH_OUT_DIR=.output-precise DH_E2E_PERMISSIONS=cookies DH_E2E_HOSTS='http://127.0.0.1/*,https://*.pipedrive.com/*,
 *   https://*.dynamics.com/*,https://*.my.salesforce.com/*,https://*.lightning.force.com/*,https://app.hubspot.com/*' npx wxt build
 * Salesforce and HubSpot need the optional `cookies` permission granted at install (DH_E2E_PERMISSIONS=cookies), so
 * their cases run only when the built manifest has it.
 * The mock APIs answer histories three items a page, so Pipedrive's flow and Dynamics' audit are read over several
 * pages. "refusing.*" hosts serve the same fixture deals from an org whose API refuses the session: the popup must
 * say the values are the page's, and why.
 */

declare const chrome: any;

const PIPEDRIVE_DEAL = 'https://acme-sales.pipedrive.com/deal/1842';
const DYNAMICS_DEAL =
  'https://contoso.crm.dynamics.com/main.aspx?appid=4f1c5a0e-2b7d-4e8a-9c3f-1d2e3f4a5b6c&pagetype=entityrecord&etn=opportunity&id=7a2f4c1e-9b3d-4e6a-8f10-2c5d7e9a1b3f';
const HUBSPOT_DEAL = 'https://app.hubspot.com/contacts/4412345/record/0-3/18234567890';
const SALESFORCE_DEAL = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
const REFUSING_PIPEDRIVE_DEAL = 'https://refusing.pipedrive.com/deal/1842';
const REFUSING_SALESFORCE_DEAL = 'https://refusing.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { permissions?: string[] };
const hasCookies = manifest.permissions?.includes('cookies') ?? false;

type Server = Awaited<ReturnType<typeof startFixtureServer>>;
type Browser = Awaited<ReturnType<typeof launchWithExtension>>;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The fixture deals again, on hosts whose API refuses (Pipedrive: 403; Salesforce: API_DISABLED_FOR_ORG).
  const fixture = (file: string) => ({ html: readFileSync(join(FIXTURES_DIR, file), 'utf8'), now: '2026-11-27T09:00:00.000Z' });
  const extraPages = new Map([
    ['refusing.pipedrive.com/deal/1842', fixture('pipedrive/deal-en.html')],
    ['refusing.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view', fixture('salesforce/record-layout-en.html')],
  ]);
  server = await startFixtureServer({ api: { refuse: ['refusing.pipedrive.com', 'refusing.my.salesforce.com'] }, extraPages });
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

/** The popup's precise-mode line for the tab showing `url` (empty when it shows none). */
async function preciseLineFor(url: string, screenshot: string): Promise<{ tone: string | null; text: string; popup: string }> {
  const popup = await openPopup(url);
  await popup.screenshot({ path: `${ARTIFACTS}/${screenshot}`, fullPage: true });
  const note = popup.locator('.precise-note');
  const result = (await note.count())
    ? { tone: await note.getAttribute('data-precise'), text: (await note.textContent()) ?? '', popup: (await popup.locator('main.popup').textContent()) ?? '' }
    : { tone: null, text: '', popup: (await popup.locator('main.popup').textContent()) ?? '' };
  await popup.close();
  return result;
}

async function openPopup(url: string): Promise<Page> {
  const tabId: number = await browser.worker().evaluate(async (pattern: string) => (await chrome.tabs.query({ url: pattern }))[0]?.id ?? -1, url.split('?')[0] + '*');
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 640 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
  await popup.locator('main.popup article.deal, main.popup .state').first().waitFor();
  await popup.waitForTimeout(300);
  return popup;
}

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
    const line = await preciseLineFor(DYNAMICS_DEAL, 'precise-off-dynamics-popup.png');
    expect(line).toMatchObject({ tone: 'page', text: 'Values from the page (precise mode is off for Dynamics 365)' });
    expect(server.apiRequests).toEqual([]);
    await page.close();
  });

  it('on for Pipedrive: the first visit shows the close-date pushes from the deal\'s own change log', async () => {
    await setPrecise({ pipedrive: true });
    const { page, badges } = await open(PIPEDRIVE_DEAL);
    expect(apiCallsTo('acme-sales.pipedrive.com')).toEqual(
      expect.arrayContaining(['acme-sales.pipedrive.com /api/v1/deals/1842', 'acme-sales.pipedrive.com /api/v1/deals/1842/flow', 'acme-sales.pipedrive.com /api/v1/stages']),
    );
    // The flow's eight items, three a page.
    expect(apiCallsTo('acme-sales.pipedrive.com').filter((request) => request.endsWith('/flow'))).toHaveLength(3);
    expect(slipping(badges)).toBe('Close date pushed 3 times, 75 days later in total (largest push 30 days)');
    await page.screenshot({ path: `${ARTIFACTS}/precise-on-pipedrive.png`, fullPage: true });
    const popup = await popupFor(PIPEDRIVE_DEAL, 'precise-on-pipedrive-popup.png');
    expect(popup).toContain('Close date pushed 3 times');
    const line = await preciseLineFor(PIPEDRIVE_DEAL, 'precise-on-pipedrive-popup-line.png');
    expect(line.tone).toBe('api');
    expect(line.text).toMatch(/^Values from the Pipedrive API, read \d{1,2}:\d{2}( [AP]M)?Includes 7 dated changes from the CRM's own history$/);

    // Read again within five minutes: served from the cache, no second API read, no duplicated history.
    const before = apiCallsTo('acme-sales.pipedrive.com').length;
    await page.reload();
    await page.locator('[data-deal-hygiene="chip"]').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    expect(apiCallsTo('acme-sales.pipedrive.com')).toHaveLength(before);
    expect(slipping(await page.locator('[data-deal-hygiene] .text').allTextContents())).toBe('Close date pushed 3 times, 75 days later in total (largest push 30 days)');
    const kept = await preciseLineFor(PIPEDRIVE_DEAL, 'precise-cached-pipedrive-popup.png');
    expect(kept.tone).toBe('api');
    expect(kept.text).toMatch(/^Values from the Pipedrive API, as read .+ \(read again after 5 minutes\)/);
    await page.close();
  });

  it('the API refuses: the page is read as without precise mode, and the popup names the fallback and why', async () => {
    await setPrecise({ pipedrive: true, dynamics: true });
    const { page, badges } = await open(REFUSING_PIPEDRIVE_DEAL);
    expect(apiCallsTo('refusing.pipedrive.com').length).toBeGreaterThan(0);
    // No history from the API: a first visit cannot know the pushes.
    expect(slipping(badges)).toBeUndefined();
    await page.screenshot({ path: `${ARTIFACTS}/precise-refused-pipedrive.png`, fullPage: true });
    const line = await preciseLineFor(REFUSING_PIPEDRIVE_DEAL, 'precise-refused-pipedrive-popup.png');
    expect(line).toMatchObject({ tone: 'failed', text: 'Values from the page — Pipedrive does not let your user read this deal through its API (HTTP 403)' });
    await page.close();
  });

  it('on for Dynamics 365: the audit history gives the pushes the page cannot show', async () => {
    await setPrecise({ pipedrive: true, dynamics: true });
    const { page, badges } = await open(DYNAMICS_DEAL);
    // Four audit details, three a page: two pages, the second asked with the first one's paging cookie.
    expect(apiCallsTo('contoso.crm.dynamics.com').filter((request) => request.includes('RetrieveRecordChangeHistory'))).toHaveLength(2);
    expect(slipping(badges)).toMatch(/^Close date pushed 3 times, /);
    await page.screenshot({ path: `${ARTIFACTS}/precise-on-dynamics.png`, fullPage: true });
    const line = await preciseLineFor(DYNAMICS_DEAL, 'precise-on-dynamics-popup.png');
    expect(line.tone).toBe('api');
    expect(line.text).toMatch(/^Values from the Dynamics 365 API, read .+Includes 5 dated changes from the CRM's own history$/);
    await page.close();
  });

  it.runIf(hasCookies)('on for Salesforce: the session cookie of the org\'s API host reads OpportunityHistory', async () => {
    await browser.context.addCookies([{ name: 'sid', value: 'E2E-SESSION', domain: 'acme.my.salesforce.com', path: '/', secure: true, httpOnly: true }]);
    await setPrecise({ salesforce: true });
    const { page, badges } = await open(SALESFORCE_DEAL);
    expect(apiCallsTo('acme.my.salesforce.com').length).toBeGreaterThanOrEqual(3);
    expect(slipping(badges)).toMatch(/^Close date pushed 3 times, /);
    await page.screenshot({ path: `${ARTIFACTS}/precise-on-salesforce.png`, fullPage: true });
    expect(await preciseLineFor(SALESFORCE_DEAL, 'precise-on-salesforce-popup.png')).toMatchObject({ tone: 'api' });
    await page.close();
  });

  it.runIf(hasCookies)('an org that refuses API access for browser sessions: the popup says Salesforce refused', async () => {
    await browser.context.addCookies([{ name: 'sid', value: 'E2E-SESSION', domain: 'refusing.my.salesforce.com', path: '/', secure: true, httpOnly: true }]);
    await setPrecise({ salesforce: true });
    const { page } = await open(REFUSING_SALESFORCE_DEAL);
    expect(apiCallsTo('refusing.my.salesforce.com').length).toBeGreaterThan(0);
    const line = await preciseLineFor(REFUSING_SALESFORCE_DEAL, 'precise-refused-salesforce-popup.png');
    expect(line).toMatchObject({
      tone: 'failed',
      text: 'Values from the page — Salesforce refused API access for this session (ask your administrator about API access control) (HTTP 403 API_DISABLED_FOR_ORG)',
    });
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
