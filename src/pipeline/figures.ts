/**
 * Pipeline figures over a set of judged deals: open pipeline, weighted pipeline, coverage against quota,
 * value at risk and close-date slippage. Pure functions: the caller passes `now`, nothing reads a clock.
 *
 * Rules every figure keeps:
 * - Money in different currencies is never added: every sum is per currency (`currency: null` is
 *   "the export did not say", its own bucket, never merged into another).
 * - An amount that could not be read (unknown) or is blank (empty) is never counted as zero: the deal is
 *   left out of the sum and counted in `withoutAmount`, with its key, and a note says so.
 * - Figures are about open deals. A deal whose stage could not be read cannot be told open or closed; it
 *   is left out and counted (`deals.stageUnknown`). A stage label no mapping knows counts as open, as in the rules.
 * - A deal is counted once: when the same key comes twice, its latest snapshot wins.
 */
import type { DealSnapshot } from '../model/deal';
import type { Verdict } from '../model/verdict';
import type { HistoryFacts } from '../history/facts';
import { isoDateAt } from '../rules/dates';
import { isOpen, openStageOf, type OpenStage } from '../rules/stage';
import { periodRange, sameOwner, type Quota } from './quota';

export interface PipelineDeal {
  snapshot: DealSnapshot;
  verdict: Verdict;
  /** From deriveHistoryFacts; without it the deal is left out of the slippage ranking (and counted). */
  history?: HistoryFacts;
}

export interface FigureOptions {
  now: Date;
  /** Which calendar day `now` is; default the runtime's zone. */
  timeZone?: string;
  quotas?: readonly Quota[];
  /** Overrides for DEFAULT_STAGE_PROBABILITY, per canonical open stage (0–100). */
  defaultProbabilities?: Partial<Record<OpenStage, number>>;
}

/**
 * Win probability (%) used for the weighted pipeline when a deal's own probability is blank or unreadable.
 * Deliberately below the vendors' stage defaults (Salesforce's standard picklist says 75 % at
 * "Proposal/Price Quote", HubSpot 80 % at "Decision maker bought-in"): typical B2B win rates from a
 * qualified opportunity are 20–30 %, and a weighted figure that flatters the pipeline defeats its purpose.
 * A deal's own probability always wins; a stage no mapping knows gets no default and is not weighted.
 */
export const DEFAULT_STAGE_PROBABILITY: Readonly<Record<OpenStage, number>> = {
  prospect: 10,
  qualify: 20,
  develop: 40,
  propose: 60,
  commit: 80,
};

export interface CurrencyTotal {
  /** ISO code; null when the amount did not say its currency. */
  currency: string | null;
  amount: number;
  deals: number;
}

export interface DealList {
  count: number;
  keys: string[];
}

export interface WeightedTotal extends CurrencyTotal {
  /** Deals in this sum weighted by their stage's default because their own probability was blank or unreadable. */
  usedStageDefault: number;
}

export interface QuotaCoverage {
  owner: string;
  period: string;
  /** First and last day of the period, inclusive. */
  from: string;
  to: string;
  /** Where the period lies relative to today. */
  timing: 'past' | 'current' | 'future';
  quota: { amount: number; currency: string };
  /** Open pipeline of the owner's deals closing in the period, in the quota's currency only. */
  pipeline: number;
  deals: number;
  /** pipeline / quota, rounded to two decimals; null for a zero quota. */
  coverage: number | null;
  /** The owner's deals in the period in other currencies (or none stated): not converted, so not in `pipeline`. */
  otherCurrencies: CurrencyTotal[];
  /** The owner's deals in the period without a readable amount. */
  withoutAmount: DealList;
  /** The owner's open deals whose close date could not be read: they may or may not belong to the period. */
  withoutCloseDate: DealList;
}

export interface SlippageEntry {
  key: string;
  name: string | null;
  pushCount: number;
  totalDriftDays: number;
  largestPushDays: number;
  firstSeen: string;
  current: string | null;
}

