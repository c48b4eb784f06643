import { z } from 'zod';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen } from './stage';

const count = z.number().int().min(1).max(100);
const days = z.number().int().min(1).max(3650);

/**
 * The close date keeps moving later: "it is close" week after week. Judged from the deal's own history (every
 * visit the extension saw), so a deal seen once has not slipped yet. Pull-ins are not pushes; drift is net.
 */
export default defineRule({
  meta: {
    id: 'close-date-slipping',
    category: 'staleness',
    severity: 'warning',
    messages: ['slipping', 'pushedAndPulledIn'],
    options: z.object({
      /** Fires once the close date was pushed later this many times… */
      minPushes: count.default(2),
      /** …or has moved this many days later in total since first seen. */
      minDriftDays: days.default(30),
      /** Critical from this many pushes… */
      criticalPushes: count.default(3),
      /** …or this much total drift. A critical threshold below the warning one also fires (as critical). */
      criticalDriftDays: days.default(90),
    }),
  },
  check(deal, { options, history }) {
    const { closeDate, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires: it has closed, however late.
    if (open === false) return findings();
    // One visit is no history: nothing can have slipped yet.
    if (history.snapshotCount < 2) return findings();
    // The current date could be one more push or a pull-in: the count and drift are not known.
    if (closeDate.state === 'unknown') return cannotCheck('closeDate', ...(open === undefined ? (['stage'] as const) : []));
    // No close date ever seen (blank on every visit): close-date-missing's finding, not this one's.
    const facts = history.closeDate;
    if (!facts) return findings();
    const { pushCount, totalDriftDays, largestPushDays } = facts;
    const critical = pushCount >= options.criticalPushes || totalDriftDays >= options.criticalDriftDays;
    const fires = critical || pushCount >= options.minPushes || totalDriftDays >= options.minDriftDays;
    if (!fires) return findings();
    // Slipping, but only an open deal matters: without the stage we cannot tell.
    if (open === undefined) return cannotCheck('stage');
    return findings({
      // Pushed repeatedly but no later than first seen: the date moves, yet "{days} later in total" would be wrong.
      messageId: totalDriftDays > 0 ? 'slipping' : 'pushedAndPulledIn',
      data: { count: pushCount, days: totalDriftDays, largest: largestPushDays, firstSeen: facts.firstSeen },
      field: 'closeDate',
      ...(critical ? { severity: 'critical' as const } : {}),
    });
  },
});
