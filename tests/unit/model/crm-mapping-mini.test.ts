import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { crmMappingSchema, parseCrmMapping, readStoredCustomCrms, type CrmMapping, type CrmMappingInput } from '../../../src/model/crm-mapping';
import { mappingIssues } from '../../../src/model/crm-mapping-base';
import {
  crmMappingMiniSchema,
  parseCrmMapping as parseCrmMappingMini,
  readStoredCustomCrms as readStoredCustomCrmsMini,
} from '../../../src/model/crm-mapping-mini';
import { presets } from '../../../src/adapters/presets';
import type { z as zMini } from '../../../src/model/zod-mini';

/**
 * The content script checks custom CRM mappings with a zod/mini copy of the classic schema (issue #6: zod classic
 * stays out of the content script). The two must accept and refuse the same mappings, produce the same mapping,
 * and word their errors the same, path included: what "Test on this tab" shows must not depend on which side read it.
 */

const valid: CrmMappingInput = {
  id: 'acme-crm',
  name: 'Acme CRM',
  matches: ['https://crm.acme.test/*', 'http://127.0.0.1:8000/*'],
  recordId: { pattern: '/deals/(\\d+)' },
  fields: {
    name: { selector: 'h1.deal-title' },
    amount: { labels: ['Amount', 'Beløb'] },
    closeDate: { labels: [' Close date '] },
  },
  qualification: { 'economic-buyer': { labels: ['Economic buyer'] }, 'identify-pain': { selector: '#pain' } },
  stageMapping: { ' Proposal Sent ': 'propose', Won: 'won' },
  locale: ' da-DK ',
  dateOrder: 'dmy',
  currency: 'DKK',
};

/** Valid mappings: the presets as shipped, a full one, a minimal one. */
const validMappings: unknown[] = [
  ...presets,
  valid,
  { id: 'x', name: 'X', matches: ['*://*.x.test/*'], recordId: { pattern: '#/(\\w+)$' } },
];

const withField = (patch: Record<string, unknown>) => ({ ...valid, ...patch });

