import type { IDBPDatabase, IDBPObjectStore, StoreNames } from 'idb';
import type { DealRecord, HistoryDb } from './store';

/**
 * How long history is kept (settings.privacy.retentionDays) and what gives way when storage is full.
 *
 * Retention, run once a day and on demand:
 * - a deal not seen within the period is removed entirely: its summary, every snapshot, its quick-qualify answers
 *   and its snoozes;
 * - a deal seen within the period loses the snapshots captured before it, but ALWAYS keeps its latest snapshot
 *   (the review page and the rules need what the deal looks like now), and its summary is made to match what is
 *   left (snapshotCount, firstSeenAt = the oldest snapshot kept);
 * - answers and snoozes of deals the extension never read (a rep can qualify a deal by name) go when they were
 *   last changed before the period.
 *
 * When storage is full (QuotaExceededError), `pruneForQuota` applies the retention period and then removes the
 * oldest snapshots across all deals, never a deal's latest, until a target is freed. Answers, snoozes, deal
 * summaries and settings are never removed for room.
 *
 * Time is a parameter: every function takes `now`.
 */

const DAY_MS = 86_400_000;
/** Room made when storage is full: a tenth of what snapshots take, at least this much, so the next save fits too. */
export const QUOTA_MIN_TARGET_BYTES = 1024 * 1024;
export const QUOTA_TARGET_SHARE = 0.1;

export interface RetentionResult {
  removedSnapshots: number;
  removedDeals: number;
  removedAnswers: number;
  removedSnoozes: number;
}

export interface QuotaPruneResult {
  retention: RetentionResult;
  /** Snapshots removed oldest first beyond the retention period. */
  removedOldest: number;
  /** Estimated bytes the oldest-first removal freed (JSON size of the snapshots). */
  freedBytes: number;
  /** Every snapshot removed, by retention and oldest first. */
  removedSnapshots: number;
}

/** The earliest moment still inside the retention period. */
export function retentionCutoff(now: Date, retentionDays: number): number {
  return now.getTime() - retentionDays * DAY_MS;
}

