import { z } from 'zod';
import { canonicalStageSchema } from '../model/deal';
import type { FieldName } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen, openStageOf } from './stage';

/** An open deal with a blank close date is in no forecast period at all: the pipeline cannot be timed. */
export default defineRule({
  meta: {
    id: 'close-date-missing',
    category: 'data',
    severity: 'warning',
    messages: ['missing'],
    options: z.object({
      /** Canonical stages where a blank close date is tolerated (auto-created prospects, for instance). */
      ignoreStages: z.array(canonicalStageSchema).default([]),
    }),
  },
  check(deal, { options }) {
    const { closeDate, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires, so its close date does not matter.
    if (open === false) return findings();
    const current = openStageOf(stage);
    if (current && options.ignoreStages.includes(current)) return findings();
    // A date is a date: whether it is past or far out is for close-date-past and close-date-parked.
    if (closeDate.state === 'value') return findings();
    // Unknown is not empty: only a close date shown and blank is missing.
    const unread: FieldName[] = [];
    if (closeDate.state === 'unknown') unread.push('closeDate');
    if (open === undefined) unread.push('stage');
    if (unread.length) return cannotCheck(...unread);
    return findings({ messageId: 'missing', data: {}, field: 'closeDate' });
  },
});
