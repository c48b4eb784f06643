import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { presets } from '../../../src/adapters/presets';
import { readStoredSettings, SETTINGS_KEY, SettingsWriteError, writeSettings } from '../../../src/background/settings-storage';
import { checkExportFile, readExportText } from '../../../src/history/backup';
import { exportCrmMapping, importCrmMapping, parseCrmMapping, readStoredCustomCrms } from '../../../src/model/crm-mapping';
import { exportRulePack, importRulePack } from '../../../src/model/rule-pack';
import { defaultSettings, loadSettings, type Settings } from '../../../src/model/settings';
import { hostileText } from './hostile';
import { checkAsyncProperty, checkProperty, countCases, writeAreaReport } from './report';

// Generous: property runs are CPU-bound, and the CI machine may be busy; a run never takes this long.
vi.setConfig({ testTimeout: 120_000 });

/**
 * Malformed settings, rule packs, CRM mappings and backup files: every loader answers with `{ ok: false }` and
 * errors that each name a path ("rules.stale-record.options.maxDaysByStage.commit: expected number…"), never throws,
 * and nothing already stored changes: the settings in sync storage stay byte for byte as they were, the current
 * settings given to a rule-pack import are not touched.
 */

const NOW = new Date('2026-11-27T09:00:00Z');
/** wxt's fake storage, typed as the storage area the settings functions take. */
type SyncArea = NonNullable<Parameters<typeof writeSettings>[1]>;
const sync = fakeBrowser.storage.sync;
const area = sync as unknown as SyncArea;

/** A realistic team's settings: rule options, a stage mapping, a framework, quotas, a time zone. */
function teamSettings(): Settings {
  const loaded = loadSettings({
    version: 1,
    rules: {
      'stale-record': { enabled: true, severity: 'critical', options: { maxDaysByStage: { propose: 10, commit: 5 } } },
      'next-step-vague': { enabled: false },
    },
    stageMapping: { salesforce: { 'Pilot running': 'develop' }, hubspot: { 'Contract sent': 'commit' } },
    qualification: { framework: 'bant', requiredByStage: {}, customFrameworks: [] },
    quotas: [{ owner: 'Jane Doe', period: '2026-Q4', amount: 500000, currency: 'EUR' }],
    timeZone: 'Europe/Copenhagen',
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

/**
 * Error lines look like `path: what is wrong`, the path dotted or "(root)"/"(file)". Keys chosen by the file (stage
 * labels, rule ids) may hold spaces or colons themselves, so only "something, then ': ', then text" is required.
 */
const ERROR_LINE = /^.+: \S/s;

function expectPathErrors(errors: readonly string[]) {
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(typeof error).toBe('string');
    expect(error, error).toMatch(ERROR_LINE);
  }
}

/** Any value: objects, arrays, strings from hostile pages, numbers of every kind. */
const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText.map((text) => text.slice(0, 300)),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constantFrom(null, undefined, -1, 0, 1e308, Number.NaN),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('version', 'rules', 'stageMapping', 'qualification', 'quotas', 'timeZone', '__proto__', 'constructor', 'options', 'enabled', 'severity')), tie('value'), { maxKeys: 5 }),
  ),
})).value;

type Damage = { path: number; action: 'replace' | 'delete' | 'add'; value: unknown; key: string };
const damageStep: fc.Arbitrary<Damage> = fc.record({ path: fc.nat(), action: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const), value: junk, key: fc.string({ minLength: 1, maxLength: 10 }) });

/** A copy of `input` with one object or array inside it (or a key of one) replaced, removed or added. Returns the damaged path. */
function damage(input: unknown, step: Damage): { value: unknown; path: string[] } {
  const copy = structuredClone(input);
  const containers: { node: Record<string, unknown>; path: string[] }[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object') return;
    containers.push({ node: node as Record<string, unknown>, path });
    for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(copy, []);
  const { node, path } = containers[step.path % containers.length]!;
  const keys = Object.keys(node);
  const key = step.action === 'add' || !keys.length ? step.key : keys[step.path % keys.length]!;
  try {
    if (step.action === 'delete') delete node[key];
    else node[key] = step.value;
  } catch {
    // a property that cannot change (an array's length): this damage is a no-op
  }
  return { value: copy, path: [...path, key] };
}

describe('settings', () => {
  it('loadSettings never throws on any value; a refusal names each problem with its path', () => {
    checkProperty(
      'settings',
      'loadSettings: random values',
      fc.property(junk, (input) => {
        const loaded = loadSettings(input);
        if (!loaded.ok) expectPathErrors(loaded.errors);
        else expect(loaded.settings.version).toBe(1);
      }),
      600,
    );
  });

  it('loadSettings on damaged real settings: refused with an error at (or above) the damaged path', () => {
    const base = teamSettings();
    checkProperty(
      'settings',
      'loadSettings: damaged team settings',
      fc.property(damageStep, (step) => {
        const { value, path } = damage(base, step);
        const loaded = loadSettings(value);
        if (loaded.ok) return; // e.g. an unknown key dropped, a default filled in, a valid value put in place
        expectPathErrors(loaded.errors);
        const top = path[0]!;
        // The error points at the section that was damaged (or at the root/version when the whole thing is wrong).
        expect(loaded.errors.some((error) => error.startsWith(top) || error.startsWith('(root)') || error.startsWith('version')), `${path.join('.')}: ${loaded.errors.join(' | ')}`).toBe(true);
      }),
      600,
    );
  });

  it('writeSettings refuses invalid settings and leaves what sync storage holds unchanged', async () => {
    await checkAsyncProperty(
      'settings',
      'writeSettings: invalid settings change nothing stored',
      fc.asyncProperty(fc.oneof(junk, damageStep.map((step) => damage(teamSettings(), step).value)), async (input) => {
        await sync.clear();
        await writeSettings(teamSettings(), area);
        const before = await area.get(null);
        fc.pre(!loadSettings(input).ok);
        const error = await writeSettings(input, area).then(
          () => null,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(SettingsWriteError);
        expect((error as SettingsWriteError).failure.reason).toBe('invalid');
        expect(await area.get(null)).toEqual(before);
      }),
      200,
    );
  }, 60_000);

  it('reading settings that are corrupt in storage gives the defaults with the reasons, and never writes', async () => {
    await checkAsyncProperty(
      'settings',
      'readStoredSettings: corrupt stored settings',
      fc.asyncProperty(
        fc.oneof(
          junk,
          // a pointer to parts, with parts missing, mixed or garbled
          fc.record({ version: fc.constant(1), chunks: fc.record({ count: fc.integer({ min: 1, max: 4 }), chars: fc.integer({ min: 1, max: 40 }), checksum: fc.constantFrom('00000000', 'deadbeef', 'xyz') }) }),
        ),
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }),
        async (stored, parts) => {
          await sync.clear();
          await area.set({ [SETTINGS_KEY]: stored, ...Object.fromEntries(parts.map((part, index) => [`${SETTINGS_KEY}.${index}`, part])) });
          const before = await area.get(null);
          const { settings, errors } = await readStoredSettings(area);
          if (errors.length) {
            expect(settings).toEqual(defaultSettings());
            expectPathErrors(errors);
          } else {
            expect(loadSettings(settings).ok).toBe(true);
          }
          expect(await area.get(null)).toEqual(before);
        },
      ),
      200,
    );
  }, 60_000);
});

