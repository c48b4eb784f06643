import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBackground, type TabStateStore } from '../../../src/background/service';
import { reviewHandlers } from '../../../src/background/handlers/review';
import { openHistoryDb, SAVE_BATCH_SIZE } from '../../../src/history/store';
import { dealHistoryReplySchema, listDealsReplySchema } from '../../../src/messaging/review';
import { loadSettings, type Settings } from '../../../src/model/settings';
import type { TabState } from '../../../src/messaging/protocol';
import { known, makeSnapshot } from '../../helpers/deals';

const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT}/`;
const PAGE = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view';
const fromTab = { id: EXT, url: PAGE, tab: { id: 4 } };
const fromReview = { id: EXT, url: `${ORIGIN}review.html` };

function settingsOf(input: unknown): Settings {
  const loaded = loadSettings(input);
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

function setup(settings: Settings = settingsOf({ version: 1 })) {
  const states = new Map<number, TabState>();
  let now = new Date('2026-06-01T12:00:00Z');
  const logs: string[] = [];
  const tabStates: TabStateStore = {
    get: async (id) => states.get(id),
    set: async (id, state) => void states.set(id, state),
    remove: async (id) => void states.delete(id),
  };
  const service = createBackground({
    openDb: () => openHistoryDb(`bg-review-${Math.random()}`),
    loadSettings: async () => settings,
    tabStates,
    setToolbarBadge: async () => {},
    now: () => now,
    extensionId: EXT,
    extensionOrigin: ORIGIN,
    log: (message) => logs.push(message),
    areas: [reviewHandlers()],
  });
  return { service, logs, setNow: (iso: string) => (now = new Date(iso)) };
}

const imported = (id: string, name: string, extra: Parameters<typeof makeSnapshot>[0] = {}) =>
  makeSnapshot({ key: `salesforce:import:${id}`, url: `file:///import.csv#line=${id.length}`, capturedAt: '2026-06-01T10:00:00.000Z', ...extra, fields: { name: known(name, name), ...extra.fields } });

async function list(service: ReturnType<typeof setup>['service'], message: Record<string, unknown> = {}) {
  return listDealsReplySchema.parse(await service.handle({ type: 'ui-bg:list-deals', ...message }, fromReview));
}

describe('ui-bg:list-deals', () => {
  it('answers an empty list before any deal was seen', async () => {
    const { service } = setup();
    expect(await list(service)).toEqual({ ok: true, deals: [], total: 0, next: null, today: '2026-06-01' });
  });

  it('judges each deal seen on pages with its history, and gives its close-date facts', async () => {
    const { service, setNow } = setup();
    const visit = async (day: string, closeDate: string) => {
      setNow(`${day}T12:00:00Z`);
      const snapshot = makeSnapshot({ capturedAt: `${day}T12:00:00.000Z`, fields: { closeDate: known(closeDate, closeDate) } });
      await service.handle({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [snapshot] }, fromTab);
    };
    await visit('2026-05-01', '2026-06-15');
    await visit('2026-05-15', '2026-07-15');
    await visit('2026-05-29', '2026-08-15');
    setNow('2026-06-01T12:00:00Z');
    const reply = await list(service);
    expect(reply.total).toBe(1);
    const [deal] = reply.deals;
    expect(deal!.imported).toBe(false);
    expect(deal!.snapshotCount).toBe(3);
    expect(deal!.firstSeenAt).toBe('2026-05-01T12:00:00.000Z');
    expect(deal!.snapshot.fields.closeDate).toMatchObject({ value: '2026-08-15' });
    expect(deal!.verdict.findings.map((finding) => finding.ruleId)).toContain('close-date-slipping');
    expect(deal!.closeDate).toMatchObject({ firstSeen: '2026-06-15', current: '2026-08-15', pushCount: 2, totalDriftDays: 61, lastChangedOn: '2026-05-29' });
    // The store's own fields stay in the store.
    expect(deal!.snapshot).not.toHaveProperty('fingerprint');
    expect(deal!.snapshot).not.toHaveProperty('id');
  });

  it('shows snoozed findings as snoozed', async () => {
    const { service } = setup();
    const snapshot = imported('S1', 'Snoozed', { fields: { nextStep: { state: 'empty', raw: '' } } });
    await service.handle({ type: 'ui-bg:import-deals', snapshots: [snapshot] }, fromReview);
    expect((await list(service)).deals[0]!.verdict.findings.map((finding) => finding.ruleId)).toEqual(['next-step-missing']);
    await service.handle({ type: 'ui-bg:snooze', dealKey: snapshot.key, ruleId: 'next-step-missing', reason: 'Holiday', days: 7 }, fromReview);
    const verdict = (await list(service)).deals[0]!.verdict;
    expect(verdict.findings).toEqual([]);
    expect(verdict.snoozed.map((finding) => finding.ruleId)).toEqual(['next-step-missing']);
  });

  it('pages through many deals', async () => {
    const { service } = setup();
    const snapshots = Array.from({ length: 7 }, (_, i) => imported(`P${i}`, `Deal ${i}`));
    await service.handle({ type: 'ui-bg:import-deals', snapshots }, fromReview);
    const names: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await list(service, { limit: 3, ...(after ? { after } : {}) });
      pages += 1;
      names.push(...page.deals.map((deal) => String(deal.snapshot.fields.name.state === 'value' ? deal.snapshot.fields.name.value : '')));
      expect(page.total).toBe(7);
      if (page.next === null) break;
      after = page.next;
    }
    expect(pages).toBe(3);
    expect(names.sort()).toEqual(snapshots.map((_, i) => `Deal ${i}`).sort());
  });

  it('refuses a page size over the limit and a request from a content script', async () => {
    const { service } = setup();
    expect(await service.handle({ type: 'ui-bg:list-deals', limit: 100_000 }, fromReview)).toMatchObject({ ok: false, error: expect.stringContaining('limit') });
    expect(await service.handle({ type: 'ui-bg:list-deals' }, fromTab)).toMatchObject({ ok: false });
  });
});

