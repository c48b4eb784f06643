import rule from '../../../src/rules/close-date-parked';
import type { OpenStage } from '../../../src/rules/stage';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

/** The documented defaults: the later the stage, the nearer a believable close date. */
const LIMITS: Record<OpenStage, number> = { prospect: 365, qualify: 365, develop: 270, propose: 180, commit: 90 };
const STAGES = Object.keys(LIMITS) as OpenStage[];
/** The ISO date `days` days from today. */
const ahead = (days: number, today?: string) => daysAgo(-days, today);

const parked = (days: number, limit: number, stageId: OpenStage | '', today?: string) => ({
  messageId: 'parked',
  data: { days, limit, stage: stageId, date: ahead(days, today) },
  field: 'closeDate' as const,
});

ruleTester.run(rule, {
  valid: [
    { name: 'default deal, close date seven weeks ahead', deal: makeDeal() },
    ...STAGES.map((open) => ({
      name: `${open}: close date exactly ${LIMITS[open]} days ahead, at its horizon`,
      deal: makeDeal({ stage: stage(open), closeDate: ahead(LIMITS[open]) }),
    })),
    { name: 'unmapped stage at its 365-day horizon', deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), closeDate: ahead(365) }) },
    { name: 'close date in the past: close-date-past reports that', deal: makeDeal({ closeDate: daysAgo(400) }) },
    { name: 'close date today', deal: makeDeal({ stage: stage('commit'), closeDate: ahead(0) }) },
    { name: 'open deal with a blank close date: close-date-missing reports that', deal: makeDeal({ closeDate: empty() }) },
    { name: 'won deal with a close date two years out', deal: makeDeal({ stage: stage('won', 'Closed Won'), closeDate: ahead(730) }) },
    { name: 'lost deal with a close date two years out', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), closeDate: ahead(730) }) },
    {
      name: 'won deal with an unreadable close date: a closed deal never fires',
      deal: makeDeal({ stage: stage('won', 'Closed Won'), closeDate: unknown('not on the layout') }),
    },
    {
      name: 'unreadable stage, close date within the tightest horizon (commit, 90 days)',
      deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: ahead(90) }),
    },
    { name: 'unreadable stage and a blank close date', deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: empty() }) },
    {
      name: 'edited commit horizon of 120 days: 120 is fine',
      deal: makeDeal({ stage: stage('commit'), closeDate: ahead(120) }),
      options: { maxDaysByStage: { commit: 120 } },
    },
    {
      name: 'editing one stage keeps the other defaults (propose still 180)',
      deal: makeDeal({ stage: stage('propose'), closeDate: ahead(180) }),
      options: { maxDaysByStage: { commit: 30 } },
    },
    {
      name: 'edited unmapped-stage horizon',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), closeDate: ahead(500) }),
      options: { unmappedStageDays: 500 },
    },
    { name: 'a year ahead before a leap day: 2027-02-28 to 2028-02-28 is 365 days, at the prospect horizon', deal: makeDeal({ stage: stage('prospect'), closeDate: '2028-02-28' }), today: '2027-02-28' },
  ],
  invalid: [
    ...STAGES.map((open) => ({
      name: `${open}: one day beyond its horizon of ${LIMITS[open]} days`,
      deal: makeDeal({ stage: stage(open), closeDate: ahead(LIMITS[open] + 1) }),
      findings: [parked(LIMITS[open] + 1, LIMITS[open], open)],
    })),
    {
      name: 'the "park it next year" pattern: prospect two years out',
      deal: makeDeal({ stage: stage('prospect'), closeDate: ahead(730) }),
      findings: [parked(730, 365, 'prospect')],
    },
    {
      name: 'commit five months out is not a commit',
      deal: makeDeal({ stage: stage('commit'), closeDate: ahead(150) }),
      findings: [parked(150, 90, 'commit')],
    },
    {
      name: 'unmapped stage label counts as open, with the unmapped horizon',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), closeDate: ahead(366) }),
      findings: [parked(366, 365, '')],
    },
    {
      name: 'blank stage counts as open, with the unmapped horizon',
      deal: makeDeal({ stage: empty(), closeDate: ahead(400) }),
      findings: [parked(400, 365, '')],
    },
    {
      name: 'edited commit horizon of 30 days',
      deal: makeDeal({ stage: stage('commit'), closeDate: ahead(31) }),
      options: { maxDaysByStage: { commit: 30 } },
      findings: [parked(31, 30, 'commit')],
    },
    {
      name: 'edited unmapped-stage horizon',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), closeDate: ahead(181) }),
      options: { unmappedStageDays: 180 },
      findings: [parked(181, 180, '')],
    },
    {
      name: 'calendar days across a leap day: 366 days is one over the prospect horizon',
      deal: makeDeal({ stage: stage('prospect'), closeDate: '2028-03-01' }),
      today: '2027-03-01',
      findings: [{ messageId: 'parked', data: { days: 366, limit: 365, stage: 'prospect', date: '2028-03-01' }, field: 'closeDate' }],
    },
  ],
  cannotCheck: [
    { name: 'open deal, close date unreadable', deal: makeDeal({ closeDate: unknown('field not on the layout') }), fields: ['closeDate'] },
    {
      name: 'close date beyond the commit horizon, stage unreadable: it might be commit, or won',
      deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: ahead(91) }),
      fields: ['stage'],
    },
    {
      name: 'stage unreadable: an edited, tighter commit horizon counts',
      deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: ahead(60) }),
      options: { maxDaysByStage: { commit: 45 } },
      fields: ['stage'],
    },
    {
      name: 'neither close date nor stage readable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), closeDate: unknown('unparseable "31/02/2027"') }),
      fields: ['closeDate', 'stage'],
    },
    {
      name: 'unmapped stage, close date unreadable',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), closeDate: unknown('field not on the layout') }),
      fields: ['closeDate'],
    },
  ],
});
