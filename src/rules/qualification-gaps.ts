import { z } from 'zod';
import type { FieldName } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen, OPEN_STAGES, openStageOf } from './stage';

/**
 * The deal sits in a stage whose qualification the rep has not done: the stage says "develop" or "commit", the
 * evidence says the customer's pain, buyer or decision process is still unknown.
 */
export default defineRule({
  meta: {
    id: 'qualification-gaps',
    category: 'qualification',
    severity: 'warning',
    messages: ['missing'],
    options: z.object({
      /** From this stage on a gap is critical: the deal is in the forecast without its qualification. */
      criticalFromStage: z.enum(OPEN_STAGES).default('commit'),
    }),
  },
  check(deal, { options, qualification }) {
    const { stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires: its qualification no longer matters.
    if (open === false) return findings();
    const { framework, evidence, record } = qualification;
    // The rep's answers or the CRM's qualification fields: without either, a criterion with no evidence is unknown, not missing.
    const sourcesRead = record !== null || deal.fields.qualification.state !== 'unknown';
    const current = openStageOf(stage);
    if (current === null) {
      // Unread, blank or unmapped stage: which criteria it requires is unknown. Only when even commit's
      // requirements (every later stage's superset) are met could no stage fire.
      const allMet = framework.requiredByStage.commit.every((id) => evidence[id]?.answer === 'yes');
      if (allMet) return findings();
      const unread: FieldName[] = ['stage'];
      if (!sourcesRead) unread.push('qualification');
      return cannotCheck(...unread);
    }
    const missing = qualification.missingRequired.filter((id) => sourcesRead || (evidence[id]?.source ?? 'none') !== 'none');
    if (missing.length === 0) return qualification.missingRequired.length ? cannotCheck('qualification') : findings();
    const critical = OPEN_STAGES.indexOf(current) >= OPEN_STAGES.indexOf(options.criticalFromStage);
    return findings({
      messageId: 'missing',
      // Criterion ids, not labels: the UI shows each in the user's language from the framework.
      data: { criteria: missing.join(', '), count: missing.length, stage: current },
      field: 'stage',
      ...(critical ? { severity: 'critical' as const } : {}),
    });
  },
});
