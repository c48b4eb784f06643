import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { dealSnapshotSchema, type DealSnapshot } from '../model/deal';
import { fingerprint } from '../model/fingerprint';
import { snoozeSchema, type Snooze } from '../model/snooze';
import { qualificationRecordSchema, type QualificationRecord } from '../qualification/types';

export const DB_NAME = 'deal-hygiene';
/** Bump with a new entry in `migrations`; never edit an old one. */
export const DB_VERSION = 4;

export interface StoredSnapshot extends DealSnapshot {
  id?: number;
  /** Fingerprint of the field values; equal fingerprints mean nothing changed. */
  fingerprint: string;
}

export interface DealRecord {
  key: string;
  crm: string;
  firstSeenAt: string;
  lastSeenAt: string;
  latestFingerprint: string;
  snapshotCount: number;
}

export interface HistoryDb extends DBSchema {
  snapshots: { key: number; value: StoredSnapshot; indexes: { byDeal: [string, string] } };
  deals: { key: string; value: DealRecord };
  qualification: { key: string; value: QualificationRecord };
  snoozes: { key: [string, string]; value: Snooze; indexes: { byDeal: string } };
  /** Precise mode (#7): the last API read per deal, so a deal is read at most once per few minutes (src/background/precise.ts). */
  apiCache: { key: string; value: unknown; indexes: { byCrm: string } };
}

type UpgradeTx = IDBPTransaction<HistoryDb, StoreNames<HistoryDb>[], 'versionchange'>;

/**
 * migrations[n] upgrades a database at version n-1 to version n.
 * 1: snapshots, one per change, indexed by deal and time.
 * 2: a per-deal summary (first/last seen, latest fingerprint), so a visit that changed nothing costs one read;
 *    backfilled from the snapshots already stored.
 */
export const migrations: Record<number, (db: IDBPDatabase<HistoryDb>, tx: UpgradeTx) => Promise<void> | void> = {
  1: (db) => {
    const snapshots = db.createObjectStore('snapshots', { keyPath: 'id', autoIncrement: true });
    snapshots.createIndex('byDeal', ['key', 'capturedAt']);
  },
  2: async (db, tx) => {
    db.createObjectStore('deals', { keyPath: 'key' });
    const deals = tx.objectStore('deals');
    const summaries = new Map<string, DealRecord>();
    let cursor = await tx.objectStore('snapshots').index('byDeal').openCursor();
    while (cursor) {
      const snapshot = cursor.value;
      const existing = summaries.get(snapshot.key);
      summaries.set(snapshot.key, {
        key: snapshot.key,
        crm: snapshot.crm,
        firstSeenAt: existing?.firstSeenAt ?? snapshot.capturedAt,
        lastSeenAt: snapshot.capturedAt,
        latestFingerprint: snapshot.fingerprint ?? fingerprint(snapshot.fields),
        snapshotCount: (existing?.snapshotCount ?? 0) + 1,
      });
      cursor = await cursor.continue();
    }
    for (const summary of summaries.values()) await deals.put(summary);
  },
  3: (db) => {
    // The rep's quick-qualify answers, one record per deal, and snoozed findings per deal and rule.
    db.createObjectStore('qualification', { keyPath: 'dealKey' });
    db.createObjectStore('snoozes', { keyPath: ['dealKey', 'ruleId'] }).createIndex('byDeal', 'dealKey');
  },
  4: (db) => {
    // Precise mode: the last API read of each deal (its outcome and the API's snapshot), validated where it is read.
    db.createObjectStore('apiCache', { keyPath: 'key' }).createIndex('byCrm', 'crm');
  },
};

export function openHistoryDb(name = DB_NAME, version = DB_VERSION, options: { blocked?: () => void } = {}): Promise<IDBPDatabase<HistoryDb>> {
  return openDB<HistoryDb>(name, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      for (let step = oldVersion + 1; step <= (newVersion ?? version); step++) {
        const migrate = migrations[step];
        if (!migrate) throw new Error(`No migration to history database version ${step}`);
        await migrate(db, tx);
      }
    },
    blocked: options.blocked,
  });
}

export interface SaveResult {
  stored: boolean;
  record: DealRecord;
}

/** Stores the snapshot when any field value changed since the deal's latest one; otherwise only notes the visit. */
export async function saveSnapshot(db: IDBPDatabase<HistoryDb>, snapshot: DealSnapshot): Promise<SaveResult> {
  const [result] = await saveSnapshots(db, [snapshot]);
  return result!;
}

/**
 * Saves snapshots in order, as saveSnapshot would one by one, in one transaction: all or none (a failure, such as
 * storage being full, leaves nothing behind). Every snapshot is validated before anything is written.
 */
