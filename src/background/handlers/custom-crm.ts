import { matchesPattern, parseCrmMapping, recordIdIn } from '../../model/crm-mapping';
import { READ_WITH_MAPPING, readWithMappingReplySchema, type MappingTestResult } from '../../messaging/custom-crm';
import { CONTENT_SCRIPT_FILE, messageOf, syncCustomCrmScripts, type CustomCrmBrowser } from '../custom-crms';
import type { AreaHandlers } from './types';

/** How often to ask a freshly injected content script before giving up (it answers within a few milliseconds). */
const ASK_ATTEMPTS = 5;
const ASK_PAUSE_MS = 100;

/**
 * "Other CRM": sync the content script's registration after the options page saved mappings, and "Test on this
 * tab": read a tab with a (maybe unsaved) mapping, injecting the content script when the tab has none yet.
 */
export function customCrmHandlers(api: CustomCrmBrowser, wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))): AreaHandlers {
  async function ask(tabId: number, mapping: unknown): Promise<MappingTestResult> {
    const send = async () => readWithMappingReplySchema.parse(await api.tabs.sendMessage(tabId, { type: READ_WITH_MAPPING, mapping }, { frameId: 0 })).result;
    try {
      return await send();
    } catch {
      // No content script in the tab (a CRM added a minute ago, a tab opened before): put one there and ask again.
    }
    if (!api.scripting?.executeScript) throw new Error('this browser cannot add the reader to the tab; reload the tab and try again');
    await api.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [CONTENT_SCRIPT_FILE] });
    let lastError: unknown;
    for (let attempt = 0; attempt < ASK_ATTEMPTS; attempt++) {
      try {
        return await send();
      } catch (error) {
        lastError = error;
        await wait(ASK_PAUSE_MS);
      }
    }
    throw new Error(`the tab did not answer: ${messageOf(lastError)}`);
  }

  return {
    async 'ui-bg:custom-crms-changed'(_message, _sender, context) {
      const report = await syncCustomCrmScripts(api, { injectIntoOpenTabs: true });
      for (const error of report.errors) context.log(`custom CRMs: ${error}`);
      return { ok: true, ...report };
    },

    async 'ui-bg:test-mapping'(message) {
      const checked = parseCrmMapping(message.mapping);
      if (!checked.ok) return { ok: true, result: { status: 'invalid', errors: checked.errors } satisfies MappingTestResult };
      const { mapping } = checked;
      const tab = await api.tabs.get(message.tabId);
      if (!tab.url) return { ok: true, result: { status: 'no-access', url: '' } satisfies MappingTestResult };
      let url: URL;
      try {
        url = new URL(tab.url);
      } catch {
        return { ok: true, result: { status: 'not-matching', url: tab.url } satisfies MappingTestResult };
      }
      const covering = mapping.matches.filter((pattern) => matchesPattern(pattern, url));
      if (!covering.length) return { ok: true, result: { status: 'not-matching', url: url.href } satisfies MappingTestResult };
      if (!recordIdIn(mapping.recordId.pattern, url.href)) return { ok: true, result: { status: 'no-record-id', url: url.href } satisfies MappingTestResult };
      if (!(await api.permissions.contains({ origins: covering }))) return { ok: true, result: { status: 'no-access', url: url.href } satisfies MappingTestResult };
      return { ok: true, result: await ask(message.tabId, mapping) };
    },
  };
}
