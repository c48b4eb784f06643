import { describe, expect, it } from 'vitest';
import { defaultSettings, loadSettings, SETTINGS_VERSION, settingsSchema } from '../../../src/model/settings';

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
    expect(settings).toEqual({ version: SETTINGS_VERSION, rules: {}, stageMapping: {} });
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
