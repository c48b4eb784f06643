import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/engine/run';
import { defaultSettings } from '../../../src/model/settings';
import type { Snooze } from '../../../src/model/snooze';
import { empty, makeDeal } from '../rules/rule-tester';

const NOW = new Date('2026-03-10T12:00:00Z');
const deal = makeDeal({ nextStep: empty() });
const snooze = (until: string, ruleId = 'next-step-missing', dealKey = deal.key): Snooze => ({
  dealKey,
  ruleId,
  reason: 'Customer on holiday until the 20th',
  until,
  createdAt: '2026-03-09T10:00:00.000Z',
});

describe('engine: snoozed findings', () => {
  it('moves a snoozed rule\'s findings out of the score and into `snoozed`, with the reason and end date', () => {
    const plain = runRules({ snapshot: deal, settings: defaultSettings(), now: NOW, timeZone: 'UTC' }).verdict;
    expect(plain.findings.map((f) => f.ruleId)).toContain('next-step-missing');
    const { verdict } = runRules({ snapshot: deal, settings: defaultSettings(), now: NOW, timeZone: 'UTC', snoozes: [snooze('2026-03-20')] });
    expect(verdict.findings.map((f) => f.ruleId)).not.toContain('next-step-missing');
    expect(verdict.snoozed).toEqual([expect.objectContaining({ ruleId: 'next-step-missing', until: '2026-03-20', reason: 'Customer on holiday until the 20th' })]);
    expect(verdict.hygiene.value).toBeGreaterThan(plain.hygiene.value);
  });

  it('lasts through its last day and expires the day after', () => {
    const onLastDay = runRules({ snapshot: deal, settings: defaultSettings(), now: NOW, timeZone: 'UTC', snoozes: [snooze('2026-03-10')] }).verdict;
    expect(onLastDay.snoozed).toHaveLength(1);
    const expired = runRules({ snapshot: deal, settings: defaultSettings(), now: NOW, timeZone: 'UTC', snoozes: [snooze('2026-03-09')] }).verdict;
    expect(expired.snoozed).toEqual([]);
    expect(expired.findings.map((f) => f.ruleId)).toContain('next-step-missing');
  });

  it('applies only to its own deal and rule', () => {
    const { verdict } = runRules({
      snapshot: deal,
      settings: defaultSettings(),
      now: NOW,
      timeZone: 'UTC',
      snoozes: [snooze('2026-03-20', 'next-step-missing', 'salesforce:other.lightning.force.com:0065g00000OTHER'), snooze('2026-03-20', 'stale-record')],
    });
    expect(verdict.snoozed).toEqual([]);
    expect(verdict.findings.map((f) => f.ruleId)).toContain('next-step-missing');
  });
});
