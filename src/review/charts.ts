/** The numbers behind the review page's charts, computed from rows; the charts and their text tables share them. */
import type { DealSnapshot } from '../model/deal';
import type { Quota } from '../model/settings';
import type { Severity } from '../model/verdict';
import { deriveHistoryFacts } from '../history/facts';
import { quotaCoverage, type QuotaCoverage } from '../pipeline/figures';
import { periodRange } from '../pipeline/quota';
import { daysBetween } from '../rules/dates';
import type { ReviewRow } from './rows';

export interface RuleCount {
  ruleId: string;
  /** Deals with an active finding of the rule. */
  deals: number;
  /** Findings per severity (a rule's severity can differ per deal: settings, or a finding raised when long overdue). */
  bySeverity: Record<Severity, number>;
}

/** Active findings per rule over the rows, the rule on most deals first. */
export function findingsByRule(rows: readonly ReviewRow[]): RuleCount[] {
  const counts = new Map<string, RuleCount>();
  for (const row of rows) {
    const seen = new Set<string>();
    for (const finding of row.deal.verdict.findings) {
      let count = counts.get(finding.ruleId);
      if (!count) counts.set(finding.ruleId, (count = { ruleId: finding.ruleId, deals: 0, bySeverity: { critical: 0, warning: 0, info: 0 } }));
      count.bySeverity[finding.severity] += 1;
      if (!seen.has(finding.ruleId)) {
        seen.add(finding.ruleId);
        count.deals += 1;
      }
    }
  }
  return [...counts.values()].sort((a, b) => b.deals - a.deals || (a.ruleId < b.ruleId ? -1 : 1));
}

/**
 * Quota periods to choose from, the one to show first at the head: a current period (the shortest, so the quarter
 * before the year), else the nearest future one, else the latest past one.
 */
export function quotaPeriods(quotas: readonly Quota[], today: string): string[] {
  const periods = [...new Set(quotas.map((quota) => quota.period))].flatMap((period) => {
    const range = periodRange(period);
    return range ? [{ period, ...range }] : [];
  });
  const rank = (entry: { from: string; to: string }) => (entry.from <= today && today <= entry.to ? 0 : entry.from > today ? 1 : 2);
  const length = (entry: { from: string; to: string }) => daysBetween(entry.from, entry.to);
  return periods
    .sort((a, b) => {
      const byRank = rank(a) - rank(b);
      if (byRank) return byRank;
      if (rank(a) === 0) return length(a) - length(b) || (a.period < b.period ? -1 : 1);
      // Future: the nearest first; past: the latest first.
      return rank(a) === 1 ? (a.from < b.from ? -1 : 1) : a.to > b.to ? -1 : 1;
    })
    .map((entry) => entry.period);
}

/** Coverage of each owner's quota in one period, by the deals in view (src/pipeline/figures.ts quotaCoverage). */
export function coverageForPeriod(rows: readonly ReviewRow[], quotas: readonly Quota[], period: string, today: string): QuotaCoverage[] {
  const deals = rows.map((row) => ({ snapshot: row.deal.snapshot, verdict: row.deal.verdict }));
  return quotaCoverage(
    deals,
    quotas.filter((quota) => quota.period === period),
    today,
  );
}

export interface DriftPoint {
  /** The day the close date was first seen with this value. */
  on: string;
  closeDate: string;
  /** Days later than the first close date seen (negative: earlier). */
  driftDays: number;
}

/** The close date's moves from a deal's stored snapshots (the first value seen and every change), oldest first. */
export function driftPoints(snapshots: readonly DealSnapshot[], today: string, timeZone?: string): DriftPoint[] {
  const current = snapshots[snapshots.length - 1];
  if (!current) return [];
  const facts = deriveHistoryFacts(snapshots.slice(0, -1), current, today, timeZone);
  const timeline = facts.closeDate?.timeline ?? [];
  const first = timeline[0]?.closeDate;
  return timeline.map((entry) => ({ ...entry, driftDays: first ? daysBetween(first, entry.closeDate) : 0 }));
}
