/**
 * A rule tester in ESLint's spirit: a rule and its cases in, one vitest `it` per case out.
 *
 *   ruleTester.run(rule, {
 *     valid: [{ deal: makeDeal({ closeDate: '2026-03-10' }) }],
 *     invalid: [{ deal: makeDeal({ closeDate: '2026-03-09' }), findings: [{ messageId: 'passed', data: {...}, field: 'closeDate' }] }],
 *     cannotCheck: [{ deal: makeDeal({ closeDate: unknown('not on the page') }), fields: ['closeDate'] }],
 *   });
 *
 * Besides the expected result, every case checks what each rule owes the engine: the check is pure (the deal
 * is frozen, two runs give the same result), message ids are declared in `meta.messages`, findings fit the
 * verdict schema, and every `{placeholder}` of the message's English and Danish text is in its data.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dealSnapshotSchema, FIELD_NAMES } from '../../../src/model/deal';
import type { CanonicalStage, DealFields, DealSnapshot, FieldName } from '../../../src/model/deal';
import { empty, known, unknown } from '../../../src/model/field';
import type { FieldValue } from '../../../src/model/field';
import { findingSchema } from '../../../src/model/verdict';
import type { Severity } from '../../../src/model/verdict';
import { ruleMessageKey } from '../../../src/rules/types';
import type { Rule, RuleResult } from '../../../src/rules/types';
import { deriveHistoryFacts } from '../../../src/history/facts';
import type { Framework, QualificationContext } from '../../../src/qualification/types';

export { empty, known, unknown };

export const ROOT = resolve(__dirname, '../../..');

/** The day the default deal is "read" on: every date in `makeDeal()` is sensible relative to it. */
export const DEFAULT_TODAY = '2026-03-10';

type Value<F> = F extends FieldValue<infer T> ? T : never;
/** Per field: a tri-state field value, or just the value (taken as read from the page). */
export type DealOverrides = { [K in FieldName]?: DealFields[K] | Value<DealFields[K]> } & {
  snapshot?: Partial<Omit<DealSnapshot, 'fields'>>;
};

/** A healthy open deal in the propose stage, read on DEFAULT_TODAY: no rule fires on it. */
export function defaultFields(): DealFields {
  return {
    name: known('Acme Corp - 500 Seats', 'Acme Corp - 500 Seats'),
    amount: known({ value: 480_000, currency: 'USD' }, '$480,000.00'),
    stage: known({ label: 'Proposal/Price Quote', canonical: 'propose' }, 'Proposal/Price Quote'),
    probability: known(60, '60%'),
    forecastCategory: known('Best Case', 'Best Case'),
    closeDate: known('2026-04-30', '4/30/2026'),
    createdDate: known('2026-01-12', '1/12/2026'),
    lastActivityDate: known('2026-03-06', '3/6/2026'),
    lastModifiedDate: known('2026-03-09', '3/9/2026'),
    nextStep: known({ text: 'Pricing review with the CFO', date: '2026-03-17' }, 'Pricing review with the CFO'),
    owner: known('Dana Seller', 'Dana Seller'),
    contacts: known({ count: 3, roles: ['Economic Buyer', 'Champion', 'Technical Buyer'] }, '3 contacts'),
    qualification: known({ pain: 'Manual reporting takes two days a month' }, 'Manual reporting takes two days a month'),
  };
}

const isFieldValue = (input: unknown): input is FieldValue<unknown> =>
  typeof input === 'object' && input !== null && 'state' in input && ['value', 'empty', 'unknown'].includes(String(input.state));

function rawOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) {
    if ('label' in value) return String(value.label);
    if ('text' in value) return String(value.text);
  }
  return JSON.stringify(value);
}

/** A valid DealSnapshot: the default deal with `overrides` applied, checked against the schema. */
export function makeDeal(overrides: DealOverrides = {}): DealSnapshot {
  const { snapshot = {}, ...fieldOverrides } = overrides;
  const fields: Record<string, unknown> = defaultFields();
  for (const [name, override] of Object.entries(fieldOverrides)) {
    if (!(FIELD_NAMES as string[]).includes(name)) throw new Error(`makeDeal: no field ${name}`);
    fields[name] = isFieldValue(override) ? override : known(override, rawOf(override));
  }
  const deal = {
    key: 'salesforce:acme.lightning.force.com:006Hs00001AbCdEIAX',
    crm: 'salesforce',
    url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006Hs00001AbCdEIAX/view',
    capturedAt: `${DEFAULT_TODAY}T09:00:00.000Z`,
    source: 'page',
    ...snapshot,
    fields,
  };
  const parsed = dealSnapshotSchema.safeParse(deal);
  if (!parsed.success) throw new Error(`makeDeal built an invalid deal: ${parsed.error.message}`);
  return parsed.data;
}

