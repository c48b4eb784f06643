import { describe, expect, it } from 'vitest';
import { coverageForPeriod, driftPoints, findingsByRule, quotaPeriods } from '../../../src/review/charts';
import { slipBetween } from '../../../src/review/slippage';
import { amount, date, daysFromToday, empty, known, makeSnapshot, named, owner, row, stage } from './deals';

const closeOn = (iso: string) => ({ closeDate: known(iso, iso) });

describe('findingsByRule', () => {
  it('counts deals and findings per severity for each rule, most deals first', () => {
    const rows = [
      row({ id: 'A', fields: { nextStep: empty(), closeDate: date(-3) } }),
      row({ id: 'B', fields: { nextStep: empty() } }),
      row({ id: 'C' }),
    ];
    expect(findingsByRule(rows)).toEqual([
      { ruleId: 'next-step-missing', deals: 2, bySeverity: { critical: 0, warning: 2, info: 0 } },
      { ruleId: 'close-date-past', deals: 1, bySeverity: { critical: 0, warning: 1, info: 0 } },
    ]);
    expect(findingsByRule([])).toEqual([]);
  });
});

describe('quotaPeriods', () => {
  const quota = (period: string) => ({ owner: 'Dana', period, amount: 1, currency: 'EUR' });
  it('puts the shortest current period first, then future ones nearest first, then past ones latest first', () => {
    const periods = quotaPeriods([quota('2025-Q4'), quota('2026'), quota('2026-Q3'), quota('2026-Q2'), quota('2026-06'), quota('2026-Q1')], '2026-06-01');
    expect(periods).toEqual(['2026-06', '2026-Q2', '2026', '2026-Q3', '2026-Q1', '2025-Q4']);
  });

  it('lists each period once', () => {
    expect(quotaPeriods([quota('2026-Q2'), { ...quota('2026-Q2'), owner: 'Sam' }], '2026-06-01')).toEqual(['2026-Q2']);
  });
});

describe('coverageForPeriod', () => {
  it("computes each owner's coverage in the chosen period only", () => {
    const rows = [
      row({ id: 'A', fields: { owner: owner('Dana'), amount: amount(300_000), ...closeOn('2026-06-20') } }),
      row({ id: 'B', fields: { owner: owner('Dana'), amount: amount(50_000), ...closeOn('2026-08-20') } }),
      row({ id: 'C', fields: { owner: owner('Dana'), amount: amount(50_000), stage: stage('Closed Won', 'won'), ...closeOn('2026-06-10') } }),
    ];
    const quotas = [
      { owner: 'Dana', period: '2026-Q2', amount: 100_000, currency: 'EUR' },
      { owner: 'Dana', period: '2026-Q3', amount: 100_000, currency: 'EUR' },
    ];
    const q2 = coverageForPeriod(rows, quotas, '2026-Q2', '2026-06-01');
    expect(q2).toHaveLength(1);
    expect(q2[0]).toMatchObject({ owner: 'Dana', pipeline: 300_000, coverage: 3, deals: 1 });
    expect(coverageForPeriod(rows, quotas, '2026-Q3', '2026-06-01')[0]).toMatchObject({ pipeline: 50_000, coverage: 0.5 });
  });
});

describe('driftPoints', () => {
  it('gives the first close date and each change with its drift from the first', () => {
    const at = (capturedAt: string, close: string) => makeSnapshot({ capturedAt, fields: closeOn(close) });
    const points = driftPoints([at('2026-04-01T09:00:00Z', '2026-05-01'), at('2026-04-10T09:00:00Z', '2026-05-01'), at('2026-04-20T09:00:00Z', '2026-05-31'), at('2026-05-25T09:00:00Z', '2026-05-21')], '2026-06-01', 'UTC');
    expect(points).toEqual([
      { on: '2026-04-01', closeDate: '2026-05-01', driftDays: 0 },
      { on: '2026-04-20', closeDate: '2026-05-31', driftDays: 30 },
      { on: '2026-05-25', closeDate: '2026-05-21', driftDays: 20 },
    ]);
  });

  it('has no points without snapshots or without a close date', () => {
    expect(driftPoints([], '2026-06-01')).toEqual([]);
    expect(driftPoints([makeSnapshot({ fields: { closeDate: empty() } })], '2026-06-01')).toEqual([]);
  });
});

describe('slipBetween', () => {
  const facts = (timeline: [string, string][]) => ({
    firstSeen: timeline[0]![1],
    current: timeline[timeline.length - 1]![1],
    pushCount: 0,
    largestPushDays: 0,
    totalDriftDays: 0,
    lastChangedOn: null,
    daysSinceLastChange: 0,
    timeline: timeline.map(([on, closeDate]) => ({ on, closeDate })),
  });

  it('finds a net move later within the window', () => {
    const slip = slipBetween(facts([['2026-05-01', '2026-06-01'], ['2026-05-20', '2026-06-10'], ['2026-05-28', '2026-06-30'], ['2026-05-30', '2026-07-15']]), '2026-05-26', '2026-06-01');
    expect(slip).toEqual({ from: '2026-06-10', to: '2026-07-15', days: 35, pushes: 2 });
  });

  it('ignores moves outside the window, pull-ins, and a push taken back within the week', () => {
    expect(slipBetween(facts([['2026-05-01', '2026-06-01'], ['2026-05-20', '2026-06-10']]), '2026-05-26', '2026-06-01')).toBeNull();
    expect(slipBetween(facts([['2026-05-01', '2026-06-10'], ['2026-05-28', '2026-06-01']]), '2026-05-26', '2026-06-01')).toBeNull();
    expect(slipBetween(facts([['2026-05-01', '2026-06-10'], ['2026-05-27', '2026-07-01'], ['2026-05-29', '2026-06-10']]), '2026-05-26', '2026-06-01')).toBeNull();
    expect(slipBetween(null, '2026-05-26', '2026-06-01')).toBeNull();
  });

  it('works on the facts the background sends for a deal', () => {
    const deal = row({
      id: 'S',
      fields: { name: named('Slipper'), closeDate: known(daysFromToday(40), daysFromToday(40)) },
      history: [{ capturedAt: '2026-05-29T09:00:00.000Z', fields: { closeDate: known(daysFromToday(10), daysFromToday(10)) } }],
    });
    expect(slipBetween(deal.deal.closeDate, '2026-05-26', '2026-06-01')).toEqual({ from: daysFromToday(10), to: daysFromToday(40), days: 30, pushes: 1 });
  });
});
