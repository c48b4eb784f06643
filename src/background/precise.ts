import type { IDBPDatabase } from 'idb';
import { z } from 'zod';
import { adapterById } from '../adapters';
import { dealSnapshotSchema, type CanonicalStage, type DealSnapshot } from '../model/deal';
import { fingerprint } from '../model/fingerprint';
import type { Settings } from '../model/settings';
import type { HistoryDb } from '../history/store';
import { fieldsKnown, isPreciseCrm, preferApiValues, type ApiRequest, type ConvertContext, type PreciseCrm } from '../precise/common';
import { fetchAll, PreciseError, type FetchLike, type PreciseErrorCode } from '../precise/client';
import { preciseStatusSchema, type PreciseStatus } from '../precise/status';
import { loadPreciseSettings, type PreciseSettings } from '../precise/settings';
import * as salesforce from '../precise/salesforce';
import * as hubspot from '../precise/hubspot';
import * as pipedrive from '../precise/pipedrive';
import * as dynamics from '../precise/dynamics';

/**
 * Precise mode in the background (#7). The contract the background's evaluate step relies on:
 *
 *   const { snapshot, history, status } = await preciseSnapshot(pageSnapshot, settings, deps);
 *
 * - `pageSnapshot` is what the content script read (stage mapping applied or not: the API snapshot maps its own stages
 *   with the user's mapping and the adapter's defaults).
 * - Off (the CRM's switch is off, the CRM has no precise mode, or the page is a list or board) → `snapshot` is the page
 *   snapshot unchanged, `history` is [], `status.state` is 'off' and nothing is fetched or stored.
 * - On → at most one API read per deal per `PRECISE_READ_INTERVAL_MS`: a fresh read, or the cached outcome of the last one.
 *   On success `snapshot` is the page snapshot with the API's values preferred field by field (`source: 'api'`, the
 *   page's capture time), and the CRM's history has already been merged into the history store (idempotently: a
 *   re-read replaces, never duplicates); `history` is the API history of this read ([] when served from the cache).
 *   On failure `snapshot` is the page snapshot unchanged and `status` says why ('failed' with a code the UI translates).
 * - It never throws: a failure of the API, the cookie store or the database is a 'failed' status.
 * The caller then saves `snapshot` (saveSnapshot) and judges it with `loadHistory`, which now includes the API history.
 */
export const PRECISE_READ_INTERVAL_MS = 5 * 60_000;

export { preciseStatusSchema, type PreciseStatus };

/** One deal's last API read, in the `apiCache` store. */
export const apiCacheEntrySchema = z.object({
  key: z.string(),
  crm: z.string(),
  readAt: z.string(),
  status: preciseStatusSchema,
  /** The API's own snapshot (ok reads only), merged with each page snapshot until the next read. */
  snapshot: dealSnapshotSchema.nullable(),
});
export type ApiCacheEntry = z.infer<typeof apiCacheEntrySchema>;

export interface PreciseDeps {
  db(): Promise<IDBPDatabase<HistoryDb>>;
  loadPreciseSettings(): Promise<PreciseSettings>;
  fetch: FetchLike;
  /** A cookie's value for a URL (null when there is none); throws when the extension may not read cookies. */
  readCookie(url: string, name: string): Promise<string | null>;
  now(): Date;
  log(message: string): void;
  timeoutMs?: number;
}

interface Plan {
  requests: ApiRequest[];
  schemas: Record<string, z.ZodType>;
  convert(payloads: Record<string, unknown>, context: ConvertContext): { snapshot: DealSnapshot; history: DealSnapshot[] };
}

/** The record id is the last part of the deal key (`crm:host:id`, HubSpot's id is `portal/deal`). */
const recordIdOf = (key: string) => key.split(':').slice(2).join(':');

async function cookieOrFail(deps: PreciseDeps, url: string, name: string): Promise<string> {
  let value: string | null;
  try {
    value = await deps.readCookie(url, name);
  } catch {
    throw new PreciseError('no_permission', 'cookies permission not granted');
  }
  if (!value) throw new PreciseError('not_signed_in', `no ${name} cookie`);
  return value;
}

/** The first of several cookies that is set (a CRM that has renamed its cookie over time). */
async function firstCookieOrFail(deps: PreciseDeps, url: string, names: readonly string[]): Promise<string> {
  for (const name of names) {
    try {
      return await cookieOrFail(deps, url, name);
    } catch (error) {
      if (error instanceof PreciseError && error.code === 'no_permission') throw error;
    }
  }
  // Named by the cookie that should be there.
  throw new PreciseError('not_signed_in', `no ${names[0] ?? 'session'} cookie`);
}

