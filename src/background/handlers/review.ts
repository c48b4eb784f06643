import { adapterById } from '../../adapters';
import { runRules } from '../../engine/run';
import { applyStageMapping } from '../../adapters/stage-mapping';
import { deriveHistoryFacts } from '../../history/facts';
import { loadDealsPage, removeImportedDeals } from '../../history/queries';
import { batchedSaver, loadHistory, type StoredSnapshot } from '../../history/store';
import { withQuotaRecovery } from '../history-upkeep';
import type { DealSnapshot } from '../../model/deal';
import { isImportedKey, type ReviewDeal } from '../../messaging/review';
import { isoDateAt } from '../../rules/dates';
import type { AreaHandlers } from './types';

/** Deals per `ui-bg:list-deals` reply unless the page asks for another size. */
export const DEFAULT_PAGE_SIZE = 500;

/** The snapshot as the protocol knows it: without the store's row id and fingerprint. */
function plainSnapshot(stored: StoredSnapshot): DealSnapshot {
  const { id: _id, fingerprint: _fingerprint, ...snapshot } = stored;
  return snapshot;
}

/** The review page's messages: its table of deals, one deal's history, CSV imports and their removal. */
export function reviewHandlers(): AreaHandlers {
  return {
    async 'ui-bg:list-deals'(message, _sender, context) {
      const [db, settings] = await Promise.all([context.db(), context.loadSettings()]);
      const now = context.now();
      const today = isoDateAt(now, settings.timeZone);
      const page = await loadDealsPage(db, { after: message.after, limit: message.limit ?? DEFAULT_PAGE_SIZE });
      const deals: ReviewDeal[] = [];
      const settingsErrors = new Set<string>();
      const ruleErrors = new Set<string>();
      for (const { record, snapshots, snoozes, qualification } of page.deals) {
        const latest = snapshots[snapshots.length - 1];
        if (!latest) continue;
        const snapshot = plainSnapshot(latest);
        // The same inputs as context.judgeStored (history, snoozes, quick-qualify answers), read for the whole page
        // in one transaction: judging 5,000 deals one by one took three transactions each, minutes in all.
        const result = runRules({ snapshot, settings, now, history: snapshots, snoozes, qualificationRecord: qualification });
        for (const error of result.settingsErrors) settingsErrors.add(error);
        for (const error of result.ruleErrors) ruleErrors.add(error.split(':')[0]!);
        deals.push({
          snapshot,
          verdict: result.verdict,
          firstSeenAt: record.firstSeenAt,
          lastSeenAt: record.lastSeenAt,
          snapshotCount: record.snapshotCount,
          imported: isImportedKey(record.key),
          closeDate: deriveHistoryFacts(snapshots, snapshot, today, settings.timeZone).closeDate,
        });
      }
      // Once per page, not once per deal: the same settings error would otherwise fill the log 500 times.
      for (const error of settingsErrors) context.log(`settings: ${error}`);
      if (ruleErrors.size) context.log(`review: rules failed on some deals: ${[...ruleErrors].join(', ')}`);
      if (deals.length < page.deals.length) context.log(`review: ${page.deals.length - deals.length} deal summaries without snapshots skipped`);
      return { ok: true, deals, total: page.total, next: page.next, today };
    },

    async 'ui-bg:get-deal-history'(message, _sender, context) {
      const history = await loadHistory(await context.db(), message.dealKey);
      return { ok: true, snapshots: history.map(plainSnapshot) };
    },

    async 'ui-bg:import-deals'(message, _sender, context) {
      const [db, settings] = await Promise.all([context.db(), context.loadSettings()]);
      // The same stage mapping as for deals read from pages, so an import and a visit agree on the stage.
      const snapshots = message.snapshots.map((snapshot) => applyStageMapping(snapshot, settings, adapterById(snapshot.crm)?.defaultStageMapping));
      // Storage full: the oldest history is pruned by the retention policy (the user is told) and what was refused is
      // saved once more; what was saved before stays saved.
      const results = await withQuotaRecovery(db, batchedSaver(db, snapshots), {
        retentionDays: settings.privacy.retentionDays,
        now: context.now(),
        log: context.log,
      });
      const stored = results.filter((result) => result.stored).length;
      return { ok: true, stored, unchanged: message.snapshots.length - stored };
    },

    async 'ui-bg:remove-imported-deals'(_message, _sender, context) {
      const removed = await removeImportedDeals(await context.db());
      return { ok: true, removed };
    },
  };
}
