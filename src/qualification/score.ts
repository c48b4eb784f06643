import type { Score, ScorePart } from '../model/verdict';
import type { Answer, CriterionEvidence, Framework } from './types';

/** Share of a criterion's points each answer earns: yes all, partly half, no and unknown nothing. */
export const ANSWER_SHARE: Readonly<Record<Answer, number>> = { yes: 1, partly: 0.5, no: 0, unknown: 0 };

/**
 * Whole points per criterion, equal as whole numbers allow and summing to exactly 100: 100 / n rounded down,
 * and the points left over go one each to the first criteria in the framework's order (MEDDICC's seven:
 * 15, 15, 14, 14, 14, 14, 14). Whole points keep every part readable; partly then earns half, so every part and
 * the total are multiples of 0.5, exact in floating point — the parts always add up to the value shown.
 */
export function criterionWeights(framework: Pick<Framework, 'criteria'>): Record<string, number> {
  const count = framework.criteria.length;
  const base = Math.floor(100 / count);
  const extra = 100 - base * count;
  return Object.fromEntries(framework.criteria.map((criterion, index) => [criterion.id, base + (index < extra ? 1 : 0)]));
}

/**
 * Qualification score 0–100: one part per criterion of the framework, in its order, whatever the stage (the stage
 * decides what is required, not what qualification is worth). A criterion without evidence is a part of 0 points,
 * so the list shows what is missing as well as what earned points.
 *
 * Part: `{ id: criterionId, points, messageId, data: { criterion, answer, source, max, via } }` — messageId is
 * 'qualification_part', or 'qualification_part_via' when the evidence was recorded for an equivalent criterion
 * (`via` names it; '' otherwise); `max` is the criterion's weight.
 */
export function qualificationScore(framework: Pick<Framework, 'criteria'>, evidence: Readonly<Record<string, CriterionEvidence>>): Score {
  const weights = criterionWeights(framework);
  const parts: ScorePart[] = framework.criteria.map((criterion) => {
    const found = evidence[criterion.id];
    const answer: Answer = found?.answer ?? 'unknown';
    const source = found?.source ?? 'none';
    const max = weights[criterion.id]!;
    return {
      id: criterion.id,
      points: max * ANSWER_SHARE[answer],
      messageId: found?.via ? 'qualification_part_via' : 'qualification_part',
      data: { criterion: criterion.id, answer, source, max, via: found?.via ?? '' },
    };
  });
  const value = parts.reduce((sum, part) => sum + part.points, 0);
  return { value: Math.max(0, Math.min(100, value)), parts };
}
