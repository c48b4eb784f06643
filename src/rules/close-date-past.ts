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
    const missing = [closeDate.state === 'unknown' ? 'closeDate' : null, open === undefined ? 'stage' : null].filter(
      (field): field is 'closeDate' | 'stage' => field !== null,
    );
    if (missing.length) return cannotCheck(...missing);
    if (!open || closeDate.state !== 'value') return findings();
    const days = daysBetween(closeDate.value, today);
    if (days <= 0) return findings();
    const long = days > options.criticalAfterDays;
    return findings({
      messageId: long ? 'passedLong' : 'passed',
      data: { days, date: closeDate.value },
      field: 'closeDate',
      ...(long ? { severity: 'critical' as const } : {}),
    });
  },
});
