import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { IDBPDatabase } from 'idb';
import { BADGE_COLORS, createBackground, type BackgroundDeps, type TabStateStore, type ToolbarBadge } from '../../../src/background/service';
import { sessionTabStates } from '../../../src/background/tab-states';
import { readSettings, SETTINGS_KEY } from '../../../src/background/settings-storage';
import { loadHistory, openHistoryDb, type HistoryDb } from '../../../src/history/store';
import { defaultSettings, type Settings } from '../../../src/model/settings';
import type { DealSnapshot } from '../../../src/model/deal';
import { worstSeverity, type Finding } from '../../../src/model/verdict';
import { runRules } from '../../../src/engine/run';
import type { TabState } from '../../../src/messaging/protocol';
import { daysFromToday, empty, known, makeSnapshot, NOW, unknown, unreadableFields } from '../../helpers/deals';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const PAGE = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view';
const TAB = 21;
const fromTab = (tabId = TAB) => ({ id: EXTENSION_ID, tab: { id: tabId }, url: PAGE });
const fromPopup = { id: EXTENSION_ID, url: `${ORIGIN}popup.html` };

function memoryTabStates(): TabStateStore & { map: Map<number, TabState> } {
  const map = new Map<number, TabState>();
  return {
    map,
    async get(tabId) {
      return map.get(tabId);
    },
    async set(tabId, state) {
      map.set(tabId, structuredClone(state));
    },
    async remove(tabId) {
      map.delete(tabId);
    },
  };
}

let dbCount = 0;
const opened: IDBPDatabase<HistoryDb>[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

interface SetupOptions {
  settings?: Settings;
  loadSettings?: () => Promise<Settings>;
  openDb?: () => Promise<IDBPDatabase<HistoryDb>>;
  tabStates?: TabStateStore;
}

function setup(options: SetupOptions = {}) {
  const dbName = `service-test-${Date.now()}-${++dbCount}`;
  let dbPromise: Promise<IDBPDatabase<HistoryDb>> | null = null;
  const realDb = () => {
    dbPromise ??= openHistoryDb(dbName).then((db) => {
      opened.push(db);
      return db;
    });
    return dbPromise;
  };
  const tabStates = memoryTabStates();
  const badges: { tabId: number; badge: ToolbarBadge }[] = [];
  const logs: string[] = [];
  const deps: BackgroundDeps = {
    openDb: options.openDb ?? realDb,
    loadSettings: options.loadSettings ?? (async () => options.settings ?? defaultSettings()),
    tabStates: options.tabStates ?? tabStates,
    async setToolbarBadge(tabId, badge) {
      badges.push({ tabId, badge });
    },
    now: () => NOW,
    extensionId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    log: (message) => logs.push(message),
  };
  const service = createBackground(deps);
  const lastBadge = (tabId = TAB) => badges.filter((entry) => entry.tabId === tabId).at(-1)?.badge;
  return { service, tabStates, badges, logs, lastBadge, realDb };
}

const snapshotMessage = (snapshots: DealSnapshot[], pageKind: 'record' | 'list' | 'board' = 'record') => ({
  type: 'cs-bg:snapshot',
  url: PAGE,
  pageKind,
  snapshots,
});

/** Close date 12 days past (warning), no next step (warning), untouched 40 days in propose (critical: ≥ 2 × 14). */
const troubled = () =>
  makeSnapshot({
    fields: {
      closeDate: known(daysFromToday(-12), '5/20/2026'),
      nextStep: empty(),
      lastModifiedDate: known(daysFromToday(-40), '4/22/2026'),
    },
  });

/**
 * What the engine finds on a snapshot (already stage-mapped) with the real rule registry: the background must show
 * exactly this, so these tests hold however many rules the registry has.
 */
const engineFindings = (snapshot: DealSnapshot, settings: Settings = defaultSettings()): Finding[] => runRules({ snapshot, settings, now: NOW }).verdict.findings;

type SnapshotReply = { ok: true; verdicts: { findings: Finding[] }[] };

describe('createBackground: rejecting', () => {
  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['an array', [1, 2]],
    ['an object without type', { url: PAGE }],
    ['an unknown type', { type: 'cs-bg:exfiltrate', url: PAGE }],
    ['a known type with bad fields', { type: 'cs-bg:reading', url: 42 }],
  ])('answers %s with ok:false and a log line, never throwing', async (_name, message) => {
    const { service, logs, badges, tabStates } = setup();
    const reply = (await service.handle(message, fromTab())) as { ok: boolean; error: string };
    expect(reply.ok).toBe(false);
    expect(typeof reply.error).toBe('string');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('rejected');
    expect(badges).toEqual([]);
    expect(tabStates.map.size).toBe(0);
  });

  it('rejects a content-script message from an extension page and from another extension', async () => {
    const { service, logs, tabStates } = setup();
    const reading = { type: 'cs-bg:reading', url: PAGE, crm: 'salesforce' };
    expect(await service.handle(reading, fromPopup)).toMatchObject({ ok: false });
    expect(await service.handle(reading, { ...fromTab(), id: 'anotherextensionidanotherextensi' })).toMatchObject({ ok: false });
    expect(await service.handle({ type: 'ui-bg:get-tab-state', tabId: TAB }, fromTab())).toMatchObject({ ok: false });
    expect(logs).toHaveLength(3);
    expect(logs.every((line) => line.includes('not allowed'))).toBe(true);
    expect(tabStates.map.size).toBe(0);
  });
});

