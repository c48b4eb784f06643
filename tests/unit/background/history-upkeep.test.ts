import { openDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryDataNotices } from '../../../src/background/data-notices';
import {
  createHistoryDbOpener,
  historyDbOpener,
  HistoryDbBlockedError,
  RETENTION_INTERVAL_MS,
  runRetentionIfDue,
  withQuotaRecovery,
} from '../../../src/background/history-upkeep';
import { createBackground } from '../../../src/background/service';
import { DB_VERSION, loadDeal, loadHistory, loadQualification, loadSnoozes, migrations, saveSnapshot, type HistoryDb } from '../../../src/history/store';
import { fingerprint } from '../../../src/model/fingerprint';
import { defaultSettings, loadSettings } from '../../../src/model/settings';
import type { TabState } from '../../../src/messaging/protocol';
import { NOW } from '../../helpers/deals';
import { ACME, answers, GLOBEX, openTestDb, saveQualification, saveSnooze, saveVisits, snooze, visit } from '../../helpers/history-data';

const opened: IDBPDatabase<HistoryDb>[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) db.close();
});

/**
 * Storage that is full until something is deleted from the snapshots store: adding a snapshot throws
 * QuotaExceededError as IndexedDB does, and any removal makes room again.
 */
function fillStorage() {
  const state = { full: true, refused: 0 };
  const add = IDBObjectStore.prototype.add;
  const remove = IDBObjectStore.prototype.delete;
  vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    if (state.full && this.name === 'snapshots') {
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

/** Months of history for two deals, with answers and a snooze. */
async function busyDb() {
  const db = await openTestDb();
  opened.push(db);
  await saveVisits(db, [
    visit(ACME, '2026-01-05T10:00:00.000Z', '2026-02-28'),
    visit(ACME, '2026-02-05T10:00:00.000Z', '2026-03-31'),
    visit(GLOBEX, '2026-02-10T10:00:00.000Z', '2026-04-30', 'Globex renewal'),
    visit(ACME, '2026-03-05T10:00:00.000Z', '2026-04-30'),
    visit(ACME, '2026-04-05T10:00:00.000Z', '2026-05-31'),
  ]);
  await saveQualification(db, answers(ACME, '2026-04-05T10:00:00.000Z'));
  await saveSnooze(db, snooze(GLOBEX, 'stale-activity', '2026-05-01T10:00:00.000Z', '2026-06-15'));
  return db;
}

describe('withQuotaRecovery', () => {
  it('storage full: prunes the oldest snapshots, tells the user, saves the snapshot, and loses nothing else', async () => {
    const db = await busyDb();
    const notices = memoryDataNotices();
    const logs: string[] = [];
    const storage = fillStorage();
    const latest = visit(ACME, '2026-05-31T10:00:00.000Z', '2026-06-30');

    const result = await withQuotaRecovery(db, () => saveSnapshot(db, latest), { retentionDays: 365, now: NOW, notices, log: (m) => logs.push(m) });
    expect(storage.refused).toBe(1);
    expect(result.stored).toBe(true);
    // Retention (a year) removes nothing here; then the oldest snapshots go, never a deal's latest.
    const history = await loadHistory(db, ACME);
    expect(history.at(-1)!.capturedAt).toBe('2026-05-31T10:00:00.000Z');
    expect(history.map((s) => s.capturedAt)).not.toContain('2026-01-05T10:00:00.000Z');
    expect(await loadHistory(db, GLOBEX)).toHaveLength(1);
    expect(await loadDeal(db, ACME)).toMatchObject({ snapshotCount: history.length, firstSeenAt: history[0]!.capturedAt, latestFingerprint: fingerprint(latest.fields) });
    expect(await loadDeal(db, GLOBEX)).toBeDefined();
    expect(await loadQualification(db, ACME)).not.toBeNull();
    expect(await loadSnoozes(db, GLOBEX)).toHaveLength(1);
    // The user is told: the options page shows when and how much.
    expect(notices.state.lastPrunedForQuotaAt).toBe(NOW.toISOString());
    expect(notices.state.prunedForQuotaSnapshots).toBeGreaterThanOrEqual(1);
    expect(logs).toEqual([expect.stringMatching(/^storage was full: removed \d+ old snapshots/)]);
    expect(logs.join(' ')).not.toMatch(/Acme|Globex|250/);
  });

  it('adds up what was removed until the notice is dismissed', async () => {
    const db = await busyDb();
    const notices = memoryDataNotices({ lastPrunedForQuotaAt: '2026-05-01T00:00:00.000Z', prunedForQuotaSnapshots: 4 });
    fillStorage();
    await withQuotaRecovery(db, () => saveSnapshot(db, visit(ACME, '2026-05-31T10:00:00.000Z', '2026-06-30')), { retentionDays: 365, now: NOW, notices });
    expect(notices.state.prunedForQuotaSnapshots).toBeGreaterThan(4);
  });

  it('throws the original error, with no notice, when there is nothing old left to remove', async () => {
    const db = await openTestDb();
    opened.push(db);
    await saveVisits(db, [visit(ACME, '2026-05-01T10:00:00.000Z', '2026-06-30')]);
    const notices = memoryDataNotices();
    fillStorage();
    await expect(
      withQuotaRecovery(db, () => saveSnapshot(db, visit(ACME, '2026-05-31T10:00:00.000Z', '2026-07-31')), { retentionDays: 365, now: NOW, notices }),
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(notices.state.lastPrunedForQuotaAt).toBeNull();
    expect(await loadHistory(db, ACME)).toHaveLength(1);
  });

  it('retries once only: still full after pruning, the second error is thrown', async () => {
    const db = await busyDb();
    const action = vi.fn(async () => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    await expect(withQuotaRecovery(db, action, { retentionDays: 365, now: NOW, notices: memoryDataNotices() })).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(action).toHaveBeenCalledTimes(2);
  });

  it('leaves other errors alone: no pruning, no retry', async () => {
    const db = await busyDb();
    const action = vi.fn(async () => {
      throw new TypeError('bad snapshot');
    });
    await expect(withQuotaRecovery(db, action, { retentionDays: 30, now: NOW, notices: memoryDataNotices() })).rejects.toThrow('bad snapshot');
    expect(action).toHaveBeenCalledTimes(1);
    expect(await loadHistory(db, ACME)).toHaveLength(4);
  });
});

describe('runRetentionIfDue', () => {
  it('runs at most once a day, and again when the clock was set back', async () => {
    const db = await busyDb();
    const notices = memoryDataNotices();
    const options = { retentionDays: 90, notices };
    // Acme's two snapshots before 3 March, and Globex, not seen since 10 February.
    expect(await runRetentionIfDue(db, { ...options, now: NOW })).toMatchObject({ removedSnapshots: 3, removedDeals: 1 });
    expect(notices.state.lastRetentionAt).toBe(NOW.toISOString());
    const later = new Date(NOW.getTime() + RETENTION_INTERVAL_MS - 1000);
    expect(await runRetentionIfDue(db, { ...options, now: later })).toBeNull();
    const nextDay = new Date(NOW.getTime() + 24 * 3600 * 1000);
    expect(await runRetentionIfDue(db, { ...options, now: nextDay })).toMatchObject({ removedSnapshots: 0 });
    // A last run "in the future" (clock set back): run now rather than wait.
    expect(await runRetentionIfDue(db, { ...options, now: NOW })).not.toBeNull();
  });
});

/** A database as version 2 left it, with history, held open by a connection that ignores upgrade requests. */
async function oldCopyHoldingV2(name: string) {
  const v2 = await openDB<HistoryDb>(name, 2, {
    upgrade: async (db, oldVersion, _new, tx) => {
      for (let step = oldVersion + 1; step <= 2; step++) await migrations[step]!(db, tx as never);
    },
  });
  const old = visit(ACME, '2026-04-01T10:00:00.000Z', '2026-05-31');
  await v2.add('snapshots', { ...old, fingerprint: fingerprint(old.fields) });
  await v2.put('deals', { key: ACME, crm: 'salesforce', firstSeenAt: old.capturedAt, lastSeenAt: old.capturedAt, latestFingerprint: fingerprint(old.fields), snapshotCount: 1 });
  return v2;
}

describe('createHistoryDbOpener: the database blocked by another connection', () => {
  it('fails soon while the upgrade waits, then opens the upgraded database with nothing lost', async () => {
    const name = `blocked-${Date.now()}`;
    const v2 = await oldCopyHoldingV2(name);
    const logs: string[] = [];
    const openDb = createHistoryDbOpener({ name, log: (m) => logs.push(m), blockedWaitMs: 100 });

    const started = Date.now();
    await expect(openDb()).rejects.toBeInstanceOf(HistoryDbBlockedError);
    // Still blocked: the next caller is told too, and no second request piles up behind the first.
    await expect(openDb()).rejects.toBeInstanceOf(HistoryDbBlockedError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(logs).toEqual(['history database upgrade is waiting: another copy of Deal Hygiene holds the database open']);

    v2.close();
    const db = await openDb();
    opened.push(db);
    expect(db.version).toBe(DB_VERSION);
    expect(await loadHistory(db, ACME)).toHaveLength(1);
    expect(await loadDeal(db, ACME)).toMatchObject({ snapshotCount: 1 });
    expect(db.objectStoreNames.contains('qualification')).toBe(true);
    expect(await openDb()).toBe(db);
    expect(logs.at(-1)).toBe('history database upgraded after the other connection closed');
  });

  it('the background goes on judging pages without history while blocked, and stores history once unblocked', async () => {
    const name = `blocked-bg-${Date.now()}`;
    const v2 = await oldCopyHoldingV2(name);
    const logs: string[] = [];
    const states = new Map<number, TabState>();
    const openDb = createHistoryDbOpener({ name, log: (m) => logs.push(m) });
    const service = createBackground({
      openDb,
      loadSettings: async () => defaultSettings(),
      tabStates: { get: async (id) => states.get(id), set: async (id, s) => void states.set(id, s), remove: async (id) => void states.delete(id) },
      setToolbarBadge: async () => {},
      now: () => NOW,
      extensionId: 'abcdefghijklmnopabcdefghijklmnop',
      extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/',
      log: (m) => logs.push(m),
    });
    const sender = { id: 'abcdefghijklmnopabcdefghijklmnop', tab: { id: 3 }, url: 'https://acme.lightning.force.com/x' };
    const page = visit(ACME, '2026-05-31T10:00:00.000Z', '2026-06-30');
    const message = { type: 'cs-bg:snapshot', url: page.url, pageKind: 'record', snapshots: [page] };

    const reply = (await service.handle(message, sender)) as { ok: boolean; verdicts: unknown[] };
    expect(reply.ok).toBe(true);
    expect(reply.verdicts).toHaveLength(1);
    expect(logs).toContain('history database upgrade is waiting: another copy of Deal Hygiene holds the database open');
    expect(logs).toContain('history not saved for a salesforce deal: HistoryDbBlockedError');

    v2.close();
    await vi.waitFor(async () => {
      expect(((await service.handle(message, sender)) as { ok: boolean }).ok).toBe(true);
      const db = await openDb();
      opened.push(db);
      expect((await loadHistory(db, ACME)).map((s) => s.capturedAt)).toEqual(['2026-04-01T10:00:00.000Z', '2026-05-31T10:00:00.000Z']);
    });
    expect(logs.join(' ')).not.toMatch(/Acme/);
  });
});

describe('historyDbOpener', () => {
  it('applies the retention period from the settings when the worker first opens the database', async () => {
    const name = `upkeep-${Date.now()}`;
    const seed = await createHistoryDbOpener({ name, log: () => {} })();
    await saveVisits(seed, [visit(ACME, '2025-01-05T10:00:00.000Z', '2025-02-28'), visit(ACME, '2026-05-05T10:00:00.000Z', '2026-06-30')]);
    seed.close();
    const settings = loadSettings({ version: 1, privacy: { retentionDays: 30 } });
    if (!settings.ok) throw new Error('settings');
    const notices = memoryDataNotices();
    const logs: string[] = [];
    const db = await historyDbOpener({ name, log: (m) => logs.push(m), loadSettings: async () => settings.settings, now: () => NOW, notices })();
    opened.push(db);
    await vi.waitFor(() => expect(notices.state.lastRetentionAt).toBe(NOW.toISOString()));
    expect(await loadHistory(db, ACME)).toHaveLength(1);
    expect(logs).toEqual(['retention (30 days): removed 1 snapshots and 0 deals']);
  });
});