export interface PipelineFigures {
  today: string;
  deals: {
    /** Distinct deals given. */
    total: number;
    open: number;
    closed: number;
    /** Stage unreadable: neither open nor closed, left out of every figure below. */
    stageUnknown: DealList;
  };
  openPipeline: { byCurrency: CurrencyTotal[]; withoutAmount: DealList };
  weightedPipeline: {
    byCurrency: WeightedTotal[];
    /** Open deals with an amount but neither a probability nor a mapped stage. */
    notWeighted: DealList;
    withoutAmount: DealList;
    defaultProbabilities: Record<OpenStage, number>;
  };
  coverage: {
    /** One entry per quota given, in the order given. */
    byQuota: QuotaCoverage[];
    /** Open deals without a readable owner: they count towards no quota. Empty when there are no quotas. */
    ownerUnknown: DealList;
  };
  /** Open deals with at least one critical finding; each deal counted once, however many findings it has. */
  atRisk: { deals: number; keys: string[]; byCurrency: CurrencyTotal[]; withoutAmount: DealList };
  slippage: {
    /** Open deals whose close date moved later at least once: most pushes first, then the largest total drift. */
    ranking: SlippageEntry[];
    /** Open deals seen in a single snapshot (or without history facts): a push cannot be seen yet. */
    singleSnapshot: DealList;
  };
  /** The counts above as sentences, for people reading the output. */
  notes: string[];
}

/** Sums money per currency; rounds to cents so float noise never shows. */
class CurrencySums {
  private readonly sums = new Map<string | null, CurrencyTotal>();
  add(currency: string | null, amount: number): void {
    const total = this.sums.get(currency) ?? { currency, amount: 0, deals: 0 };
    total.amount += amount;
    total.deals += 1;
    this.sums.set(currency, total);
  }
  list(): CurrencyTotal[] {
    return [...this.sums.values()].map((total) => ({ ...total, amount: roundCents(total.amount) })).sort(byCurrency);
  }
}

const roundCents = (amount: number) => Math.round(amount * 100) / 100;
/** Named currencies alphabetically, the unnamed bucket last. */
const byCurrency = (a: { currency: string | null }, b: { currency: string | null }) =>
  a.currency === b.currency ? 0 : a.currency === null ? 1 : b.currency === null ? -1 : a.currency < b.currency ? -1 : 1;

class KeyList {
  readonly keys: string[] = [];
  add(key: string): void {
    this.keys.push(key);
  }
  get(): DealList {
    return { count: this.keys.length, keys: [...this.keys] };
  }
}

const amountOf = (snapshot: DealSnapshot) => (snapshot.fields.amount.state === 'value' ? snapshot.fields.amount.value : null);
const nameOf = (snapshot: DealSnapshot) => (snapshot.fields.name.state === 'value' ? snapshot.fields.name.value : null);

/** One entry per key, the latest snapshot winning; order of first appearance kept. */
export function distinctDeals(deals: readonly PipelineDeal[]): PipelineDeal[] {
  const byKey = new Map<string, PipelineDeal>();
  for (const deal of deals) {
    const seen = byKey.get(deal.snapshot.key);
    if (!seen || seen.snapshot.capturedAt <= deal.snapshot.capturedAt) byKey.set(deal.snapshot.key, deal);
  }
  return [...byKey.values()];
}

export function openPipeline(deals: readonly PipelineDeal[]): PipelineFigures['openPipeline'] {
  const sums = new CurrencySums();
  const withoutAmount = new KeyList();
  for (const { snapshot } of distinctDeals(deals)) {
    if (isOpen(snapshot.fields.stage) !== true) continue;
    const amount = amountOf(snapshot);
    if (amount) sums.add(amount.currency, amount.value);
    else withoutAmount.add(snapshot.key);
  }
  return { byCurrency: sums.list(), withoutAmount: withoutAmount.get() };
}

export function weightedPipeline(
  deals: readonly PipelineDeal[],
  overrides: FigureOptions['defaultProbabilities'] = {},
): PipelineFigures['weightedPipeline'] {
  const defaults = { ...DEFAULT_STAGE_PROBABILITY, ...overrides };
  const sums = new Map<string | null, WeightedTotal>();
  const notWeighted = new KeyList();
  const withoutAmount = new KeyList();
  for (const { snapshot } of distinctDeals(deals)) {
    const { stage, probability } = snapshot.fields;
    if (isOpen(stage) !== true) continue;
    const amount = amountOf(snapshot);
    if (!amount) {
      withoutAmount.add(snapshot.key);
      continue;
    }
    const openStage = openStageOf(stage);
    const own = probability.state === 'value' ? probability.value : null;
    const percent = own ?? (openStage ? defaults[openStage] : null);
    if (percent === null) {
      notWeighted.add(snapshot.key);
      continue;
    }
    const total = sums.get(amount.currency) ?? { currency: amount.currency, amount: 0, deals: 0, usedStageDefault: 0 };
    total.amount += (amount.value * percent) / 100;
    total.deals += 1;
    if (own === null) total.usedStageDefault += 1;
    sums.set(amount.currency, total);
  }
  return {
    byCurrency: [...sums.values()].map((total) => ({ ...total, amount: roundCents(total.amount) })).sort(byCurrency),
    notWeighted: notWeighted.get(),
    withoutAmount: withoutAmount.get(),
    defaultProbabilities: defaults,
  };
}

