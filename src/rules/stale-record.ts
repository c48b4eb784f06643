import { z } from 'zod';
import { cannotCheck, defineRule, findings } from './types';
import { daysBetween } from './dates';
import { isOpen, openStageOf, staleDaysByStage } from './stage';

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
      /** Each stage has its own default, so settings may change one stage and keep the others. */
      maxDaysByStage: staleDaysByStage(),
      /** For a stage label the mapping does not know. */
      unmappedStageDays: days.default(30),
      /** At this multiple of the limit the finding turns critical. */
      criticalMultiple: z.number().min(1).max(10).default(2),
    }),
  },
  check(deal, { today, options }) {
    const { lastModifiedDate, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires, so its last change does not matter.
    if (open === false) return findings();
    // A blank "last modified" cannot be judged either: a saved record always has one.
    if (lastModifiedDate.state !== 'value') {
      return cannotCheck('lastModifiedDate', ...(open === undefined ? (['stage'] as const) : []));
    }
    const age = daysBetween(lastModifiedDate.value, today);
    if (open === undefined) {
      // Without the stage the limit is unknown, but a record fresher than every limit is fine in any stage.
      const tightest = Math.min(...Object.values(options.maxDaysByStage), options.unmappedStageDays);
      return age <= tightest ? findings() : cannotCheck('stage');
    }
    const current = openStageOf(stage);
    const limit = current ? options.maxDaysByStage[current] : options.unmappedStageDays;
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
