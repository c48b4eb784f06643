import { describe, expect, it } from 'vitest';
import { defaultSettings, formatIssues, loadSettings, SETTINGS_VERSION, settingsSchema } from '../../../src/model/settings';
import { builtInFrameworksById } from '../../../src/qualification/frameworks';
import type { Framework } from '../../../src/qualification/types';
import { z } from 'zod';

function errorsOf(input: unknown): string[] {
  const loaded = loadSettings(input);
  expect(loaded.ok).toBe(false);
  return loaded.ok ? [] : loaded.errors;
}

function settingsOf(input: unknown) {
  const loaded = loadSettings(input);
  if (!loaded.ok) throw new Error(`expected valid settings, got: ${loaded.errors.join('; ')}`);
  return loaded.settings;
}

describe('settings', () => {
  it('defaults: current version, no rule overrides, no stage mapping, and valid by the schema', () => {
    const settings = defaultSettings();
    expect(settings).toEqual({
      version: SETTINGS_VERSION,
      rules: {},
      stageMapping: {},
      qualification: { framework: 'meddicc', requiredByStage: {}, customFrameworks: [] },
      quotas: [],
      privacy: { retentionDays: 365 },
    });
    expect('timeZone' in settings).toBe(false);
    expect(settingsSchema.parse(settings)).toEqual(settings);
    // A fresh object each time: callers may change it.
    expect(defaultSettings()).not.toBe(defaultSettings());
  });

  it('loads null and undefined as the defaults', () => {
    expect(settingsOf(null)).toEqual(defaultSettings());
    expect(settingsOf(undefined)).toEqual(defaultSettings());
  });

  it('fills defaults for what a stored object leaves out', () => {
    expect(settingsOf({ version: 1 })).toEqual(defaultSettings());
    expect(settingsOf({ version: 1, rules: { 'stale-record': {} } }).rules['stale-record']).toEqual({ enabled: true, options: {} });
  });

  it('migrates an unversioned object to version 1, keeping its content', () => {
    const settings = settingsOf({ rules: { 'close-date-past': { enabled: false } } });
    expect(settings.version).toBe(1);
    expect(settings.rules['close-date-past']?.enabled).toBe(false);
    expect(settingsOf({}).version).toBe(1);
  });

  it('does not change the object it was given', () => {
    const input = { rules: {} };
    settingsOf(input);
    expect(input).toEqual({ rules: {} });
  });

  it('rejects settings from a newer version with a message that says what to do', () => {
    const errors = errorsOf({ version: SETTINGS_VERSION + 1, rules: {} });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^version: /);
    expect(errors[0]).toContain(`version ${SETTINGS_VERSION + 1}`);
    expect(errors[0]).toContain('newer');
    expect(errors[0]).toMatch(/update the extension/i);
  });

  it('rejects a version that is not a whole number instead of guessing', () => {
    for (const version of ['1', 1.5, -1, null, true]) {
      const errors = errorsOf({ version });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^version: /);
    }
  });

  it('rejects a rule pack instead of loading it as the defaults', () => {
    const errors = errorsOf({ kind: 'deal-hygiene-rule-pack', version: 1, name: 'Team', settings: { rules: {} } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^kind: this is a rule pack/);
  });

  it('rejects what is not an object', () => {
    for (const input of ['settings', 42, true, [], [{ version: 1 }]]) expect(errorsOf(input)).toEqual(['(root): expected an object']);
  });

  it('reports each invalid part with its path', () => {
    const errors = errorsOf({
      version: 1,
      rules: {
        'stale-record': { enabled: 'yes', severity: 'blocker' },
        'close-date-past': 'off',
      },
      stageMapping: {
        salesforce: { 'closed won': 'victory' },
        notacrm: { x: 'won' },
      },
    });
    expect(errors.some((error) => error.startsWith('rules.stale-record.enabled: '))).toBe(true);
    expect(errors.some((error) => error.startsWith('rules.stale-record.severity: '))).toBe(true);
    expect(errors.some((error) => error.startsWith('rules.close-date-past: '))).toBe(true);
    expect(errors.some((error) => error.startsWith('stageMapping.salesforce.closed won: '))).toBe(true);
    expect(errors.some((error) => error.startsWith('stageMapping.notacrm') || error.startsWith('stageMapping: '))).toBe(true);
    expect(errors.length).toBeGreaterThanOrEqual(5);
  });

  it('reports wrong top-level types with their paths', () => {
    const errors = errorsOf({ version: 1, rules: [], stageMapping: 'salesforce' });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^rules: /);
    expect(errors[1]).toMatch(/^stageMapping: /);
  });

  it('keeps rule options for the rule to check, and accepts a severity override', () => {
    const settings = settingsOf({ version: 1, rules: { 'stale-record': { severity: 'critical', options: { unmappedStageDays: 10 } } } });
    expect(settings.rules['stale-record']).toEqual({ enabled: true, severity: 'critical', options: { unmappedStageDays: 10 } });
  });

  it('stores stage labels as they are matched: trimmed and lower-cased', () => {
    const settings = settingsOf({ version: 1, stageMapping: { salesforce: { ' Negotiation/Review ': 'qualify', 'Deal Won': 'won' } } });
    expect(settings.stageMapping.salesforce).toEqual({ 'negotiation/review': 'qualify', 'deal won': 'won' });
  });

  it('reports two spellings of one stage label that map to different stages', () => {
    const errors = errorsOf({ version: 1, stageMapping: { hubspot: { Won: 'won', won: 'lost' } } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^stageMapping\.hubspot\./);
    expect(settingsOf({ version: 1, stageMapping: { hubspot: { Won: 'won', won: 'won' } } }).stageMapping.hubspot).toEqual({ won: 'won' });
  });

  it('rejects a blank stage label', () => {
    expect(errorsOf({ version: 1, stageMapping: { salesforce: { '   ': 'won' } } })[0]).toMatch(/^stageMapping\.salesforce\./);
  });
});

