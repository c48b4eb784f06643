import type { IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DATA_NOTICES_KEY } from '../../../src/background/data-notices';
import { createDataHandlers } from '../../../src/background/handlers/data';
import { createHistoryDbOpener } from '../../../src/background/history-upkeep';
import { createBackground } from '../../../src/background/service';
import { sessionTabStates } from '../../../src/background/tab-states';
import { readSettings, SETTINGS_KEY, writeSettings } from '../../../src/background/settings-storage';
import { checkExportFile } from '../../../src/history/backup';
import { loadHistory, loadQualification, openHistoryDb, saveQualification, saveSnooze, type HistoryDb } from '../../../src/history/store';
import {
  applyRetentionReplySchema,
  dataErrorReplySchema,
  deleteEverythingReplySchema,
  exportEverythingReplySchema,
  importEverythingReplySchema,
  storageUsageReplySchema,
  type StorageUsage,
} from '../../../src/messaging/data';
import { CUSTOM_CRMS_KEY } from '../../../src/model/crm-mapping';
import { NOW } from '../../helpers/deals';
import { ACME, answers, GLOBEX, snooze, visit } from '../../helpers/history-data';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const fromOptions = { id: EXTENSION_ID, url: `${ORIGIN}options.html` };
const fromTab = { id: EXTENSION_ID, tab: { id: 5 }, url: 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view' };
const TRYTON = { id: 'tryton', name: 'Tryton', matches: ['https://crm.example.com/*'], recordId: { pattern: '/sale\\.opportunity/(\\d+)' } };

const opened: IDBPDatabase<HistoryDb>[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) db.close();
});

let count = 0;
function setup(options: { openDb?: () => Promise<IDBPDatabase<HistoryDb>>; estimate?: () => Promise<{ usage?: number; quota?: number }> } = {}) {
  const name = `data-test-${Date.now()}-${++count}`;
  let dbPromise: Promise<IDBPDatabase<HistoryDb>> | null = null;
  const db = () => {
    dbPromise ??= openHistoryDb(name).then((database) => {
      opened.push(database);
      return database;
    });
    return dbPromise;
  };
  const logs: string[] = [];
  const service = createBackground({
    openDb: options.openDb ?? db,
    loadSettings: () => readSettings(),
    tabStates: sessionTabStates(),
    setToolbarBadge: async () => {},
    now: () => NOW,
    extensionId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    log: (message) => logs.push(message),
    areas: [createDataHandlers({ estimate: options.estimate ?? (async () => ({ usage: 48_000, quota: 2_000_000_000 })) })],
  });
  const send = (message: Record<string, unknown>, sender: object = fromOptions) => service.handle(message, sender);
  const visitPage = (snapshot: ReturnType<typeof visit>) => send({ type: 'cs-bg:snapshot', url: snapshot.url, pageKind: 'record', snapshots: [snapshot] }, fromTab);
  const usage = async (): Promise<StorageUsage> => storageUsageReplySchema.parse(await send({ type: 'ui-bg:get-storage-usage' })).usage;
  return { service, send, visitPage, usage, logs, db };
}

/** A rep's browser after some weeks: two deals visited, answers, a snooze, a custom CRM and own settings. */
async function lived(env: ReturnType<typeof setup>) {
  await writeSettings({ version: 1, rules: { 'stale-record': { enabled: false } }, privacy: { retentionDays: 180 } });
  await fakeBrowser.storage.local.set({ [CUSTOM_CRMS_KEY]: [TRYTON] });
  await env.visitPage(visit(ACME, '2026-04-01T10:00:00.000Z', '2026-05-31'));
  await env.visitPage(visit(GLOBEX, '2026-04-10T10:00:00.000Z', '2026-06-30', 'Globex renewal'));
  await env.visitPage(visit(ACME, '2026-05-01T10:00:00.000Z', '2026-06-30'));
  const db = await env.db();
  await saveQualification(db, answers(ACME, '2026-05-02T10:00:00.000Z'));
  await saveSnooze(db, snooze(GLOBEX, 'stale-activity', '2026-05-01T10:00:00.000Z', '2026-06-15'));
}

