import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyRetention, isQuotaExceeded, pruneForQuota, pruneOldestSnapshots, retentionCutoff } from '../../../src/history/retention';
import { loadDeal, loadHistory, loadQualification, loadSnoozes, saveSnapshot } from '../../../src/history/store';
import { fingerprint } from '../../../src/model/fingerprint';
import { NOW } from '../../helpers/deals';
import { ACME, answers, GLOBEX, INITECH, openTestDb, saveQualification, saveSnooze, saveVisits, snooze, visit } from '../../helpers/history-data';

// NOW is 2026-06-01T12:00Z; 90 days before it is 2026-03-03T12:00Z.
const DAYS_90 = { retentionDays: 90, now: NOW };

afterEach(() => vi.restoreAllMocks());

describe('retentionCutoff', () => {
  it('is the retention period before now', () => {
    expect(new Date(retentionCutoff(NOW, 90)).toISOString()).toBe('2026-03-03T12:00:00.000Z');
    expect(new Date(retentionCutoff(NOW, 365)).toISOString()).toBe('2025-06-01T12:00:00.000Z');
  });
});

describe('applyRetention', () => {
  it('removes snapshots older than the period, keeps the rest, and keeps the summary consistent', async () => {
    const db = await openTestDb();
    await saveVisits(db, [
      visit(ACME, '2025-12-01T10:00:00.000Z', '2026-01-31'),
      visit(ACME, '2026-02-01T10:00:00.000Z', '2026-03-31'),
      visit(ACME, '2026-04-01T10:00:00.000Z', '2026-05-31'),
      visit(ACME, '2026-05-20T10:00:00.000Z', '2026-06-30'),
    ]);
    const result = await applyRetention(db, DAYS_90);
    expect(result).toEqual({ removedSnapshots: 2, removedDeals: 0, removedAnswers: 0, removedSnoozes: 0 });
    expect((await loadHistory(db, ACME)).map((s) => s.capturedAt)).toEqual(['2026-04-01T10:00:00.000Z', '2026-05-20T10:00:00.000Z']);
    expect(await loadDeal(db, ACME)).toEqual({
      key: ACME,
      crm: 'salesforce',
      firstSeenAt: '2026-04-01T10:00:00.000Z',
      lastSeenAt: '2026-05-20T10:00:00.000Z',
      latestFingerprint: fingerprint(visit(ACME, '2026-05-20T10:00:00.000Z', '2026-06-30').fields),
      snapshotCount: 2,
    });
    db.close();
  });

  it('always keeps a deal\'s latest snapshot, even when every snapshot is older than the period', async () => {
    const db = await openTestDb();
    await saveVisits(db, [
      visit(ACME, '2025-10-01T10:00:00.000Z', '2025-12-31'),
      visit(ACME, '2025-11-01T10:00:00.000Z', '2026-01-31'),
      // Seen again last week, unchanged: no new snapshot, but the deal is current.
      visit(ACME, '2026-05-25T10:00:00.000Z', '2026-01-31'),
    ]);
    expect(await applyRetention(db, DAYS_90)).toMatchObject({ removedSnapshots: 1, removedDeals: 0 });
    const history = await loadHistory(db, ACME);
    expect(history.map((s) => s.capturedAt)).toEqual(['2025-11-01T10:00:00.000Z']);
    expect(await loadDeal(db, ACME)).toMatchObject({ snapshotCount: 1, firstSeenAt: '2025-11-01T10:00:00.000Z', lastSeenAt: '2026-05-25T10:00:00.000Z' });
    // The deal goes on working: the same page again stores nothing new.
    expect((await saveSnapshot(db, visit(ACME, '2026-06-01T09:00:00.000Z', '2026-01-31'))).stored).toBe(false);
    db.close();
  });

  it('removes a deal not seen within the period entirely, with its answers and snoozes, and nothing of other deals', async () => {
    const db = await openTestDb();
    await saveVisits(db, [
      visit(GLOBEX, '2025-09-01T10:00:00.000Z', '2025-10-31', 'Globex renewal'),
      visit(GLOBEX, '2025-10-01T10:00:00.000Z', '2025-11-30', 'Globex renewal'),
      visit(ACME, '2026-05-01T10:00:00.000Z', '2026-06-30'),
    ]);
    await saveQualification(db, answers(GLOBEX, '2025-10-01T10:00:00.000Z'));
    await saveQualification(db, answers(ACME, '2026-05-01T10:00:00.000Z'));
    await saveSnooze(db, snooze(GLOBEX, 'stale-activity', '2025-10-01T10:00:00.000Z', '2025-10-15'));
    await saveSnooze(db, snooze(GLOBEX, 'next-step-missing', '2025-10-01T10:00:00.000Z', '2025-10-08'));
    await saveSnooze(db, snooze(ACME, 'stale-activity', '2026-05-01T10:00:00.000Z', '2026-06-15'));

    expect(await applyRetention(db, DAYS_90)).toEqual({ removedSnapshots: 2, removedDeals: 1, removedAnswers: 1, removedSnoozes: 2 });
    expect(await loadDeal(db, GLOBEX)).toBeUndefined();
    expect(await loadHistory(db, GLOBEX)).toEqual([]);
    expect(await loadQualification(db, GLOBEX)).toBeNull();
    expect(await loadSnoozes(db, GLOBEX)).toEqual([]);
    expect(await loadHistory(db, ACME)).toHaveLength(1);
    expect(await loadQualification(db, ACME)).not.toBeNull();
    expect(await loadSnoozes(db, ACME)).toHaveLength(1);
    db.close();
  });

  it('removes answers and expired snoozes of deals never read once they are older than the period, and keeps a snooze still in force', async () => {
    const db = await openTestDb();
    // Qualified by name: the page could not be read, so there is no deal summary.
    await saveQualification(db, answers(INITECH, '2025-12-01T10:00:00.000Z', 'Initech pilot'));
    await saveQualification(db, answers(GLOBEX, '2026-05-01T10:00:00.000Z', 'Globex renewal'));
    await saveSnooze(db, snooze(INITECH, 'stale-activity', '2025-12-01T10:00:00.000Z', '2025-12-31'));
    await saveSnooze(db, snooze(INITECH, 'close-date-parked', '2025-12-01T10:00:00.000Z', '2026-07-01'));
    expect(await applyRetention(db, DAYS_90)).toEqual({ removedSnapshots: 0, removedDeals: 0, removedAnswers: 1, removedSnoozes: 1 });
    expect(await loadQualification(db, INITECH)).toBeNull();
    expect(await loadQualification(db, GLOBEX)).not.toBeNull();
    expect((await loadSnoozes(db, INITECH)).map((s) => s.ruleId)).toEqual(['close-date-parked']);
    db.close();
  });

  it('removes nothing when everything is within the period, and a second run removes nothing more', async () => {
    const db = await openTestDb();
    await saveVisits(db, [visit(ACME, '2026-04-01T10:00:00.000Z', '2026-05-31'), visit(ACME, '2026-05-20T10:00:00.000Z', '2026-06-30')]);
    const none = { removedSnapshots: 0, removedDeals: 0, removedAnswers: 0, removedSnoozes: 0 };
    expect(await applyRetention(db, DAYS_90)).toEqual(none);
    expect(await applyRetention(db, { retentionDays: 30, now: NOW })).toEqual({ ...none, removedSnapshots: 1 });
    expect(await applyRetention(db, { retentionDays: 30, now: NOW })).toEqual(none);
    expect(await loadDeal(db, ACME)).toMatchObject({ snapshotCount: 1, firstSeenAt: '2026-05-20T10:00:00.000Z' });
    db.close();
  });

  it('takes time from `now`, never from the clock', async () => {
    const db = await openTestDb();
    await saveVisits(db, [visit(ACME, '2026-01-01T10:00:00.000Z', '2026-02-28'), visit(ACME, '2026-04-01T10:00:00.000Z', '2026-05-31')]);
    expect(await applyRetention(db, { retentionDays: 90, now: new Date('2026-03-01T00:00:00Z') })).toMatchObject({ removedSnapshots: 0, removedDeals: 0 });
    expect(await applyRetention(db, { retentionDays: 90, now: new Date('2026-06-01T00:00:00Z') })).toMatchObject({ removedSnapshots: 1, removedDeals: 0 });
    expect(await applyRetention(db, { retentionDays: 90, now: new Date('2026-12-01T00:00:00Z') })).toMatchObject({ removedSnapshots: 1, removedDeals: 1 });
    db.close();
  });

  it('places capture times with offsets correctly in time', async () => {
    const db = await openTestDb();
    // 2026-03-03T13:30+02:00 is 11:30Z: just before the cutoff, though its text sorts after it.
    await saveVisits(db, [visit(ACME, '2026-03-03T13:30:00+02:00', '2026-04-30'), visit(ACME, '2026-05-01T10:00:00.000Z', '2026-06-30')]);
    expect(await applyRetention(db, DAYS_90)).toMatchObject({ removedSnapshots: 1 });
    db.close();
  });
});

