import { describe, expect, it } from 'vitest';
import {
  exportRulePack,
  importRulePack,
  locateJsonError,
  RULE_PACK_KIND,
  rulePackFileName,
  type RulePackImport,
} from '../../../src/model/rule-pack';
import { defaultSettings, loadSettings, type Settings } from '../../../src/model/settings';
import { builtInFrameworksById } from '../../../src/qualification/frameworks';
import { rulesById } from '../../../src/rules';

const EXPORTED_AT = new Date('2026-03-01T09:00:00.000Z');

function settingsOf(input: Record<string, unknown>): Settings {
  const loaded = loadSettings({ version: 1, ...input });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

/** A manager's settings: rule overrides, a stage mapping, a custom framework — and their own quotas and time zone. */
function managerSettings(): Settings {
  const meddicc = builtInFrameworksById.get('meddicc')!;
  return settingsOf({
    rules: {
      'stale-record': { severity: 'critical', options: { maxDaysByStage: { commit: 5 }, criticalMultiple: 3 } },
      'close-date-past': { enabled: false },
    },
    stageMapping: { salesforce: { 'negotiation/review': 'commit' }, hubspot: { 'decision maker bought-in': 'propose' } },
    qualification: {
      framework: 'lean',
      requiredByStage: { meddicc: { qualify: ['identify-pain', 'metrics'] } },
      customFrameworks: [
        {
          id: 'lean',
          name: 'Lean',
          criteria: [meddicc.criteria[1], meddicc.criteria[4]],
          requiredByStage: { prospect: [], qualify: ['identify-pain'], develop: ['identify-pain', 'economic-buyer'], propose: [], commit: [] },
        },
      ],
    },
    quotas: [{ owner: 'Mia Manager', period: '2026-Q2', amount: 1_000_000, currency: 'DKK' }],
    timeZone: 'Europe/Copenhagen',
  });
}

/** A rep's own settings: quotas, time zone and retention period that a pack must never touch. */
function repSettings(): Settings {
  return settingsOf({
    rules: { 'next-step-missing': { enabled: false } },
    quotas: [{ owner: 'Dana Seller', period: '2026-Q2', amount: 250_000, currency: 'EUR' }],
    timeZone: 'America/New_York',
    privacy: { retentionDays: 90 },
  });
}

function pack(settings: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ kind: RULE_PACK_KIND, version: 1, name: 'Team pack', exportedAt: EXPORTED_AT.toISOString(), settings, ...extra });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Imports onto a frozen copy of the rep's settings and checks the rep's settings were not touched. */
function importOnto(json: string, current: Settings = repSettings()): RulePackImport {
  const before = structuredClone(current);
  const result = importRulePack(json, deepFreeze(current));
  expect(current).toEqual(before);
  return result;
}

