import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tryton from '../../src/adapters/presets/tryton';
import type { CrmMapping } from '../../src/model/crm-mapping';
import { logIn, openRecord } from '../../scripts/tryton/sao.mjs';
import { startTryton, trytonInstalled, TRYTOND, type TrytonServer } from '../../scripts/tryton/server.mjs';
import { ARTIFACTS, useExtensionBrowser } from './harness';

/**
 * A real CRM: Debian's Tryton (trytond + sao + sale_opportunity) on 127.0.0.1 with a seeded SQLite database
 * (scripts/tryton), read through the Tryton preset as a user's custom CRM. The extension must be built with
 * DH_E2E_HOSTS='http://127.0.0.1/*' (npm run test:e2e does), so the host permission is granted without a prompt.
 */
declare const chrome: any;

const installed = trytonInstalled();
if (!installed && process.env.CI) {
  throw new Error(`CI must run the Tryton end-to-end test, but ${TRYTOND} is missing: .ci/run installs tryton-server, tryton-sao, tryton-modules-sale-opportunity and tryton-proteus`);
}
if (!installed) {
  console.warn(
    `Skipping tests/e2e/tryton.e2e.ts: ${TRYTOND} is missing. Install it with: apt-get install --no-install-recommends tryton-server tryton-sao tryton-modules-sale-opportunity tryton-proteus`,
  );
}

/**
 * The preset as a user saves it for their own server: its address, and their company's currency (sao shows the
 * symbol beside the amount, not in it).
 */
const mapping: CrmMapping = { ...tryton, matches: ['http://127.0.0.1/*'], currency: 'EUR' };

