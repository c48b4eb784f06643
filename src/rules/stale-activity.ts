import { z } from 'zod';
import { cannotCheck, defineRule, findings } from './types';
import { daysBetween } from './dates';
import { isOpen, openStageOf, staleDaysByStage } from './stage';

const days = z.number().int().min(1).max(3650);

/**
 * No customer activity (call, meeting, email, task) logged for longer than the deal's stage allows. Later stages
 * move faster, so their limits are shorter. A blank "last activity" means nothing was ever logged: the deal's age
 * counts instead.
 */
export default defineRule({
  meta: {
    id: 'stale-activity',
    category: 'staleness',
    severity: 'warning',
    messages: ['stale', 'none', 'noneSinceSeen'],
    options: z.object({
      /** Each stage has its own default, so settings may change one stage and keep the others. */
      maxDaysByStage: staleDaysByStage(),
      /** For a stage label the mapping does not know, and a blank stage. */
      unmappedStageDays: days.default(30),
      /** At this multiple of the limit the finding turns critical. */
      criticalMultiple: z.number().min(1).max(10).default(2),
      /** A blank last-activity date means nothing was ever logged: judge the deal's age instead (false: say nothing). */
      blankMeansNoActivity: z.boolean().default(true),
    }),
  },
  check(deal, { today, options, history }) {
    const { lastActivityDate, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires, so its activity does not matter.
    if (open === false) return findings();
    if (lastActivityDate.state === 'unknown') {
      return cannotCheck('lastActivityDate', ...(open === undefined ? (['stage'] as const) : []));
    }
    if (lastActivityDate.state === 'empty' && !options.blankMeansNoActivity) return findings();
    // Nothing logged ever: the silence is as old as the deal, from its created date or, without one, at least since
    // the extension first saw the deal (a lower bound: enough to fire, not enough to clear).
    const never = lastActivityDate.state === 'empty';
    const lowerBound = never && history.dealAgeDays.source === 'history';
    // An activity dated ahead (a meeting booked for next week) is as fresh as it gets.
    const age = never ? history.dealAgeDays.value : Math.max(0, daysBetween(lastActivityDate.value, today));
    if (open === undefined) {
      // Without the stage the limit is unknown, but a deal fresher than every limit is fine in any stage.
      const tightest = Math.min(...Object.values(options.maxDaysByStage), options.unmappedStageDays);
      if (age <= tightest && !lowerBound) return findings();
      return cannotCheck('stage', ...(lowerBound ? (['createdDate'] as const) : []));
    }
    const current = openStageOf(stage);
    const limit = current ? options.maxDaysByStage[current] : options.unmappedStageDays;
    if (age <= limit) return lowerBound ? cannotCheck('createdDate') : findings();
    const critical = age >= limit * options.criticalMultiple;
    return findings({
      messageId: never ? (lowerBound ? 'noneSinceSeen' : 'none') : 'stale',
      data: { days: age, limit, stage: current ?? '' },
      field: 'lastActivityDate',
      ...(critical ? { severity: 'critical' as const } : {}),
    });
  },
});
