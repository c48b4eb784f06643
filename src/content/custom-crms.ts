/**
 * The custom CRMs' content script ("Other CRM", entrypoints/custom-crm.content.ts): the user's mappings as generic
 * adapters, answers to "Test on this tab" (`bg-cs:read-with-mapping`), and the script's start. Apart from the
 * entrypoint's start, plain functions over the page and a storage area, no React. Mappings and requests are checked
 * with zod/mini (src/model/crm-mapping-mini.ts, src/messaging/content-schemas.ts): content scripts load on CRM pages
 * and keep zod classic out (issue #6).
 */
import { browser } from 'wxt/browser';
import { genericAdapter } from '../adapters/generic';
import type { Adapter } from '../adapters/types';
import { CUSTOM_CRMS_KEY, matchesPattern, recordIdIn } from '../model/crm-mapping-base';
import { parseCrmMapping, readStoredCustomCrms } from '../model/crm-mapping-mini';
import { readWithMappingRequestSchema } from '../messaging/content-schemas';
import type { MappingTestResult } from '../messaging/custom-crm';
import { bootContentScript } from './boot';
import { CUSTOM_CRM_SCRIPT, onPageClaimed, readByBuiltInScript } from './claim-page';


/** The stored custom CRMs as adapters; an invalid mapping is left out (the options page reports it). */
export async function loadCustomAdapters(storage: { get(key: string): Promise<Record<string, unknown>> }): Promise<Adapter[]> {
  try {
    const stored = await storage.get(CUSTOM_CRMS_KEY);
    return readStoredCustomCrms(stored[CUSTOM_CRMS_KEY]).mappings.map(genericAdapter);
  } catch {
    return []; // storage unavailable (the extension is being updated): the built-in CRMs still work
  }
}

/** Reads the page as a mapping would: what "Test on this tab" shows. */
export function readWithMapping(doc: Document, href: string, rawMapping: unknown, now: Date): MappingTestResult {
  const checked = parseCrmMapping(rawMapping);
  if (!checked.ok) return { status: 'invalid', errors: checked.errors };
  const url = new URL(href);
  if (!checked.mapping.matches.some((pattern) => matchesPattern(pattern, url))) return { status: 'not-matching', url: href };
  const recordId = recordIdIn(checked.mapping.recordId.pattern, href);
  const snapshot = genericAdapter(checked.mapping).read(doc, url, { now }).snapshots[0];
  if (!recordId || !snapshot) return { status: 'no-record-id', url: href };
  return { status: 'read', url: href, recordId, snapshot };
}

type Listener = (message: unknown, sender: { id?: string; tab?: unknown }) => Promise<unknown> | undefined;

/**
 * Answers `bg-cs:read-with-mapping` from the extension's background (never from a page or another extension).
 * Other messages are left to other listeners (undefined: not ours).
 */
export function mappingTestListener(extensionId: string, doc: Document, currentUrl: () => string, now: () => Date): Listener {
  return (message, sender) => {
    const request = readWithMappingRequestSchema.safeParse(message);
    if (!request.success || sender.id !== extensionId || sender.tab !== undefined) return undefined;
    return Promise.resolve({ ok: true, result: readWithMapping(doc, currentUrl(), request.data.mapping, now()) });
  };
}

/**
 * The custom adapters as the custom script reads with them: an address a built-in CRM's script on this page reads is
 * left to it (as one controller over `[...builtIn, ...custom]` did before the scripts were split), checked at each
 * address, since a single-page app moves between pages of both.
 */
export function yieldingToBuiltIns(custom: readonly Adapter[], world: object): Adapter[] {
  return custom.map((adapter) => ({ ...adapter, detect: (url: URL) => (readByBuiltInScript(world, url) ? null : adapter.detect(url)) }));
}

/**
 * The custom CRMs' script (entrypoints/custom-crm.content.ts, registered at run time by src/background/custom-crms.ts
 * and injected by "Test on this tab"): answers the test, reads with the stored mappings, and reads on with the new ones
 * when the user edits them. A built-in CRM's script that starts on the page later takes the addresses it reads.
 */
export function bootCustomCrmScript(): Promise<void> {
  return bootContentScript({
    script: CUSTOM_CRM_SCRIPT,
    async setUp(run) {
      // "Test on this tab" (options page) asks the page to read with a mapping that may not be saved yet.
      const onTest = mappingTestListener(browser.runtime.id, document, () => location.href, () => new Date());
      browser.runtime.onMessage.addListener(onTest);
      run.onStop(() => browser.runtime.onMessage.removeListener(onTest));

      let custom = await loadCustomAdapters(browser.storage.local);
      const read = () => run.read(yieldingToBuiltIns(custom, globalThis));
      read();

      // A built-in script claimed the page after this one started: what this one drew on its addresses goes.
      const stopListening = onPageClaimed(globalThis, (claim) => {
        if (claim.script !== CUSTOM_CRM_SCRIPT) read();
      });
      run.onStop(stopListening);

      // The user edited their custom CRMs: read on with the new mappings.
      const onStorage = (changes: Record<string, unknown>, area: string) => {
        if (area !== 'local' || !(CUSTOM_CRMS_KEY in changes)) return;
        void loadCustomAdapters(browser.storage.local).then((updated) => {
          custom = updated;
          read();
        });
      };
      browser.storage.onChanged.addListener(onStorage);
      run.onStop(() => browser.storage.onChanged.removeListener(onStorage));
    },
  });
}
