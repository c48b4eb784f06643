import { z } from 'zod';
import { cannotCheck, defineRule, findings } from './types';
import { daysBetween } from './dates';
import { isOpen } from './stage';

/** An open deal whose close date is behind us: the forecast counts money in a period that has ended. */
export default defineRule({
  meta: {
    id: 'close-date-past',
    category: 'data',
    severity: 'warning',
    messages: ['passed', 'passedLong'],
    options: z.object({
      /** Past this many days the finding is critical: the deal is almost certainly mis-forecast. */
      criticalAfterDays: z.number().int().min(1).max(365).default(30),
    }),
  },
  check(deal, { today, options }) {
    const { closeDate, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires, so its close date does not matter.
    if (open === false) return findings();
    if (closeDate.state === 'unknown') return cannotCheck('closeDate', ...(open === undefined ? (['stage'] as const) : []));
    // A blank close date is another rule's finding (close-date-missing), not this one's.
    if (closeDate.state === 'empty') return findings();
    const days = daysBetween(closeDate.value, today);
    if (days <= 0) return findings();
    // Overdue, but only an open deal is mis-forecast: without the stage we cannot tell.
    if (open === undefined) return cannotCheck('stage');
    const long = days > options.criticalAfterDays;
    return findings({
      messageId: long ? 'passedLong' : 'passed',
      data: { days, date: closeDate.value },
      field: 'closeDate',
      ...(long ? { severity: 'critical' as const } : {}),
    });
  },
});
