import { z } from 'zod';
import type { DealFields, DealSnapshot } from '../model/deal';
import { known } from '../model/field';
import {
  apiSnapshot,
  currencyCode,
  dateField,
  eventsToSnapshots,
  moneyField,
  notInApi,
  numberField,
  stageValue,
  textField,
  type ApiRequest,
  type ConvertContext,
  type FieldEvent,
} from './common';

/**
 * Salesforce precise mode: the REST API with the user's own session.
 *
 * Shapes, from the Salesforce REST API Developer Guide and the Object Reference:
 * - "Get Field Values from a Standard Object Record" — GET /services/data/vXX.X/sobjects/Opportunity/<id> answers the
 *   record's fields by API name plus `attributes: {type, url}`; `CurrencyIsoCode` exists only in multi-currency orgs.
 * - "Execute a SOQL Query" — GET /services/data/vXX.X/query?q=… answers `{totalSize, done, records: [{attributes, …}]}`;
 *   a parent relationship is an object (`Owner: {attributes, Name}`), a child subquery `{totalSize, done, records}` or null.
 * - OpportunityHistory (Object Reference): one row per change of stage, amount, probability, close date or forecast
 *   category, each holding the whole state after the change: StageName, Amount, Probability, CloseDate (date),
 *   ForecastCategory, CreatedDate (date-time, "2026-06-02T14:03:11.000+0000").
 * - OpportunityContactRole: Role (picklist, may be null), IsPrimary, ContactId, Contact.Name.
 * - Errors (REST API "Status Codes and Error Responses"): `[{"message": "...", "errorCode": "INVALID_SESSION_ID"}]`;
 *   API_DISABLED_FOR_ORG, API_CURRENTLY_DISABLED, INSUFFICIENT_ACCESS — classified in client.ts.
 *
 * Why `toLabel()`: the sobject answers picklists by API value ("Proposal/Price Quote"), the page shows the user's
 * translated label ("Forslag/prisoverslag"); stage changes are compared by label, so the labels come from SOQL's
 * toLabel() to match what the page shows (and the stage mapping the user set up for those labels).
 */

export const SALESFORCE_API_VERSION = 'v61.0';

const attributes = z.object({ type: z.string(), url: z.string().optional() }).loose();
const sfDate = z.string().nullable().optional();
const sfNumber = z.number().nullable().optional();

export const salesforceOpportunitySchema = z
  .object({
    attributes: attributes.optional(),
    Id: z.string(),
    Name: z.string().nullable().optional(),
    Amount: sfNumber,
    CurrencyIsoCode: z.string().nullable().optional(),
    StageName: z.string().nullable().optional(),
    Probability: sfNumber,
    ForecastCategoryName: z.string().nullable().optional(),
    CloseDate: sfDate,
    CreatedDate: sfDate,
    LastActivityDate: sfDate,
    LastModifiedDate: sfDate,
    NextStep: z.string().nullable().optional(),
  })
  .loose();

export const soqlResponse = <T extends z.ZodType>(record: T) =>
  z.object({ totalSize: z.number().int().nonnegative(), done: z.boolean(), records: z.array(record), nextRecordsUrl: z.string().optional() }).loose();

export const salesforceContactRoleSchema = z
  .object({
    attributes: attributes.optional(),
    Role: z.string().nullable().optional(),
    IsPrimary: z.boolean().optional(),
    ContactId: z.string().nullable().optional(),
    Contact: z.object({ Name: z.string().nullable().optional() }).loose().nullable().optional(),
  })
  .loose();

/** The labels query: translated picklist labels, the owner's name and the contact roles. */
export const salesforceLabelsSchema = soqlResponse(
  z
    .object({
      Id: z.string(),
      StageName: z.string().nullable().optional(),
      ForecastCategoryName: z.string().nullable().optional(),
      Owner: z.object({ Name: z.string().nullable().optional() }).loose().nullable().optional(),
      OpportunityContactRoles: soqlResponse(salesforceContactRoleSchema).nullable().optional(),
    })
    .loose(),
);

export const salesforceHistoryRowSchema = z
  .object({
    StageName: z.string().nullable().optional(),
    CloseDate: sfDate,
    Amount: sfNumber,
    Probability: sfNumber,
    ForecastCategory: z.string().nullable().optional(),
    CreatedDate: z.string(),
  })
  .loose();
export const salesforceHistorySchema = soqlResponse(salesforceHistoryRowSchema);

export interface SalesforcePayloads {
  opportunity: z.infer<typeof salesforceOpportunitySchema>;
  labels?: z.infer<typeof salesforceLabelsSchema>;
  history?: z.infer<typeof salesforceHistorySchema>;
}

export const salesforcePayloadSchemas = { opportunity: salesforceOpportunitySchema, labels: salesforceLabelsSchema, history: salesforceHistorySchema };

