import { z } from 'zod';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen, openStageOf } from './stage';

const days = z.number().int().min(1).max(3650);

/**
 * The deal has sat in its current stage for longer than deals usually need there: "it is close" while nothing moves.
 * How long it has been in the stage comes from the deal's history. A deal first seen already in its stage has been
 * there at least since it was first seen; the finding then says "at least", and stays quiet until even that is too long.
 */
export default defineRule({
  meta: {
    id: 'stage-stuck',
    category: 'staleness',
    severity: 'warning',
    messages: ['stuck', 'stuckAtLeast'],
    options: z.object({
      /** Each stage has its own default, so settings may change one stage and keep the others. */
      maxDaysByStage: z
        .object({
          prospect: days.default(30),
          qualify: days.default(30),
          develop: days.default(45),
          propose: days.default(30),
          commit: days.default(21),
        })
        .prefault({}),
      /** For a stage label the mapping does not know. */
      unmappedStageDays: days.default(30),
      /** At this multiple of the norm the finding turns critical. */
      criticalMultiple: z.number().min(1).max(10).default(2),
    }),
  },
  check(deal, { options, history }) {
    const { stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires.
    if (open === false) return findings();
    const { daysInStage, enteredOn, enteredBeforeFirstSeen } = history.stage;
    // A stage start we saw happen, or one the page or API dated, is exact; a stage already showing when first seen is not.
    const atLeast = enteredOn?.source === 'history' && enteredBeforeFirstSeen;
    if (stage.state === 'unknown') {
      // Unread, the stage may have changed since it was last seen, but only more recently: a stage entered (as watched)
      // within the tightest norm is fine whatever it is now.
      const tightest = Math.min(...Object.values(options.maxDaysByStage), options.unmappedStageDays);
      const recent = daysInStage !== null && enteredOn !== null && !atLeast && daysInStage <= tightest;
      return recent ? findings() : cannotCheck('stage');
    }
    // Blank, there is no stage to be stuck in (the page shows none).
    if (stage.state === 'empty') return findings();
    // The judged snapshot shows a stage, so the history knows when it was entered; guard anyway.
    if (daysInStage === null || enteredOn === null) return cannotCheck('stage');
    const current = openStageOf(stage);
    const limit = current ? options.maxDaysByStage[current] : options.unmappedStageDays;
    // Days are a lower bound when the deal was already in the stage when first seen: past the norm is certain, under it is not known.
    if (daysInStage <= limit) return findings();
    const critical = daysInStage >= limit * options.criticalMultiple;
    return findings({
      messageId: atLeast ? 'stuckAtLeast' : 'stuck',
      data: {
        days: daysInStage,
        limit,
        stage: current ?? '',
        since: enteredOn.value,
        /** Where the start of the stage comes from: 'firstSeen' (a lower bound), 'stageChange' (a change we saw), 'page' or 'api'. */
        source: atLeast ? 'firstSeen' : enteredOn.source === 'history' ? 'stageChange' : enteredOn.source,
      },
      field: 'stage',
      ...(critical ? { severity: 'critical' as const } : {}),
    });
  },
});
