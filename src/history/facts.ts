import type { CanonicalStage, DealSnapshot } from '../model/deal';
import { daysBetween } from '../rules/dates';

/**
 * Facts about one deal's past, derived from its stored snapshots (one per change) and the current one.
 * Each fact that could come from more than one place says where it came from: our own history of visits,
 * the page itself (a created date, a stage-changed date), or the CRM's API.
 */
export type FactSource = 'history' | 'page' | 'api';
export interface Sourced<T> {
  value: T;
  source: FactSource;
}

export interface StageChange {
  /** Stage label before; null for the first stage seen. */
  from: string | null;
  to: string;
  fromCanonical: CanonicalStage | null;
  toCanonical: CanonicalStage | null;
  /** Calendar date (YYYY-MM-DD) of the first snapshot showing the new stage. */
  on: string;
  /** A move to an earlier canonical stage (e.g. propose → develop). */
  backwards: boolean;
}

export interface CloseDateFacts {
  /** The close date when the deal was first seen with one. */
  firstSeen: string;
  current: string | null;
  /** How many times the close date moved later. Moves earlier (pull-ins) do not count. */
  pushCount: number;
  /** The largest single move later, in days (0 when never pushed). */
  largestPushDays: number;
  /** Current minus first-seen close date, in days (negative when pulled in overall). */
  totalDriftDays: number;
  /** The date the close date last changed; null when it never changed while we watched. */
  lastChangedOn: string | null;
  /** Days since it last changed, or since first seen when it never changed. */
  daysSinceLastChange: number;
  /** Every distinct close date with the day it was first seen, oldest first: the drift chart. */
  timeline: { on: string; closeDate: string }[];
}

export interface HistoryFacts {
  /** Snapshots the facts come from, the current one included (≥ 1). */
  snapshotCount: number;
  /** Calendar date the deal was first seen by the extension. */
  firstSeenOn: string;
  /** Null when no snapshot ever had a close date. */
  closeDate: CloseDateFacts | null;
  stage: {
    /** When the current stage began: the page's or API's stage-change date if known, else the first snapshot showing it. */
    enteredOn: Sourced<string> | null;
    daysInStage: number | null;
    changes: StageChange[];
  };
  amount: {
    /** First known amount and the current one, in the deal's currency. */
    first: number | null;
    current: number | null;
    /** (current − first) / first × 100; null when either is unknown or first is 0. */
    changePct: number | null;
  };
  /** Days since any field value last changed (since first seen if never). */
  daysSinceAnyChange: number;
  /** From the created date when the page shows it, otherwise from first seen. */
  dealAgeDays: Sourced<number>;
}

const CANONICAL_ORDER: Record<CanonicalStage, number> = { prospect: 0, qualify: 1, develop: 2, propose: 3, commit: 4, won: 5, lost: 5 };


const dayOf = (snapshot: DealSnapshot) => snapshot.capturedAt.slice(0, 10);
const valueOrNull = <T>(field: { state: string; value?: T }): T | null => (field.state === 'value' ? (field.value as T) : null);

/**
 * Derives the history facts of one deal. `history` is the stored snapshots (any order, repeats allowed);
 * `current` the snapshot being judged (it may or may not be among them); `today` is YYYY-MM-DD.
 * Unknown values never count as changes: a field the page did not show is skipped, not read as blank.
 */
