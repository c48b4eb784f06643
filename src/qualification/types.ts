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

export const frameworkSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/),
  name: z.string().min(1).max(100),
  criteria: z.array(criterionSchema).min(1).max(30),
  /** Criterion ids each open stage requires (cumulative: later stages list everything earlier ones need). */
  requiredByStage: requiredByStageSchema,
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
  text: string;
}

/** Everything rules need to know about a deal's qualification. */
export interface QualificationContext {
  framework: Framework;
  record: QualificationRecord | null;
  evidence: Record<string, CriterionEvidence>;
  /** Required criteria for the deal's current stage that are not answered yes (or partly, for early stages). */
  missingRequired: string[];
  /** Criteria the current stage requires; empty when the stage is unknown or closed. */
  required: string[];
  score: Score;
}
