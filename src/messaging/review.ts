import { z } from 'zod';
import { CRM_IDS, dealSnapshotSchema, isoDateSchema } from '../model/deal';
import { verdictSchema } from '../model/verdict';

const dealKey = z.string().min(3).max(300);

/** Keys of deals read from a CRM export (src/import/csv.ts): `<crm>:import:<id>`. */
export const IMPORTED_KEY = new RegExp(`^(${CRM_IDS.join('|')}):import:.+`);
export const isImportedKey = (key: string): boolean => IMPORTED_KEY.test(key);

/** The most deals one `ui-bg:list-deals` reply carries; the review page asks page after page. */
export const LIST_DEALS_MAX_LIMIT = 2000;

/**
 * An imported snapshot must carry an import key of its own CRM, so an import can never add to (or be removed
 * with) the history of a deal the extension saw on a CRM page.
 */
const importedSnapshotSchema = dealSnapshotSchema.superRefine((snapshot, context) => {
  if (!snapshot.key.startsWith(`${snapshot.crm}:import:`) || snapshot.key.length <= `${snapshot.crm}:import:`.length) {
    context.addIssue({ code: 'custom', path: ['key'], message: `an imported deal's key must start with "${snapshot.crm}:import:"` });
  }
});

/** Review page ↔ background. */
export const reviewMessages = [
  /**
   * Every deal the extension has seen (and imported), each with its latest snapshot judged now, in pages ordered
   * by deal key: `after` is the `next` of the previous reply (none for the first page).
   */
  z.object({
    type: z.literal('ui-bg:list-deals'),
    after: dealKey.optional(),
    limit: z.number().int().min(1).max(LIST_DEALS_MAX_LIMIT).optional(),
  }),
  /** One deal's stored snapshots, oldest first (close-date drift chart). */
  z.object({ type: z.literal('ui-bg:get-deal-history'), dealKey }),
  /** Deals read from a CRM export (src/import/csv.ts), stored like page snapshots. */
  z.object({ type: z.literal('ui-bg:import-deals'), snapshots: z.array(importedSnapshotSchema).min(1).max(20_000) }),
  /** Forgets every imported deal (keys `<crm>:import:…`), with its snoozes and quick-qualify answers. */
  z.object({ type: z.literal('ui-bg:remove-imported-deals') }),
] as const;

/** What the stored history says about a deal's close date (src/history/facts.ts), for slippage and the weekly brief. */
export const closeDateFactsSchema = z.object({
  firstSeen: isoDateSchema,
  current: isoDateSchema.nullable(),
  pushCount: z.number().int().nonnegative(),
  largestPushDays: z.number().int(),
  totalDriftDays: z.number().int(),
  lastChangedOn: isoDateSchema.nullable(),
  daysSinceLastChange: z.number().int(),
  timeline: z.array(z.object({ on: isoDateSchema, closeDate: isoDateSchema })).max(10_000),
});
export type CloseDateFactsView = z.infer<typeof closeDateFactsSchema>;

export const reviewDealSchema = z.object({
  snapshot: dealSnapshotSchema,
  verdict: verdictSchema,
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  snapshotCount: z.number().int().nonnegative(),
  imported: z.boolean(),
  /** Null when no snapshot of the deal ever showed a close date. */
  closeDate: closeDateFactsSchema.nullable(),
});
export type ReviewDeal = z.infer<typeof reviewDealSchema>;

export const listDealsReplySchema = z.object({
  ok: z.literal(true),
  deals: z.array(reviewDealSchema),
  /** Deals stored in all. */
  total: z.number().int().nonnegative(),
  /** `after` for the next page; null on the last page. */
  next: dealKey.nullable(),
  /** The calendar day the verdicts were computed for (the user's time zone). */
  today: isoDateSchema,
});
export type ListDealsReply = z.infer<typeof listDealsReplySchema>;
export const dealHistoryReplySchema = z.object({ ok: z.literal(true), snapshots: z.array(dealSnapshotSchema) });
export const importDealsReplySchema = z.object({ ok: z.literal(true), stored: z.number().int(), unchanged: z.number().int() });
export const removeImportedReplySchema = z.object({ ok: z.literal(true), removed: z.number().int() });
