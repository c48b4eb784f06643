import { z } from 'zod';
import type { OpenStage } from '../rules/stage';
import type { Score } from '../model/verdict';

/** Text in every language the UI ships. */
export const localizedSchema = z.object({ en: z.string().min(1).max(1000), da: z.string().min(1).max(1000) });
export type Localized = z.infer<typeof localizedSchema>;

export const ANSWERS = ['yes', 'partly', 'no', 'unknown'] as const;
export const answerSchema = z.enum(ANSWERS);
export type Answer = z.infer<typeof answerSchema>;

export const criterionSchema = z.object({
  /** Stable id, e.g. 'economic-buyer'. Criteria of different frameworks that mean the same share an id. */
  id: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/),
  label: localizedSchema,
  /** What the rep asks on a call. */
  questions: z.object({ en: z.array(z.string().min(1)).min(1), da: z.array(z.string().min(1)).min(1) }),
  /** What counts as evidence that the criterion is met. */
  evidence: localizedSchema,
  /** CRM field names or labels (lower-case, any language) that commonly hold this criterion. */
  fieldHints: z.array(z.string().min(1)).default([]),
});
export type Criterion = z.infer<typeof criterionSchema>;

const criterionIds = z.array(z.string());
export const requiredByStageSchema = z.object({
  prospect: criterionIds,
  qualify: criterionIds,
  develop: criterionIds,
  propose: criterionIds,
  commit: criterionIds,
});
export type RequiredByStage = Record<OpenStage, string[]>;

/** Per-stage replacements for a framework's requirements (settings overrides): a stage left out keeps its default. */
export const partialRequiredByStageSchema = requiredByStageSchema.partial().strict();
export type PartialRequiredByStage = Partial<RequiredByStage>;

export const frameworkSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/),
    name: z.string().min(1).max(100),
    criteria: z.array(criterionSchema).min(1).max(30),
    /**
     * Criterion ids each open stage requires. Read as cumulative: a stage also requires everything an earlier
     * stage does (resolveFramework and buildQualificationContext add it), so a custom framework may list only what
     * each stage adds. The built-in frameworks spell every stage out in full.
     */
    requiredByStage: requiredByStageSchema,
  })
  .superRefine((framework, context) => {
    const ids = new Set<string>();
    framework.criteria.forEach((criterion, index) => {
      if (ids.has(criterion.id)) {
        context.addIssue({ code: 'custom', path: ['criteria', index, 'id'], message: `"${criterion.id}" is used by another criterion of this framework` });
      }
      ids.add(criterion.id);
    });
    for (const [stage, required] of Object.entries(framework.requiredByStage)) {
      required.forEach((id, index) => {
        if (!ids.has(id)) {
          context.addIssue({ code: 'custom', path: ['requiredByStage', stage, index], message: `"${id}" is not a criterion of this framework` });
        }
      });
    }
  });
export type Framework = z.infer<typeof frameworkSchema>;

/** One answer a rep gave in quick-qualify. */
export const qualificationAnswerSchema = z.object({
  answer: answerSchema,
  note: z.string().max(2000).default(''),
  answeredAt: z.string(),
});
export type QualificationAnswer = z.infer<typeof qualificationAnswerSchema>;

/** What the rep recorded for one deal in quick-qualify (stored per deal in IndexedDB). */
export const qualificationRecordSchema = z.object({
  dealKey: z.string().min(3).max(300),
  /** Deal name when the page could not be read: a rep can still qualify a deal by name. */
  dealName: z.string().max(300).optional(),
  frameworkId: z.string(),
  answers: z.record(z.string(), qualificationAnswerSchema).default({}),
  /** Internal effort spent on the deal so far. */
  effort: z.object({ people: z.number().int().min(0).max(1000), hours: z.number().min(0).max(100_000) }).nullable().default(null),
  /** Has someone from our management met the customer? null: not recorded. */
  managementMet: z.boolean().nullable().default(null),
  updatedAt: z.string(),
});
export type QualificationRecord = z.infer<typeof qualificationRecordSchema>;

/** Where the evidence for a criterion came from. */
export interface CriterionEvidence {
  criterionId: string;
  /** 'rep': a quick-qualify answer (wins when given); 'crm': a CRM field named after the criterion had text. */
  source: 'rep' | 'crm' | 'none';
  answer: Answer;
  /** The rep's note, or the CRM field's text; '' when there is no evidence. */
  text: string;
  /**
   * Set when the evidence was recorded for an equivalent criterion (EQUIVALENT_CRITERIA in frameworks.ts), e.g.
   * BANT's 'authority' met by an 'economic-buyer' answer: the id the evidence was recorded under.
   */
  via?: string;
}

/** Everything rules need to know about a deal's qualification. */
/** Built by buildQualificationContext (context.ts), which documents every rule below. */
export interface QualificationContext {
  /** The framework with the settings' overrides applied and its requirements cumulative. */
  framework: Framework;
  record: QualificationRecord | null;
  /** One entry per criterion of the framework (source 'none' when nothing was found). */
  evidence: Record<string, CriterionEvidence>;
  /** Required criteria for the deal's current stage that are not answered yes ('partly' meets prospect and qualify only). */
  missingRequired: string[];
  /** Criteria the current stage requires, in the framework's order; empty when the stage is unread, blank, unmapped or closed. */
  required: string[];
  /** 0–100, one part per criterion (qualificationScore in score.ts): the parts add up to the value. */
  score: Score;
}
