import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, loadDeal, loadHistory, migrations, openHistoryDb, saveSnapshot, type HistoryDb } from '../../../src/history/store';
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
});
