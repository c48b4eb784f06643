/**
 * Queries over the history store for the review page: pages of deals with what judging them needs, and removal of
 * imported deals. Each runs in one transaction; the store's schema and writes of single snapshots stay in store.ts.
 */
import type { IDBPDatabase } from 'idb';
import { isImportedKey } from '../messaging/review';
import { snoozeSchema, type Snooze } from '../model/snooze';
import { qualificationRecordSchema, type QualificationRecord } from '../qualification/types';
import type { DealRecord, HistoryDb, StoredSnapshot } from './store';

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

/** Every snapshot of a deal lies in this range of the `byDeal` index ([key, capturedAt]). */
export const dealRange = (key: string): IDBKeyRange => IDBKeyRange.bound([key, ''], [key, '\uffff']);

/**
 * Up to `limit` deals in key order, starting after `after`, each with everything a verdict needs: its snapshots
 * (from the `byDeal` index, so oldest first and the latest last), snoozes and quick-qualify record. All in one
 * read-only transaction with its requests in flight together: a page of 500 deals costs one transaction, not 1,500.
 */
export async function loadDealsPage(db: IDBPDatabase<HistoryDb>, options: { after?: string; limit: number }): Promise<DealPage> {
  const tx = db.transaction(['deals', 'snapshots', 'snoozes', 'qualification'], 'readonly');
  const deals = tx.objectStore('deals');
  const range = options.after === undefined ? undefined : IDBKeyRange.lowerBound(options.after, true);
  // One more than asked: whether it exists says if there is a next page.
  const [records, total] = await Promise.all([deals.getAll(range, options.limit + 1), deals.count()]);
  const page = records.slice(0, options.limit);
  const snapshots = tx.objectStore('snapshots').index('byDeal');
  const snoozes = tx.objectStore('snoozes').index('byDeal');
  const qualification = tx.objectStore('qualification');
  const loaded = await Promise.all(
    page.map(async (record): Promise<StoredDeal> => {
      const [history, snoozeRows, qualificationRow] = await Promise.all([snapshots.getAll(dealRange(record.key)), snoozes.getAll(record.key), qualification.get(record.key)]);
      const parsedQualification = qualificationRecordSchema.safeParse(qualificationRow);
      return {
        record,
        snapshots: history,
        // As loadSnoozes and loadQualification do: a stored row that no longer validates is ignored, not thrown.
        snoozes: snoozeRows.flatMap((row) => {
          const parsed = snoozeSchema.safeParse(row);
          return parsed.success ? [parsed.data] : [];
        }),
        qualification: qualificationRow !== undefined && parsedQualification.success ? parsedQualification.data : null,
      };
    }),
  );
  await tx.done;
  return { deals: loaded, total, next: records.length > options.limit ? page[page.length - 1]!.key : null };
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
