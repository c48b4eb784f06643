import rule from '../../../src/rules/stale-record';
import type { OpenStage } from '../../../src/rules/stage';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

/** The documented defaults: later stages move faster, so their limits are shorter. */
const LIMITS: Record<OpenStage, number> = { commit: 7, propose: 14, develop: 21, qualify: 30, prospect: 45 };
const STAGES = Object.keys(LIMITS) as OpenStage[];

const stale = (days: number, limit: number, stageId: OpenStage | '', severity?: 'critical') => ({
  messageId: 'stale',
  data: { days, limit, stage: stageId },
  field: 'lastModifiedDate' as const,
  ...(severity ? { severity } : {}),
});

ruleTester.run(rule, {
  valid: [
    { name: 'default deal, changed yesterday', deal: makeDeal() },
    { name: 'changed today', deal: makeDeal({ lastModifiedDate: daysAgo(0) }) },
    ...STAGES.map((open) => ({
      name: `${open}: untouched for exactly its limit of ${LIMITS[open]} days`,
      deal: makeDeal({ stage: stage(open), lastModifiedDate: daysAgo(LIMITS[open]) }),
    })),
    { name: 'unmapped stage at its 30-day limit', deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), lastModifiedDate: daysAgo(30) }) },
    { name: 'won deal untouched for a year', deal: makeDeal({ stage: stage('won', 'Closed Won'), lastModifiedDate: daysAgo(365) }) },
    { name: 'lost deal untouched for 60 days', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), lastModifiedDate: daysAgo(60) }) },
    {
      name: 'won deal with an unreadable last-modified date: a closed deal never fires',
      deal: makeDeal({ stage: stage('won', 'Closed Won'), lastModifiedDate: unknown('system information section collapsed') }),
    },
    {
      name: 'unreadable stage, but changed within the tightest limit (commit, 7 days)',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastModifiedDate: daysAgo(7) }),
    },
    { name: 'a last change dated after today (clock skew) is not stale', deal: makeDeal({ lastModifiedDate: daysAgo(-1) }) },
    {
      name: 'edited commit limit of 10 days: 10 days is fine',
      deal: makeDeal({ stage: stage('commit'), lastModifiedDate: daysAgo(10) }),
      options: { maxDaysByStage: { commit: 10 } },
    },
    {
      name: 'editing one stage keeps the other defaults (propose still 14)',
      deal: makeDeal({ stage: stage('propose'), lastModifiedDate: daysAgo(14) }),
      options: { maxDaysByStage: { commit: 3 } },
    },
    {
      name: 'edited unmapped-stage limit',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), lastModifiedDate: daysAgo(60) }),
      options: { unmappedStageDays: 60 },
    },
  ],
  invalid: [
    ...STAGES.map((open) => ({
      name: `${open}: one day past its limit of ${LIMITS[open]} days`,
      deal: makeDeal({ stage: stage(open), lastModifiedDate: daysAgo(LIMITS[open] + 1) }),
      findings: [stale(LIMITS[open] + 1, LIMITS[open], open)],
    })),
    ...STAGES.map((open) => ({
      name: `${open}: one day short of twice its limit is a warning`,
      deal: makeDeal({ stage: stage(open), lastModifiedDate: daysAgo(2 * LIMITS[open] - 1) }),
      findings: [stale(2 * LIMITS[open] - 1, LIMITS[open], open)],
    })),
    ...STAGES.map((open) => ({
      name: `${open}: at twice its limit (${2 * LIMITS[open]} days) it turns critical`,
      deal: makeDeal({ stage: stage(open), lastModifiedDate: daysAgo(2 * LIMITS[open]) }),
      findings: [stale(2 * LIMITS[open], LIMITS[open], open, 'critical')],
    })),
    {
      name: 'unmapped stage label counts as open, with the unmapped limit',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), lastModifiedDate: daysAgo(31) }),
      findings: [stale(31, 30, '')],
    },
    {
      name: 'blank stage counts as open, with the unmapped limit',
      deal: makeDeal({ stage: empty(), lastModifiedDate: daysAgo(60) }),
      findings: [stale(60, 30, '', 'critical')],
    },
    {
      name: 'edited commit limit of 3 days',
      deal: makeDeal({ stage: stage('commit'), lastModifiedDate: daysAgo(4) }),
      options: { maxDaysByStage: { commit: 3 } },
      findings: [stale(4, 3, 'commit')],
    },
    {
      name: 'all stage limits edited',
      deal: makeDeal({ stage: stage('prospect'), lastModifiedDate: daysAgo(61) }),
      options: { maxDaysByStage: { prospect: 60, qualify: 40, develop: 30, propose: 20, commit: 10 } },
      findings: [stale(61, 60, 'prospect')],
    },
    {
      name: 'edited unmapped-stage limit',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), lastModifiedDate: daysAgo(11) }),
      options: { unmappedStageDays: 10 },
      findings: [stale(11, 10, '')],
    },
    {
      name: 'criticalMultiple 3: commit at 20 days is a warning',
      deal: makeDeal({ stage: stage('commit'), lastModifiedDate: daysAgo(20) }),
      options: { criticalMultiple: 3 },
      findings: [stale(20, 7, 'commit')],
    },
    {
      name: 'criticalMultiple 3: commit at 21 days is critical',
      deal: makeDeal({ stage: stage('commit'), lastModifiedDate: daysAgo(21) }),
      options: { criticalMultiple: 3 },
      findings: [stale(21, 7, 'commit', 'critical')],
    },
    {
      name: 'criticalMultiple 1: every stale record is critical',
      deal: makeDeal({ stage: stage('propose'), lastModifiedDate: daysAgo(15) }),
      options: { criticalMultiple: 1 },
      findings: [stale(15, 14, 'propose', 'critical')],
    },
  ],
  cannotCheck: [
    {
      name: 'open deal, last-modified date unreadable',
      deal: makeDeal({ lastModifiedDate: unknown('system information section collapsed') }),
      fields: ['lastModifiedDate'],
    },
    { name: 'open deal, last-modified date blank (a saved record always has one)', deal: makeDeal({ lastModifiedDate: empty() }), fields: ['lastModifiedDate'] },
    {
      name: 'stage unreadable and untouched longer than the tightest limit: it might be commit, or won',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastModifiedDate: daysAgo(8) }),
      fields: ['stage'],
    },
    {
      name: 'stage unreadable: an edited, tighter commit limit counts',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastModifiedDate: daysAgo(5) }),
      options: { maxDaysByStage: { commit: 3 } },
      fields: ['stage'],
    },
    {
      name: 'neither last-modified date nor stage readable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastModifiedDate: unknown('not on the layout') }),
      fields: ['lastModifiedDate', 'stage'],
    },
    {
      name: 'blank last-modified date and unreadable stage',
      deal: makeDeal({ stage: unknown('stage path not rendered'), lastModifiedDate: empty() }),
      fields: ['lastModifiedDate', 'stage'],
    },
  ],
});