export async function saveSnapshots(db: IDBPDatabase<HistoryDb>, snapshots: readonly DealSnapshot[]): Promise<SaveResult[]> {
  const valid = snapshots.map((snapshot) => dealSnapshotSchema.parse(snapshot));
  const tx = db.transaction(['snapshots', 'deals'], 'readwrite');
  const deals = tx.objectStore('deals');
  const results: SaveResult[] = [];
  try {
    // One after another: a deal that comes twice is compared with the version saved just before.
    for (const snapshot of valid) {
      const print = fingerprint(snapshot.fields);
      const existing = await deals.get(snapshot.key);
      const changed = !existing || existing.latestFingerprint !== print;
      const record: DealRecord = {
        key: snapshot.key,
        crm: snapshot.crm,
        firstSeenAt: existing && existing.firstSeenAt < snapshot.capturedAt ? existing.firstSeenAt : snapshot.capturedAt,
        lastSeenAt: existing && existing.lastSeenAt > snapshot.capturedAt ? existing.lastSeenAt : snapshot.capturedAt,
        latestFingerprint: print,
        snapshotCount: (existing?.snapshotCount ?? 0) + (changed ? 1 : 0),
      };
      if (changed) await tx.objectStore('snapshots').add({ ...snapshot, fingerprint: print });
      await deals.put(record);
      results.push({ stored: changed, record });
    }
    await tx.done;
  } catch (error) {
    // A request that threw (QuotaExceededError from add) leaves the transaction open: abort so nothing is kept.
    try {
      tx.abort();
    } catch {
      // already finished or aborted
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
  return results;
}

/** Snapshots saved per transaction by `batchedSaver`: few transactions, and a refusal costs little to redo. */
export const SAVE_BATCH_SIZE = 250;

/**
 * Saves many snapshots in order, a batch per transaction (all or none). Each call of the returned function goes on
 * from the first batch not yet saved, so it can run again once storage was made room in (withQuotaRecovery), and a
 * deal's versions still land in order. Resolves to every snapshot's result, in order.
 */
export function batchedSaver(db: IDBPDatabase<HistoryDb>, snapshots: readonly DealSnapshot[], batchSize = SAVE_BATCH_SIZE): () => Promise<SaveResult[]> {
  const results: SaveResult[] = [];
  return async () => {
    while (results.length < snapshots.length) {
      results.push(...(await saveSnapshots(db, snapshots.slice(results.length, results.length + batchSize))));
    }
    return results;
  };
}

/**
 * Every snapshot of the deals whose keys run from `firstKey` to `lastKey` (one deal by default) in the `byDeal` index
 * ([key, capturedAt]): grouped by deal, each deal's oldest first.
 */
export const dealRange = (firstKey: string, lastKey = firstKey): IDBKeyRange => IDBKeyRange.bound([firstKey, ''], [lastKey, '\uffff']);

/** One deal's snapshots, oldest first. */
export async function loadHistory(db: IDBPDatabase<HistoryDb>, key: string): Promise<StoredSnapshot[]> {
  return db.getAllFromIndex('snapshots', 'byDeal', dealRange(key));
}

export async function loadDeal(db: IDBPDatabase<HistoryDb>, key: string): Promise<DealRecord | undefined> {
  return db.get('deals', key);
}

/** The rep's quick-qualify record for a deal; a stored record that no longer validates is ignored, not thrown. */
export async function loadQualification(db: IDBPDatabase<HistoryDb>, dealKey: string): Promise<QualificationRecord | null> {
  const parsed = qualificationRecordSchema.safeParse(await db.get('qualification', dealKey));
  return parsed.success ? parsed.data : null;
}

export async function saveQualification(db: IDBPDatabase<HistoryDb>, record: QualificationRecord): Promise<QualificationRecord> {
  const valid = qualificationRecordSchema.parse(record);
  await db.put('qualification', valid);
  return valid;
}

export async function loadSnoozes(db: IDBPDatabase<HistoryDb>, dealKey: string): Promise<Snooze[]> {
  const stored = await db.getAllFromIndex('snoozes', 'byDeal', dealKey);
  return stored.flatMap((row) => {
    const parsed = snoozeSchema.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function saveSnooze(db: IDBPDatabase<HistoryDb>, snooze: Snooze): Promise<Snooze> {
  const valid = snoozeSchema.parse(snooze);
  await db.put('snoozes', valid);
  return valid;
}

export async function removeSnooze(db: IDBPDatabase<HistoryDb>, dealKey: string, ruleId: string): Promise<void> {
  await db.delete('snoozes', [dealKey, ruleId]);
}
