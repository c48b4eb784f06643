import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildExport,
  checkExportFile,
  clearEverything,
  countEverything,
  EXPORT_KIND,
  EXPORT_LIMITS,
  exportFileName,
  MAX_REPORTED_ERRORS,
  readEverything,
  readExportText,
  replaceEverything,
  type ExportFile,
  type ImportPlan,
} from '../../../src/history/backup';
import { loadDeal, loadHistory, type HistoryDb } from '../../../src/history/store';
import { fingerprint } from '../../../src/model/fingerprint';
import { defaultSettings, loadSettings, type Settings } from '../../../src/model/settings';
import type { IDBPDatabase } from 'idb';
import { NOW } from '../../helpers/deals';
import { ACME, answers, GLOBEX, INITECH, openTestDb, saveQualification, saveSnooze, saveVisits, snooze, visit } from '../../helpers/history-data';

afterEach(() => vi.restoreAllMocks());

const TRYTON = { id: 'tryton', name: 'Tryton', matches: ['https://crm.example.com/*'], recordId: { pattern: '/sale\\.opportunity/(\\d+)' } };

function userSettings(): Settings {
  const loaded = loadSettings({ version: 1, rules: { 'stale-record': { enabled: false } }, privacy: { retentionDays: 730 }, timeZone: 'Europe/Copenhagen' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

/** Two deals seen over some months, answers for one of them and for a deal qualified by name, two snoozes. */
async function seeded(): Promise<IDBPDatabase<HistoryDb>> {
  const db = await openTestDb();
  await saveVisits(db, [
    visit(ACME, '2026-03-01T10:00:00.000Z', '2026-04-30'),
    visit(GLOBEX, '2026-03-05T10:00:00.000Z', '2026-05-31', 'Globex renewal'),
    visit(ACME, '2026-04-01T10:00:00.000Z', '2026-05-31'),
    visit(ACME, '2026-05-01T10:00:00.000Z', '2026-06-30'),
    visit(ACME, '2026-05-15T10:00:00.000Z', '2026-06-30'), // unchanged: only lastSeenAt moves
  ]);
  await saveQualification(db, answers(ACME, '2026-05-01T10:00:00.000Z'));
  await saveQualification(db, answers(INITECH, '2026-05-02T10:00:00.000Z', 'Initech pilot'));
  await saveSnooze(db, snooze(ACME, 'stale-activity', '2026-05-01T10:00:00.000Z', '2026-06-15'));
  await saveSnooze(db, snooze(GLOBEX, 'next-step-missing', '2026-05-01T10:00:00.000Z', '2026-06-08'));
  return db;
}

async function exported(db: IDBPDatabase<HistoryDb>, settings = userSettings(), customCrms: unknown = [TRYTON]): Promise<ExportFile> {
  return buildExport({ settings, customCrms, ...(await readEverything(db)) }, NOW).file;
}

/** The file as it arrives from disk: JSON text, parsed. */
const throughJson = (file: unknown): unknown => JSON.parse(JSON.stringify(file));

function plan(input: unknown): ImportPlan {
  const check = checkExportFile(input, NOW);
  if (!check.ok) throw new Error(check.errors.join('\n'));
  return check.plan;
}

function errorsOf(input: unknown): string[] {
  const check = checkExportFile(input, NOW);
  expect(check.ok).toBe(false);
  return check.ok ? [] : check.errors;
}

describe('buildExport', () => {
  it('holds everything stored, without ids or fingerprints, snapshots oldest first', async () => {
    const db = await seeded();
    const { file, skipped } = buildExport({ settings: userSettings(), customCrms: [TRYTON], ...(await readEverything(db)) }, NOW);
    expect(file).toMatchObject({ kind: EXPORT_KIND, version: 1, exportedAt: NOW.toISOString(), settings: userSettings() });
    expect(file.customCrms).toEqual([expect.objectContaining({ id: 'tryton', name: 'Tryton' })]);
    expect(file.deals).toEqual(
      expect.arrayContaining([
        { key: ACME, crm: 'salesforce', firstSeenAt: '2026-03-01T10:00:00.000Z', lastSeenAt: '2026-05-15T10:00:00.000Z', snapshotCount: 3 },
        { key: GLOBEX, crm: 'salesforce', firstSeenAt: '2026-03-05T10:00:00.000Z', lastSeenAt: '2026-03-05T10:00:00.000Z', snapshotCount: 1 },
      ]),
    );
    expect(file.snapshots.map((s) => s.capturedAt)).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-05T10:00:00.000Z', '2026-04-01T10:00:00.000Z', '2026-05-01T10:00:00.000Z']);
    for (const snapshot of file.snapshots) {
      expect(snapshot).not.toHaveProperty('id');
      expect(snapshot).not.toHaveProperty('fingerprint');
    }
    expect(file.qualification.map((r) => r.dealKey).sort()).toEqual([INITECH, ACME].sort());
    expect(file.snoozes).toHaveLength(2);
    expect(skipped).toEqual({ deals: 0, snapshots: 0, qualification: 0, snoozes: 0, customCrms: 0 });
    db.close();
  });

  it('leaves out stored items that no longer pass validation, and says how many', async () => {
    const db = await seeded();
    await db.put('qualification', { dealKey: GLOBEX, frameworkId: 'meddicc', answers: { x: { answer: 'maybe' } }, updatedAt: 'x' } as never);
    const stored = await readEverything(db);
    const broken = { ...stored.snapshots[1]!, fields: { ...stored.snapshots[1]!.fields, amount: { state: 'guessed' } } } as never;
    const { file, skipped } = buildExport({ settings: defaultSettings(), customCrms: [TRYTON, { id: 'Not An Id' }], ...stored, snapshots: [...stored.snapshots.slice(0, 1), broken, ...stored.snapshots.slice(2)] }, NOW);
    // Globex's only snapshot was broken: the deal goes with it, so the file still imports.
    expect(skipped).toEqual({ deals: 1, snapshots: 1, qualification: 1, snoozes: 0, customCrms: 1 });
    expect(file.deals.map((d) => d.key)).toEqual([ACME]);
    expect(checkExportFile(throughJson(file), NOW).ok).toBe(true);
    db.close();
  });

  it('names the file after the export date', () => {
    expect(exportFileName({ exportedAt: '2026-06-01T12:00:00.000Z' })).toBe('deal-hygiene-export-2026-06-01.json');
  });
});

describe('export and import round trip', () => {
  it('restores every store into an empty database exactly as it was', async () => {
    const db = await seeded();
    const before = await readEverything(db);
    const imported = plan(throughJson(await exported(db)));
    expect(imported.settings).toEqual(userSettings());
    expect(imported.customCrms).toEqual([expect.objectContaining(TRYTON)]);

    const fresh = await openTestDb();
    expect(await replaceEverything(fresh, imported)).toEqual({ deals: 2, snapshots: 4, qualification: 2, snoozes: 2 });
    const after = await readEverything(fresh);
    const withoutIds = (rows: readonly { id?: number }[]) => rows.map(({ id: _id, ...rest }) => rest);
    expect(withoutIds(after.snapshots)).toEqual(withoutIds(before.snapshots));
    expect(after.deals).toEqual(before.deals);
    expect(after.qualification).toEqual(before.qualification);
    expect(after.snoozes).toEqual(before.snoozes);
    db.close();
    fresh.close();
  });

  it('replaces what was stored before, in every store', async () => {
    const source = await seeded();
    const file = throughJson(await exported(source));
    const target = await openTestDb();
    await saveVisits(target, [visit(INITECH.replace('4711', '999'), '2026-05-30T10:00:00.000Z', '2026-07-31')]);
    await saveQualification(target, answers('salesforce:other:1', '2026-05-30T10:00:00.000Z'));
    await replaceEverything(target, plan(file));
    expect(await countEverything(target)).toEqual({ deals: 2, snapshots: 4, qualification: 2, snoozes: 2 });
    expect(await loadDeal(target, INITECH.replace('4711', '999'))).toBeUndefined();
    source.close();
    target.close();
  });

  it('recomputes what can be derived instead of trusting the file', async () => {
    const db = await seeded();
    const file = (await exported(db)) as ExportFile & { deals: Record<string, unknown>[] };
    const acme = file.deals.find((d) => d.key === ACME)!;
    Object.assign(acme, { snapshotCount: 99, firstSeenAt: '2020-01-01T00:00:00.000Z', latestFingerprint: 'forged' });
    const imported = plan(throughJson(file));
    const deal = imported.deals.find((d) => d.key === ACME)!;
    expect(deal).toEqual({
      key: ACME,
      crm: 'salesforce',
      firstSeenAt: '2026-03-01T10:00:00.000Z',
      lastSeenAt: '2026-05-15T10:00:00.000Z',
      latestFingerprint: fingerprint(visit(ACME, '2026-05-01T10:00:00.000Z', '2026-06-30').fields),
      snapshotCount: 3,
    });
    for (const snapshot of imported.snapshots) expect(snapshot.fingerprint).toBe(fingerprint(snapshot.fields));
    // The restored deal behaves like the original: the page as last seen stores nothing new.
    const fresh = await openTestDb();
    await replaceEverything(fresh, imported);
    expect(await loadHistory(fresh, ACME)).toHaveLength(3);
    db.close();
    fresh.close();
  });

  it('sums up the file, and counts deals the file\'s retention period will remove', async () => {
    const db = await seeded();
    const settings = loadSettings({ version: 1, privacy: { retentionDays: 30 } });
    if (!settings.ok) throw new Error('settings');
    const summary = plan(throughJson(await exported(db, settings.settings))).summary;
    // Globex was last seen 2026-03-05, more than 30 days before NOW.
    expect(summary).toEqual({ exportedAt: NOW.toISOString(), deals: 2, snapshots: 4, qualification: 2, snoozes: 2, customCrms: 1, dealsBeyondRetention: 1, retentionDays: 30 });
    db.close();
  });

  it('migrates settings of an earlier version in the file (unversioned settings are version 1)', async () => {
    const db = await seeded();
    const file = throughJson(await exported(db)) as Record<string, unknown>;
    file.settings = { rules: { 'close-date-past': { enabled: false } } };
    expect(plan(file).settings.rules['close-date-past']?.enabled).toBe(false);
    expect(plan(file).settings.privacy.retentionDays).toBe(365);
    db.close();
  });
});

describe('checkExportFile: invalid files, every error with its path', () => {
  let base: Record<string, any>;
  const fresh = async () => {
    const db = await seeded();
    base = throughJson(await exported(db)) as Record<string, any>;
    db.close();
    return base;
  };

  it('not an export at all: one clear error', async () => {
    expect(errorsOf(null)).toEqual(['(root): expected an object (a Deal Hygiene export)']);
    expect(errorsOf([1, 2])).toEqual(['(root): expected an object (a Deal Hygiene export)']);
    expect(errorsOf({ kind: 'deal-hygiene-rule-pack', version: 1 })).toEqual([expect.stringMatching(/^kind: .*this is a rule pack; import it under Rules/)]);
    expect(errorsOf({ version: 1, rules: {} })).toEqual([expect.stringMatching(/^kind: .*settings alone/)]);
    expect(errorsOf({ kind: 'something-else' })).toEqual([expect.stringMatching(/^kind: expected "deal-hygiene-export", received "something-else"/)]);
  });

  it('a newer version: says to update the extension', async () => {
    const file = { ...(await fresh()), version: 2 };
    expect(errorsOf(file)).toEqual([expect.stringMatching(/^version: this export is version 2, written by a newer Deal Hygiene.*Update the extension/)]);
  });

  it('wrong values deep inside, unknown and missing sections', async () => {
    const file = await fresh();
    file.snapshots[1].fields.amount = { state: 'value', value: { value: 100, currency: 'kroner' }, raw: '100 kroner' };
    file.snoozes[0].until = 'next week';
    file.qualification[0].answers['economic-buyer'].answer = 'maybe';
    file.settings.rules = { 'stale-record': { enabled: 'no' } };
    file.snapshot = [];
    delete file.deals;
    const errors = errorsOf(file);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^snapshots\.1\.fields\.amount\.value\.currency: /),
        expect.stringMatching(/^snoozes\.0\.until: /),
        expect.stringMatching(/^qualification\.0\.answers\.economic-buyer\.answer: /),
        expect.stringMatching(/^settings\.rules\.stale-record\.enabled: /),
        'snapshot: unknown key',
        expect.stringMatching(/^deals: /),
      ]),
    );
    expect(errors).toHaveLength(6);
  });

  it('missing settings, and a bad custom CRM mapping', async () => {
    const file = await fresh();
    delete file.settings;
    file.customCrms = [{ ...TRYTON, matches: ['<all_urls>'] }];
    expect(errorsOf(file)).toEqual(expect.arrayContaining([expect.stringMatching(/^settings: missing/), expect.stringMatching(/^customCrms\.0\.matches\.0: /)]));
  });

  it('a file that does not hold together', async () => {
    const file = await fresh();
    file.deals.push({ ...file.deals[0] });
    file.deals.push({ key: 'salesforce:acme:no-snapshots', crm: 'salesforce', firstSeenAt: NOW.toISOString(), lastSeenAt: NOW.toISOString() });
    file.snapshots.push({ ...file.snapshots[0], key: 'salesforce:acme:no-deal' });
    file.snapshots.push({ ...file.snapshots[0], crm: 'hubspot' });
    file.qualification.push({ ...file.qualification[0] });
    file.snoozes.push({ ...file.snoozes[1] });
    expect(errorsOf(file)).toEqual([
      'deals.2.key: the same deal as deals.0',
      'snapshots.4.key: no entry in deals has this key',
      expect.stringMatching(/^snapshots\.5\.crm: differs from the crm of deals\.\d/),
      'deals.3: no snapshot in snapshots belongs to this deal',
      'qualification.2.dealKey: the same deal as qualification.0',
      'snoozes.2: the same deal and rule as snoozes.1',
    ]);
  });

  it('reports at most MAX_REPORTED_ERRORS problems and says how many more there are', async () => {
    const file = await fresh();
    file.snapshots = Array.from({ length: 80 }, () => ({ ...file.snapshots[0], capturedAt: 'yesterday' }));
    const errors = errorsOf(file);
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(errors.at(-1)).toBe('… and 30 more problems');
  });

  it('size limits', async () => {
    const file = await fresh();
    file.customCrms = Array.from({ length: 51 }, (_, i) => ({ ...TRYTON, id: `crm-${i}` }));
    expect(errorsOf(file)).toEqual([expect.stringMatching(/^customCrms: /)]);
    const tooLong = readExportText(' '.repeat(EXPORT_LIMITS.chars + 1));
    expect(tooLong).toEqual({ ok: false, errors: [expect.stringMatching(/^\(file\): 60,000,001 characters is too large/)] });
  });

  it('text that is not JSON', () => {
    const read = readExportText('{"kind": "deal-hygiene-export",');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.errors[0]).toMatch(/^\(file\): not valid JSON/);
    expect(readExportText('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe('replaceEverything and clearEverything', () => {
  it('changes nothing when storage is full halfway through the import', async () => {
    const target = await seeded();
    const before = await readEverything(target);
    const source = await seeded();
    const imported = plan(throughJson(await exported(source)));
    const add = IDBObjectStore.prototype.add;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      calls += 1;
      if (this.name === 'snapshots' && calls > 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.apply(this, args);
    });
    await expect(replaceEverything(target, imported)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    vi.restoreAllMocks();
    expect(await readEverything(target)).toEqual(before);
    target.close();
    source.close();
  });

  it('empties every store in one go and says what there was', async () => {
    const db = await seeded();
    expect(await clearEverything(db)).toEqual({ deals: 2, snapshots: 4, qualification: 2, snoozes: 2 });
    expect(await countEverything(db)).toEqual({ deals: 0, snapshots: 0, qualification: 0, snoozes: 0 });
    db.close();
  });
});
