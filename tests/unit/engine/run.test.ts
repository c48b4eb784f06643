import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runRules } from '../../../src/engine/run';
import { hygieneScore, SEVERITY_PENALTY } from '../../../src/engine/score';
import { loadSettings } from '../../../src/model/settings';
import type { Settings } from '../../../src/model/settings';
import type { DealSnapshot } from '../../../src/model/deal';
import { verdictSchema } from '../../../src/model/verdict';
import type { Finding, Severity } from '../../../src/model/verdict';
import { MEDDICC } from '../../../src/qualification/meddicc';
import type { QualificationRecord } from '../../../src/qualification/types';
import { rules } from '../../../src/rules';
import closeDatePast from '../../../src/rules/close-date-past';
import { isoDateAt } from '../../../src/rules/dates';
import nextStepMissing from '../../../src/rules/next-step-missing';
import staleRecord from '../../../src/rules/stale-record';
import { defineRule, findings, type Rule } from '../../../src/rules/types';
import { DEFAULT_TODAY, daysAgo, empty, known, makeDeal, stage, unknown } from '../rules/rule-tester';
import { unreadableFields } from '../../helpers/deals';

/** Noon UTC on the default day: the same calendar day in every time zone from UTC-11 to UTC+11. */
const NOW = new Date(`${DEFAULT_TODAY}T12:00:00Z`);
const TZ = 'UTC';

