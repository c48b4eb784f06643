import { browser } from 'wxt/browser';
import { buildExport, checkExportFile, clearEverything, countEverything, readEverything, replaceEverything } from '../../history/backup';
import { applyRetention, isQuotaExceeded } from '../../history/retention';
import type { DataErrorReply, StorageUsage } from '../../messaging/data';
import { CUSTOM_CRMS_KEY } from '../../model/crm-mapping';
import { writeSettings as writeSyncSettings } from '../settings-storage';
import { storageDataNotices, type DataNotices } from '../data-notices';
import { HistoryDbBlockedError } from '../history-upkeep';
import type { AreaHandlers, HandlerContext } from './types';

type StorageArea = Pick<typeof browser.storage.local, 'get' | 'set' | 'remove' | 'clear'>;

export interface DataHandlerDeps {
  storage?: { sync: StorageArea; local: StorageArea; session: StorageArea };
  notices?: DataNotices;
  /** navigator.storage.estimate where the browser has it. */
  estimate?: () => Promise<Estimate>;
}

type Estimate = { usage?: number; quota?: number };
const defaultEstimate = async (): Promise<Estimate> => (typeof navigator !== 'undefined' && navigator.storage?.estimate ? navigator.storage.estimate() : {});

/** The database could not be used: a reply the page can explain, or the error rethrown for the service to report. */
function failure(error: unknown): DataErrorReply {
  if (error instanceof HistoryDbBlockedError) return { ok: false, error: error.message, code: 'db-blocked' };
  if (isQuotaExceeded(error)) return { ok: false, error: 'not enough storage for this import; nothing was changed', code: 'quota' };
  throw error;
}

/**
 * "Privacy and data": export everything, import an export, delete everything, how much is stored, and the
 * retention period applied on demand. Never logs page data: counts only.
 */
export function createDataHandlers(deps: DataHandlerDeps = {}): AreaHandlers {
  const storage = deps.storage ?? { sync: browser.storage.sync, local: browser.storage.local, session: browser.storage.session };
  const notices = deps.notices ?? storageDataNotices(storage.local);
  const estimate = deps.estimate ?? defaultEstimate;

  const readKey = async (area: StorageArea, key: string): Promise<unknown> => (await area.get(key))[key];

  async function usage(context: HandlerContext): Promise<StorageUsage> {
    const db = await context.db();
    const [counts, deals, estimated, state] = await Promise.all([
      countEverything(db),
      db.getAll('deals'),
      estimate().catch((): Estimate => ({})),
      notices.read(),
    ]);
    // Retention keeps firstSeenAt equal to the deal's oldest snapshot, so the oldest of them is the oldest snapshot.
    const oldest = deals.reduce<string | null>((min, deal) => (min === null || Date.parse(deal.firstSeenAt) < Date.parse(min) ? deal.firstSeenAt : min), null);
    return {
      deals: counts.deals,
      snapshots: counts.snapshots,
      qualifications: counts.qualification,
      snoozes: counts.snoozes,
      bytes: typeof estimated.usage === 'number' ? estimated.usage : null,
      quotaBytes: typeof estimated.quota === 'number' ? estimated.quota : null,
      oldestSnapshotAt: oldest,
      lastRetentionAt: state.lastRetentionAt,
      lastPrunedForQuotaAt: state.lastPrunedForQuotaAt,
      prunedForQuotaSnapshots: state.prunedForQuotaSnapshots,
    };
  }

  return {
    async 'ui-bg:export-everything'(_message, _sender, context) {
      try {
        const [settings, customCrms, db] = await Promise.all([context.loadSettings(), readKey(storage.local, CUSTOM_CRMS_KEY), context.db()]);
        const stored = await readEverything(db);
        const { file, skipped } = buildExport({ settings, customCrms: customCrms ?? [], ...stored }, context.now());
        const left = Object.values(skipped).reduce((sum, n) => sum + n, 0);
        if (left) context.log(`export left out ${left} stored items that no longer pass validation`);
        return { ok: true, file, skipped };
      } catch (error) {
        return failure(error);
      }
    },

    async 'ui-bg:import-everything'(message, _sender, context) {
      const check = checkExportFile(message.file, context.now());
      if (!check.ok) {
        // The errors name paths in the user's own file; they go back to the page, not to the log.
        return { ok: false, error: `the file is not a valid Deal Hygiene export (${check.errors.length} problems)`, code: 'invalid-file', errors: check.errors } satisfies DataErrorReply;
      }
      const { plan } = check;
      try {
        // Open the database first: when it is blocked nothing is written anywhere.
        const db = await context.db();
        // Settings may be stored in several sync items (settings-storage.ts): keep all of sync to put it back.
        const previousSync = await storage.sync.get(null);
        const previousCrms = await readKey(storage.local, CUSTOM_CRMS_KEY);
        const restore = async () => {
          await storage.sync.clear();
          await storage.sync.set(previousSync);
          if (previousCrms === undefined) await storage.local.remove(CUSTOM_CRMS_KEY);
          else await storage.local.set({ [CUSTOM_CRMS_KEY]: previousCrms });
        };
        try {
          await writeSyncSettings(plan.settings, storage.sync);
          await storage.local.set({ [CUSTOM_CRMS_KEY]: plan.customCrms });
          await replaceEverything(db, plan);
        } catch (error) {
          await restore().catch(() => context.log('import failed and the previous settings could not be put back'));
          throw error;
        }
        // The notice was about history that is now replaced.
        await notices.update({ lastPrunedForQuotaAt: null, prunedForQuotaSnapshots: 0 });
        context.log(`imported an export: ${plan.deals.length} deals, ${plan.snapshots.length} snapshots`);
        const { summary } = plan;
        return {
          ok: true,
          counts: { deals: summary.deals, snapshots: summary.snapshots, qualification: summary.qualification, snoozes: summary.snoozes, customCrms: summary.customCrms },
        };
      } catch (error) {
        return failure(error);
      }
    },

    async 'ui-bg:delete-everything'(_message, _sender, context) {
      try {
        const counts = await clearEverything(await context.db());
        // Everything the extension keeps: settings (also their synced copy), custom CRMs, notices, tab states.
        await Promise.all([storage.sync.clear(), storage.local.clear(), storage.session.clear()]);
        context.log('deleted everything on the user\'s request');
        return { ok: true, counts };
      } catch (error) {
        return failure(error);
      }
    },

    async 'ui-bg:get-storage-usage'(_message, _sender, context) {
      try {
        return { ok: true, usage: await usage(context) };
      } catch (error) {
        return failure(error);
      }
    },

    async 'ui-bg:apply-retention'(_message, _sender, context) {
      try {
        const [settings, db] = await Promise.all([context.loadSettings(), context.db()]);
        const now = context.now();
        const result = await applyRetention(db, { retentionDays: settings.privacy.retentionDays, now });
        await notices.update({ lastRetentionAt: now.toISOString() });
        return { ok: true, removed: result.removedSnapshots, removedDeals: result.removedDeals };
      } catch (error) {
        return failure(error);
      }
    },

    async 'ui-bg:dismiss-storage-notice'() {
      await notices.update({ lastPrunedForQuotaAt: null, prunedForQuotaSnapshots: 0 });
      return { ok: true };
    },
  };
}
