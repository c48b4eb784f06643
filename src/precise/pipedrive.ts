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
 * Pipedrive precise mode: the web app's own API v1 on the company's host, authenticated by the session cookie.
 *
 * Shapes, from Pipedrive's API reference (v1 "Deals" and "Stages"):
 * - GET /api/v1/deals/{id} → `{success, data: {id, title, value, currency, stage_id, pipeline_id, probability,
 *   expected_close_date ("YYYY-MM-DD" | null), add_time, update_time, stage_change_time ("YYYY-MM-DD HH:MM:SS", UTC),
 *   last_activity_date, next_activity_date, next_activity_subject, user_id: {id, name, …}, owner_name,
 *   participants_count, status ('open' | 'won' | 'lost'), …}}`.
 * - GET /api/v1/deals/{id}/flow → `{success, data: [{object: 'dealChange' | 'activity' | 'note' | …, timestamp,
 *   data: {…}}], additional_data: {pagination}}`, newest first; a dealChange's data is `{id, item_id, user_id,
 *   field_key, old_value, new_value, log_time}` with values as strings or numbers (a stage change gives stage ids).
 *   Offset paging: `?start=&limit=` (limit at most 500), and `additional_data.pagination: {start, limit,
 *   more_items_in_collection, next_start}` saying whether and where the next page starts.
 * - GET /api/v1/stages → `{success, data: [{id, order_nr, name, pipeline_id, deal_probability, …}]}`.
 * - Errors: `{success: false, error, error_info?, errorCode?}` with the HTTP status (401 unauthorised, 404, 429).
 */

const nullableString = z.string().nullable().optional();
export const pipedriveDealSchema = z
  .object({
    success: z.literal(true),
    data: z
      .object({
        id: z.number().int(),
        title: nullableString,
        value: z.number().nullable().optional(),
        currency: nullableString,
        stage_id: z.number().int().nullable().optional(),
        pipeline_id: z.number().int().nullable().optional(),
        probability: z.number().nullable().optional(),
        expected_close_date: nullableString,
        add_time: nullableString,
        update_time: nullableString,
        stage_change_time: nullableString,
        last_activity_date: nullableString,
        next_activity_date: nullableString,
        next_activity_subject: nullableString,
        user_id: z.union([z.object({ name: nullableString }).loose(), z.number()]).nullable().optional(),
        owner_name: nullableString,
        participants_count: z.number().int().nonnegative().nullable().optional(),
        status: nullableString,
      })
      .loose(),
  })
  .loose();

export const pipedriveFlowSchema = z
  .object({
    success: z.literal(true),
    data: z
      .array(
        z
          .object({
            object: z.string(),
            timestamp: z.string(),
            data: z.record(z.string(), z.unknown()),
          })
          .loose(),
      )
      .nullable(),
    /** API reference, "Pagination" (v1 offset paging): more_items_in_collection, and next_start where there is more. */
    additional_data: z
      .object({
        pagination: z
          .object({ start: z.number().int().nonnegative().optional(), limit: z.number().int().positive().optional(), more_items_in_collection: z.boolean().optional(), next_start: z.number().int().nonnegative().optional() })
          .loose()
          .optional(),
      })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();

const flowValue = z.union([z.string(), z.number()]).nullable().optional();
export const pipedriveDealChangeSchema = z
  .object({ field_key: z.string(), old_value: flowValue, new_value: flowValue, log_time: z.string().optional() })
  .loose();

export const pipedriveStagesSchema = z
  .object({
    success: z.literal(true),
    data: z.array(z.object({ id: z.number().int(), name: z.string(), deal_probability: z.number().nullable().optional() }).loose()).nullable(),
  })
  .loose();

export interface PipedrivePayloads {
  deal: z.infer<typeof pipedriveDealSchema>;
  flow?: z.infer<typeof pipedriveFlowSchema>;
  stages?: z.infer<typeof pipedriveStagesSchema>;
}
export const pipedrivePayloadSchemas = { deal: pipedriveDealSchema, flow: pipedriveFlowSchema, stages: pipedriveStagesSchema };

/** The documented maximum page size of v1 offset paging. */
export const PIPEDRIVE_FLOW_PAGE_SIZE = 500;
/** 10 pages of 500: a deal with a longer flow keeps its newest 5,000 items (the flow is newest first). */
export const PIPEDRIVE_FLOW_MAX_PAGES = 10;

type PipedriveFlow = z.infer<typeof pipedriveFlowSchema>;

/**
 * The flow's next page: while `more_items_in_collection`, ask again from `next_start` (or, where an answer leaves it
 * out, from this page's start plus the items it held), keeping the page size.
 */
export function pipedriveFlowNextUrl(page: PipedriveFlow, url: string): string | null {
  const pagination = page.additional_data?.pagination;
  if (!pagination?.more_items_in_collection) return null;
  const current = new URL(url);
  const start = Number(current.searchParams.get('start') ?? 0);
  const next = pagination.next_start ?? (pagination.start ?? start) + (page.data?.length ?? 0);
  if (!Number.isInteger(next) || next <= start) return null;
  current.searchParams.set('start', String(next));
  return current.href;
}

/** The flow's pages as one: the items in order, the last page's pagination. */
export function combinePipedriveFlow(pages: readonly PipedriveFlow[]): PipedriveFlow {
  const last = pages.at(-1)!;
  return { ...last, data: pages.flatMap((page) => page.data ?? []) };
}

export function pipedriveRequests(host: string, dealId: string): ApiRequest[] {
  if (!/^\d+$/.test(dealId)) throw new Error('not a Pipedrive deal id');
  const headers = { Accept: 'application/json' };
  const base = `https://${host}/api/v1`;
  return [
    { name: 'deal', url: `${base}/deals/${dealId}`, headers, credentials: 'include' },
    {
      name: 'flow',
      url: `${base}/deals/${dealId}/flow?start=0&limit=${PIPEDRIVE_FLOW_PAGE_SIZE}`,
      headers,
      credentials: 'include',
      optional: true,
      paging: {
        next: (page, url) => pipedriveFlowNextUrl(page as PipedriveFlow, url),
        combine: (pages) => combinePipedriveFlow(pages as PipedriveFlow[]),
        maxPages: PIPEDRIVE_FLOW_MAX_PAGES,
      },
    },
    { name: 'stages', url: `${base}/stages`, headers, credentials: 'include', optional: true },
  ];
}