function settings(input: Record<string, unknown> = {}): Settings {
  const loaded = loadSettings({ version: 1, ...input });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

/**
 * The engine's mechanics (disabling, options, severity overrides, settings errors, scoring, time zones, a throwing
 * rule) are tested with these three rules only, passed explicitly: rules added to the registry do not change them.
 */
const THREE_RULES: readonly Rule<any>[] = [closeDatePast, nextStepMissing, staleRecord];

/** Fires all three rules: commit deal, closed date 40 days ago (critical), no next step, untouched 10 days. */
const messyDeal = makeDeal({ stage: stage('commit'), closeDate: daysAgo(40), nextStep: empty(), lastModifiedDate: daysAgo(10) });

const run = (input: Partial<Parameters<typeof runRules>[0]> = {}) =>
  runRules({ snapshot: makeDeal(), settings: settings(), now: NOW, timeZone: TZ, ...input });
/** `run` with only THREE_RULES: for tests of the engine's mechanics. */
const runThree = (input: Partial<Parameters<typeof runRules>[0]> = {}) => run({ rules: THREE_RULES, ...input });

const DEAL_KEY = makeDeal().key;

/** A quick-qualify record for the default deal. */
function qualificationRecord(overrides: Partial<QualificationRecord> = {}): QualificationRecord {
  return { dealKey: DEAL_KEY, frameworkId: 'meddicc', answers: {}, effort: null, managementMet: null, updatedAt: `${DEFAULT_TODAY}T08:00:00.000Z`, ...overrides };
}

/**
 * Healthy for every registered rule under the default settings (MEDDICC): the default propose deal (fresh record and
 * activity, a dated next step, three contacts with an economic buyer) with a CRM qualification field for every
 * MEDDICC criterion, and a quick-qualify record that says management has met the customer and a modest effort.
 */
const healthyDeal = makeDeal({
  qualification: known(
    {
      metrics: 'Cut month-end reporting from two days to two hours',
      'economic-buyer': 'Jane Doe, CFO',
      'decision-criteria': 'SSO, EU hosting, price per seat',
      'decision-process': 'IT review 20 March, CFO sign-off 15 April',
      'identify-pain': 'Manual reporting takes two days a month',
      champion: 'Sam Lee, head of finance ops',
      competition: 'Spreadsheets; Globex',
    },
    'MEDDICC fields',
  ),
});
const healthyRecord = qualificationRecord({ managementMet: true, effort: { people: 2, hours: 40 } });

/** A base for the troubled deal and its history: a large (480,000) deal created 200 days ago. */
const troubledBase = { createdDate: daysAgo(200) };
const capturedDaysAgo = (days: number) => ({ snapshot: { capturedAt: `${daysAgo(days)}T09:00:00.000Z` } });

/**
 * Earlier visits of the troubled deal: seen in propose 120 days ago closing 15 December, then in commit 60 days ago
 * with the close date pushed to 15 January.
 */
const troubledHistory: DealSnapshot[] = [
  makeDeal({ ...troubledBase, closeDate: '2025-12-15', ...capturedDaysAgo(120) }),
  makeDeal({ ...troubledBase, stage: stage('commit'), closeDate: '2026-01-15', ...capturedDaysAgo(60) }),
];

/**
 * Everything wrong that one deal can have at once: in commit for 60 days, close date 40 days past after a second push,
 * no next step, record and activity untouched for 10 days, 200 days old, one contact and no economic buyer, only the
 * pain qualified while the forecast says Best Case, management has not met the customer, and 400 hours spent.
 */
const troubledDeal = makeDeal({
  ...troubledBase,
  stage: stage('commit'),
  closeDate: daysAgo(40),
  nextStep: empty(),
  lastModifiedDate: daysAgo(10),
  lastActivityDate: daysAgo(10),
  contacts: known({ count: 1, roles: ['Champion'] }, '1 contact'),
});
const troubledRecord = qualificationRecord({ managementMet: false, effort: { people: 3, hours: 400 } });

describe('runRules', () => {
  it('runs every registered rule and builds a valid verdict', () => {
    const { verdict, settingsErrors, ruleErrors } = run({ snapshot: troubledDeal, history: troubledHistory, qualificationRecord: troubledRecord });
    expect(settingsErrors).toEqual([]);
    expect(ruleErrors).toEqual([]);
    expect(() => verdictSchema.parse(verdict)).not.toThrow();
    expect(verdict.dealKey).toBe(troubledDeal.key);
    expect(verdict.computedAt).toBe(NOW.toISOString());
    expect(verdict.cannotCheck).toEqual([]);
    expect(verdict.snoozed).toEqual([]);
    // In the registry's order. The rules missing here cannot fire together with these (see the next test).
    const unqualified = 'metrics, economic-buyer, decision-criteria, decision-process, champion, competition';
    expect(verdict.findings).toEqual([
      { ruleId: 'stale-activity', messageId: 'stale', data: { days: 10, limit: 7, stage: 'commit' }, field: 'lastActivityDate', severity: 'warning' },
      { ruleId: 'stale-record', messageId: 'stale', data: { days: 10, limit: 7, stage: 'commit' }, field: 'lastModifiedDate', severity: 'warning' },
      {
        ruleId: 'stage-stuck',
        messageId: 'stuck',
        data: { days: 60, limit: 21, stage: 'commit', since: daysAgo(60), source: 'stageChange' },
        field: 'stage',
        severity: 'critical',
      },
      { ruleId: 'next-step-missing', messageId: 'missing', data: {}, field: 'nextStep', severity: 'warning' },
      { ruleId: 'close-date-past', messageId: 'passedLong', data: { days: 40, date: daysAgo(40) }, field: 'closeDate', severity: 'critical' },
      {
        ruleId: 'close-date-slipping',
        messageId: 'slipping',
        data: { count: 2, days: 45, largest: 31, firstSeen: '2025-12-15' },
        field: 'closeDate',
        severity: 'warning',
      },
      {
        ruleId: 'cycle-too-long',
        messageId: 'tooLong',
        data: { days: 200, limit: 180, segment: 'large', since: 'created' },
        field: 'createdDate',
        severity: 'warning',
      },
      { ruleId: 'qualification-gaps', messageId: 'missing', data: { criteria: unqualified, count: 6, stage: 'commit' }, field: 'stage', severity: 'critical' },
      {
        ruleId: 'forecast-unsupported',
        messageId: 'categoryUnqualified',
        data: { category: 'Best Case', stage: 'commit', stageLabel: 'Commit', criteria: unqualified, count: 6 },
        field: 'forecastCategory',
        severity: 'warning',
      },
      { ruleId: 'no-economic-buyer', messageId: 'missing', data: { stage: 'commit' }, field: 'contacts', severity: 'critical' },
      { ruleId: 'single-threaded', messageId: 'singleThreaded', data: { count: 1, limit: 3, size: 'large' }, field: 'contacts', severity: 'warning' },
      {
        ruleId: 'no-management-contact',
        messageId: 'notMet',
        data: { amount: 480_000, currency: 'USD', limit: 100_000, stage: 'commit' },
        field: 'amount',
        severity: 'warning',
      },
      {
        ruleId: 'effort-out-of-proportion',
        messageId: 'exceedsWeighted',
        data: { hours: 400, people: 3, cost: 40_000, currency: 'USD', percent: 10, weighted: 288_000, limit: 28_800, amount: 480_000, probability: 60 },
        field: 'amount',
        severity: 'warning',
      },
    ]);
    // The qualification score of the default framework (MEDDICC): only the pain is known, from the CRM's "pain" field.
    expect(verdict.qualification?.parts.map((part) => part.id)).toEqual(MEDDICC.criteria.map((criterion) => criterion.id));
    expect(verdict.qualification?.parts.find((part) => part.id === 'identify-pain')).toMatchObject({ points: 14, data: { answer: 'yes', source: 'crm', via: 'pain' } });
    expect(verdict.qualification?.value).toBe(14);
  });

  it('every registered rule fires through the engine on one of three troubled deals', () => {
    // Some rules exclude each other (a close date is past, parked far ahead or blank), so one deal cannot fire them all.
    const aheadAndVague = makeDeal({ closeDate: daysAgo(-300), amount: empty(), nextStep: known({ text: 'Follow up', date: daysAgo(5) }, 'Follow up') });
    const noCloseDate = makeDeal({ closeDate: empty() });
    const verdicts = [
      run({ snapshot: troubledDeal, history: troubledHistory, qualificationRecord: troubledRecord }).verdict,
      run({ snapshot: aheadAndVague }).verdict,
      run({ snapshot: noCloseDate }).verdict,
    ];
    for (const verdict of verdicts) expect(() => verdictSchema.parse(verdict)).not.toThrow();
    expect(verdicts[1]!.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['next-step-overdue', 'next-step-vague', 'close-date-parked', 'amount-missing']));
    expect(verdicts[2]!.findings.map((f) => f.ruleId)).toContain('close-date-missing');
    const fired = new Set(verdicts.flatMap((verdict) => verdict.findings.map((f) => f.ruleId)));
    expect([...fired].sort()).toEqual(rules.map((rule) => rule.meta.id).sort());
  });

  it('finds nothing on a healthy deal and scores it 100', () => {
    const { verdict } = run({ snapshot: healthyDeal, qualificationRecord: healthyRecord });
    expect(verdict.findings).toEqual([]);
    expect(verdict.cannotCheck).toEqual([]);
    expect(verdict.hygiene).toEqual({ value: 100, parts: [] });
    // Every MEDDICC criterion has evidence, so qualification is complete too.
    expect(verdict.qualification?.value).toBe(100);
  });

  it('collects cannot-check with the fields each rule needed, and they cost nothing', () => {
    const snapshot = makeDeal({ closeDate: unknown('not on the layout'), nextStep: unknown('not on the layout'), lastModifiedDate: empty() });
    const { verdict } = runThree({ snapshot });
    expect(verdict.findings).toEqual([]);
    expect(verdict.cannotCheck).toEqual([
      { ruleId: 'close-date-past', fields: ['closeDate'] },
      { ruleId: 'next-step-missing', fields: ['nextStep'] },
      { ruleId: 'stale-record', fields: ['lastModifiedDate'] },
    ]);
    expect(verdict.hygiene.value).toBe(100);
    expect(verdict.hygiene.parts).toEqual([
      { id: 'close-date-past', points: 0, messageId: 'score_part_cannot_check', data: { rule: 'close-date-past', fields: 'closeDate' } },
      { id: 'next-step-missing', points: 0, messageId: 'score_part_cannot_check', data: { rule: 'next-step-missing', fields: 'nextStep' } },
      { id: 'stale-record', points: 0, messageId: 'score_part_cannot_check', data: { rule: 'stale-record', fields: 'lastModifiedDate' } },
    ]);
  });

  it('reports cannot-check, never a finding, when the page could not be read at all', () => {
    const { verdict } = run({ snapshot: makeDeal(unreadableFields()) });
    expect(verdict.findings).toEqual([]);
    expect(verdict.hygiene.value).toBe(100);
    // Every rule that says anything says which unread fields it needed. (A deal seen once cannot have slipped, and
    // without a quick-qualify record there is no effort to weigh: those rules have nothing to judge.)
    expect(verdict.cannotCheck.length).toBeGreaterThan(0);
    for (const item of verdict.cannotCheck) expect(item.fields.length, item.ruleId).toBeGreaterThan(0);
    const ids = rules.map((rule) => rule.meta.id);
    expect(verdict.cannotCheck.map((c) => c.ruleId)).toEqual(ids.filter((id) => verdict.cannotCheck.some((c) => c.ruleId === id)));
  });

  it('reports cannot-check for every rule when the page could not be read, even with history and quick-qualify answers', () => {
    // The history and the record give every rule something to judge; the unread page decides nothing either way.
    const snapshot = makeDeal(unreadableFields());
    const { verdict } = run({ snapshot, history: troubledHistory, qualificationRecord: troubledRecord });
    expect(verdict.findings).toEqual([]);
    expect(verdict.cannotCheck.map((c) => c.ruleId)).toEqual(rules.map((rule) => rule.meta.id));
    for (const item of verdict.cannotCheck) expect(item.fields.length, item.ruleId).toBeGreaterThan(0);
    expect(verdict.hygiene.value).toBe(100);
  });

  it('skips a rule disabled in settings: no finding and no cannot-check', () => {
    const { verdict } = runThree({
      snapshot: makeDeal({ stage: stage('commit'), closeDate: daysAgo(40), nextStep: unknown('x'), lastModifiedDate: daysAgo(10) }),
      settings: settings({ rules: { 'close-date-past': { enabled: false }, 'next-step-missing': { enabled: false } } }),
    });
    expect(verdict.findings.map((f) => f.ruleId)).toEqual(['stale-record']);
    expect(verdict.cannotCheck).toEqual([]);
  });

  it('keeps a rule on when its setting only changes options', () => {
    const { verdict } = runThree({ snapshot: messyDeal, settings: settings({ rules: { 'stale-record': { options: { criticalMultiple: 3 } } } }) });
    expect(verdict.findings.map((f) => f.ruleId)).toContain('stale-record');
  });

  it('keeps a rule on when stored settings lack `enabled` (only an explicit false disables)', () => {
    const raw = { ...settings(), rules: { 'stale-record': { options: {} } } } as unknown as Settings;
    const { verdict } = runThree({ snapshot: messyDeal, settings: raw });
    expect(verdict.findings.map((f) => f.ruleId)).toContain('stale-record');
  });

  it("a severity set in settings wins over the rule's default and over its own escalation", () => {
    const { verdict } = runThree({
      snapshot: messyDeal,
      settings: settings({ rules: { 'close-date-past': { severity: 'info' }, 'next-step-missing': { severity: 'critical' } } }),
    });
    const severityOf = (ruleId: string) => verdict.findings.find((f) => f.ruleId === ruleId)?.severity;
    expect(severityOf('close-date-past')).toBe('info'); // the rule escalated to critical; the user said info
    expect(severityOf('next-step-missing')).toBe('critical');
    expect(severityOf('stale-record')).toBe('warning');
  });

  it('passes options from settings to the rule, merged over its defaults', () => {
    const { verdict } = runThree({
      snapshot: messyDeal,
      settings: settings({ rules: { 'close-date-past': { options: { criticalAfterDays: 60 } }, 'stale-record': { options: { maxDaysByStage: { commit: 14 } } } } }),
    });
    expect(verdict.findings.find((f) => f.ruleId === 'close-date-past')).toMatchObject({ messageId: 'passed', severity: 'warning' });
    expect(verdict.findings.find((f) => f.ruleId === 'stale-record')).toBeUndefined();
  });

  it('reports invalid rule options with their path in settingsErrors and runs the rule with its defaults', () => {
    const { verdict, settingsErrors } = runThree({
      snapshot: messyDeal,
      settings: settings({
        rules: {
          'close-date-past': { options: { criticalAfterDays: 'soon' } },
          'stale-record': { options: { maxDaysByStage: { commit: 0 } } },
        },
      }),
    });
    expect(settingsErrors).toHaveLength(2);
    expect(settingsErrors[0]).toMatch(/^rules\.close-date-past\.options\.criticalAfterDays: /);
    expect(settingsErrors[1]).toMatch(/^rules\.stale-record\.options\.maxDaysByStage\.commit: /);
    // Defaults: critical after 30 days; commit limit 7.
    expect(verdict.findings.find((f) => f.ruleId === 'close-date-past')).toMatchObject({ messageId: 'passedLong', severity: 'critical' });
    expect(verdict.findings.find((f) => f.ruleId === 'stale-record')).toMatchObject({ data: { days: 10, limit: 7, stage: 'commit' } });
  });

  it('runs only the rules it is given', () => {
    const { verdict } = run({ snapshot: messyDeal, rules: rules.filter((rule) => rule.meta.id === 'next-step-missing') });
    expect(verdict.findings.map((f) => f.ruleId)).toEqual(['next-step-missing']);
  });

  it('reports a rule whose own defaults do not parse, and does not run it', () => {
    const broken = defineRule({
      meta: { id: 'broken', category: 'data', severity: 'info', messages: ['x'], options: z.object({ required: z.number() }) },
      check: () => findings({ messageId: 'x', data: {} }),
    });
    const { verdict, settingsErrors } = run({ rules: [broken] });
    expect(verdict.findings).toEqual([]);
    expect(settingsErrors).toEqual([expect.stringMatching(/^rules\.broken\.options\.required: /)]);
  });
});

