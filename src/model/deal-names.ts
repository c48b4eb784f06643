/**
 * The zod-free half of src/model/deal.ts (which re-exports it and holds the schemas): the names adapters and the
 * content script need at run time — canonical stages, CRM ids, deal field names, deal keys — without loading zod
 * classic into every CRM page (issue #6, content-script size).
 */

export const CANONICAL_STAGES = ['prospect', 'qualify', 'develop', 'propose', 'commit', 'won', 'lost'] as const;
export type CanonicalStage = (typeof CANONICAL_STAGES)[number];

export const CRM_IDS = ['salesforce', 'hubspot', 'pipedrive', 'dynamics', 'zoho', 'generic'] as const;
export type CrmId = (typeof CRM_IDS)[number];

const FIELD_NAME_LIST = [
  'name',
  'amount',
  'stage',
  'probability',
  'forecastCategory',
  'closeDate',
  'createdDate',
  'lastActivityDate',
  'lastModifiedDate',
  'nextStep',
  'owner',
  'contacts',
  'qualification',
] as const;
/** A deal field; equal to `keyof DealFields` (src/model/deal.ts checks it at compile time). */
export type FieldName = (typeof FIELD_NAME_LIST)[number];
/** Every deal field, in the order of `dealFieldsSchema` (a test keeps the two equal). */
export const FIELD_NAMES: FieldName[] = [...FIELD_NAME_LIST];

/** crm + org host + record id: stable across visits. */
export function dealKey(crm: CrmId, host: string, recordId: string): string {
  return `${crm}:${host.toLowerCase()}:${recordId}`;
}
