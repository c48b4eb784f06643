import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import {
  DB_VERSION,
  loadDeal,
  loadHistory,
  loadQualification,
  loadSnoozes,
  migrations,
  openHistoryDb,
  removeSnooze,
  saveQualification,
  saveSnapshot,
  saveSnapshots,
  saveSnooze,
  type HistoryDb,
} from '../../../src/history/store';
import { fingerprint } from '../../../src/model/fingerprint';
import type { DealSnapshot } from '../../../src/model/deal';
import { known, unknown } from '../../../src/model/field';

let counter = 0;
const uniqueName = () => `history-test-${Date.now()}-${counter++}`;

function snapshot(capturedAt: string, closeDate: string, key = 'salesforce:acme.lightning.force.com:0065g00000AcmeQ'): DealSnapshot {
  return {
    key,
    crm: 'salesforce',
    url: 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view',
    capturedAt,
    source: 'page',
    fields: {
      name: known('Acme', 'Acme'),
      amount: known({ value: 1000, currency: 'USD' }, '$1,000.00'),
      stage: known({ label: 'Prospecting', canonical: 'prospect' }, 'Prospecting'),
      probability: known(10, '10%'),
      forecastCategory: unknown('not on layout'),
      closeDate: known(closeDate, closeDate),
      createdDate: unknown('not on layout'),
      lastActivityDate: unknown('not on layout'),
      lastModifiedDate: known('2026-11-20', '11/20/2026'),
      nextStep: known({ text: 'Call', date: null }, 'Call'),
      owner: known('Jane Doe', 'Jane Doe'),
      contacts: unknown('not read'),
      qualification: unknown('not read'),
    },
  };
}

