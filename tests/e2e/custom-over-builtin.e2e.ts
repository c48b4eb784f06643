import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useExtensionBrowser } from './harness';

/**
 * A user's mapping over a built-in CRM's site: both the built-in script (salesforce.js, from the manifest) and the
 * custom CRMs' script (custom-crm.js, registered for the mapping) run on the tab. The built-in reads its own pages,
 * as one controller over `[...builtIn, ...custom]` did before the scripts were split; the custom script reads the
 * rest of the site (a custom object here) and draws nothing twice. Build with DH_E2E_HOSTS including
 * 'https://*.lightning.force.com/*' so that registering the mapping needs no prompt.
 */
declare const chrome: any;

const ORG = 'https://acme.lightning.force.com';
const OPPORTUNITY = `${ORG}/lightning/r/Opportunity/0065g00000AcmeQAAR/view`;
const PROJECT = `${ORG}/lightning/r/Project__c/a015g00000XyZ12AAB/view`;

const MAPPING = {
  id: 'sf-projects',
  name: 'Salesforce projects',
  matches: ['https://*.lightning.force.com/*'],
  recordId: { pattern: '/lightning/r/\\w+/(\\w+)/view' },
  fields: { name: { selector: 'h1' }, closeDate: { labels: ['Close Date'] }, stage: { labels: ['Stage'] } },
  stageMapping: { proposal: 'propose' },
};

/** A custom object's record page, which the Salesforce adapter does not read (it reads Opportunities). */
const PROJECT_PAGE = `<!doctype html><html lang="en-US"><head><meta charset="utf-8"><title>Project</title></head>
<body><h1>Rollout for Acme</h1>
<div class="field"><span>Stage</span><span>Proposal</span></div>
<div class="field"><span>Close Date</span><span>1/15/2020</span></div></body></html>`;

const ext = useExtensionBrowser();

async function settle(page: Page, what: string, predicate: (texts: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  let texts: string[] = [];
  while (Date.now() < deadline) {
    texts = await ext.badgeTexts(page);
    if (predicate(texts)) {
      // Give a second script, if any, time to draw too: what is asserted is what stays.
      await page.waitForTimeout(1500);
      return ext.badgeTexts(page);
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; badges were: ${JSON.stringify(texts)}`);
}

/** The keys of the deals the background stored (IndexedDB, store `deals`). */
async function storedDealKeys(): Promise<string[]> {
  return ext.browser.worker().evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('deal-hygiene');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('deals').objectStore('deals').getAllKeys();
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as string[]).sort());
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Which scripts claimed the tab's page (src/content/claim-page.ts), read in the extension's content-script world. */
async function claimsIn(tabId: number): Promise<string[]> {
  return ext.browser.worker().evaluate(async (id: number) => {
    const [result] = await chrome.scripting.executeScript({
      target: { tabId: id, frameIds: [0] },
      func: () => {
        const registry = (globalThis as any)[Symbol.for('deal-hygiene:content-scripts')];
        return registry ? [...registry.claims.keys()].sort() : [];
      },
    });
    return result.result;
  }, tabId);
}

describe('a custom mapping over a built-in CRM\'s site', () => {
  it('registers the custom CRMs\' script for the mapping', async () => {
    await ext.browser.worker().evaluate(async (mapping: unknown) => chrome.storage.local.set({ customCrms: [mapping] }), MAPPING);
    const deadline = Date.now() + 10_000;
    let registered: { id: string; js: string[] }[] = [];
    while (Date.now() < deadline && !registered.length) {
      registered = await ext.browser.worker().evaluate(async () => chrome.scripting.getRegisteredContentScripts());
      if (!registered.length) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(registered.map((script) => [script.id, script.js])).toEqual([['custom-crm-sf-projects', ['content-scripts/custom-crm.js']]]);
  });

  it('leaves an Opportunity to the Salesforce script: one set of badges, both scripts on the page', async () => {
    const page = await ext.browser.context.newPage();
    await page.goto(OPPORTUNITY);
    const texts = await settle(page, 'Salesforce badges', (t) => t.includes('Close date passed 12 days ago'));
    expect(texts.filter((text) => text === 'Close date passed 12 days ago')).toHaveLength(1);
    expect(texts.filter((text) => text.startsWith('Hygiene'))).toHaveLength(1);
    expect(texts).toContain('No next step'); // the Salesforce adapter's reading, not the mapping's
    // The mapping would read this page too (its record id pattern matches): only the Salesforce adapter did.
    expect(await storedDealKeys()).toEqual(['salesforce:acme.lightning.force.com:0065g00000AcmeQ']);
    expect(await claimsIn(await ext.tabOf(OPPORTUNITY))).toEqual(['custom-crm', 'salesforce']);
    await page.screenshot({ path: `${ARTIFACTS}/custom-over-builtin-opportunity.png`, fullPage: true });
    await page.close();
  });

  it('reads the rest of the site with the mapping: a custom object the Salesforce adapter does not read', async () => {
    const page = await ext.browser.context.newPage();
    await page.route(PROJECT, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PROJECT_PAGE }));
    await page.goto(PROJECT);
    const texts = await settle(page, 'the mapping\'s badges', (t) => t.some((text) => text.startsWith('Close date passed')));
    expect(texts.filter((text) => text.startsWith('Close date passed'))).toHaveLength(1);
    expect(texts.filter((text) => text.startsWith('Hygiene'))).toHaveLength(1);
    expect(await claimsIn(await ext.tabOf(PROJECT))).toEqual(['custom-crm', 'salesforce']);
    expect(await storedDealKeys()).toContain('generic:sf-projects:acme.lightning.force.com:a015g00000XyZ12AAB');
    await page.screenshot({ path: `${ARTIFACTS}/custom-over-builtin-project.png`, fullPage: true });
    await page.close();
  });
});