/** A time stamp as milliseconds; unreadable ones count as the oldest possible (they cannot be placed in time). */
function timeOf(iso: string): number {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

interface SnapshotRow {
  id: number;
  capturedAt: string;
  time: number;
  /** Estimated stored size; only read when pruning for room. */
  bytes: number;
}

type SnapshotStore = IDBPObjectStore<HistoryDb, ArrayLike<StoreNames<HistoryDb>>, 'snapshots', 'readwrite'>;

/** The latest of a deal's snapshots: the latest capture, and of equal ones the last stored. */
function latestOf(rows: readonly SnapshotRow[]): SnapshotRow | undefined {
  let latest: SnapshotRow | undefined;
  for (const row of rows) {
    if (!latest || row.time > latest.time || (row.time === latest.time && row.id > latest.id)) latest = row;
  }
  return latest;
}

/** Every snapshot's id and capture time by deal, from the index's keys alone (no snapshot is read). */
async function snapshotRowsByDeal(store: SnapshotStore, withSizes: boolean): Promise<Map<string, SnapshotRow[]>> {
  const byDeal = new Map<string, SnapshotRow[]>();
  const add = (dealKey: string, row: SnapshotRow) => {
    const rows = byDeal.get(dealKey);
    if (rows) rows.push(row);
    else byDeal.set(dealKey, [row]);
  };
  if (withSizes) {
    let cursor = await store.openCursor();
    while (cursor) {
      const { key, capturedAt } = cursor.value;
      add(key, { id: cursor.primaryKey, capturedAt, time: timeOf(capturedAt), bytes: JSON.stringify(cursor.value).length });
      cursor = await cursor.continue();
    }
  } else {
    let cursor = await store.index('byDeal').openKeyCursor();
    while (cursor) {
      const [key, capturedAt] = cursor.key;
      add(key, { id: cursor.primaryKey, capturedAt, time: timeOf(capturedAt), bytes: 0 });
      cursor = await cursor.continue();
    }
  }
  return byDeal;
}

/** The summary as it must read after some of the deal's snapshots were removed. */
function summaryAfter(record: DealRecord, kept: readonly SnapshotRow[]): DealRecord {
  let first: SnapshotRow | undefined;
  for (const row of kept) if (!first || row.time < first.time) first = row;
  return { ...record, snapshotCount: kept.length, firstSeenAt: first?.capturedAt ?? record.firstSeenAt };
}

/** Removes what is older than the retention period (see the module comment), in one transaction. */
export async function applyRetention(db: IDBPDatabase<HistoryDb>, options: { retentionDays: number; now: Date }): Promise<RetentionResult> {
  const cutoff = retentionCutoff(options.now, options.retentionDays);
  const result: RetentionResult = { removedSnapshots: 0, removedDeals: 0, removedAnswers: 0, removedSnoozes: 0 };
  const tx = db.transaction(['snapshots', 'deals', 'qualification', 'snoozes'], 'readwrite');
  const [snapshots, deals, qualification, snoozes] = [tx.objectStore('snapshots'), tx.objectStore('deals'), tx.objectStore('qualification'), tx.objectStore('snoozes')];
  const rowsByDeal = await snapshotRowsByDeal(snapshots, false);
  const records = new Map((await deals.getAll()).map((record) => [record.key, record]));

  const removeDeal = async (dealKey: string) => {
    for (const row of rowsByDeal.get(dealKey) ?? []) await snapshots.delete(row.id);
    result.removedSnapshots += rowsByDeal.get(dealKey)?.length ?? 0;
    if (records.has(dealKey)) {
      await deals.delete(dealKey);
      result.removedDeals += 1;
    }
    if ((await qualification.count(dealKey)) > 0) {
      await qualification.delete(dealKey);
      result.removedAnswers += 1;
    }
    for (const snoozeKey of await snoozes.index('byDeal').getAllKeys(dealKey)) {
      await snoozes.delete(snoozeKey);
      result.removedSnoozes += 1;
    }
  };

  // Deals with a summary, and snapshots that lost theirs (never written by this version; cleaned up all the same).
  const dealKeys = new Set([...records.keys(), ...rowsByDeal.keys()]);
  for (const dealKey of dealKeys) {
    const record = records.get(dealKey);
    const rows = rowsByDeal.get(dealKey) ?? [];
    const latest = latestOf(rows);
    const lastSeen = record ? timeOf(record.lastSeenAt) : (latest?.time ?? Number.NEGATIVE_INFINITY);
    if (lastSeen < cutoff) {
      await removeDeal(dealKey);
      continue;
    }
    const expired = new Set(rows.filter((row) => row !== latest && row.time < cutoff));
    for (const row of expired) await snapshots.delete(row.id);
    result.removedSnapshots += expired.size;
    if (!record) continue;
    const kept = rows.filter((row) => !expired.has(row));
    const summary = summaryAfter(record, kept);
    if (kept.length && (summary.snapshotCount !== record.snapshotCount || summary.firstSeenAt !== record.firstSeenAt)) await deals.put(summary);
  }

  // Answers and snoozes of deals never read (qualified by name): gone once untouched for the whole period.
  let answer = await qualification.openCursor();
  while (answer) {
    if (!dealKeys.has(answer.value.dealKey) && timeOf(answer.value.updatedAt) < cutoff) {
      await answer.delete();
      result.removedAnswers += 1;
    }
    answer = await answer.continue();
  }
  let snooze = await snoozes.openCursor();
  while (snooze) {
    const { dealKey, createdAt, until } = snooze.value;
    // A snooze still in force stays, however old: it silences a finding the rep chose to silence.
    if (!dealKeys.has(dealKey) && timeOf(createdAt) < cutoff && timeOf(`${until}T23:59:59.999Z`) < options.now.getTime()) {
      await snooze.delete();
      result.removedSnoozes += 1;
    }
    snooze = await snooze.continue();
  }
  await tx.done;
  return result;
}

/**
 * Removes the oldest snapshots across all deals, never a deal's latest, until about `targetBytes` are freed
 * (sizes are the snapshots' JSON length, a close estimate of what IndexedDB stores). One transaction.
 * `targetBytes` defaults to a tenth of what snapshots take, at least QUOTA_MIN_TARGET_BYTES.
 */
export async function pruneOldestSnapshots(db: IDBPDatabase<HistoryDb>, options: { targetBytes?: number } = {}): Promise<{ removed: number; freedBytes: number }> {
  const tx = db.transaction(['snapshots', 'deals'], 'readwrite');
  const rowsByDeal = await snapshotRowsByDeal(tx.objectStore('snapshots'), true);
  let total = 0;
  const candidates: { dealKey: string; row: SnapshotRow }[] = [];
  for (const [dealKey, rows] of rowsByDeal) {
    const latest = latestOf(rows);
    for (const row of rows) {
      total += row.bytes;
      if (row !== latest) candidates.push({ dealKey, row });
    }
  }
  const target = options.targetBytes ?? Math.max(QUOTA_MIN_TARGET_BYTES, Math.ceil(total * QUOTA_TARGET_SHARE));
  candidates.sort((a, b) => a.row.time - b.row.time || a.row.id - b.row.id);

  const removedByDeal = new Map<string, Set<SnapshotRow>>();
  let freedBytes = 0;
  let removed = 0;
  for (const { dealKey, row } of candidates) {
    if (freedBytes >= target) break;
    await tx.objectStore('snapshots').delete(row.id);
    freedBytes += row.bytes;
    removed += 1;
    const set = removedByDeal.get(dealKey) ?? new Set<SnapshotRow>();
    set.add(row);
    removedByDeal.set(dealKey, set);
  }
  for (const [dealKey, gone] of removedByDeal) {
    const record = await tx.objectStore('deals').get(dealKey);
    if (!record) continue;
    await tx.objectStore('deals').put(summaryAfter(record, (rowsByDeal.get(dealKey) ?? []).filter((row) => !gone.has(row))));
  }
  await tx.done;
  return { removed, freedBytes };
}

/** Storage is full: apply the retention period, then remove the oldest snapshots (see pruneOldestSnapshots). */
export async function pruneForQuota(db: IDBPDatabase<HistoryDb>, options: { retentionDays: number; now: Date; targetBytes?: number }): Promise<QuotaPruneResult> {
  const retention = await applyRetention(db, options);
  const oldest = await pruneOldestSnapshots(db, options.targetBytes === undefined ? {} : { targetBytes: options.targetBytes });
  return { retention, removedOldest: oldest.removed, freedBytes: oldest.freedBytes, removedSnapshots: retention.removedSnapshots + oldest.removed };
}

/** Whether an error (or the error inside an aborted transaction) says storage is full. */
export function isQuotaExceeded(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const name = (current as { name?: unknown }).name;
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    // An aborted transaction (idb's tx.done, or an AbortError) carries the cause as `error` or `cause`.
    current = (current as { cause?: unknown }).cause ?? (current as { error?: unknown }).error;
  }
  return false;
}

/** Removed anything at all. */
export function removedAnything(result: RetentionResult): boolean {
  return result.removedSnapshots + result.removedDeals + result.removedAnswers + result.removedSnoozes > 0;
}
