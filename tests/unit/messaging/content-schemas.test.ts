import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { runRules } from '../../../src/engine/run';
import { defaultSettings } from '../../../src/model/settings';
import { verdictSchema, type Verdict } from '../../../src/model/verdict';
import { snapshotReplySchema as classicSnapshotReplySchema } from '../../../src/messaging/protocol';
import { readWithMappingRequestSchema as classicReadWithMappingRequestSchema, READ_WITH_MAPPING } from '../../../src/messaging/custom-crm';
import { readWithMappingRequestSchema, snapshotReplySchema, verdictMiniSchema } from '../../../src/messaging/content-schemas';
import type { z as zMini } from '../../../src/model/zod-mini';
import { daysFromToday, empty, known, makeSnapshot, NOW, unknown, unreadableFields } from '../../helpers/deals';

/**
 * The content script checks what it receives with zod/mini copies of the classic schemas (issue #6: zod classic
 * stays out of the content script). Each copy must accept and refuse exactly what its original does, give the
 * same data back, and report the same issues at the same paths.
 */

interface Parser {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly { code: string; path: PropertyKey[]; message: string }[] } };
}

function reading(schema: Parser, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, data: result.data } : { ok: false, issues: result.error.issues.map(({ code, path, message }) => ({ code, path, message })) };
}

function expectSameReading(classic: Parser, mini: Parser, input: unknown) {
  const expected = reading(classic, input);
  expect(reading(mini, input)).toEqual(expected);
  return expected;
}

// Real verdicts, as the background computes them: findings, "cannot check", snoozed findings, both scores.
const settings = defaultSettings();
const verdicts: Verdict[] = [
  runRules({ snapshot: makeSnapshot(), settings, now: NOW }).verdict,
  runRules({ snapshot: makeSnapshot({ fields: unreadableFields() }), settings, now: NOW }).verdict,
  runRules({ snapshot: makeSnapshot({ fields: { amount: empty('—'), lastActivityDate: known(daysFromToday(-90), '90 days ago') } }), settings, now: NOW }).verdict,
  runRules({
    snapshot: makeSnapshot({ fields: { closeDate: known(daysFromToday(-10), 'in the past'), nextStep: unknown('not on the page', 'not_on_page') } }),
    settings,
    now: NOW,
    snoozes: [{ dealKey: makeSnapshot().key, ruleId: 'close-date-past', reason: 'customer on holiday', until: daysFromToday(7), createdAt: NOW.toISOString() }],
  }).verdict,
];
const validReplies = [{ ok: true, verdicts }, { ok: true, verdicts: [] }, { ok: true, verdicts: verdicts.map(({ snoozed: _snoozed, ...rest }) => rest) }];

/** Every path in a JSON value (object keys and array indexes), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  return [];
}

/** A deep copy of `value` with the thing at `path` replaced (or removed, for `undefined`). */
function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const segment of path.slice(0, -1)) at = at[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (by === undefined && !Array.isArray(at)) delete at[last];
  else at[last] = by;
  return copy;
}

const anyValue = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('info', 'warning', 'critical', 'fatal', '', 'ab', 'x'.repeat(301)),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()), { maxKeys: 2 }),
);