export function deriveHistoryFacts(history: readonly DealSnapshot[], current: DealSnapshot, today: string): HistoryFacts {
  const byTime = [...history.filter((s) => s.key === current.key && s.capturedAt !== current.capturedAt), current].sort((a, b) =>
    a.capturedAt < b.capturedAt ? -1 : a.capturedAt > b.capturedAt ? 1 : 0,
  );
  // Judge as of the current snapshot: later captures (an import of newer data) do not rewrite its past.
  const upToCurrent = byTime.slice(0, byTime.indexOf(current) + 1);
  const first = upToCurrent[0]!;

  // Close date.
  let closeDate: CloseDateFacts | null = null;
  const timeline: { on: string; closeDate: string }[] = [];
  let pushCount = 0;
  let largestPushDays = 0;
  let lastChangedOn: string | null = null;
  let previous: string | null = null;
  for (const snapshot of upToCurrent) {
    const value = valueOrNull<string>(snapshot.fields.closeDate);
    if (value === null) continue;
    if (previous === null) {
      timeline.push({ on: dayOf(snapshot), closeDate: value });
    } else if (value !== previous) {
      const moved = daysBetween(previous, value);
      if (moved > 0) {
        pushCount += 1;
        largestPushDays = Math.max(largestPushDays, moved);
      }
      lastChangedOn = dayOf(snapshot);
      timeline.push({ on: dayOf(snapshot), closeDate: value });
    }
    previous = value;
  }
  if (timeline.length) {
    const firstSeen = timeline[0]!.closeDate;
    const currentClose = valueOrNull<string>(current.fields.closeDate);
    closeDate = {
      firstSeen,
      current: currentClose,
      pushCount,
      largestPushDays,
      totalDriftDays: daysBetween(firstSeen, currentClose ?? previous!),
      lastChangedOn,
      daysSinceLastChange: daysBetween(lastChangedOn ?? timeline[0]!.on, today),
      timeline,
    };
  }

  // Stage.
  const changes: StageChange[] = [];
  let stageLabel: string | null = null;
  let stageCanonical: CanonicalStage | null = null;
  let stageSince: string | null = null;
  for (const snapshot of upToCurrent) {
    const stage = valueOrNull<{ label: string; canonical: CanonicalStage | null }>(snapshot.fields.stage);
    if (stage === null) continue;
    if (stageLabel === null || stage.label !== stageLabel) {
      const backwards =
        stageCanonical !== null && stage.canonical !== null && CANONICAL_ORDER[stage.canonical] < CANONICAL_ORDER[stageCanonical];
      changes.push({ from: stageLabel, to: stage.label, fromCanonical: stageCanonical, toCanonical: stage.canonical, on: dayOf(snapshot), backwards });
      stageLabel = stage.label;
      stageCanonical = stage.canonical;
      stageSince = dayOf(snapshot);
    }
  }
  const enteredOn = stageSince ? { value: stageSince, source: 'history' as const } : null;

  // Amount.
  const amounts = upToCurrent.map((s) => valueOrNull<{ value: number }>(s.fields.amount)?.value ?? null).filter((v): v is number => v !== null);
  const firstAmount = amounts[0] ?? null;
  const currentAmount = valueOrNull<{ value: number }>(current.fields.amount)?.value ?? null;

  // Any change: the first snapshot whose known values differ from the one before.
  let lastAnyChange = dayOf(first);
  for (let i = 1; i < upToCurrent.length; i++) {
    if (valuesChanged(upToCurrent[i - 1]!, upToCurrent[i]!)) lastAnyChange = dayOf(upToCurrent[i]!);
  }

  const created = valueOrNull<string>(current.fields.createdDate);
  const dealAgeDays = created
    ? { value: daysBetween(created, today), source: 'page' as const }
    : { value: daysBetween(dayOf(first), today), source: 'history' as const };

  return {
    snapshotCount: upToCurrent.length,
    firstSeenOn: dayOf(first),
    closeDate,
    stage: { enteredOn, daysInStage: enteredOn ? daysBetween(enteredOn.value, today) : null, changes },
    amount: {
      first: firstAmount,
      current: currentAmount,
      changePct: firstAmount !== null && currentAmount !== null && firstAmount !== 0 ? ((currentAmount - firstAmount) / firstAmount) * 100 : null,
    },
    daysSinceAnyChange: daysBetween(lastAnyChange, today),
    dealAgeDays,
  };
}

/** Whether a field known in both snapshots differs: a field unread in either is not evidence of a change. */
function valuesChanged(before: DealSnapshot, after: DealSnapshot): boolean {
  return (Object.keys(after.fields) as (keyof DealSnapshot['fields'])[]).some((name) => {
    const a = before.fields[name];
    const b = after.fields[name];
    if (a.state === 'unknown' || b.state === 'unknown') return false;
    return a.state !== b.state || JSON.stringify(a.state === 'value' ? a.value : null) !== JSON.stringify(b.state === 'value' ? b.value : null);
  });
}
