import rule from '../../../src/rules/stage-stuck';
import type { DealSnapshot } from '../../../src/model/deal';
import type { OpenStage } from '../../../src/rules/stage';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';
import type { DealOverrides } from './rule-tester';

/** The documented defaults. */
const NORMS: Record<OpenStage, number> = { prospect: 30, qualify: 30, develop: 45, propose: 30, commit: 21 };
const STAGES = Object.keys(NORMS) as OpenStage[];

/** The deal as it was `days` days ago. */
const visit = (days: number, overrides: DealOverrides = {}): DealSnapshot =>
  makeDeal({ ...overrides, snapshot: { capturedAt: `${daysAgo(days)}T09:00:00.000Z` } });

/** History in which the deal was seen in another stage, then moved into `open` `days` days ago. */
const enteredDaysAgo = (open: OpenStage | null, days: number): DealSnapshot[] => [
  visit(days + 10, { stage: unmappedStage('Lead') }),
  visit(days, { stage: open ? stage(open) : unmappedStage('Negotiation/Review') }),
];

type Source = 'stageChange' | 'firstSeen' | 'page' | 'api';
const stuck = (days: number, limit: number, stageId: OpenStage | '', source: Source = 'stageChange', severity?: 'critical') => ({
  messageId: source === 'firstSeen' ? 'stuckAtLeast' : 'stuck',
  data: { days, limit, stage: stageId, since: daysAgo(days), source },
  field: 'stage' as const,
  ...(severity ? { severity } : {}),
});