describe.skipIf(!installed)('Tryton, a real CRM, read through the Tryton preset', () => {
  const ext = useExtensionBrowser();
  const { badgeTexts, tabOf, waitForToolbarText, openPopup } = ext;
  let server: TrytonServer;
  let page: Page;
  let tabId: number;

  beforeAll(async () => {
    const started = Date.now();
    server = await startTryton({ german: true });
    const { initMs, seedMs, startMs, cached } = server.timings;
    console.log(
      `Tryton ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${server.url} (init ${(initMs / 1000).toFixed(1)} s, seed ${(seedMs / 1000).toFixed(1)} s, start ${(startMs / 1000).toFixed(1)} s${cached ? `, ${cached === 'init' ? 'initialised' : 'seeded'} database from the cache` : ''})`,
    );
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
  });

  const recordUrl = (role: string) => server.recordUrl('sale.opportunity', server.opportunities[role]!);

  async function waitForBadges(predicate: (texts: string[]) => boolean, what: string): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      texts = await badgeTexts(page);
      if (predicate(texts)) return texts;
      await page.waitForTimeout(200);
    }
    throw new Error(`timed out waiting for ${what}; badges were: ${JSON.stringify(texts)}`);
  }

  /** Badges drawn inside the sao tab on screen, in the widget of one field (by Tryton's field name). */
  const badgesIn = (field: string) => page.locator(`#tabcontent > .tab-pane.active .form .input-group:has([name="${field}"]) [data-deal-hygiene] .text, #tabcontent > .tab-pane.active .form .form-selection:has([name="${field}"]) [data-deal-hygiene] .text`).allTextContents();

  it('adds Tryton in the options page from its preset, tested on an open sao tab before saving', async () => {
    const { worker, context, extensionId } = ext.browser;
    // An opportunity open in sao, for "Test on this tab"; nothing reads it yet.
    page = await context.newPage();
    await logIn(page, server, { user: server.user, password: server.password });
    await openRecord(page, recordUrl('past_close'));

    const options = await context.newPage();
    await options.setViewportSize({ width: 1100, height: 900 });
    await options.goto(`chrome-extension://${extensionId}/options.html#other-crm`);
    const section = options.locator('#other-crm-section');
    await section.getByLabel('Start from').selectOption({ label: tryton.name });
    await section.getByLabel('Addresses (URL patterns, one per line)').fill('http://127.0.0.1/*');
    await section.getByLabel('Currency', { exact: true }).fill('EUR');
    await section.getByRole('button', { name: 'Look for tabs again' }).click();
    await section.getByRole('button', { name: 'Test on this tab' }).click();
    // The seven fields the preset maps, all read from the sao form, with the currency the user gave.
    const result = section.locator('.crm-test__result');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('7 read, 0 empty, 0 could not be read.');
    const read = await result.innerText();
    for (const shown of ['Initech – support renewal', '€18,500.00', 'Opportunity → Qualify', '70%', 'Nov 15, 2026', 'Aug 24, 2026', 'Jane Doe']) expect(read).toContain(shown);
    await result.scrollIntoViewIfNeeded();
    await options.screenshot({ path: `${ARTIFACTS}/tryton-options-test.png` });

    await section.getByRole('button', { name: 'Save this CRM' }).click();
    await expect.poll(() => section.getByRole('status').allTextContents(), { timeout: 20_000 }).toContainEqual(expect.stringContaining(`Saved ${tryton.name}.`));
    await options.screenshot({ path: `${ARTIFACTS}/tryton-options-saved.png` });
    const stored = await worker().evaluate(async () => (await chrome.storage.local.get('customCrms')).customCrms);
    expect(stored).toEqual([mapping]);
    const scripts = await worker().evaluate(() => chrome.scripting.getRegisteredContentScripts());
    expect(scripts.map((script: { id: string; matches: string[] }) => [script.id, script.matches])).toEqual([['custom-crm-tryton', ['http://127.0.0.1/*']]]);
    await options.close();
  });

  it('badges the open opportunity at once: its end date has passed', async () => {
    await page.bringToFront();
    // Saving put the reader into the sao tab already open; no reload.
    const texts = await waitForBadges((t) => t.some((x) => x.startsWith('Close date passed')), 'the close-date badge');
    expect(texts).toContain('Close date passed 12 days ago');
    expect(texts.find((text) => text.startsWith('Hygiene'))).toMatch(/^Hygiene \d+$/);
    // Drawn next to Tryton's End Date, in the tab on screen.
    expect(await badgesIn('end_date')).toEqual(['Close date passed 12 days ago']);
    await page.screenshot({ path: `${ARTIFACTS}/tryton-past-close.png`, fullPage: true });
  });

  it('counts the findings on the toolbar icon and explains them in the popup', async () => {
    tabId = await tabOf('http://127.0.0.1/*');
    expect(tabId).toBeGreaterThan(0);
    const count = (await badgeTexts(page)).filter((text) => !text.startsWith('Hygiene')).length;
    await waitForToolbarText(tabId, String(count));
    const popup = await openPopup(tabId, 'tryton-popup-past-close.png');
    const text = await popup.locator('main').innerText();
    expect(text).toContain('Initech – support renewal');
    expect(text).toContain('Close date passed 12 days ago');
    expect(text).toContain('€18,500');
    expect(text).toContain('Opportunity');
    expect(text).toMatch(/Why/);
    expect(text).toMatch(/How to fix/);
    // Tryton has no activity or next-step fields: the checks that need them say so instead of reporting them missing.
    expect(text).toContain('Could not check');
    expect(text).not.toContain('No next step');
    await popup.close();
  });

  it('follows sao to another opportunity without an amount, opened in a new sao tab', async () => {
    await page.bringToFront();
    await openRecord(page, recordUrl('no_amount'));
    const texts = await waitForBadges((t) => t.includes('No amount') && !t.some((x) => x.startsWith('Close date passed')), 'the no-amount badge');
    expect(texts).not.toContain('No close date');
    expect(await badgesIn('amount')).toEqual(['No amount']);
    // The earlier opportunity is still in the DOM, in a hidden sao tab: nothing is read or drawn from it.
    expect(await page.locator('#tabcontent > .tab-pane:not(.active) [data-deal-hygiene]').count()).toBe(0);
    const popup = await openPopup(tabId, 'tryton-popup-no-amount.png');
    expect(await popup.locator('main').innerText()).toContain('Umbrella – pilot');
    await popup.close();
    await page.bringToFront();
    await page.screenshot({ path: `${ARTIFACTS}/tryton-no-amount.png`, fullPage: true });
  });

  it('flags a bare lead without a close date, and reads blanks as blank', async () => {
    await openRecord(page, recordUrl('bare_lead'));
    const texts = await waitForBadges((t) => t.includes('No close date'), 'the no-close-date badge');
    expect(await badgesIn('end_date')).toEqual(['No close date']);
    expect(texts).not.toContain('No amount'); // a lead (prospect) needs no amount yet
    await page.screenshot({ path: `${ARTIFACTS}/tryton-bare-lead.png`, fullPage: true });
  });

  it('reports nothing on a won opportunity', async () => {
    await openRecord(page, recordUrl('won'));
    await waitForBadges((t) => t.some((x) => x.startsWith('Hygiene')) && !t.includes('No close date'), 'the won deal');
    await waitForToolbarText(tabId, '');
    const popup = await openPopup(tabId, 'tryton-popup-won.png');
    const text = await popup.locator('main').innerText();
    expect(text).toContain('Wayne – 30 seats');
    expect(text).toContain('Won');
    expect(text).toContain('No problems found on this deal.');
    await popup.close();
  });

  it('stores no half-loaded form in the history: a field is never blank while sao is still loading it', async () => {
    // sao shows a record's form, blank, before its values arrive; read then, every deal would have had no close date.
    const snapshots: { key: string; fields: Record<string, { state: string }> }[] = await ext.browser.worker().evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('deal-hygiene');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('snapshots').objectStore('snapshots').getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          };
        }),
    );
    const tryton = snapshots.filter((snapshot) => snapshot.key.startsWith('generic:tryton:127.0.0.1:'));
    const keyOf = (role: string) => `generic:tryton:${new URL(server.url).host}:${server.opportunities[role]}`;
    const seen = new Set(tryton.map((snapshot) => snapshot.key));
    for (const role of ['past_close', 'no_amount', 'bare_lead', 'won']) expect(seen.has(keyOf(role)), role).toBe(true);
    for (const snapshot of tryton) {
      if (snapshot.key === keyOf('bare_lead')) continue; // blank in Tryton too
      expect(snapshot.fields.closeDate?.state, snapshot.key).not.toBe('empty');
      expect(snapshot.fields.stage?.state, snapshot.key).not.toBe('empty');
    }
  });

  it('reads Tryton in German with the same preset', async () => {
    // One sao page at a time: the German user's tab is then the only one on the server.
    await page.close();
    const german = await ext.browser.context.newPage();
    try {
      await logIn(german, server, server.german!);
      await openRecord(german, recordUrl('past_close'));
      expect(await german.locator('html').getAttribute('lang')).toBe('de');
      const deadline = Date.now() + 20_000;
      let texts: string[] = [];
      while (Date.now() < deadline && !texts.includes('Close date passed 12 days ago')) {
        texts = await badgeTexts(german);
        await german.waitForTimeout(200);
      }
      expect(texts).toContain('Close date passed 12 days ago');
      await german.screenshot({ path: `${ARTIFACTS}/tryton-past-close-de.png`, fullPage: true });
      const popup = await openPopup(await tabOf('http://127.0.0.1/*'), 'tryton-popup-de.png');
      const text = await popup.locator('main').innerText();
      expect(text).toContain('Verkaufschance'); // the stage as Tryton labels it in German
      expect(text).toContain('€18,500'); // "18.500,00" on the German page
      await popup.close();
    } finally {
      await german.close();
    }
  });
});
