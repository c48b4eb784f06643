import { z } from 'zod';
import type { IDBPDatabase } from 'idb';
import { crmIdSchema, dealKeySchema, dealSnapshotSchema, isoDateTimeSchema, type DealSnapshot } from '../model/deal';
import { customCrmsSchema, readStoredCustomCrms, type CrmMapping } from '../model/crm-mapping';
import { fingerprint } from '../model/fingerprint';
import { formatIssues, loadSettings, type Settings } from '../model/settings';
import { snoozeSchema, type Snooze } from '../model/snooze';
import { qualificationRecordSchema, type QualificationRecord } from '../qualification/types';
import { retentionCutoff } from './retention';
import type { DealRecord, HistoryDb, StoredSnapshot } from './store';

/**
 * "Export everything" and "Import": one JSON file with all Deal Hygiene keeps about the user.
 *
 * ```json
 * { "kind": "deal-hygiene-export", "version": 1, "exportedAt": "2026-06-01T12:00:00.000Z",
 *   "settings": {…}, "customCrms": […], "deals": [{ "key", "crm", "firstSeenAt", "lastSeenAt", "snapshotCount" }],
 *   "snapshots": [DealSnapshot…], "qualification": [QualificationRecord…], "snoozes": [Snooze…] }
 * ```
 *
 * Import checks the whole file first and reports every problem with its path (`snapshots.12.fields.amount.value:
 * …`); only a valid file replaces what is stored, the database in one transaction. What can be derived (each
 * snapshot's fingerprint, a deal's snapshot count, first-seen time and latest fingerprint) is recomputed, never
 * trusted from the file.
 */
export const EXPORT_KIND = 'deal-hygiene-export';
export const EXPORT_VERSION = 1;

/**
 * Limits far beyond a real user's data (a busy rep sees a few thousand deals a year) that keep a wrong or hostile
 * file from hanging the options page or filling the disk. Chrome passes messages of up to 64 MiB, so the file
 * itself stays below that.
 */
export const EXPORT_LIMITS = {
  chars: 60_000_000,
  deals: 50_000,
  snapshots: 250_000,
  qualification: 50_000,
  snoozes: 100_000,
} as const;
/** Enough to fix a file by hand; a file with more problems is not worth listing in full. */
export const MAX_REPORTED_ERRORS = 50;

export const exportedDealSchema = z.object({
  key: dealKeySchema,
  crm: crmIdSchema,
  firstSeenAt: isoDateTimeSchema,
  lastSeenAt: isoDateTimeSchema,
  /** Informative: recomputed from the snapshots on import. */
  snapshotCount: z.number().int().nonnegative().optional(),
});
export type ExportedDeal = z.infer<typeof exportedDealSchema>;

export const exportFileSchema = z.strictObject({
  kind: z.literal(EXPORT_KIND),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  /** Checked with loadSettings (so older settings versions are migrated), not with this schema. */
  settings: z.unknown(),
  /** The "Other CRM" mappings (browser.storage.local `customCrms`), checked like the options page checks them. */
  customCrms: customCrmsSchema,
  deals: z.array(exportedDealSchema).max(EXPORT_LIMITS.deals),
  snapshots: z.array(dealSnapshotSchema).max(EXPORT_LIMITS.snapshots),
  qualification: z.array(qualificationRecordSchema).max(EXPORT_LIMITS.qualification),
  snoozes: z.array(snoozeSchema).max(EXPORT_LIMITS.snoozes),
});
export type ExportFile = Omit<z.infer<typeof exportFileSchema>, 'settings'> & { settings: Settings };

/** What the stores and storage areas hold, as read for an export. */
export interface StoredEverything {
  settings: Settings;
  customCrms: unknown;
  deals: readonly DealRecord[];
  snapshots: readonly StoredSnapshot[];
  qualification: readonly unknown[];
  snoozes: readonly unknown[];
}

/** Stored items that no longer pass the current schemas: left out of the export (an import would refuse them). */
export interface ExportSkipped {
  deals: number;
  snapshots: number;
  qualification: number;
  snoozes: number;
  customCrms: number;
}

