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
 * HubSpot precise mode: the web app's same-origin CRM v3 API (app.hubspot.com/api/crm/v3/…, the same paths as
 * api.hubapi.com/crm/v3/…), authenticated by the session cookie plus the CSRF header the app itself sends, whose value
 * is the `hubspotapi-csrf` cookie.
 *
 * Shapes, from HubSpot's CRM API reference ("Deals", "Pipelines", "Properties"):
 * - GET /crm/v3/objects/deals/{dealId}?properties=…&propertiesWithHistory=…&associations=contacts →
 *   `{id, properties: {name: string|null}, propertiesWithHistory: {name: [{value, timestamp, sourceType, sourceId?,
 *   updatedByUserId?}]}, createdAt, updatedAt, archived, associations: {contacts: {results: [{id, type}]}}}`;
 *   every property value is a string; history lists are newest first; `closedate` is a date-time ("2026-12-19T00:00:00Z").
 * - GET /crm/v3/pipelines/deals → `{results: [{id, label, displayOrder, stages: [{id, label, displayOrder,
 *   metadata: {probability, isClosed}}]}]}`: `dealstage` holds a stage id ("decisionmakerboughtin"), the page its label.
 * - `hs_deal_stage_probability` is a fraction ("0.8"); `hs_manual_forecast_category` an enumeration (PIPELINE, …).
 */

const propertyValue = z.string().nullable().optional();
export const hubspotHistoryEntrySchema = z
  .object({ value: z.string().nullable(), timestamp: z.string(), sourceType: z.string().optional(), sourceId: z.string().nullable().optional() })
  .loose();