export function quotaCoverage(deals: readonly PipelineDeal[], quotas: readonly Quota[], today: string): QuotaCoverage[] {
  const open = distinctDeals(deals).filter(({ snapshot }) => isOpen(snapshot.fields.stage) === true);
  const result: QuotaCoverage[] = [];
  for (const quota of quotas) {
    const range = periodRange(quota.period);
    if (!range) continue; // quotas are validated on the way in (readQuotas); a malformed one has no period to cover
    let pipeline = 0;
    let count = 0;
    const others = new CurrencySums();
    const withoutAmount = new KeyList();
    const withoutCloseDate = new KeyList();
    for (const { snapshot } of open) {
      const { owner, closeDate } = snapshot.fields;
      if (owner.state !== 'value' || !sameOwner(owner.value, quota.owner)) continue;
      if (closeDate.state !== 'value') {
        withoutCloseDate.add(snapshot.key);
        continue;
      }
      if (closeDate.value < range.from || closeDate.value > range.to) continue;
      const amount = amountOf(snapshot);
      if (!amount) withoutAmount.add(snapshot.key);
      else if (amount.currency !== quota.currency) others.add(amount.currency, amount.value);
      else {
        pipeline += amount.value;
        count += 1;
      }
    }
    pipeline = roundCents(pipeline);
    result.push({
      owner: quota.owner,
      period: quota.period,
      ...range,
      timing: today < range.from ? 'future' : today > range.to ? 'past' : 'current',
      quota: { amount: quota.amount, currency: quota.currency },
      pipeline,
      deals: count,
      coverage: quota.amount > 0 ? Math.round((pipeline / quota.amount) * 100) / 100 : null,
      otherCurrencies: others.list(),
      withoutAmount: withoutAmount.get(),
      withoutCloseDate: withoutCloseDate.get(),
    });
  }
  return result;
}

/**
 * Value at risk: the amount of each open deal with at least one critical finding, once per deal. Snoozed
 * findings do not count (the verdict keeps them apart; the rep has said why they can wait).
 */
export function atRisk(deals: readonly PipelineDeal[]): PipelineFigures['atRisk'] {
  const sums = new CurrencySums();
  const keys: string[] = [];
  const withoutAmount = new KeyList();
  for (const { snapshot, verdict } of distinctDeals(deals)) {
    if (isOpen(snapshot.fields.stage) !== true) continue;
    if (!verdict.findings.some((finding) => finding.severity === 'critical')) continue;
    keys.push(snapshot.key);
    const amount = amountOf(snapshot);
    if (amount) sums.add(amount.currency, amount.value);
    else withoutAmount.add(snapshot.key);
  }
  return { deals: keys.length, keys, byCurrency: sums.list(), withoutAmount: withoutAmount.get() };
}

export function slippageRanking(deals: readonly PipelineDeal[]): PipelineFigures['slippage'] {
  const ranking: SlippageEntry[] = [];
  const single = new KeyList();
  for (const { snapshot, history } of distinctDeals(deals)) {
    if (isOpen(snapshot.fields.stage) !== true) continue;
    if (!history || history.snapshotCount < 2) {
      single.add(snapshot.key);
      continue;
    }
    const close = history.closeDate;
    if (!close || close.pushCount === 0) continue;
    ranking.push({
      key: snapshot.key,
      name: nameOf(snapshot),
      pushCount: close.pushCount,
      totalDriftDays: close.totalDriftDays,
      largestPushDays: close.largestPushDays,
      firstSeen: close.firstSeen,
      current: close.current,
    });
  }
  ranking.sort((a, b) => b.pushCount - a.pushCount || b.totalDriftDays - a.totalDriftDays || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ranking, singleSnapshot: single.get() };
}

