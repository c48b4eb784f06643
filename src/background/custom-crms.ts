/**
 * Custom CRMs ("Other CRM") in the background: reads and checks the stored mappings, and keeps the content script
 * registered for exactly the mappings whose sites the user granted access to. The manifest cannot list a user's
 * CRM, so the custom CRMs' script is registered at run time:
 * - Chrome (MV3): `scripting.registerContentScripts`, persisted across sessions; reconciled on install, startup,
 *   every change of the mappings, and whenever a host permission is granted or revoked.
 * - Firefox's MV2 build: `scripting.registerContentScripts` exists from Firefox 102 and is used when present;
 *   otherwise `contentScripts.register`, which lasts while the background page lives (it is persistent in MV2, and
 *   registrations are made again on startup).
 */
import type { WxtBrowser } from 'wxt/browser';
import { CUSTOM_CRMS_KEY, matchesPattern, readStoredCustomCrms, type CrmMapping, type StoredCustomCrms } from '../model/crm-mapping';

/**
 * The custom CRMs' content script (entrypoints/custom-crm.content.ts, `registration: 'runtime'`: not in the manifest),
 * as WXT names it in the build. It bundles the generic adapter only; the built-in CRMs have their own scripts.
 */
export const CONTENT_SCRIPT_FILE = 'content-scripts/custom-crm.js';
export const SCRIPT_ID_PREFIX = 'custom-crm-';
export const scriptIdFor = (mapping: Pick<CrmMapping, 'id'>) => `${SCRIPT_ID_PREFIX}${mapping.id}`;

interface RegisteredScript {
  id: string;
  matches?: string[];
}

interface ContentScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

/** The parts of the extension API this module uses (the real `browser`, or a fake in tests). */
export interface CustomCrmBrowser {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  permissions: { contains(permissions: { origins: string[] }): Promise<boolean> };
  scripting?: {
    registerContentScripts(scripts: ContentScriptRegistration[]): Promise<void>;
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<RegisteredScript[]>;
    updateContentScripts(scripts: Omit<ContentScriptRegistration, 'persistAcrossSessions'>[]): Promise<void>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
    executeScript(injection: { target: { tabId: number; frameIds?: number[] }; files: string[] }): Promise<unknown>;
  };
  contentScripts?: {
    register(options: { matches: string[]; js: { file: string }[]; runAt?: 'document_idle' }): Promise<{ unregister(): Promise<void> }>;
  };
  tabs: {
    get(tabId: number): Promise<{ id?: number; url?: string }>;
    query(query: { url?: string | string[] }): Promise<{ id?: number; url?: string }[]>;
    sendMessage(tabId: number, message: unknown, options?: { frameId?: number }): Promise<unknown>;
  };
}

export async function loadCustomCrms(api: Pick<CustomCrmBrowser, 'storage'>): Promise<StoredCustomCrms> {
  const stored = await api.storage.local.get(CUSTOM_CRMS_KEY);
  return readStoredCustomCrms(stored[CUSTOM_CRMS_KEY]);
}

/** Where a registered script runs, whatever API registered it. */
interface ScriptRegistry {
  list(): Promise<RegisteredScript[]>;
  register(id: string, matches: string[]): Promise<void>;
  update(id: string, matches: string[]): Promise<void>;
  unregister(ids: string[]): Promise<void>;
}

/** Firefox MV2's `contentScripts.register` returns a handle instead of taking an id: kept here while the page lives. */
const firefoxHandles = new Map<string, { matches: string[]; handle: { unregister(): Promise<void> } }>();

