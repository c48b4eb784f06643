import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, useExtensionBrowser } from './harness';

/**
 * "Other CRM" end to end: a small in-house CRM served on http://127.0.0.1 (form inputs whose values its script sets
 * as properties, one of them late; a select; a field inside a shadow root; labels in Danish), mapped through the
 * real options page, tested on its tab, saved, and then read with badges on the page and the deal in the popup.
 * Build with DH_E2E_HOSTS='http://127.0.0.1/*' so that the host permission is granted without a prompt.
 */
declare const chrome: any;

const DAY = 86_400_000;
/** Dates the page shows, relative to today, as a Danish page writes them (27.11.2026). */
const danishDate = (offsetDays: number) => {
  const date = new Date(Date.now() + offsetDays * DAY);
  return `${String(date.getUTCDate()).padStart(2, '0')}.${String(date.getUTCMonth() + 1).padStart(2, '0')}.${date.getUTCFullYear()}`;
};

/** The in-house CRM's deal page: nothing in its HTML but labels; its script fills the values, like a web app. */
function dealPage(id: string): string {
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>Aftale ${id} · Intern CRM</title>
<style>
  body { font: 14px/1.5 system-ui, sans-serif; margin: 0; background: #f3f4f6; color: #1f2937; }
  header { background: #1e3a5f; color: #fff; padding: 10px 24px; font-weight: 600; }
  main { max-width: 760px; margin: 24px auto; background: #fff; border-radius: 10px; padding: 20px 28px; box-shadow: 0 1px 3px rgb(0 0 0 / .12); }
  h1 { font-size: 22px; margin: 0 0 16px; }
  .row { display: grid; grid-template-columns: 180px 1fr; align-items: center; gap: 12px; padding: 8px 0; border-bottom: 1px solid #eee; }
  .row label, .row .lbl { color: #6b7280; font-weight: 600; }
  input, select, textarea { font: inherit; padding: 4px 8px; border: 1px solid #cbd5e1; border-radius: 6px; width: 260px; }
  dl { display: grid; grid-template-columns: 180px 1fr; gap: 8px 12px; margin: 16px 0 0; }
  dt { color: #6b7280; font-weight: 600; }
  dd { margin: 0; }
</style>
</head>
<body>
<header>Intern CRM — Salg</header>
<main>
  <h1 id="deal-title"></h1>
  <form>
    <div class="row"><label for="amount">Beløb</label><span><input id="amount"></span></div>
    <div class="row"><label for="stage">Fase</label><span><select id="stage">
      <option value="">— vælg —</option><option value="k">Kvalificering</option><option value="t">Tilbud afgivet</option><option value="f">Forhandling</option>
    </select></span></div>
    <div class="row"><label for="close">Lukkedato</label><span><input id="close"></span></div>
    <div class="row"><label for="next">Næste skridt</label><span><textarea id="next" rows="1"></textarea></span></div>
    <div class="row"><span class="lbl">Ejer</span><owner-chip></owner-chip></div>
  </form>
  <dl>
    <dt>Oprettet</dt><dd id="created"></dd>
    <dt>Sidst ændret</dt><dd id="modified"></dd>
  </dl>
</main>
<script>
  // Like a web app: values arrive as properties, never as attributes, and the amount only after a "fetch".
  document.getElementById('deal-title').textContent = 'Nordisk Fjer – fornyelse ${id}';
  document.getElementById('stage').value = 't';
  document.getElementById('close').value = '${danishDate(-10)}';
  document.getElementById('created').textContent = '${danishDate(-60)}';
  document.getElementById('modified').textContent = '${danishDate(-1)}';
  setTimeout(() => { document.getElementById('amount').value = '1.250.000,00 kr.'; }, 1500);
  customElements.define('owner-chip', class extends HTMLElement {
    connectedCallback() {
      const root = this.attachShadow({ mode: 'open' });
      const chip = document.createElement('span');
      chip.id = 'owner';
      chip.textContent = 'Mette Hansen';
      chip.style.cssText = 'background:#e0e7ff;border-radius:999px;padding:2px 10px';
      root.append(chip);
    }
  });
</script>
</body>
</html>`;
}

describe('Other CRM: an in-house CRM mapped in the options page', () => {
  const ext = useExtensionBrowser();
  const { badgeTexts, tabOf, waitForToolbarText, openPopup } = ext;
  let server: Server;
  let origin: string;
  let crm: Page;
  let options: Page;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const match = /^\/deals\/(\d+)$/.exec(request.url ?? '');
      if (!match) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(dealPage(match[1]!));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  async function waitForBadges(page: Page, predicate: (texts: string[]) => boolean, what: string): Promise<string[]> {
    const deadline = Date.now() + 20_000;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      texts = await badgeTexts(page);
      if (predicate(texts)) return texts;
      await page.waitForTimeout(150);
    }
    throw new Error(`timed out waiting for ${what}; badges were: ${JSON.stringify(texts)}`);
  }

  const section = () => options.locator('section.other-crm');
  /** The section alone, in a window tall enough that the page's sticky save bar stays below it. */
  async function sectionScreenshot(name: string) {
    const height = Math.ceil((await section().boundingBox())!.height) + 200;
    await options.setViewportSize({ width: 1280, height: Math.max(1000, height) });
    await section().evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await section().screenshot({ path: `${ARTIFACTS}/${name}` });
    await options.setViewportSize({ width: 1280, height: 1000 });
  }
  const labels = (field: string): Locator => section().getByLabel(`Labels of ${field}, one per line`);

  it('maps the CRM in the options page and tests it on the open tab before saving', async () => {
    crm = await ext.browser.context.newPage();
    await crm.goto(`${origin}/deals/42`);
    // No custom CRM yet: the page is not read.
    await crm.waitForTimeout(500);
    expect(await badgeTexts(crm)).toEqual([]);

    options = await ext.browser.context.newPage();
    await options.setViewportSize({ width: 1280, height: 1000 });
    await options.goto(`chrome-extension://${ext.browser.extensionId}/options.html#other-crm`);
    await section().getByRole('button', { name: 'Add a CRM' }).click();
    await section().getByLabel('Name', { exact: true }).fill('Intern CRM');
    await section().getByLabel(/^Addresses/).fill('http://127.0.0.1/*');
    await section().getByLabel(/^Deal id in the address/).fill('/deals/(\\d+)');
    await section().getByLabel('Check with an example address').fill(`${origin}/deals/42`);
    await expect.poll(() => section().locator('.crm-example').innerText()).toContain('Deal id: 42');

    await section().getByLabel('How Deal name is found').selectOption('selector');
    await section().getByLabel('CSS selector of Deal name').fill('#deal-title');
    await labels('Amount').fill('Amount\nBeløb');
    await labels('Stage').fill('Stage\nFase');
    await labels('Close date').fill('Close date\nLukkedato');
    await labels('Next step').fill('Next step\nNæste skridt');
    await labels('Owner').fill('Owner\nEjer');
    await labels('Created date').fill('Created\nOprettet');
    await labels('Last modified').fill('Last modified\nSidst ændret');
    await section().getByRole('button', { name: 'Add a stage' }).click();
    await section().getByLabel('Stage as the CRM shows it').fill('Tilbud afgivet');
    await section().getByLabel('Sales stage of “Tilbud afgivet”').selectOption('propose');

    await section().getByLabel('Tab', { exact: true }).selectOption({ label: `Aftale 42 · Intern CRM — ${origin}/deals/42` });
    await section().getByRole('button', { name: 'Test on this tab' }).click();
    const result = section().getByRole('table', { name: 'What would be read from the tab' });
    await result.waitFor();
    const row = (field: string) => result.getByRole('row', { name: new RegExp(`^${field}`) });
    await expect.poll(() => row('Deal name').innerText()).toContain('Nordisk Fjer – fornyelse 42');
    expect(await row('Amount').innerText()).toMatch(/Read\s+DKK\s?1,250,000\.00/);
    expect(await row('Stage').innerText()).toContain('Tilbud afgivet → Propose');
    expect(await row('Owner').innerText()).toContain('Mette Hansen'); // inside the page's shadow root
    expect(await row('Next step').innerText()).toMatch(/Empty/);
    expect(await row('Close date').innerText()).toMatch(/^Close date\s+Read/);
    await sectionScreenshot('other-crm-editor.png');
  });

  it('saves, registers the reader for the site, and badges appear on the open tab', async () => {
    await section().getByRole('button', { name: 'Save this CRM' }).click();
    await section().getByText(/Saved Intern CRM\. Its deal pages are read from now on/).waitFor();
    const card = section().getByRole('listitem').filter({ hasText: 'Intern CRM' });
    expect(await card.innerText()).toContain('Reading its pages');
    await sectionScreenshot('other-crm-list.png');

    const registered = await ext.browser.worker().evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((script: any) => ({ id: script.id, matches: script.matches })));
    expect(registered).toEqual([{ id: 'custom-crm-intern-crm', matches: ['http://127.0.0.1/*'] }]);

    await crm.bringToFront();
    const texts = await waitForBadges(crm, (t) => t.some((x) => x.startsWith('Close date passed 10 days ago')) && t.includes('No next step'), 'badges on the open tab');
    expect(texts.some((text) => /^Hygiene \d+$/.test(text))).toBe(true);
  });

  it('reads a fresh load through the registered content script, values set late included', async () => {
    await crm.reload();
    // The amount arrives 1.5 s after load, as a property: "No amount" must not stay.
    const texts = await waitForBadges(
      crm,
      (t) => t.some((x) => x.startsWith('Close date passed 10 days ago')) && t.includes('No next step') && !t.includes('No amount'),
      'badges after reload, with the late amount read',
    );
    expect(texts.find((text) => text.startsWith('Hygiene'))).toMatch(/^Hygiene \d+$/);
    // The close-date badge sits beside its input, the chip on the deal's title.
    expect(await crm.locator('#close').locator('xpath=..').locator('[data-deal-hygiene] .text').allTextContents()).toEqual(['Close date passed 10 days ago']);
    expect(await crm.locator('#deal-title [data-deal-hygiene] .text').allTextContents()).toEqual([expect.stringMatching(/^Hygiene \d+$/)]);
    await crm.screenshot({ path: `${ARTIFACTS}/other-crm-page.png`, fullPage: true });
  });

  it('shows the deal in the popup, keyed by the mapping', async () => {
    const tabId = await tabOf(`${origin}/deals/42`);
    await waitForToolbarText(tabId, '2');
    const popup = await openPopup(tabId, 'other-crm-popup.png');
    const text = await popup.locator('main').innerText();
    expect(text).toContain('Nordisk Fjer – fornyelse 42');
    expect(text).toContain('Close date passed 10 days ago');
    expect(text).toContain('No next step');
    const keys = await ext.browser.worker().evaluate(async (id: number) => {
      const stored = await chrome.storage.session.get(`tab:${id}`);
      return stored[`tab:${id}`]?.deals?.map((deal: any) => deal.snapshot.key);
    }, tabId);
    expect(keys).toEqual([`generic:intern-crm:${new URL(origin).host}:42`]);
    await popup.close();
  });

  it('stops reading the site when the CRM is deleted', async () => {
    await options.bringToFront();
    await section().getByRole('button', { name: 'Delete Intern CRM' }).click();
    await section().getByRole('button', { name: 'Yes, delete' }).click();
    await section().getByText('Deleted Intern CRM.').waitFor();
    const registered = await ext.browser.worker().evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length);
    expect(registered).toBe(0);
    await crm.bringToFront();
    await crm.goto(`${origin}/deals/43`);
    await crm.waitForTimeout(1000);
    expect(await badgeTexts(crm)).toEqual([]);
  });
});