async function planFor(crm: PreciseCrm, page: DealSnapshot, deps: PreciseDeps): Promise<Plan> {
  const url = new URL(page.url);
  const recordId = recordIdOf(page.key);
  const plan = <P>(requests: ApiRequest[], schemas: Record<string, z.ZodType>, module: { toSnapshot(p: P, c: ConvertContext): DealSnapshot; toHistory(p: P, c: ConvertContext): DealSnapshot[] }): Plan => ({
    requests,
    schemas,
    convert: (payloads, context) => ({ snapshot: module.toSnapshot(payloads as P, context), history: module.toHistory(payloads as P, context) }),
  });
  switch (crm) {
    case 'salesforce': {
      const apiHost = salesforce.salesforceApiHost(url.hostname);
      if (!apiHost) throw new PreciseError('not_found', 'not a Lightning host');
      const sid = await cookieOrFail(deps, `https://${apiHost}/`, 'sid');
      return plan(salesforce.salesforceRequests(apiHost, recordId, sid), salesforce.salesforcePayloadSchemas, salesforce);
    }
    case 'hubspot': {
      const [portal = '', deal = ''] = recordId.split('/');
      const csrf = await firstCookieOrFail(deps, `https://${url.hostname}/`, hubspot.HUBSPOT_CSRF_COOKIES);
      return plan(hubspot.hubspotRequests(url.hostname, portal, deal, csrf), hubspot.hubspotPayloadSchemas, hubspot);
    }
    case 'pipedrive':
      return plan(pipedrive.pipedriveRequests(url.hostname, recordId), pipedrive.pipedrivePayloadSchemas, pipedrive);
    case 'dynamics':
      return plan(dynamics.dynamicsRequests(url.hostname, recordId), dynamics.dynamicsPayloadSchemas, dynamics);
  }
}

export async function loadApiCache(db: IDBPDatabase<HistoryDb>, key: string): Promise<ApiCacheEntry | null> {
  const parsed = apiCacheEntrySchema.safeParse(await db.get('apiCache', key));
  return parsed.success ? parsed.data : null;
}

/** Forgets the cached reads of one CRM (turning precise mode off, then on again, reads afresh). */
export async function clearApiCache(db: IDBPDatabase<HistoryDb>, crm: string): Promise<number> {
  const tx = db.transaction('apiCache', 'readwrite');
  const keys = await tx.store.index('byCrm').getAllKeys(crm);
  for (const key of keys) await tx.store.delete(key);
  await tx.done;
  return keys.length;
}

/**
 * Adds the CRM's history to the deal's stored snapshots. Idempotent: an API snapshot at an instant already stored from
 * the API replaces that row (the CRM may have corrected it) instead of adding a second one; a page snapshot at the same
 * instant is left alone. Returns how many rows were added. The deal summary's latest fingerprint is not touched: these
 * rows are the past, not the latest visit.
 */
export async function mergeApiHistory(db: IDBPDatabase<HistoryDb>, snapshots: readonly DealSnapshot[]): Promise<number> {
  if (snapshots.length === 0) return 0;
  const tx = db.transaction(['snapshots', 'deals'], 'readwrite');
  const store = tx.objectStore('snapshots');
  let added = 0;
  for (const snapshot of snapshots) {
    const valid = dealSnapshotSchema.parse(snapshot);
    const print = fingerprint(valid.fields);
    const existing = await store.index('byDeal').getAll(IDBKeyRange.only([valid.key, valid.capturedAt]));
    const fromApi = existing.find((row) => row.source === 'api');
    if (fromApi) {
      if (fromApi.fingerprint !== print) await store.put({ ...valid, fingerprint: print, id: fromApi.id });
      continue;
    }
    if (existing.length > 0) continue;
    await store.add({ ...valid, fingerprint: print });
    added += 1;
  }
  const key = snapshots[0]!.key;
  const record = await tx.objectStore('deals').get(key);
  if (record && added) await tx.objectStore('deals').put({ ...record, snapshotCount: record.snapshotCount + added });
  await tx.done;
  return added;
}

const isRecordPage = (snapshot: DealSnapshot) => {
  try {
    return adapterById(snapshot.crm)?.detect(new URL(snapshot.url))?.kind === 'record';
  } catch {
    return false;
  }
};

export interface PreciseResult {
  snapshot: DealSnapshot;
  history: DealSnapshot[];
  status: PreciseStatus;
}

