import { z } from 'zod';
import { fieldValueSchema } from './field';
import { CANONICAL_STAGES, CRM_IDS, type FieldName } from './deal-names';

/**
 * The deal snapshot's schemas. The names the content script needs at run time (stages, CRM ids, field names,
 * `dealKey`) live in the zod-free src/model/deal-names.ts and are re-exported here.
 */
export { CANONICAL_STAGES, CRM_IDS, FIELD_NAMES, dealKey, type CanonicalStage, type CrmId, type FieldName } from './deal-names';

export const canonicalStageSchema = z.enum(CANONICAL_STAGES);
export const crmIdSchema = z.enum(CRM_IDS);

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
/** FieldName (deal-names.ts) must be exactly the schema's fields: this stops compiling when they differ. */
export type FieldNamesMatchSchema = MustBeTrue<[FieldName, keyof DealFields] extends [keyof DealFields, FieldName] ? true : false>;
type MustBeTrue<T extends true> = T;

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