/** Invalid mappings, one mistake each (and a few with several), covering every check of the schema. */
const invalidMappings: [string, unknown][] = [
  ['not an object', 'acme'],
  ['null', null],
  ['a list', [valid]],
  ['empty object', {}],
  ['unknown top-level key', withField({ colour: 'red' })],
  ['id with capitals', withField({ id: 'Acme' })],
  ['id too long', withField({ id: `a${'b'.repeat(41)}` })],
  ['id a number', withField({ id: 7 })],
  ['blank name', withField({ name: '   ' })],
  ['name too long', withField({ name: 'n'.repeat(101) })],
  ['no match patterns', withField({ matches: [] })],
  ['matches not a list', withField({ matches: 'https://crm.acme.test/*' })],
  ['too many match patterns', withField({ matches: Array.from({ length: 21 }, (_, i) => `https://crm${i}.acme.test/*`) })],
  ['<all_urls>', withField({ matches: ['<all_urls>'] })],
  ['a blank match pattern', withField({ matches: ['  '] })],
  ['a file: pattern', withField({ matches: ['file:///home/*'] })],
  ['a pattern without a path', withField({ matches: ['https://crm.acme.test'] })],
  ['a pattern with a bad port', withField({ matches: ['https://crm.acme.test:99999/*'] })],
  ['a pattern too long', withField({ matches: [`https://crm.acme.test/${'p'.repeat(500)}`] })],
  ['recordId missing', withField({ recordId: undefined })],
  ['recordId with an unknown key', withField({ recordId: { pattern: '(\\d+)', flags: 'i' } })],
  ['record id pattern blank', withField({ recordId: { pattern: '' } })],
  ['record id pattern without a group', withField({ recordId: { pattern: '/deals/\\d+' } })],
  ['record id pattern with two groups', withField({ recordId: { pattern: '/(deals)/(\\d+)' } })],
  ['record id pattern that does not compile', withField({ recordId: { pattern: '/deals/(\\d+' } })],
  ['fields not an object', withField({ fields: ['name'] })],
  ['an unknown deal field', withField({ fields: { colour: { selector: '.c' } } })],
  ['qualification as a field', withField({ fields: { qualification: { selector: '.q' } } })],
  ['a locator with both', withField({ fields: { name: { labels: ['Name'], selector: 'h1' } } })],
  ['a locator with neither', withField({ fields: { name: {} } })],
  ['a locator with an unknown key', withField({ fields: { name: { label: 'Name' } } })],
  ['no label texts', withField({ fields: { name: { labels: [] } } })],
  ['a blank label', withField({ fields: { name: { labels: ['Name', '  '] } } })],
  ['too many labels', withField({ fields: { name: { labels: Array.from({ length: 21 }, (_, i) => `L${i}`) } } })],
  ['a label too long', withField({ fields: { name: { labels: ['l'.repeat(201)] } } })],
  ['a blank selector', withField({ fields: { name: { selector: ' ' } } })],
  ['a selector that does not parse', withField({ fields: { amount: { selector: 'div[' } } })],
  ['a selector a number', withField({ fields: { amount: { selector: 42 } } })],
  ['a criterion id with capitals', withField({ qualification: { EconomicBuyer: { labels: ['EB'] } } })],
  ['a criterion locator wrong', withField({ qualification: { 'economic-buyer': { labels: 'EB' } } })],
  ['too many criteria', withField({ qualification: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`c${i}`, { labels: ['x'] }])) })],
  ['an unknown canonical stage', withField({ stageMapping: { Proposal: 'proposal' } })],
  ['a blank stage label', withField({ stageMapping: { '  ': 'won' } })],
  ['too many stage labels', withField({ stageMapping: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`Stage ${i}`, 'qualify'])) })],
  ['a bad language tag', withField({ locale: 'english please' })],
  ['a language tag too long', withField({ locale: `en-${'x'.repeat(40)}` })],
  ['an unknown date order', withField({ dateOrder: 'myd' })],
  ['a lower-case currency', withField({ currency: 'dkk' })],
  ['a currency a number', withField({ currency: 208 })],
  [
    'several mistakes at once',
    withField({ id: '', name: '', matches: ['ftp://x/*', '*://*/*'], recordId: { pattern: '(' }, fields: { name: { labels: [''] }, colour: {} }, currency: 'kr' }),
  ],
];

/** Both sides' answer for one input: the mapping, or every error line (path: message). */
function bothReadings(input: unknown) {
  const classic = crmMappingSchema.safeParse(input);
  const mini = crmMappingMiniSchema.safeParse(input);
  return {
    classic: classic.success ? { ok: true, mapping: classic.data } : { ok: false, errors: mappingIssues(classic.error.issues) },
    mini: mini.success ? { ok: true, mapping: mini.data } : { ok: false, errors: mappingIssues(mini.error.issues) },
    rawIssues: {
      classic: classic.success ? [] : classic.error.issues.map(({ code, path, message }) => ({ code, path, message })),
      mini: mini.success ? [] : mini.error.issues.map(({ code, path, message }) => ({ code, path, message })),
    },
  };
}

