import type { WxtBrowser } from 'wxt/browser';
import { readStoredSettings, writeSettings } from '../../../background/settings-storage';
import { exportFileName } from '../../../history/backup';
import {
  applyRetentionReplySchema,
  dataErrorReplySchema,
  deleteEverythingReplySchema,
  exportEverythingReplySchema,
  importEverythingReplySchema,
  storageUsageReplySchema,
  type StorageUsage,
} from '../../../messaging/data';
import { z } from 'zod';

const okReplySchema = z.object({ ok: z.literal(true) });

export type DataErrorCode = 'db-blocked' | 'quota' | 'invalid-file' | 'settings-unreadable';

/** A refusal the section explains in the user's language by its `code`; `message` is the background's own words. */
export class DataRequestError extends Error {
  constructor(
    message: string,
    readonly code?: DataErrorCode,
    readonly errors: readonly string[] = [],
  ) {
    super(message);
    this.name = 'DataRequestError';
  }
}

export interface ExportResult {
  fileName: string;
  deals: number;
  snapshots: number;
  /** Stored items left out because they no longer pass validation. */
  skipped: number;
}

export type ImportCounts = z.infer<typeof importEverythingReplySchema>['counts'];
export type DeleteCounts = z.infer<typeof deleteEverythingReplySchema>['counts'];

/** What "Privacy and data" needs from the browser; component tests pass a fake. */
export interface PrivacySource {
  usage(): Promise<StorageUsage>;
  /** The stored retention period (days). */
  retentionDays(): Promise<number>;
  /** Saves the retention period into the stored settings, keeping everything else; throws when they cannot be read. */
  saveRetentionDays(days: number): Promise<void>;
  /** Builds the export and offers it as a download. */
  exportEverything(): Promise<ExportResult>;
  /** Replaces everything with a checked export file (the background checks it again). */
  importEverything(file: unknown): Promise<ImportCounts>;
  deleteEverything(): Promise<DeleteCounts>;
  applyRetention(): Promise<{ removed: number; removedDeals: number }>;
  dismissStorageNotice(): Promise<void>;
  /** The clock: which imported deals are already beyond the retention period. */
  now(): Date;
}

/** Offers `text` as a JSON file download through a Blob URL. */
export function downloadJson(doc: Document, fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  doc.body.append(link);
  link.click();
  link.remove();
  // The download keeps its own copy once started; revoke a little later (Firefox needs the URL a moment longer).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function createPrivacySource(browser: WxtBrowser, doc: Document = document): PrivacySource {
  async function request<T>(message: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    const reply: unknown = await browser.runtime.sendMessage(message);
    const ok = schema.safeParse(reply);
    if (ok.success) return ok.data;
    const failed = dataErrorReplySchema.safeParse(reply);
    if (failed.success) throw new DataRequestError(failed.data.error, failed.data.code, failed.data.errors ?? []);
    throw new DataRequestError('unexpected reply from the background');
  }

  /** Custom CRMs were replaced or removed: the background registers (or drops) their content scripts. */
  const customCrmsChanged = () => browser.runtime.sendMessage({ type: 'ui-bg:custom-crms-changed' }).catch(() => undefined);

  return {
    async usage() {
      return (await request({ type: 'ui-bg:get-storage-usage' }, storageUsageReplySchema)).usage;
    },
    async retentionDays() {
      return (await readStoredSettings(browser.storage.sync)).settings.privacy.retentionDays;
    },
    async saveRetentionDays(days) {
      const stored = await readStoredSettings(browser.storage.sync);
      // Saving over settings that cannot be read would replace them with the defaults.
      if (stored.errors.length) throw new DataRequestError(stored.errors.join('; '), 'settings-unreadable');
      await writeSettings({ ...stored.settings, privacy: { ...stored.settings.privacy, retentionDays: days } }, browser.storage.sync);
    },
    async exportEverything() {
      const { file, skipped } = await request({ type: 'ui-bg:export-everything' }, exportEverythingReplySchema);
      const fileName = exportFileName({ exportedAt: String(file.exportedAt) });
      downloadJson(doc, fileName, `${JSON.stringify(file, null, 2)}\n`);
      return {
        fileName,
        deals: Array.isArray(file.deals) ? file.deals.length : 0,
        snapshots: Array.isArray(file.snapshots) ? file.snapshots.length : 0,
        skipped: Object.values(skipped).reduce((sum, n) => sum + n, 0),
      };
    },
    async importEverything(file) {
      const { counts } = await request({ type: 'ui-bg:import-everything', file }, importEverythingReplySchema);
      await customCrmsChanged();
      return counts;
    },
    async deleteEverything() {
      const { counts } = await request({ type: 'ui-bg:delete-everything' }, deleteEverythingReplySchema);
      await customCrmsChanged();
      return counts;
    },
    async applyRetention() {
      const { removed, removedDeals } = await request({ type: 'ui-bg:apply-retention' }, applyRetentionReplySchema);
      return { removed, removedDeals };
    },
    async dismissStorageNotice() {
      await request({ type: 'ui-bg:dismiss-storage-notice' }, okReplySchema);
    },
    now: () => new Date(),
  };
}