/** Reads every store in one transaction. */
export async function readEverything(db: IDBPDatabase<HistoryDb>): Promise<Omit<StoredEverything, 'settings' | 'customCrms'>> {
  const tx = db.transaction(['deals', 'snapshots', 'qualification', 'snoozes'], 'readonly');
  const [deals, snapshots, qualification, snoozes] = await Promise.all([
    tx.objectStore('deals').getAll(),
    tx.objectStore('snapshots').getAll(),
    tx.objectStore('qualification').getAll(),
    tx.objectStore('snoozes').getAll(),
    tx.done,
  ]);
  return { deals, snapshots, qualification, snoozes };
}

function keepValid<T>(schema: z.ZodType<T>, rows: readonly unknown[]): { rows: T[]; skipped: number } {
  const valid: T[] = [];
  for (const row of rows) {
    const parsed = schema.safeParse(row);
    if (parsed.success) valid.push(parsed.data);
  }
  return { rows: valid, skipped: rows.length - valid.length };
}

/** The export file for what is stored; snapshots oldest first. Ids and fingerprints are left out (derived). */
export function buildExport(stored: StoredEverything, now: Date): { file: ExportFile; skipped: ExportSkipped } {
  const deals = keepValid(
    exportedDealSchema,
    stored.deals.map(({ key, crm, firstSeenAt, lastSeenAt, snapshotCount }) => ({ key, crm, firstSeenAt, lastSeenAt, snapshotCount })),
  );
  const dealKeys = new Set(deals.rows.map((deal) => deal.key));
  const ordered = [...stored.snapshots].sort((a, b) => (a.capturedAt < b.capturedAt ? -1 : a.capturedAt > b.capturedAt ? 1 : (a.id ?? 0) - (b.id ?? 0)));
  // A snapshot whose deal summary was skipped would make the file refuse to import: it goes with its deal.
  const snapshots = keepValid(dealSnapshotSchema, ordered);
  const withDeal = snapshots.rows.filter((snapshot) => dealKeys.has(snapshot.key));
  const withSnapshot = new Set(withDeal.map((snapshot) => snapshot.key));
  const dealsKept = deals.rows.filter((deal) => withSnapshot.has(deal.key));
  const qualification = keepValid(qualificationRecordSchema, stored.qualification);
  const snoozes = keepValid(snoozeSchema, stored.snoozes);
  const customCrms = readStoredCustomCrms(stored.customCrms);
  const storedCrms = Array.isArray(stored.customCrms) ? stored.customCrms.length : 0;
  return {
    file: {
      kind: EXPORT_KIND,
      version: EXPORT_VERSION,
      exportedAt: now.toISOString(),
      settings: stored.settings,
      customCrms: customCrms.mappings,
      deals: dealsKept,
      snapshots: withDeal,
      qualification: qualification.rows,
      snoozes: snoozes.rows,
    },
    skipped: {
      deals: stored.deals.length - dealsKept.length,
      snapshots: stored.snapshots.length - withDeal.length,
      qualification: qualification.skipped,
      snoozes: snoozes.skipped,
      customCrms: storedCrms - customCrms.mappings.length,
    },
  };
}

/** A file name such as `deal-hygiene-export-2026-06-01.json` (the export's own date, UTC). */
export function exportFileName(file: Pick<ExportFile, 'exportedAt'>): string {
  return `deal-hygiene-export-${file.exportedAt.slice(0, 10)}.json`;
}

/** What an import will store: checked, with everything derivable recomputed. */
export interface ImportPlan {
  settings: Settings;
  customCrms: CrmMapping[];
  deals: DealRecord[];
  snapshots: StoredSnapshot[];
  qualification: QualificationRecord[];
  snoozes: Snooze[];
  summary: ImportSummary;
}

export interface ImportSummary {
  exportedAt: string;
  deals: number;
  snapshots: number;
  qualification: number;
  snoozes: number;
  customCrms: number;
  /** Deals last seen before the file's retention period: the next daily clean-up removes them. */
  dealsBeyondRetention: number;
  retentionDays: number;
}

export type ImportCheck = { ok: true; plan: ImportPlan } | { ok: false; errors: string[] };

