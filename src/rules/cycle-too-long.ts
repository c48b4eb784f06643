import { z } from 'zod';
import type { FieldName } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen } from './stage';

const days = z.number().int().min(1).max(3650);
const amount = z.number().min(0).max(1e12);

export const SEGMENTS = ['small', 'mid', 'large'] as const;
export type Segment = (typeof SEGMENTS)[number];

/**
 * An open deal older than deals of its size usually take to close. Bigger deals take longer, so the typical cycle
 * depends on the amount: below `smallBelow` small, below `midBelow` mid, else large. Amounts are compared as numbers,
 * whatever their currency: set the thresholds in the currency your deals are in.
 */
export default defineRule({
  meta: {
    id: 'cycle-too-long',
    category: 'staleness',
    severity: 'warning',
    messages: ['tooLong', 'tooLongAtLeast'],
    options: z
      .object({
        /** A deal below this amount is small. */
        smallBelow: amount.default(25_000),
        /** A deal below this amount (and not small) is mid-sized; from it on, large. */
        midBelow: amount.default(250_000),
        /** The typical cycle per segment, in days from creation; each can be set on its own. */
        maxDaysBySegment: z
          .object({
            small: days.default(60),
            mid: days.default(120),
            large: days.default(180),
          })
          .prefault({}),
        /** At this multiple of the typical cycle the finding turns critical. */
        criticalMultiple: z.number().min(1).max(10).default(2),
      })
      .refine((options) => options.smallBelow < options.midBelow, { message: 'smallBelow must be below midBelow', path: ['midBelow'] }),
  },
  check(deal, { options, history }) {
    const { amount: dealAmount, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires: its cycle is over.
    if (open === false) return findings();
    const segmentOf = (value: number): Segment => (value < options.smallBelow ? 'small' : value < options.midBelow ? 'mid' : 'large');
    const segment = dealAmount.state === 'value' ? segmentOf(dealAmount.value.value) : null;
    const all = SEGMENTS.map((s) => options.maxDaysBySegment[s]);
    // An unread amount could be any segment; a blank one (amount-missing's finding) is judged by the most lenient cycle.
    const limits = segment ? [options.maxDaysBySegment[segment]] : dealAmount.state === 'unknown' ? all : [Math.max(...all)];
    const lo = Math.min(...limits);
    const hi = Math.max(...limits);
    const { value: age, source } = history.dealAgeDays;
    // Without a created date the age counts from the day the extension first saw the deal: the deal is at least that old.
    const atLeast = source === 'history';
    if (!atLeast && age <= lo) return findings();
    if (age > hi) {
      // Too long in any segment; but a deal whose stage could not be read may be closed.
      if (open === undefined) return cannotCheck('stage');
      const limit = segment ? options.maxDaysBySegment[segment] : hi;
      return findings({
        messageId: atLeast ? 'tooLongAtLeast' : 'tooLong',
        data: { days: age, limit, segment: segment ?? '', since: atLeast ? 'firstSeen' : 'created' },
        field: 'createdDate',
        ...(age >= limit * options.criticalMultiple ? { severity: 'critical' as const } : {}),
      });
    }
    // Undecided: the segment or the true age (or both) would tell.
    const unread: FieldName[] = [];
    if (dealAmount.state === 'unknown') unread.push('amount');
    if (atLeast) unread.push('createdDate');
    if (open === undefined) unread.push('stage');
    return cannotCheck(...unread);
  },
});
