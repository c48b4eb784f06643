import rule from '../../../src/rules/next-step-overdue';
import { OPEN_STAGES } from '../../../src/rules/stage';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

const overdue = (days: number, severity?: 'critical') => ({
  messageId: 'overdue',
  data: { days, date: daysAgo(days) },
  field: 'nextStep' as const,
  ...(severity ? { severity } : {}),
});
const inText = (days: number, date: string) => ({ messageId: 'overdueInText', data: { days, date }, field: 'nextStep' as const });

/** A next step with text and an optional date. */
const step = (text: string, date: string | null = null) => ({ text, date });

ruleTester.run(rule, {
  valid: [
    { name: 'default deal, next step a week ahead', deal: makeDeal() },
    { name: 'next step due today', deal: makeDeal({ nextStep: step('Pricing review with the CFO', daysAgo(0)) }) },
    { name: 'next step without a date or a date in its text', deal: makeDeal({ nextStep: step('Send the security questionnaire') }) },
    { name: 'won deal with a next step long overdue', deal: makeDeal({ stage: stage('won', 'Closed Won'), nextStep: step('Kick-off', daysAgo(90)) }) },
    { name: 'lost deal with an overdue next step', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), nextStep: step('Call back', daysAgo(3)) }) },
    {
      name: 'won deal with an unreadable next step: a closed deal never fires',
      deal: makeDeal({ stage: stage('won', 'Closed Won'), nextStep: unknown('field not on the layout') }),
    },
    { name: 'no next step at all: next-step-missing reports it', deal: makeDeal({ nextStep: empty() }) },
    { name: 'a past date without words: next-step-missing reports it', deal: makeDeal({ nextStep: step('  ', daysAgo(5)) }) },
    {
      name: 'the date field wins over a past date in the text',
      deal: makeDeal({ nextStep: step(`Send the minutes of the ${daysAgo(20)} workshop`, daysAgo(-3)) }),
    },
    { name: 'a future date in the text', deal: makeDeal({ nextStep: step(`Demo for IT on ${daysAgo(-6)}`) }) },
    { name: 'an ambiguous numeric date in the text is not read (3 May or 5 March?)', deal: makeDeal({ nextStep: step('Call the CFO 03.05.2026') }) },
    { name: 'a relative day in the text is not read: nobody knows when it was written', deal: makeDeal({ nextStep: step('Call back yesterday\'s caller') }) },
    { name: 'a version number is not a date', deal: makeDeal({ nextStep: step('Send release notes for v1.2.3') }) },
    {
      name: 'readDateFromText off: a past date in the text is ignored',
      deal: makeDeal({ nextStep: step('Workshop 2. marts 2026') }),
      options: { readDateFromText: false },
    },
    {
      name: 'graceDays 3: three days overdue is fine',
      deal: makeDeal({ nextStep: step('Pricing review with the CFO', daysAgo(3)) }),
      options: { graceDays: 3 },
    },
    {
      name: 'unreadable stage, next step still ahead: fine in any stage',
      deal: makeDeal({ stage: unknown('stage path not rendered') }),
    },
    {
      name: 'unreadable stage and no next step',
      deal: makeDeal({ stage: unknown('stage path not rendered'), nextStep: empty() }),
    },
  ],
  invalid: [
    { name: 'due yesterday: 1 day', deal: makeDeal({ nextStep: step('Pricing review with the CFO', daysAgo(1)) }), findings: [overdue(1)] },
    ...OPEN_STAGES.map((open) => ({
      name: `open stage ${open}, next step 5 days overdue`,
      deal: makeDeal({ stage: stage(open), nextStep: step('Pricing review with the CFO', daysAgo(5)) }),
      findings: [overdue(5)],
    })),
    { name: 'unmapped stage label counts as open', deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), nextStep: step('Call', daysAgo(2)) }), findings: [overdue(2)] },
    { name: 'blank stage counts as open', deal: makeDeal({ stage: empty(), nextStep: step('Call', daysAgo(2)) }), findings: [overdue(2)] },
    { name: '14 days overdue: still a warning', deal: makeDeal({ nextStep: step('Demo', daysAgo(14)) }), findings: [overdue(14)] },
    { name: '15 days overdue: critical', deal: makeDeal({ nextStep: step('Demo', daysAgo(15)) }), findings: [overdue(15, 'critical')] },
    {
      name: 'criticalAfterDays 7: 8 days is critical',
      deal: makeDeal({ nextStep: step('Demo', daysAgo(8)) }),
      options: { criticalAfterDays: 7 },
      findings: [overdue(8, 'critical')],
    },
    {
      name: 'graceDays 3: four days overdue fires, counted from the date',
      deal: makeDeal({ nextStep: step('Demo', daysAgo(4)) }),
      options: { graceDays: 3 },
      findings: [overdue(4)],
    },
    {
      name: 'an ISO date in the text, no date field',
      deal: makeDeal({ nextStep: step(`Demo for IT on ${daysAgo(9)}`) }),
      findings: [inText(9, daysAgo(9))],
    },
    {
      name: 'an English date in the text',
      deal: makeDeal({ nextStep: step('Pricing call with the CFO, March 2, 2026') }),
      findings: [inText(8, '2026-03-02')],
    },
    {
      name: 'a Danish date in the text',
      deal: makeDeal({ nextStep: step('Workshop med IT 2. marts 2026 kl. 10') }),
      findings: [inText(8, '2026-03-02')],
    },
    {
      name: 'a day-first numeric date that can only be read one way',
      deal: makeDeal({ nextStep: step('Ring til økonomichefen 25.02.2026') }),
      findings: [inText(13, '2026-02-25')],
    },
    {
      name: 'a text date long past is critical too',
      deal: makeDeal({ nextStep: step('Send contract by 2026-01-31') }),
      findings: [{ ...inText(38, '2026-01-31'), severity: 'critical' as const }],
    },
  ],
  cannotCheck: [
    { name: 'open deal, next step unreadable', deal: makeDeal({ nextStep: unknown('field not on the layout') }), fields: ['nextStep'] },
    {
      name: 'overdue next step, stage unreadable: it might be won',
      deal: makeDeal({ stage: unknown('stage path not rendered'), nextStep: step('Demo', daysAgo(3)) }),
      fields: ['stage'],
    },
    {
      name: 'overdue date in the text, stage unreadable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), nextStep: step('Demo 2026-03-01') }),
      fields: ['stage'],
    },
    {
      name: 'neither next step nor stage readable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), nextStep: unknown('field not on the layout') }),
      fields: ['nextStep', 'stage'],
    },
  ],
});