/** Reads the text of a chosen file: its size, then JSON. The object it gives goes to `checkExportFile`. */
export function readExportText(text: string): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  if (text.length > EXPORT_LIMITS.chars) {
    return { ok: false, errors: [`(file): ${text.length.toLocaleString('en')} characters is too large for a Deal Hygiene export (at most ${EXPORT_LIMITS.chars.toLocaleString('en')})`] };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const where = error instanceof SyntaxError ? error.message.replace(/^JSON\.parse: /, '') : 'not JSON';
    return { ok: false, errors: [`(file): not valid JSON (${where})`] };
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : 'a long string';
  return typeof value;
}

function capped(errors: string[]): string[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  return [...errors.slice(0, MAX_REPORTED_ERRORS), `… and ${errors.length - MAX_REPORTED_ERRORS} more problems`];
}

/**
 * Checks an export file (already parsed from JSON) in full: the schema, then that it holds together (every
 * snapshot belongs to a deal, every deal has a snapshot, no key twice). `now` decides which deals are already
 * beyond the retention period (for the summary only).
 */
export function checkExportFile(input: unknown, now: Date): ImportCheck {
  if (!isPlainObject(input)) return { ok: false, errors: ['(root): expected an object (a Deal Hygiene export)'] };
  if (input.kind !== EXPORT_KIND) {
    const hint =
      input.kind === 'deal-hygiene-rule-pack'
        ? ': this is a rule pack; import it under Rules instead'
        : 'rules' in input || 'stageMapping' in input
          ? ': this looks like settings alone, not a Deal Hygiene export'
          : ': this is not a Deal Hygiene export';
    return { ok: false, errors: [`kind: expected "${EXPORT_KIND}", received ${describe(input.kind)}${hint}`] };
  }
  if (typeof input.version === 'number' && Number.isInteger(input.version) && input.version > EXPORT_VERSION) {
    return {
      ok: false,
      errors: [`version: this export is version ${input.version}, written by a newer Deal Hygiene; this one reads up to version ${EXPORT_VERSION}. Update the extension to import it.`],
    };
  }
  const errors: string[] = [];
  const parsed = exportFileSchema.safeParse(input);
  if (!parsed.success) errors.push(...formatIssues(parsed.error.issues));
  const settings = loadSettings(input.settings === undefined ? undefined : structuredClone(input.settings));
  if (input.settings === undefined) errors.push('settings: missing (export everything again to get a complete file)');
  else if (!settings.ok) errors.push(...settings.errors.map((error) => `settings.${error}`));
  if (!parsed.success || !settings.ok || errors.length) return { ok: false, errors: capped(errors) };

  const file = parsed.data;
  const dealIndex = new Map<string, number>();
  file.deals.forEach((deal, index) => {
    const first = dealIndex.get(deal.key);
    if (first === undefined) dealIndex.set(deal.key, index);
    else errors.push(`deals.${index}.key: the same deal as deals.${first}`);
  });
  const snapshotsByDeal = new Map<string, DealSnapshot[]>();
  file.snapshots.forEach((snapshot, index) => {
    const dealAt = dealIndex.get(snapshot.key);
    if (dealAt === undefined) errors.push(`snapshots.${index}.key: no entry in deals has this key`);
    else if (file.deals[dealAt]!.crm !== snapshot.crm) errors.push(`snapshots.${index}.crm: differs from the crm of deals.${dealAt}`);
    const rows = snapshotsByDeal.get(snapshot.key) ?? [];
    rows.push(snapshot);
    snapshotsByDeal.set(snapshot.key, rows);
  });
  file.deals.forEach((deal, index) => {
    if (!snapshotsByDeal.has(deal.key)) errors.push(`deals.${index}: no snapshot in snapshots belongs to this deal`);
  });
  const answered = new Map<string, number>();
  file.qualification.forEach((record, index) => {
    const first = answered.get(record.dealKey);
    if (first === undefined) answered.set(record.dealKey, index);
    else errors.push(`qualification.${index}.dealKey: the same deal as qualification.${first}`);
  });
  const snoozed = new Map<string, number>();
  file.snoozes.forEach((snooze, index) => {
    const id = `${snooze.dealKey}\u0000${snooze.ruleId}`;
    const first = snoozed.get(id);
    if (first === undefined) snoozed.set(id, index);
    else errors.push(`snoozes.${index}: the same deal and rule as snoozes.${first}`);
  });
  if (errors.length) return { ok: false, errors: capped(errors) };

  const deals: DealRecord[] = file.deals.map((deal) => {
    const rows = [...snapshotsByDeal.get(deal.key)!].sort((a, b) => Date.parse(a.capturedAt) - Date.parse(b.capturedAt));
    const first = rows[0]!;
    const latest = rows[rows.length - 1]!;
    return {
      key: deal.key,
      crm: deal.crm,
      firstSeenAt: first.capturedAt,
      lastSeenAt: Date.parse(deal.lastSeenAt) > Date.parse(latest.capturedAt) ? deal.lastSeenAt : latest.capturedAt,
      latestFingerprint: fingerprint(latest.fields),
      snapshotCount: rows.length,
    };
  });
  const retentionDays = settings.settings.privacy.retentionDays;
  const cutoff = retentionCutoff(now, retentionDays);
  return {
    ok: true,
    plan: {
      settings: settings.settings,
      customCrms: file.customCrms,
      deals,
      snapshots: file.snapshots.map((snapshot) => ({ ...snapshot, fingerprint: fingerprint(snapshot.fields) })),
      qualification: file.qualification,
      snoozes: file.snoozes,
      summary: {
        exportedAt: file.exportedAt,
        deals: deals.length,
        snapshots: file.snapshots.length,
        qualification: file.qualification.length,
        snoozes: file.snoozes.length,
        customCrms: file.customCrms.length,
        dealsBeyondRetention: deals.filter((deal) => Date.parse(deal.lastSeenAt) < cutoff).length,
        retentionDays,
      },
    },
  };
}

