import { z } from 'zod';
import { dealKeySchema } from './deal';
import { SEVERITIES } from './severity';

/** A verdict's schemas; severities and their order live in the zod-free src/model/severity.ts, re-exported here. */
export { SEVERITIES, severityRank, worstSeverity, type Severity } from './severity';

export const severitySchema = z.enum(SEVERITIES);

const messageData = z.record(z.string(), z.union([z.string(), z.number()]));

export const findingSchema = z.object({
  ruleId: z.string(),
  messageId: z.string(),
  data: messageData,
  /** The deal field the badge is drawn next to. */
  field: z.string().optional(),
  severity: severitySchema,
});
export type Finding = z.infer<typeof findingSchema>;

export const cannotCheckSchema = z.object({
  ruleId: z.string(),
  /** Fields the rule needed that the page did not let us read. */
  fields: z.array(z.string()),
});
export type CannotCheck = z.infer<typeof cannotCheckSchema>;

export const scorePartSchema = z.object({
  /** What the part is about: a rule id, or a named component of the score. */
  id: z.string(),
  /** Points this part takes away (negative) or gives. */
  points: z.number(),
  messageId: z.string(),
  data: messageData,
});
export type ScorePart = z.infer<typeof scorePartSchema>;

export const scoreSchema = z.object({
  value: z.number().min(0).max(100),
  parts: z.array(scorePartSchema),
});
export type Score = z.infer<typeof scoreSchema>;

export const verdictSchema = z.object({
  dealKey: dealKeySchema,
  computedAt: z.string(),
  findings: z.array(findingSchema),
  cannotCheck: z.array(cannotCheckSchema),
  hygiene: scoreSchema,
  /** Qualification evidence comes with the qualification issue; null until a framework is scored. */
  qualification: scoreSchema.nullable(),
  /** Findings a rep snoozed: still shown (greyed), not counted in the score or the toolbar badge. */
  snoozed: z.array(findingSchema.extend({ until: z.string(), reason: z.string() })).default([]),
});
export type Verdict = z.infer<typeof verdictSchema>;
