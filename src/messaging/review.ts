import { z } from 'zod';
import { dealSnapshotSchema } from '../model/deal';
import { verdictSchema } from '../model/verdict';

const dealKey = z.string().min(3).max(300);

/** Review page ↔ background. */
export const reviewMessages = [
  /** Every deal the extension has seen (and imported), each with its latest snapshot judged now. */
  z.object({ type: z.literal('ui-bg:list-deals') }),
  /** One deal's stored snapshots, oldest first (close-date drift chart). */
  z.object({ type: z.literal('ui-bg:get-deal-history'), dealKey }),
  /** Deals read from a CRM export (src/import/csv.ts), stored like page snapshots. */
  z.object({ type: z.literal('ui-bg:import-deals'), snapshots: z.array(dealSnapshotSchema).min(1).max(20_000) }),
  /** Forgets every imported deal (keys `<crm>:import:…`). */
  z.object({ type: z.literal('ui-bg:remove-imported-deals') }),
] as const;

export const reviewDealSchema = z.object({
  snapshot: dealSnapshotSchema,
  verdict: verdictSchema,
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  snapshotCount: z.number().int().nonnegative(),
  imported: z.boolean(),
});
export type ReviewDeal = z.infer<typeof reviewDealSchema>;

export const listDealsReplySchema = z.object({ ok: z.literal(true), deals: z.array(reviewDealSchema) });
export const dealHistoryReplySchema = z.object({ ok: z.literal(true), snapshots: z.array(dealSnapshotSchema) });
export const importDealsReplySchema = z.object({ ok: z.literal(true), stored: z.number().int(), unchanged: z.number().int() });
export const removeImportedReplySchema = z.object({ ok: z.literal(true), removed: z.number().int() });