describe('rule packs', () => {
  const pack = exportRulePack(teamSettings(), 'Nordic sales team', { now: NOW });

  it('importRulePack never throws on any text; a refusal names paths, and the current settings are untouched', () => {
    const text = fc.oneof(
      hostileText,
      junk.map((value) => JSON.stringify(value) ?? 'undefined'),
      damageStep.map((step) => JSON.stringify(damage(JSON.parse(pack), step).value)),
      fc.tuple(fc.nat(), fc.string({ maxLength: 3 })).map(([at, insert]) => `${pack.slice(0, at % pack.length)}${insert}${pack.slice(at % pack.length)}`),
      fc.nat().map((at) => pack.slice(0, at % pack.length)),
    );
    checkProperty(
      'settings',
      'importRulePack: random, damaged and cut-off packs',
      fc.property(text, (json) => {
        const current = teamSettings();
        const copy = structuredClone(current);
        const imported = importRulePack(json, current);
        expect(current).toEqual(copy);
        if (!imported.ok) expectPathErrors(imported.errors);
        else expect(loadSettings(imported.settings).ok).toBe(true);
      }),
      600,
    );
  });

  it('says where a broken JSON file breaks', () => {
    countCases('settings', 'rule packs with syntax errors', [pack.replace('"name"', 'name'), pack.slice(0, -3), pack.replace(':', '::'), `${pack}}`, pack.replace('{', '[')], (json) => {
      const imported = importRulePack(json, teamSettings());
      expect(imported.ok).toBe(false);
      if (!imported.ok) expect(imported.errors[0]).toMatch(/^\(file\) line \d+, column \d+: not valid JSON|^\(root\)|^kind/);
    });
  });
});

describe('CRM mappings', () => {
  const mapping = presets[0]!;
  const file = exportCrmMapping(mapping, NOW);

  it('importCrmMapping and parseCrmMapping never throw; a refusal names paths', () => {
    checkProperty(
      'settings',
      'CRM mappings: random, damaged and cut-off files',
      fc.property(
        fc.oneof(
          hostileText,
          junk.map((value) => JSON.stringify(value) ?? 'null'),
          damageStep.map((step) => JSON.stringify(damage(JSON.parse(file), step).value)),
          fc.nat().map((at) => file.slice(0, at % file.length)),
        ),
        junk,
        (text, value) => {
          const imported = importCrmMapping(text);
          if (!imported.ok) expectPathErrors(imported.errors);
          const parsed = parseCrmMapping(value);
          if (!parsed.ok) expectPathErrors(parsed.errors);
          const stored = readStoredCustomCrms(Array.isArray(value) ? [mapping, ...value] : value);
          for (const error of stored.errors) expect(error).toMatch(ERROR_LINE);
          // One broken entry never hides the valid ones stored with it.
          if (Array.isArray(value)) expect(stored.mappings.map((m) => m.id)).toContain(mapping.id);
        },
      ),
      400,
    );
  });
});

describe('backup files', () => {
  it('readExportText and checkExportFile never throw; a refusal names paths', () => {
    checkProperty(
      'settings',
      'backup files: random and damaged',
      fc.property(fc.oneof(hostileText, junk.map((value) => JSON.stringify(value) ?? 'null')), junk, (text, value) => {
        const read = readExportText(text);
        if (!read.ok) expectPathErrors(read.errors);
        const checked = checkExportFile(value, NOW);
        if (!checked.ok) expectPathErrors(checked.errors);
        const wrapped = checkExportFile({ kind: 'deal-hygiene-export', version: 1, exportedAt: NOW.toISOString(), settings: value, deals: value, snapshots: value }, NOW);
        if (!wrapped.ok) expectPathErrors(wrapped.errors);
      }),
      300,
    );
  });

  it('reports its cases', () => {
    const { report } = writeAreaReport('settings');
    expect(report.cases).toBeGreaterThan(0);
  });
});
