import { z } from 'zod';
import { fieldValueSchema } from './field';

export const CANONICAL_STAGES = ['prospect', 'qualify', 'develop', 'propose', 'commit', 'won', 'lost'] as const;
export const canonicalStageSchema = z.enum(CANONICAL_STAGES);
export type CanonicalStage = z.infer<typeof canonicalStageSchema>;

export const CRM_IDS = ['salesforce', 'hubspot', 'pipedrive', 'dynamics', 'zoho', 'generic'] as const;
export const crmIdSchema = z.enum(CRM_IDS);
export type CrmId = z.infer<typeof crmIdSchema>;

/** Calendar dates are kept as ISO `YYYY-MM-DD`: a close date has no time zone. */
export const isoDateSchema = z.iso.date();
/** Timestamps (last modified) as ISO date-time strings. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true, local: true });

const text = z.string().max(2000);

export const moneySchema = z.object({
  value: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/).nullable(),
});
export type Money = z.infer<typeof moneySchema>;

export const stageSchema = z.object({ label: text, canonical: canonicalStageSchema.nullable() });
export type Stage = z.infer<typeof stageSchema>;

export const nextStepSchema = z.object({ text, date: isoDateSchema.nullable() });
export type NextStep = z.infer<typeof nextStepSchema>;

export const contactsSchema = z.object({ count: z.number().int().nonnegative(), roles: z.array(text).max(200) });

export const dealFieldsSchema = z.object({
  name: fieldValueSchema(text),
  amount: fieldValueSchema(moneySchema),
  stage: fieldValueSchema(stageSchema),
  probability: fieldValueSchema(z.number().min(0).max(100)),
  forecastCategory: fieldValueSchema(text),
  closeDate: fieldValueSchema(isoDateSchema),
  createdDate: fieldValueSchema(isoDateSchema),
  lastActivityDate: fieldValueSchema(isoDateSchema),
  lastModifiedDate: fieldValueSchema(isoDateSchema),
  nextStep: fieldValueSchema(nextStepSchema),
  owner: fieldValueSchema(text),
  contacts: fieldValueSchema(contactsSchema),
  qualification: fieldValueSchema(z.record(z.string().max(100), text)),
});
export type DealFields = z.infer<typeof dealFieldsSchema>;
export type FieldName = keyof DealFields;
export const FIELD_NAMES = Object.keys(dealFieldsSchema.shape) as FieldName[];

export const dealKeySchema = z.string().min(3).max(300);

export const dealSnapshotSchema = z.object({
  /** crm + org host + record id: stable across visits. */
  key: dealKeySchema,
  crm: crmIdSchema,
  url: z.string().url().max(4000),
  capturedAt: isoDateTimeSchema,
  source: z.enum(['page', 'api']),
  fields: dealFieldsSchema,
});
export type DealSnapshot = z.infer<typeof dealSnapshotSchema>;

export function dealKey(crm: CrmId, host: string, recordId: string): string {
  return `${crm}:${host.toLowerCase()}:${recordId}`;
}