describe('createBackground: a deal page', () => {
  it('cs-bg:reading sets the reading state and the … badge', async () => {
    const { service, tabStates, lastBadge } = setup();
    expect(await service.handle({ type: 'cs-bg:reading', url: PAGE, crm: 'salesforce' }, fromTab())).toEqual({ ok: true });
    expect(tabStates.map.get(TAB)).toEqual({ status: 'reading', url: PAGE, crm: 'salesforce' });
    expect(lastBadge()?.text).toBe('…');
  });

  it('a record snapshot with problems: verdicts, history stored once, deal state and a badge by worst severity', async () => {
    const { service, tabStates, lastBadge, realDb, logs } = setup();
    const snapshot = troubled();
    const reply = (await service.handle(snapshotMessage([snapshot]), fromTab())) as SnapshotReply;
    expect(reply.ok).toBe(true);
    expect(reply.verdicts).toHaveLength(1);
    const findings = reply.verdicts[0]!.findings;
    // The problems planted in the snapshot, among exactly what the engine finds on it.
    expect(findings.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(['close-date-past', 'next-step-missing', 'stale-record']));
    expect(findings.find((finding) => finding.ruleId === 'stale-record')?.severity).toBe('critical');
    expect(findings).toEqual(engineFindings(snapshot));

    expect(await loadHistory(await realDb(), snapshot.key)).toHaveLength(1);
    // The same values again (a later visit) are not stored again.
    await service.handle(snapshotMessage([{ ...snapshot, capturedAt: new Date(NOW.getTime() + 60_000).toISOString() }]), fromTab());
    expect(await loadHistory(await realDb(), snapshot.key)).toHaveLength(1);
    // A change is.
    await service.handle(snapshotMessage([{ ...snapshot, fields: { ...snapshot.fields, nextStep: known({ text: 'Call', date: null }, 'Call') } }]), fromTab());
    expect(await loadHistory(await realDb(), snapshot.key)).toHaveLength(2);

    const state = tabStates.map.get(TAB);
    expect(state?.status).toBe('deal');
    if (state?.status !== 'deal') return;
    expect(state.pageKind).toBe('record');
    expect(state.deals).toHaveLength(1);
    expect(state.deals[0]!.snapshot.key).toBe(snapshot.key);
    // The state shows the latest snapshot's verdict: it has a next step now, the rest is still wrong.
    const shown = state.deals[0]!.verdict.findings.map((finding) => finding.ruleId);
    expect(shown).not.toContain('next-step-missing');
    expect(shown).toEqual(expect.arrayContaining(['close-date-past', 'stale-record']));
    // The critical stale record is still there, so the badge stays critical.
    expect(lastBadge()).toEqual({ text: String(shown.length), color: BADGE_COLORS.critical });
    expect(logs).toEqual([]);
  });

  it('the toolbar badge shows the number of findings coloured by the worst severity', async () => {
    const { service, lastBadge } = setup();
    const troubledReply = (await service.handle(snapshotMessage([troubled()]), fromTab())) as SnapshotReply;
    const troubledFindings = troubledReply.verdicts[0]!.findings;
    // Critical (the stale record) and warnings: the colour is the worst.
    expect(troubledFindings.map((finding) => finding.severity)).toEqual(expect.arrayContaining(['critical', 'warning']));
    expect(lastBadge()).toEqual({ text: String(troubledFindings.length), color: BADGE_COLORS.critical });

    const noNextStep = makeSnapshot({ fields: { nextStep: empty() } });
    const noNextStepReply = (await service.handle(snapshotMessage([noNextStep]), fromTab())) as SnapshotReply;
    const noNextStepFindings = noNextStepReply.verdicts[0]!.findings;
    expect(noNextStepFindings).toContainEqual(expect.objectContaining({ ruleId: 'next-step-missing', severity: 'warning' }));
    expect(noNextStepFindings).toEqual(engineFindings(noNextStep));
    expect(lastBadge()).toEqual({ text: String(noNextStepFindings.length), color: BADGE_COLORS[worstSeverity(noNextStepFindings)!] });

    await service.handle(snapshotMessage([makeSnapshot()]), fromTab());
    expect(lastBadge()).toEqual({ text: '', color: null });
  });

  it('on a list page the badge counts the deals that need attention', async () => {
    const { service, lastBadge, tabStates } = setup();
    const rows = [
      troubled(),
      makeSnapshot({ key: 'salesforce:acme.lightning.force.com:0065g00000AAAAA' }),
      makeSnapshot({ key: 'salesforce:acme.lightning.force.com:0065g00000BBBBB', fields: { nextStep: empty() } }),
    ];
    const reply = (await service.handle(snapshotMessage(rows, 'list'), fromTab())) as { verdicts: unknown[] };
    expect(reply.verdicts).toHaveLength(3);
    expect(lastBadge()).toEqual({ text: '2', color: BADGE_COLORS.critical });
    expect(tabStates.map.get(TAB)).toMatchObject({ status: 'deal', pageKind: 'list' });
  });

  it('an all-unknown snapshot gives the unreadable state naming the fields, and stores nothing', async () => {
    const { service, tabStates, lastBadge, realDb } = setup();
    const snapshot = makeSnapshot({ fields: { ...unreadableFields('no field container on the page'), stage: unknown('stage path not rendered') } });
    expect(await service.handle(snapshotMessage([snapshot]), fromTab())).toEqual({ ok: true, verdicts: [] });
    const state = tabStates.map.get(TAB);
    expect(state?.status).toBe('unreadable');
    if (state?.status !== 'unreadable') return;
    expect(state.crm).toBe('salesforce');
    expect(state.unread.map((item) => item.field)).toContain('closeDate');
    expect(state.unread).toContainEqual({ field: 'stage', reason: 'stage path not rendered', code: 'unparseable' });
    expect(state.unread).toHaveLength(Object.keys(snapshot.fields).length);
    expect(lastBadge()?.text).toBe('?');
    expect(await loadHistory(await realDb(), snapshot.key)).toEqual([]);
  });

  it('cs-bg:page-left clears the tab state and the badge', async () => {
    const { service, tabStates, lastBadge } = setup();
    await service.handle(snapshotMessage([troubled()]), fromTab());
    expect(await service.handle({ type: 'cs-bg:page-left', url: PAGE }, fromTab())).toEqual({ ok: true });
    expect(tabStates.map.has(TAB)).toBe(false);
    expect(lastBadge()).toEqual({ text: '', color: null });
    expect(await service.handle({ type: 'ui-bg:get-tab-state', tabId: TAB }, fromPopup)).toEqual({ ok: true, state: { status: 'none' } });
  });

  it('ui-bg:get-tab-state returns the state, and none for a tab it does not know', async () => {
    const { service } = setup();
    await service.handle({ type: 'cs-bg:reading', url: PAGE, crm: 'salesforce' }, fromTab());
    expect(await service.handle({ type: 'ui-bg:get-tab-state', tabId: TAB }, fromPopup)).toEqual({
      ok: true,
      state: { status: 'reading', url: PAGE, crm: 'salesforce' },
    });
    expect(await service.handle({ type: 'ui-bg:get-tab-state', tabId: 999 }, fromPopup)).toEqual({ ok: true, state: { status: 'none' } });
  });

  it('keeps tabs apart', async () => {
    const { service, tabStates } = setup();
    await service.handle(snapshotMessage([troubled()]), fromTab(1));
    await service.handle({ type: 'cs-bg:reading', url: PAGE, crm: 'salesforce' }, fromTab(2));
    await service.handle({ type: 'cs-bg:page-left', url: PAGE }, fromTab(2));
    expect(tabStates.map.get(1)?.status).toBe('deal');
    expect(tabStates.map.has(2)).toBe(false);
    await service.forgetTab(1);
    expect(tabStates.map.size).toBe(0);
  });

  it('still returns the verdict when the database fails to open, and logs the failure', async () => {
    const openDb = vi.fn(async (): Promise<IDBPDatabase<HistoryDb>> => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const { service, logs, tabStates } = setup({ openDb });
    const reply = (await service.handle(snapshotMessage([troubled()]), fromTab())) as SnapshotReply;
    expect(reply.ok).toBe(true);
    expect(reply.verdicts[0]!.findings).toEqual(engineFindings(troubled()));
    expect(tabStates.map.get(TAB)?.status).toBe('deal');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('history not saved');
    expect(logs[0]).toContain('QuotaExceededError');
    // A failed open is retried on the next snapshot rather than cached.
    await service.handle(snapshotMessage([troubled()]), fromTab());
    expect(openDb).toHaveBeenCalledTimes(2);
  });

  it("the user's stage mapping overrides the adapter default", async () => {
    // Salesforce maps "Negotiation/Review" to commit (stale after 7 days); this team treats it as qualify (30 days).
    const snapshot = makeSnapshot({
      fields: {
        stage: known({ label: 'Negotiation/Review', canonical: 'commit' }, 'Negotiation/Review'),
        lastModifiedDate: known(daysFromToday(-10), '5/22/2026'),
      },
    });
    const withDefaults = setup();
    const before = (await withDefaults.service.handle(snapshotMessage([snapshot]), fromTab())) as SnapshotReply;
    expect(before.verdicts[0]!.findings).toContainEqual(expect.objectContaining({ ruleId: 'stale-record', data: { days: 10, limit: 7, stage: 'commit' } }));
    expect(before.verdicts[0]!.findings).toEqual(engineFindings(snapshot));

    const settings: Settings = { ...defaultSettings(), stageMapping: { salesforce: { 'negotiation/review': 'qualify' } } };
    const mapped = setup({ settings });
    const after = (await mapped.service.handle(snapshotMessage([snapshot]), fromTab())) as SnapshotReply;
    // Not stale in qualify, and every rule judged the deal as a qualify deal.
    expect(after.verdicts[0]!.findings.map((finding) => finding.ruleId)).not.toContain('stale-record');
    const asQualify = { ...snapshot, fields: { ...snapshot.fields, stage: known({ label: 'Negotiation/Review', canonical: 'qualify' as const }, 'Negotiation/Review') } };
    expect(after.verdicts[0]!.findings).toEqual(engineFindings(asQualify, settings));
    const state = mapped.tabStates.map.get(TAB);
    expect(state?.status === 'deal' && state.deals[0]!.snapshot.fields.stage).toMatchObject({ value: { canonical: 'qualify' } });
  });

  it('does not bring a deal back when the page was left while its snapshot was being checked', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { service, tabStates, lastBadge } = setup({
      loadSettings: async () => {
        await gate;
        return defaultSettings();
      },
    });
    const pending = service.handle(snapshotMessage([troubled()]), fromTab());
    await service.handle({ type: 'cs-bg:page-left', url: PAGE }, fromTab());
    release();
    const reply = (await pending) as { ok: boolean; verdicts: unknown[] };
    expect(reply.ok).toBe(true);
    expect(reply.verdicts).toHaveLength(1);
    expect(tabStates.map.has(TAB)).toBe(false);
    expect(lastBadge()).toEqual({ text: '', color: null });
  });

  it('logs a failing tab-state store and answers ok:false instead of throwing', async () => {
    const { service, tabStates, logs } = setup();
    tabStates.set = async () => {
      throw new Error('storage quota');
    };
    const reply = await service.handle({ type: 'cs-bg:reading', url: PAGE, crm: 'salesforce' }, fromTab());
    expect(reply).toMatchObject({ ok: false });
    expect(logs.at(-1)).toContain('storage quota');
  });
});