function registryOf(api: CustomCrmBrowser): ScriptRegistry | null {
  const scripting = api.scripting;
  if (scripting?.registerContentScripts) {
    return {
      list: async () => (await scripting.getRegisteredContentScripts()).filter((script) => script.id.startsWith(SCRIPT_ID_PREFIX)),
      register: (id, matches) =>
        scripting.registerContentScripts([{ id, matches, js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true }]),
      update: (id, matches) => scripting.updateContentScripts([{ id, matches, js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle' }]),
      unregister: async (ids) => {
        if (ids.length) await scripting.unregisterContentScripts({ ids });
      },
    };
  }
  const contentScripts = api.contentScripts;
  if (contentScripts?.register) {
    const unregister = async (id: string) => {
      await firefoxHandles.get(id)?.handle.unregister();
      firefoxHandles.delete(id);
    };
    const register = async (id: string, matches: string[]) => {
      const handle = await contentScripts.register({ matches, js: [{ file: `/${CONTENT_SCRIPT_FILE}` }], runAt: 'document_idle' });
      firefoxHandles.set(id, { matches, handle });
    };
    return {
      list: async () => [...firefoxHandles].map(([id, { matches }]) => ({ id, matches })),
      register,
      update: async (id, matches) => {
        await unregister(id);
        await register(id, matches);
      },
      unregister: async (ids) => {
        for (const id of ids) await unregister(id);
      },
    };
  }
  return null;
}

export interface SyncReport {
  registered: string[];
  waitingForAccess: string[];
  errors: string[];
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Makes the registered content scripts match the stored mappings whose patterns are all granted: registers new
 * ones, updates changed patterns, unregisters the rest (deleted mappings, revoked access). Never throws; what went
 * wrong is in `errors`. With `injectInto: 'new'`, tabs already open on a newly registered CRM get the script at once.
 */
export function syncCustomCrmScripts(api: CustomCrmBrowser, options: { injectIntoOpenTabs?: boolean } = {}): Promise<SyncReport> {
  // One at a time: two syncs at once (a save's message and its storage change) would register the same id twice.
  const run = syncQueue.then(() => syncNow(api, options));
  syncQueue = run.catch(() => undefined);
  return run;
}
let syncQueue: Promise<unknown> = Promise.resolve();

async function syncNow(api: CustomCrmBrowser, options: { injectIntoOpenTabs?: boolean }): Promise<SyncReport> {
  const report: SyncReport = { registered: [], waitingForAccess: [], errors: [] };
  const registry = registryOf(api);
  if (!registry) {
    report.errors.push('this browser cannot register content scripts at run time; custom CRMs are not read');
    return report;
  }
  let stored: StoredCustomCrms;
  try {
    stored = await loadCustomCrms(api);
  } catch (error) {
    report.errors.push(`custom CRMs could not be read: ${messageOf(error)}`);
    return report;
  }
  report.errors.push(...stored.errors);

  const wanted = new Map<string, CrmMapping>();
  for (const mapping of stored.mappings) {
    let granted = false;
    try {
      granted = await api.permissions.contains({ origins: mapping.matches });
    } catch (error) {
      report.errors.push(`${mapping.id}: access could not be checked: ${messageOf(error)}`);
    }
    if (granted) wanted.set(scriptIdFor(mapping), mapping);
    else report.waitingForAccess.push(mapping.id);
  }

  let existing: RegisteredScript[] = [];
  try {
    existing = await registry.list();
  } catch (error) {
    report.errors.push(`registered scripts could not be listed: ${messageOf(error)}`);
  }
  const stale = existing.filter((script) => !wanted.has(script.id)).map((script) => script.id);
  try {
    await registry.unregister(stale);
  } catch (error) {
    report.errors.push(`could not unregister ${stale.join(', ')}: ${messageOf(error)}`);
  }

  const added: CrmMapping[] = [];
  for (const [id, mapping] of wanted) {
    const current = existing.find((script) => script.id === id);
    try {
      if (!current) {
        await registry.register(id, mapping.matches);
        added.push(mapping);
      } else if (!sameSet(current.matches, mapping.matches)) {
        await registry.update(id, mapping.matches);
        added.push(mapping);
      }
      report.registered.push(mapping.id);
    } catch (error) {
      report.errors.push(`${mapping.id}: the browser refused to register the content script: ${messageOf(error)}`);
    }
  }
  if (options.injectIntoOpenTabs) for (const mapping of added) await injectIntoOpenTabs(api, mapping);
  return report;
}

/** A newly added CRM reads the tabs already open on it, without a reload. Best effort: a tab may refuse. */
async function injectIntoOpenTabs(api: CustomCrmBrowser, mapping: CrmMapping): Promise<void> {
  let tabs: { id?: number; url?: string }[] = [];
  try {
    tabs = await api.tabs.query({ url: mapping.matches });
  } catch {
    return;
  }
  for (const tab of tabs) {
    if (tab.id === undefined || !tab.url) continue;
    try {
      const url = new URL(tab.url);
      if (!mapping.matches.some((pattern) => matchesPattern(pattern, url))) continue;
      await api.scripting?.executeScript({ target: { tabId: tab.id, frameIds: [0] }, files: [CONTENT_SCRIPT_FILE] });
    } catch {
      // A tab that is closing, or a page the browser protects: it is read when next loaded.
    }
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface BrowserEvent {
  addListener(callback: () => void): void;
}

/**
 * Keeps registrations in step with the mappings and the user's grants: on install and update, on browser start,
 * when a host permission is granted or revoked (in the options page, or in the browser's own extension settings), and
 * when the stored mappings change, whoever changed them (the options page also sends `ui-bg:custom-crms-changed` for
 * its report; "Privacy and data" imports and deletes them).
 */
export function keepCustomCrmScriptsInSync(api: CustomCrmPlatform, log: (message: string) => void): void {
  const sync = (injectIntoOpenTabs = false) =>
    void syncCustomCrmScripts(api, { injectIntoOpenTabs }).then(
      (report) => report.errors.forEach((error) => log(`custom CRMs: ${error}`)),
      (error: unknown) => log(`custom CRMs: ${messageOf(error)}`),
    );
  api.runtime.onInstalled.addListener(() => sync());
  api.runtime.onStartup.addListener(() => sync());
  // A site granted with a CRM already saved ("Grant access"): its open tabs are read at once too.
  api.permissions.onAdded?.addListener(() => sync(true));
  api.permissions.onRemoved?.addListener(() => sync());
  api.storage.onChanged?.addListener((changes, area) => {
    if (area === 'local' && CUSTOM_CRMS_KEY in changes) sync(true);
  });
}

export type CustomCrmPlatform = CustomCrmBrowser & {
  runtime: { onInstalled: BrowserEvent; onStartup: BrowserEvent };
  permissions: { onAdded?: BrowserEvent; onRemoved?: BrowserEvent };
  storage: { onChanged?: { addListener(callback: (changes: Record<string, unknown>, area: string) => void): void } };
};

/**
 * The extension API as this module uses it. WXT types `scripting.executeScript` with overloads over every kind of
 * injection and Chrome's types lack Firefox's `contentScripts`: the narrow interface above is what is called.
 */
export function customCrmPlatform(browser: WxtBrowser): CustomCrmPlatform {
  return browser as unknown as CustomCrmPlatform;
}
