import { describe, expect, it } from 'vitest';
import {
  CRM_MAPPING_KIND,
  crmMappingFileName,
  crmMappingSchema,
  customCrmsSchema,
  exportCrmMapping,
  importCrmMapping,
  mappingIdFor,
  matchesPattern,
  matchPatternProblem,
  parseCrmMapping,
  readStoredCustomCrms,
  recordIdIn,
  recordIdPatternProblem,
  type CrmMapping,
  type CrmMappingInput,
} from '../../../src/model/crm-mapping';
import { presets } from '../../../src/adapters/presets';

const valid: CrmMappingInput = {
  id: 'acme-crm',
  name: 'Acme CRM',
  matches: ['https://crm.acme.test/*', 'http://127.0.0.1:8000/*'],
  recordId: { pattern: '/deals/(\\d+)' },
  fields: {
    name: { selector: 'h1.deal-title' },
    amount: { labels: ['Amount', 'Beløb'] },
  },
  stageMapping: { ' Proposal Sent ': 'propose' },
};

function errorsOf(input: unknown): string[] {
  const result = parseCrmMapping(input);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('match patterns', () => {
  it.each([
    'https://crm.example.com/*',
    'http://127.0.0.1/*',
    'http://127.0.0.1:8000/*',
    'http://localhost:*/*',
    '*://*.example.com/deals/*',
    'https://[::1]:8443/*',
    'https://crm.example.com/',
  ])('accepts %s', (pattern) => {
    expect(matchPatternProblem(pattern)).toBeNull();
  });

  it.each([
    ['<all_urls>', /every site/],
    ['*://*/*', /every site/],
    ['file:///home/*', /scheme must be http, https or \*/],
    ['ftp://files.example.com/*', /scheme/],
    ['https://crm.example.com', /path is missing/],
    ['crm.example.com/*', /expected <scheme>:\/\/<host>\/<path>/],
    ['https://crm.*.com/*', /\* in the host may only come first/],
    ['https://*crm.example.com/*', /\* in the host may only come first/],
    ['https:///*', /host is missing/],
    ['https://crm example.com/*', /no spaces|not a host name/],
    ['https://crm.example.com:99999/*', /port 99999 is out of range/],
    ['https://exa_mple.com/*', /not a host name/],
  ])('refuses %s with a reason', (pattern, reason) => {
    expect(matchPatternProblem(pattern)).toMatch(reason);
  });

  it('matches URLs as the browser does: scheme, host (and subdomains), port, path with query but not the fragment', () => {
    const url = (text: string) => new URL(text);
    expect(matchesPattern('*://*.example.com/deals/*', url('https://eu.crm.example.com/deals/42?tab=1#notes'))).toBe(true);
    expect(matchesPattern('*://*.example.com/deals/*', url('http://example.com/deals/42'))).toBe(true);
    expect(matchesPattern('*://*.example.com/deals/*', url('https://example.org/deals/42'))).toBe(false);
    expect(matchesPattern('*://*.example.com/deals/*', url('https://notexample.com/deals/42'))).toBe(false);
    expect(matchesPattern('https://crm.example.com/*', url('http://crm.example.com/x'))).toBe(false);
    expect(matchesPattern('http://127.0.0.1/*', url('http://127.0.0.1:8000/#acme/model/crm.opportunity/7'))).toBe(true);
    expect(matchesPattern('http://127.0.0.1:8000/*', url('http://127.0.0.1:8001/'))).toBe(false);
    expect(matchesPattern('https://crm.example.com/deals/*', url('https://crm.example.com/contacts/1'))).toBe(false);
    expect(matchesPattern('https://crm.example.com/index.php?module=Opportunities*', url('https://crm.example.com/index.php?module=Opportunities&record=9'))).toBe(true);
    // The fragment is never part of what a pattern sees.
    expect(matchesPattern('https://crm.example.com/*deals*', url('https://crm.example.com/#/deals/1'))).toBe(false);
  });
});

describe('record id pattern', () => {
  it('needs a regular expression that compiles, with exactly one capture group', () => {
    expect(recordIdPatternProblem('/deals/(\\d+)')).toBeNull();
    expect(recordIdPatternProblem('#(?:[^/]+)/model/crm\\.opportunity/(\\d+)')).toBeNull();
    expect(recordIdPatternProblem('/deals/(?<id>\\d+)')).toBeNull();
    expect(recordIdPatternProblem('/deals/\\d+')).toMatch(/exactly one capture group.*it has 0/);
    expect(recordIdPatternProblem('/(deals|orders)/(\\d+)')).toMatch(/it has 2.*\(\?: … \)/);
    expect(recordIdPatternProblem('/deals/(\\d+')).toMatch(/^not a valid regular expression/);
  });

  it('finds the id anywhere in the full URL, the #hash included', () => {
    expect(recordIdIn('#[^/]+/model/crm\\.opportunity/(\\d+)', 'http://127.0.0.1:8000/#acme/model/crm.opportunity/7')).toBe('7');
    expect(recordIdIn('/deals/(\\d+)', 'https://crm.example.com/deals/')).toBeNull();
    expect(recordIdIn('/deals/(\\d*)', 'https://crm.example.com/deals/x')).toBeNull(); // an empty id is none
  });
});

describe('crmMappingSchema', () => {
  it('accepts a mapping, fills in defaults and stores stage labels lower-cased and trimmed', () => {
    const mapping = crmMappingSchema.parse(valid);
    expect(mapping.qualification).toEqual({});
    expect(mapping.stageMapping).toEqual({ 'proposal sent': 'propose' });
    expect(mapping.fields.amount).toEqual({ labels: ['Amount', 'Beløb'] });
    // What it gives is valid input again: stored mappings are read with the same schema.
    expect(crmMappingSchema.parse(mapping)).toEqual(mapping);
  });

  it('names the path of every problem', () => {
    const errors = errorsOf({
      ...valid,
      id: 'Acme CRM',
      name: '  ',
      matches: ['https://crm.acme.test/*', '<all_urls>'],
      recordId: { pattern: '/deals/\\d+' },
      fields: { amount: { labels: [] }, colour: { selector: '.x' }, stage: { labels: ['Stage'], selector: '.stage' }, owner: {} },
      qualification: { 'Economic Buyer': { labels: ['EB'] } },
      stageMapping: { won: 'victory' },
      locale: 'not a locale!',
      dateOrder: 'dym',
      currency: 'kr',
      extra: true,
    });
    const has = (path: string, text: RegExp) => expect(errors.some((error) => error.startsWith(`${path}: `) && text.test(error)), `${path} ${text} in\n${errors.join('\n')}`).toBe(true);
    has('id', /lower-case letters/);
    has('name', /cannot be blank/);
    has('matches.1', /every site/);
    has('recordId.pattern', /exactly one capture group/);
    has('fields.amount.labels', /at least one label/);
    has('fields.colour', /not a deal field; known: name, amount/);
    has('fields.stage', /not both/);
    has('fields.owner', /either "labels".*or "selector"/);
    has('qualification.Economic Buyer', /criterion id/);
    has('stageMapping.won', /prospect/);
    has('locale', /language tag/);
    has('dateOrder', /dmy/);
    has('currency', /ISO currency code/);
    has('extra', /unknown key/);
  });

  it('refuses a CSS selector that does not parse (where there is a DOM to parse it)', () => {
    expect(errorsOf({ ...valid, fields: { amount: { selector: 'div[data-x=' } } })).toEqual(['fields.amount.selector: "div[data-x=" is not a valid CSS selector']);
  });

  it('does not map qualification as a field: evidence is mapped per criterion', () => {
    expect(errorsOf({ ...valid, fields: { qualification: { labels: ['Notes'] } } })[0]).toMatch(/^fields\.qualification: not a deal field/);
  });

  it('lists custom CRMs with unique ids', () => {
    const mapping = crmMappingSchema.parse(valid);
    expect(customCrmsSchema.safeParse([mapping, { ...mapping, name: 'Other' }]).error?.issues[0]?.path).toEqual([1, 'id']);
  });
});

describe('stored custom CRMs', () => {
  const good = crmMappingSchema.parse(valid);

  it('keeps every valid mapping when one is broken, and says which one and why', () => {
    const read = readStoredCustomCrms([good, { ...good, id: 'broken', matches: [] }, { ...good, name: 'Duplicate' }]);
    expect(read.mappings).toEqual([good]);
    expect(read.errors).toEqual(['customCrms.1.matches: give at least one URL pattern', 'customCrms.2.id: "acme-crm" is the id of another CRM']);
  });

  it('reads nothing stored as no CRMs, and something that is no list as an error', () => {
    expect(readStoredCustomCrms(undefined)).toEqual({ mappings: [], errors: [] });
    expect(readStoredCustomCrms({ id: 'x' }).errors).toEqual(['customCrms: expected a list of CRM mappings']);
  });
});

describe('ids and file names', () => {
  it('makes an id from the name that no other mapping has', () => {
    expect(mappingIdFor('Acme CRM')).toBe('acme-crm');
    expect(mappingIdFor('Søren & Ærø Salg')).toBe('soeren-aeroe-salg');
    expect(mappingIdFor('Acme CRM', ['acme-crm', 'acme-crm-2'])).toBe('acme-crm-3');
    expect(mappingIdFor('123 ***')).toBe('crm');
    expect(mappingIdFor('x'.repeat(80))).toMatch(/^x{34}$/);
    expect(crmMappingFileName({ name: 'Acme CRM', id: 'acme-crm' })).toBe('deal-hygiene-crm-acme-crm.json');
  });
});

describe('mapping files', () => {
  const mapping: CrmMapping = crmMappingSchema.parse(valid);

  it('exports a file that imports to the same mapping', () => {
    const json = exportCrmMapping(mapping, new Date('2026-03-01T09:00:00Z'));
    expect(JSON.parse(json)).toMatchObject({ kind: CRM_MAPPING_KIND, version: 1, exportedAt: '2026-03-01T09:00:00.000Z' });
    expect(importCrmMapping(json)).toEqual({ ok: true, mapping });
  });

  it('accepts a byte-order mark', () => {
    expect(importCrmMapping(`\uFEFF${exportCrmMapping(mapping)}`).ok).toBe(true);
  });

  it('reports errors inside the mapping by their path in the file', () => {
    const file = JSON.parse(exportCrmMapping(mapping));
    file.mapping.matches[0] = 'ftp://x/*';
    file.mapping.fields.amount = { selector: '' };
    expect(importCrmMapping(JSON.stringify(file))).toEqual({
      ok: false,
      errors: ['mapping.matches.0: the scheme must be http, https or * (both), not "ftp"', 'mapping.fields.amount.selector: the selector cannot be blank'],
    });
  });

  it('says where broken JSON is broken', () => {
    const result = importCrmMapping('{\n  "kind": "deal-hygiene-crm-mapping",\n  "version": 1,\n  mapping: {}\n}');
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^\(file\) line 4, column 3: not valid JSON/)] });
  });

  it('refuses other files with one clear error', () => {
    expect(importCrmMapping('')).toEqual({ ok: false, errors: ['(file): the file is empty'] });
    expect(importCrmMapping('[1]')).toEqual({ ok: false, errors: ['(root): expected an object (a Deal Hygiene CRM mapping)'] });
    expect(importCrmMapping('{"kind":"deal-hygiene-rule-pack","version":1}')).toEqual({
      ok: false,
      errors: ['kind: expected "deal-hygiene-crm-mapping": this is not a Deal Hygiene CRM mapping (this is a rule pack: import it under Rules)'],
    });
    expect(importCrmMapping(JSON.stringify({ kind: CRM_MAPPING_KIND, version: 2, mapping }))).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^version: this mapping is version 2, written by a newer Deal Hygiene/)],
    });
    expect(importCrmMapping(JSON.stringify({ kind: CRM_MAPPING_KIND, version: 1 }))).toEqual({ ok: false, errors: ['mapping: missing'] });
    expect(importCrmMapping(JSON.stringify({ kind: CRM_MAPPING_KIND, version: 1, mapping, note: 'hi' }))).toEqual({ ok: false, errors: ['note: unknown key'] });
  });
});

describe('presets', () => {
  it('are valid mappings with unique ids', () => {
    expect(presets.length).toBeGreaterThan(0);
    for (const preset of presets) expect(parseCrmMapping(preset)).toEqual({ ok: true, mapping: preset });
    expect(new Set(presets.map((preset) => preset.id)).size).toBe(presets.length);
  });
});