describe('ui-bg:get-storage-usage', () => {
  it('counts what is stored and passes on what the browser says about its size', async () => {
    const env = setup();
    expect(await env.usage()).toEqual({
      deals: 0,
      snapshots: 0,
      qualifications: 0,
      snoozes: 0,
      bytes: 48_000,
      quotaBytes: 2_000_000_000,
      oldestSnapshotAt: null,
      lastRetentionAt: null,
      lastPrunedForQuotaAt: null,
      prunedForQuotaSnapshots: 0,
    });
    await lived(env);
    expect(await env.usage()).toMatchObject({ deals: 2, snapshots: 3, qualifications: 1, snoozes: 1, oldestSnapshotAt: '2026-04-01T10:00:00.000Z' });
  });

  it('says null when the browser cannot estimate, and shows a storage-full notice until it is dismissed', async () => {
    const env = setup({ estimate: async () => Promise.reject(new Error('no estimate')) });
    await fakeBrowser.storage.local.set({ [DATA_NOTICES_KEY]: { lastPrunedForQuotaAt: '2026-05-30T08:00:00.000Z', prunedForQuotaSnapshots: 12 } });
    expect(await env.usage()).toMatchObject({ bytes: null, quotaBytes: null, lastPrunedForQuotaAt: '2026-05-30T08:00:00.000Z', prunedForQuotaSnapshots: 12 });
    expect(await env.send({ type: 'ui-bg:dismiss-storage-notice' })).toEqual({ ok: true });
    expect(await env.usage()).toMatchObject({ lastPrunedForQuotaAt: null, prunedForQuotaSnapshots: 0 });
  });
});

describe('export, delete everything, import', () => {
  it('exports everything, deletes everything, and brings it all back from the export', async () => {
    const env = setup();
    await lived(env);
    const before = await env.usage();

    const exported = exportEverythingReplySchema.parse(await env.send({ type: 'ui-bg:export-everything' }));
    expect(exported.skipped).toEqual({ deals: 0, snapshots: 0, qualification: 0, snoozes: 0, customCrms: 0 });
    const file = JSON.parse(JSON.stringify(exported.file));
    expect(file).toMatchObject({ kind: 'deal-hygiene-export', exportedAt: NOW.toISOString(), settings: { privacy: { retentionDays: 180 } } });
    expect(checkExportFile(file, NOW).ok).toBe(true);

    const deleted = deleteEverythingReplySchema.parse(await env.send({ type: 'ui-bg:delete-everything' }));
    expect(deleted.counts).toEqual({ deals: 2, snapshots: 3, qualification: 1, snoozes: 1 });
    expect(await env.usage()).toMatchObject({ deals: 0, snapshots: 0, qualifications: 0, snoozes: 0, oldestSnapshotAt: null });
    // Settings back to the defaults, custom CRMs and tab states gone.
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect((await readSettings()).privacy.retentionDays).toBe(365);

    const imported = importEverythingReplySchema.parse(await env.send({ type: 'ui-bg:import-everything', file }));
    expect(imported.counts).toEqual({ deals: 2, snapshots: 3, qualification: 1, snoozes: 1, customCrms: 1 });
    expect(await env.usage()).toEqual(before);
    expect((await readSettings()).privacy.retentionDays).toBe(180);
    expect((await readSettings()).rules['stale-record']?.enabled).toBe(false);
    expect((await fakeBrowser.storage.local.get(CUSTOM_CRMS_KEY))[CUSTOM_CRMS_KEY]).toEqual([expect.objectContaining(TRYTON)]);
    const db = await env.db();
    expect((await loadHistory(db, ACME)).map((s) => s.capturedAt)).toEqual(['2026-04-01T10:00:00.000Z', '2026-05-01T10:00:00.000Z']);
    expect(await loadQualification(db, ACME)).toMatchObject({ answers: { 'economic-buyer': { answer: 'partly' } } });
    // The restored history works on: the next visit that changes the deal adds to it.
    await env.visitPage(visit(ACME, '2026-05-31T10:00:00.000Z', '2026-07-31'));
    expect(await loadHistory(db, ACME)).toHaveLength(3);
  });

  it('refuses an invalid file with every error by path, and changes nothing', async () => {
    const env = setup();
    await lived(env);
    const before = await env.usage();
    const settingsBefore = await fakeBrowser.storage.sync.get(null);
    const file = JSON.parse(JSON.stringify(exportEverythingReplySchema.parse(await env.send({ type: 'ui-bg:export-everything' })).file));
    file.snapshots[0].capturedAt = 'last Tuesday';
    file.settings.privacy.retentionDays = 7;
    const reply = dataErrorReplySchema.parse(await env.send({ type: 'ui-bg:import-everything', file }));
    expect(reply.code).toBe('invalid-file');
    expect(reply.error).toBe('the file is not a valid Deal Hygiene export (2 problems)');
    expect(reply.errors).toEqual([expect.stringMatching(/^snapshots\.0\.capturedAt: /), expect.stringMatching(/^settings\.privacy\.retentionDays: /)]);
    expect(await env.usage()).toEqual(before);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(settingsBefore);
    // The errors go back to the page; the log holds no part of the file.
    expect(env.logs.join('\n')).not.toContain('last Tuesday');
  });

  it('storage too full for the import: nothing changes, settings and custom CRMs included', async () => {
    const env = setup();
    await lived(env);
    const file = JSON.parse(JSON.stringify(exportEverythingReplySchema.parse(await env.send({ type: 'ui-bg:export-everything' })).file));
    file.settings.privacy.retentionDays = 30;
    file.customCrms = [];
    const before = await env.usage();
    const syncBefore = await fakeBrowser.storage.sync.get(null);
    const add = IDBObjectStore.prototype.add;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'snapshots') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.apply(this, args);
    });
    const reply = dataErrorReplySchema.parse(await env.send({ type: 'ui-bg:import-everything', file }));
    vi.restoreAllMocks();
    expect(reply).toMatchObject({ code: 'quota', error: 'not enough storage for this import; nothing was changed' });
    expect(await env.usage()).toEqual(before);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(syncBefore);
    expect((await fakeBrowser.storage.local.get(CUSTOM_CRMS_KEY))[CUSTOM_CRMS_KEY]).toEqual([TRYTON]);
  });

  it('only extension pages may export, import or delete', async () => {
    const env = setup();
    await lived(env);
    for (const type of ['ui-bg:export-everything', 'ui-bg:delete-everything', 'ui-bg:get-storage-usage']) {
      expect(await env.send({ type }, fromTab)).toEqual({ ok: false, error: `rejected ${type}: not allowed from this sender` });
    }
    expect((await env.usage()).deals).toBe(2);
  });

  it('never logs deal names, amounts or keys', async () => {
    const env = setup();
    await lived(env);
    const file = (exportEverythingReplySchema.parse(await env.send({ type: 'ui-bg:export-everything' }))).file;
    await env.send({ type: 'ui-bg:delete-everything' });
    await env.send({ type: 'ui-bg:import-everything', file });
    await env.send({ type: 'ui-bg:import-everything', file: { ...file, deals: 'x' } });
    await env.send({ type: 'ui-bg:apply-retention' });
    expect(env.logs.length).toBeGreaterThan(0);
    expect(env.logs.join('\n')).not.toMatch(/Acme|Globex|250[,.]?000|0065g00000|Dana Seller/);
  });
});

