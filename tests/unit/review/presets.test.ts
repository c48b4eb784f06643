import { describe, expect, it } from 'vitest';
import { MAX_MAPPING_PRESETS, presetFitsHeader, presetForHeader, readMappingPresets, removeMappingPreset, upsertMappingPreset, type MappingPreset } from '../../../src/review/presets';

const preset = (name: string, mapping: MappingPreset['mapping'] = { name: 'Deal', amount: 'Value' }): MappingPreset => ({
  name,
  preset: 'generic',
  mapping,
  locale: 'da-DK',
  defaultCurrency: 'DKK',
  savedAt: '2026-06-01T10:00:00.000Z',
});

describe('readMappingPresets', () => {
  it('reads nothing stored as no presets', () => {
    expect(readMappingPresets(undefined)).toEqual({ presets: [], errors: [] });
  });

  it('keeps the valid presets and reports each invalid one by its path', () => {
    const stored = [preset('Nordics'), { ...preset('Broken'), locale: 'not a locale!!' }, { ...preset('Bad field'), mapping: { colour: 'Deal' } }, 'junk'];
    const { presets, errors } = readMappingPresets(stored);
    expect(presets.map((entry) => entry.name)).toEqual(['Nordics']);
    expect(errors.some((error) => error.startsWith('1.locale:'))).toBe(true);
    expect(errors.some((error) => error.startsWith('2.mapping'))).toBe(true);
    expect(errors.some((error) => error.startsWith('3'))).toBe(true);
  });

  it('refuses a stored value that is not a list', () => {
    expect(readMappingPresets({ name: 'x' })).toEqual({ presets: [], errors: ['(root): expected a list of presets'] });
  });

  it('refuses a currency that is not an ISO code', () => {
    expect(readMappingPresets([{ ...preset('x'), defaultCurrency: 'kr.' }]).errors[0]).toMatch(/^0\.defaultCurrency: expected a three-letter ISO currency code/);
  });
});

describe('saving presets', () => {
  it('puts the newest first and replaces one of the same name, ignoring case', () => {
    const list = upsertMappingPreset([preset('Nordics'), preset('US')], preset('nordics', { name: 'Title' }));
    expect(list.map((entry) => entry.name)).toEqual(['nordics', 'US']);
    expect(list[0]!.mapping).toEqual({ name: 'Title' });
  });

  it('keeps at most the limit', () => {
    let list: MappingPreset[] = [];
    for (let i = 0; i < MAX_MAPPING_PRESETS + 5; i++) list = upsertMappingPreset(list, preset(`P${i}`));
    expect(list).toHaveLength(MAX_MAPPING_PRESETS);
    expect(list[0]!.name).toBe(`P${MAX_MAPPING_PRESETS + 4}`);
  });

  it('refuses to save an invalid preset', () => {
    expect(() => upsertMappingPreset([], { ...preset('  '), name: '  ' })).toThrow();
  });

  it('removes by name', () => {
    expect(removeMappingPreset([preset('A'), preset('B')], 'a').map((entry) => entry.name)).toEqual(['B']);
  });
});

describe('matching a file', () => {
  it('fits a header holding every column it reads (header compared loosely)', () => {
    expect(presetFitsHeader(preset('x', { name: 'Deal', amount: 'Value', stage: '' }), ['deal', ' VALUE ', 'Other'])).toBe(true);
    expect(presetFitsHeader(preset('x', { name: 'Deal', amount: 'Value' }), ['Deal'])).toBe(false);
    expect(presetFitsHeader(preset('x', { name: '' }), ['Deal'])).toBe(false);
  });

  it('proposes the newest preset that fits', () => {
    const list = [preset('Newest', { name: 'Title' }), preset('Older', { name: 'Deal' }), preset('Oldest', { name: 'Deal' })];
    expect(presetForHeader(list, ['Deal', 'Value'])?.name).toBe('Older');
    expect(presetForHeader(list, ['Other'])).toBeNull();
  });
});
