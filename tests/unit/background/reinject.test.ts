import { describe, expect, it, vi } from 'vitest';
import { injectIntoOpenTabs, reinjectOnInstalled, type ReinjectBrowser } from '../../../src/background/reinject';
import { matchesPattern } from '../../../src/model/crm-mapping';

interface FakeTab {
  id: number;
  url: string;
  discarded?: boolean;
}

/** A browser with open tabs, a manifest and run-time registrations; `query` matches patterns as the browser does. */
function fakeBrowser(options: {
  tabs: FakeTab[];
  contentScripts?: ReturnType<ReinjectBrowser['runtime']['getManifest']>['content_scripts'];
  registered?: { id: string; matches?: string[]; js?: string[]; excludeMatches?: string[] }[];
  refuse?: (tabId: number) => boolean;
}) {
  const executeScript = vi.fn(async (injection: { target: { tabId: number }; files: string[] }) => {
    if (options.refuse?.(injection.target.tabId)) throw new Error(`Cannot access contents of the page (tab ${injection.target.tabId})`);
    return [];
  });
  const insertCSS = vi.fn(async () => undefined);
  const registered = [...(options.registered ?? [])];
  const api = {
    runtime: { getManifest: () => ({ content_scripts: options.contentScripts ?? [] }) },
    tabs: {
      query: vi.fn(async ({ url }: { url: string[] }) => options.tabs.filter((tab) => url.some((pattern) => matchesPattern(pattern, new URL(tab.url))))),
    },
    scripting: { executeScript, insertCSS, getRegisteredContentScripts: vi.fn(async () => [...registered]) },
  } satisfies ReinjectBrowser;
  return { api, executeScript, insertCSS, registered };
}

// As the build writes them: one content script per built-in CRM; the custom CRMs' script is registered at run time.
const SALESFORCE_SCRIPT = { matches: ['https://*.lightning.force.com/*'], js: ['content-scripts/salesforce.js'], run_at: 'document_idle' };
const PIPEDRIVE_SCRIPT = { matches: ['https://*.pipedrive.com/*'], js: ['content-scripts/pipedrive.js'], run_at: 'document_idle' };
const CRM_SCRIPTS = [SALESFORCE_SCRIPT, PIPEDRIVE_SCRIPT];
const CUSTOM_FILE = 'content-scripts/custom-crm.js';
const injectedTabs = (executeScript: ReturnType<typeof fakeBrowser>['executeScript']) =>
  executeScript.mock.calls.map(([injection]) => `${injection.target.tabId} ${injection.files.join(',')}`).sort();

