import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  chunkKey,
  itemBytes,
  readSettings,
  readStoredSettings,
  SETTINGS_KEY,
  SettingsWriteError,
  settingsItems,
  SYNC_QUOTA_BYTES,
  SYNC_QUOTA_BYTES_PER_ITEM,
  writeSettings,
} from '../../../src/background/settings-storage';
import { defaultSettings, loadSettings, type Quota, type Settings } from '../../../src/model/settings';
import { builtInFrameworksById } from '../../../src/qualification/frameworks';

afterEach(() => vi.restoreAllMocks());

function settingsOf(input: Record<string, unknown>): Settings {
  const loaded = loadSettings({ version: 1, ...input });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

/** A sales team's quotas: `owners` owners × a year and its four quarters. */
function teamQuotas(owners: number, ownerName = (index: number) => `Sales Rep Number ${index}`): Quota[] {
  return Array.from({ length: owners }, (_, index) =>
    ['2026', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'].map((period) => ({ owner: ownerName(index), period, amount: 1_250_000, currency: 'EUR' })),
  ).flat();
}

/** What Chrome counts for an item (written independently of the module): key + JSON value in UTF-8, "<" as \u003C. */
function chromeBytes(key: string, value: unknown): number {
  const json = JSON.stringify(value).replace(/</g, '\\u003C').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return new TextEncoder().encode(key).length + new TextEncoder().encode(json).length;
}

/**
 * The fake sync area with Chrome's quota checks in front of `set`: the whole write is checked before anything is
 * stored, and refused with Chrome's own messages.
 */
function enforceChromeQuotas() {
  const area = fakeBrowser.storage.sync;
  const set = area.set.bind(area);
  return vi.spyOn(area, 'set').mockImplementation(async (items: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(items)) {
      if (chromeBytes(key, value) > SYNC_QUOTA_BYTES_PER_ITEM) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
    }
    const after = { ...(await area.get(null)), ...items };
    const total = Object.entries(after).reduce((sum, [key, value]) => sum + chromeBytes(key, value), 0);
    if (total > SYNC_QUOTA_BYTES) throw new Error('QUOTA_BYTES quota exceeded');
    return set(items);
  });
}

async function failureOf(promise: Promise<unknown>): Promise<SettingsWriteError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SettingsWriteError);
  return error as SettingsWriteError;
}

