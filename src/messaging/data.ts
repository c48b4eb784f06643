import { z } from 'zod';

/** Options page, "Privacy and data" ↔ background. The export file's schema lives in src/history/backup.ts. */
export const dataMessages = [
  /** Everything stored, as one JSON-ready object (settings, deals and their history, answers, snoozes, custom CRMs). */
  z.object({ type: z.literal('ui-bg:export-everything') }),
  /** Replaces what is stored with an export file; checked in full first, nothing changes when it is invalid. */
  z.object({ type: z.literal('ui-bg:import-everything'), file: z.unknown() }),
  /** Deletes every deal, snapshot, answer, snooze, custom CRM mapping and tab state; settings go back to the defaults. */
  z.object({ type: z.literal('ui-bg:delete-everything') }),
  /** How much is stored: deals, snapshots, approximate bytes. */
  z.object({ type: z.literal('ui-bg:get-storage-usage') }),
  /** Applies the retention period now (it also runs on its own once a day and when storage is full). */
  z.object({ type: z.literal('ui-bg:apply-retention') }),
  /** The user read the notice that old snapshots were removed because storage was full. */
  z.object({ type: z.literal('ui-bg:dismiss-storage-notice') }),
] as const;

const count = z.number().int().nonnegative();

export const storageUsageSchema = z.object({
  deals: count,
  snapshots: count,
  qualifications: count,
  snoozes: count,
  /** navigator.storage.estimate() usage when the browser tells; null otherwise. */
  bytes: z.number().nonnegative().nullable(),
  /** navigator.storage.estimate() quota when the browser tells; null otherwise. */
  quotaBytes: z.number().nonnegative().nullable(),
  /** The oldest snapshot kept (ISO time); null when nothing is stored. */
  oldestSnapshotAt: z.string().nullable(),
  /** When the retention period was last applied; null: not yet. */
  lastRetentionAt: z.string().nullable(),
  /** Set when retention last had to prune because storage was full (until the user dismisses the notice). */
  lastPrunedForQuotaAt: z.string().nullable(),
  /** Snapshots removed for room since the notice was last dismissed. */
  prunedForQuotaSnapshots: count,
});
export type StorageUsage = z.infer<typeof storageUsageSchema>;

/** Stored items the export left out because they no longer pass the current schemas. */
export const exportSkippedSchema = z.object({ deals: count, snapshots: count, qualification: count, snoozes: count, customCrms: count });

export const storeCountsSchema = z.object({ deals: count, snapshots: count, qualification: count, snoozes: count });

export const exportEverythingReplySchema = z.object({ ok: z.literal(true), file: z.record(z.string(), z.unknown()), skipped: exportSkippedSchema });
export const importEverythingReplySchema = z.object({ ok: z.literal(true), counts: storeCountsSchema.extend({ customCrms: count }) });
export const deleteEverythingReplySchema = z.object({ ok: z.literal(true), counts: storeCountsSchema });
export const storageUsageReplySchema = z.object({ ok: z.literal(true), usage: storageUsageSchema });
export const applyRetentionReplySchema = z.object({ ok: z.literal(true), removed: count, removedDeals: count });

/**
 * Why a data request failed, for the page to explain: `db-blocked` (an older copy of the extension holds the
 * database open), `quota` (not enough storage for an import), `invalid-file` (with `errors`, each naming its path).
 */
export const DATA_ERROR_CODES = ['db-blocked', 'quota', 'invalid-file'] as const;
export const dataErrorReplySchema = z.object({
  ok: z.literal(false),
  error: z.string(),
  code: z.enum(DATA_ERROR_CODES).optional(),
  errors: z.array(z.string()).optional(),
});
export type DataErrorReply = z.infer<typeof dataErrorReplySchema>;