describe('ui-bg:import-deals', () => {
  it('stores imported deals, counts the ones that did not change, and marks them imported', async () => {
    const { service } = setup();
    const snapshots = [imported('A1', 'Acme'), imported('B2', 'Globex')];
    expect(await service.handle({ type: 'ui-bg:import-deals', snapshots }, fromReview)).toEqual({ ok: true, stored: 2, unchanged: 0 });
    const again = [imported('A1', 'Acme', { capturedAt: '2026-06-02T10:00:00.000Z' }), imported('B2', 'Globex renamed', { capturedAt: '2026-06-02T10:00:00.000Z' })];
    expect(await service.handle({ type: 'ui-bg:import-deals', snapshots: again }, fromReview)).toEqual({ ok: true, stored: 1, unchanged: 1 });
    const deals = (await list(service)).deals;
    expect(deals.every((deal) => deal.imported)).toBe(true);
    expect(deals.find((deal) => deal.snapshot.key === 'salesforce:import:B2')!.snapshotCount).toBe(2);
  });

  it("applies the user's stage mapping, as for pages", async () => {
    const { service } = setup(settingsOf({ version: 1, stageMapping: { salesforce: { 'Verbal yes': 'commit' } } }));
    const snapshot = imported('M1', 'Mapped', { fields: { stage: known({ label: 'Verbal yes', canonical: null }, 'Verbal yes') } });
    await service.handle({ type: 'ui-bg:import-deals', snapshots: [snapshot] }, fromReview);
    expect((await list(service)).deals[0]!.snapshot.fields.stage).toMatchObject({ value: { label: 'Verbal yes', canonical: 'commit' } });
  });

  it('refuses snapshots that are not keyed as imports of their CRM, naming the path', async () => {
    const { service } = setup();
    const pageKey = makeSnapshot();
    const reply = await service.handle({ type: 'ui-bg:import-deals', snapshots: [imported('A1', 'Acme'), pageKey] }, fromReview);
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('snapshots.1.key') });
    const otherCrm = imported('X', 'X', { key: 'hubspot:import:X' });
    expect(await service.handle({ type: 'ui-bg:import-deals', snapshots: [otherCrm] }, fromReview)).toMatchObject({ ok: false });
    // Nothing of a refused message is stored.
    expect((await list(service)).total).toBe(0);
  });
});

describe('ui-bg:get-deal-history and ui-bg:remove-imported-deals', () => {
  it("gives a deal's snapshots oldest first", async () => {
    const { service } = setup();
    await service.handle({ type: 'ui-bg:import-deals', snapshots: [imported('H1', 'Second', { capturedAt: '2026-06-02T10:00:00.000Z' })] }, fromReview);
    await service.handle({ type: 'ui-bg:import-deals', snapshots: [imported('H1', 'First', { capturedAt: '2026-05-02T10:00:00.000Z' })] }, fromReview);
    const reply = dealHistoryReplySchema.parse(await service.handle({ type: 'ui-bg:get-deal-history', dealKey: 'salesforce:import:H1' }, fromReview));
    expect(reply.snapshots.map((snapshot) => snapshot.capturedAt)).toEqual(['2026-05-02T10:00:00.000Z', '2026-06-02T10:00:00.000Z']);
    expect(reply.snapshots[0]).not.toHaveProperty('fingerprint');
  });

  it('removes only imported deals', async () => {
    const { service } = setup();
    await service.handle({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [makeSnapshot()] }, fromTab);
    await service.handle({ type: 'ui-bg:import-deals', snapshots: [imported('A1', 'Acme'), imported('B2', 'Globex')] }, fromReview);
    expect((await list(service)).total).toBe(3);
    expect(await service.handle({ type: 'ui-bg:remove-imported-deals' }, fromReview)).toEqual({ ok: true, removed: 2 });
    const left = await list(service);
    expect(left.deals.map((deal) => deal.snapshot.key)).toEqual([makeSnapshot().key]);
  });
});

