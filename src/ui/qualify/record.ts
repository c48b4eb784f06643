import type { Answer, QualificationRecord } from '../../qualification/types';

/**
 * Edits of a quick-qualify record. Each returns a new record with `updatedAt` moved on, strictly later than the
 * record's previous one even when two edits fall in the same millisecond: the background keeps the newest save
 * by `updatedAt`, so two saves must never tie.
 */

/** Longest deal name a rep may type (the record keeps 300; the key adds its prefix). */
export const MAX_DEAL_NAME = 200;
export const MANUAL_KEY_PREFIX = 'manual:';

/** A deal name as typed: trimmed, single spaces, NFC. */
export function tidyDealName(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, ' ').trim().slice(0, MAX_DEAL_NAME);
}

/**
 * The key of a deal qualified by name (no readable page): `manual:` + the name trimmed, single-spaced and
 * lower-cased, so "Globex  renewal" and "globex renewal" are one deal. Null for a blank name.
 */
export function manualDealKey(name: string): string | null {
  const tidy = tidyDealName(name).toLocaleLowerCase();
  return tidy ? `${MANUAL_KEY_PREFIX}${tidy}` : null;
}

export function isManualDealKey(dealKey: string): boolean {
  return dealKey.startsWith(MANUAL_KEY_PREFIX);
}

/** A timestamp after `previous` (ISO), normally `now`. */
export function nextTimestamp(previous: string | null, now: Date): string {
  const last = previous === null ? Number.NaN : Date.parse(previous);
  const time = Number.isFinite(last) && last >= now.getTime() ? last + 1 : now.getTime();
  return new Date(time).toISOString();
}

export function newRecord(dealKey: string, frameworkId: string, now: Date, dealName?: string): QualificationRecord {
  return {
    dealKey,
    ...(dealName ? { dealName: tidyDealName(dealName) } : {}),
    frameworkId,
    answers: {},
    effort: null,
    managementMet: null,
    updatedAt: now.toISOString(),
  };
}

const touched = (record: QualificationRecord, now: Date, change: Partial<QualificationRecord>): QualificationRecord => ({
  ...record,
  ...change,
  updatedAt: nextTimestamp(record.updatedAt, now),
});

/** Sets the answer; a note already written stays. `answeredAt` moves only when the answer changes. */
export function setAnswer(record: QualificationRecord, criterionId: string, answer: Answer, now: Date): QualificationRecord {
  const previous = Object.hasOwn(record.answers, criterionId) ? record.answers[criterionId] : undefined;
  if (previous?.answer === answer) return record;
  const stamp = nextTimestamp(record.updatedAt, now);
  return {
    ...record,
    answers: { ...record.answers, [criterionId]: { answer, note: previous?.note ?? '', answeredAt: stamp } },
    updatedAt: stamp,
  };
}

/** Sets the note of an answered criterion; an unanswered one has no note (the note field waits for an answer). */
export function setNote(record: QualificationRecord, criterionId: string, note: string, now: Date): QualificationRecord {
  const previous = Object.hasOwn(record.answers, criterionId) ? record.answers[criterionId] : undefined;
  if (!previous || previous.note === note) return record;
  return touched(record, now, { answers: { ...record.answers, [criterionId]: { ...previous, note: note.slice(0, 2000) } } });
}

/** Removes the rep's answer (and note): the criterion falls back to what the CRM says, if anything. */
export function clearAnswer(record: QualificationRecord, criterionId: string, now: Date): QualificationRecord {
  if (!Object.hasOwn(record.answers, criterionId)) return record;
  const answers = { ...record.answers };
  delete answers[criterionId];
  return touched(record, now, { answers });
}

export function setFramework(record: QualificationRecord, frameworkId: string, now: Date): QualificationRecord {
  return record.frameworkId === frameworkId ? record : touched(record, now, { frameworkId });
}

export function setEffort(record: QualificationRecord, effort: QualificationRecord['effort'], now: Date): QualificationRecord {
  const same = effort === record.effort || (effort !== null && record.effort !== null && effort.people === record.effort.people && effort.hours === record.effort.hours);
  return same ? record : touched(record, now, { effort });
}

export function setManagementMet(record: QualificationRecord, managementMet: boolean | null, now: Date): QualificationRecord {
  return record.managementMet === managementMet ? record : touched(record, now, { managementMet });
}