const plural = (count: number, one: string, other: string) => `${count} ${count === 1 ? one : other}`;

export function pipelineFigures(deals: readonly PipelineDeal[], options: FigureOptions): PipelineFigures {
  const today = isoDateAt(options.now, options.timeZone);
  const distinct = distinctDeals(deals);
  const stageUnknown = new KeyList();
  const ownerUnknown = new KeyList();
  let open = 0;
  let closed = 0;
  for (const { snapshot } of distinct) {
    const state = isOpen(snapshot.fields.stage);
    if (state === true) {
      open += 1;
      if (snapshot.fields.owner.state !== 'value') ownerUnknown.add(snapshot.key);
    }
    else if (state === false) closed += 1;
    else stageUnknown.add(snapshot.key);
  }
  const figures: PipelineFigures = {
    today,
    deals: { total: distinct.length, open, closed, stageUnknown: stageUnknown.get() },
    openPipeline: openPipeline(distinct),
    weightedPipeline: weightedPipeline(distinct, options.defaultProbabilities),
    coverage: {
      byQuota: quotaCoverage(distinct, options.quotas ?? [], today),
      ownerUnknown: options.quotas?.length ? ownerUnknown.get() : { count: 0, keys: [] },
    },
    atRisk: atRisk(distinct),
    slippage: slippageRanking(distinct),
    notes: [],
  };
  figures.notes = notesFor(figures);
  return figures;
}

function notesFor(figures: PipelineFigures): string[] {
  const notes: string[] = [];
  const { deals, openPipeline: pipeline, weightedPipeline: weighted, atRisk: risk } = figures;
  if (deals.stageUnknown.count) {
    notes.push(`${plural(deals.stageUnknown.count, 'deal', 'deals')} without a readable stage: not counted as open or closed.`);
  }
  if (pipeline.withoutAmount.count) {
    notes.push(`${plural(pipeline.withoutAmount.count, 'open deal', 'open deals')} without a readable amount: not in the pipeline sums (not counted as zero).`);
  }
  if (pipeline.byCurrency.length > 1) {
    notes.push(`The pipeline is in ${pipeline.byCurrency.length} currencies; each is summed on its own, never converted.`);
  }
  if (pipeline.byCurrency.some((total) => total.currency === null)) {
    notes.push('Some amounts did not say their currency: they are summed apart (currency null).');
  }
  const usedDefault = weighted.byCurrency.reduce((sum, total) => sum + total.usedStageDefault, 0);
  if (usedDefault) {
    notes.push(`${plural(usedDefault, 'deal', 'deals')} weighted by the default probability of their stage (their own was blank or unreadable).`);
  }
  if (weighted.notWeighted.count) {
    notes.push(`${plural(weighted.notWeighted.count, 'deal', 'deals')} with neither a probability nor a mapped stage: not in the weighted pipeline.`);
  }
  if (risk.withoutAmount.count) {
    notes.push(`${plural(risk.withoutAmount.count, 'deal', 'deals')} at risk without a readable amount: not in the value at risk.`);
  }
  if (figures.coverage.ownerUnknown.count) {
    notes.push(`${plural(figures.coverage.ownerUnknown.count, 'open deal', 'open deals')} without a readable owner: in no owner's coverage.`);
  }
  for (const coverage of figures.coverage.byQuota) {
    if (coverage.otherCurrencies.length) {
      notes.push(`${coverage.owner} ${coverage.period}: deals in other currencies than the quota's ${coverage.quota.currency} are not converted and not in the coverage.`);
    }
    if (coverage.withoutAmount.count) {
      notes.push(`${coverage.owner} ${coverage.period}: ${plural(coverage.withoutAmount.count, 'deal', 'deals')} in the period without a readable amount: not in the coverage.`);
    }
    if (coverage.withoutCloseDate.count) {
      notes.push(`${coverage.owner} ${coverage.period}: ${plural(coverage.withoutCloseDate.count, 'open deal', 'open deals')} without a readable close date may belong to the period.`);
    }
  }
  if (figures.slippage.singleSnapshot.count) {
    notes.push(`${plural(figures.slippage.singleSnapshot.count, 'open deal', 'open deals')} seen only once: close-date pushes need earlier snapshots.`);
  }
  return notes;
}
