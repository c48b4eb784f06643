import type { CanonicalStage, DealSnapshot } from '../model/deal';
import { daysBetween, isoDateAt } from '../rules/dates';

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
  /** The first close date seen and every change after it, with the day it was first seen, oldest first: the drift chart. */
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
    /**
     * True when the deal already showed its current stage the first time it was seen (always so for a deal seen once):
     * `enteredOn` is then only the day it was first seen, and `daysInStage` a lower bound ("at least N days").
     * False when a stage change was watched (or the page or API gave the date).
     */
    enteredBeforeFirstSeen: boolean;
    daysInStage: number | null;
    changes: StageChange[];
  };
  amount: {
    /** First known amount and the current one, in the deal's currency. */
    first: number | null;
    current: number | null;
    /** (current − first) / first × 100; null when either is unknown, first is 0, or the two are in different currencies. */
    changePct: number | null;
  };
  /** Days since any field value last changed (since first seen if never). A field unread in a snapshot is skipped, not a change. */
  daysSinceAnyChange: number;
  /**
   * From the created date when a snapshot shows it ('page'), otherwise from first seen ('history': a lower bound, the deal
   * is at least that old). A created date later than the day the deal was first seen is not believed.
   */
  dealAgeDays: Sourced<number>;
}

const CANONICAL_ORDER: Record<CanonicalStage, number> = { prospect: 0, qualify: 1, develop: 2, propose: 3, commit: 4, won: 5, lost: 5 };

type Money = { value: number; currency: string | null };
type StageValue = { label: string; canonical: CanonicalStage | null };

/** Structural equality of field values (plain data: primitives, arrays, records), without serialising them. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const valueOrNull = <T>(field: { state: string; value?: T }): T | null => (field.state === 'value' ? (field.value as T) : null);
/** The instant of a capture; timestamps with different offsets or precision compare by time, not by text. */
const instantOf = (snapshot: DealSnapshot): number => Date.parse(snapshot.capturedAt);
const hasOffset = (timestamp: string) => /(?:z|[+-]\d{2}(?::?\d{2})?)$/i.test(timestamp);

/**
 * Derives the history facts of one deal. `history` is the stored snapshots (any order, repeats allowed);
 * `current` the snapshot being judged (it may or may not be among them); `today` is YYYY-MM-DD in the user's time zone,
 * and `timeZone` (the same one) turns capture times into calendar days; without it a capture's day is the date as
 * written in its timestamp (UTC for `…Z`).
 * Only snapshots captured up to the current one count: later captures (an import of newer data) do not rewrite its past.
 * Unknown values never count as changes: a field the page did not show is skipped, not read as blank.
 */
export function deriveHistoryFacts(history: readonly DealSnapshot[], current: DealSnapshot, today: string, timeZone?: string): HistoryFacts {
  const days = new Map<DealSnapshot, string>();
  const dayOf = (snapshot: DealSnapshot): string => {
    let day = days.get(snapshot);
    if (day === undefined) {
      day =
        timeZone && hasOffset(snapshot.capturedAt) && Number.isFinite(instantOf(snapshot))
          ? isoDateAt(new Date(snapshot.capturedAt), timeZone)
          : snapshot.capturedAt.slice(0, 10);
      days.set(snapshot, day);
    }
    return day;
  };
  const cutOff = instantOf(current);
  // One snapshot per instant: the current one wins over a stored copy of itself, the first stored one over repeats.
  const seen = new Set<number>([cutOff]);
  const earlier: DealSnapshot[] = [];
  for (const snapshot of history) {
    const at = instantOf(snapshot);
    if (snapshot.key !== current.key || !(at < cutOff) || seen.has(at)) continue;
    seen.add(at);
    earlier.push(snapshot);
  }
  const upToCurrent = [...earlier.sort((a, b) => instantOf(a) - instantOf(b)), current];
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
    closeDate = {
      firstSeen,
      current: valueOrNull<string>(current.fields.closeDate),
      pushCount,
      largestPushDays,
      // The last close date known: a current snapshot that could not read it does not reset the drift.
      totalDriftDays: daysBetween(firstSeen, previous!),
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
    const stage = valueOrNull<StageValue>(snapshot.fields.stage);
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
  // Only one stage ever seen: the deal was in it before we first saw it, for how long we cannot tell.
  const enteredBeforeFirstSeen = changes.length <= 1;

  // Amount: first known and current, compared only in the same currency (an unknown currency matches any).
  const amounts = upToCurrent.map((s) => valueOrNull<Money>(s.fields.amount)).filter((v): v is Money => v !== null);
  const firstAmount = amounts[0] ?? null;
  const currentAmount = valueOrNull<Money>(current.fields.amount);
  const sameCurrency = !firstAmount?.currency || !currentAmount?.currency || firstAmount.currency === currentAmount.currency;

  // Any change: the last snapshot where a field's value differs from the last value known for it before.
  let lastAnyChange = dayOf(first);
  const lastKnown = new Map<string, DealSnapshot['fields'][keyof DealSnapshot['fields']]>();
  for (const snapshot of upToCurrent) {
    let changed = false;
    for (const name in snapshot.fields) {
      const field = snapshot.fields[name as keyof DealSnapshot['fields']];
      if (field.state === 'unknown') continue;
      const before = lastKnown.get(name);
      if (before !== undefined && (before.state !== field.state || (field.state === 'value' && !sameValue((before as typeof field).value, field.value)))) {
        changed = true;
      }
      lastKnown.set(name, field);
    }
    if (changed) lastAnyChange = dayOf(snapshot);
  }

  // Created date: the current snapshot's, else the latest earlier one that showed it (list pages often do not).
  const created = [...upToCurrent].reverse().map((s) => valueOrNull<string>(s.fields.createdDate)).find((v) => v !== null) ?? null;
  const firstSeenOn = dayOf(first);
  const dealAgeDays =
    created !== null && created <= firstSeenOn
      ? { value: daysBetween(created, today), source: 'page' as const }
      : { value: daysBetween(firstSeenOn, today), source: 'history' as const };

  return {
    snapshotCount: upToCurrent.length,
    firstSeenOn,
    closeDate,
    stage: { enteredOn, enteredBeforeFirstSeen, daysInStage: enteredOn ? daysBetween(enteredOn.value, today) : null, changes },
    amount: {
      first: firstAmount?.value ?? null,
      current: currentAmount?.value ?? null,
      changePct:
        firstAmount !== null && currentAmount !== null && firstAmount.value !== 0 && sameCurrency
          ? ((currentAmount.value - firstAmount.value) / firstAmount.value) * 100
          : null,
    },
    daysSinceAnyChange: daysBetween(lastAnyChange, today),
    dealAgeDays,
  };
}
