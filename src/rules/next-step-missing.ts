import { z } from 'zod';
import { canonicalStageSchema } from '../model/deal';
import type { FieldName } from '../model/deal';
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
    // Cannot-check only when the unread field could change the outcome.
    if (open === false) return findings();
    const current = openStageOf(stage);
    if (current && options.ignoreStages.includes(current)) return findings();
    // Whitespace, or a date with no words, is not a step anyone can take.
    if (nextStep.state === 'value' && nextStep.value.text.trim() !== '') return findings();
    const unread: FieldName[] = [];
    if (nextStep.state === 'unknown') unread.push('nextStep');
    if (open === undefined) unread.push('stage');
    if (unread.length) return cannotCheck(...unread);
    return findings({ messageId: 'missing', data: {}, field: 'nextStep' });
  },
});
