import { describe, expect, it } from 'vitest';
import type { DealSnapshot } from '../../../src/model/deal';
import { verdictSchema, type Severity, type Verdict } from '../../../src/model/verdict';
import { deriveHistoryFacts } from '../../../src/history/facts';
import {
  atRisk,
  DEFAULT_STAGE_PROBABILITY,
  openPipeline,
  pipelineFigures,
  quotaCoverage,
  slippageRanking,
  weightedPipeline,
  type PipelineDeal,
} from '../../../src/pipeline/figures';
import { periodRange, readQuotas, type Quota } from '../../../src/pipeline/quota';
import { empty, known, makeSnapshot, NOW, TODAY, unknown, type SnapshotOverrides } from '../../helpers/deals';

let counter = 0;

/** A judged deal: the snapshot plus a verdict holding findings of the given severities. */
function deal(overrides: SnapshotOverrides = {}, severities: Severity[] = []): PipelineDeal {
  counter += 1;
  const snapshot = makeSnapshot({ key: `salesforce:acme.lightning.force.com:0065g0000000${String(counter).padStart(3, '0')}`, ...overrides });
  return { snapshot, verdict: verdictFor(snapshot, severities) };
}

function verdictFor(snapshot: DealSnapshot, severities: Severity[]): Verdict {
  return verdictSchema.parse({
    dealKey: snapshot.key,
    computedAt: NOW.toISOString(),
    findings: severities.map((severity, i) => ({ ruleId: `rule-${i}`, messageId: 'm', data: {}, severity })),
    cannotCheck: [],
    hygiene: { value: 100, parts: [] },
    qualification: null,
  });
}

const money = (value: number, currency: string | null) => known({ value, currency }, `${currency ?? ''} ${value}`);
const stage = (label: string, canonical: 'prospect' | 'qualify' | 'develop' | 'propose' | 'commit' | 'won' | 'lost' | null) =>
  known({ label, canonical }, label);

describe('open pipeline', () => {
  it('sums open amounts per currency and never adds different currencies together', () => {
    const deals = [
      deal({ fields: { amount: money(100_000, 'EUR') } }),
      deal({ fields: { amount: money(50_000.5, 'EUR') } }),
      deal({ fields: { amount: money(70_000, 'USD') } }),
      deal({ fields: { amount: money(10_000, null) } }),
      deal({ fields: { amount: money(999_999, 'EUR'), stage: stage('Closed Won', 'won') } }),
      deal({ fields: { amount: money(888_888, 'USD'), stage: stage('Closed Lost', 'lost') } }),
    ];
    expect(openPipeline(deals).byCurrency).toEqual([
      { currency: 'EUR', amount: 150_000.5, deals: 2 },
      { currency: 'USD', amount: 70_000, deals: 1 },
      // "The export did not say" is its own bucket, last, never merged into another.
      { currency: null, amount: 10_000, deals: 1 },
    ]);
  });

  it('counts deals without a readable amount instead of adding them as zero', () => {
    const unread = deal({ fields: { amount: unknown('Amount: not an amount: "TBD"') } });
    const blank = deal({ fields: { amount: empty('') } });
    const figures = pipelineFigures([deal({ fields: { amount: money(5, 'EUR') } }), unread, blank], { now: NOW, timeZone: 'UTC' });
    expect(figures.openPipeline.byCurrency).toEqual([{ currency: 'EUR', amount: 5, deals: 1 }]);
    expect(figures.openPipeline.withoutAmount).toEqual({ count: 2, keys: [unread.snapshot.key, blank.snapshot.key] });
    expect(figures.notes).toContain('2 open deals without a readable amount: not in the pipeline sums (not counted as zero).');
  });

  it('leaves out deals whose stage could not be read, and says how many', () => {
    const noStage = deal({ fields: { stage: unknown('not on this layout'), amount: money(1_000, 'EUR') } });
    const figures = pipelineFigures([noStage, deal({ fields: { amount: money(2_000, 'EUR') } })], { now: NOW, timeZone: 'UTC' });
    expect(figures.deals).toEqual({ total: 2, open: 1, closed: 0, stageUnknown: { count: 1, keys: [noStage.snapshot.key] } });
    expect(figures.openPipeline.byCurrency).toEqual([{ currency: 'EUR', amount: 2_000, deals: 1 }]);
    expect(figures.notes[0]).toBe('1 deal without a readable stage: not counted as open or closed.');
  });

  it('counts a deal once when its key comes twice: the latest snapshot wins', () => {
    const key = 'salesforce:acme.lightning.force.com:0065g00000Dup01';
    const older = deal({ key, capturedAt: '2026-05-01T10:00:00Z', fields: { amount: money(1_000, 'EUR') } });
    const newer = deal({ key, capturedAt: '2026-05-20T10:00:00Z', fields: { amount: money(3_000, 'EUR') } });
    expect(openPipeline([newer, older]).byCurrency).toEqual([{ currency: 'EUR', amount: 3_000, deals: 1 }]);
  });

  it('rounds sums to cents so float noise never shows', () => {
    expect(openPipeline([deal({ fields: { amount: money(0.1, 'EUR') } }), deal({ fields: { amount: money(0.2, 'EUR') } })]).byCurrency[0]!.amount).toBe(0.3);
  });
});

