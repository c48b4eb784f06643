/**
 * The content script's side of custom CRMs ("Other CRM"): the user's mappings as generic adapters, and answers to
 * "Test on this tab" (`bg-cs:read-with-mapping`). Plain functions over the page and a storage area, no React.
 * Mappings and requests are checked with zod/mini (src/model/crm-mapping-mini.ts, src/messaging/content-schemas.ts):
 * the content script loads on every CRM page and keeps zod classic out (issue #6).
 */
import { genericAdapter } from '../adapters/generic';
import type { Adapter } from '../adapters/types';
import { CUSTOM_CRMS_KEY, matchesPattern, recordIdIn } from '../model/crm-mapping-base';
import { parseCrmMapping, readStoredCustomCrms } from '../model/crm-mapping-mini';
import { readWithMappingRequestSchema } from '../messaging/content-schemas';
import type { MappingTestResult } from '../messaging/custom-crm';

/** The storage key the entrypoint watches, from here so it needs no import of the mapping schemas. */
export { CUSTOM_CRMS_KEY };

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
