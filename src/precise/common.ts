import { FIELD_NAMES, dealSnapshotSchema, type CanonicalStage, type CrmId, type DealFields, type DealSnapshot, type FieldName } from '../model/deal';
import { clip, known, unknown, type FieldValue } from '../model/field';
import { mapStage } from '../adapters/stage-mapping';

/**
 * Shared pieces of precise mode (#7): reading a deal through its CRM's own API with the user's session.
 * Each CRM module (salesforce.ts, hubspot.ts, pipedrive.ts, dynamics.ts) has zod schemas of the documented payloads,
 * request builders (URLs and headers, no fetching) and two pure converters: `toSnapshot` (the record now) and
 * `toHistory` (the CRM's own change history as dated snapshots, so src/history/facts.ts sees pushes and stage moves
 * from before the extension was installed).
 */

/** The CRMs precise mode reads; Zoho's internal API needs the page's own world and is not covered (see the issue). */
export const PRECISE_CRMS = ['salesforce', 'hubspot', 'pipedrive', 'dynamics'] as const satisfies readonly CrmId[];
export type PreciseCrm = (typeof PRECISE_CRMS)[number];
export const isPreciseCrm = (crm: string): crm is PreciseCrm => (PRECISE_CRMS as readonly string[]).includes(crm);

export interface ConvertContext {
  /** The page snapshot's key, so the API snapshot and the page's describe the same deal. */
  key: string;
  url: string;
  now: Date;
  /** The user's stage mapping for this CRM (label → canonical); the adapter's defaults are used after it. */
  stageMapping?: Readonly<Record<string, CanonicalStage>>;
  /** The adapter's default mapping. */
  defaultStageMapping?: Readonly<Record<string, CanonicalStage>>;
}

/** One GET the background makes; `credentials: 'include'` where the CRM's same-origin session cookie authenticates it. */
export interface ApiRequest {
  /** What the payload is, the converter's name for it. */
  name: string;
  url: string;
  headers: Record<string, string>;
  credentials: 'include' | 'omit';
  /** A failure of an optional request (audit history where auditing is off) leaves its part out instead of failing the read. */
  optional?: boolean;
  /** A history the CRM answers in pages (Pipedrive's flow, Dynamics' audit): how to ask for the next one. */
  paging?: Paging;
}

/**
 * Paging of one request. Each page is parsed with the request's schema before `next` sees it; the client reads at most
 * `maxPages` pages (a deal's history is bounded, a runaway loop is not) and only ever follows URLs on the first page's
 * origin. A history cut off at the limit keeps its newest pages for the CRMs here (both answer newest first).
 */
export interface Paging {
  /** The next page's URL after this page (read from `url`), or null when this was the last. */
  next(page: unknown, url: string): string | null;
  /** The pages, in order, as one payload of the request's shape. */
  combine(pages: readonly unknown[]): unknown;
  maxPages: number;
}

export const notInApi = <T>(what: string): FieldValue<T> => unknown(`the ${what} is not part of what precise mode reads from this CRM's API`, 'not_supported');
export const notInHistory = <T>(): FieldValue<T> => unknown("not in the CRM's change history", 'not_supported');

export function stageValue(label: string, context: ConvertContext, raw = label): FieldValue<{ label: string; canonical: CanonicalStage | null }> {
  return known({ label: clip(label), canonical: mapStage(label, context.stageMapping, context.defaultStageMapping) }, raw);
}

/** `YYYY-MM-DD` from an API date or date-time ("2026-11-15", "2026-11-15T00:00:00Z", "2026-11-15 10:00:00"). */
export function isoDay(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(value.trim());
  return match ? match[1]! : null;
}

/** A date field from an API value: null/'' is empty (the CRM has the field, and it is blank). */
export function dateField(value: string | null | undefined, raw = value ?? ''): FieldValue<string> {
  if (value === null || value === undefined || value === '') return { state: 'empty', raw: '' };
  const day = isoDay(value);
  return day ? known(day, raw) : unknown(`the API gave "${clip(value, 40)}", not a date`, 'unparseable');
}

