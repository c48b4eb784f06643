import { describe, expect, it } from 'vitest';
import { API_FIXTURE_NOW, handleMockApi } from '../../../scripts/lib/mock-crm-api.mjs';
import { clearApiCache, loadApiCache, mergeApiHistory, preciseSnapshot, PRECISE_READ_INTERVAL_MS, type PreciseDeps } from '../../../src/background/precise';
import { preciseHandlers } from '../../../src/background/handlers/precise';
import { deriveHistoryFacts } from '../../../src/history/facts';
import { loadDeal, loadHistory, openHistoryDb, saveSnapshot } from '../../../src/history/store';
import { known } from '../../../src/model/field';
import { defaultSettings } from '../../../src/model/settings';
import type { FetchLike } from '../../../src/precise/client';
import { defaultPreciseSettings, loadPreciseSettings, PRECISE_STORAGE_KEY, type PreciseSettings } from '../../../src/precise/settings';
import type { PreciseCrm } from '../../../src/precise/common';
import type { HandlerContext } from '../../../src/background/handlers/types';
import { makeSnapshot } from '../../helpers/deals';

const NOW = new Date(API_FIXTURE_NOW);
const TODAY = API_FIXTURE_NOW.slice(0, 10);
let dbCount = 0;

/** A `fetch` answered by the mock CRM server's own request handler (no sockets): the shapes the e2e serves. */
function mockFetch(options: { refuse?: string[] } = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    let status = 404;
    let body = '';
    const res = {
      writeHead(code: number) {
        status = code;
      },
      end(text: string) {
        body = text;
      },
    };
    const handled = handleMockApi({ headers } as never, res as never, new URL(url), { refuse: new Set(options.refuse ?? []) });
    return new Response(handled ? body : 'not mocked', { status: handled ? status : 404 });
  };
  return { fetch, calls };
}

