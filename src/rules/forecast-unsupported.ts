import { z } from 'zod';
import type { FieldName } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen, OPEN_STAGES, openStageOf } from './stage';

/** Forecast categories compare without case, surrounding space or doubled spaces. */
const normalize = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * "Unrealistic qualification": the rep forecasts the deal as likely — a high probability, or a commit / best case
 * forecast category — while the stage is early or the qualification the stage requires is missing.
 */
export default defineRule({
  meta: {
    id: 'forecast-unsupported',
    category: 'qualification',
    severity: 'warning',
    messages: ['probabilityEarly', 'categoryEarly', 'probabilityUnqualified', 'categoryUnqualified'],
    options: z.object({
      /** A probability at or above this (in percent) is a claim that the deal will close. */
      minProbability: z.number().min(0).max(100).default(70),
      /** Forecast categories that claim the deal will close, as the CRM shows them (any case), in any language. */
      forecastCategories: z.array(z.string().trim().min(1).max(100)).max(50).default(['commit', 'best case', 'forpligtet', 'bedste tilfælde']),
      /** Stages too early for any such claim, whatever the qualification says. */
      earlyStages: z.array(z.enum(OPEN_STAGES)).default(['prospect', 'qualify']),
    }),
  },
  check(deal, { options, qualification }) {
    const { probability, forecastCategory, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal has no forecast left to question.
    if (open === false) return findings();
    const highProbability = probability.state === 'value' && probability.value >= options.minProbability;
    const categories = new Set(options.forecastCategories.map(normalize));
    const highCategory = forecastCategory.state === 'value' && categories.has(normalize(forecastCategory.value));
    // One readable claim is enough: many CRMs show only a probability, or only a forecast category.
    const claimsUnread = probability.state === 'unknown' && forecastCategory.state === 'unknown';
    if (!highProbability && !highCategory && !claimsUnread) return findings();

    const current = openStageOf(stage);
    const claimFields: FieldName[] = claimsUnread ? ['probability', 'forecastCategory'] : [];
    // Unread, blank or unmapped stage: it might be early, and what it requires is unknown.
    if (current === null) return cannotCheck('stage', ...claimFields);

    const early = options.earlyStages.includes(current);
    const { evidence, record, missingRequired } = qualification;
    // Without the rep's answers or the CRM's qualification fields, a criterion with no evidence is unknown, not missing.
    const sourcesRead = record !== null || deal.fields.qualification.state !== 'unknown';
    const missing = missingRequired.filter((id) => sourcesRead || (evidence[id]?.source ?? 'none') !== 'none');
    const qualificationUnread = missingRequired.length > missing.length;

    if (claimsUnread) {
      // Nothing is weak: no probability or category could make this deal fire.
      if (!early && missing.length === 0 && !qualificationUnread) return findings();
      return cannotCheck(...claimFields, ...(!early && missing.length === 0 ? (['qualification'] as const) : []));
    }
    if (!early && missing.length === 0) return qualificationUnread ? cannotCheck('qualification') : findings();

    // The forecast category is what rolls up into the forecast call, so it is the claim named when both are high.
    const claim: { kind: 'category' | 'probability'; data: Record<string, string | number>; field: FieldName } =
      highCategory && forecastCategory.state === 'value'
        ? { kind: 'category', data: { category: forecastCategory.value.trim() }, field: 'forecastCategory' }
        : { kind: 'probability', data: { probability: probability.state === 'value' ? probability.value : 0 }, field: 'probability' };
    const stageData = { stage: current, stageLabel: stage.state === 'value' ? stage.value.label : current };
    if (early) {
      return findings({ messageId: `${claim.kind}Early`, data: { ...claim.data, ...stageData }, field: claim.field });
    }
    return findings({
      messageId: `${claim.kind}Unqualified`,
      data: { ...claim.data, ...stageData, criteria: missing.join(', '), count: missing.length },
      field: claim.field,
    });
  },
});
