import rule from '../../../src/rules/stale-activity';
import type { OpenStage } from '../../../src/rules/stage';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

/** The documented defaults: later stages move faster, so their limits are shorter. */
const LIMITS: Record<OpenStage, number> = { commit: 7, propose: 14, develop: 21, qualify: 30, prospect: 45 };
const STAGES = Object.keys(LIMITS) as OpenStage[];

const finding = (messageId: 'stale' | 'none' | 'noneSinceSeen', days: number, limit: number, stageId: OpenStage | '', severity?: 'critical') => ({
  messageId,
  data: { days, limit, stage: stageId },
  field: 'lastActivityDate' as const,
  ...(severity ? { severity } : {}),
});
const stale = (days: number, limit: number, stageId: OpenStage | '', severity?: 'critical') => finding('stale', days, limit, stageId, severity);

/** The deal as it was on an earlier visit: only the capture time differs. */
const earlier = (days: number, overrides: Parameters<typeof makeDeal>[0] = {}) =>
  makeDeal({ ...overrides, snapshot: { capturedAt: `${daysAgo(days)}T09:00:00.000Z` } });

const noCreatedDate = { createdDate: unknown<string>('not on the layout'), lastActivityDate: empty<string>() };

ruleTester.run(rule, {
  valid: [
    { name: 'default deal, activity four days ago', deal: makeDeal() },
    { name: 'activity today', deal: makeDeal({ lastActivityDate: daysAgo(0) }) },
    { name: 'a meeting booked ahead counts as fresh', deal: makeDeal({ stage: stage('commit'), lastActivityDate: daysAgo(-5) }) },
    ...STAGES.map((open) => ({
      name: `${open}: no activity for exactly its limit of ${LIMITS[open]} days`,
      deal: makeDeal({ stage: stage(open), lastActivityDate: daysAgo(LIMITS[open]) }),
    })),
    { name: 'unmapped stage at its 30-day limit', deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), lastActivityDate: daysAgo(30) }) },
    { name: 'won deal without activity for a year', deal: makeDeal({ stage: stage('won', 'Closed Won'), lastActivityDate: daysAgo(365) }) },
    { name: 'lost deal without activity for 60 days', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), lastActivityDate: daysAgo(60) }) },
    {
      name: 'won deal with an unreadable last activity: a closed deal never fires',
      deal: makeDeal({ stage: stage('won', 'Closed Won'), lastActivityDate: unknown('activity timeline not loaded') }),
    },
    {
      name: 'unreadable stage, but activity within the tightest limit (commit, 7 days)',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastActivityDate: daysAgo(7) }),
    },
    {
      name: 'edited commit limit of 10 days: 10 days is fine',
      deal: makeDeal({ stage: stage('commit'), lastActivityDate: daysAgo(10) }),
      options: { maxDaysByStage: { commit: 10 } },
    },
    {
      name: 'editing one stage keeps the other defaults (propose still 14)',
      deal: makeDeal({ stage: stage('propose'), lastActivityDate: daysAgo(14) }),
      options: { maxDaysByStage: { commit: 3 } },
    },
    {
      name: 'edited unmapped-stage limit',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), lastActivityDate: daysAgo(60) }),
      options: { unmappedStageDays: 60 },
    },
    {
      name: 'nothing ever logged on a deal created 14 days ago, in propose (limit 14)',
      deal: makeDeal({ lastActivityDate: empty(), createdDate: daysAgo(14) }),
    },
    {
      name: 'nothing ever logged, created a year ago, but blankMeansNoActivity is off',
      deal: makeDeal({ lastActivityDate: empty(), createdDate: daysAgo(365) }),
      options: { blankMeansNoActivity: false },
    },
    {
      name: 'blankMeansNoActivity off: a blank activity and unknown stage say nothing',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastActivityDate: empty() }),
      options: { blankMeansNoActivity: false },
    },
    {
      name: 'nothing logged, created date only on an earlier visit 10 days in: age from it',
      deal: makeDeal({ stage: stage('qualify'), ...noCreatedDate }),
      history: [earlier(20, { createdDate: daysAgo(25) })],
    },
    {
      name: 'the last activity date drives it, not the last change (stale-record\'s field)',
      deal: makeDeal({ stage: stage('commit'), lastActivityDate: daysAgo(3), lastModifiedDate: daysAgo(90) }),
    },
  ],
  invalid: [
    ...STAGES.map((open) => ({
      name: `${open}: one day past its limit of ${LIMITS[open]} days`,
      deal: makeDeal({ stage: stage(open), lastActivityDate: daysAgo(LIMITS[open] + 1) }),
      findings: [stale(LIMITS[open] + 1, LIMITS[open], open)],
    })),
    ...STAGES.map((open) => ({
      name: `${open}: one day short of twice its limit is a warning`,
      deal: makeDeal({ stage: stage(open), lastActivityDate: daysAgo(2 * LIMITS[open] - 1) }),
      findings: [stale(2 * LIMITS[open] - 1, LIMITS[open], open)],
    })),
    ...STAGES.map((open) => ({
      name: `${open}: at twice its limit (${2 * LIMITS[open]} days) it turns critical`,
      deal: makeDeal({ stage: stage(open), lastActivityDate: daysAgo(2 * LIMITS[open]) }),
      findings: [stale(2 * LIMITS[open], LIMITS[open], open, 'critical')],
    })),
    {
      name: 'the example in the brief: propose, 23 days (limit 14)',
      deal: makeDeal({ lastActivityDate: daysAgo(23) }),
      findings: [stale(23, 14, 'propose')],
    },
    {
      name: 'unmapped stage label counts as open, with the unmapped limit',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), lastActivityDate: daysAgo(31) }),
      findings: [stale(31, 30, '')],
    },
    {
      name: 'blank stage counts as open, with the unmapped limit',
      deal: makeDeal({ stage: empty(), lastActivityDate: daysAgo(60) }),
      findings: [stale(60, 30, '', 'critical')],
    },
    {
      name: 'edited commit limit of 3 days',
      deal: makeDeal({ stage: stage('commit'), lastActivityDate: daysAgo(4) }),
      options: { maxDaysByStage: { commit: 3 } },
      findings: [stale(4, 3, 'commit')],
    },
    {
      name: 'all stage limits edited',
      deal: makeDeal({ stage: stage('develop'), lastActivityDate: daysAgo(31) }),
      options: { maxDaysByStage: { prospect: 60, qualify: 40, develop: 30, propose: 20, commit: 10 } },
      findings: [stale(31, 30, 'develop')],
    },
    {
      name: 'edited unmapped-stage limit',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), lastActivityDate: daysAgo(11) }),
      options: { unmappedStageDays: 10 },
      findings: [stale(11, 10, '')],
    },
    {
      name: 'criticalMultiple 3: commit at 20 days is a warning',
      deal: makeDeal({ stage: stage('commit'), lastActivityDate: daysAgo(20) }),
      options: { criticalMultiple: 3 },
      findings: [stale(20, 7, 'commit')],
    },
    {
      name: 'criticalMultiple 3: commit at 21 days is critical',
      deal: makeDeal({ stage: stage('commit'), lastActivityDate: daysAgo(21) }),
      options: { criticalMultiple: 3 },
      findings: [stale(21, 7, 'commit', 'critical')],
    },
    {
      name: 'criticalMultiple 1: every finding is critical',
      deal: makeDeal({ stage: stage('propose'), lastActivityDate: daysAgo(15) }),
      options: { criticalMultiple: 1 },
      findings: [stale(15, 14, 'propose', 'critical')],
    },
    {
      name: 'nothing ever logged on a deal created 15 days ago, in propose',
      deal: makeDeal({ lastActivityDate: empty(), createdDate: daysAgo(15) }),
      findings: [finding('none', 15, 14, 'propose')],
    },
    {
      name: 'nothing ever logged on a commit deal created 20 days ago: critical',
      deal: makeDeal({ stage: stage('commit'), lastActivityDate: empty(), createdDate: daysAgo(20) }),
      findings: [finding('none', 20, 7, 'commit', 'critical')],
    },
    {
      name: 'nothing logged, created date unknown, first seen 16 days ago: at least 16 days',
      deal: makeDeal(noCreatedDate),
      history: [earlier(16, noCreatedDate), earlier(8, noCreatedDate)],
      findings: [finding('noneSinceSeen', 16, 14, 'propose')],
    },
    {
      name: 'nothing logged, created date from an earlier visit',
      deal: makeDeal({ stage: stage('qualify'), ...noCreatedDate }),
      history: [earlier(20, { createdDate: daysAgo(40) })],
      findings: [finding('none', 40, 30, 'qualify')],
    },
    {
      name: 'the last activity as the judged visit shows it, not a later import',
      deal: makeDeal({ stage: stage('commit'), lastActivityDate: daysAgo(10) }),
      history: [makeDeal({ stage: stage('commit'), lastActivityDate: daysAgo(0), snapshot: { capturedAt: `${daysAgo(0)}T18:00:00.000Z` } })],
      findings: [stale(10, 7, 'commit')],
    },
  ],
  cannotCheck: [
    {
      name: 'open deal, last activity unreadable',
      deal: makeDeal({ lastActivityDate: unknown('activity timeline not loaded') }),
      fields: ['lastActivityDate'],
    },
    {
      name: 'stage unreadable and no activity for longer than the tightest limit: it might be commit, or won',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastActivityDate: daysAgo(8) }),
      fields: ['stage'],
    },
    {
      name: 'stage unreadable: an edited, tighter commit limit counts',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastActivityDate: daysAgo(5) }),
      options: { maxDaysByStage: { commit: 3 } },
      fields: ['stage'],
    },
    {
      name: 'neither last activity nor stage readable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastActivityDate: unknown('not on the layout') }),
      fields: ['lastActivityDate', 'stage'],
    },
    {
      name: 'nothing logged, created date unknown, seen only today: the deal may be older',
      deal: makeDeal(noCreatedDate),
      fields: ['createdDate'],
    },
    {
      name: 'nothing logged, created date unknown, first seen 14 days ago: at least 14 is within the limit',
      deal: makeDeal(noCreatedDate),
      history: [earlier(14, noCreatedDate)],
      fields: ['createdDate'],
    },
    {
      name: 'nothing logged, created date and stage unknown',
      deal: makeDeal({ ...noCreatedDate, stage: unknown('stage path not rendered') }),
      history: [earlier(30, noCreatedDate)],
      fields: ['createdDate', 'stage'],
    },
    {
      name: 'nothing logged on a deal created 60 days ago, stage unknown',
      deal: makeDeal({ lastActivityDate: empty(), createdDate: daysAgo(60), stage: unknown('stage path not rendered') }),
      fields: ['stage'],
    },
  ],
});