export const hubspotDealSchema = z
  .object({
    id: z.string(),
    properties: z.record(z.string(), propertyValue),
    propertiesWithHistory: z.record(z.string(), z.array(hubspotHistoryEntrySchema)).optional(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    archived: z.boolean().optional(),
    associations: z
      .record(z.string(), z.object({ results: z.array(z.object({ id: z.string(), type: z.string() }).loose()) }).loose())
      .optional(),
  })
  .loose();

export const hubspotPipelinesSchema = z
  .object({
    results: z.array(
      z
        .object({
          id: z.string(),
          label: z.string(),
          stages: z.array(z.object({ id: z.string(), label: z.string(), metadata: z.record(z.string(), z.unknown()).optional() }).loose()),
        })
        .loose(),
    ),
  })
  .loose();

export interface HubspotPayloads {
  deal: z.infer<typeof hubspotDealSchema>;
  pipelines?: z.infer<typeof hubspotPipelinesSchema>;
}
export const hubspotPayloadSchemas = { deal: hubspotDealSchema, pipelines: hubspotPipelinesSchema };

export const HUBSPOT_PROPERTIES = [
  'dealname',
  'amount',
  'deal_currency_code',
  'dealstage',
  'pipeline',
  'hs_deal_stage_probability',
  'hs_manual_forecast_category',
  'closedate',
  'createdate',
  'notes_last_updated',
  'hs_lastmodifieddate',
  'hs_next_step',
  'notes_next_activity_date',
] as const;
export const HUBSPOT_HISTORY_PROPERTIES = ['closedate', 'dealstage', 'amount'] as const;

/**
 * The CSRF cookie whose value the app sends back as a header, and the header's name.
 *
 * Checked (2026-11-27) against what the search corpora hold — HubSpot publishes no reference for its app-internal API,
 * so the evidence is code that calls it from a signed-in browser, not a vendor page:
 * - HubSpot's own bundled client code (conversations widget, `addAuthToRequest.js` / `cookies/constants.js`) sets
 *   the header `X-HubSpot-CSRF-hubspotapi` to the value of the cookie `hubspotapi-csrf` (HUBSPOT_API_CSRF), with
 *   `withCredentials`.
 * - Several independent user scripts and extensions running on app.hubspot.com call
 *   `${location.origin}/api/crm/v3/objects/<type>/<id>?…&portalId=<portal>` (and `/api/crm/v3/owners`,
 *   `/api/crm-search/…`) with that header from that cookie and `credentials: 'include'`; one notes EU portals are on
 *   app-eu1.hubspot.com and that every internal call needs `portalId`. So: the same origin as the page
 *   (not api.hubspot.com, which older captures show behind a CORS-preflight iframe), the public v3 paths under /api,
 *   and `portalId` in the query — as built below.
 * - One extension reads `csrf.app` instead; a captured cookie jar shows both cookies with the same value. It is read
 *   when `hubspotapi-csrf` is missing.
 * Not verified: that the check accepts the extension's own Origin (the worker's requests carry
 * chrome-extension://…, the user scripts' carry the app's). A refusal shows as "forbidden" in the popup, and the page
 * is read as without precise mode; a live portal should confirm before this is called done.
 */
export const HUBSPOT_CSRF_COOKIES = ['hubspotapi-csrf', 'csrf.app'] as const;
export const HUBSPOT_CSRF_COOKIE = HUBSPOT_CSRF_COOKIES[0];
export const HUBSPOT_CSRF_HEADER = 'X-HubSpot-CSRF-hubspotapi';

export function hubspotRequests(host: string, portalId: string, dealId: string, csrf: string): ApiRequest[] {
  if (!/^\d+$/.test(portalId) || !/^\d+$/.test(dealId)) throw new Error('not a HubSpot portal and deal id');
  const headers = { Accept: 'application/json', [HUBSPOT_CSRF_HEADER]: csrf };
  const params = new URLSearchParams({
    portalId,
    properties: HUBSPOT_PROPERTIES.join(','),
    propertiesWithHistory: HUBSPOT_HISTORY_PROPERTIES.join(','),
    associations: 'contacts',
  });
  return [
    { name: 'deal', url: `https://${host}/api/crm/v3/objects/deals/${dealId}?${params}`, headers, credentials: 'include' },
    { name: 'pipelines', url: `https://${host}/api/crm/v3/pipelines/deals?portalId=${portalId}`, headers, credentials: 'include', optional: true },
  ];
}

/** HubSpot's default sales pipeline, for when the pipelines request is not answered. */
const DEFAULT_STAGE_LABELS: Record<string, string> = {
  appointmentscheduled: 'Appointment scheduled',
  qualifiedtobuy: 'Qualified to buy',
  presentationscheduled: 'Presentation scheduled',
  decisionmakerboughtin: 'Decision maker bought-in',
  contractsent: 'Contract sent',
  closedwon: 'Closed won',
  closedlost: 'Closed lost',
};

/** The labels HubSpot's own UI gives the forecast categories (en). */
const FORECAST_LABELS: Record<string, string> = {
  OMIT: 'Not forecasted',
  PIPELINE: 'Pipeline',
  BEST_CASE: 'Best case',
  COMMIT: 'Commit',
  CLOSED: 'Closed won',
};

function stageLabel(stageId: string, pipelines: HubspotPayloads['pipelines']): string {
  for (const pipeline of pipelines?.results ?? []) {
    const stage = pipeline.stages.find((candidate) => candidate.id === stageId);
    if (stage) return stage.label;
  }
  return DEFAULT_STAGE_LABELS[stageId] ?? stageId;
}

function stageField(stageId: string | null | undefined, payloads: HubspotPayloads, context: ConvertContext): DealFields['stage'] {
  if (!stageId) return { state: 'empty', raw: '' };
  return stageValue(stageLabel(stageId, payloads.pipelines), context, stageId);
}

function contactsField(deal: HubspotPayloads['deal']): DealFields['contacts'] {
  const results = deal.associations?.contacts?.results;
  if (!results) return known({ count: 0, roles: [] }, 'no associated contacts');
  const ids = new Set(results.map((result) => result.id));
  // Labelled associations come back once per label; the unlabelled default type is not a role.
  const roles = [...new Set(results.map((result) => result.type).filter((type) => !/^(deal_to_contact|\d+)$/.test(type)))];
  return known({ count: ids.size, roles }, `${ids.size} associated contacts`);
}

export function toSnapshot(payloads: HubspotPayloads, context: ConvertContext): DealSnapshot {
  const p = payloads.deal.properties;
  const currency = currencyCode(p.deal_currency_code);
  const probability = p.hs_deal_stage_probability;
  const nextText = p.hs_next_step?.trim();
  const nextDate = dateField(p.notes_next_activity_date);
  const forecast = p.hs_manual_forecast_category;
  const fields: DealFields = {
    name: textField(p.dealname),
    amount: moneyField(p.amount, currency),
    stage: stageField(p.dealstage, payloads, context),
    // A fraction in the API ("0.8"), a percent on the page.
    probability:
      probability === null || probability === undefined || probability === ''
        ? { state: 'empty', raw: '' }
        : numberField(Math.round(Number(probability) * 1000) / 10, (n) => n >= 0 && n <= 100),
    forecastCategory: forecast ? known(FORECAST_LABELS[forecast] ?? forecast, forecast) : { state: 'empty', raw: '' },
    closeDate: dateField(p.closedate),
    createdDate: dateField(p.createdate ?? payloads.deal.createdAt),
    lastActivityDate: dateField(p.notes_last_updated),
    lastModifiedDate: dateField(p.hs_lastmodifieddate ?? payloads.deal.updatedAt),
    nextStep: nextText ? known({ text: nextText.slice(0, 2000), date: nextDate.state === 'value' ? nextDate.value : null }, nextText) : { state: 'empty', raw: '' },
    // hubspot_owner_id needs the owners API (another scope); the page shows the name.
    owner: notInApi('owner'),
    contacts: contactsField(payloads.deal),
    qualification: notInApi('qualification'),
  };
  return apiSnapshot('hubspot', context, fields);
}

/** `propertiesWithHistory` → snapshots at each change (the lists are newest first; order does not matter here). */
export function toHistory(payloads: HubspotPayloads, context: ConvertContext): DealSnapshot[] {
  const history = payloads.deal.propertiesWithHistory ?? {};
  const currency = currencyCode(payloads.deal.properties.deal_currency_code);
  const events: FieldEvent[] = [
    ...(history.closedate ?? []).map((entry) => ({ at: entry.timestamp, fields: { closeDate: dateField(entry.value) } })),
    ...(history.dealstage ?? []).map((entry) => ({ at: entry.timestamp, fields: { stage: stageField(entry.value, payloads, context) } })),
    ...(history.amount ?? []).map((entry) => ({ at: entry.timestamp, fields: { amount: moneyField(entry.value, currency) } })),
  ];
  return eventsToSnapshots('hubspot', context, events);
}
