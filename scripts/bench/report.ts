// The benchmark's figures: collected as rows, printed as a table, written as JSON. Nothing here fails the run.

/** A goal from the issue, checked against a figure: `value` must stay at or under / at or over `limit`. */
export interface Goal {
  text: string;
  at: 'most' | 'least';
  limit: number;
}

export interface Row {
  section: string;
  benchmark: string;
  value: number | null;
  unit: string;
  goal?: string;
  /** Whether the goal was met; absent when the figure has no goal or could not be measured. */
  met?: boolean;
  /** How the figure was obtained when that is not obvious from the name (kept in the JSON, not the table). */
  note?: string;
}

export const atMost = (limit: number, unit: string): Goal => ({ text: `≤ ${limit} ${unit}`.trim(), at: 'most', limit });
export const atLeast = (limit: number, unit: string): Goal => ({ text: `≥ ${limit} ${unit}`.trim(), at: 'least', limit });

/** Sorted copy; the statistics below never reorder the caller's array. */
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** Nearest-rank percentile (p in 0..100) of a non-empty sample; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const ordered = sorted(values);
  const rank = Math.ceil((p / 100) * ordered.length);
  return ordered[Math.min(ordered.length, Math.max(1, rank)) - 1]!;
}

export const median = (values: readonly number[]) => {
  if (!values.length) return Number.NaN;
  const ordered = sorted(values);
  const middle = ordered.length >> 1;
  return ordered.length % 2 ? ordered[middle]! : (ordered[middle - 1]! + ordered[middle]!) / 2;
};
export const p95 = (values: readonly number[]) => percentile(values, 95);
export const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
export const geometricMean = (values: readonly number[]) =>
  values.length ? Math.exp(sum(values.map((value) => Math.log(value))) / values.length) : Number.NaN;

/** Rounds for display: three significant digits for small figures, whole numbers for large ones. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value);
  if (magnitude >= 10) return Math.round(value * 10) / 10;
  if (magnitude >= 1) return Math.round(value * 100) / 100;
  return Math.round(value * 1000) / 1000;
}

export class Report {
  readonly rows: Row[] = [];
  private section = '';

  /** Rows added after this belong to `name` (a heading in the table). */
  startSection(name: string) {
    this.section = name;
  }

  add(benchmark: string, value: number | null, unit: string, goal?: Goal, note?: string): void {
    const measured = value !== null && Number.isFinite(value);
    this.rows.push({
      section: this.section,
      benchmark,
      value: measured ? round(value) : null,
      unit,
      ...(goal ? { goal: goal.text } : {}),
      ...(goal && measured ? { met: goal.at === 'most' ? value <= goal.limit : value >= goal.limit } : {}),
      ...(note ? { note } : {}),
    });
  }

  /** A figure that could not be measured this run, with the reason (shown instead of a value). */
  skip(benchmark: string, reason: string, goal?: Goal): void {
    this.rows.push({ section: this.section, benchmark, value: null, unit: '', ...(goal ? { goal: goal.text } : {}), note: `not measured: ${reason}` });
  }

  /** The plain-text table printed to stdout; also pasted into docs/benchmarks.md. */
  table(): string {
    const value = (row: Row) => (row.value === null ? '—' : String(row.value));
    const verdict = (row: Row) => (row.met === undefined ? '' : row.met ? 'met' : 'MISSED');
    const width = Math.max(9, ...this.rows.map((row) => row.benchmark.length));
    const valueWidth = Math.max(5, ...this.rows.map((row) => value(row).length));
    const unitWidth = Math.max(4, ...this.rows.map((row) => row.unit.length));
    const goalWidth = Math.max(4, ...this.rows.map((row) => (row.goal ?? '').length));
    const lines = [`${'benchmark'.padEnd(width)}  ${'value'.padStart(valueWidth)}  ${'unit'.padEnd(unitWidth)}  ${'goal'.padEnd(goalWidth)}  status`];
    let section: string | null = null;
    for (const row of this.rows) {
      if (row.section !== section) {
        section = row.section;
        lines.push('', `[${section}]`);
      }
      const status = row.value === null ? (row.note ?? '') : verdict(row);
      lines.push(`${row.benchmark.padEnd(width)}  ${value(row).padStart(valueWidth)}  ${row.unit.padEnd(unitWidth)}  ${(row.goal ?? '').padEnd(goalWidth)}  ${status}`.trimEnd());
    }
    return lines.join('\n');
  }
}
