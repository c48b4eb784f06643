import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../src/messaging/protocol';
import { isImportedKey, LIST_DEALS_MAX_LIMIT } from '../../../src/messaging/review';
import { makeSnapshot } from '../../helpers/deals';

describe('review messages', () => {
  it('tells imported keys from keys of deals seen on pages', () => {
    expect(isImportedKey('salesforce:import:0065g00000AbCdE')).toBe(true);
    expect(isImportedKey('generic:import:row-0123456789abcdef')).toBe(true);
    expect(isImportedKey('salesforce:acme.lightning.force.com:0065g00000AbCdE')).toBe(false);
    expect(isImportedKey('salesforce:acme.lightning.force.com:import:1')).toBe(false);
    expect(isImportedKey('salesforce:import:')).toBe(false);
    expect(isImportedKey('madeup:import:1')).toBe(false);
  });

  it('pages ui-bg:list-deals within bounds', () => {
    expect(parseMessage({ type: 'ui-bg:list-deals', after: 'salesforce:import:A', limit: 200 }).ok).toBe(true);
    for (const limit of [0, LIST_DEALS_MAX_LIMIT + 1, 1.5]) {
      const parsed = parseMessage({ type: 'ui-bg:list-deals', limit });
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.error).toContain('limit');
    }
  });

  it('accepts an import only of snapshots keyed as imports of their own CRM', () => {
    const good = makeSnapshot({ key: 'salesforce:import:A1' });
    expect(parseMessage({ type: 'ui-bg:import-deals', snapshots: [good] }).ok).toBe(true);
    const fromPage = parseMessage({ type: 'ui-bg:import-deals', snapshots: [good, makeSnapshot()] });
    expect(!fromPage.ok && fromPage.error).toMatch(/snapshots\.1\.key: an imported deal's key must start with "salesforce:import:"/);
    const otherCrm = parseMessage({ type: 'ui-bg:import-deals', snapshots: [makeSnapshot({ key: 'hubspot:import:A1' })] });
    expect(otherCrm.ok).toBe(false);
    expect(parseMessage({ type: 'ui-bg:import-deals', snapshots: [] }).ok).toBe(false);
  });
});

describe('texts built from ids', () => {
  it('exist in English and Danish for every filter option, import field and layout', async () => {
    const { STAGE_FILTERS, SEVERITY_FILTERS, SOURCE_FILTERS } = await import('../../../src/review/filter');
    const { IMPORT_FIELDS } = await import('../../../src/import/presets');
    const { importPresetIdSchema } = await import('../../../src/review/presets');
    const { CANONICAL_STAGES } = await import('../../../src/model/deal');
    const en = (await import('../../../public/_locales/en/messages.json')).default as Record<string, unknown>;
    const da = (await import('../../../public/_locales/da/messages.json')).default as Record<string, unknown>;
    const keys = [
      ...STAGE_FILTERS.map((stage) => `review_stage_${stage}`),
      ...CANONICAL_STAGES.map((stage) => `review_stage_${stage}`),
      ...SEVERITY_FILTERS.map((severity) => `review_severity_filter_${severity}`),
      ...SOURCE_FILTERS.map((source) => `review_source_filter_${source}`),
      ...IMPORT_FIELDS.map((field) => `review_import_field_${field}`),
      ...importPresetIdSchema.options.map((id) => `review_import_layout_${id}`),
    ];
    expect(keys.filter((key) => !en[key] || !da[key])).toEqual([]);
  });
});
