import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runRules } from '../../../src/engine/run';
import { hygieneScore, SEVERITY_PENALTY } from '../../../src/engine/score';
import { loadSettings } from '../../../src/model/settings';
import type { Settings } from '../../../src/model/settings';
import { verdictSchema } from '../../../src/model/verdict';
import type { Finding, Severity } from '../../../src/model/verdict';
import { rules } from '../../../src/rules';
import { isoDateAt } from '../../../src/rules/dates';
import { defineRule, findings } from '../../../src/rules/types';
import { DEFAULT_TODAY, daysAgo, empty, makeDeal, stage, unknown } from '../rules/rule-tester';

/** Noon UTC on the default day: the same calendar day in every time zone from UTC-11 to UTC+11. */
const NOW = new Date(`${DEFAULT_TODAY}T12:00:00Z`);
const TZ = 'UTC';

function settings(input: Record<string, unknown> = {}): Settings {
  const loaded = loadSettings({ version: 1, ...input });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

/** Fires all three rules: commit deal, closed date 40 days ago (critical), no next step, untouched 10 days. */
const messyDeal = makeDeal({ stage: stage('commit'), closeDate: daysAgo(40), nextStep: empty(), lastModifiedDate: daysAgo(10) });

const run = (input: Partial<Parameters<typeof runRules>[0]> = {}) =>
  runRules({ snapshot: makeDeal(), settings: settings(), now: NOW, timeZone: TZ, ...input });

describe('runRules', () => {
  it('runs every registered rule and builds a valid verdict', () => {
    const { verdict, settingsErrors } = run({ snapshot: messyDeal });
    expect(settingsErrors).toEqual([]);
    expect(() => verdictSchema.parse(verdict)).not.toThrow();
    expect(verdict.dealKey).toBe(messyDeal.key);
    expect(verdict.computedAt).toBe(NOW.toISOString());
    expect(verdict.qualification).toBeNull();
    expect(verdict.cannotCheck).toEqual([]);
    expect(verdict.findings).toEqual([
      { ruleId: 'close-date-past', messageId: 'passedLong', data: { days: 40, date: daysAgo(40) }, field: 'closeDate', severity: 'critical' },
      { ruleId: 'next-step-missing', messageId: 'missing', data: {}, field: 'nextStep', severity: 'warning' },
      { ruleId: 'stale-record', messageId: 'stale', data: { days: 10, limit: 7, stage: 'commit' }, field: 'lastModifiedDate', severity: 'warning' },
    ]);
    expect(new Set(verdict.findings.map((f) => f.ruleId))).toEqual(new Set(rules.map((rule) => rule.meta.id)));
  });

  it('finds nothing on a healthy deal and scores it 100', () => {
    const { verdict } = run();
    expect(verdict.findings).toEqual([]);
    expect(verdict.cannotCheck).toEqual([]);
    expect(verdict.hygiene).toEqual({ value: 100, parts: [] });
  });

  it('collects cannot-check with the fields each rule needed, and they cost nothing', () => {
    const snapshot = makeDeal({ closeDate: unknown('not on the layout'), nextStep: unknown('not on the layout'), lastModifiedDate: empty() });
    const { verdict } = run({ snapshot });
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
    const snapshot = makeDeal({
      stage: unknown('x'),
      closeDate: unknown('x'),
      nextStep: unknown('x'),
      lastModifiedDate: unknown('x'),
    });
    const { verdict } = run({ snapshot });
    expect(verdict.findings).toEqual([]);
    expect(verdict.cannotCheck.map((c) => c.ruleId)).toEqual(rules.map((rule) => rule.meta.id));
    expect(verdict.hygiene.value).toBe(100);
  });

  it('skips a rule disabled in settings: no finding and no cannot-check', () => {
    const { verdict } = run({
      snapshot: makeDeal({ stage: stage('commit'), closeDate: daysAgo(40), nextStep: unknown('x'), lastModifiedDate: daysAgo(10) }),
      settings: settings({ rules: { 'close-date-past': { enabled: false }, 'next-step-missing': { enabled: false } } }),
    });
    expect(verdict.findings.map((f) => f.ruleId)).toEqual(['stale-record']);
    expect(verdict.cannotCheck).toEqual([]);
  });

  it('keeps a rule on when its setting only changes options', () => {
    const { verdict } = run({ snapshot: messyDeal, settings: settings({ rules: { 'stale-record': { options: { criticalMultiple: 3 } } } }) });
    expect(verdict.findings.map((f) => f.ruleId)).toContain('stale-record');
  });

  it('keeps a rule on when stored settings lack `enabled` (only an explicit false disables)', () => {
    const raw = { version: 1, rules: { 'stale-record': { options: {} } }, stageMapping: {} } as unknown as Settings;
    const { verdict } = run({ snapshot: messyDeal, settings: raw });
    expect(verdict.findings.map((f) => f.ruleId)).toContain('stale-record');
  });

  it("a severity set in settings wins over the rule's default and over its own escalation", () => {
    const { verdict } = run({
      snapshot: messyDeal,
      settings: settings({ rules: { 'close-date-past': { severity: 'info' }, 'next-step-missing': { severity: 'critical' } } }),
    });
    const severityOf = (ruleId: string) => verdict.findings.find((f) => f.ruleId === ruleId)?.severity;
    expect(severityOf('close-date-past')).toBe('info'); // the rule escalated to critical; the user said info
    expect(severityOf('next-step-missing')).toBe('critical');
    expect(severityOf('stale-record')).toBe('warning');
  });

  it('passes options from settings to the rule, merged over its defaults', () => {
    const { verdict } = run({
      snapshot: messyDeal,
      settings: settings({ rules: { 'close-date-past': { options: { criticalAfterDays: 60 } }, 'stale-record': { options: { maxDaysByStage: { commit: 14 } } } } }),
    });
    expect(verdict.findings.find((f) => f.ruleId === 'close-date-past')).toMatchObject({ messageId: 'passed', severity: 'warning' });
    expect(verdict.findings.find((f) => f.ruleId === 'stale-record')).toBeUndefined();
  });

  it('reports invalid rule options with their path in settingsErrors and runs the rule with its defaults', () => {
    const { verdict, settingsErrors } = run({
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
    const { hygiene } = run({ snapshot: messyDeal }).verdict;
    expect(hygiene.value).toBe(55);
    expect(hygiene.parts.map((part) => [part.id, part.points])).toEqual([
      ['close-date-past', -25],
      ['next-step-missing', -10],
      ['stale-record', -10],
    ]);
  });

  it('uses the severity after the user override', () => {
    const { hygiene } = run({ snapshot: messyDeal, settings: settings({ rules: { 'close-date-past': { severity: 'info' } } }) }).verdict;
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
    const behind = runRules({ snapshot: dueYesterdayInUtc, settings: settings(), now: justAfterMidnightUtc, timeZone: 'America/New_York' });
    expect(behind.verdict.findings).toEqual([]); // the close date is today in New York
    const utc = runRules({ snapshot: dueYesterdayInUtc, settings: settings(), now: justAfterMidnightUtc, timeZone: 'UTC' });
    expect(utc.verdict.findings).toEqual([expect.objectContaining({ ruleId: 'close-date-past', data: { days: 1, date: '2026-03-09' } })]);
  });

  it('a time zone ahead of UTC reaches the next day first', () => {
    const evening = new Date('2026-03-09T20:00:00Z');
    expect(runRules({ snapshot: dueYesterdayInUtc, settings: settings(), now: evening, timeZone: 'America/Los_Angeles' }).verdict.findings).toEqual([]);
    expect(runRules({ snapshot: dueYesterdayInUtc, settings: settings(), now: evening, timeZone: 'Asia/Tokyo' }).verdict.findings).toEqual([
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
      meta: { ...rules[0]!.meta, id: 'broken-rule' },
      check: () => {
        throw new Error('boom');
      },
    });
    const loaded = loadSettings(undefined);
    if (!loaded.ok) throw new Error('defaults must load');
    const result = runRules({ snapshot: makeDeal({}), settings: loaded.settings, now: new Date('2026-03-10T12:00:00Z'), timeZone: 'UTC', rules: [broken, ...rules] });
    expect(result.ruleErrors).toEqual(['broken-rule: boom']);
    expect(result.verdict.cannotCheck).toContainEqual({ ruleId: 'broken-rule', fields: [] });
    expect(result.verdict.cannotCheck.filter((item) => item.ruleId !== 'broken-rule')).toEqual([]);
  });
});
