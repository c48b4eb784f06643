import { z } from 'zod';
import { canonicalStageSchema } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen, openStageOf } from './stage';

/** An open deal without a next step is a deal nobody is driving. */
export default defineRule({
  meta: {
    id: 'next-step-missing',
    category: 'staleness',
    severity: 'warning',
    messages: ['missing'],
    options: z.object({
      /** Canonical stages where a missing next step is tolerated (early prospecting, for instance). */
      ignoreStages: z.array(canonicalStageSchema).default([]),
    }),
  },
  check(deal, { options }) {
    const { nextStep, stage } = deal.fields;
    const open = isOpen(stage);
    if (nextStep.state === 'unknown' || open === undefined) {
      return cannotCheck(...(nextStep.state === 'unknown' ? (['nextStep'] as const) : []), ...(open === undefined ? (['stage'] as const) : []));
    }
    if (!open) return findings();
    const current = openStageOf(stage);
    if (current && options.ignoreStages.includes(current)) return findings();
    const blank = nextStep.state === 'empty' || nextStep.value.text.trim() === '';
    return blank ? findings({ messageId: 'missing', data: {}, field: 'nextStep' }) : findings();
  },
});
