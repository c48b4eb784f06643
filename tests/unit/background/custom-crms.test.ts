import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONTENT_SCRIPT_FILE, syncCustomCrmScripts, keepCustomCrmScriptsInSync, type CustomCrmBrowser, type CustomCrmPlatform } from '../../../src/background/custom-crms';
import { customCrmHandlers } from '../../../src/background/handlers/custom-crm';
import type { HandlerContext } from '../../../src/background/handlers/types';
import { crmMappingSchema, CUSTOM_CRMS_KEY, type CrmMappingInput } from '../../../src/model/crm-mapping';
import { customCrmsChangedReplySchema, testMappingReplySchema } from '../../../src/messaging/custom-crm';
import { readWithMapping } from '../../../src/content/custom-crms';
import { parsePage } from '../../helpers/fixtures';

const mapping = (id: string, matches: string[], extra: Partial<CrmMappingInput> = {}) =>
  crmMappingSchema.parse({ id, name: id, matches, recordId: { pattern: '/deals/(\\d+)' }, fields: { name: { selector: 'h1' } }, ...extra });

const ACME = mapping('acme', ['https://crm.acme.test/*']);
const LOCAL = mapping('local', ['http://127.0.0.1/*']);

interface Registered {
  id: string;
  matches: string[];
  js: string[];
  runAt?: string;
  persistAcrossSessions?: boolean;
}