describe('history store', () => {
  it('saves a batch as one by one would: a deal twice in a batch is compared with the version just before', async () => {
    const db = await openHistoryDb(uniqueName());
    const results = await saveSnapshots(db, [
      snapshot('2026-11-01T10:00:00.000Z', '2026-12-01'),
      snapshot('2026-11-02T10:00:00.000Z', '2026-12-01'),
      snapshot('2026-11-03T10:00:00.000Z', '2026-12-15'),
      snapshot('2026-11-03T10:00:00.000Z', '2027-01-31', 'salesforce:acme.lightning.force.com:0065g00000OtheR'),
    ]);
    expect(results.map((result) => result.stored)).toEqual([true, false, true, true]);
    expect(results[2]!.record).toMatchObject({ firstSeenAt: '2026-11-01T10:00:00.000Z', lastSeenAt: '2026-11-03T10:00:00.000Z', snapshotCount: 2 });
    expect((await loadHistory(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).length).toBe(2);
    db.close();
  });

  it('keeps nothing of a batch that fails, and validates every snapshot before writing', async () => {
    const db = await openHistoryDb(uniqueName());
    await saveSnapshot(db, snapshot('2026-11-01T10:00:00.000Z', '2026-12-01'));
    const add = IDBObjectStore.prototype.add;
    let adds = 0;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if ((adds += 1) === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.apply(this, args);
    });
    await expect(
      saveSnapshots(db, [snapshot('2026-11-02T10:00:00.000Z', '2026-12-15'), snapshot('2026-11-02T10:00:00.000Z', '2027-01-31', 'salesforce:acme.lightning.force.com:0065g00000OtheR')]),
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    spy.mockRestore();
    expect((await loadHistory(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).length).toBe(1);
    expect(await loadDeal(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).toMatchObject({ snapshotCount: 1, lastSeenAt: '2026-11-01T10:00:00.000Z' });
    expect(await loadDeal(db, 'salesforce:acme.lightning.force.com:0065g00000OtheR')).toBeUndefined();
    const broken = { ...snapshot('2026-11-05T10:00:00.000Z', '2026-12-20'), capturedAt: 'yesterday' };
    await expect(saveSnapshots(db, [snapshot('2026-11-05T10:00:00.000Z', '2026-12-30'), broken])).rejects.toThrow();
    expect((await loadHistory(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).length).toBe(1);
    db.close();
  });

  it('stores a snapshot only when a field value changed', async () => {
    const db = await openHistoryDb(uniqueName());
    expect((await saveSnapshot(db, snapshot('2026-11-01T10:00:00.000Z', '2026-12-01'))).stored).toBe(true);
    expect((await saveSnapshot(db, snapshot('2026-11-02T10:00:00.000Z', '2026-12-01'))).stored).toBe(false);
    const moved = await saveSnapshot(db, snapshot('2026-11-03T10:00:00.000Z', '2026-12-15'));
    expect(moved.stored).toBe(true);
    const history = await loadHistory(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ');
    expect(history.map((s) => s.fields.closeDate.state === 'value' && s.fields.closeDate.value)).toEqual(['2026-12-01', '2026-12-15']);
    expect(moved.record).toMatchObject({ firstSeenAt: '2026-11-01T10:00:00.000Z', lastSeenAt: '2026-11-03T10:00:00.000Z', snapshotCount: 2 });
    db.close();
  });

  it('does not count a different raw text with the same value as a change', async () => {
    const db = await openHistoryDb(uniqueName());
    const first = snapshot('2026-11-01T10:00:00.000Z', '2026-12-01');
    const reformatted = snapshot('2026-11-02T10:00:00.000Z', '2026-12-01');
    reformatted.fields.closeDate = known('2026-12-01', '1 Dec 2026');
    await saveSnapshot(db, first);
    expect((await saveSnapshot(db, reformatted)).stored).toBe(false);
    db.close();
  });

  it('keeps deals apart and reads one deal\'s history in time order, whatever the order of capture', async () => {
    const db = await openHistoryDb(uniqueName());
    await saveSnapshot(db, snapshot('2026-11-05T10:00:00.000Z', '2026-12-20'));
    await saveSnapshot(db, snapshot('2026-11-01T10:00:00.000Z', '2026-12-01'));
    await saveSnapshot(db, snapshot('2026-11-03T10:00:00.000Z', '2027-01-01', 'salesforce:acme.lightning.force.com:0065g00000OtherX'));
    const history = await loadHistory(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ');
    expect(history.map((s) => s.capturedAt)).toEqual(['2026-11-01T10:00:00.000Z', '2026-11-05T10:00:00.000Z']);
    const record = await loadDeal(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ');
    expect(record).toMatchObject({ firstSeenAt: '2026-11-01T10:00:00.000Z', lastSeenAt: '2026-11-05T10:00:00.000Z' });
    db.close();
  });

  it('rejects an invalid snapshot and keeps what is stored', async () => {
    const db = await openHistoryDb(uniqueName());
    await saveSnapshot(db, snapshot('2026-11-01T10:00:00.000Z', '2026-12-01'));
    const bad = { ...snapshot('2026-11-02T10:00:00.000Z', '2026-12-01'), key: '' };
    await expect(saveSnapshot(db, bad)).rejects.toThrow();
    expect(await loadHistory(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).toHaveLength(1);
    db.close();
  });

  it('upgrades a populated version-1 database, backfilling the per-deal summaries', async () => {
    const name = uniqueName();
    // Build a database exactly as version 1 left it.
    const v1 = await openDB<HistoryDb>(name, 1, { upgrade: (db, _old, _new, tx) => migrations[1]!(db, tx as never) });
    const rows = [
      snapshot('2026-10-01T10:00:00.000Z', '2026-11-01'),
      snapshot('2026-10-08T10:00:00.000Z', '2026-11-15'),
      snapshot('2026-10-03T10:00:00.000Z', '2026-12-01', 'salesforce:acme.lightning.force.com:0065g00000OtherX'),
    ];
    for (const row of rows) await v1.add('snapshots', { ...row, fingerprint: fingerprint(row.fields) });
    v1.close();

    const db = await openHistoryDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await loadHistory(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).toHaveLength(2);
    expect(await loadDeal(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).toMatchObject({
      firstSeenAt: '2026-10-01T10:00:00.000Z',
      lastSeenAt: '2026-10-08T10:00:00.000Z',
      snapshotCount: 2,
      latestFingerprint: fingerprint(rows[1]!.fields),
    });
    expect(await loadDeal(db, 'salesforce:acme.lightning.force.com:0065g00000OtherX')).toMatchObject({ snapshotCount: 1 });
    // The upgraded database goes on working: an unchanged visit is not stored again.
    expect((await saveSnapshot(db, snapshot('2026-10-09T10:00:00.000Z', '2026-11-15'))).stored).toBe(false);
    db.close();
  });

  it('upgrades a populated version-2 database to version 3, keeping every snapshot and summary', async () => {
    const name = uniqueName();
    const v2 = await openDB<HistoryDb>(name, 2, {
      async upgrade(db, oldVersion, _new, tx) {
        for (let step = oldVersion + 1; step <= 2; step++) await migrations[step]!(db, tx as never);
      },
    });
    v2.close();
    const seeded = await openHistoryDb(name, 2);
    await saveSnapshot(seeded, snapshot('2026-10-01T10:00:00.000Z', '2026-11-01'));
    await saveSnapshot(seeded, snapshot('2026-10-08T10:00:00.000Z', '2026-11-15'));
    seeded.close();

    const db = await openHistoryDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await loadHistory(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).toHaveLength(2);
    expect(await loadDeal(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).toMatchObject({ snapshotCount: 2 });
    expect(await loadSnoozes(db, 'salesforce:acme.lightning.force.com:0065g00000AcmeQ')).toEqual([]);
    db.close();
  });

  it('stores quick-qualify answers and snoozes per deal, and rejects invalid ones', async () => {
    const db = await openHistoryDb(uniqueName());
    const key = 'salesforce:acme.lightning.force.com:0065g00000AcmeQ';
    expect(await loadQualification(db, key)).toBeNull();
    await saveQualification(db, {
      dealKey: key,
      frameworkId: 'meddicc',
      answers: { 'economic-buyer': { answer: 'yes', note: 'CFO Jane signs', answeredAt: '2026-11-20T10:00:00.000Z' } },
      effort: { people: 3, hours: 40 },
      managementMet: false,
      updatedAt: '2026-11-20T10:00:00.000Z',
    });
    expect((await loadQualification(db, key))?.answers['economic-buyer']?.note).toBe('CFO Jane signs');

    await saveSnooze(db, { dealKey: key, ruleId: 'next-step-missing', reason: 'On holiday', until: '2026-12-01', createdAt: '2026-11-20T10:00:00.000Z' });
    await saveSnooze(db, { dealKey: key, ruleId: 'stale-record', reason: 'Waiting for legal', until: '2026-12-05', createdAt: '2026-11-20T10:00:00.000Z' });
    expect((await loadSnoozes(db, key)).map((s) => s.ruleId).sort()).toEqual(['next-step-missing', 'stale-record']);
    await expect(saveSnooze(db, { dealKey: key, ruleId: 'x', reason: '  ', until: '2026-12-01', createdAt: 'now' })).rejects.toThrow(/say why/);
    await removeSnooze(db, key, 'stale-record');
    expect((await loadSnoozes(db, key)).map((s) => s.ruleId)).toEqual(['next-step-missing']);
    db.close();
  });
});