describe('ui-bg:apply-retention', () => {
  it('applies the retention period from the settings now, and notes when', async () => {
    const env = setup();
    await lived(env);
    await writeSettings({ version: 1, privacy: { retentionDays: 45 } });
    // 45 days before NOW is 17 April: Acme's first snapshot goes, Globex (last seen 10 April) goes entirely.
    expect(applyRetentionReplySchema.parse(await env.send({ type: 'ui-bg:apply-retention' }))).toEqual({ ok: true, removed: 2, removedDeals: 1 });
    expect(await env.usage()).toMatchObject({ deals: 1, snapshots: 1, snoozes: 0, qualifications: 1, lastRetentionAt: NOW.toISOString(), oldestSnapshotAt: '2026-05-01T10:00:00.000Z' });
  });
});

describe('the database blocked by another connection', () => {
  it('says so with a code the page can explain, and loses nothing', async () => {
    const name = `data-blocked-${Date.now()}`;
    const old = await openHistoryDb(name, 2);
    await old.put('deals', { key: ACME, crm: 'salesforce', firstSeenAt: NOW.toISOString(), lastSeenAt: NOW.toISOString(), latestFingerprint: 'x', snapshotCount: 0 });
    const env = setup({ openDb: createHistoryDbOpener({ name, log: () => {}, blockedWaitMs: 20 }) });
    for (const type of ['ui-bg:get-storage-usage', 'ui-bg:export-everything', 'ui-bg:delete-everything', 'ui-bg:apply-retention']) {
      expect(dataErrorReplySchema.parse(await env.send({ type }))).toMatchObject({ code: 'db-blocked' });
    }
    const reply = dataErrorReplySchema.parse(await env.send({ type: 'ui-bg:import-everything', file: { kind: 'deal-hygiene-export' } }));
    expect(reply.code).toBe('invalid-file');
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { version: 1, privacy: { retentionDays: 60 } } });
    old.close();
    await vi.waitFor(async () => expect((await env.usage()).deals).toBe(1));
    expect((await readSettings()).privacy.retentionDays).toBe(60);
  });
});
