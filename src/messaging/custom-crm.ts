import { z } from 'zod';
import { dealSnapshotSchema } from '../model/deal';
import { READ_WITH_MAPPING } from './content-schemas';

export { READ_WITH_MAPPING } from './content-schemas';

/**
 * Options page, "Other CRM" ↔ background ↔ content script. The mapping's schema lives in src/model/crm-mapping.ts;
 * here it is `unknown` and checked by the receiver, so an invalid mapping gets errors with paths rather than a
 * generic rejection.
 */
export const customCrmMessages = [
  /** The stored custom CRMs changed: register (or unregister) the content script for their match patterns. */
  z.object({ type: z.literal('ui-bg:custom-crms-changed') }),
  /** "Test on this tab": read a tab with a mapping (not saved yet) and return what would be read. */
  z.object({ type: z.literal('ui-bg:test-mapping'), tabId: z.number().int().nonnegative(), mapping: z.unknown() }),
] as const;

const url = z.string().max(4000);
const errors = z.array(z.string().max(2000)).max(500);

/** After `ui-bg:custom-crms-changed`: which CRMs now read their pages, and which wait for the user to grant access. */
export const customCrmsChangedReplySchema = z.object({
  ok: z.literal(true),
  /** Ids of the custom CRMs whose pages the content script now runs on. */
  registered: z.array(z.string()),
  /** Ids of the custom CRMs whose sites the user has not granted access to (yet). */
  waitingForAccess: z.array(z.string()),
  /** Stored mappings that are invalid (left out), and registrations the browser refused. */
  errors,
});
export type CustomCrmsChangedReply = z.infer<typeof customCrmsChangedReplySchema>;

/** What reading a tab with a mapping gave. */
export const mappingTestResultSchema = z.discriminatedUnion('status', [
  /** The mapping itself is wrong: each error names its path. */
  z.object({ status: z.literal('invalid'), errors }),
  /** The tab's address is not covered by the mapping's URL patterns. */
  z.object({ status: z.literal('not-matching'), url }),
  /** Covered, but the record-id pattern finds no id in the address: not a record page. */
  z.object({ status: z.literal('no-record-id'), url }),
  /** The user has not granted access to the tab's site (or the browser does not let extensions read it). */
  z.object({ status: z.literal('no-access'), url }),
  /** Read: every field as value, empty or unknown (with its reason). */
  z.object({ status: z.literal('read'), url, recordId: z.string().max(300), snapshot: dealSnapshotSchema }),
]);
export type MappingTestResult = z.infer<typeof mappingTestResultSchema>;

export const testMappingReplySchema = z.object({ ok: z.literal(true), result: mappingTestResultSchema });

/**
 * Background → content script: read this page with this mapping (for "Test on this tab"). Not part of the
 * background's protocol: only the content script receives it, and only from the extension itself, which checks it
 * with the zod/mini copy of this schema in src/messaging/content-schemas.ts.
 */
export const readWithMappingRequestSchema = z.object({ type: z.literal(READ_WITH_MAPPING), mapping: z.unknown() }).strict();
export const readWithMappingReplySchema = z.object({ ok: z.literal(true), result: mappingTestResultSchema });
