import rule from '../../../src/rules/close-date-past';
import { OPEN_STAGES } from '../../../src/rules/stage';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

const passed = (days: number, today?: string) => ({
  messageId: 'passed',
  data: { days, date: daysAgo(days, today) },
  field: 'closeDate' as const,
});
const passedLong = (days: number, today?: string) => ({ ...passed(days, today), messageId: 'passedLong', severity: 'critical' as const });

ruleTester.run(rule, {
  valid: [
    { name: 'default deal, close date seven weeks ahead', deal: makeDeal() },
    { name: 'close date is today', deal: makeDeal({ closeDate: daysAgo(0) }) },
    { name: 'close date is tomorrow', deal: makeDeal({ closeDate: daysAgo(-1) }) },
    { name: 'won deal, close date long past', deal: makeDeal({ stage: stage('won', 'Closed Won'), closeDate: daysAgo(200) }) },
    { name: 'lost deal, close date past', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), closeDate: daysAgo(3) }) },
    {
      name: 'won deal with an unreadable close date: a closed deal never fires, so nothing is missing',
      deal: makeDeal({ stage: stage('won', 'Closed Won'), closeDate: unknown('not on the layout') }),
    },
    { name: 'open deal with a blank close date: close-date-missing reports that', deal: makeDeal({ closeDate: empty('') }) },
    {
      name: 'unreadable stage, but the close date is still ahead: fine in any stage',
      deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: daysAgo(-14) }),
    },
    {
      name: 'unreadable stage and a blank close date',
      deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: empty() }),
    },
    {
      name: 'a close date one hour ahead across a year boundary',
      deal: makeDeal({ closeDate: '2027-01-01' }),
      today: '2026-12-31',
    },
  ],
  invalid: [
    { name: 'close date was yesterday: 1 day', deal: makeDeal({ closeDate: daysAgo(1) }), findings: [passed(1)] },
    ...OPEN_STAGES.map((open) => ({
      name: `open stage ${open}, close date 5 days ago`,
      deal: makeDeal({ stage: stage(open), closeDate: daysAgo(5) }),
      findings: [passed(5)],
    })),
    {
      name: 'unmapped stage label counts as open',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), closeDate: daysAgo(4) }),
      findings: [passed(4)],
    },
    {
      name: 'blank stage counts as open',
      deal: makeDeal({ stage: empty(''), closeDate: daysAgo(2) }),
      findings: [passed(2)],
    },
    { name: '30 days past: still a warning (critical only past 30)', deal: makeDeal({ closeDate: daysAgo(30) }), findings: [passed(30)] },
    { name: '31 days past: critical', deal: makeDeal({ closeDate: daysAgo(31) }), findings: [passedLong(31)] },
    { name: 'a year past: critical', deal: makeDeal({ closeDate: daysAgo(365) }), findings: [passedLong(365)] },
    {
      name: 'criticalAfterDays 7: 7 days is a warning',
      deal: makeDeal({ closeDate: daysAgo(7) }),
      options: { criticalAfterDays: 7 },
      findings: [passed(7)],
    },
    {
      name: 'criticalAfterDays 7: 8 days is critical',
      deal: makeDeal({ closeDate: daysAgo(8) }),
      options: { criticalAfterDays: 7 },
      findings: [passedLong(8)],
    },
    {
      name: 'counts calendar days across a year boundary',
      deal: makeDeal({ closeDate: '2025-12-31' }),
      today: '2026-01-01',
      findings: [{ messageId: 'passed', data: { days: 1, date: '2025-12-31' }, field: 'closeDate' }],
    },
    {
      name: 'counts 29 February in a leap year',
      deal: makeDeal({ closeDate: '2028-02-28' }),
      today: '2028-03-01',
      findings: [{ messageId: 'passed', data: { days: 2, date: '2028-02-28' }, field: 'closeDate' }],
    },
    {
      name: 'a daylight-saving change in between does not shift the count',
      deal: makeDeal({ closeDate: '2026-03-28' }),
      today: '2026-03-30',
      findings: [{ messageId: 'passed', data: { days: 2, date: '2026-03-28' }, field: 'closeDate' }],
    },
  ],
  cannotCheck: [
    { name: 'open deal, close date unreadable', deal: makeDeal({ closeDate: unknown('field not on the layout') }), fields: ['closeDate'] },
    {
      name: 'close date passed, stage unreadable: it might be won',
      deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: daysAgo(10) }),
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
  ],
});
