import { z } from 'zod';
import { cannotCheck, defineRule, findings } from './types';
import { daysBetween } from './dates';
import { isOpen, openStageOf } from './stage';

const days = z.number().int().min(1).max(3650);

/**
 * An open deal whose close date lies further out than its stage can plausibly need: "park it next year" keeps
 * a dead deal out of every forecast that anyone reviews. Later stages are nearer a decision, so their horizons are
 * shorter: a commit deal closing in five months is not a commit.
 */
export default defineRule({
  meta: {
    id: 'close-date-parked',
    category: 'data',
    severity: 'warning',
    messages: ['parked'],
    options: z.object({
      /** Each stage has its own default, so settings may change one stage and keep the others. */
      maxDaysByStage: z
        .object({
          prospect: days.default(365),
          qualify: days.default(365),
          develop: days.default(270),
          propose: days.default(180),
          commit: days.default(90),
        })
        .prefault({}),
      /** For a stage label the mapping does not know, and a blank stage. */
      unmappedStageDays: days.default(365),
    }),
  },
  check(deal, { today, options }) {
    const { closeDate, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires, so its close date does not matter.
    if (open === false) return findings();
    if (closeDate.state === 'unknown') return cannotCheck('closeDate', ...(open === undefined ? (['stage'] as const) : []));
    // A blank close date is close-date-missing's finding, not this one's.
    if (closeDate.state === 'empty') return findings();
    const ahead = daysBetween(today, closeDate.value);
    if (open === undefined) {
      // Without the stage the horizon is unknown, but a date within every horizon is fine in any stage.
      const tightest = Math.min(...Object.values(options.maxDaysByStage), options.unmappedStageDays);
      return ahead <= tightest ? findings() : cannotCheck('stage');
    }
    const current = openStageOf(stage);
    const limit = current ? options.maxDaysByStage[current] : options.unmappedStageDays;
    if (ahead <= limit) return findings();
    return findings({
      messageId: 'parked',
      data: { days: ahead, limit, stage: current ?? '', date: closeDate.value },
      field: 'closeDate',
    });
  },
});
