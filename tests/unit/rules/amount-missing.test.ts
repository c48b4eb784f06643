import rule from '../../../src/rules/amount-missing';
import type { OpenStage } from '../../../src/rules/stage';
import { empty, known, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

const REQUIRED: OpenStage[] = ['qualify', 'develop', 'propose', 'commit'];
const usd = (value: number) => known({ value, currency: 'USD' }, `$${value}`);
const missing = (stageId: OpenStage | '') => ({ messageId: 'missing', data: { stage: stageId }, field: 'amount' as const });
const zero = (stageId: OpenStage | '') => ({ messageId: 'zero', data: { stage: stageId }, field: 'amount' as const });

ruleTester.run(rule, {
  valid: [
    { name: 'default deal, amount set', deal: makeDeal() },
    { name: 'a small amount is an amount', deal: makeDeal({ amount: usd(1) }) },
    { name: 'an amount without a currency is an amount', deal: makeDeal({ amount: known({ value: 5000, currency: null }, '5,000') }) },
    { name: 'a negative amount (a credit) is not missing', deal: makeDeal({ amount: usd(-1200) }) },
    { name: 'prospect: too early to need an amount (blank)', deal: makeDeal({ stage: stage('prospect'), amount: empty() }) },
    { name: 'prospect: too early to need an amount (0)', deal: makeDeal({ stage: stage('prospect'), amount: usd(0) }) },
    { name: 'prospect: an unreadable amount does not matter', deal: makeDeal({ stage: stage('prospect'), amount: unknown('not on the layout') }) },
    { name: 'won deal with a blank amount', deal: makeDeal({ stage: stage('won', 'Closed Won'), amount: empty() }) },
    { name: 'lost deal with amount 0', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), amount: usd(0) }) },
    { name: 'won deal with an unreadable amount: a closed deal never fires', deal: makeDeal({ stage: stage('won', 'Closed Won'), amount: unknown('not on the layout') }) },
    { name: 'unreadable stage, amount set: fine in any stage', deal: makeDeal({ stage: unknown('stage path not rendered') }) },
    {
      name: 'fromStage propose: develop may still be blank',
      deal: makeDeal({ stage: stage('develop'), amount: empty() }),
      options: { fromStage: 'propose' },
    },
    {
      name: 'fromStage commit: propose may still be 0',
      deal: makeDeal({ stage: stage('propose'), amount: usd(0) }),
      options: { fromStage: 'commit' },
    },
    {
      name: 'checkUnmappedStages false: an unmapped stage is not judged',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), amount: empty() }),
      options: { checkUnmappedStages: false },
    },
    {
      name: 'checkUnmappedStages false: a blank stage is not judged',
      deal: makeDeal({ stage: empty(), amount: usd(0) }),
      options: { checkUnmappedStages: false },
    },
  ],
  invalid: [
    ...REQUIRED.map((open) => ({
      name: `${open}: amount shown and blank`,
      deal: makeDeal({ stage: stage(open), amount: empty() }),
      findings: [missing(open)],
    })),
    ...REQUIRED.map((open) => ({
      name: `${open}: amount 0`,
      deal: makeDeal({ stage: stage(open), amount: usd(0) }),
      findings: [zero(open)],
    })),
    { name: 'amount -0 is 0', deal: makeDeal({ stage: stage('qualify'), amount: usd(-0) }), findings: [zero('qualify')] },
    { name: 'amount 0 without a currency', deal: makeDeal({ amount: known({ value: 0, currency: null }, '0') }), findings: [zero('propose')] },
    { name: 'unmapped stage label counts as past the early stage', deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), amount: empty() }), findings: [missing('')] },
    { name: 'blank stage counts as open and unmapped', deal: makeDeal({ stage: empty(), amount: usd(0) }), findings: [zero('')] },
    {
      name: 'fromStage prospect: even a prospect needs an amount',
      deal: makeDeal({ stage: stage('prospect'), amount: empty() }),
      options: { fromStage: 'prospect' },
      findings: [missing('prospect')],
    },
    {
      name: 'fromStage propose: propose itself needs one',
      deal: makeDeal({ stage: stage('propose'), amount: empty() }),
      options: { fromStage: 'propose' },
      findings: [missing('propose')],
    },
    {
      name: 'fromStage propose: commit needs one too',
      deal: makeDeal({ stage: stage('commit'), amount: usd(0) }),
      options: { fromStage: 'propose' },
      findings: [zero('commit')],
    },
  ],
  cannotCheck: [
    { name: 'open deal, amount unreadable: unknown is not empty', deal: makeDeal({ amount: unknown('not on the layout') }), fields: ['amount'] },
    { name: 'qualify, amount unreadable', deal: makeDeal({ stage: stage('qualify'), amount: unknown('unparseable "1.2.3 kr"') }), fields: ['amount'] },
    { name: 'blank amount, stage unreadable: it might be won, or a prospect', deal: makeDeal({ stage: unknown('stage path not rendered'), amount: empty() }), fields: ['stage'] },
    { name: 'amount 0, stage unreadable', deal: makeDeal({ stage: unknown('stage path not rendered'), amount: usd(0) }), fields: ['stage'] },
    {
      name: 'neither amount nor stage readable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), amount: unknown('not on the layout') }),
      fields: ['amount', 'stage'],
    },
    {
      name: 'unmapped stage, amount unreadable',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), amount: unknown('not on the layout') }),
      fields: ['amount'],
    },
  ],
});
