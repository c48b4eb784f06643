import type { IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, openHistoryDb, type HistoryDb } from '../history/store';
import { applyRetention, isQuotaExceeded, pruneForQuota, removedAnything, type QuotaPruneResult, type RetentionResult } from '../history/retention';
import type { Settings } from '../model/settings';
import { storageDataNotices, type DataNotices } from './data-notices';

/**
 * The background's care of the history database: opening it without hanging when an older connection blocks an
 * upgrade, applying the retention period once a day, and making room when storage is full.
 */

/** A retention run less than this long ago makes the next one wait (a day, with slack for worker restarts). */
export const RETENTION_INTERVAL_MS = 20 * 60 * 60 * 1000;

type Log = (message: string) => void;

export interface QuotaRecoveryOptions {
  retentionDays: number;
  now: Date;
  /** Where the "storage was full" notice is kept for the options page; storage.local by default. */
  notices?: DataNotices;
  log?: Log;
}

/**
 * Runs `action` (a write to the history database). When it fails because storage is full, removes what
 * `pruneForQuota` allows (the retention period, then the oldest snapshots, never a deal's latest, nor any answer,
 * snooze or setting), records `lastPrunedForQuotaAt` so the options page tells the user, and runs `action` once
 * more. Throws the original error when nothing could be removed, and the retry's error when it fails again.
 * `action` must leave nothing behind when it fails (saveSnapshot writes in one transaction), since it runs twice.
 */
export async function withQuotaRecovery<T>(db: IDBPDatabase<HistoryDb>, action: () => Promise<T>, options: QuotaRecoveryOptions): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!isQuotaExceeded(error)) throw error;
    const pruned = await makeRoom(db, options);
    if (pruned.removedSnapshots === 0 && !removedAnything(pruned.retention)) {
      options.log?.('storage is full and no old history is left to remove');
      throw error;
    }
    return action();
  }
}

async function makeRoom(db: IDBPDatabase<HistoryDb>, options: QuotaRecoveryOptions): Promise<QuotaPruneResult> {
  const pruned = await pruneForQuota(db, { retentionDays: options.retentionDays, now: options.now });
  const notices = options.notices ?? storageDataNotices();
  if (pruned.removedSnapshots > 0 || removedAnything(pruned.retention)) {
    const before = await notices.read();
    await notices.update({
      lastPrunedForQuotaAt: options.now.toISOString(),
      prunedForQuotaSnapshots: before.prunedForQuotaSnapshots + pruned.removedSnapshots,
      lastRetentionAt: options.now.toISOString(),
    });
    options.log?.(`storage was full: removed ${pruned.removedSnapshots} old snapshots (${pruned.retention.removedDeals} deals beyond the retention period)`);
  }
  return pruned;
}

export interface RetentionRunOptions {
  retentionDays: number;
  now: Date;
  notices?: DataNotices;
  log?: Log;
}

/** Applies the retention period unless it ran within the last day; returns what it removed, or null when not due. */
export async function runRetentionIfDue(db: IDBPDatabase<HistoryDb>, options: RetentionRunOptions): Promise<RetentionResult | null> {
  const notices = options.notices ?? storageDataNotices();
  const { lastRetentionAt } = await notices.read();
  const last = lastRetentionAt === null ? Number.NaN : Date.parse(lastRetentionAt);
  // A time in the future (the clock was set back) does not postpone retention for ever.
  if (!Number.isNaN(last) && last <= options.now.getTime() && options.now.getTime() - last < RETENTION_INTERVAL_MS) return null;
  const result = await applyRetention(db, options);
  await notices.update({ lastRetentionAt: options.now.toISOString() });
  if (removedAnything(result)) {
    options.log?.(`retention (${options.retentionDays} days): removed ${result.removedSnapshots} snapshots and ${result.removedDeals} deals`);
  }
  return result;
}

/** The history database cannot be upgraded while an older connection (another copy of the extension) holds it. */
export class HistoryDbBlockedError extends Error {
  override name = 'HistoryDbBlockedError';
  constructor() {
    super('the history database is held open by another copy of Deal Hygiene (an old tab or window); close it to continue');
  }
}

export interface HistoryDbOpenerOptions {
  log: Log;
  name?: string;
  version?: number;
  /** How long a caller waits for a blocked upgrade before it is told the database is blocked. */
  blockedWaitMs?: number;
  /** Called once the database is open (e.g. to run the daily retention); its errors are logged, never thrown. */
  onOpened?(db: IDBPDatabase<HistoryDb>): Promise<unknown> | void;
}

/** Long enough for an upgrade that was just unblocked to finish, short enough that a page's verdict is not held up. */
export const BLOCKED_WAIT_MS = 500;

/**
 * Opens the history database for the background. When an older connection blocks the upgrade, the request stays
 * queued (IndexedDB finishes it, migrations and all, once that connection closes) and each caller meanwhile waits
 * at most `blockedWaitMs`, then gets a HistoryDbBlockedError instead of waiting without end: the background goes on
 * judging pages without history, and stored data is never touched until the upgrade can run as a whole. No second
 * request is made while the first waits (it would queue behind it).
 */
export function createHistoryDbOpener(options: HistoryDbOpenerOptions): () => Promise<IDBPDatabase<HistoryDb>> {
  const waitMs = options.blockedWaitMs ?? BLOCKED_WAIT_MS;
  let pending: Promise<IDBPDatabase<HistoryDb>> | null = null;
  let blocked = false;
  const onBlocked = new Set<() => void>();

  const start = () => {
    blocked = false;
    const opening = openHistoryDb(options.name ?? DB_NAME, options.version ?? DB_VERSION, {
      blocked: () => {
        blocked = true;
        options.log('history database upgrade is waiting: another copy of Deal Hygiene holds the database open');
        for (const listener of onBlocked) listener();
        onBlocked.clear();
      },
    });
    opening.then(
      (db) => {
        if (blocked) options.log('history database upgraded after the other connection closed');
        blocked = false;
        if (options.onOpened) {
          Promise.resolve()
            .then(() => options.onOpened!(db))
            .catch((error: unknown) => options.log(`history upkeep failed: ${error instanceof Error ? error.name : 'error'}`));
        }
      },
      () => {
        // A failed open (not a blocked one) is tried again by the next caller.
        pending = null;
      },
    );
    return opening;
  };

  return () => {
    pending ??= start();
    const opening = pending;
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const giveUp = () => {
        timer = setTimeout(() => reject(new HistoryDbBlockedError()), waitMs);
      };
      if (blocked) giveUp();
      else onBlocked.add(giveUp);
      const settle = () => {
        clearTimeout(timer);
        onBlocked.delete(giveUp);
      };
      opening.then(
        (db) => {
          settle();
          resolve(db);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  };
}

/**
 * The background's `openDb`: guarded against a blocked upgrade, and applying the retention period at most once a
 * day when the worker first opens the database (the worker is started often, so no alarm is needed).
 */
export function historyDbOpener(options: { log: Log; loadSettings(): Promise<Settings>; now(): Date; notices?: DataNotices; name?: string }) {
  return createHistoryDbOpener({
    log: options.log,
    ...(options.name === undefined ? {} : { name: options.name }),
    onOpened: async (db) => {
      const settings = await options.loadSettings();
      await runRetentionIfDue(db, { retentionDays: settings.privacy.retentionDays, now: options.now(), log: options.log, ...(options.notices ? { notices: options.notices } : {}) });
    },
  });
}