describe('injectIntoOpenTabs: open CRM tabs get the content scripts after an install or update', () => {
  it("injects the manifest's content scripts into the open tabs their patterns match, and no other tab", async () => {
    const { api, executeScript } = fakeBrowser({
      contentScripts: CRM_SCRIPTS,
      tabs: [
        { id: 1, url: 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view' },
        { id: 2, url: 'https://acme.pipedrive.com/deal/42' },
        { id: 3, url: 'https://news.example.com/' },
        { id: 4, url: 'https://globex.lightning.force.com/lightning/o/Opportunity/list' },
      ],
    });
    const report = await injectIntoOpenTabs(api);
    expect(injectedTabs(executeScript)).toEqual(['1 content-scripts/salesforce.js', '2 content-scripts/pipedrive.js', '4 content-scripts/salesforce.js']);
    // The main frame only, as the manifest entry says (no all_frames).
    expect(executeScript.mock.calls[0]![0].target).toEqual({ tabId: expect.any(Number) });
    expect(report.errors).toEqual([]);
    expect(report.injected).toHaveLength(3);
  });

  it('reads the scripts from the manifest: a content script split per CRM is injected per CRM', async () => {
    const { api, executeScript } = fakeBrowser({
      contentScripts: [
        { matches: ['https://*.lightning.force.com/*'], js: ['content-scripts/salesforce.js'] },
        { matches: ['https://*.pipedrive.com/*'], js: ['content-scripts/pipedrive.js'], css: ['content-scripts/pipedrive.css'], all_frames: true },
      ],
      tabs: [
        { id: 1, url: 'https://acme.lightning.force.com/lightning/page/home' },
        { id: 2, url: 'https://acme.pipedrive.com/deal/42' },
      ],
    });
    const { insertCSS } = await injectIntoOpenTabs(api).then(() => ({ insertCSS: api.scripting.insertCSS }));
    expect(injectedTabs(executeScript)).toEqual(['1 content-scripts/salesforce.js', '2 content-scripts/pipedrive.js']);
    expect(executeScript.mock.calls.find(([injection]) => injection.target.tabId === 2)![0].target).toEqual({ tabId: 2, allFrames: true });
    expect(insertCSS).toHaveBeenCalledWith({ target: { tabId: 2, allFrames: true }, files: ['content-scripts/pipedrive.css'] });
  });

  it("also injects the scripts registered at run time for the user's own CRMs, once they are registered again", async () => {
    const { api, executeScript, registered } = fakeBrowser({
      contentScripts: CRM_SCRIPTS,
      tabs: [
        { id: 1, url: 'https://acme.lightning.force.com/lightning/page/home' },
        { id: 7, url: 'http://127.0.0.1:8000/deals/42' },
      ],
    });
    // Chrome drops registrations on update; the custom-CRM sync registers them again on the same onInstalled.
    const registrationsSettled = vi.fn(async () => {
      registered.push({ id: 'custom-crm-inhouse', matches: ['http://127.0.0.1/*'], js: [CUSTOM_FILE] });
    });
    await injectIntoOpenTabs(api, { registrationsSettled });
    expect(registrationsSettled).toHaveBeenCalledTimes(1);
    expect(injectedTabs(executeScript)).toEqual(['1 content-scripts/salesforce.js', `7 ${CUSTOM_FILE}`]);
  });

  it('injects the same files into a tab once, even when two entries match it', async () => {
    const { api, executeScript } = fakeBrowser({
      contentScripts: CRM_SCRIPTS,
      // Two of the user's CRMs on one site: two registrations of the one custom script.
      registered: [
        { id: 'custom-crm-inhouse', matches: ['http://127.0.0.1/*'], js: [CUSTOM_FILE] },
        { id: 'custom-crm-inhouse-eu', matches: ['http://127.0.0.1/*'], js: [CUSTOM_FILE] },
      ],
      tabs: [{ id: 7, url: 'http://127.0.0.1:8000/deals/42' }],
    });
    await injectIntoOpenTabs(api);
    expect(injectedTabs(executeScript)).toEqual([`7 ${CUSTOM_FILE}`]);
  });

  it("injects both a built-in CRM's script and the custom script where a user's mapping covers a built-in CRM's site", async () => {
    // On the page the custom script leaves the addresses the built-in script reads to it (src/content/claim-page.ts).
    const { api, executeScript } = fakeBrowser({
      contentScripts: CRM_SCRIPTS,
      registered: [{ id: 'custom-crm-sf-projects', matches: ['https://*.lightning.force.com/*'], js: [CUSTOM_FILE] }],
      tabs: [{ id: 1, url: 'https://acme.lightning.force.com/lightning/page/home' }],
    });
    await injectIntoOpenTabs(api);
    expect(injectedTabs(executeScript)).toEqual([`1 ${CUSTOM_FILE}`, '1 content-scripts/salesforce.js']);
  });

  it('skips discarded tabs (the browser runs the scripts when they load again) and excluded addresses', async () => {
    const { api, executeScript } = fakeBrowser({
      contentScripts: [{ ...SALESFORCE_SCRIPT, exclude_matches: ['https://*.lightning.force.com/lightning/setup/*'] }, PIPEDRIVE_SCRIPT],
      tabs: [
        { id: 1, url: 'https://acme.lightning.force.com/lightning/page/home', discarded: true },
        { id: 2, url: 'https://acme.lightning.force.com/lightning/setup/Home' },
        { id: 3, url: 'https://acme.pipedrive.com/deal/42' },
      ],
    });
    await injectIntoOpenTabs(api);
    expect(injectedTabs(executeScript)).toEqual(['3 content-scripts/pipedrive.js']);
  });

  it('a tab that refuses is reported and the others still get the script; it never throws', async () => {
    const { api, executeScript } = fakeBrowser({
      contentScripts: CRM_SCRIPTS,
      tabs: [
        { id: 1, url: 'https://acme.lightning.force.com/lightning/page/home' },
        { id: 2, url: 'https://acme.pipedrive.com/deal/42' },
      ],
      refuse: (tabId) => tabId === 1,
    });
    const report = await injectIntoOpenTabs(api);
    expect(executeScript).toHaveBeenCalledTimes(2);
    expect(report.injected).toEqual(['2: content-scripts/pipedrive.js']);
    expect(report.errors).toEqual([expect.stringMatching(/tab 1 refused the script: Cannot access contents of the page/)]);
  });

  it('reports, without throwing, a browser that cannot inject or list tabs', async () => {
    const noScripting = await injectIntoOpenTabs({ runtime: { getManifest: () => ({ content_scripts: CRM_SCRIPTS }) }, tabs: { query: async () => [] } });
    expect(noScripting.errors).toEqual([expect.stringMatching(/cannot inject/)]);
    const { api } = fakeBrowser({ contentScripts: CRM_SCRIPTS, tabs: [] });
    api.tabs.query.mockRejectedValueOnce(new Error('tabs unavailable'));
    const report = await injectIntoOpenTabs(api);
    expect(report.errors).toEqual([expect.stringMatching(/open tabs could not be listed: tabs unavailable/)]);
  });
});

describe('reinjectOnInstalled', () => {
  const tabs = [{ id: 1, url: 'https://acme.lightning.force.com/lightning/page/home' }];

  it('injects on install and on update', async () => {
    for (const reason of ['install', 'update']) {
      const { api, executeScript } = fakeBrowser({ contentScripts: CRM_SCRIPTS, tabs });
      await reinjectOnInstalled(api, () => undefined)({ reason });
      expect(executeScript, reason).toHaveBeenCalledTimes(1);
    }
  });

  it('does nothing on a browser update or a shared module update: the scripts did not change', async () => {
    for (const reason of ['chrome_update', 'shared_module_update']) {
      const { api, executeScript } = fakeBrowser({ contentScripts: CRM_SCRIPTS, tabs });
      await reinjectOnInstalled(api, () => undefined)({ reason });
      expect(executeScript, reason).not.toHaveBeenCalled();
    }
  });

  it('logs what went wrong', async () => {
    const { api } = fakeBrowser({ contentScripts: CRM_SCRIPTS, tabs, refuse: () => true });
    const log = vi.fn();
    await reinjectOnInstalled(api, log)({ reason: 'update' });
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^open tabs: manifest content script 1: tab 1 refused the script/));
  });
});