/** Pipedrive's times are UTC without a zone: "2026-09-01 10:00:00" → "2026-09-01T10:00:00Z". */
export const pipedriveTime = (value: string) => (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value);

type Stages = Map<number, { name: string; probability: number | null }>;
const stagesOf = (payloads: PipedrivePayloads): Stages =>
  new Map((payloads.stages?.data ?? []).map((stage) => [stage.id, { name: stage.name, probability: stage.deal_probability ?? null }]));

function stageField(stageId: number | string | null | undefined, stages: Stages, context: ConvertContext): DealFields['stage'] {
  if (stageId === null || stageId === undefined || stageId === '') return { state: 'empty', raw: '' };
  const stage = stages.get(Number(stageId));
  return stage ? stageValue(stage.name, context, String(stageId)) : notInApi(`name of stage ${Number(stageId)}`);
}

export function toSnapshot(payloads: PipedrivePayloads, context: ConvertContext): DealSnapshot {
  const deal = payloads.deal.data;
  const stages = stagesOf(payloads);
  const stage = deal.stage_id ? stages.get(deal.stage_id) : undefined;
  const owner = typeof deal.user_id === 'object' && deal.user_id ? deal.user_id.name : deal.owner_name;
  const nextText = deal.next_activity_subject?.trim();
  const nextDate = dateField(deal.next_activity_date);
  // A deal without its own probability uses its stage's, as the deal page shows.
  const probability = deal.probability ?? stage?.probability ?? null;
  const fields: DealFields = {
    name: textField(deal.title),
    amount: moneyField(deal.value, currencyCode(deal.currency)),
    stage: stageField(deal.stage_id, stages, context),
    probability: numberField(probability, (n) => n >= 0 && n <= 100),
    forecastCategory: notInApi('forecast category (Pipedrive has none)'),
    closeDate: dateField(deal.expected_close_date),
    createdDate: dateField(deal.add_time),
    lastActivityDate: dateField(deal.last_activity_date),
    lastModifiedDate: dateField(deal.update_time),
    nextStep: nextText ? known({ text: nextText.slice(0, 2000), date: nextDate.state === 'value' ? nextDate.value : null }, nextText) : { state: 'empty', raw: '' },
    owner: owner === undefined ? notInApi('owner') : textField(owner),
    contacts: deal.participants_count === null || deal.participants_count === undefined ? notInApi('participants') : known({ count: deal.participants_count, roles: [] }, `${deal.participants_count} participants`),
    qualification: notInApi('qualification'),
  };
  return apiSnapshot('pipedrive', context, fields);
}

type Tracked = 'closeDate' | 'stage' | 'amount' | 'probability';
const TRACKED: Record<string, Tracked> = { expected_close_date: 'closeDate', stage_id: 'stage', value: 'amount', probability: 'probability' };

/**
 * The flow's deal changes → snapshots at each change, plus one at the deal's creation (add_time) holding the values
 * before the first change of each field (its old_value), or today's value for a field that never changed.
 */
export function toHistory(payloads: PipedrivePayloads, context: ConvertContext): DealSnapshot[] {
  const deal = payloads.deal.data;
  const stages = stagesOf(payloads);
  const currency = currencyCode(deal.currency);
  const convert = (field: Tracked, value: string | number | null | undefined): FieldValue<never> => {
    const text = value === null || value === undefined ? null : String(value);
    switch (field) {
      case 'closeDate':
        return dateField(text) as FieldValue<never>;
      case 'stage':
        return stageField(text, stages, context) as FieldValue<never>;
      case 'amount':
        return moneyField(text, currency) as FieldValue<never>;
      case 'probability':
        return numberField(text, (n) => n >= 0 && n <= 100) as FieldValue<never>;
    }
  };
  const changes = (payloads.flow?.data ?? []).flatMap((item) => {
    if (item.object !== 'dealChange') return [];
    const parsed = pipedriveDealChangeSchema.safeParse(item.data);
    if (!parsed.success || !TRACKED[parsed.data.field_key]) return [];
    return [{ at: pipedriveTime(parsed.data.log_time ?? item.timestamp), field: TRACKED[parsed.data.field_key]!, change: parsed.data }];
  });
  changes.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const events: FieldEvent[] = changes.map(({ at, field, change }) => ({ at, fields: { [field]: convert(field, change.new_value) } }));
  if (deal.add_time) {
    const initial: Partial<DealFields> = {};
    const current: Record<Tracked, string | number | null | undefined> = {
      closeDate: deal.expected_close_date,
      stage: deal.stage_id,
      amount: deal.value,
      probability: deal.probability,
    };
    for (const field of ['closeDate', 'stage', 'amount', 'probability'] as const) {
      const first = changes.find((change) => change.field === field);
      const before = first ? first.change.old_value : current[field];
      if (before !== null && before !== undefined) Object.assign(initial, { [field]: convert(field, before) });
    }
    events.unshift({ at: pipedriveTime(deal.add_time), fields: initial });
  }
  return eventsToSnapshots('pipedrive', context, events);
}