/** Lightning's host → the org's API host: `acme.lightning.force.com` → `acme.my.salesforce.com` (sandboxes alike). */
export function salesforceApiHost(lightningHost: string): string | null {
  const match = /^([a-z0-9-]+(?:--[a-z0-9-]+)?)(\.sandbox)?\.lightning\.force\.com$/i.exec(lightningHost);
  return match ? `${match[1]!.toLowerCase()}${match[2] ? '.sandbox' : ''}.my.salesforce.com` : null;
}

/** Record ids are 15 or 18 characters of [A-Za-z0-9]; anything else never reaches a SOQL string. */
const RECORD_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/**
 * The three GETs of one read. The `sid` cookie is the session; it goes as a Bearer token to the org's
 * my.salesforce.com host directly, since a redirect from another host would drop the Authorization header.
 */
export function salesforceRequests(apiHost: string, recordId: string, sessionId: string): ApiRequest[] {
  if (!RECORD_ID.test(recordId)) throw new Error('not a Salesforce record id');
  const base = `https://${apiHost}/services/data/${SALESFORCE_API_VERSION}`;
  const headers = { Authorization: `Bearer ${sessionId}`, Accept: 'application/json' };
  const query = (soql: string) => `${base}/query?q=${encodeURIComponent(soql)}`;
  return [
    { name: 'opportunity', url: `${base}/sobjects/Opportunity/${recordId}`, headers, credentials: 'omit' },
    {
      name: 'labels',
      url: query(
        `SELECT Id, toLabel(StageName), toLabel(ForecastCategoryName), Owner.Name, (SELECT Role, IsPrimary, ContactId, Contact.Name FROM OpportunityContactRoles) FROM Opportunity WHERE Id = '${recordId}'`,
      ),
      headers,
      credentials: 'omit',
      optional: true,
    },
    {
      name: 'history',
      url: query(
        `SELECT toLabel(StageName), CloseDate, Amount, Probability, toLabel(ForecastCategory), CreatedDate FROM OpportunityHistory WHERE OpportunityId = '${recordId}' ORDER BY CreatedDate ASC`,
      ),
      headers,
      credentials: 'omit',
      optional: true,
    },
  ];
}

/** "2026-06-02T14:03:11.000+0000" → a time `Date.parse` reads everywhere ("+00:00"). */
export const salesforceDateTime = (value: string) => value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');

function contactsField(labels: SalesforcePayloads['labels']): DealFields['contacts'] {
  const row = labels?.records[0];
  if (!row) return notInApi('contact roles');
  const roles = row.OpportunityContactRoles?.records ?? [];
  const names = [...new Set(roles.map((role) => role.Role?.trim()).filter((role): role is string => Boolean(role)))];
  const count = row.OpportunityContactRoles?.totalSize ?? 0;
  return known({ count, roles: names }, `${count} contact roles`);
}

export function toSnapshot(payloads: SalesforcePayloads, context: ConvertContext): DealSnapshot {
  const record = payloads.opportunity;
  const label = payloads.labels?.records[0];
  const stageLabel = label?.StageName ?? record.StageName;
  const forecast = label?.ForecastCategoryName ?? record.ForecastCategoryName;
  const owner = label?.Owner?.Name;
  const fields: DealFields = {
    name: textField(record.Name),
    amount: moneyField(record.Amount, currencyCode(record.CurrencyIsoCode)),
    stage: stageLabel ? stageValue(stageLabel, context, record.StageName ?? stageLabel) : { state: 'empty', raw: '' },
    probability: numberField(record.Probability, (n) => n >= 0 && n <= 100),
    forecastCategory: textField(forecast),
    closeDate: dateField(record.CloseDate),
    createdDate: dateField(record.CreatedDate),
    lastActivityDate: dateField(record.LastActivityDate),
    lastModifiedDate: dateField(record.LastModifiedDate),
    // Salesforce's Next Step is a text field without a date.
    nextStep: record.NextStep?.trim() ? known({ text: record.NextStep.trim().slice(0, 2000), date: null }, record.NextStep) : { state: 'empty', raw: '' },
    owner: owner === undefined ? notInApi('owner') : textField(owner),
    contacts: contactsField(payloads.labels),
    qualification: notInApi('qualification'),
  };
  return apiSnapshot('salesforce', context, fields);
}

/**
 * OpportunityHistory → snapshots at each change. Every row is the full state after the change, so each row sets all
 * five fields it carries. The amount's currency is the record's (OpportunityHistory has no currency of its own).
 */
export function toHistory(payloads: SalesforcePayloads, context: ConvertContext): DealSnapshot[] {
  const currency = currencyCode(payloads.opportunity.CurrencyIsoCode);
  const events: FieldEvent[] = (payloads.history?.records ?? []).map((row) => {
    const fields: Partial<DealFields> = {
      closeDate: dateField(row.CloseDate),
      amount: moneyField(row.Amount, currency),
      probability: numberField(row.Probability, (n) => n >= 0 && n <= 100),
      forecastCategory: textField(row.ForecastCategory),
    };
    if (row.StageName) fields.stage = stageValue(row.StageName, context);
    return { at: salesforceDateTime(row.CreatedDate), fields };
  });
  return eventsToSnapshots('salesforce', context, events);
}