/** A small framework for rule tests; the real ones live in src/qualification/. */
export const TEST_FRAMEWORK: Framework = {
  id: 'test',
  name: 'Test',
  criteria: ['need', 'timeline', 'economic-buyer'].map((id) => ({
    id,
    label: { en: id, da: id },
    questions: { en: [`${id}?`], da: [`${id}?`] },
    evidence: { en: id, da: id },
    fieldHints: [],
  })),
  requiredByStage: { prospect: [], qualify: ['need'], develop: ['need', 'timeline'], propose: ['need', 'timeline', 'economic-buyer'], commit: ['need', 'timeline', 'economic-buyer'] },
};

/** Nothing answered, nothing required: rules that do not look at qualification see a neutral context. */
export function defaultQualification(overrides: Partial<QualificationContext> = {}): QualificationContext {
  return {
    framework: TEST_FRAMEWORK,
    record: null,
    evidence: {},
    missingRequired: [],
    required: [],
    score: { value: 0, parts: [] },
    ...overrides,
  };
}

/** A stage as read: `stage('commit')`, or an unmapped label `stage('Negotiation/Review', null)`. */
export function stage(canonical: CanonicalStage | null, label?: string) {
  const text = label ?? (canonical ? canonical[0]!.toUpperCase() + canonical.slice(1) : 'Unmapped');
  return known({ label: text, canonical }, text);
}

/** An unmapped stage label: shown on the page, unknown to the stage mapping. */
export const unmappedStage = (label: string) => known({ label, canonical: null }, label);

