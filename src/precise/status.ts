import { z } from 'zod';
import { FIELD_NAMES, type FieldName } from '../model/deal';
import { preciseErrorCodeSchema, type PreciseErrorCode } from './client';
import { isPreciseCrm, type PreciseCrm } from './common';

/** The outcome of precise mode for one deal, shown in the popup and the options page (kept apart from the fetching code). */
export const preciseStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off') }),
  z.object({
    state: z.literal('api'),
    readAt: z.string(),
    fromCache: z.boolean(),
    /** The fields the API supplied (the rest are the page's). */
    fields: z.array(z.enum(FIELD_NAMES as [FieldName, ...FieldName[]])),
    /** Dated snapshots the CRM's own history gave. */
    historyCount: z.number().int().nonnegative(),
    /** Optional parts that could not be read (audit history where auditing is off). */
    missing: z.array(z.object({ name: z.string().max(40), code: preciseErrorCodeSchema })).max(10),
  }),
  z.object({ state: z.literal('failed'), at: z.string(), code: preciseErrorCodeSchema, detail: z.string().max(300) }),
]);
export type PreciseStatus = z.infer<typeof preciseStatusSchema>;

/** The CRMs' own names; brand names are not translated. */
export const PRECISE_CRM_NAMES: Readonly<Record<PreciseCrm, string>> = { salesforce: 'Salesforce', hubspot: 'HubSpot', pipedrive: 'Pipedrive', dynamics: 'Dynamics 365' };

/** What the popup knows when it shows one deal. */
export interface PreciseLineInput {
  crm: string;
  pageKind: 'record' | 'list' | 'board';
  /** The snapshot the popup shows: where its values came from, and when the page was read. */
  snapshot: { source: 'page' | 'api'; capturedAt: string };
  /** The background's answer about precise mode for this deal; null when it could not be had. */
  reply: { crms: Readonly<Record<PreciseCrm, { enabled: boolean; granted: boolean }>>; deal: PreciseStatus | null } | null;
}

export interface PreciseLine {
  /** `api`: the values came from the CRM's API (fresh or kept); `page`: from the page, as chosen; `failed`: from the page because the API could not be read. */
  tone: 'api' | 'page' | 'failed';
  text: string;
  /** Smaller lines under it: history the API gave, optional parts it could not read. */
  notes: string[];
  /** The technical reason (HTTP status, the CRM's error code), in English, for a bug report. */
  detail?: string;
}

export interface LineFormat {
  locale: string;
  now: Date;
  /** Tests fix it; the popup uses the browser's. */
  timeZone?: string;
}

type Translator = (key: string, data?: Record<string, string | number>) => string;

/** "14:03" for a read today, "27 Nov 2026, 14:03" for an older one, in the UI's locale. */
export function readTime(iso: string, format: LineFormat): string {
  const date = new Date(iso);
  const day = (value: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: format.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(value);
  const today = day(date) === day(format.now);
  return new Intl.DateTimeFormat(format.locale, { timeZone: format.timeZone, ...(today ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }) }).format(date);
}

/**
 * The popup's line about where a record's values came from (#7): the CRM's API (just read, or the copy kept for up to
 * 5 minutes, with the history it gave and the parts it could not read), or the page — because precise mode is off,
 * its permission is gone, it was turned on after the page was read, or the API refused (with the reason).
 * Null where precise mode does not apply: lists and boards, CRMs it does not cover, and when the background could not say.
 */
export function precisePopupLine(t: Translator, input: PreciseLineInput, format: LineFormat): PreciseLine | null {
  const { crm, reply } = input;
  if (!isPreciseCrm(crm) || input.pageKind !== 'record' || !reply) return null;
  const name = PRECISE_CRM_NAMES[crm];
  const state = reply.crms[crm];
  if (!state.enabled) return { tone: 'page', text: t('precise_status_off', { crm: name }), notes: [] };
  if (!state.granted) return { tone: 'failed', text: t('precise_status_no_permission', { crm: name }), notes: [] };
  const status = reply.deal;
  const reason = (code: PreciseErrorCode) => t(`precise_error_${code}`, { crm: name });
  if (status?.state === 'failed' && input.snapshot.source === 'page') {
    return { tone: 'failed', text: t('precise_status_failed', { reason: reason(status.code) }), notes: [], detail: status.detail };
  }
  if (status?.state !== 'api' || input.snapshot.source !== 'api') return { tone: 'page', text: t('precise_status_pending', { crm: name }), notes: [] };
  // A visit after the read reuses it (one read per deal per 5 minutes): the page was read after the API was.
  const kept = status.fromCache || Date.parse(input.snapshot.capturedAt) > Date.parse(status.readAt);
  const notes = [
    ...(status.historyCount > 0 ? [t('precise_status_history', { count: status.historyCount })] : []),
    ...status.missing.map((part) => t('precise_status_missing', { part: t(`precise_part_${part.name}`), reason: reason(part.code) })),
  ];
  return { tone: 'api', text: t(kept ? 'precise_status_cached' : 'precise_status_ok', { crm: name, time: readTime(status.readAt, format) }), notes };
}