describe('weighted pipeline', () => {
  it("uses the deal's own probability, else its stage's default; a deal with neither is counted, not weighted", () => {
    const own = deal({ fields: { amount: money(100_000, 'EUR'), probability: known(75, '75%'), stage: stage('Proposal/Price Quote', 'propose') } });
    const blank = deal({ fields: { amount: money(100_000, 'EUR'), probability: empty(''), stage: stage('Value Proposition', 'develop') } });
    const unread = deal({ fields: { amount: money(10_000, 'USD'), probability: unknown('no column'), stage: stage('Negotiation/Review', 'commit') } });
    const neither = deal({ fields: { amount: money(33_000, 'USD'), probability: empty(''), stage: stage('Legal Review', null) } });
    const ownOnUnmapped = deal({ fields: { amount: money(1_000, 'USD'), probability: known(50, '50'), stage: stage('Legal Review', null) } });
    const weighted = weightedPipeline([own, blank, unread, neither, ownOnUnmapped]);
    expect(weighted.byCurrency).toEqual([
      { currency: 'EUR', amount: 75_000 + 100_000 * (DEFAULT_STAGE_PROBABILITY.develop / 100), deals: 2, usedStageDefault: 1 },
      { currency: 'USD', amount: 10_000 * (DEFAULT_STAGE_PROBABILITY.commit / 100) + 500, deals: 2, usedStageDefault: 1 },
    ]);
    expect(weighted.notWeighted).toEqual({ count: 1, keys: [neither.snapshot.key] });
  });

  it('takes stage defaults from the options, and keeps deals without an amount out', () => {
    const noAmount = deal({ fields: { amount: unknown('TBD'), probability: known(90, '90') } });
    const weighted = weightedPipeline([deal({ fields: { amount: money(1_000, 'EUR'), probability: empty(''), stage: stage('Prospecting', 'prospect') } }), noAmount], { prospect: 5 });
    expect(weighted.byCurrency).toEqual([{ currency: 'EUR', amount: 50, deals: 1, usedStageDefault: 1 }]);
    expect(weighted.withoutAmount.keys).toEqual([noAmount.snapshot.key]);
    expect(weighted.defaultProbabilities.prospect).toBe(5);
    expect(weighted.defaultProbabilities.commit).toBe(DEFAULT_STAGE_PROBABILITY.commit);
  });
});

