import { describe, expect, it } from 'vitest';
import { qualificationRecordSchema } from '../../../../src/qualification/types';
import {
  clearAnswer,
  isManualDealKey,
  manualDealKey,
  newRecord,
  nextTimestamp,
  setAnswer,
  setEffort,
  setFramework,
  setManagementMet,
  setNote,
  tidyDealName,
} from '../../../../src/ui/qualify/record';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const KEY = 'salesforce:acme.lightning.force.com:0065g00000AcmeQ';

describe('deals qualified by name', () => {
  it('keys a name trimmed, single-spaced and lower-cased, so the same deal typed twice is one deal', () => {
    expect(manualDealKey('  Globex   Renewal 2027 ')).toBe('manual:globex renewal 2027');
    expect(manualDealKey('globex renewal 2027')).toBe(manualDealKey('GLOBEX RENEWAL\t2027'));
    expect(manualDealKey('Økonomi-aftale')).toBe('manual:økonomi-aftale');
    expect(isManualDealKey('manual:globex')).toBe(true);
    expect(isManualDealKey(KEY)).toBe(false);
  });

  it('has no key for a blank name, and caps a long one within what the record may hold', () => {
    expect(manualDealKey('   ')).toBeNull();
    const key = manualDealKey('x'.repeat(1000))!;
    expect(key.length).toBeLessThanOrEqual(300);
    expect(tidyDealName(' A  b ')).toBe('A b');
  });

  it('keeps the typed name on a new record, which validates', () => {
    const record = newRecord('manual:globex renewal', 'meddicc', NOW, '  Globex  Renewal ');
    expect(record).toEqual({ dealKey: 'manual:globex renewal', dealName: 'Globex Renewal', frameworkId: 'meddicc', answers: {}, effort: null, managementMet: null, updatedAt: NOW.toISOString() });
    expect(qualificationRecordSchema.parse(record)).toEqual(record);
    expect(newRecord(KEY, 'bant', NOW)).not.toHaveProperty('dealName');
  });
});

describe('editing a record', () => {
  const base = newRecord(KEY, 'meddicc', NOW);

  it('moves updatedAt strictly forward, even for two edits in the same millisecond or a clock behind', () => {
    const first = setAnswer(base, 'metrics', 'yes', NOW);
    const second = setAnswer(first, 'champion', 'no', NOW);
    const third = setManagementMet(second, true, new Date(NOW.getTime() - 5000));
    expect(Date.parse(first.updatedAt)).toBe(NOW.getTime() + 1);
    expect(Date.parse(second.updatedAt)).toBe(NOW.getTime() + 2);
    expect(Date.parse(third.updatedAt)).toBe(NOW.getTime() + 3);
    expect(nextTimestamp(null, NOW)).toBe(NOW.toISOString());
    expect(nextTimestamp('not a date', NOW)).toBe(NOW.toISOString());
  });

  it('answers, keeps the note when the answer changes, and moves answeredAt only when the answer changes', () => {
    const answered = setAnswer(base, 'economic-buyer', 'partly', later(1000));
    const noted = setNote(answered, 'economic-buyer', 'CFO signs; not met yet', later(2000));
    expect(noted.answers['economic-buyer']).toEqual({ answer: 'partly', note: 'CFO signs; not met yet', answeredAt: later(1000).toISOString() });
    const changed = setAnswer(noted, 'economic-buyer', 'yes', later(3000));
    expect(changed.answers['economic-buyer']).toEqual({ answer: 'yes', note: 'CFO signs; not met yet', answeredAt: later(3000).toISOString() });
    expect(setAnswer(changed, 'economic-buyer', 'yes', later(4000))).toBe(changed);
    expect(qualificationRecordSchema.parse(changed)).toEqual(changed);
  });

  it('takes no note for an unanswered criterion, and caps a note at what the record holds', () => {
    expect(setNote(base, 'metrics', 'early note', NOW)).toBe(base);
    const long = setNote(setAnswer(base, 'metrics', 'yes', NOW), 'metrics', 'y'.repeat(3000), NOW);
    expect(long.answers.metrics!.note).toHaveLength(2000);
  });

  it('clears an answer and its note, leaving the others', () => {
    const two = setAnswer(setAnswer(base, 'metrics', 'yes', NOW), 'champion', 'no', NOW);
    const cleared = clearAnswer(two, 'metrics', later(10));
    expect(Object.keys(cleared.answers)).toEqual(['champion']);
    expect(clearAnswer(cleared, 'metrics', later(20))).toBe(cleared);
  });

  it('switches framework, records effort and the management meeting, and returns the same record when nothing changes', () => {
    const switched = setFramework(base, 'bant', NOW);
    expect(switched.frameworkId).toBe('bant');
    expect(setFramework(switched, 'bant', NOW)).toBe(switched);
    const effort = setEffort(base, { people: 3, hours: 40 }, NOW);
    expect(effort.effort).toEqual({ people: 3, hours: 40 });
    expect(setEffort(effort, { people: 3, hours: 40 }, NOW)).toBe(effort);
    expect(setEffort(effort, null, NOW).effort).toBeNull();
    const met = setManagementMet(base, false, NOW);
    expect(met.managementMet).toBe(false);
    expect(setManagementMet(met, false, NOW)).toBe(met);
    expect(setManagementMet(met, null, NOW).managementMet).toBeNull();
  });
});