/** The extension API with storage from WXT's fake browser, and the permission and scripting state in memory. */
function fakeApi(granted: string[] = []) {
  const scripts = new Map<string, Registered>();
  const grants = new Set(granted);
  const tabs = new Map<number, { url: string; hasScript: boolean; page?: Document }>();
  const injected: number[] = [];
  const api = {
    storage: fakeBrowser.storage,
    permissions: {
      contains: vi.fn(async ({ origins }: { origins: string[] }) => origins.every((origin) => grants.has(origin))),
    },
    scripting: {
      registerContentScripts: vi.fn(async (list: Registered[]) => {
        for (const script of list) {
          if (scripts.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
          scripts.set(script.id, { ...script });
        }
      }),
      getRegisteredContentScripts: vi.fn(async () => [...scripts.values()].map((script) => ({ ...script }))),
      updateContentScripts: vi.fn(async (list: Registered[]) => {
        for (const script of list) scripts.set(script.id, { ...scripts.get(script.id)!, ...script });
      }),
      unregisterContentScripts: vi.fn(async ({ ids }: { ids?: string[] } = {}) => {
        for (const id of ids ?? [...scripts.keys()]) scripts.delete(id);
      }),
      executeScript: vi.fn(async ({ target }: { target: { tabId: number } }) => {
        injected.push(target.tabId);
        tabs.get(target.tabId)!.hasScript = true;
        return [];
      }),
    },
    tabs: {
      get: vi.fn(async (tabId: number) => ({ id: tabId, url: tabs.get(tabId)?.url })),
      query: vi.fn(async () => [...tabs].map(([id, tab]) => ({ id, url: tab.url }))),
      sendMessage: vi.fn(async (tabId: number, message: { mapping: unknown }) => {
        const tab = tabs.get(tabId);
        if (!tab?.hasScript) throw new Error('Could not establish connection. Receiving end does not exist.');
        return { ok: true, result: readWithMapping(tab.page ?? parsePage('<body></body>'), tab.url, message.mapping, new Date('2026-11-27T09:00:00Z')) };
      }),
    },
  };
  return { api: api as unknown as CustomCrmBrowser, raw: api, scripts, grants, tabs, injected };
}

const store = (mappings: unknown) => fakeBrowser.storage.local.set({ [CUSTOM_CRMS_KEY]: mappings });

const context = { log: vi.fn() } as unknown as HandlerContext;

describe('syncCustomCrmScripts', () => {
  it('registers the content script for each mapping whose patterns are granted, and waits for the others', async () => {
    // The custom CRMs' own script (entrypoints/custom-crm.content.ts), not a built-in CRM's.
    expect(CONTENT_SCRIPT_FILE).toBe('content-scripts/custom-crm.js');
    await store([ACME, LOCAL]);
    const { api, scripts } = fakeApi(['http://127.0.0.1/*']);
    const report = await syncCustomCrmScripts(api);
    expect(report).toEqual({ registered: ['local'], waitingForAccess: ['acme'], errors: [] });
    expect([...scripts.values()]).toEqual([
      { id: 'custom-crm-local', matches: ['http://127.0.0.1/*'], js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
  });

  it('updates changed patterns, unregisters deleted mappings and revoked grants, and leaves other scripts alone', async () => {
    const { api, scripts, grants, raw } = fakeApi(['http://127.0.0.1/*', 'https://crm.acme.test/*', 'https://eu.acme.test/*']);
    scripts.set('someone-else', { id: 'someone-else', matches: ['https://x.test/*'], js: ['x.js'] });
    await store([ACME, LOCAL]);
    await syncCustomCrmScripts(api);
    expect([...scripts.keys()].sort()).toEqual(['custom-crm-acme', 'custom-crm-local', 'someone-else']);

    // Nothing changed: nothing is registered again.
    raw.scripting.registerContentScripts.mockClear();
    await syncCustomCrmScripts(api);
    expect(raw.scripting.registerContentScripts).not.toHaveBeenCalled();
    expect(raw.scripting.updateContentScripts).not.toHaveBeenCalled();

    // ACME moves to another host; LOCAL is deleted.
    await store([{ ...ACME, matches: ['https://eu.acme.test/*'] }]);
    const report = await syncCustomCrmScripts(api);
    expect(report.registered).toEqual(['acme']);
    expect(scripts.get('custom-crm-acme')?.matches).toEqual(['https://eu.acme.test/*']);
    expect(scripts.has('custom-crm-local')).toBe(false);

    // The user revokes access in the browser's settings.
    grants.delete('https://eu.acme.test/*');
    expect(await syncCustomCrmScripts(api)).toEqual({ registered: [], waitingForAccess: ['acme'], errors: [] });
    expect([...scripts.keys()]).toEqual(['someone-else']);
  });

  it('keeps the valid mappings when one stored mapping is broken, and reports it', async () => {
    await store([LOCAL, { id: 'broken', name: 'Broken', matches: ['<all_urls>'], recordId: { pattern: '(x)' } }]);
    const { api, scripts } = fakeApi(['http://127.0.0.1/*']);
    const report = await syncCustomCrmScripts(api);
    expect(report.registered).toEqual(['local']);
    expect(report.errors).toEqual([expect.stringMatching(/^customCrms\.1\.matches\.0: <all_urls> would read every site/)]);
    expect(scripts.has('custom-crm-local')).toBe(true);
  });

  it('reports a registration the browser refuses, and goes on with the rest', async () => {
    await store([ACME, LOCAL]);
    const { api, raw, scripts } = fakeApi(['http://127.0.0.1/*', 'https://crm.acme.test/*']);
    raw.scripting.registerContentScripts.mockImplementationOnce(async () => {
      throw new Error('Invalid host');
    });
    const report = await syncCustomCrmScripts(api);
    expect(report.errors).toEqual(['acme: the browser refused to register the content script: Invalid host']);
    expect(report.registered).toEqual(['local']);
    expect([...scripts.keys()]).toEqual(['custom-crm-local']);
  });

  it('puts the content script into tabs already open on a newly added CRM', async () => {
    await store([LOCAL]);
    const { api, tabs, injected } = fakeApi(['http://127.0.0.1/*']);
    tabs.set(7, { url: 'http://127.0.0.1:8000/deals/1', hasScript: false });
    tabs.set(8, { url: 'https://unrelated.test/', hasScript: false });
    await syncCustomCrmScripts(api, { injectIntoOpenTabs: true });
    expect(injected).toEqual([7]);
    // Already registered: not injected twice.
    await syncCustomCrmScripts(api, { injectIntoOpenTabs: true });
    expect(injected).toEqual([7]);
  });

  it('uses Firefox\'s contentScripts.register when scripting cannot register', async () => {
    await store([LOCAL]);
    const registered: { matches: string[]; js: { file: string }[] }[] = [];
    const unregister = vi.fn(async () => undefined);
    const { raw } = fakeApi(['http://127.0.0.1/*']);
    const api = {
      ...raw,
      scripting: undefined,
      contentScripts: {
        register: vi.fn(async (options: { matches: string[]; js: { file: string }[] }) => {
          registered.push(options);
          return { unregister };
        }),
      },
    } as unknown as CustomCrmBrowser;
    expect((await syncCustomCrmScripts(api)).registered).toEqual(['local']);
    expect(registered).toEqual([{ matches: ['http://127.0.0.1/*'], js: [{ file: `/${CONTENT_SCRIPT_FILE}` }], runAt: 'document_idle' }]);
    await store([]);
    await syncCustomCrmScripts(api);
    expect(unregister).toHaveBeenCalledOnce();
  });

  it('says so when the browser cannot register scripts at all', async () => {
    const { raw } = fakeApi();
    const report = await syncCustomCrmScripts({ ...raw, scripting: undefined } as unknown as CustomCrmBrowser);
    expect(report.errors).toEqual(['this browser cannot register content scripts at run time; custom CRMs are not read']);
  });

  it('syncs on install, startup and when the user grants or revokes access', async () => {
    await store([LOCAL]);
    const { raw, scripts, grants } = fakeApi();
    const listeners: Record<string, () => void> = {};
    const event = (name: string) => ({ addListener: (callback: () => void) => void (listeners[name] = callback) });
    const platform = { ...raw, runtime: { onInstalled: event('installed'), onStartup: event('startup') }, permissions: { ...raw.permissions, onAdded: event('added'), onRemoved: event('removed') } };
    keepCustomCrmScriptsInSync(platform as unknown as CustomCrmPlatform, vi.fn());
    expect(Object.keys(listeners).sort()).toEqual(['added', 'installed', 'removed', 'startup']);
    grants.add('http://127.0.0.1/*');
    listeners.added!();
    await vi.waitFor(() => expect(scripts.has('custom-crm-local')).toBe(true));
    grants.clear();
    listeners.removed!();
    await vi.waitFor(() => expect(scripts.has('custom-crm-local')).toBe(false));
  });

  it('syncs when the stored mappings change, whoever changed them (an import under Privacy, say)', async () => {
    const { raw, scripts } = fakeApi(['http://127.0.0.1/*']);
    const event = { addListener: () => undefined };
    keepCustomCrmScriptsInSync({ ...raw, runtime: { onInstalled: event, onStartup: event } } as unknown as CustomCrmPlatform, vi.fn());
    await store([LOCAL]);
    await vi.waitFor(() => expect(scripts.has('custom-crm-local')).toBe(true));
    await store([]);
    await vi.waitFor(() => expect(scripts.size).toBe(0));
  });

  it('runs one sync at a time, so two at once never register a script twice', async () => {
    await store([ACME, LOCAL]);
    const { api, raw } = fakeApi(['http://127.0.0.1/*', 'https://crm.acme.test/*']);
    const reports = await Promise.all([syncCustomCrmScripts(api), syncCustomCrmScripts(api), syncCustomCrmScripts(api)]);
    expect(reports.map((report) => report.errors)).toEqual([[], [], []]);
    expect(raw.scripting.registerContentScripts).toHaveBeenCalledTimes(2);
  });
});

describe('custom CRM handlers', () => {
  it('ui-bg:custom-crms-changed syncs and replies what it did', async () => {
    await store([LOCAL]);
    const { api } = fakeApi(['http://127.0.0.1/*']);
    const reply = await customCrmHandlers(api)['ui-bg:custom-crms-changed']!({ type: 'ui-bg:custom-crms-changed' }, {}, context);
    expect(customCrmsChangedReplySchema.parse(reply)).toEqual({ ok: true, registered: ['local'], waitingForAccess: [], errors: [] });
  });

  describe('ui-bg:test-mapping', () => {
    const page = parsePage('<body><h1>Globex renewal</h1></body>');
    const test = async (api: CustomCrmBrowser, tabId: number, candidate: unknown) =>
      testMappingReplySchema.parse(await customCrmHandlers(api, async () => undefined)['ui-bg:test-mapping']!({ type: 'ui-bg:test-mapping', tabId, mapping: candidate }, {}, context)).result;

    it('injects the content script when the tab has none, and returns what it read', async () => {
      const { api, tabs, injected } = fakeApi(['http://127.0.0.1/*']);
      tabs.set(3, { url: 'http://127.0.0.1:8000/deals/42', hasScript: false, page });
      const result = await test(api, 3, LOCAL);
      expect(injected).toEqual([3]);
      expect(result).toMatchObject({ status: 'read', recordId: '42', snapshot: { key: 'generic:local:127.0.0.1:8000:42', fields: { name: { state: 'value', value: 'Globex renewal' } } } });
      // The script is there now: asked directly.
      await test(api, 3, LOCAL);
      expect(injected).toEqual([3]);
    });

    it('returns the mapping\'s errors by path without touching the tab', async () => {
      const { api, raw } = fakeApi(['http://127.0.0.1/*']);
      const result = await test(api, 3, { ...LOCAL, recordId: { pattern: 'no group' } });
      expect(result).toEqual({ status: 'invalid', errors: ['recordId.pattern: needs exactly one capture group ( … ) around the record id; it has 0. Write other groups as (?: … )'] });
      expect(raw.tabs.get).not.toHaveBeenCalled();
    });

    it('says when the tab is not covered, is no record, or its site is not granted', async () => {
      const { api, tabs, raw } = fakeApi([]);
      tabs.set(1, { url: 'https://elsewhere.test/deals/1', hasScript: true });
      tabs.set(2, { url: 'http://127.0.0.1:8000/list', hasScript: true });
      tabs.set(3, { url: 'http://127.0.0.1:8000/deals/9', hasScript: true });
      expect(await test(api, 1, LOCAL)).toEqual({ status: 'not-matching', url: 'https://elsewhere.test/deals/1' });
      expect(await test(api, 2, LOCAL)).toEqual({ status: 'no-record-id', url: 'http://127.0.0.1:8000/list' });
      expect(await test(api, 3, LOCAL)).toEqual({ status: 'no-access', url: 'http://127.0.0.1:8000/deals/9' });
      expect(raw.tabs.sendMessage).not.toHaveBeenCalled();
    });

    it('fails with a reason when the tab never answers', async () => {
      const { api, tabs, raw } = fakeApi(['http://127.0.0.1/*']);
      tabs.set(3, { url: 'http://127.0.0.1:8000/deals/42', hasScript: false });
      raw.scripting.executeScript.mockImplementation(async () => []);
      await expect(test(api, 3, LOCAL)).rejects.toThrow(/the tab did not answer: Could not establish connection/);
    });
  });
});