describe('value at risk', () => {
  it('adds each open deal with a critical finding once, however many critical findings it has', () => {
    const three = deal({ fields: { amount: money(100_000, 'EUR') } }, ['critical', 'critical', 'critical']);
    const one = deal({ fields: { amount: money(20_000, 'EUR') } }, ['warning', 'critical']);
    const warningsOnly = deal({ fields: { amount: money(55_000, 'EUR') } }, ['warning', 'warning']);
    const closed = deal({ fields: { amount: money(77_000, 'EUR'), stage: stage('Closed Lost', 'lost') } }, ['critical']);
    const usd = deal({ fields: { amount: money(9_000, 'USD') } }, ['critical']);
    const result = atRisk([three, one, warningsOnly, closed, usd]);
    expect(result.deals).toBe(3);
    expect(result.keys).toEqual([three.snapshot.key, one.snapshot.key, usd.snapshot.key]);
    expect(result.byCurrency).toEqual([
      { currency: 'EUR', amount: 120_000, deals: 2 },
      { currency: 'USD', amount: 9_000, deals: 1 },
    ]);
  });

  it('counts a deal at risk without a readable amount, and leaves it out of the sums', () => {
    const unread = deal({ fields: { amount: unknown('TBD') } }, ['critical']);
    const result = atRisk([unread]);
    expect(result).toMatchObject({ deals: 1, byCurrency: [], withoutAmount: { count: 1, keys: [unread.snapshot.key] } });
  });

  it('ignores snoozed findings: the verdict keeps them apart from the findings', () => {
    const d = deal({ fields: { amount: money(1_000, 'EUR') } });
    const verdict = { ...d.verdict, snoozed: [{ ruleId: 'stale-record', messageId: 'stale', data: {}, severity: 'critical' as const, until: '2026-06-30', reason: 'CFO on leave' }] };
    expect(atRisk([{ ...d, verdict }]).deals).toBe(0);
  });
});

