import type { CloseDateFactsView } from '../messaging/review';
import { daysBetween } from '../rules/dates';

export interface Slip {
  /** The close date before the window's first change. */
  from: string;
  /** The close date after the window's last change. */
  to: string;
  /** Net days later over the window (always > 0). */
  days: number;
  /** Moves later within the window. */
  pushes: number;
}

/**
 * Whether the close date moved later between `fromDay` and `toDay` (inclusive, YYYY-MM-DD), going by the days the
 * changes were first seen. Only a net move later counts: pushed out and pulled back within the week is no slip.
 */
export function slipBetween(facts: CloseDateFactsView | null, fromDay: string, toDay: string): Slip | null {
  if (!facts || facts.timeline.length < 2) return null;
  let before: string | null = null;
  let after: string | null = null;
  let pushes = 0;
  for (let i = 1; i < facts.timeline.length; i++) {
    const change = facts.timeline[i]!;
    if (change.on < fromDay || change.on > toDay) continue;
    const previous = facts.timeline[i - 1]!.closeDate;
    before ??= previous;
    after = change.closeDate;
    if (change.closeDate > previous) pushes += 1;
  }
  if (before === null || after === null || !(after > before)) return null;
  return { from: before, to: after, days: daysBetween(before, after), pushes };
}