describe('ui-bg:import-deals when storage is full', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Storage refuses new snapshots that `refuse` picks until something is deleted from the snapshots store. */
  function fillStorage(refuse: (row: { key: string; capturedAt: string }) => boolean) {
    const state = { full: true, refused: 0 };
    const add = IDBObjectStore.prototype.add;
    const remove = IDBObjectStore.prototype.delete;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (state.full && this.name === 'snapshots' && refuse(args[0] as { key: string; capturedAt: string })) {
        state.refused += 1;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return add.apply(this, args);
    });
    vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['delete']>) {
      if (this.name === 'snapshots') state.full = false;
      return remove.apply(this, args);
    });
    return state;
  }

  /** Old history to make room from: three versions of one deal, months ago. */
  async function withOldHistory(service: ReturnType<typeof setup>['service']) {
    for (const [month, name] of [['01', 'Old v1'], ['02', 'Old v2'], ['03', 'Old v3']] as const) {
      await service.handle({ type: 'ui-bg:import-deals', snapshots: [imported('OLD', name, { capturedAt: `2026-${month}-01T10:00:00.000Z` })] }, fromReview);
    }
  }

  it('prunes the oldest history, tells the user, and saves the whole import', async () => {
    const { service, logs } = setup();
    await withOldHistory(service);
    const storage = fillStorage(() => true);
    const reply = await service.handle({ type: 'ui-bg:import-deals', snapshots: [imported('A1', 'Acme'), imported('B2', 'Globex')] }, fromReview);
    expect(reply).toEqual({ ok: true, stored: 2, unchanged: 0 });
    // One batch: its first add is refused, and nothing of it is kept until there is room.
    expect(storage.refused).toBe(1);
    expect(logs.some((line) => /storage was full: removed \d+ old snapshots/.test(line))).toBe(true);
    const { deals } = await list(service);
    expect(deals.map((deal) => deal.snapshot.key).sort()).toEqual(['salesforce:import:A1', 'salesforce:import:B2', 'salesforce:import:OLD']);
    // The old deal keeps its latest version.
    const old = deals.find((deal) => deal.snapshot.key === 'salesforce:import:OLD')!;
    expect(old.snapshot.fields.name).toMatchObject({ state: 'value', value: 'Old v3' });
  });

  it('keeps file order when storage fills up in the middle: the batches before stay, the rest follow after pruning', async () => {
    const { service } = setup();
    await withOldHistory(service);
    // Room for the first batch only; X's newer version is in the second one.
    const batch = Array.from({ length: SAVE_BATCH_SIZE - 1 }, (_, i) => imported(`F${i}`, `Filler ${i}`));
    let adds = 0;
    const storage = fillStorage(() => (adds += 1) > SAVE_BATCH_SIZE);
    const reply = await service.handle(
      {
        type: 'ui-bg:import-deals',
        snapshots: [imported('X', 'X first', { capturedAt: '2026-05-01T10:00:00.000Z' }), ...batch, imported('X', 'X second', { capturedAt: '2026-05-20T10:00:00.000Z' }), imported('Y', 'Y')],
      },
      fromReview,
    );
    expect(storage.refused).toBe(1);
    expect(reply).toEqual({ ok: true, stored: SAVE_BATCH_SIZE + 2, unchanged: 0 });
    const x = (await list(service, { limit: 1000 })).deals.find((deal) => deal.snapshot.key === 'salesforce:import:X')!;
    expect(x.snapshot.fields.name).toMatchObject({ state: 'value', value: 'X second' });
    expect(x.snapshotCount).toBe(2);
  });

  it('answers with an error and keeps what is stored when nothing can be removed', async () => {
    const { service } = setup();
    await service.handle({ type: 'ui-bg:import-deals', snapshots: [imported('KEEP', 'Kept')] }, fromReview);
    fillStorage(() => true);
    const reply = await service.handle({ type: 'ui-bg:import-deals', snapshots: [imported('NEW', 'New')] }, fromReview);
    expect(reply).toMatchObject({ ok: false });
    vi.restoreAllMocks();
    expect((await list(service)).deals.map((deal) => deal.snapshot.key)).toEqual(['salesforce:import:KEEP']);
  });
});
