import rule from '../../../src/rules/effort-out-of-proportion';
import type { QualificationRecord } from '../../../src/qualification/types';
import { defaultQualification, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

/** Internal effort recorded in quick-qualify: total hours (all people together) and how many people. */
const effort = (hours: number, people = 2) =>
  defaultQualification({
    record: {
      dealKey: 'salesforce:acme.lightning.force.com:006Hs00001AbCdEIAX',
      frameworkId: 'test',
      answers: {},
      effort: { people, hours },
      managementMet: null,
      updatedAt: '2026-03-01T10:00:00Z',
    } satisfies QualificationRecord,
  });
const money = (value: number, currency: string | null) => ({ value, currency });

// The default deal: 480,000 USD at 60% → weighted 288,000; 10% of that is 28,800, i.e. 288 hours at 100 an hour.
const weighted = (hours: number, cost: number, weightedValue: number, limit: number, extra: { currency?: string; people?: number; percent?: number; amount?: number; probability?: number } = {}) => ({
  messageId: 'exceedsWeighted',
  data: {
    hours,
    people: extra.people ?? 2,
    cost,
    currency: extra.currency ?? 'USD',
    percent: extra.percent ?? 10,
    weighted: weightedValue,
    limit,
    amount: extra.amount ?? 480_000,
    probability: extra.probability ?? 60,
  },
  field: 'amount' as const,
});

ruleTester.run(rule, {
  valid: [
    { name: 'no effort recorded: nothing to judge', deal: makeDeal() },
    { name: 'no effort recorded, even with amount and stage unreadable', deal: makeDeal({ amount: unknown('not rendered'), stage: unknown('not rendered') }) },
    { name: 'zero hours recorded', deal: makeDeal(), qualification: effort(0, 0) },
    { name: '288 hours: exactly 10% of the weighted value', deal: makeDeal(), qualification: effort(288) },
    { name: 'a modest 40 hours', deal: makeDeal(), qualification: effort(40) },
    { name: 'won deal never fires', deal: makeDeal({ stage: stage('won', 'Closed Won') }), qualification: effort(5_000) },
    { name: 'lost deal never fires', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), amount: unknown('not rendered') }), qualification: effort(5_000) },
    { name: 'DKK at 750 an hour: 66 hours on 1,000,000 DKK at 50%', deal: makeDeal({ amount: money(1_000_000, 'DKK'), probability: 50 }), qualification: effort(66) },
    { name: 'unreadable stage, effort within bounds', deal: makeDeal({ stage: unknown('not rendered') }), qualification: effort(100) },
    { name: 'hourlyCost 50: 500 hours is 25,000', deal: makeDeal(), qualification: effort(500), options: { hourlyCost: 50 } },
    { name: 'maxPercentOfWeightedValue 20', deal: makeDeal(), qualification: effort(500), options: { maxPercentOfWeightedValue: 20 } },
    {
      name: 'hourlyCostByCurrency USD 80 (the DKK default is kept)',
      deal: makeDeal(),
      qualification: effort(360),
      options: { hourlyCostByCurrency: { USD: 80 } },
    },
  ],
  invalid: [
    { name: '289 hours on the default deal', deal: makeDeal(), qualification: effort(289), findings: [weighted(289, 28_900, 288_000, 28_800)] },
    {
      name: 'probability 0%: any effort is out of proportion',
      deal: makeDeal({ stage: stage('qualify'), probability: 0 }),
      qualification: effort(1, 1),
      findings: [weighted(1, 100, 0, 0, { people: 1, probability: 0 })],
    },
    {
      name: 'DKK at 750 an hour: 67 hours on 1,000,000 DKK at 50%',
      deal: makeDeal({ amount: money(1_000_000, 'DKK'), probability: 50 }),
      qualification: effort(67, 3),
      findings: [weighted(67, 50_250, 500_000, 50_000, { currency: 'DKK', people: 3, amount: 1_000_000, probability: 50 })],
    },
    {
      name: 'no currency: the plain hourly cost, fractional hours',
      deal: makeDeal({ amount: money(20_000, null), probability: 10 }),
      qualification: effort(2.5),
      findings: [weighted(2.5, 250, 2_000, 200, { currency: '', amount: 20_000, probability: 10 })],
    },
    {
      name: 'hourlyCost 150: 193 hours',
      deal: makeDeal(),
      qualification: effort(193),
      options: { hourlyCost: 150 },
      findings: [weighted(193, 28_950, 288_000, 28_800)],
    },
    {
      name: 'maxPercentOfWeightedValue 5',
      deal: makeDeal(),
      qualification: effort(150),
      options: { maxPercentOfWeightedValue: 5 },
      findings: [weighted(150, 15_000, 288_000, 14_400, { percent: 5 })],
    },
    {
      name: 'probability unreadable, but the effort exceeds 10% of the whole amount',
      deal: makeDeal({ probability: unknown('not on the layout') }),
      qualification: effort(481),
      findings: [
        {
          messageId: 'exceedsAmount',
          data: { hours: 481, people: 2, cost: 48_100, currency: 'USD', percent: 10, limit: 48_000, amount: 480_000 },
          field: 'amount',
        },
      ],
    },
    {
      name: 'blank probability, effort beyond the whole amount’s share',
      deal: makeDeal({ amount: money(10_000, 'EUR'), probability: empty() }),
      qualification: effort(20, 1),
      findings: [
        {
          messageId: 'exceedsAmount',
          data: { hours: 20, people: 1, cost: 2_000, currency: 'EUR', percent: 10, limit: 1_000, amount: 10_000 },
          field: 'amount',
        },
      ],
    },
    {
      name: 'unmapped stage counts as open',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review') }),
      qualification: effort(300),
      findings: [weighted(300, 30_000, 288_000, 28_800)],
    },
  ],
  cannotCheck: [
    { name: 'amount unreadable', deal: makeDeal({ amount: unknown('not rendered') }), qualification: effort(10), fields: ['amount'] },
    { name: 'amount blank', deal: makeDeal({ amount: empty() }), qualification: effort(10), fields: ['amount'] },
    {
      name: 'amount and probability unreadable',
      deal: makeDeal({ amount: unknown('not rendered'), probability: unknown('not rendered') }),
      qualification: effort(10),
      fields: ['amount', 'probability'],
    },
    {
      name: 'probability unreadable, effort within 10% of the whole amount: depends on the probability',
      deal: makeDeal({ probability: unknown('not on the layout') }),
      qualification: effort(400),
      fields: ['probability'],
    },
    { name: 'blank probability, effort within the whole amount’s share', deal: makeDeal({ probability: empty() }), qualification: effort(400), fields: ['probability'] },
    { name: 'too much effort, stage unreadable: it may be closed', deal: makeDeal({ stage: unknown('not rendered') }), qualification: effort(400), fields: ['stage'] },
    {
      name: 'stage, amount and probability unreadable',
      deal: makeDeal({ stage: unknown('not rendered'), amount: unknown('not rendered'), probability: unknown('not rendered') }),
      qualification: effort(400),
      fields: ['stage', 'amount', 'probability'],
    },
    {
      name: 'probability and stage unreadable, effort within the whole amount’s share',
      deal: makeDeal({ stage: unknown('not rendered'), probability: unknown('not rendered') }),
      qualification: effort(400),
      fields: ['probability', 'stage'],
    },
  ],
});