describe('hygiene score', () => {
  /** A rule that reports one finding per severity listed in `options.raise`. */
  const reporter = defineRule({
    meta: {
      id: 'reporter',
      category: 'data',
      severity: 'warning',
      messages: ['found'],
      options: z.object({ raise: z.array(z.enum(['info', 'warning', 'critical'])).default([]) }),
    },
    check: (_deal, { options }) => findings(...options.raise.map((severity, index) => ({ messageId: 'found', data: { index }, severity }))),
  });
  const scoreFor = (raise: Severity[]) =>
    run({ rules: [reporter], settings: settings({ rules: { reporter: { options: { raise } } } }) }).verdict.hygiene;

  it('takes 3 for info, 10 for a warning and 25 for a critical finding', () => {
    expect(SEVERITY_PENALTY).toEqual({ info: 3, warning: 10, critical: 25 });
    expect(scoreFor(['info']).value).toBe(97);
    expect(scoreFor(['warning']).value).toBe(90);
    expect(scoreFor(['critical']).value).toBe(75);
    expect(scoreFor(['info', 'warning', 'critical']).value).toBe(62);
  });

  it('explains itself: 100 plus the points of its parts, one part per finding', () => {
    const score = scoreFor(['critical', 'warning', 'info']);
    expect(score.parts).toEqual([
      { id: 'reporter', points: -25, messageId: 'score_part_finding', data: { rule: 'reporter', severity: 'critical' } },
      { id: 'reporter', points: -10, messageId: 'score_part_finding', data: { rule: 'reporter', severity: 'warning' } },
      { id: 'reporter', points: -3, messageId: 'score_part_finding', data: { rule: 'reporter', severity: 'info' } },
    ]);
    expect(100 + score.parts.reduce((sum, part) => sum + part.points, 0)).toBe(score.value);
  });

  it('scores the messy deal 100 − 25 − 10 − 10 = 55', () => {
    const { hygiene } = runThree({ snapshot: messyDeal }).verdict;
    expect(hygiene.value).toBe(55);
    expect(hygiene.parts.map((part) => [part.id, part.points])).toEqual([
      ['close-date-past', -25],
      ['next-step-missing', -10],
      ['stale-record', -10],
    ]);
  });

  it('uses the severity after the user override', () => {
    const { hygiene } = runThree({ snapshot: messyDeal, settings: settings({ rules: { 'close-date-past': { severity: 'info' } } }) }).verdict;
    expect(hygiene.value).toBe(100 - 3 - 10 - 10);
  });

  it('never goes below 0, and still lists every part', () => {
    const score = scoreFor(['critical', 'critical', 'critical', 'critical', 'warning']);
    expect(score.value).toBe(0);
    expect(score.parts).toHaveLength(5);
    expect(score.parts.reduce((sum, part) => sum + part.points, 0)).toBe(-110);
  });

  it('hygieneScore on its own: cannot-check parts are listed with 0 points', () => {
    const found: Finding[] = [{ ruleId: 'a', messageId: 'm', data: {}, severity: 'warning' }];
    expect(hygieneScore(found, [{ ruleId: 'b', fields: ['stage', 'closeDate'] }])).toEqual({
      value: 90,
      parts: [
        { id: 'a', points: -10, messageId: 'score_part_finding', data: { rule: 'a', severity: 'warning' } },
        { id: 'b', points: 0, messageId: 'score_part_cannot_check', data: { rule: 'b', fields: 'stage, closeDate' } },
      ],
    });
  });
});