describe('writeSettings', () => {
  it('stores settings that fit one item as that item, as before, and reads them back', async () => {
    enforceChromeQuotas();
    const settings = settingsOf({ rules: { 'stale-record': { enabled: false } }, quotas: teamQuotas(2) });
    const written = await writeSettings(settings);
    expect(written).toEqual(settings);
    const stored = await fakeBrowser.storage.sync.get(null);
    expect(Object.keys(stored)).toEqual([SETTINGS_KEY]);
    expect(stored[SETTINGS_KEY]).toEqual(settings);
    expect(await readSettings()).toEqual(settings);
  });

  it('validates and normalises before writing: stage labels lower-cased, owners trimmed', async () => {
    const written = await writeSettings({ version: 1, stageMapping: { salesforce: { ' Deal Won ': 'won' } }, quotas: [{ owner: '  Anna ', period: '2026', amount: 5, currency: 'EUR' }] });
    expect(written.stageMapping.salesforce).toEqual({ 'deal won': 'won' });
    expect(written.quotas[0]!.owner).toBe('Anna');
    expect((await readSettings()).stageMapping.salesforce).toEqual({ 'deal won': 'won' });
  });

  it('refuses invalid settings with every error and writes nothing', async () => {
    const previous = settingsOf({ rules: { 'stale-record': { enabled: false } } });
    await writeSettings(previous);
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
    const error = await failureOf(writeSettings({ version: 1, rules: { 'stale-record': { enabled: 'no' } }, quotas: [{ owner: '', period: 'Q3', amount: -1, currency: 'eur' }] }));
    expect(error.failure.reason).toBe('invalid');
    const errors = error.failure.reason === 'invalid' ? error.failure.errors : [];
    expect(errors).toContain('rules.stale-record.enabled: expected boolean, received string');
    expect(errors.some((line) => line.startsWith('quotas.0.period:'))).toBe(true);
    expect(set).not.toHaveBeenCalled();
    expect(await readSettings()).toEqual(previous);
  });

  it("turns Chrome's quota error into a specific error and keeps the previous settings", async () => {
    const previous = settingsOf({ rules: { 'stale-record': { enabled: false } } });
    await writeSettings(previous);
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'));
    const next = settingsOf({ quotas: teamQuotas(3) });
    const error = await failureOf(writeSettings(next));
    expect(error.failure).toMatchObject({ reason: 'too-large', detail: 'QUOTA_BYTES_PER_ITEM quota exceeded' });
    expect(error.failure.reason === 'too-large' && error.failure.sections[0]!.name).toBe('quotas');
    expect(error.message).toContain('the previous settings are kept');
    expect(error.message).toContain('QUOTA_BYTES_PER_ITEM');
    expect(await readSettings()).toEqual(previous);
  });

  it("turns Chrome's write-rate error into its own reason", async () => {
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'));
    const error = await failureOf(writeSettings(defaultSettings()));
    expect(error.failure.reason).toBe('too-many-writes');
  });

  it('passes any other refusal on with the browser’s words', async () => {
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('Sync is disabled by policy'));
    const error = await failureOf(writeSettings(defaultSettings()));
    expect(error.failure).toEqual({ reason: 'storage', detail: 'Sync is disabled by policy' });
  });

  it("stores a large team's settings in parts that each fit Chrome's item quota, and reads them back exactly", async () => {
    const set = enforceChromeQuotas();
    const custom = { ...builtInFrameworksById.get('meddpicc')!, id: 'nordic', name: 'Nordic MEDDPICC' };
    const settings = settingsOf({
      quotas: teamQuotas(30),
      qualification: { framework: 'nordic', customFrameworks: [custom] },
      rules: { 'next-step-vague': { options: { vaguePhrases: ['<script>', 'følg op', '"quoted"', 'emoji 🚀 step'] } } },
      timeZone: 'Europe/Copenhagen',
    });
    expect(JSON.stringify(settings).length).toBeGreaterThan(2 * SYNC_QUOTA_BYTES_PER_ITEM);
    await writeSettings(settings);
    expect(set).toHaveBeenCalledTimes(1); // pointer and parts in one write: all or nothing
    const stored = await fakeBrowser.storage.sync.get(null);
    const parts = Object.keys(stored).filter((key) => key !== SETTINGS_KEY);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(stored[SETTINGS_KEY]).toMatchObject({ version: 1, chunks: { count: parts.length } });
    for (const [key, value] of Object.entries(stored)) expect(chromeBytes(key, value), key).toBeLessThanOrEqual(SYNC_QUOTA_BYTES_PER_ITEM);
    expect(await readSettings()).toEqual(settings);
  });

  it('never cuts a character in two, even with surrogate pairs and escapes at every position', () => {
    const owner = (index: number) => `Åse 🚀 <"\\> ${index}`.padEnd(60, '🚀');
    const settings = settingsOf({ quotas: teamQuotas(40, owner) });
    const items = settingsItems(settings);
    const parts = Object.entries(items).filter(([key]) => key !== SETTINGS_KEY);
    for (const [key, part] of parts) {
      expect(chromeBytes(key, part)).toBeLessThanOrEqual(SYNC_QUOTA_BYTES_PER_ITEM);
      expect(itemBytes(key, part)).toBe(chromeBytes(key, part));
      expect(/[\uD800-\uDBFF]$/.test(part as string), key).toBe(false);
    }
    expect(JSON.parse(parts.map(([, part]) => part).join(''))).toEqual(settings);
  });

  it('removes parts left over when the settings shrink, to one item or to fewer parts', async () => {
    enforceChromeQuotas();
    await writeSettings(settingsOf({ quotas: teamQuotas(40) }));
    const many = Object.keys(await fakeBrowser.storage.sync.get(null)).length;
    await writeSettings(settingsOf({ quotas: teamQuotas(25) }));
    const fewer = Object.keys(await fakeBrowser.storage.sync.get(null));
    expect(fewer.length).toBeLessThan(many);
    expect(fewer.length).toBeGreaterThan(2);
    expect(fewer).not.toContain(chunkKey(fewer.length - 1)); // parts are 0 … count-1, next to the pointer
    expect((await readSettings()).quotas).toHaveLength(125);

    const small = settingsOf({ quotas: teamQuotas(1) });
    await writeSettings(small);
    expect(Object.keys(await fakeBrowser.storage.sync.get(null))).toEqual([SETTINGS_KEY]);
    expect(await readSettings()).toEqual(small);
  });

  it('refuses settings larger than sync storage before writing, names the largest part, and keeps the previous settings', async () => {
    const set = enforceChromeQuotas();
    const previous = settingsOf({ quotas: teamQuotas(2) });
    await writeSettings(previous);
    set.mockClear();
    const huge = settingsOf({ quotas: teamQuotas(300) });
    const error = await failureOf(writeSettings(huge));
    expect(set).not.toHaveBeenCalled();
    expect(error.failure.reason).toBe('too-large');
    if (error.failure.reason !== 'too-large') return;
    expect(error.failure.bytes).toBeGreaterThan(SYNC_QUOTA_BYTES);
    expect(error.failure.limit).toBe(SYNC_QUOTA_BYTES);
    expect(error.failure.sections[0]!.name).toBe('quotas');
    expect(error.message).toMatch(/the largest part is quotas \(\d+ bytes\)/);
    expect(await readSettings()).toEqual(previous);
  });

  it("counts the extension's other sync keys against the room left", async () => {
    enforceChromeQuotas();
    await fakeBrowser.storage.sync.set({ somethingElse: 'x'.repeat(7_000), more: 'y'.repeat(7_000) });
    const error = await failureOf(writeSettings(settingsOf({ quotas: teamQuotas(200) })));
    expect(error.failure.reason === 'too-large' && error.failure.limit).toBeLessThan(SYNC_QUOTA_BYTES - 14_000);
    expect((await fakeBrowser.storage.sync.get('somethingElse')).somethingElse).toHaveLength(7_000);
  });

  it('a failed write of parts leaves the earlier parts readable', async () => {
    enforceChromeQuotas();
    const previous = settingsOf({ quotas: teamQuotas(30) });
    await writeSettings(previous);
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    await failureOf(writeSettings(settingsOf({ quotas: teamQuotas(31) })));
    expect(await readSettings()).toEqual(previous);
  });
});