/** The ISO date `days` days before (negative: after) `today`. */
export function daysAgo(days: number, today = DEFAULT_TODAY): string {
  const date = new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export interface RuleTestCase<Options> {
  /** Shown as the test's name; without it a name is made from the fields that differ from the default deal. */
  name?: string;
  deal: DealSnapshot;
  /** Earlier snapshots of the same deal (any order); history facts are derived from them and `deal`. */
  history?: DealSnapshot[];
  /** Replaces the default qualification context (the test framework, nothing answered). */
  qualification?: QualificationContext;
  /** YYYY-MM-DD; default DEFAULT_TODAY. */
  today?: string;
  /** Merged over the rule's defaults by the rule's own schema (`meta.options.parse`). */
  options?: DeepPartial<Options>;
}

export interface ExpectedFinding {
  messageId: string;
  data: Record<string, string | number>;
  field?: FieldName;
  /** The finding's severity before any user setting; omitted means the rule's default severity. */
  severity?: Severity;
}

export interface InvalidCase<Options> extends RuleTestCase<Options> {
  findings: ExpectedFinding[];
}

export interface CannotCheckCase<Options> extends RuleTestCase<Options> {
  /** The fields the rule needed but could not read, in any order. */
  fields: FieldName[];
}

export interface RuleTests<Options> {
  valid: RuleTestCase<Options>[];
  invalid: InvalidCase<Options>[];
  cannotCheck: CannotCheckCase<Options>[];
}

type Messages = Record<string, { message: string } | undefined>;
const LOCALES = ['en', 'da'] as const;
let localeCache: Record<(typeof LOCALES)[number], Messages> | undefined;

export function localeMessages(): Record<(typeof LOCALES)[number], Messages> {
  localeCache ??= {
    en: JSON.parse(readFileSync(resolve(ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Messages,
    da: JSON.parse(readFileSync(resolve(ROOT, 'public/_locales/da/messages.json'), 'utf8')) as Messages,
  };
  return localeCache;
}

/** Names of the `{name}` and `{name|one|other}` placeholders in a message, as the translator reads them. */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)(?:\|[^|}]*\|[^|}]*)?\}/g)].map((match) => match[1]!))].sort();
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function short(field: FieldValue<unknown>): string {
  if (field.state === 'unknown') return '(unknown)';
  if (field.state === 'empty') return '(empty)';
  const { value } = field;
  if (typeof value === 'object' && value !== null && 'label' in value && 'canonical' in value) {
    return value.canonical === null ? `"${String(value.label)}" (unmapped)` : String(value.canonical);
  }
  if (typeof value === 'object' && value !== null && 'text' in value) return JSON.stringify(value.text);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "closeDate=2026-03-09, stage=won, today 2026-03-10, options {...}": what makes the case different. */
export function describeCase(testCase: RuleTestCase<unknown>): string {
  const defaults = defaultFields();
  const changed = FIELD_NAMES.filter((name) => JSON.stringify(testCase.deal.fields[name]) !== JSON.stringify(defaults[name])).map(
    (name) => `${name}=${short(testCase.deal.fields[name])}`,
  );
  const parts = [changed.length ? changed.join(', ') : 'default deal', `today ${testCase.today ?? DEFAULT_TODAY}`];
  if (testCase.options !== undefined) parts.push(`options ${JSON.stringify(testCase.options)}`);
  return parts.join(', ');
}

export class RuleTester {
  run<Options>(rule: Rule<Options>, tests: RuleTests<Options>): void {
    const { id, messages, severity: ruleSeverity } = rule.meta;

    const check = (testCase: RuleTestCase<Options>): RuleResult => {
      const today = testCase.today ?? DEFAULT_TODAY;
      expect(today, 'today must be YYYY-MM-DD').toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const options = rule.meta.options.parse(testCase.options ?? {});
      const deal = deepFreeze(structuredClone(testCase.deal));
      const context = {
        now: new Date(`${today}T12:00:00Z`),
        today,
        options,
        history: deriveHistoryFacts(testCase.history ?? [], deal, today),
        qualification: testCase.qualification ?? defaultQualification(),
      };
      const result = rule.check(deal, context);
      expect(rule.check(deal, context), 'a rule is pure: the same deal and context give the same result').toEqual(result);
      return result;
    };

    const name = (kind: string, testCase: RuleTestCase<Options>, outcome: string) =>
      `${kind}: ${testCase.name ?? describeCase(testCase as RuleTestCase<unknown>)} → ${outcome}`;

    describe(`rule ${id}`, () => {
      it('has valid, invalid and cannot-check cases', () => {
        expect(tests.valid.length, 'valid cases').toBeGreaterThan(0);
        expect(tests.invalid.length, 'invalid cases').toBeGreaterThan(0);
        expect(tests.cannotCheck.length, 'cannot-check cases').toBeGreaterThan(0);
      });

      for (const testCase of tests.valid) {
        it(name('valid', testCase, 'no finding'), () => {
          expect(check(testCase)).toEqual({ kind: 'findings', findings: [] });
        });
      }

      for (const testCase of tests.invalid) {
        const outcome = testCase.findings.map((f) => `${f.messageId}${f.severity ? ` (${f.severity})` : ''}`).join(', ');
        it(name('invalid', testCase, outcome), () => {
          expect(testCase.findings.length, 'an invalid case expects at least one finding').toBeGreaterThan(0);
          const result = check(testCase);
          expect(result.kind, 'result kind').toBe('findings');
          if (result.kind !== 'findings') return;
          const actual = result.findings.map((finding) => ({
            messageId: finding.messageId,
            data: finding.data,
            field: finding.field,
            severity: finding.severity ?? ruleSeverity,
          }));
          const expected = testCase.findings.map((finding) => ({
            messageId: finding.messageId,
            data: finding.data,
            field: finding.field,
            severity: finding.severity ?? ruleSeverity,
          }));
          expect(actual).toEqual(expected);
          const locales = localeMessages();
          for (const finding of result.findings) {
            expect(messages, `messageId ${finding.messageId} is declared in meta.messages`).toContain(finding.messageId);
            expect(() => findingSchema.parse({ ...finding, ruleId: id, severity: finding.severity ?? ruleSeverity })).not.toThrow();
            for (const lang of LOCALES) {
              const text = locales[lang][ruleMessageKey(id, finding.messageId)]?.message ?? '';
              for (const placeholder of placeholders(text)) {
                expect(finding.data, `${lang} text of ${finding.messageId} needs {${placeholder}}`).toHaveProperty(placeholder);
              }
            }
          }
        });
      }

      for (const testCase of tests.cannotCheck) {
        it(name('cannot check', testCase, `needs ${testCase.fields.join(', ')}`), () => {
          const result = check(testCase);
          expect(result.kind, 'result kind').toBe('cannot-check');
          if (result.kind !== 'cannot-check') return;
          expect([...result.fields].sort()).toEqual([...testCase.fields].sort());
          expect(new Set(result.fields).size, 'each field once').toBe(result.fields.length);
        });
      }
    });
  }
}

export const ruleTester = new RuleTester();
