import rule from '../../../src/rules/close-date-missing';
import { OPEN_STAGES } from '../../../src/rules/stage';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

const missing = { messageId: 'missing', data: {}, field: 'closeDate' as const };

ruleTester.run(rule, {
  valid: [
    { name: 'default deal, close date set', deal: makeDeal() },
    { name: 'close date in the past: a date, just a late one (close-date-past)', deal: makeDeal({ closeDate: daysAgo(40) }) },
    { name: 'close date far out: a date, just a parked one (close-date-parked)', deal: makeDeal({ closeDate: daysAgo(-800) }) },
    { name: 'won deal with a blank close date', deal: makeDeal({ stage: stage('won', 'Closed Won'), closeDate: empty() }) },
    { name: 'lost deal with a blank close date', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), closeDate: empty() }) },
    {
      name: 'won deal with an unreadable close date: a closed deal never fires',
      deal: makeDeal({ stage: stage('won', 'Closed Won'), closeDate: unknown('not on the layout') }),
    },
    { name: 'unreadable stage, but the close date is set: fine in any stage', deal: makeDeal({ stage: unknown('stage path not rendered') }) },
    {
      name: 'ignoreStages prospect: a prospect without a close date is tolerated',
      deal: makeDeal({ stage: stage('prospect'), closeDate: empty() }),
      options: { ignoreStages: ['prospect'] },
    },
    {
      name: 'ignoreStages prospect: an unreadable close date in an ignored stage does not matter',
      deal: makeDeal({ stage: stage('prospect'), closeDate: unknown('not on the layout') }),
      options: { ignoreStages: ['prospect'] },
    },
  ],
  invalid: [
    ...OPEN_STAGES.map((open) => ({
      name: `open stage ${open}, close date shown and blank`,
      deal: makeDeal({ stage: stage(open), closeDate: empty() }),
      findings: [missing],
    })),
    { name: 'blank shown as a dash', deal: makeDeal({ closeDate: empty('—') }), findings: [missing] },
    { name: 'unmapped stage label counts as open', deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), closeDate: empty() }), findings: [missing] },
    { name: 'blank stage counts as open', deal: makeDeal({ stage: empty(), closeDate: empty() }), findings: [missing] },
    {
      name: 'ignoreStages prospect: qualify still needs one',
      deal: makeDeal({ stage: stage('qualify'), closeDate: empty() }),
      options: { ignoreStages: ['prospect'] },
      findings: [missing],
    },
    {
      name: 'ignoreStages does not cover an unmapped stage label',
      deal: makeDeal({ stage: unmappedStage('Prospecting 2'), closeDate: empty() }),
      options: { ignoreStages: ['prospect'] },
      findings: [missing],
    },
  ],
  cannotCheck: [
    { name: 'open deal, close date unreadable: unknown is not empty', deal: makeDeal({ closeDate: unknown('field not on the layout') }), fields: ['closeDate'] },
    {
      name: 'blank close date, stage unreadable: it might be won',
      deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: empty() }),
      fields: ['stage'],
    },
    {
      name: 'neither close date nor stage readable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: unknown('unparseable "31/02/2026"') }),
      fields: ['closeDate', 'stage'],
    },
    {
      name: 'unmapped stage, close date unreadable',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), closeDate: unknown('field not on the layout') }),
      fields: ['closeDate'],
    },
    {
      name: 'ignoreStages prospect: a commit deal with an unreadable close date',
      deal: makeDeal({ stage: stage('commit'), closeDate: unknown('field not on the layout') }),
      options: { ignoreStages: ['prospect'] },
      fields: ['closeDate'],
    },
  ],
});