describe('pruneOldestSnapshots', () => {
  it('removes the oldest snapshots across deals first, never a deal\'s latest, until the target is freed', async () => {
    const db = await openTestDb();
    await saveVisits(db, [
      visit(ACME, '2026-01-01T10:00:00.000Z', '2026-02-28'),
      visit(GLOBEX, '2026-01-15T10:00:00.000Z', '2026-03-31', 'Globex renewal'),
      visit(ACME, '2026-02-01T10:00:00.000Z', '2026-03-31'),
      visit(GLOBEX, '2026-02-15T10:00:00.000Z', '2026-04-30', 'Globex renewal'),
      visit(ACME, '2026-03-01T10:00:00.000Z', '2026-04-30'),
    ]);
    const oneSnapshot = JSON.stringify((await loadHistory(db, ACME))[0]).length;
    // About two snapshots' worth: the two oldest go (Acme's first, then Globex's first).
    const { removed, freedBytes } = await pruneOldestSnapshots(db, { targetBytes: oneSnapshot * 2 - 10 });
    expect(removed).toBe(2);
    expect(freedBytes).toBeGreaterThanOrEqual(oneSnapshot * 2 - 10);
    expect((await loadHistory(db, ACME)).map((s) => s.capturedAt)).toEqual(['2026-02-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z']);
    expect((await loadHistory(db, GLOBEX)).map((s) => s.capturedAt)).toEqual(['2026-02-15T10:00:00.000Z']);
    expect(await loadDeal(db, ACME)).toMatchObject({ snapshotCount: 2, firstSeenAt: '2026-02-01T10:00:00.000Z' });
    expect(await loadDeal(db, GLOBEX)).toMatchObject({ snapshotCount: 1, firstSeenAt: '2026-02-15T10:00:00.000Z' });

    // Asked for far more than there is, it stops at each deal's latest snapshot.
    expect((await pruneOldestSnapshots(db, { targetBytes: 1e12 })).removed).toBe(1);
    expect(await loadHistory(db, ACME)).toHaveLength(1);
    expect(await loadHistory(db, GLOBEX)).toHaveLength(1);
    expect((await pruneOldestSnapshots(db, { targetBytes: 1e12 })).removed).toBe(0);
    db.close();
  });

  it('by default frees at least a megabyte (here: everything but the latest snapshots)', async () => {
    const db = await openTestDb();
    await saveVisits(db, Array.from({ length: 6 }, (_, i) => visit(ACME, `2026-0${i + 1}-01T10:00:00.000Z`, `2026-0${i + 2}-28`)));
    expect((await pruneOldestSnapshots(db)).removed).toBe(5);
    db.close();
  });
});

