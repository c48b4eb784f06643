/**
 * Queries over the history store for the review page: pages of deals with what judging them needs, and removal of
 * imported deals. Each runs in one transaction; the store's schema and writes of single snapshots stay in store.ts.
 */
import type { IDBPDatabase } from 'idb';
import { isImportedKey } from '../messaging/review';
import { snoozeSchema, type Snooze } from '../model/snooze';
import { qualificationRecordSchema, type QualificationRecord } from '../qualification/types';
import { dealRange, type DealRecord, type HistoryDb, type StoredSnapshot } from './store';

export interface StoredDeal {
  record: DealRecord;
  /** Every stored snapshot, oldest first; the last is the deal's latest. Empty only in a damaged store. */
  snapshots: StoredSnapshot[];
  /** The deal's snoozes that still validate (expired ones included: the engine ignores them). */
  snoozes: Snooze[];
  /** The rep's quick-qualify record, or null when none (or when it no longer validates). */
  qualification: QualificationRecord | null;
}

export interface DealPage {
  deals: StoredDeal[];
  /** Deals stored in all. */
  total: number;
  /** The key to continue after; null when this page holds the last deal. */
  next: string | null;
}


/**
 * Up to `limit` deals in key order, starting after `after`, each with everything a verdict needs: its snapshots
 * (from the `byDeal` index, so oldest first and the latest last), snoozes and quick-qualify record. A page is a run
 * of consecutive keys, so each store is read with one request over the page's key range and grouped here: a page of
 * 500 deals costs one transaction and five requests, not 1,500.
 */
export async function loadDealsPage(db: IDBPDatabase<HistoryDb>, options: { after?: string; limit: number }): Promise<DealPage> {
  const tx = db.transaction(['deals', 'snapshots', 'snoozes', 'qualification'], 'readonly');
  const deals = tx.objectStore('deals');
  const range = options.after === undefined ? undefined : IDBKeyRange.lowerBound(options.after, true);
  // One more than asked: whether it exists says if there is a next page.
  const [records, total] = await Promise.all([deals.getAll(range, options.limit + 1), deals.count()]);
  const page = records.slice(0, options.limit);
  const first = page[0]?.key;
  const last = page[page.length - 1]?.key;
  if (first === undefined || last === undefined) {
    await tx.done;
    return { deals: [], total, next: null };
  }
  const [snapshotRows, snoozeRows, qualificationRows] = await Promise.all([
    tx.objectStore('snapshots').index('byDeal').getAll(dealRange(first, last)),
    tx.objectStore('snoozes').index('byDeal').getAll(IDBKeyRange.bound(first, last)),
    tx.objectStore('qualification').getAll(IDBKeyRange.bound(first, last)),
  ]);
  await tx.done;
  const snapshotsByDeal = groupBy(snapshotRows, (row) => row.key);
  const snoozesByDeal = groupBy(snoozeRows, (row) => row.dealKey);
  const qualificationByDeal = new Map(qualificationRows.map((row) => [row.dealKey, row]));
  const loaded = page.map(
    (record): StoredDeal => ({ record, ...judgingInputs(snapshotsByDeal.get(record.key) ?? [], snoozesByDeal.get(record.key) ?? [], qualificationByDeal.get(record.key)) }),
  );
  return { deals: loaded, total, next: records.length > options.limit ? page[page.length - 1]!.key : null };
}

/** What judging a deal takes besides its latest snapshot. */
export type JudgingInputs = Omit<StoredDeal, 'record'>;

/** The rows as judging takes them: as loadSnoozes and loadQualification do, a row that no longer validates is ignored. */
function judgingInputs(snapshots: StoredSnapshot[], snoozeRows: readonly unknown[], qualificationRow: unknown): JudgingInputs {
  const parsedQualification = qualificationRecordSchema.safeParse(qualificationRow);
  return {
    snapshots,
    snoozes: snoozeRows.flatMap((row) => {
      const parsed = snoozeSchema.safeParse(row);
      return parsed.success ? [parsed.data] : [];
    }),
    qualification: parsedQualification.success ? parsedQualification.data : null,
  };
}

/**
 * For each key, what judging that deal takes (its snapshots oldest first, snoozes, quick-qualify record), in the
 * keys' order: one read-only transaction with every request in flight together, so judging the 500 rows of a list
 * costs one transaction, not 1,500 one after another.
 */
export async function loadJudgingInputs(db: IDBPDatabase<HistoryDb>, keys: readonly string[]): Promise<JudgingInputs[]> {
  const tx = db.transaction(['snapshots', 'snoozes', 'qualification'], 'readonly');
  const snapshots = tx.objectStore('snapshots').index('byDeal');
  const snoozes = tx.objectStore('snoozes').index('byDeal');
  const qualification = tx.objectStore('qualification');
  const loaded = await Promise.all(
    keys.map(async (key) => {
      const [history, snoozeRows, qualificationRow] = await Promise.all([snapshots.getAll(dealRange(key)), snoozes.getAll(key), qualification.get(key)]);
      return judgingInputs(history, snoozeRows, qualificationRow);
    }),
  );
  await tx.done;
  return loaded;
}

/** Rows grouped by a key, each group in the order the rows came. */
function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * Forgets every imported deal (key `<crm>:import:…`): its snapshots, its summary, its snoozes and quick-qualify
 * answers, in one transaction (all or nothing). Deals seen on CRM pages are never touched. Returns how many deals went.
 */
export async function removeImportedDeals(db: IDBPDatabase<HistoryDb>): Promise<number> {
  const tx = db.transaction(['deals', 'snapshots', 'snoozes', 'qualification'], 'readwrite');
  const keys = (await tx.objectStore('deals').getAllKeys()).filter(isImportedKey);
  const snapshots = tx.objectStore('snapshots');
  const snoozes = tx.objectStore('snoozes');
  await Promise.all(
    keys.map(async (key) => {
      const [snapshotIds, snoozeKeys] = await Promise.all([snapshots.index('byDeal').getAllKeys(dealRange(key)), snoozes.index('byDeal').getAllKeys(key)]);
      await Promise.all([
        ...snapshotIds.map((id) => snapshots.delete(id)),
        ...snoozeKeys.map((snoozeKey) => snoozes.delete(snoozeKey)),
        tx.objectStore('qualification').delete(key),
        tx.objectStore('deals').delete(key),
      ]);
    }),
  );
  await tx.done;
  return keys.length;
}