describe('snapshotReplySchema (zod/mini) agrees with the classic one', () => {
  it.each(validReplies.map((reply, index) => [index, reply] as const))('accepts valid reply %i and gives the same data (snoozed defaults to [])', (_index, reply) => {
    const result = expectSameReading(classicSnapshotReplySchema, snapshotReplySchema, reply);
    expect(result.ok).toBe(true);
  });

  it('has real verdicts to compare: findings, cannot-check and snoozed findings', () => {
    expect(verdicts.some((verdict) => verdict.findings.length > 0)).toBe(true);
    expect(verdicts.some((verdict) => verdict.cannotCheck.length > 0)).toBe(true);
    expect(verdicts.some((verdict) => verdict.snoozed.length > 0)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['an error reply', { ok: false, error: 'database closed' }],
    ['no verdicts', { ok: true }],
    ['verdicts not a list', { ok: true, verdicts: verdicts[0] }],
    ['a verdict with an unknown severity', { ok: true, verdicts: [{ ...verdicts[0]!, findings: [{ ruleId: 'x', messageId: 'y', data: {}, severity: 'fatal' }] }] }],
    ['a score above 100', { ok: true, verdicts: [{ ...verdicts[0]!, hygiene: { value: 101, parts: [] } }] }],
    ['a score of NaN', { ok: true, verdicts: [{ ...verdicts[0]!, hygiene: { value: Number.NaN, parts: [] } }] }],
    ['a deal key too short', { ok: true, verdicts: [{ ...verdicts[0]!, dealKey: 'ab' }] }],
    ['message data with an object', { ok: true, verdicts: [{ ...verdicts[0]!, findings: [{ ruleId: 'x', messageId: 'y', data: { n: {} }, severity: 'info' }] }] }],
    ['a snoozed finding without its reason', { ok: true, verdicts: [{ ...verdicts[3]!, snoozed: [{ ...verdicts[3]!.snoozed[0]!, reason: undefined }] }] }],
    ['qualification missing', { ok: true, verdicts: [{ ...verdicts[0]!, qualification: undefined }] }],
  ])('refuses %s, with the same issues at the same paths', (_what, reply) => {
    const result = expectSameReading(classicSnapshotReplySchema, snapshotReplySchema, reply);
    expect(result.ok).toBe(false);
    // Each mistake inside the reply is reported where it is.
    const { issues } = reading(snapshotReplySchema, reply) as { issues: { path: PropertyKey[] }[] };
    expect(issues.length).toBeGreaterThan(0);
    if (typeof reply === 'object' && reply !== null && 'verdicts' in reply && Array.isArray(reply.verdicts)) {
      for (const issue of issues) expect(issue.path.slice(0, 2)).toEqual(['verdicts', 0]);
    }
  });

  it('agrees when any one part of a valid reply is replaced or removed (fast-check)', () => {
    const reply = validReplies[0]!;
    const paths = pathsOf(reply);
    fc.assert(
      fc.property(fc.constantFrom(...paths), anyValue, (path, value) => {
        expectSameReading(classicSnapshotReplySchema, snapshotReplySchema, replaced(reply, path, value));
      }),
      { numRuns: 600 },
    );
  });

  it('gives the controller the same types', () => {
    expectTypeOf<zMini.output<typeof verdictMiniSchema>>().toEqualTypeOf<Verdict>();
    expectTypeOf<zMini.output<typeof snapshotReplySchema>>().toEqualTypeOf<z.output<typeof classicSnapshotReplySchema>>();
    expect(reading(verdictMiniSchema, verdicts[0])).toEqual(reading(verdictSchema, verdicts[0]));
  });
});

describe('readWithMappingRequestSchema (zod/mini) agrees with the classic one', () => {
  it.each<[string, unknown]>([
    ['a request', { type: READ_WITH_MAPPING, mapping: { id: 'x' } }],
    ['a request whose mapping is anything', { type: READ_WITH_MAPPING, mapping: 'not a mapping' }],
    ['a request without a mapping (checked later, with its path)', { type: READ_WITH_MAPPING }],
    ['another message', { type: 'cs-bg:snapshot', mapping: {} }],
    ['an extra key', { type: READ_WITH_MAPPING, mapping: {}, tabId: 3 }],
    ['no type', { mapping: {} }],
    ['not an object', READ_WITH_MAPPING],
    ['null', null],
  ])('%s', (_what, input) => {
    expectSameReading(classicReadWithMappingRequestSchema, readWithMappingRequestSchema, input);
  });

  it('agrees on random messages (fast-check)', () => {
    const message = fc.record(
      { type: fc.oneof(fc.constant(READ_WITH_MAPPING), fc.string({ maxLength: 30 })), mapping: anyValue, other: anyValue },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(message, anyValue), (input) => {
        expectSameReading(classicReadWithMappingRequestSchema, readWithMappingRequestSchema, input);
      }),
      { numRuns: 300 },
    );
  });
});
