import type { IDBPDatabase } from 'idb';
import { dealSnapshotSchema, type DealSnapshot } from '../model/deal';
import { qualificationRecordSchema, type QualificationRecord } from '../qualification/types';
import { dealRange, type HistoryDb } from './store';

/** Queries of the quick-qualify surfaces (side panel, popup tab) beyond the store's load and save. */

const time = (iso: string) => {
  const parsed = Date.parse(iso);
  return Number.isFinite(parsed) ? parsed : Number.NEGATIVE_INFINITY;
};

export interface ConditionalSave {
  /** False when the stored record was newer: it stays, and is what `record` holds. */
  stored: boolean;
  record: QualificationRecord;
}

/**
 * Saves the record unless the one stored for the deal is newer (by `updatedAt`). Read and write share one
 * transaction, so two saves that cross (a popup and the side panel, or a flush while a save is in flight) end
 * with the newest, whatever order they arrive in. A stored record that no longer validates is replaced.
 */
export async function saveQualificationIfNewer(db: IDBPDatabase<HistoryDb>, record: QualificationRecord): Promise<ConditionalSave> {
  const valid = qualificationRecordSchema.parse(record);
  const tx = db.transaction('qualification', 'readwrite');
  const existing = qualificationRecordSchema.safeParse(await tx.store.get(valid.dealKey));
  if (existing.success && time(existing.data.updatedAt) > time(valid.updatedAt)) {
    await tx.done;
    return { stored: false, record: existing.data };
  }
  await tx.store.put(valid);
  await tx.done;
  return { stored: true, record: valid };
}

/** The deal's latest stored snapshot (without the store's bookkeeping), or null. */
export async function loadLatestSnapshot(db: IDBPDatabase<HistoryDb>, dealKey: string): Promise<DealSnapshot | null> {
  const cursor = await db
    .transaction('snapshots')
    .store.index('byDeal')
    .openCursor(dealRange(dealKey), 'prev');
  if (!cursor) return null;
  const parsed = dealSnapshotSchema.safeParse(cursor.value);
  return parsed.success ? parsed.data : null;
}

export interface QualificationListEntry {
  record: QualificationRecord;
  /** The name the rep typed, or the deal's name as last read; null when neither is known. */
  dealName: string | null;
  crm: string | null;
}

/**
 * Quick-qualify records, most recently changed first, at most `limit`, each with a name to show. Records that no
 * longer validate are left out (and left stored).
 */
export async function listQualificationRecords(db: IDBPDatabase<HistoryDb>, limit = 500): Promise<QualificationListEntry[]> {
  const records = (await db.getAll('qualification')).flatMap((row) => {
    const parsed = qualificationRecordSchema.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
  records.sort((a, b) => time(b.updatedAt) - time(a.updatedAt));
  const entries: QualificationListEntry[] = [];
  for (const record of records.slice(0, limit)) {
    if (record.dealName) {
      entries.push({ record, dealName: record.dealName, crm: null });
      continue;
    }
    const [deal, latest] = await Promise.all([db.get('deals', record.dealKey), loadLatestSnapshot(db, record.dealKey)]);
    const name = latest?.fields.name;
    entries.push({ record, dealName: name?.state === 'value' && name.value.trim() ? name.value : null, crm: latest?.crm ?? deal?.crm ?? null });
  }
  return entries;
}