describe('the zod/mini mapping schema agrees with the classic one', () => {
  it.each(validMappings.map((mapping, index) => [index, mapping] as const))('accepts valid mapping %i and reads it the same', (_index, mapping) => {
    const { classic, mini } = bothReadings(mapping);
    expect(classic.ok).toBe(true);
    expect(mini).toEqual(classic);
  });

  it.each(invalidMappings)('refuses %s, with the same errors and paths', (_what, mapping) => {
    const { classic, mini, rawIssues } = bothReadings(mapping);
    expect(classic.ok).toBe(false);
    expect(mini).toEqual(classic);
    expect(rawIssues.mini).toEqual(rawIssues.classic);
    // Clear errors that name where the problem is, never zod's bare "Invalid input" without a path.
    for (const line of (mini as { errors: string[] }).errors) expect(line).toMatch(/^[^:]+: .+/);
  });

  it('names the path of a nested mistake, as the classic schema does', () => {
    expect(parseCrmMappingMini(withField({ fields: { amount: { selector: 'div[' } } }))).toEqual({
      ok: false,
      errors: ['fields.amount.selector: "div[" is not a valid CSS selector'],
    });
    expect(parseCrmMappingMini(withField({ matches: ['https://crm.acme.test/*', 'ftp://x/*'] }), ['customCrms', 3])).toEqual(
      parseCrmMapping(withField({ matches: ['https://crm.acme.test/*', 'ftp://x/*'] }), ['customCrms', 3]),
    );
    expect(parseCrmMappingMini({ ...valid, currency: 'dkk' })).toEqual({ ok: false, errors: ['currency: expected a three-letter ISO currency code such as EUR'] });
  });

  it('agrees on mappings with random mistakes (fast-check)', () => {
    const anyValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }));
    const keys = ['id', 'name', 'matches', 'recordId', 'fields', 'qualification', 'stageMapping', 'locale', 'dateOrder', 'currency', 'extra'] as const;
    const locator = fc.oneof(
      fc.record({ labels: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }) }),
      fc.record({ selector: fc.constantFrom('h1', '.x', 'div[', '', ' #a > b ', '::nope') }),
      fc.record({ labels: fc.array(fc.string(), { maxLength: 1 }), selector: fc.string() }, { requiredKeys: [] }),
      anyValue,
    );
    const patch = fc.oneof(
      fc.record({ key: fc.constantFrom(...keys), value: anyValue }),
      fc.record({ key: fc.constant('matches'), value: fc.array(fc.constantFrom('https://a.test/*', '*://*/*', 'http://[::1]:80/x*', 'https://a b/*', 'x'), { maxLength: 4 }) }),
      fc.record({ key: fc.constant('fields'), value: fc.dictionary(fc.constantFrom('name', 'amount', 'stage', 'owner', 'qualification', 'colour'), locator, { maxKeys: 3 }) }),
      fc.record({ key: fc.constant('qualification'), value: fc.dictionary(fc.constantFrom('budget', 'economic-buyer', 'Bad Id', '9x'), locator, { maxKeys: 3 }) }),
      fc.record({ key: fc.constant('stageMapping'), value: fc.dictionary(fc.string({ maxLength: 8 }), fc.constantFrom('won', 'lost', 'qualify', 'maybe'), { maxKeys: 3 }) }),
      fc.record({ key: fc.constant('recordId'), value: fc.record({ pattern: fc.constantFrom('(\\d+)', '\\d+', '(a)(b)', '(', '') }) }),
      fc.record({ key: fc.constant('locale'), value: fc.constantFrom('da', 'en-US', ' de-DE ', 'xx-invalid-tag-!!', '', 'en_US') }),
    );
    fc.assert(
      fc.property(fc.array(patch, { minLength: 1, maxLength: 4 }), (patches) => {
        const input: Record<string, unknown> = { ...valid };
        for (const { key, value } of patches) input[key] = value;
        const { classic, mini, rawIssues } = bothReadings(input);
        expect(mini).toEqual(classic);
        expect(rawIssues.mini).toEqual(rawIssues.classic);
      }),
      { numRuns: 400 },
    );
  });

  it('reads stored custom CRMs the same: valid ones kept, broken and duplicate ones reported', () => {
    const stored = [valid, { ...valid, name: 'Duplicate' }, { id: 'broken' }, presets[0], 'nonsense'];
    expect(readStoredCustomCrmsMini(stored)).toEqual(readStoredCustomCrms(stored));
    expect(readStoredCustomCrmsMini(stored).mappings.map((mapping) => mapping.id)).toEqual(['acme-crm', presets[0]!.id]);
    expect(readStoredCustomCrmsMini('nonsense')).toEqual(readStoredCustomCrms('nonsense'));
    expect(readStoredCustomCrmsMini(undefined)).toEqual({ mappings: [], errors: [] });
  });

  it('gives the same mapping type', () => {
    expectTypeOf<zMini.output<typeof crmMappingMiniSchema>>().toEqualTypeOf<CrmMapping>();
    expectTypeOf<zMini.input<typeof crmMappingMiniSchema>>().toEqualTypeOf<CrmMappingInput>();
  });
});
