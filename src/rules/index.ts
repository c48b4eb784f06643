import closeDatePast from './close-date-past';
import nextStepMissing from './next-step-missing';
import staleRecord from './stale-record';
import type { Rule } from './types';

/** Every rule, by id. The conformance test checks each has a file, a test, a doc and messages. */
export const rules: readonly Rule<any>[] = [closeDatePast, nextStepMissing, staleRecord];

export const rulesById: ReadonlyMap<string, Rule<any>> = new Map(rules.map((rule) => [rule.meta.id, rule]));