/** A small valid custom framework reusing built-in criteria (their ids carry the same meaning). */
function customFramework(overrides: Partial<Framework> = {}): Framework {
  const meddicc = builtInFrameworksById.get('meddicc')!;
  const bant = builtInFrameworksById.get('bant')!;
  return {
    id: 'our-way',
    name: 'Our way',
    criteria: [meddicc.criteria[1]!, bant.criteria[0]!, { ...bant.criteria[3]!, fieldHints: [] }],
    requiredByStage: { prospect: [], qualify: ['timeline'], develop: ['timeline', 'economic-buyer'], propose: ['timeline', 'economic-buyer', 'budget'], commit: ['timeline', 'economic-buyer', 'budget'] },
    ...overrides,
  };
}

describe('settings: qualification', () => {
  it('stored version 1 settings without the new fields still load, with the defaults', () => {
    const settings = settingsOf({ version: 1, rules: { 'stale-record': { enabled: false } }, stageMapping: { hubspot: { won: 'won' } } });
    expect(settings.qualification).toEqual({ framework: 'meddicc', requiredByStage: {}, customFrameworks: [] });
    expect(settings.quotas).toEqual([]);
    expect(settings.timeZone).toBeUndefined();
    expect(settings.rules['stale-record']?.enabled).toBe(false);
    expect(settingsOf({ version: 1, qualification: {} }).qualification).toEqual(defaultSettings().qualification);
  });

  it('accepts every built-in framework, per-stage overrides and custom frameworks', () => {
    for (const framework of ['meddicc', 'meddpicc', 'bant', 'spiced']) expect(settingsOf({ version: 1, qualification: { framework } }).qualification.framework).toBe(framework);
    const settings = settingsOf({
      version: 1,
      qualification: { framework: 'our-way', customFrameworks: [customFramework()], requiredByStage: { bant: { qualify: ['need'] }, 'our-way': { commit: ['budget'] } } },
    });
    expect(settings.qualification.customFrameworks[0]?.id).toBe('our-way');
    expect(settings.qualification.requiredByStage).toEqual({ bant: { qualify: ['need'] }, 'our-way': { commit: ['budget'] } });
  });

  it('rejects a framework id no framework has', () => {
    const errors = errorsOf({ version: 1, qualification: { framework: 'meddic' } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^qualification\.framework: /);
    expect(errors[0]).toContain('meddicc');
  });

  it('rejects a custom framework whose id clashes with a built-in or another custom one', () => {
    expect(errorsOf({ version: 1, qualification: { customFrameworks: [customFramework({ id: 'bant' })] } })).toEqual([
      'qualification.customFrameworks.0.id: "bant" is a built-in framework; give yours another id',
    ]);
    const twice = errorsOf({ version: 1, qualification: { customFrameworks: [customFramework(), customFramework()] } });
    expect(twice).toHaveLength(1);
    expect(twice[0]).toMatch(/^qualification\.customFrameworks\.1\.id: /);
  });

  it('checks custom frameworks with frameworkSchema: required ids must exist, criterion ids unique, texts in en and da', () => {
    const framework = customFramework({ requiredByStage: { prospect: [], qualify: ['pain'], develop: [], propose: [], commit: [] } });
    expect(errorsOf({ version: 1, qualification: { customFrameworks: [framework] } })).toEqual([
      'qualification.customFrameworks.0.requiredByStage.qualify.0: "pain" is not a criterion of this framework',
    ]);
    const duplicate = customFramework();
    duplicate.criteria = [...duplicate.criteria, duplicate.criteria[0]!];
    expect(errorsOf({ version: 1, qualification: { customFrameworks: [duplicate] } })).toEqual([
      'qualification.customFrameworks.0.criteria.3.id: "economic-buyer" is used by another criterion of this framework',
    ]);
    const noDanish = customFramework();
    noDanish.criteria = [{ ...noDanish.criteria[0]!, label: { en: 'Buyer' } as never }];
    noDanish.requiredByStage = { prospect: [], qualify: [], develop: [], propose: [], commit: [] };
    expect(errorsOf({ version: 1, qualification: { customFrameworks: [noDanish] } })).toEqual(['qualification.customFrameworks.0.criteria.0.label.da: expected string, received undefined']);
  });

  it('rejects overrides for unknown frameworks, unknown stages and criteria the framework lacks, each with its path', () => {
    const errors = errorsOf({
      version: 1,
      qualification: { requiredByStage: { meddicc: { qualify: ['identify-pain', 'need'] }, bant: { comit: ['budget'] }, nope: { qualify: [] } } },
    });
    expect(errors).toContain('qualification.requiredByStage.bant.comit: unknown key');
    // Only once the shapes are right are the ids checked against the frameworks.
    const ids = errorsOf({ version: 1, qualification: { requiredByStage: { meddicc: { qualify: ['identify-pain', 'need'] }, nope: { qualify: [] } } } });
    expect(ids).toEqual(['qualification.requiredByStage.meddicc.qualify.1: "need" is not a criterion of meddicc', 'qualification.requiredByStage.nope: no framework has the id "nope"']);
  });

  it('reports wrong types in qualification with their paths', () => {
    const errors = errorsOf({ version: 1, qualification: { framework: 7, requiredByStage: [], customFrameworks: {} } });
    expect(errors).toEqual([
      'qualification.framework: expected string, received number',
      'qualification.requiredByStage: expected record, received array',
      'qualification.customFrameworks: expected array, received object',
    ]);
  });
});

describe('settings: quotas and time zone', () => {
  const quota = { owner: 'Dana Seller', period: '2026-Q3', amount: 400_000, currency: 'EUR' };

  it('accepts quotas by year, quarter and month, trimming the owner', () => {
    const settings = settingsOf({ version: 1, quotas: [quota, { ...quota, period: '2026' }, { ...quota, period: '2026-07', owner: '  Sam Rep ' }] });
    expect(settings.quotas).toHaveLength(3);
    expect(settings.quotas[2]?.owner).toBe('Sam Rep');
  });

  it('rejects bad periods, amounts and currencies with their paths', () => {
    const errors = errorsOf({
      version: 1,
      quotas: [
        { ...quota, period: '2026-Q5' },
        { ...quota, period: '2026-13' },
        { ...quota, period: 'Q3 2026' },
        { ...quota, amount: -1 },
        { ...quota, amount: '400000' },
        { ...quota, currency: 'eur' },
        { ...quota, owner: '   ' },
      ],
    });
    expect(errors).toHaveLength(7);
    expect(errors[0]).toBe('quotas.0.period: expected a period as YYYY-Qn, YYYY-MM or YYYY');
    expect(errors[1]).toMatch(/^quotas\.1\.period: /);
    expect(errors[2]).toMatch(/^quotas\.2\.period: /);
    expect(errors[3]).toMatch(/^quotas\.3\.amount: /);
    expect(errors[4]).toBe('quotas.4.amount: expected number, received string');
    expect(errors[5]).toMatch(/^quotas\.5\.currency: /);
    expect(errors[6]).toMatch(/^quotas\.6\.owner: /);
  });

  it('rejects two quotas for one owner and period (owner compared ignoring case and spaces)', () => {
    const errors = errorsOf({ version: 1, quotas: [quota, { ...quota, owner: 'dana  seller', amount: 1 }] });
    expect(errors).toEqual(['quotas.1: dana  seller already has a quota for 2026-Q3 (quotas.0)']);
    // A year and one of its quarters may both be set.
    expect(settingsOf({ version: 1, quotas: [quota, { ...quota, period: '2026' }] }).quotas).toHaveLength(2);
  });

  it('accepts an IANA time zone and rejects anything else', () => {
    expect(settingsOf({ version: 1, timeZone: 'Europe/Copenhagen' }).timeZone).toBe('Europe/Copenhagen');
    expect(settingsOf({ version: 1, timeZone: 'UTC' }).timeZone).toBe('UTC');
    for (const timeZone of ['Europe/Kopenhagen', 'CEST+1', '', 42]) {
      const errors = errorsOf({ version: 1, timeZone });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^timeZone: /);
    }
  });
});

