import type { DealSnapshot } from '../model/deal';
import type { Settings } from '../model/settings';
import { runRules } from '../engine/run';
import { deriveHistoryFacts } from '../history/facts';
import { isoDateAt } from '../rules/dates';
import type { PipelineDeal } from './figures';

export interface JudgedDeal extends PipelineDeal {
  /** Every snapshot of the deal that was given, oldest first (the judged one last). */
  snapshots: DealSnapshot[];
  settingsErrors: string[];
  ruleErrors: string[];
}

/**
 * Judges a batch of snapshots as the background does: snapshots sharing a key are one deal's history,
 * the latest (by capturedAt) is judged with the others as its history. Deals keep the order in which
 * their key first appears.
 */
export function judgeSnapshots(snapshots: readonly DealSnapshot[], settings: Settings, now: Date, timeZone?: string): JudgedDeal[] {
  const byKey = new Map<string, DealSnapshot[]>();
  for (const snapshot of snapshots) {
    const list = byKey.get(snapshot.key) ?? [];
    list.push(snapshot);
    byKey.set(snapshot.key, list);
  }
  const today = isoDateAt(now, timeZone);
  return [...byKey.values()].map((list) => {
    // Stable: of two captures at the same moment, the later in the input wins.
    const ordered = list.map((snapshot, i) => ({ snapshot, i })).sort((a, b) => (a.snapshot.capturedAt < b.snapshot.capturedAt ? -1 : a.snapshot.capturedAt > b.snapshot.capturedAt ? 1 : a.i - b.i)).map(({ snapshot }) => snapshot);
    const current = ordered[ordered.length - 1]!;
    const history = ordered.slice(0, -1);
    const { verdict, settingsErrors, ruleErrors } = runRules({ snapshot: current, settings, now, timeZone, history });
    return { snapshot: current, verdict, history: deriveHistoryFacts(history, current, today), snapshots: ordered, settingsErrors, ruleErrors };
  });
}
