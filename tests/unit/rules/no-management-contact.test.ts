import rule from '../../../src/rules/no-management-contact';
import type { QualificationRecord } from '../../../src/qualification/types';
import { defaultQualification, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

/** Quick-qualify's answer to "has someone from our management met the customer?" (null: not recorded). */
const met = (managementMet: boolean | null) =>
  defaultQualification({
    record: {
      dealKey: 'salesforce:acme.lightning.force.com:006Hs00001AbCdEIAX',
      frameworkId: 'test',
      answers: {},
      effort: null,
      managementMet,
      updatedAt: '2026-03-01T10:00:00Z',
    } satisfies QualificationRecord,
  });
const notMet = met(false);
const money = (value: number, currency: string | null) => ({ value, currency });

const finding = (amount: number, currency: string, limit: number, stageId: string) => ({
  messageId: 'notMet',
  data: { amount, currency, limit, stage: stageId },
  field: 'amount' as const,
});

ruleTester.run(rule, {
  valid: [
    { name: 'management has met the customer', deal: makeDeal(), qualification: met(true) },
    { name: 'met, even with the stage and amount unreadable', deal: makeDeal({ stage: unknown('not rendered'), amount: unknown('not rendered') }), qualification: met(true) },
    { name: 'below 100,000 USD', deal: makeDeal({ amount: money(99_999, 'USD') }), qualification: notMet },
    { name: 'develop is too early', deal: makeDeal({ stage: stage('develop') }), qualification: notMet },
    { name: 'prospect is too early, whatever is recorded', deal: makeDeal({ stage: stage('prospect') }) },
    { name: 'won deal never fires', deal: makeDeal({ stage: stage('won', 'Closed Won') }), qualification: notMet },
    { name: 'lost deal never fires', deal: makeDeal({ stage: stage('lost', 'Closed Lost') }), qualification: notMet },
    { name: 'DKK has its own limit: 700,000 DKK is below 750,000', deal: makeDeal({ amount: money(700_000, 'DKK') }), qualification: notMet },
    { name: 'SEK has its own limit: 900,000 SEK is below 1,000,000', deal: makeDeal({ amount: money(900_000, 'SEK') }), qualification: notMet },
    { name: 'a small amount, even with the stage unreadable', deal: makeDeal({ stage: unknown('not rendered'), amount: money(5_000, 'EUR') }) },
    { name: 'minAmount 500,000', deal: makeDeal({ amount: money(480_000, 'USD') }), qualification: notMet, options: { minAmount: 500_000 } },
    { name: 'stages [commit]: propose is not checked', deal: makeDeal(), qualification: notMet, options: { stages: ['commit'] } },
    {
      name: 'minAmountByCurrency EUR 200,000, DKK keeps its default',
      deal: makeDeal({ amount: money(150_000, 'EUR') }),
      qualification: notMet,
      options: { minAmountByCurrency: { EUR: 200_000 } },
    },
  ],
  invalid: [
    { name: 'propose, 480,000 USD, management not met', deal: makeDeal(), qualification: notMet, findings: [finding(480_000, 'USD', 100_000, 'propose')] },
    { name: 'commit, exactly 100,000 EUR', deal: makeDeal({ stage: stage('commit'), amount: money(100_000, 'EUR') }), qualification: notMet, findings: [finding(100_000, 'EUR', 100_000, 'commit')] },
    { name: 'no currency: the plain minAmount', deal: makeDeal({ amount: money(250_000, null) }), qualification: notMet, findings: [finding(250_000, '', 100_000, 'propose')] },
    { name: '800,000 DKK', deal: makeDeal({ amount: money(800_000, 'DKK') }), qualification: notMet, findings: [finding(800_000, 'DKK', 750_000, 'propose')] },
    { name: '1,000,000 NOK', deal: makeDeal({ amount: money(1_000_000, 'NOK') }), qualification: notMet, findings: [finding(1_000_000, 'NOK', 1_000_000, 'propose')] },
    {
      name: 'minAmountByCurrency EUR 200,000 applies to EUR',
      deal: makeDeal({ amount: money(250_000, 'EUR') }),
      qualification: notMet,
      options: { minAmountByCurrency: { EUR: 200_000 } },
      findings: [finding(250_000, 'EUR', 200_000, 'propose')],
    },
    {
      name: 'editing one currency keeps the DKK default',
      deal: makeDeal({ amount: money(760_000, 'DKK') }),
      qualification: notMet,
      options: { minAmountByCurrency: { EUR: 200_000 } },
      findings: [finding(760_000, 'DKK', 750_000, 'propose')],
    },
    {
      name: 'stages [develop, propose, commit]',
      deal: makeDeal({ stage: stage('develop') }),
      qualification: notMet,
      options: { stages: ['develop', 'propose', 'commit'] },
      findings: [finding(480_000, 'USD', 100_000, 'develop')],
    },
  ],
  cannotCheck: [
    { name: 'no quick-qualify record: not recorded is unknown', deal: makeDeal(), fields: ['qualification'] },
    { name: 'quick-qualify saved without the management question', deal: makeDeal({ stage: stage('commit') }), qualification: met(null), fields: ['qualification'] },
    { name: 'amount unreadable', deal: makeDeal({ amount: unknown('not rendered') }), qualification: notMet, fields: ['amount'] },
    { name: 'amount blank', deal: makeDeal({ amount: empty() }), qualification: notMet, fields: ['amount'] },
    { name: 'stage unreadable', deal: makeDeal({ stage: unknown('not rendered') }), qualification: notMet, fields: ['stage'] },
    { name: 'unmapped stage', deal: makeDeal({ stage: unmappedStage('Negotiation/Review') }), qualification: notMet, fields: ['stage'] },
    { name: 'blank stage', deal: makeDeal({ stage: empty() }), qualification: notMet, fields: ['stage'] },
    { name: 'nothing known', deal: makeDeal({ stage: unknown('not rendered'), amount: unknown('not rendered') }), fields: ['stage', 'amount', 'qualification'] },
  ],
});
