import { z } from 'zod';
import type { DealFields, DealSnapshot } from '../model/deal';
import { known, type FieldValue } from '../model/field';
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
 * Dynamics 365 precise mode: the same-origin Dataverse Web API, authenticated by the session cookie.
 *
 * Shapes, from Microsoft Learn (Dataverse Web API: "Retrieve a table row", "Include formatted values",
 * "opportunity EntityType", "Audit data changes", "RetrieveRecordChangeHistory Function"):
 * - GET /api/data/v9.2/opportunities(<guid>)?$select=…&$expand=transactioncurrencyid($select=isocurrencycode) with
 *   `Prefer: odata.include-annotations="*"` → the columns by logical name, each formatted value beside its column as
 *   `<column>@OData.Community.Display.V1.FormattedValue`, lookups as `_<name>_value` (+ the formatted name);
 *   `estimatedclosedate` is date-only ("2026-11-15"), `createdon`/`modifiedon` UTC date-times.
 * - GET /api/data/v9.2/RetrieveRecordChangeHistory(Target=@target,PagingInfo=@paginginfo)?@target={'@odata.id':
 *   'opportunities(<guid>)'}&@paginginfo={"PageNumber":1,"Count":…,"ReturnTotalRecordCount":false} →
 *   `{AuditDetailCollection: {MoreRecords, PagingCookie, TotalRecordCount, AuditDetails: [{'@odata.type':
 *   '#Microsoft.Dynamics.CRM.AttributeAuditDetail', OldValue: {<column>: …}, NewValue: {<column>: …},
 *   AuditRecord: {auditid, createdon, operation, action, …}}]}}`; OldValue/NewValue hold only the changed columns.
 *   Answered only where auditing is on for the org and the table; otherwise an error, and the read goes on without it.
 * - Paging of that function ("Retrieve the history of audited data changes", RetrieveRecordChangeHistory message):
 *   not `@odata.nextLink` — a function's complex-type answer has none — but the `PagingInfo` parameter: while
 *   `MoreRecords`, ask for `PageNumber` + 1 with `PagingCookie` set to the answer's `PagingCookie`. An answer that
 *   does carry `@odata.nextLink` (the Web API's generic paging of collections) is followed as it is.
 *   That page's example answer carries no `AuditRecord` (and notes it), while integrations in the wild read
 *   `AuditRecord.createdon` from the same call: a detail without a time is left out of the history, not guessed.
 * - Errors: `{error: {code: "0x80040220", message}}` with the HTTP status.
 */

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

export const dynamicsOpportunitySchema = z
  .object({
    opportunityid: z.string(),
    name: z.string().nullable().optional(),
    estimatedvalue: z.number().nullable().optional(),
    stepname: z.string().nullable().optional(),
    closeprobability: z.number().nullable().optional(),
    msdyn_forecastcategory: z.number().nullable().optional(),
    estimatedclosedate: z.string().nullable().optional(),
    createdon: z.string().nullable().optional(),
    modifiedon: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    transactioncurrencyid: z.object({ isocurrencycode: z.string().nullable().optional() }).loose().nullable().optional(),
  })
  .catchall(z.unknown());

const auditValues = z.record(z.string(), z.unknown()).nullable().optional();
export const dynamicsAuditSchema = z
  .object({
    '@odata.nextLink': z.string().optional(),
    AuditDetailCollection: z
      .object({
        MoreRecords: z.boolean().optional(),
        PagingCookie: z.string().nullable().optional(),
        TotalRecordCount: z.number().optional(),
        AuditDetails: z.array(
          z
            .object({
              '@odata.type': z.string().optional(),
              OldValue: auditValues,
              NewValue: auditValues,
              AuditRecord: z.object({ createdon: z.string().optional(), operation: z.number().optional() }).loose().nullable().optional(),
            })
            .loose(),
        ),
      })
      .loose(),
  })
  .loose();
type DynamicsAudit = z.infer<typeof dynamicsAuditSchema>;

export interface DynamicsPayloads {
  opportunity: z.infer<typeof dynamicsOpportunitySchema>;
  audit?: z.infer<typeof dynamicsAuditSchema>;
}
export const dynamicsPayloadSchemas = { opportunity: dynamicsOpportunitySchema, audit: dynamicsAuditSchema };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DYNAMICS_COLUMNS = [
  'name',
  'estimatedvalue',
  'stepname',
  'closeprobability',
  'msdyn_forecastcategory',
  'estimatedclosedate',
  'createdon',
  'modifiedon',
  '_ownerid_value',
  '_stageid_value',
] as const;

/** Audit details per page, and pages at most: a record with more than 5,000 audited changes keeps its newest. */
export const DYNAMICS_AUDIT_PAGE_SIZE = 500;
export const DYNAMICS_AUDIT_MAX_PAGES = 10;

interface AuditPaging {
  PageNumber: number;
  Count: number;
  ReturnTotalRecordCount: boolean;
  PagingCookie?: string;
}

/** The audit history URL for one page. Parameter aliases are written by hand: URLSearchParams would encode the `@`. */
export function dynamicsAuditUrl(origin: string, recordId: string, paging: AuditPaging): string {
  const target = encodeURIComponent(`{'@odata.id':'opportunities(${recordId})'}`);
  return `${origin}/api/data/v9.2/RetrieveRecordChangeHistory(Target=@target,PagingInfo=@paginginfo)?@target=${target}&@paginginfo=${encodeURIComponent(JSON.stringify(paging))}`;
}

const auditPagingSchema = z.object({ PageNumber: z.number().int().positive(), Count: z.number().int().positive() }).loose();

/** The next audit page after `page`, read from `url` (see the paging notes at the top). */
export function dynamicsAuditNextUrl(page: DynamicsAudit, url: string): string | null {
  if (page['@odata.nextLink']) return page['@odata.nextLink'];
  const collection = page.AuditDetailCollection;
  if (!collection.MoreRecords || !collection.PagingCookie) return null;
  const current = new URL(url);
  const id = /opportunities\(([0-9a-f-]{36})\)/i.exec(current.searchParams.get('@target') ?? '')?.[1];
  let paging: z.infer<typeof auditPagingSchema> | null = null;
  try {
    const parsed = auditPagingSchema.safeParse(JSON.parse(current.searchParams.get('@paginginfo') ?? 'null'));
    paging = parsed.success ? parsed.data : null;
  } catch {
    paging = null;
  }
  if (!id || !paging) return null;
  return dynamicsAuditUrl(current.origin, id, { PageNumber: paging.PageNumber + 1, Count: paging.Count, ReturnTotalRecordCount: false, PagingCookie: collection.PagingCookie });
}

/** The audit pages as one answer: every page's details, the last page's paging state. */
export function combineDynamicsAudit(pages: readonly DynamicsAudit[]): DynamicsAudit {
  const last = pages.at(-1)!;
  return { ...last, AuditDetailCollection: { ...last.AuditDetailCollection, AuditDetails: pages.flatMap((page) => page.AuditDetailCollection.AuditDetails) } };
}

export function dynamicsRequests(host: string, recordId: string): ApiRequest[] {
  if (!GUID.test(recordId)) throw new Error('not a Dynamics record id');
  const id = recordId.toLowerCase();
  const headers = {
    Accept: 'application/json',
    'OData-MaxVersion': '4.0',
    'OData-Version': '4.0',
    Prefer: 'odata.include-annotations="*"',
  };
  const base = `https://${host}/api/data/v9.2`;
  const select = `$select=${DYNAMICS_COLUMNS.join(',')}&$expand=transactioncurrencyid($select=isocurrencycode)`;
  return [
    { name: 'opportunity', url: `${base}/opportunities(${id})?${select}`, headers, credentials: 'include' },
    {
      name: 'audit',
      url: dynamicsAuditUrl(`https://${host}`, id, { PageNumber: 1, Count: DYNAMICS_AUDIT_PAGE_SIZE, ReturnTotalRecordCount: false }),
      headers,
      credentials: 'include',
      optional: true,
      paging: {
        next: (page, url) => dynamicsAuditNextUrl(page as DynamicsAudit, url),
        combine: (pages) => combineDynamicsAudit(pages as DynamicsAudit[]),
        maxPages: DYNAMICS_AUDIT_MAX_PAGES,
      },
    },
  ];
}

const formatted = (record: Record<string, unknown>, column: string): string | undefined => {
  const value = record[`${column}${FORMATTED}`];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The Pipeline Phase (stepname) is written by the sales process as "3-Propose"; the form's business process flow shows
 * "Propose". Stage changes compare labels, so the number is dropped to match the page.
 */
const phaseLabel = (stepname: string) => stepname.replace(/^\s*\d+\s*-\s*/, '').trim();

function stageField(stepname: unknown, context: ConvertContext, fallback?: string): DealFields['stage'] {
  const label = typeof stepname === 'string' && stepname.trim() ? phaseLabel(stepname) : fallback;
  return label ? stageValue(label, context, typeof stepname === 'string' ? stepname : label) : { state: 'empty', raw: '' };
}

export function toSnapshot(payloads: DynamicsPayloads, context: ConvertContext): DealSnapshot {
  const record = payloads.opportunity;
  const currency = currencyCode(record.transactioncurrencyid?.isocurrencycode);
  const owner = formatted(record, '_ownerid_value');
  const forecast = formatted(record, 'msdyn_forecastcategory');
  const fields: DealFields = {
    name: textField(record.name),
    amount: moneyField(record.estimatedvalue, currency, formatted(record, 'estimatedvalue')),
    stage: stageField(record.stepname, context, formatted(record, '_stageid_value')),
    probability: numberField(record.closeprobability, (n) => n >= 0 && n <= 100),
    forecastCategory: record.msdyn_forecastcategory === null ? { state: 'empty', raw: '' } : forecast ? known(forecast, forecast) : notInApi('forecast category'),
    closeDate: dateField(record.estimatedclosedate),
    createdDate: dateField(record.createdon),
    // Dynamics keeps no last-activity date on the opportunity, nor a dated next step.
    lastActivityDate: notInApi('last activity date'),
    lastModifiedDate: dateField(record.modifiedon),
    nextStep: notInApi('next step'),
    owner: owner === undefined ? notInApi('owner') : textField(owner),
    contacts: notInApi('stakeholders'),
    qualification: notInApi('qualification'),
  };
  return apiSnapshot('dynamics', context, fields);
}

/** Audited columns → snapshots at each change; the oldest audit's old values stand for the record at its creation. */
export function toHistory(payloads: DynamicsPayloads, context: ConvertContext): DealSnapshot[] {
  const currency = currencyCode(payloads.opportunity.transactioncurrencyid?.isocurrencycode);
  const convert = (values: Record<string, unknown>): Partial<DealFields> => {
    const fields: Partial<DealFields> = {};
    if ('estimatedclosedate' in values) fields.closeDate = dateField(typeof values.estimatedclosedate === 'string' ? values.estimatedclosedate : null);
    if ('stepname' in values) fields.stage = stageField(values.stepname, context);
    if ('estimatedvalue' in values) fields.amount = moneyField(values.estimatedvalue as number | null, currency) as FieldValue<never>;
    if ('closeprobability' in values) fields.probability = numberField(values.closeprobability as number | null, (n) => n >= 0 && n <= 100);
    return fields;
  };
  // A detail without its time cannot be placed in the history (see the paging notes at the top).
  const details = (payloads.audit?.AuditDetailCollection.AuditDetails ?? [])
    .flatMap((detail) => {
      const at = detail.AuditRecord?.createdon;
      return at && Number.isFinite(Date.parse(at)) ? [{ ...detail, at }] : [];
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const events: FieldEvent[] = details.map((detail) => ({ at: detail.at, fields: convert(detail.NewValue ?? {}) }));
  // What each column held before its first audited change, at the record's creation.
  const created = payloads.opportunity.createdon;
  if (created) {
    const initial: Partial<DealFields> = {};
    const seen = new Set<string>();
    for (const detail of details) {
      for (const [name, value] of Object.entries(convert(detail.OldValue ?? {}))) {
        if (seen.has(name)) continue;
        seen.add(name);
        // Blank before its first change: the column was set later, not at creation.
        if (value.state !== 'empty') Object.assign(initial, { [name]: value });
      }
    }
    if (Object.keys(initial).length) events.unshift({ at: created, fields: initial });
  }
  return eventsToSnapshots('dynamics', context, events);
}