describe('readStoredSettings', () => {
  it('gives the defaults with no errors when nothing is stored', async () => {
    expect(await readStoredSettings()).toEqual({ settings: defaultSettings(), errors: [] });
  });

  it('reports invalid stored settings with their paths and never writes', async () => {
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { version: 1, quotas: [{ owner: 'A', period: 'soon', amount: 1, currency: 'EUR' }] } });
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
    const stored = await readStoredSettings();
    expect(stored.settings).toEqual(defaultSettings());
    expect(stored.errors).toEqual(['quotas.0.period: expected a period as YYYY-Qn, YYYY-MM or YYYY']);
    expect(set).not.toHaveBeenCalled();
  });

  it('reports a missing part (sync still arriving) instead of reading half the settings', async () => {
    await writeSettings(settingsOf({ quotas: teamQuotas(30) }));
    await fakeBrowser.storage.sync.remove(chunkKey(1));
    const stored = await readStoredSettings();
    expect(stored.settings).toEqual(defaultSettings());
    expect(stored.errors).toEqual([`${chunkKey(1)}: part of the stored settings is missing (sync may still be bringing it from another device)`]);
  });

  it('reports parts of two different saves mixed together, and readSettings warns and uses the defaults', async () => {
    await writeSettings(settingsOf({ quotas: teamQuotas(30) }));
    const first = await fakeBrowser.storage.sync.get(null);
    await writeSettings(settingsOf({ quotas: teamQuotas(30, (index) => `Another Rep Name ${index}`) }));
    // Another device's save wins for one part only.
    await fakeBrowser.storage.sync.set({ [chunkKey(0)]: first[chunkKey(0)] });
    const stored = await readStoredSettings();
    expect(stored.errors[0]).toContain('the stored parts do not belong together');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await readSettings()).toEqual(defaultSettings());
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
