import { z } from 'zod';
import { cannotCheck, defineRule, findings } from './types';
import { daysBetween } from './dates';
import { isOpen, openStageOf } from './stage';

const days = z.number().int().min(1).max(3650);

/**
 * Nobody has touched the record for longer than its stage allows. Later stages move faster, so their
 * limits are shorter: a commit deal untouched for a week is already a forecast risk.
 */
export default defineRule({
  meta: {
    id: 'stale-record',
    category: 'staleness',
    severity: 'warning',
    messages: ['stale'],
    options: z.object({
      maxDaysByStage: z
        .object({ prospect: days, qualify: days, develop: days, propose: days, commit: days })
        .default({ prospect: 45, qualify: 30, develop: 21, propose: 14, commit: 7 }),
      /** For a stage label the mapping does not know. */
      unmappedStageDays: days.default(30),
      /** At this multiple of the limit the finding turns critical. */
      criticalMultiple: z.number().min(1).max(10).default(2),
    }),
  },
  check(deal, { today, options }) {
    const { lastModifiedDate, stage } = deal.fields;
    const open = isOpen(stage);
    if (lastModifiedDate.state === 'unknown' || open === undefined) {
      return cannotCheck(
        ...(lastModifiedDate.state === 'unknown' ? (['lastModifiedDate'] as const) : []),
        ...(open === undefined ? (['stage'] as const) : []),
      );
    }
    // A blank "last modified" cannot be judged either: a saved record always has one.
    if (lastModifiedDate.state === 'empty') return cannotCheck('lastModifiedDate');
    if (!open) return findings();
    const current = openStageOf(stage);
    const limit = current ? options.maxDaysByStage[current] : options.unmappedStageDays;
    const age = daysBetween(lastModifiedDate.value, today);
    if (age <= limit) return findings();
    const critical = age >= limit * options.criticalMultiple;
    return findings({
      messageId: 'stale',
      data: { days: age, limit, stage: current ?? '' },
      field: 'lastModifiedDate',
      ...(critical ? { severity: 'critical' as const } : {}),
    });
  },
});
