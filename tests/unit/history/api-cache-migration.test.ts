import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, loadDeal, loadHistory, loadQualification, migrations, openHistoryDb, saveQualification, saveSnapshot, type HistoryDb } from '../../../src/history/store';
import { loadApiCache } from '../../../src/background/precise';
import { makeSnapshot } from '../../helpers/deals';

describe('history database version 4 (precise mode\'s apiCache)', () => {
  it('upgrades a populated version-3 database, keeping snapshots, summaries and answers, and adds an empty apiCache', async () => {
    const name = `api-cache-migration-${Date.now()}`;
    const v3 = await openDB<HistoryDb>(name, 3, {
      async upgrade(db, oldVersion, _new, tx) {
        for (let step = oldVersion + 1; step <= 3; step++) await migrations[step]!(db, tx as never);
      },
    });
    v3.close();
    const seeded = await openHistoryDb(name, 3);
    const key = 'salesforce:acme.lightning.force.com:0065g00000AbCdE';
    await saveSnapshot(seeded, makeSnapshot({ capturedAt: '2026-10-01T10:00:00.000Z' }));
    await saveSnapshot(seeded, makeSnapshot({ capturedAt: '2026-10-08T10:00:00.000Z', fields: { probability: { state: 'value', value: 90, raw: '90%' } } }));
    await saveQualification(seeded, { dealKey: key, frameworkId: 'meddicc', answers: {}, effort: { people: 2, hours: 30 }, managementMet: true, updatedAt: '2026-10-08T10:00:00.000Z' });
    const qualificationBefore = await loadQualification(seeded, key);
    expect(qualificationBefore).toMatchObject({ effort: { people: 2, hours: 30 } });
    expect(seeded.objectStoreNames.contains('apiCache')).toBe(false);
    seeded.close();

    const db = await openHistoryDb(name);
    expect(DB_VERSION).toBe(4);
    expect(db.version).toBe(4);
    expect(await loadHistory(db, key)).toHaveLength(2);
    expect(await loadDeal(db, key)).toMatchObject({ snapshotCount: 2 });
    expect(await loadQualification(db, key)).toEqual(qualificationBefore);
    expect(db.objectStoreNames.contains('apiCache')).toBe(true);
    expect(await loadApiCache(db, key)).toBeNull();
    await db.put('apiCache', { key, crm: 'salesforce', readAt: '2026-10-08T10:00:00.000Z', status: { state: 'off' }, snapshot: null });
    expect(await db.getAllKeysFromIndex('apiCache', 'byCrm', 'salesforce')).toEqual([key]);
    db.close();
  });
});