function depsFor(crms: Partial<Record<PreciseCrm, boolean>>, fetch: FetchLike, extra: Partial<PreciseDeps> = {}) {
  const name = `precise-test-${++dbCount}`;
  const dbPromise = openHistoryDb(name);
  let now = NOW;
  const logs: string[] = [];
  const settings: PreciseSettings = { ...defaultPreciseSettings(), crms: { ...defaultPreciseSettings().crms, ...crms } };
  const deps: PreciseDeps = {
    db: () => dbPromise,
    loadPreciseSettings: async () => settings,
    fetch,
    readCookie: async (url, cookie) => (cookie === 'sid' && url === 'https://acme.my.salesforce.com/' ? 'SESSION-ID' : cookie === 'hubspotapi-csrf' ? 'CSRF' : null),
    now: () => now,
    log: (message) => logs.push(message),
    ...extra,
  };
  return { deps, db: () => dbPromise, logs, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const pipedrivePage = () =>
  makeSnapshot({
    key: 'pipedrive:acme-sales.pipedrive.com:1842',
    crm: 'pipedrive',
    url: 'https://acme-sales.pipedrive.com/deal/1842',
    capturedAt: API_FIXTURE_NOW,
    fields: {
      stage: known({ label: 'Proposal Made', canonical: 'propose' }, 'Proposal Made'),
      closeDate: known('2026-12-15', 'Dec 15, 2026'),
      // The page truncates long names; the API has the whole one.
      name: known('Globex – 120…', 'Globex – 120…'),
      qualification: known({ champion: 'Maria Garcia, Head of IT' }, 'Maria Garcia'),
    },
  });

describe('precise mode in the background', () => {
  it('off: the page snapshot is used as it is, and nothing is fetched or stored', async () => {
    const { fetch, calls } = mockFetch();
    const { deps, db } = depsFor({ pipedrive: false, salesforce: true }, fetch);
    const page = pipedrivePage();
    expect(await preciseSnapshot(page, defaultSettings(), deps)).toEqual({ snapshot: page, history: [], status: { state: 'off' } });
    expect(calls).toHaveLength(0);
    expect(await loadApiCache(await db(), page.key)).toBeNull();
  });

  it('on: prefers the API values, keeps the page where the API has none, and stores the CRM\'s history so the first visit shows the slippage', async () => {
    const { fetch, calls } = mockFetch();
    const { deps, db } = depsFor({ pipedrive: true }, fetch);
    const page = pipedrivePage();
    const result = await preciseSnapshot(page, defaultSettings(), deps);

    // The mock answers the flow three items at a time: its eight items take three pages, read one after the other.
    expect(calls.map((c) => `${new URL(c.url).pathname}${new URL(c.url).searchParams.has('start') ? `@${new URL(c.url).searchParams.get('start')}` : ''}`)).toEqual([
      '/api/v1/deals/1842',
      '/api/v1/deals/1842/flow@0',
      '/api/v1/stages',
      '/api/v1/deals/1842/flow@3',
      '/api/v1/deals/1842/flow@6',
    ]);
    expect(calls.every((c) => c.init.credentials === 'include')).toBe(true);
    expect(result.status).toMatchObject({ state: 'api', fromCache: false, historyCount: 7, missing: [] });
    expect(result.snapshot).toMatchObject({ source: 'api', capturedAt: page.capturedAt, key: page.key });
    expect(result.snapshot.fields.name).toMatchObject({ value: 'Globex – 120 seats' });
    expect(result.snapshot.fields.qualification).toEqual(page.fields.qualification);

    // What the evaluate step does next: save the visit, load the history, derive the facts.
    const database = await db();
    await saveSnapshot(database, result.snapshot);
    const history = await loadHistory(database, page.key);
    expect(history).toHaveLength(8);
    const facts = deriveHistoryFacts(history, result.snapshot, TODAY, 'UTC');
    expect(facts.closeDate).toMatchObject({ pushCount: 3, current: '2026-12-15' });
    expect(facts.firstSeenOn).toBe('2026-06-02');
  });

  it('reads each deal at most once per interval, and re-reading does not duplicate the history', async () => {
    const { fetch, calls } = mockFetch();
    const { deps, db, advance } = depsFor({ pipedrive: true }, fetch);
    await preciseSnapshot(pipedrivePage(), defaultSettings(), deps);
    advance(60_000);
    const cached = await preciseSnapshot(pipedrivePage(), defaultSettings(), deps);
    expect(calls).toHaveLength(5);
    expect(cached.status).toMatchObject({ state: 'api', fromCache: true });
    expect(cached.snapshot.fields.name).toMatchObject({ value: 'Globex – 120 seats' });
    expect(cached.history).toEqual([]);

    advance(PRECISE_READ_INTERVAL_MS);
    await preciseSnapshot(pipedrivePage(), defaultSettings(), deps);
    expect(calls).toHaveLength(10);
    const history = await loadHistory(await db(), pipedrivePage().key);
    expect(history).toHaveLength(7);
    expect(history.every((row) => row.source === 'api')).toBe(true);
  });

  it('on failure keeps the page snapshot, says why, and does not ask again within the interval', async () => {
    const { fetch, calls } = mockFetch({ refuse: ['acme-sales.pipedrive.com'] });
    const { deps, db, advance, logs } = depsFor({ pipedrive: true }, fetch);
    const page = pipedrivePage();
    const result = await preciseSnapshot(page, defaultSettings(), deps);
    expect(result.snapshot).toBe(page);
    expect(result.status).toEqual({ state: 'failed', at: API_FIXTURE_NOW, code: 'forbidden', detail: 'HTTP 403' });
    expect(logs).toEqual(['precise mode: pipedrive API not read (forbidden: HTTP 403)']);
    const callsAfterFirst = calls.length;
    advance(1000);
    expect((await preciseSnapshot(page, defaultSettings(), deps)).status).toMatchObject({ state: 'failed', code: 'forbidden' });
    expect(calls).toHaveLength(callsAfterFirst);
    expect(await loadHistory(await db(), page.key)).toEqual([]);
  });

  describe('Salesforce', () => {
    const page = () =>
      makeSnapshot({
        key: 'salesforce:acme.lightning.force.com:0065g00000AcmeQ',
        url: 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view',
        capturedAt: API_FIXTURE_NOW,
      });

    it('sends the sid cookie of the org\'s my.salesforce.com host as the Bearer token', async () => {
      const { fetch, calls } = mockFetch();
      const { deps } = depsFor({ salesforce: true }, fetch);
      const result = await preciseSnapshot(page(), defaultSettings(), deps);
      expect(result.status).toMatchObject({ state: 'api', historyCount: 5 });
      expect(calls.every((c) => c.url.startsWith('https://acme.my.salesforce.com/services/data/v61.0/'))).toBe(true);
      expect(calls[0]!.init).toMatchObject({ credentials: 'omit', headers: { Authorization: 'Bearer SESSION-ID' } });
      expect(result.snapshot.fields.contacts).toMatchObject({ value: { count: 2 } });
    });

    it('an org that refuses API access is detected and the reason kept', async () => {
      const { fetch } = mockFetch({ refuse: ['acme.my.salesforce.com'] });
      const { deps } = depsFor({ salesforce: true }, fetch);
      expect((await preciseSnapshot(page(), defaultSettings(), deps)).status).toMatchObject({ state: 'failed', code: 'api_disabled', detail: 'HTTP 403 API_DISABLED_FOR_ORG' });
    });

    it('no session cookie means signed out; no cookie access means the permission is missing', async () => {
      const { fetch, calls } = mockFetch();
      const signedOut = depsFor({ salesforce: true }, fetch, { readCookie: async () => null });
      expect((await preciseSnapshot(page(), defaultSettings(), signedOut.deps)).status).toMatchObject({ state: 'failed', code: 'not_signed_in' });
      const noPermission = depsFor({ salesforce: true }, fetch, {
        readCookie: async () => {
          throw new Error('cookies permission not granted');
        },
      });
      expect((await preciseSnapshot(page(), defaultSettings(), noPermission.deps)).status).toMatchObject({ state: 'failed', code: 'no_permission' });
      expect(calls).toHaveLength(0);
    });
  });

  describe('HubSpot', () => {
    const page = () =>
      makeSnapshot({
        key: 'hubspot:app.hubspot.com:4412345/18234567890',
        crm: 'hubspot',
        url: 'https://app.hubspot.com/contacts/4412345/record/0-3/18234567890',
        capturedAt: API_FIXTURE_NOW,
      });

    it('calls the app\'s own origin with portalId and sends the hubspotapi-csrf cookie back as the CSRF header', async () => {
      const { fetch, calls } = mockFetch();
      const { deps } = depsFor({ hubspot: true }, fetch);
      const result = await preciseSnapshot(page(), defaultSettings(), deps);
      expect(result.status).toMatchObject({ state: 'api', missing: [] });
      const deal = new URL(calls[0]!.url);
      expect(`${deal.origin}${deal.pathname}`).toBe('https://app.hubspot.com/api/crm/v3/objects/deals/18234567890');
      expect(deal.searchParams.get('portalId')).toBe('4412345');
      expect(deal.searchParams.get('propertiesWithHistory')).toBe('closedate,dealstage,amount');
      expect(calls[0]!.init).toMatchObject({ credentials: 'include', headers: { 'X-HubSpot-CSRF-hubspotapi': 'CSRF' } });
    });

    it('falls back to the csrf.app cookie; with neither, the user is signed out', async () => {
      const { fetch, calls } = mockFetch();
      const older = depsFor({ hubspot: true }, fetch, { readCookie: async (_url, name) => (name === 'csrf.app' ? 'APP-CSRF' : null) });
      expect((await preciseSnapshot(page(), defaultSettings(), older.deps)).status).toMatchObject({ state: 'api' });
      expect(calls[0]!.init.headers).toMatchObject({ 'X-HubSpot-CSRF-hubspotapi': 'APP-CSRF' });
      const none = depsFor({ hubspot: true }, fetch, { readCookie: async () => null });
      expect((await preciseSnapshot(page(), defaultSettings(), none.deps)).status).toMatchObject({ state: 'failed', code: 'not_signed_in', detail: 'no hubspotapi-csrf cookie' });
    });
  });

  it('Dynamics 365: the audit history is read page by page and merged once', async () => {
    const { fetch, calls } = mockFetch();
    const { deps, db } = depsFor({ dynamics: true }, fetch);
    const id = '7a2f4c1e-9b3d-4e6a-8f10-2c5d7e9a1b3f';
    const page = makeSnapshot({
      key: `dynamics:contoso.crm.dynamics.com:${id}`,
      crm: 'dynamics',
      url: `https://contoso.crm.dynamics.com/main.aspx?appid=4f1c5a0e-2b7d-4e8a-9c3f-1d2e3f4a5b6c&pagetype=entityrecord&etn=opportunity&id=${id}`,
      capturedAt: API_FIXTURE_NOW,
    });
    const result = await preciseSnapshot(page, defaultSettings(), deps);
    expect(calls.filter((c) => c.url.includes('RetrieveRecordChangeHistory'))).toHaveLength(2);
    // Creation plus four audited changes.
    expect(result.status).toMatchObject({ state: 'api', historyCount: 5, missing: [] });
    expect(await loadHistory(await db(), page.key)).toHaveLength(5);
  });

  it('lists and boards are not read through the API (one page, many deals)', async () => {
    const { fetch, calls } = mockFetch();
    const { deps } = depsFor({ pipedrive: true }, fetch);
    const card = makeSnapshot({ key: 'pipedrive:acme-sales.pipedrive.com:1842', crm: 'pipedrive', url: 'https://acme-sales.pipedrive.com/pipeline/1' });
    expect((await preciseSnapshot(card, defaultSettings(), deps)).status).toEqual({ state: 'off' });
    expect(calls).toHaveLength(0);
  });

  it('uses the user\'s stage mapping for the API\'s stages', async () => {
    const { fetch } = mockFetch();
    const { deps } = depsFor({ pipedrive: true }, fetch);
    const settings = { ...defaultSettings(), stageMapping: { ...defaultSettings().stageMapping, pipedrive: { 'proposal made': 'commit' as const } } };
    const result = await preciseSnapshot(pipedrivePage(), settings, deps);
    expect(result.snapshot.fields.stage).toMatchObject({ value: { label: 'Proposal Made', canonical: 'commit' } });
  });

  it('merging leaves page snapshots at the same instant alone and replaces a corrected API row', async () => {
    const { db } = depsFor({}, mockFetch().fetch);
    const database = await db();
    const key = 'pipedrive:acme-sales.pipedrive.com:1842';
    const base = { key, crm: 'pipedrive' as const, url: 'https://acme-sales.pipedrive.com/deal/1842' };
    await saveSnapshot(database, makeSnapshot({ ...base, capturedAt: '2026-10-01T10:00:00.000Z' }));
    const api = (close: string) => makeSnapshot({ ...base, source: 'api', capturedAt: '2026-09-01T10:00:00.000Z', fields: { closeDate: known(close, close) } });
    const onPage = makeSnapshot({ ...base, source: 'api', capturedAt: '2026-10-01T10:00:00.000Z' });
    expect(await mergeApiHistory(database, [api('2026-10-01'), onPage])).toBe(1);
    expect(await mergeApiHistory(database, [api('2026-10-15')])).toBe(0);
    const rows = await loadHistory(database, key);
    expect(rows.map((row) => [row.capturedAt, row.source])).toEqual([
      ['2026-09-01T10:00:00.000Z', 'api'],
      ['2026-10-01T10:00:00.000Z', 'page'],
    ]);
    expect(rows[0]!.fields.closeDate).toMatchObject({ value: '2026-10-15' });
    expect(await loadDeal(database, key)).toMatchObject({ snapshotCount: 2 });
  });
});

describe('precise mode handlers', () => {
  function setup(granted: boolean) {
    const stored: Record<string, unknown> = {};
    const platform = {
      storage: {
        get: async (key: string) => (key in stored ? { [key]: stored[key] } : {}),
        set: async (items: Record<string, unknown>) => void Object.assign(stored, items),
      },
      contains: async () => granted,
    };
    const dbPromise = openHistoryDb(`precise-handlers-${++dbCount}`);
    const context = { db: () => dbPromise, log: () => {} } as unknown as HandlerContext;
    return { handlers: preciseHandlers(platform), platform, stored, context, db: () => dbPromise };
  }

  it('turns a CRM on only when its permission is granted, and off at any time', async () => {
    const refused = setup(false);
    expect(await refused.handlers['ui-bg:set-precise-mode']!({ type: 'ui-bg:set-precise-mode', crm: 'salesforce', enabled: true }, {}, refused.context)).toEqual({
      ok: false,
      error: 'the permission precise mode needs was not granted',
    });
    expect(refused.stored[PRECISE_STORAGE_KEY]).toBeUndefined();

    const granted = setup(true);
    await granted.handlers['ui-bg:set-precise-mode']!({ type: 'ui-bg:set-precise-mode', crm: 'hubspot', enabled: true }, {}, granted.context);
    expect((await loadPreciseSettings(granted.platform.storage)).crms).toEqual({ salesforce: false, hubspot: true, pipedrive: false, dynamics: false });
  });

  it('answers the popup for one deal: its last read\'s outcome, a failure with its reason, or nothing yet', async () => {
    const { handlers, context, db } = setup(true);
    const ask = async (dealKey?: string) =>
      (await handlers['ui-bg:get-precise-status']!({ type: 'ui-bg:get-precise-status', ...(dealKey ? { dealKey } : {}) }, {}, context)) as { ok: boolean; deal: unknown };
    // Never read: the popup says "reload to read" (on) or "off".
    expect(await ask(pipedrivePage().key)).toMatchObject({ ok: true, deal: null });
    expect(await ask()).toMatchObject({ ok: true, deal: null });
    const refused = depsFor({ pipedrive: true }, mockFetch({ refuse: ['acme-sales.pipedrive.com'] }).fetch, { db });
    await preciseSnapshot(pipedrivePage(), defaultSettings(), refused.deps);
    expect((await ask(pipedrivePage().key)).deal).toEqual({ state: 'failed', at: API_FIXTURE_NOW, code: 'forbidden', detail: 'HTTP 403' });
  });

  it('a permission revoked in the browser shows as not granted, so the popup can say so', async () => {
    const { handlers, context } = setup(false);
    const reply = (await handlers['ui-bg:get-precise-status']!({ type: 'ui-bg:get-precise-status' }, {}, context)) as { crms: Record<string, { granted: boolean }> };
    expect(Object.values(reply.crms).map((crm) => crm.granted)).toEqual([false, false, false, false]);
  });

  it('reports each CRM\'s switch and permission, and a deal\'s last read; turning off forgets the cached reads', async () => {
    const { handlers, context, db } = setup(true);
    const { deps } = depsFor({ pipedrive: true }, mockFetch().fetch, { db });
    await preciseSnapshot(pipedrivePage(), defaultSettings(), deps);
    await handlers['ui-bg:set-precise-mode']!({ type: 'ui-bg:set-precise-mode', crm: 'pipedrive', enabled: true }, {}, context);
    await preciseSnapshot(pipedrivePage(), defaultSettings(), deps);
    const reply = (await handlers['ui-bg:get-precise-status']!({ type: 'ui-bg:get-precise-status', dealKey: pipedrivePage().key }, {}, context)) as {
      crms: Record<string, { enabled: boolean; granted: boolean }>;
      deal: { state: string } | null;
    };
    expect(reply.crms.pipedrive).toEqual({ enabled: true, granted: true });
    expect(reply.crms.salesforce).toEqual({ enabled: false, granted: true });
    expect(reply.deal).toMatchObject({ state: 'api', historyCount: 7 });
    await handlers['ui-bg:set-precise-mode']!({ type: 'ui-bg:set-precise-mode', crm: 'pipedrive', enabled: false }, {}, context);
    expect(await loadApiCache(await db(), pipedrivePage().key)).toBeNull();
    expect(await clearApiCache(await db(), 'pipedrive')).toBe(0);
  });
});