describe('pruneForQuota', () => {
  it('applies the retention period, then removes the oldest snapshots; answers, snoozes and summaries stay', async () => {
    const db = await openTestDb();
    await saveVisits(db, [
      visit(GLOBEX, '2025-09-01T10:00:00.000Z', '2025-10-31', 'Globex renewal'),
      visit(ACME, '2026-04-01T10:00:00.000Z', '2026-05-31'),
      visit(ACME, '2026-05-01T10:00:00.000Z', '2026-06-30'),
      visit(ACME, '2026-05-20T10:00:00.000Z', '2026-07-31'),
    ]);
    await saveQualification(db, answers(ACME, '2026-05-01T10:00:00.000Z'));
    await saveSnooze(db, snooze(ACME, 'stale-activity', '2026-05-01T10:00:00.000Z', '2026-06-15'));
    const oneSnapshot = JSON.stringify((await loadHistory(db, ACME))[0]).length;
    const result = await pruneForQuota(db, { ...DAYS_90, targetBytes: oneSnapshot - 10 });
    expect(result.retention).toMatchObject({ removedDeals: 1, removedSnapshots: 1 });
    expect(result.removedOldest).toBe(1);
    expect(result.removedSnapshots).toBe(2);
    expect((await loadHistory(db, ACME)).map((s) => s.capturedAt)).toEqual(['2026-05-01T10:00:00.000Z', '2026-05-20T10:00:00.000Z']);
    expect(await loadQualification(db, ACME)).not.toBeNull();
    expect(await loadSnoozes(db, ACME)).toHaveLength(1);
    expect(await loadDeal(db, ACME)).toMatchObject({ snapshotCount: 2 });
    db.close();
  });
});

describe('isQuotaExceeded', () => {
  it('recognises QuotaExceededError, also inside an aborted transaction\'s error or cause', () => {
    expect(isQuotaExceeded(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaExceeded({ name: 'AbortError', error: new DOMException('full', 'QuotaExceededError') })).toBe(true);
    expect(isQuotaExceeded(new Error('wrapped', { cause: new DOMException('full', 'QuotaExceededError') }))).toBe(true);
    expect(isQuotaExceeded({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaExceeded(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaExceeded(new Error('QuotaExceededError'))).toBe(false);
    expect(isQuotaExceeded(null)).toBe(false);
    const loop: { name: string; cause?: unknown } = { name: 'Error' };
    loop.cause = loop;
    expect(isQuotaExceeded(loop)).toBe(false);
  });
});
