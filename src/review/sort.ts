import type { CanonicalStage } from '../model/deal';
import { severityRank } from '../model/verdict';
import type { ReviewRow } from './rows';

export const SORT_COLUMNS = ['name', 'owner', 'stage', 'amount', 'closeDate', 'hygiene', 'qualification', 'findings', 'lastSeen'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDirection = 'ascending' | 'descending';
export interface SortSpec {
  column: SortColumn;
  direction: SortDirection;
}

/** Worst deals first: the lowest hygiene score on top. */
export const DEFAULT_SORT: SortSpec = { column: 'hygiene', direction: 'ascending' };

/** The direction a column starts in when its header is first clicked: numbers that mean "trouble" start worst-first. */
export function firstDirection(column: SortColumn): SortDirection {
  return column === 'amount' || column === 'findings' || column === 'lastSeen' ? 'descending' : 'ascending';
}

/** Clicking a header: the same column flips, another column starts in its own first direction. */
export function nextSort(current: SortSpec, column: SortColumn): SortSpec {
  if (current.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: firstDirection(column) };
}

const STAGE_ORDER: Record<CanonicalStage, number> = { prospect: 0, qualify: 1, develop: 2, propose: 3, commit: 4, won: 5, lost: 6 };

type Key = string | number | null;

/**
 * Sorts a copy of the rows. A value that is missing (blank, or could not be read) sorts last in either
 * direction, so flipping a column never buries real values under gaps. Ties keep the deal name order, then the key.
 */
export function sortRows(rows: readonly ReviewRow[], spec: SortSpec, locale: string): ReviewRow[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const sign = spec.direction === 'ascending' ? 1 : -1;
  const keyOf = sortKey(spec.column);
  // Keys are computed once per row, not once per comparison.
  const keyed = rows.map((row) => ({ row, key: keyOf(row), name: row.name.value ?? '' }));
  const compareKeys = (a: Key, b: Key): number => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
    return sign * collator.compare(String(a), String(b));
  };
  keyed.sort((a, b) => compareKeys(a.key, b.key) || collator.compare(a.name, b.name) || (a.row.key < b.row.key ? -1 : a.row.key > b.row.key ? 1 : 0));
  return keyed.map(({ row }) => row);
}

function sortKey(column: SortColumn): (row: ReviewRow) => Key {
  switch (column) {
    case 'name':
      return (row) => row.name.value;
    case 'owner':
      return (row) => row.owner.value;
    case 'stage':
      // Canonical order first (prospect → commit, then won and lost), unmapped labels after them, by label.
      return (row) => (row.stage.value ? `${row.stage.value.canonical === null ? 9 : STAGE_ORDER[row.stage.value.canonical]}\u0001${row.stage.value.label}` : null);
    case 'amount':
      return (row) => row.amount.value?.value ?? null;
    case 'closeDate':
      return (row) => row.closeDate.value;
    case 'hygiene':
      return (row) => row.hygiene;
    case 'qualification':
      return (row) => row.qualification;
    case 'findings':
      // Worst severity first, then the count of each severity: one critical outranks any number of warnings.
      return (row) => (row.worst === null ? 0 : (severityRank[row.worst] + 1) * 1e9 + row.counts.critical * 1e6 + row.counts.warning * 1e3 + row.counts.info);
    case 'lastSeen':
      return (row) => Date.parse(row.lastSeenAt) || null;
  }
}