describe('coverage against quota', () => {
  const quotas: Quota[] = [
    { owner: 'Dana Seller', period: '2026-Q2', amount: 400_000, currency: 'EUR' },
    { owner: 'dana  seller', period: '2026-07', amount: 100_000, currency: 'EUR' },
    { owner: 'Mikkel Hansen', period: '2026', amount: 0, currency: 'EUR' },
  ];
  const dana = (closeDate: string, amount = money(100_000, 'EUR'), extra: SnapshotOverrides['fields'] = {}) =>
    deal({ fields: { owner: known('Dana Seller', 'Dana Seller'), closeDate: known(closeDate, closeDate), amount, ...extra } });

  it('takes open pipeline per owner with a close date in the period, in the quota currency, over the quota', () => {
    const inQ2 = [dana('2026-04-01'), dana('2026-06-30', money(300_000, 'EUR')), dana('2026-05-15', money(50_000, 'USD'))];
    const outside = [dana('2026-03-31'), dana('2026-07-01'), dana('2026-06-15', money(1, 'EUR'), { stage: stage('Closed Won', 'won') })];
    const unread = [dana('2026-05-01', unknown('TBD'))];
    const noClose = deal({ fields: { owner: known('Dana Seller', 'Dana Seller'), closeDate: unknown('no column'), amount: money(5, 'EUR') } });
    const mikkel = deal({ fields: { owner: known('Mikkel Hansen', 'Mikkel Hansen'), closeDate: known('2026-05-01', ''), amount: money(70_000, 'EUR') } });
    const [q2, july, year] = quotaCoverage([...inQ2, ...outside, ...unread, noClose, mikkel], quotas, TODAY);
    expect(q2).toMatchObject({
      owner: 'Dana Seller',
      period: '2026-Q2',
      from: '2026-04-01',
      to: '2026-06-30',
      timing: 'current',
      pipeline: 400_000,
      deals: 2,
      coverage: 1,
      otherCurrencies: [{ currency: 'USD', amount: 50_000, deals: 1 }],
      withoutAmount: { count: 1 },
      withoutCloseDate: { count: 1, keys: [noClose.snapshot.key] },
    });
    // Owner names match without case or repeated spaces.
    expect(july).toMatchObject({ period: '2026-07', timing: 'future', pipeline: 100_000, deals: 1, coverage: 1 });
    // A zero quota has no coverage ratio.
    expect(year).toMatchObject({ owner: 'Mikkel Hansen', pipeline: 70_000, coverage: null });
  });

  it('rounds coverage to two decimals and lists deals nobody owns', () => {
    const orphan = deal({ fields: { owner: empty(''), closeDate: known('2026-05-01', '') } });
    const figures = pipelineFigures([dana('2026-05-01', money(100_000, 'EUR')), orphan], {
      now: NOW,
      timeZone: 'UTC',
      quotas: [{ owner: 'Dana Seller', period: '2026-Q2', amount: 300_000, currency: 'EUR' }],
    });
    expect(figures.coverage.byQuota[0]!.coverage).toBe(0.33);
    expect(figures.coverage.ownerUnknown).toEqual({ count: 1, keys: [orphan.snapshot.key] });
  });

  it('knows the days of each kind of period', () => {
    expect(periodRange('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    for (const bad of ['2026-Q5', '2026-13', '26-Q1', '2026-q1', '2026-1', '']) expect(periodRange(bad)).toBeNull();
  });

  it('validates quotas with a path for each error', () => {
    const result = readQuotas([{ owner: 'Dana', period: '2026-Q5', amount: -1, currency: 'eur' }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.stringMatching(/^quotas\.0\.period: expected a period as YYYY-Qn, YYYY-MM or YYYY/),
      expect.stringMatching(/^quotas\.0\.amount: /),
      expect.stringMatching(/^quotas\.0\.currency: /),
    ]);
    expect(readQuotas({})).toMatchObject({ ok: false, errors: [expect.stringMatching(/^quotas: /)] });
    expect(readQuotas(undefined)).toEqual({ ok: true, quotas: [] });
  });
});

describe('slippage ranking', () => {
  /** A deal seen with each of `closeDates` in turn, a week apart; facts derived as the engine does. */
  function slipping(closeDates: string[], overrides: SnapshotOverrides['fields'] = {}): PipelineDeal {
    counter += 1;
    const key = `salesforce:acme.lightning.force.com:0065g000000S${String(counter).padStart(3, '0')}`;
    const snapshots = closeDates.map((closeDate, i) =>
      makeSnapshot({ key, capturedAt: `2026-04-${String(1 + i * 7).padStart(2, '0')}T09:00:00Z`, fields: { closeDate: known(closeDate, closeDate), ...overrides } }),
    );
    const current = snapshots[snapshots.length - 1]!;
    return { snapshot: current, verdict: verdictFor(current, []), history: deriveHistoryFacts(snapshots.slice(0, -1), current, TODAY) };
  }

  it('ranks by number of pushes, then total drift; a pull-in is no push', () => {
    const twice = slipping(['2026-04-30', '2026-05-31', '2026-06-30']);
    const twiceFurther = slipping(['2026-04-30', '2026-06-30', '2026-09-30']);
    const once = slipping(['2026-04-30', '2026-12-31']);
    const pulledIn = slipping(['2026-06-30', '2026-05-31']);
    const never = slipping(['2026-06-30', '2026-06-30']);
    const single = slipping(['2026-06-30']);
    const closed = slipping(['2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31'], { stage: stage('Closed Won', 'won') });
    const noHistory = deal();
    const { ranking, singleSnapshot } = slippageRanking([once, twice, pulledIn, twiceFurther, never, single, closed, noHistory]);
    expect(ranking.map((entry) => entry.key)).toEqual([twiceFurther.snapshot.key, twice.snapshot.key, once.snapshot.key]);
    expect(ranking[0]).toMatchObject({ pushCount: 2, totalDriftDays: 153, largestPushDays: 92, firstSeen: '2026-04-30', current: '2026-09-30' });
    expect(singleSnapshot.keys).toEqual([single.snapshot.key, noHistory.snapshot.key]);
  });
});