describe('createBackground: tab navigation', () => {
  it('keeps the state while the tab stays on the same record, whatever the query or fragment', async () => {
    const { service, tabStates, badges } = setup();
    await service.handle(snapshotMessage([troubled()]), fromTab());
    const count = badges.length;
    await service.onTabNavigated(TAB, `${PAGE}#details`);
    await service.onTabNavigated(TAB, `${PAGE}?ws=%2Flightning%2Fr%2FAccount`);
    await service.onTabNavigated(TAB, PAGE.replace('0065g00000AbCdEAAV', '0065g00000AbCdE'));
    expect(tabStates.map.get(TAB)?.status).toBe('deal');
    expect(badges).toHaveLength(count);
  });

  it('forgets the deal when the tab goes to another record or another site', async () => {
    for (const elsewhere of [PAGE.replace('AbCdE', 'ZzZzZ'), 'https://mail.example.com/inbox', 'https://evil.example/lightning/r/Opportunity/0065g00000AbCdEAAV/view']) {
      const { service, tabStates, lastBadge } = setup();
      await service.handle(snapshotMessage([troubled()]), fromTab());
      await service.onTabNavigated(TAB, elsewhere);
      expect(tabStates.map.has(TAB), elsewhere).toBe(false);
      expect(lastBadge()).toEqual({ text: '', color: null });
    }
  });

  it('does nothing for a tab it knows nothing about', async () => {
    const { service, badges } = setup();
    await service.onTabNavigated(5, 'https://example.com/');
    expect(badges).toEqual([]);
  });

  it('uses the stored state after the service worker restarted', async () => {
    const store = sessionTabStates();
    const before = setup({ tabStates: store });
    await before.service.handle(snapshotMessage([troubled()]), fromTab());
    const after = setup({ tabStates: store });
    await after.service.onTabNavigated(TAB, PAGE);
    expect((await store.get(TAB))?.status).toBe('deal');
    await after.service.onTabNavigated(TAB, 'https://example.com/');
    expect(await store.get(TAB)).toBeUndefined();
    expect(after.lastBadge()).toEqual({ text: '', color: null });
  });

  it('drops a snapshot still being checked when the tab navigated away meanwhile', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { service, tabStates } = setup({ loadSettings: async () => (await gate, defaultSettings()) });
    const pending = service.handle(snapshotMessage([troubled()]), fromTab());
    await service.onTabNavigated(TAB, 'https://example.com/');
    release();
    await pending;
    expect(tabStates.map.has(TAB)).toBe(false);
  });

  it('never throws, and logs a failing store', async () => {
    const { service, tabStates, logs } = setup();
    tabStates.get = async () => {
      throw new Error('storage unavailable');
    };
    await expect(service.onTabNavigated(TAB, 'https://example.com/')).resolves.toBeUndefined();
    expect(logs.at(-1)).toContain('storage unavailable');
  });
});