export interface StoreCounts {
  deals: number;
  snapshots: number;
  qualification: number;
  snoozes: number;
}

export async function countEverything(db: IDBPDatabase<HistoryDb>): Promise<StoreCounts> {
  const tx = db.transaction(['deals', 'snapshots', 'qualification', 'snoozes'], 'readonly');
  const [deals, snapshots, qualification, snoozes] = await Promise.all([
    tx.objectStore('deals').count(),
    tx.objectStore('snapshots').count(),
    tx.objectStore('qualification').count(),
    tx.objectStore('snoozes').count(),
  ]);
  await tx.done;
  return { deals, snapshots, qualification, snoozes };
}

const ALL_STORES = ['deals', 'snapshots', 'qualification', 'snoozes'] as const;

/**
 * Replaces every store's content with the plan's, in one transaction: when anything fails (storage full), the
 * transaction aborts and what was stored before is still there.
 */
export async function replaceEverything(db: IDBPDatabase<HistoryDb>, plan: Pick<ImportPlan, 'deals' | 'snapshots' | 'qualification' | 'snoozes'>): Promise<StoreCounts> {
  const tx = db.transaction([...ALL_STORES], 'readwrite');
  // Every request is queued at once and awaited together: a failing one aborts the transaction, and tx.done says why.
  const requests: Promise<unknown>[] = [];
  try {
    for (const store of ALL_STORES) requests.push(tx.objectStore(store).clear());
    for (const deal of plan.deals) requests.push(tx.objectStore('deals').add(deal));
    for (const { id: _id, ...snapshot } of plan.snapshots) requests.push(tx.objectStore('snapshots').add(snapshot));
    for (const record of plan.qualification) requests.push(tx.objectStore('qualification').add(record));
    for (const snooze of plan.snoozes) requests.push(tx.objectStore('snoozes').add(snooze));
  } catch (error) {
    // A request refused on the spot (before the transaction could fail by itself): the clears must not commit.
    tx.abort();
    await Promise.allSettled([...requests, tx.done]);
    throw error;
  }
  const settled = Promise.allSettled(requests);
  try {
    await tx.done;
  } finally {
    await settled;
  }
  return { deals: plan.deals.length, snapshots: plan.snapshots.length, qualification: plan.qualification.length, snoozes: plan.snoozes.length };
}

/** Empties every store in one transaction; returns what there was. */
export async function clearEverything(db: IDBPDatabase<HistoryDb>): Promise<StoreCounts> {
  const before = await countEverything(db);
  const tx = db.transaction([...ALL_STORES], 'readwrite');
  await Promise.all([...ALL_STORES.map((store) => tx.objectStore(store).clear()), tx.done]);
  return before;
}
