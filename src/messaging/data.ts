import { z } from 'zod';

/** Options page, "Privacy and data" ↔ background. The export file's schema lives in src/history/backup.ts. */
export const dataMessages = [
  /** Everything stored, as one JSON-ready object (settings, deals and their history, answers, snoozes, custom CRMs). */
  z.object({ type: z.literal('ui-bg:export-everything') }),
  /** Replaces what is stored with an export file; checked in full first, nothing changes when it is invalid. */
  z.object({ type: z.literal('ui-bg:import-everything'), file: z.unknown() }),
  /** Deletes every deal, snapshot, answer, snooze and tab state; settings go back to the defaults. */
  z.object({ type: z.literal('ui-bg:delete-everything') }),
  /** How much is stored: deals, snapshots, approximate bytes. */
  z.object({ type: z.literal('ui-bg:get-storage-usage') }),
  /** Applies the retention period now (it also runs on its own once a day and when storage is full). */
  z.object({ type: z.literal('ui-bg:apply-retention') }),
] as const;

export const storageUsageSchema = z.object({
  deals: z.number().int().nonnegative(),
  snapshots: z.number().int().nonnegative(),
  qualifications: z.number().int().nonnegative(),
  /** navigator.storage.estimate() usage when the browser tells; null otherwise. */
  bytes: z.number().nonnegative().nullable(),
  /** Set when retention last had to prune because storage was full; the options page tells the user. */
  lastPrunedForQuotaAt: z.string().nullable(),
});
export type StorageUsage = z.infer<typeof storageUsageSchema>;

export const exportEverythingReplySchema = z.object({ ok: z.literal(true), file: z.record(z.string(), z.unknown()) });
export const importEverythingReplySchema = z.object({ ok: z.literal(true), counts: z.record(z.string(), z.number().int()) });
export const storageUsageReplySchema = z.object({ ok: z.literal(true), usage: storageUsageSchema });
export const applyRetentionReplySchema = z.object({ ok: z.literal(true), removed: z.number().int().nonnegative() });
