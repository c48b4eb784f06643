import { z } from 'zod';
import type { FieldName } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen, OPEN_STAGES, openStageOf } from './stage';

/** Contact roles compare without case, punctuation or spacing: "Decision-Maker" is "decision maker". */
const normalize = (text: string) =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Past discovery nobody has identified the person who can say yes to the money: neither the rep's answers, nor
 * the CRM's qualification fields, nor the deal's contact roles name an economic buyer.
 */
export default defineRule({
  meta: {
    id: 'no-economic-buyer',
    category: 'qualification',
    severity: 'warning',
    messages: ['missing'],
    options: z.object({
      /** From this stage on the economic buyer should be known. */
      fromStage: z.enum(OPEN_STAGES).default('develop'),
      /** From this stage on the finding is critical: the deal is in the forecast and nobody who can sign is known. */
      criticalFromStage: z.enum(OPEN_STAGES).default('commit'),
      /** Criterion ids that mean "the economic buyer is identified" (MEDDICC's economic buyer, BANT's authority). */
      criteria: z.array(z.string().regex(/^[a-z][a-z0-9-]{0,40}$/)).max(30).default(['economic-buyer', 'authority']),
      /** A contact role containing one of these (any case) names the economic buyer. */
      contactRoles: z
        .array(z.string().trim().min(1).max(100))
        .max(50)
        .default(['economic buyer', 'decision maker', 'økonomisk beslutningstager', 'beslutningstager']),
    }),
  },
  check(deal, { options, qualification }) {
    const { stage, contacts } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires.
    if (open === false) return findings();
    const current = openStageOf(stage);
    const rank = (id: (typeof OPEN_STAGES)[number]) => OPEN_STAGES.indexOf(id);
    if (current !== null && rank(current) < rank(options.fromStage)) return findings();

    const { framework, evidence, record } = qualification;
    const ids = options.criteria.filter((id) => framework.criteria.some((criterion) => criterion.id === id));
    // The rep said yes, or the CRM has something in a field named after the criterion (unless it reads as a no).
    const criterionMet = ids.some((id) => {
      const found = evidence[id];
      return found !== undefined && ((found.source === 'rep' && found.answer === 'yes') || (found.source === 'crm' && found.answer !== 'no'));
    });
    const patterns = options.contactRoles.map(normalize).filter(Boolean);
    const roleMet = contacts.state === 'value' && contacts.value.roles.some((role) => patterns.some((pattern) => normalize(role).includes(pattern)));
    if (criterionMet || roleMet) return findings();

    // One readable source that names no economic buyer is enough; only when no source could be read is it unknown.
    const criteriaRead = ids.length > 0 && (record !== null || deal.fields.qualification.state !== 'unknown');
    const unread: FieldName[] = [];
    if (current === null) unread.push('stage');
    if (!criteriaRead && contacts.state === 'unknown') unread.push('contacts', ...(ids.length ? (['qualification'] as const) : []));
    if (current === null || unread.length) return cannotCheck(...unread);
    const critical = rank(current) >= rank(options.criticalFromStage);
    return findings({
      messageId: 'missing',
      data: { stage: current },
      field: 'contacts',
      ...(critical ? { severity: 'critical' as const } : {}),
    });
  },
});
