import { CANONICAL_STAGES, type CanonicalStage } from '../model/deal';
import { SEVERITIES, type Severity } from '../model/verdict';
import { ownerKeyOf, type ReviewRow } from './rows';

/** Owner filter value for deals whose owner could not be read (never a real owner: owners are trimmed text). */
export const OWNER_UNREAD = '\u0000unread';

export type StageFilter = 'all' | 'open' | CanonicalStage | 'unmapped' | 'unread';
export type SeverityFilter = 'all' | Severity | 'none';
export type SourceFilter = 'all' | 'seen' | 'imported';

export interface ReviewFilter {
  /** An owner as shown (matched ignoring case and spacing), OWNER_UNREAD, or null for every owner. */
  owner: string | null;
  stage: StageFilter;
  /** A severity: deals with at least one active finding of it; 'none': deals without active findings. */
  severity: SeverityFilter;
  /** A rule id: deals where that rule has an active finding; null for any. */
  rule: string | null;
  text: string;
  source: SourceFilter;
}

export const EMPTY_FILTER: ReviewFilter = { owner: null, stage: 'all', severity: 'all', rule: null, text: '', source: 'all' };

export const STAGE_FILTERS: readonly StageFilter[] = ['all', 'open', ...CANONICAL_STAGES, 'unmapped', 'unread'];
export const SEVERITY_FILTERS: readonly SeverityFilter[] = ['all', ...[...SEVERITIES].reverse(), 'none'];
export const SOURCE_FILTERS: readonly SourceFilter[] = ['all', 'seen', 'imported'];

export function isFiltered(filter: ReviewFilter): boolean {
  return (
    filter.owner !== null || filter.stage !== 'all' || filter.severity !== 'all' || filter.rule !== null || filter.text.trim() !== '' || filter.source !== 'all'
  );
}

function stageMatches(row: ReviewRow, stage: StageFilter): boolean {
  switch (stage) {
    case 'all':
      return true;
    case 'open':
      return row.open === true;
    case 'unread':
      return row.stage.state === 'unknown';
    case 'unmapped':
      return row.stage.state === 'value' && row.stage.value!.canonical === null;
    default:
      return row.stage.value?.canonical === stage;
  }
}

/**
 * The rows that pass every filter, in the order given (sort first, then filter: the order survives filtering).
 * Text search matches every word, each anywhere in name, owner, stage, CRM or record id, ignoring case.
 */
export function filterRows(rows: readonly ReviewRow[], filter: ReviewFilter): ReviewRow[] {
  if (!isFiltered(filter)) return rows.slice();
  const owner = filter.owner === null || filter.owner === OWNER_UNREAD ? filter.owner : ownerKeyOf(filter.owner);
  const words = filter.text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const { severity, rule, source, stage } = filter;
  return rows.filter((row) => {
    if (owner !== null && (owner === OWNER_UNREAD ? row.owner.state !== 'unknown' : row.ownerKey !== owner)) return false;
    if (source === 'seen' ? row.imported : source === 'imported' ? !row.imported : false) return false;
    if (severity === 'none' ? row.worst !== null : severity !== 'all' && row.counts[severity] === 0) return false;
    if (rule !== null && !row.rules.has(rule)) return false;
    if (!stageMatches(row, stage)) return false;
    for (const word of words) if (!row.search.includes(word)) return false;
    return true;
  });
}

/** Distinct owners as first shown, sorted for a select; `unread` counts deals whose owner could not be read. */
export function ownerOptions(rows: readonly ReviewRow[], locale: string): { owners: string[]; unread: number } {
  const byKey = new Map<string, string>();
  let unread = 0;
  for (const row of rows) {
    if (row.owner.state === 'unknown') unread += 1;
    else if (row.ownerKey !== null && !byKey.has(row.ownerKey)) byKey.set(row.ownerKey, row.owner.value!.trim());
  }
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return { owners: [...byKey.values()].sort(collator.compare), unread };
}

/** Rule ids with at least one active finding among the rows, most deals first. */
export function ruleOptions(rows: readonly ReviewRow[]): { ruleId: string; deals: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const rule of row.rules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return [...counts].map(([ruleId, deals]) => ({ ruleId, deals })).sort((a, b) => b.deals - a.deals || (a.ruleId < b.ruleId ? -1 : 1));
}