describe('privacy settings', () => {
  it('keeps history for a year unless the user chose otherwise', () => {
    expect(settingsOf({ version: 1 }).privacy).toEqual({ retentionDays: 365 });
    expect(settingsOf({ version: 1, privacy: {} }).privacy).toEqual({ retentionDays: 365 });
    expect(settingsOf({ version: 1, privacy: { retentionDays: 90 } }).privacy).toEqual({ retentionDays: 90 });
  });

  it('accepts 30 days to 10 years in whole days and names the path of anything else', () => {
    expect(settingsOf({ version: 1, privacy: { retentionDays: 30 } }).privacy.retentionDays).toBe(30);
    expect(settingsOf({ version: 1, privacy: { retentionDays: 3650 } }).privacy.retentionDays).toBe(3650);
    for (const retentionDays of [29, 3651, 90.5, '90', null]) {
      const errors = errorsOf({ version: 1, privacy: { retentionDays } });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^privacy\.retentionDays: /);
    }
  });
});

describe('formatIssues', () => {
  it('puts the prefix before the path, drops zod\'s "Invalid input: " and names each unknown key at its own path', () => {
    const schema = z.object({ a: z.object({ b: z.number() }).strict() });
    const parsed = schema.safeParse({ a: { b: 'x', c: 1, d: 2 } });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(formatIssues(parsed.error.issues, 'settings')).toEqual(['settings.a.b: expected number, received string', 'settings.a.c: unknown key', 'settings.a.d: unknown key']);
    expect(formatIssues(z.number().safeParse('x').error!.issues)).toEqual(['(root): expected number, received string']);
  });
});
