import type { DealSnapshot } from '../model/deal';
import { openStageOf, type OpenStage } from '../rules/stage';
import { applyRequiredOverrides, equivalentsOf } from './frameworks';
import { crmAnswer } from './field-criteria';
import { qualificationScore } from './score';
import type { Answer, CriterionEvidence, Framework, PartialRequiredByStage, QualificationContext, QualificationRecord } from './types';

/** How a CRM field's text reads as an answer: in the zod-free src/qualification/field-criteria.ts (adapters use it). */
export { crmAnswer } from './field-criteria';

/**
 * Stages where a 'partly' answer meets a requirement. Early on, "we have heard about the pain but not put a
 * number on it" is what qualification looks like; from develop on the deal is being worked and forecast, and
 * half-known is not known. Prospect requires nothing by default, so in practice this is qualify (and any
 * requirements a team adds to prospect).
 */
export const PARTLY_MEETS_IN: readonly OpenStage[] = ['prospect', 'qualify'];

/** Whether an answer meets a requirement of that stage. */
export function meetsRequirement(answer: Answer, stage: OpenStage): boolean {
  return answer === 'yes' || (answer === 'partly' && PARTLY_MEETS_IN.includes(stage));
}

export interface BuildQualificationInput {
  /** Usually from resolveFramework(settings), which has the settings' overrides applied. */
  framework: Framework;
  /** The rep's quick-qualify answers for this deal, if any. */
  record: QualificationRecord | null;
  /** The deal as read; null when the rep qualifies a deal by name because the page could not be read. */
  deal: DealSnapshot | null;
  /** Replaces some stages' requirements (on top of the framework's); requirements stay cumulative. */
  requiredOverride?: PartialRequiredByStage;
}

/**
 * Everything rules need about a deal's qualification.
 *
 * Evidence per criterion of the framework, first that applies:
 * 1. the rep's quick-qualify answer for the criterion (any answer, 'unknown' too: the rep said so), note as text;
 * 2. the CRM field for the criterion (`fields.qualification[id]`): filled in → 'yes', an explicit no → 'no' (crmAnswer);
 * 3. evidence recorded for an equivalent criterion (EQUIVALENT_CRITERIA), rep answers before CRM fields, an answer
 *    of 'unknown' skipped; `via` names the id;
 * 4. none: `{ source: 'none', answer: 'unknown', text: '' }`.
 * The rep's answers are used whichever framework they were given under (`record.frameworkId`): ids are shared
 * between frameworks exactly when they mean the same.
 *
 * `required`: the current canonical stage's requirements; none when the stage is unread, blank, unmapped, won or lost.
 * `missingRequired`: required criteria whose answer does not meet the stage (meetsRequirement: yes, or partly in
 * prospect and qualify). `framework` is returned with `requiredOverride` applied and cumulative.
 */
export function buildQualificationContext({ framework, record, deal, requiredOverride }: BuildQualificationInput): QualificationContext {
  const resolved = applyRequiredOverrides(framework, requiredOverride);
  const crmFields = crmQualificationFields(deal);
  const answers = record?.answers ?? {};

  const fromRep = (id: string): CriterionEvidence | null => {
    const given = Object.hasOwn(answers, id) ? answers[id] : undefined;
    return given ? { criterionId: id, source: 'rep', answer: given.answer, text: given.note.trim() } : null;
  };
  const fromCrm = (id: string): CriterionEvidence | null => {
    const text = crmFields.get(id);
    const answer = text === undefined ? null : crmAnswer(text);
    return answer ? { criterionId: id, source: 'crm', answer, text: text!.trim() } : null;
  };

  const evidence: Record<string, CriterionEvidence> = {};
  for (const { id } of resolved.criteria) {
    evidence[id] = fromRep(id) ?? fromCrm(id) ?? viaEquivalent(id, fromRep, fromCrm) ?? { criterionId: id, source: 'none', answer: 'unknown', text: '' };
  }

  const stage = deal ? openStageOf(deal.fields.stage) : null;
  const required = stage ? resolved.requiredByStage[stage] : [];
  const missingRequired = stage ? required.filter((id) => !meetsRequirement(evidence[id]?.answer ?? 'unknown', stage)) : [];

  return { framework: resolved, record, evidence, missingRequired, required, score: qualificationScore(resolved, evidence) };
}

function viaEquivalent(
  id: string,
  fromRep: (id: string) => CriterionEvidence | null,
  fromCrm: (id: string) => CriterionEvidence | null,
): CriterionEvidence | null {
  for (const lookup of [fromRep, fromCrm]) {
    for (const other of equivalentsOf(id)) {
      const found = lookup(other);
      if (found && found.answer !== 'unknown') return { ...found, criterionId: id, via: other };
    }
  }
  return null;
}

/** Criterion id (trimmed, lower-cased) → the CRM field's text; empty when the page had no qualification fields. */
function crmQualificationFields(deal: DealSnapshot | null): Map<string, string> {
  const fields = new Map<string, string>();
  const read = deal?.fields.qualification;
  if (read?.state !== 'value') return fields;
  for (const [key, text] of Object.entries(read.value)) {
    const id = key.trim().toLowerCase();
    // Two keys that normalise alike: keep the one with text.
    if (!fields.get(id)?.trim()) fields.set(id, text);
  }
  return fields;
}