export async function preciseSnapshot(page: DealSnapshot, settings: Settings, deps: PreciseDeps): Promise<PreciseResult> {
  const off: PreciseResult = { snapshot: page, history: [], status: { state: 'off' } };
  const crm = page.crm;
  if (!isPreciseCrm(crm) || page.source !== 'page' || !isRecordPage(page)) return off;
  let preciseSettings: PreciseSettings;
  try {
    preciseSettings = await deps.loadPreciseSettings();
  } catch {
    return off;
  }
  if (!preciseSettings.crms[crm]) return off;

  const now = deps.now();
  let db: IDBPDatabase<HistoryDb> | null = null;
  try {
    db = await deps.db();
    const cached = await loadApiCache(db, page.key);
    if (cached && now.getTime() - Date.parse(cached.readAt) < PRECISE_READ_INTERVAL_MS && now.getTime() >= Date.parse(cached.readAt)) {
      if (cached.status.state === 'api' && cached.snapshot) {
        return { snapshot: preferApiValues(page, cached.snapshot), history: [], status: { ...cached.status, fromCache: true } };
      }
      if (cached.status.state === 'failed') return { snapshot: page, history: [], status: cached.status };
    }
  } catch (error) {
    deps.log(`precise mode: cache not read (${error instanceof Error ? error.name : 'error'})`);
  }

  const context: ConvertContext = {
    key: page.key,
    url: page.url,
    now,
    stageMapping: settings.stageMapping[crm],
    defaultStageMapping: adapterById(crm)?.defaultStageMapping as Readonly<Record<string, CanonicalStage>> | undefined,
  };
  let result: PreciseResult;
  let apiOwn: DealSnapshot | null = null;
  try {
    const plan = await planFor(crm, page, deps);
    const { payloads, skipped, truncated } = await fetchAll(plan.requests, plan.schemas, { fetch: deps.fetch, timeoutMs: deps.timeoutMs });
    // A very long history is cut at the page limit (newest kept): worth a line for a bug report, not a failure.
    for (const name of truncated) deps.log(`precise mode: ${crm} ${name} has more pages than are read; the oldest are left out`);
    const converted = plan.convert(payloads, context);
    apiOwn = converted.snapshot;
    if (db) await mergeApiHistory(db, converted.history);
    result = {
      snapshot: preferApiValues(page, converted.snapshot),
      history: converted.history,
      status: {
        state: 'api',
        readAt: now.toISOString(),
        fromCache: false,
        fields: fieldsKnown(converted.snapshot),
        historyCount: converted.history.length,
        missing: skipped.map(({ name, error }) => ({ name, code: error.code })),
      },
    };
  } catch (error) {
    const failure = error instanceof PreciseError ? error : new PreciseError('bad_response' as PreciseErrorCode, error instanceof Error ? error.name : 'error');
    deps.log(`precise mode: ${crm} API not read (${failure.code}: ${failure.detail})`);
    result = { snapshot: page, history: [], status: { state: 'failed', at: now.toISOString(), code: failure.code, detail: failure.detail.slice(0, 300) } };
  }
  try {
    if (db) await db.put('apiCache', { key: page.key, crm, readAt: now.toISOString(), status: result.status, snapshot: apiOwn } satisfies ApiCacheEntry);
  } catch (error) {
    deps.log(`precise mode: cache not written (${error instanceof Error ? error.name : 'error'})`);
  }
  return result;
}

/** The slice of the WebExtension API precise mode uses in the background. */
export interface PreciseBrowser {
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
  cookies?: { get(details: { url: string; name: string }): Promise<{ value: string } | null | undefined> };
  permissions: { contains(request: { permissions?: string[]; origins?: string[] }): Promise<boolean> };
}

/**
 * The real dependencies: the worker's own `fetch` (cross-origin reads are allowed by the host permission precise mode
 * asked for), and the cookie store, which exists only while the optional `cookies` permission is granted.
 */
export function browserPreciseDeps(
  api: PreciseBrowser,
  options: { db(): Promise<IDBPDatabase<HistoryDb>>; now(): Date; log(message: string): void; fetch?: FetchLike },
): PreciseDeps {
  return {
    db: options.db,
    now: options.now,
    log: options.log,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    loadPreciseSettings: () => loadPreciseSettings(api.storage.local),
    async readCookie(url, name) {
      if (!api.cookies) throw new Error('cookies permission not granted');
      return (await api.cookies.get({ url, name }))?.value ?? null;
    },
  };
}