export function textField(value: string | null | undefined): FieldValue<string> {
  if (value === null || value === undefined || value.trim() === '') return { state: 'empty', raw: '' };
  return known(clip(value.trim()), value);
}

export function numberField(value: number | string | null | undefined, check: (n: number) => boolean = Number.isFinite): FieldValue<number> {
  if (value === null || value === undefined || value === '') return { state: 'empty', raw: '' };
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) && check(number) ? known(number, String(value)) : unknown(`the API gave "${clip(String(value), 40)}", not a number`, 'unparseable');
}

export const currencyCode = (code: string | null | undefined): string | null => (code && /^[A-Z]{3}$/.test(code) ? code : null);

export function moneyField(value: number | string | null | undefined, currency: string | null, raw?: string): FieldValue<{ value: number; currency: string | null }> {
  const number = numberField(value);
  if (number.state !== 'value') return number as FieldValue<never>;
  return known({ value: number.value, currency }, raw ?? `${number.value}${currency ? ` ${currency}` : ''}`);
}

/** Every field unknown: the base of a history snapshot, which knows only the fields the CRM's history tracks. */
function unknownFields(): DealFields {
  return Object.fromEntries(FIELD_NAMES.map((name) => [name, notInHistory()])) as DealFields;
}

export function apiSnapshot(crm: PreciseCrm, context: ConvertContext, fields: DealFields, capturedAt = context.now.toISOString()): DealSnapshot {
  return dealSnapshotSchema.parse({ key: context.key, crm, url: context.url, capturedAt, source: 'api', fields });
}

/** One point of a CRM's change log: at `at` (ISO date-time), these fields took these values. */
export interface FieldEvent {
  at: string;
  fields: Partial<DealFields>;
}

/**
 * Turns change events into snapshots at the change times, oldest first. Values carry forward: a snapshot at a
 * close-date change still knows the stage set earlier, as the CRM's record did at that moment (so facts do not see
 * a field "appear" or a stage "start" at every row). Fields no event ever set stay unknown with `not_supported`.
 * Events at the same instant are merged; events at or after `now` are dropped (the current snapshot stands for now),
 * as are events with an unreadable time.
 */
export function eventsToSnapshots(crm: PreciseCrm, context: ConvertContext, events: readonly FieldEvent[]): DealSnapshot[] {
  const now = context.now.getTime();
  const byInstant = new Map<number, Partial<DealFields>>();
  for (const event of events) {
    const at = Date.parse(event.at);
    if (!Number.isFinite(at) || at >= now) continue;
    byInstant.set(at, { ...byInstant.get(at), ...event.fields });
  }
  const state = unknownFields();
  const snapshots: DealSnapshot[] = [];
  for (const at of [...byInstant.keys()].sort((a, b) => a - b)) {
    Object.assign(state, byInstant.get(at));
    snapshots.push(apiSnapshot(crm, context, { ...state }, new Date(at).toISOString()));
  }
  return snapshots;
}

/** The fields an API snapshot knows (value or empty): the ones precise mode takes over from the page. */
export function fieldsKnown(snapshot: DealSnapshot): FieldName[] {
  return FIELD_NAMES.filter((name) => snapshot.fields[name].state !== 'unknown');
}

/**
 * The page snapshot with the API's values preferred field by field: a field the API knows (a value, or blank in the
 * CRM) replaces the page's; a field the API lacks keeps what the page showed. The result is an API snapshot only
 * when the API supplied something; its capture time is the page's, so the visit stays one visit.
 */
export function preferApiValues(page: DealSnapshot, api: DealSnapshot): DealSnapshot {
  const fields = { ...page.fields } as Record<FieldName, DealFields[FieldName]>;
  let taken = 0;
  for (const name of FIELD_NAMES) {
    if (api.fields[name].state === 'unknown') continue;
    fields[name] = api.fields[name];
    taken += 1;
  }
  return { ...page, source: taken > 0 ? 'api' : page.source, fields: fields as DealFields };
}
