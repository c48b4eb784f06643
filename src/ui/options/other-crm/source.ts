import type { WxtBrowser } from 'wxt/browser';
import { CUSTOM_CRMS_KEY, readStoredCustomCrms, type CrmMapping, type StoredCustomCrms } from '../../../model/crm-mapping';
import { customCrmsChangedReplySchema, testMappingReplySchema, type CustomCrmsChangedReply, type MappingTestResult } from '../../../messaging/custom-crm';
import { errorReplySchema } from '../../../messaging/protocol';

export interface OpenTab {
  id: number;
  url: string;
  title: string;
}

/** What the "Other CRM" section needs from the browser; component tests pass a fake. */
export interface OtherCrmSource {
  load(): Promise<StoredCustomCrms>;
  /**
   * Asks the user for access to the sites (optional host permissions). Must be the first thing a click handler
   * does: browsers only show the prompt during the user's gesture. Resolves true when access is (already) granted.
   */
  requestAccess(origins: string[]): Promise<boolean>;
  hasAccess(origins: string[]): Promise<boolean>;
  /** Gives back access no saved CRM needs any more (best effort: access granted at install cannot be given back). */
  releaseAccess(origins: string[]): Promise<void>;
  /** Stores the whole list and tells the background, which registers the reader for the sites granted. */
  save(mappings: CrmMapping[]): Promise<CustomCrmsChangedReply>;
  /** Open tabs, for "Test on this tab". */
  tabs(): Promise<OpenTab[]>;
  test(tabId: number, mapping: CrmMapping): Promise<MappingTestResult>;
  download(fileName: string, text: string): void;
  /** Calls back when the stored list changes elsewhere; returns an unsubscribe function. */
  subscribe(onChange: () => void): () => void;
}

async function ask<T>(browser: WxtBrowser, message: Record<string, unknown>, parse: (reply: unknown) => T): Promise<T> {
  const reply: unknown = await browser.runtime.sendMessage(message);
  const failed = errorReplySchema.safeParse(reply);
  if (failed.success) throw new Error(failed.data.error);
  return parse(reply);
}

export function createOtherCrmSource(browser: WxtBrowser, doc: Document = document): OtherCrmSource {
  const area = browser.storage.local;
  return {
    async load() {
      const stored = await area.get(CUSTOM_CRMS_KEY);
      return readStoredCustomCrms(stored[CUSTOM_CRMS_KEY]);
    },
    requestAccess: (origins) => browser.permissions.request({ origins }),
    hasAccess: (origins) => browser.permissions.contains({ origins }),
    async releaseAccess(origins) {
      if (!origins.length) return;
      try {
        await browser.permissions.remove({ origins });
      } catch {
        // Granted at install (the e2e build) or by policy: it stays, and nothing reads those sites without a mapping.
      }
    },
    async save(mappings) {
      await area.set({ [CUSTOM_CRMS_KEY]: mappings });
      return ask(browser, { type: 'ui-bg:custom-crms-changed' }, (reply) => customCrmsChangedReplySchema.parse(reply));
    },
    async tabs() {
      const tabs = await browser.tabs.query({});
      return tabs.flatMap((tab) => (tab.id !== undefined && tab.url && /^https?:/.test(tab.url) ? [{ id: tab.id, url: tab.url, title: tab.title ?? tab.url }] : []));
    },
    test: (tabId, mapping) => ask(browser, { type: 'ui-bg:test-mapping', tabId, mapping }, (reply) => testMappingReplySchema.parse(reply).result),
    download(fileName, text) {
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const link = doc.createElement('a');
      link.href = url;
      link.download = fileName;
      link.rel = 'noopener';
      doc.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    subscribe(onChange) {
      const listener = (changes: Record<string, unknown>, areaName: string) => {
        if (areaName === 'local' && CUSTOM_CRMS_KEY in changes) onChange();
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
}
