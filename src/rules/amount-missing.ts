import { z } from 'zod';
import type { FieldName } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen, OPEN_STAGES, openStageOf } from './stage';

/**
 * An open deal past the earliest stage with no amount, or an amount of 0: the pipeline and the forecast
 * count it as nothing, and nobody can judge whether the effort on it is worth it.
 */
export default defineRule({
  meta: {
    id: 'amount-missing',
    category: 'data',
    severity: 'warning',
    messages: ['missing', 'zero'],
    options: z.object({
      /** The first canonical stage that needs an amount; every later open stage needs one too. */
      fromStage: z.enum(OPEN_STAGES).default('qualify'),
      /** Whether a stage label the mapping does not know (or a blank stage) needs an amount. */
      checkUnmappedStages: z.boolean().default(true),
    }),
  },
  check(deal, { options }) {
    const { amount, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires, so its amount does not matter.
    if (open === false) return findings();
    const current = openStageOf(stage);
    if (current && OPEN_STAGES.indexOf(current) < OPEN_STAGES.indexOf(options.fromStage)) return findings();
    if (open === true && !current && !options.checkUnmappedStages) return findings();
    // Negative amounts (credits, for instance) are not "missing"; only blank and 0 are.
    if (amount.state === 'value' && amount.value.value !== 0) return findings();
    const unread: FieldName[] = [];
    if (amount.state === 'unknown') unread.push('amount');
    // Without the stage we cannot tell whether the deal is closed or still early.
    if (open === undefined) unread.push('stage');
    if (unread.length) return cannotCheck(...unread);
    const stageId = current ?? '';
    return amount.state === 'empty'
      ? findings({ messageId: 'missing', data: { stage: stageId }, field: 'amount' })
      : findings({ messageId: 'zero', data: { stage: stageId }, field: 'amount' });
  },
});