ruleTester.run(rule, {
  valid: [
    { name: 'default deal seen once, today: 0 days in stage', deal: makeDeal() },
    ...STAGES.map((open) => ({
      name: `${open}: entered exactly its norm of ${NORMS[open]} days ago`,
      deal: makeDeal({ stage: stage(open) }),
      history: enteredDaysAgo(open, NORMS[open]),
    })),
    ...STAGES.map((open) => ({
      name: `${open}: first seen already in the stage ${NORMS[open]} days ago: at least ${NORMS[open]}, not known to be more`,
      deal: makeDeal({ stage: stage(open) }),
      history: [visit(NORMS[open], { stage: stage(open) })],
    })),
    { name: 'unmapped stage at its 30-day norm', deal: makeDeal({ stage: unmappedStage('Negotiation/Review') }), history: enteredDaysAgo(null, 30) },
    { name: 'won deal in its stage for a year', deal: makeDeal({ stage: stage('won', 'Closed Won') }), history: [visit(365, { stage: stage('won', 'Closed Won') })] },
    { name: 'lost deal', deal: makeDeal({ stage: stage('lost', 'Closed Lost') }), history: [visit(100, { stage: stage('commit') })] },
    { name: 'blank stage: no stage to be stuck in', deal: makeDeal({ stage: empty() }), history: [visit(200, { stage: stage('develop') })] },
    {
      name: 'stage unreadable now, but a change into commit was watched 21 days ago: any stage is fine',
      deal: makeDeal({ stage: unknown('stage path not rendered') }),
      history: enteredDaysAgo('commit', 21),
    },
    {
      name: 'edited commit norm of 30 days: 30 days is fine',
      deal: makeDeal({ stage: stage('commit') }),
      history: enteredDaysAgo('commit', 30),
      options: { maxDaysByStage: { commit: 30 } },
    },
    {
      name: 'editing one stage keeps the other defaults (develop still 45)',
      deal: makeDeal({ stage: stage('develop') }),
      history: enteredDaysAgo('develop', 45),
      options: { maxDaysByStage: { commit: 10 } },
    },
    {
      name: 'a new label within the same canonical stage is progress: the count restarts',
      deal: makeDeal({ stage: stage('develop', 'Value Proposition') }),
      history: [visit(80, { stage: stage('develop', 'Needs Analysis') }), visit(20, { stage: stage('develop', 'Value Proposition') })],
    },
    {
      name: 'moved backwards 10 days ago: counts from the move',
      deal: makeDeal({ stage: stage('develop') }),
      history: [visit(90, { stage: stage('develop') }), visit(40, { stage: stage('propose') }), visit(10, { stage: stage('develop') })],
    },
    {
      name: 'only snapshots up to the judged one count: a later capture does not move its stage start',
      deal: makeDeal({ stage: stage('commit') }),
      history: [...enteredDaysAgo('commit', 5), makeDeal({ stage: stage('commit'), snapshot: { capturedAt: `${daysAgo(-3)}T09:00:00.000Z` } })],
    },
  ],
  invalid: [
    ...STAGES.map((open) => ({
      name: `${open}: entered one day past its norm of ${NORMS[open]} days`,
      deal: makeDeal({ stage: stage(open) }),
      history: enteredDaysAgo(open, NORMS[open] + 1),
      findings: [stuck(NORMS[open] + 1, NORMS[open], open)],
    })),
    ...STAGES.map((open) => ({
      name: `${open}: one day short of twice its norm is a warning`,
      deal: makeDeal({ stage: stage(open) }),
      history: enteredDaysAgo(open, 2 * NORMS[open] - 1),
      findings: [stuck(2 * NORMS[open] - 1, NORMS[open], open)],
    })),
    ...STAGES.map((open) => ({
      name: `${open}: at twice its norm it turns critical`,
      deal: makeDeal({ stage: stage(open) }),
      history: enteredDaysAgo(open, 2 * NORMS[open]),
      findings: [stuck(2 * NORMS[open], NORMS[open], open, 'stageChange', 'critical')],
    })),
    {
      name: 'first seen already in commit 22 days ago: at least 22 days',
      deal: makeDeal({ stage: stage('commit') }),
      history: [visit(22, { stage: stage('commit') }), visit(10, { stage: stage('commit') })],
      findings: [stuck(22, 21, 'commit', 'firstSeen')],
    },
    {
      name: 'a deal seen once, 31 days before the day it is judged: at least 31 days in propose',
      deal: visit(31),
      findings: [stuck(31, 30, 'propose', 'firstSeen')],
    },
    {
      name: 'repeated identical visits keep counting from the first',
      deal: makeDeal({ stage: stage('qualify') }),
      history: [visit(31, { stage: stage('qualify') }), visit(15, { stage: stage('qualify') }), visit(5, { stage: stage('qualify') })],
      findings: [stuck(31, 30, 'qualify', 'firstSeen')],
    },
    {
      name: 'captures out of order: the stage change is dated by time, not by list order',
      deal: makeDeal({ stage: stage('propose') }),
      history: [visit(10, { stage: stage('propose') }), visit(35, { stage: stage('propose') }), visit(50, { stage: stage('develop') })],
      findings: [stuck(35, 30, 'propose')],
    },
    {
      name: 'a move backwards and forwards again: counts from the last move',
      deal: makeDeal({ stage: stage('propose') }),
      history: [visit(90, { stage: stage('propose') }), visit(60, { stage: stage('develop') }), visit(32, { stage: stage('propose') })],
      findings: [stuck(32, 30, 'propose')],
    },
    {
      name: 'an unreadable stage in between is not a change',
      deal: makeDeal({ stage: stage('develop') }),
      history: [visit(60, { stage: stage('qualify') }), visit(50, { stage: stage('develop') }), visit(20, { stage: unknown('stage path not rendered') })],
      findings: [stuck(50, 45, 'develop')],
    },
    {
      name: 'moved backwards into develop 46 days ago',
      deal: makeDeal({ stage: stage('develop') }),
      history: [visit(70, { stage: stage('propose') }), visit(46, { stage: stage('develop') })],
      findings: [stuck(46, 45, 'develop')],
    },
    {
      name: 'unmapped stage label, with the unmapped norm',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review') }),
      history: enteredDaysAgo(null, 31),
      findings: [stuck(31, 30, '')],
    },
    {
      name: 'edited commit norm of 10 days',
      deal: makeDeal({ stage: stage('commit') }),
      history: enteredDaysAgo('commit', 11),
      options: { maxDaysByStage: { commit: 10 } },
      findings: [stuck(11, 10, 'commit')],
    },
    {
      name: 'edited unmapped-stage norm',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review') }),
      history: enteredDaysAgo(null, 16),
      options: { unmappedStageDays: 15 },
      findings: [stuck(16, 15, '')],
    },
    {
      name: 'criticalMultiple 3: develop at 134 days is a warning',
      deal: makeDeal({ stage: stage('develop') }),
      history: enteredDaysAgo('develop', 134),
      options: { criticalMultiple: 3 },
      findings: [stuck(134, 45, 'develop')],
    },
    {
      name: 'criticalMultiple 3: develop at 135 days is critical',
      deal: makeDeal({ stage: stage('develop') }),
      history: enteredDaysAgo('develop', 135),
      options: { criticalMultiple: 3 },
      findings: [stuck(135, 45, 'develop', 'stageChange', 'critical')],
    },
  ],
  cannotCheck: [
    { name: 'stage unreadable on a deal seen once', deal: makeDeal({ stage: unknown('stage path not rendered') }), fields: ['stage'] },
    {
      name: 'stage unreadable, last watched change 22 days ago: past the tightest norm',
      deal: makeDeal({ stage: unknown('stage path not rendered') }),
      history: enteredDaysAgo('commit', 22),
      fields: ['stage'],
    },
    {
      name: 'stage unreadable, stage seen since first seen 5 days ago: entered at an unknown time',
      deal: makeDeal({ stage: unknown('stage path not rendered') }),
      history: [visit(5, { stage: stage('commit') })],
      fields: ['stage'],
    },
  ],
});