describe('today', () => {
  const dueYesterdayInUtc = makeDeal({ closeDate: '2026-03-09' });
  /** 00:30 UTC on 10 March: still 9 March in New York (UTC−4 or −5), already 10 March in Copenhagen and Tokyo. */
  const justAfterMidnightUtc = new Date('2026-03-10T00:30:00Z');

  it('is the calendar day of `now` in the given time zone', () => {
    expect(isoDateAt(justAfterMidnightUtc, 'UTC')).toBe('2026-03-10');
    expect(isoDateAt(justAfterMidnightUtc, 'America/New_York')).toBe('2026-03-09');
    expect(isoDateAt(justAfterMidnightUtc, 'Pacific/Honolulu')).toBe('2026-03-09');
    expect(isoDateAt(justAfterMidnightUtc, 'Europe/Copenhagen')).toBe('2026-03-10');
    expect(isoDateAt(new Date('2026-03-09T20:00:00Z'), 'Asia/Tokyo')).toBe('2026-03-10');
    expect(isoDateAt(new Date('2026-03-09T20:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-09');
  });

  it('a time just after midnight UTC is still the previous day in a time zone behind UTC', () => {
    const behind = runRules({ snapshot: dueYesterdayInUtc, settings: settings(), now: justAfterMidnightUtc, timeZone: 'America/New_York', rules: THREE_RULES });
    expect(behind.verdict.findings).toEqual([]); // the close date is today in New York
    const utc = runRules({ snapshot: dueYesterdayInUtc, settings: settings(), now: justAfterMidnightUtc, timeZone: 'UTC', rules: THREE_RULES });
    expect(utc.verdict.findings).toEqual([expect.objectContaining({ ruleId: 'close-date-past', data: { days: 1, date: '2026-03-09' } })]);
  });

  it('a time zone ahead of UTC reaches the next day first', () => {
    const evening = new Date('2026-03-09T20:00:00Z');
    expect(runRules({ snapshot: dueYesterdayInUtc, settings: settings(), now: evening, timeZone: 'America/Los_Angeles', rules: THREE_RULES }).verdict.findings).toEqual([]);
    expect(runRules({ snapshot: dueYesterdayInUtc, settings: settings(), now: evening, timeZone: 'Asia/Tokyo', rules: THREE_RULES }).verdict.findings).toEqual([
      expect.objectContaining({ ruleId: 'close-date-past', data: { days: 1, date: '2026-03-09' } }),
    ]);
  });

  it('gives the rules the same `now` it was given', () => {
    let seen: Date | undefined;
    const spy = defineRule({
      meta: { id: 'spy', category: 'data', severity: 'info', messages: ['x'], options: z.object({}) },
      check: (_deal, context) => {
        seen = context.now;
        return findings();
      },
    });
    runRules({ snapshot: makeDeal(), settings: settings(), now: justAfterMidnightUtc, timeZone: 'UTC', rules: [spy] });
    expect(seen?.toISOString()).toBe(justAfterMidnightUtc.toISOString());
  });
});

describe('engine: a rule that throws', () => {
  it('is listed as "cannot check" and reported, and the other rules still run', () => {
    const broken = defineRule({
      meta: { ...closeDatePast.meta, id: 'broken-rule' },
      check: () => {
        throw new Error('boom');
      },
    });
    const loaded = loadSettings(undefined);
    if (!loaded.ok) throw new Error('defaults must load');
    const result = runRules({ snapshot: messyDeal, settings: loaded.settings, now: NOW, timeZone: 'UTC', rules: [broken, ...THREE_RULES] });
    expect(result.ruleErrors).toEqual(['broken-rule: boom']);
    expect(result.verdict.cannotCheck).toEqual([{ ruleId: 'broken-rule', fields: [] }]);
    // The rules after the broken one ran and found what they find without it.
    expect(result.verdict.findings).toEqual(runRules({ snapshot: messyDeal, settings: loaded.settings, now: NOW, timeZone: 'UTC', rules: THREE_RULES }).verdict.findings);
    expect(result.verdict.findings.map((finding) => finding.ruleId)).toEqual(['close-date-past', 'next-step-missing', 'stale-record']);
  });
});