function errorsOf(json: string): string[] {
  const result = importOnto(json);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

describe('exportRulePack', () => {
  it('writes kind, version, name, description, export time and the shareable settings only', () => {
    const json = exportRulePack(managerSettings(), '  Nordic team  ', { description: 'Our defaults for 2026', now: EXPORTED_AT });
    const written = JSON.parse(json);
    expect(Object.keys(written)).toEqual(['kind', 'version', 'name', 'description', 'exportedAt', 'settings']);
    expect(written).toMatchObject({ kind: 'deal-hygiene-rule-pack', version: 1, name: 'Nordic team', description: 'Our defaults for 2026', exportedAt: '2026-03-01T09:00:00.000Z' });
    expect(Object.keys(written.settings)).toEqual(['rules', 'stageMapping', 'qualification']);
    expect(json).not.toContain('Mia Manager');
    expect(json).not.toContain('Europe/Copenhagen');
    expect(json.endsWith('\n')).toBe(true);
  });

  it('leaves out settings for rules this version does not know, and a blank description', () => {
    const settings = { ...managerSettings(), rules: { ...managerSettings().rules, 'from-the-future': { enabled: true, options: {} } } };
    const written = JSON.parse(exportRulePack(settings, 'Pack', { description: '  ', now: EXPORTED_AT }));
    expect(Object.keys(written.settings.rules).sort()).toEqual(['close-date-past', 'stale-record']);
    expect('description' in written).toBe(false);
  });

  it('refuses a blank or over-long name', () => {
    expect(() => exportRulePack(defaultSettings(), '   ')).toThrow(RangeError);
    expect(() => exportRulePack(defaultSettings(), 'x'.repeat(101))).toThrow(RangeError);
  });

  it('suggests a safe file name', () => {
    expect(rulePackFileName('Nordic team – Q3/2026')).toBe('deal-hygiene-nordic-team-q3-2026.json');
    expect(rulePackFileName('Sælgere i Århus')).toBe('deal-hygiene-saelgere-i-aarhus.json');
    expect(rulePackFileName('***')).toBe('deal-hygiene-rule-pack.json');
  });
});

describe('importRulePack', () => {
  it('round trip: the shareable settings arrive as exported; the rep keeps quotas and time zone', () => {
    const manager = managerSettings();
    const result = importOnto(exportRulePack(manager, 'Nordic team', { now: EXPORTED_AT }));
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.settings).toEqual({ ...repSettings(), rules: manager.rules, stageMapping: manager.stageMapping, qualification: manager.qualification });
    expect(result.pack.name).toBe('Nordic team');
    // The rep's own rule override is replaced: a pack is the team's standard.
    expect(result.settings.rules['next-step-missing']).toBeUndefined();
    // Importing the same pack again gives the same settings.
    const again = importOnto(exportRulePack(result.settings, 'Nordic team', { now: EXPORTED_AT }), result.settings);
    expect(again.ok && again.settings).toEqual(result.settings);
  });

  it('round trip of the defaults', () => {
    const result = importOnto(exportRulePack(defaultSettings(), 'Defaults'), defaultSettings());
    expect(result).toMatchObject({ ok: true, settings: defaultSettings() });
  });

  it('keeps what the pack leaves out: a pack with only rules changes only rules', () => {
    const result = importOnto(pack({ rules: { 'stale-record': { options: { unmappedStageDays: 20 } } } }));
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.settings.rules).toEqual({ 'stale-record': { enabled: true, options: { unmappedStageDays: 20 } } });
    expect(result.settings.stageMapping).toEqual(repSettings().stageMapping);
    expect(result.settings.qualification).toEqual(repSettings().qualification);
  });

  it('stores rule options as written (defaults keep following the extension) and stage labels as matched', () => {
    const result = importOnto(pack({ rules: { 'stale-record': { options: { maxDaysByStage: { commit: 5 } } } }, stageMapping: { salesforce: { ' Negotiation/Review ': 'commit' } } }));
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.settings.rules['stale-record']?.options).toEqual({ maxDaysByStage: { commit: 5 } });
    expect(result.settings.stageMapping).toEqual({ salesforce: { 'negotiation/review': 'commit' } });
  });

  it('accepts a pack without description or export time, and a byte-order mark', () => {
    expect(importOnto(`\uFEFF${JSON.stringify({ kind: RULE_PACK_KIND, version: 1, name: 'Bare', settings: {} })}`).ok).toBe(true);
  });

  describe('errors name their path, and nothing changes', () => {
    it('wrong option types: the path runs down into the option', () => {
      expect(errorsOf(pack({ rules: { 'stale-record': { options: { maxDaysByStage: { commit: '7' } } } } }))).toEqual([
        'settings.rules.stale-record.options.maxDaysByStage.commit: expected number, received string',
      ]);
    });

    it('options out of range, unknown options and several rules at once', () => {
      const errors = errorsOf(
        pack({
          rules: {
            'stale-record': { options: { maxDaysByStage: { develop: 0 }, criticalMultiple: 'twice', maxDaysBystage: {} } },
            'close-date-past': { options: { criticalAfterDays: 2.5 } },
          },
        }),
      );
      expect(errors).toHaveLength(3);
      expect(errors[0]).toMatch(/^settings\.rules\.stale-record\.options\.maxDaysByStage\.develop: /);
      expect(errors[1]).toBe('settings.rules.stale-record.options.criticalMultiple: expected number, received string');
      expect(errors[2]).toMatch(/^settings\.rules\.close-date-past\.options\.criticalAfterDays: /);
      // Once the values are right, the misspelt option is reported instead of silently ignored.
      expect(errorsOf(pack({ rules: { 'stale-record': { options: { maxDaysBystage: { commit: 5 }, maxDaysByStage: { comit: 5 } } } } }))).toEqual([
        'settings.rules.stale-record.options.maxDaysBystage: unknown option',
        'settings.rules.stale-record.options.maxDaysByStage.comit: unknown option',
      ]);
    });

    it('an unknown rule id, naming the rules this version knows', () => {
      const errors = errorsOf(pack({ rules: { 'stale-recrod': { enabled: false } } }));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^settings\.rules\.stale-recrod: unknown rule "stale-recrod"/);
      for (const id of rulesById.keys()) expect(errors[0]).toContain(id);
    });

    it('wrong rule settings: enabled, severity, options that are not an object', () => {
      const errors = errorsOf(pack({ rules: { 'stale-record': { enabled: 'yes', severity: 'blocker' }, 'close-date-past': { options: [] } } }));
      expect(errors).toEqual([
        'settings.rules.stale-record.enabled: expected boolean, received string',
        expect.stringMatching(/^settings\.rules\.stale-record\.severity: /),
        'settings.rules.close-date-past.options: expected record, received array',
      ]);
    });

    it('stage mapping: an unknown stage, an unknown CRM and two spellings of one label', () => {
      const errors = errorsOf(pack({ stageMapping: { salesforce: { 'closed won': 'victory' }, notacrm: { x: 'won' } } }));
      expect(errors.some((error) => error.startsWith('settings.stageMapping.salesforce.closed won: '))).toBe(true);
      expect(errors.some((error) => error.startsWith('settings.stageMapping.notacrm') || error.startsWith('settings.stageMapping: '))).toBe(true);
      const collision = errorsOf(pack({ stageMapping: { hubspot: { Won: 'won', won: 'lost' } } }));
      expect(collision).toHaveLength(1);
      expect(collision[0]).toMatch(/^settings\.stageMapping\.hubspot\.won: /);
    });

    it('qualification: unknown framework, clashing custom id, required ids the framework lacks', () => {
      expect(errorsOf(pack({ qualification: { framework: 'medic' } }))[0]).toMatch(/^settings\.qualification\.framework: no framework has the id "medic"/);
      const framework = { ...builtInFrameworksById.get('bant')!, name: 'My BANT' };
      expect(errorsOf(pack({ qualification: { customFrameworks: [framework] } }))).toEqual([
        'settings.qualification.customFrameworks.0.id: "bant" is a built-in framework; give yours another id',
      ]);
      expect(errorsOf(pack({ qualification: { requiredByStage: { spiced: { develop: ['champion'] } } } }))).toEqual([
        'settings.qualification.requiredByStage.spiced.develop.0: "champion" is not a criterion of spiced',
      ]);
    });

    it('personal settings and unknown keys in settings', () => {
      const errors = errorsOf(pack({ rules: {}, quotas: [], timeZone: 'UTC', privacy: { retentionDays: 30 }, rulez: {} }));
      expect(errors).toEqual([
        expect.stringMatching(/^settings\.quotas: quotas are personal/),
        expect.stringMatching(/^settings\.timeZone: the time zone is personal/),
        expect.stringMatching(/^settings\.privacy: how long history is kept is personal/),
        'settings.rulez: unknown key',
      ]);
    });

    it('the pack itself: name, version, settings, export time', () => {
      expect(errorsOf(JSON.stringify({ kind: RULE_PACK_KIND, version: 1, name: '  ', settings: {} }))).toEqual([expect.stringMatching(/^name: /)]);
      expect(errorsOf(JSON.stringify({ kind: RULE_PACK_KIND, name: 'x', settings: {} }))).toEqual([expect.stringMatching(/^version: /)]);
      expect(errorsOf(JSON.stringify({ kind: RULE_PACK_KIND, version: '1', name: 'x', settings: {} }))).toEqual([expect.stringMatching(/^version: /)]);
      expect(errorsOf(JSON.stringify({ kind: RULE_PACK_KIND, version: 1, name: 'x' }))).toEqual([expect.stringMatching(/^settings: /)]);
      expect(errorsOf(JSON.stringify({ kind: RULE_PACK_KIND, version: 1, name: 'x', settings: [] }))).toEqual([expect.stringMatching(/^settings: /)]);
      expect(errorsOf(pack({}, { exportedAt: 'yesterday' }))).toEqual([expect.stringMatching(/^exportedAt: /)]);
    });

    it('a newer pack: one error that says what to do', () => {
      const errors = errorsOf(JSON.stringify({ kind: RULE_PACK_KIND, version: 2, name: 'x', settings: { everything: 'new' } }));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^version: this rule pack is version 2, written by a newer Deal Hygiene/);
      expect(errors[0]).toMatch(/update the extension/i);
    });

    it('not a rule pack: one error naming kind', () => {
      expect(errorsOf(JSON.stringify({ name: 'x' }))).toEqual(['kind: expected "deal-hygiene-rule-pack", received nothing: this is not a Deal Hygiene rule pack']);
      expect(errorsOf(JSON.stringify({ version: 1, rules: {} }))[0]).toContain('looks like bare settings');
      expect(errorsOf(JSON.stringify({ kind: 'something-else' }))[0]).toMatch(/^kind: expected "deal-hygiene-rule-pack", received "something-else"/);
      for (const json of ['[]', '"pack"', '42', 'null']) expect(errorsOf(json)).toEqual(['(root): expected an object (a Deal Hygiene rule pack)']);
    });

    it('reports every problem at once', () => {
      const errors = errorsOf(
        JSON.stringify({
          kind: RULE_PACK_KIND,
          version: 1,
          name: '',
          settings: { rules: { nope: {}, 'stale-record': { options: { criticalMultiple: 0 } } }, qualification: { framework: 3 }, quotas: [] },
        }),
      );
      expect(errors.map((error) => error.slice(0, error.indexOf(':')))).toEqual([
        'settings.quotas',
        'name',
        'settings.qualification.framework',
        'settings.rules.nope',
        'settings.rules.stale-record.options.criticalMultiple',
      ]);
    });
  });

  describe('bad JSON: a clear error with line and column', () => {
    it.each([
      ['{"kind": "x",}', 1, 14, 'remove the trailing comma'],
      ['{\n  "kind": "deal-hygiene-rule-pack"\n  "version": 1\n}', 3, 3, 'expected "," or "}" after a property value'],
      ["{'kind': 1}", 1, 2, 'a property name in double quotes'],
      ['{"kind": "deal-hygiene-rule-pack", "version": 1', 1, 48, 'the file ends'],
      ['{"name": "two\nlines"}', 1, 14, 'line break'],
      ['{"a": [1, 2,]}', 1, 13, 'remove the trailing comma'],
      ['{"a": tru}', 1, 7, 'expected a value'],
      ['{} {}', 1, 4, 'after the end of the JSON value'],
      ['{"a": 01}', 1, 8, 'expected "," or "}"'],
      ['{"a": "\\x"}', 1, 8, 'invalid escape'],
    ])('%j → line %i, column %i', (json, line, column, says) => {
      const errors = errorsOf(json);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^\\(file\\) line ${line}, column ${column}: not valid JSON: `));
      expect(errors[0]).toContain(says);
    });

    it('an empty file, a file that is not text, and one far too large', () => {
      expect(errorsOf('')).toEqual(['(file): the file is empty']);
      expect(errorsOf('  \n ')).toEqual(['(file): the file is empty']);
      expect(errorsOf(42 as unknown as string)).toEqual(['(file): expected the text of a JSON file']);
      expect(errorsOf(`{"x":"${'a'.repeat(1_000_001)}"}`)[0]).toMatch(/^\(file\): .* too large/);
    });

    it('locateJsonError agrees with JSON.parse on what is valid', () => {
      const valid = [exportRulePack(managerSettings(), 'x'), '{"a":[1,-2.5e3,true,false,null,"\\u00e6\\n"]}', ' [] ', '"x"', '0'];
      for (const json of valid) {
        expect(() => JSON.parse(json)).not.toThrow();
        expect(locateJsonError(json)).toBeNull();
      }
      const invalid = ['{', '[1,]', '{"a" 1}', '-', '1.', '.5', '"\\u12"', 'nul', '{"a":1}}', '\t\u0001'];
      for (const json of invalid) {
        expect(() => JSON.parse(json), json).toThrow();
        expect(locateJsonError(json), json).not.toBeNull();
      }
    });
  });
});
