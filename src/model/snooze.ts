import { z } from 'zod';
import { dealKeySchema, isoDateSchema } from './deal';

/** A rep silenced one rule on one deal, for a reason, until a date. Stored in IndexedDB; it expires by itself. */
export const snoozeSchema = z.object({
  dealKey: dealKeySchema,
  ruleId: z.string().min(1).max(100),
  reason: z.string().trim().min(1, 'say why the finding is snoozed').max(500),
  /** Last day the finding stays silent (inclusive). */
  until: isoDateSchema,
  createdAt: z.string(),
});
export type Snooze = z.infer<typeof snoozeSchema>;

/** Snoozes still in force on `today` (YYYY-MM-DD). */
export function activeSnoozes(snoozes: readonly Snooze[], today: string): Snooze[] {
  return snoozes.filter((snooze) => snooze.until >= today);
}