describe('sessionTabStates', () => {
  it('stores, reads and removes a tab state in storage.session', async () => {
    const store = sessionTabStates();
    const state: TabState = { status: 'unreadable', url: PAGE, crm: 'salesforce', unread: [{ field: 'name', reason: 'not found', code: 'not_on_page' }] };
    expect(await store.get(TAB)).toBeUndefined();
    await store.set(TAB, state);
    await store.set(TAB + 1, { status: 'reading', url: PAGE, crm: 'salesforce' });
    expect(await store.get(TAB)).toEqual(state);
    expect(await fakeBrowser.storage.session.get(`tab:${TAB}`)).toEqual({ [`tab:${TAB}`]: state });
    await store.remove(TAB);
    expect(await store.get(TAB)).toBeUndefined();
    expect((await store.get(TAB + 1))?.status).toBe('reading');
  });

  it('round-trips the deal state the background writes, verdicts included', async () => {
    const { service } = setup({ tabStates: sessionTabStates() });
    await service.handle(snapshotMessage([troubled()]), fromTab());
    const reply = (await service.handle({ type: 'ui-bg:get-tab-state', tabId: TAB }, fromPopup)) as { ok: true; state: TabState };
    expect(reply.state.status).toBe('deal');
    if (reply.state.status !== 'deal') return;
    expect(reply.state.deals[0]!.verdict.findings).toEqual(engineFindings(troubled()));
    expect(reply.state.deals[0]!.verdict.findings.length).toBeGreaterThan(0);
    expect(reply.state.deals[0]!.snapshot).toEqual(troubled());
  });

  it('treats a malformed stored state as no state', async () => {
    await fakeBrowser.storage.session.set({ [`tab:${TAB}`]: { status: 'deal', deals: 'nope' } });
    expect(await sessionTabStates().get(TAB)).toBeUndefined();
  });
});

describe('readSettings', () => {
  it('gives the defaults when nothing is stored', async () => {
    expect(await readSettings()).toEqual(defaultSettings());
  });

  it('reads valid stored settings', async () => {
    const stored = { version: 1, rules: { 'stale-record': { enabled: false } }, stageMapping: { salesforce: { 'deal won': 'won' } } };
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: stored });
    const settings = await readSettings();
    expect(settings.rules['stale-record']?.enabled).toBe(false);
    expect(settings.stageMapping.salesforce).toEqual({ 'deal won': 'won' });
  });

  it('uses the defaults for invalid stored settings, warns, and does not overwrite them', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stored = { version: 1, rules: { 'stale-record': { enabled: 'sometimes' } } };
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: stored });
    expect(await readSettings()).toEqual(defaultSettings());
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('rules.stale-record.enabled');
    expect((await fakeBrowser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY]).toEqual(stored);
    warn.mockRestore();
  });

  it('keeps settings from a newer version untouched', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stored = { version: 99, rules: {} };
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: stored });
    expect(await readSettings()).toEqual(defaultSettings());
    expect((await fakeBrowser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY]).toEqual(stored);
    warn.mockRestore();
  });
});
