import type { WxtBrowser } from 'wxt/browser';
import { errorReplySchema } from '../../messaging/protocol';
import {
  dealHistoryReplySchema,
  importDealsReplySchema,
  listDealsReplySchema,
  removeImportedReplySchema,
  type ReviewDeal,
} from '../../messaging/review';
import type { DealSnapshot } from '../../model/deal';
import type { Settings } from '../../model/settings';
import { readSettings } from '../../background/settings-storage';
import { chunks } from '../../review/import-flow';
import { MAPPING_PRESETS_KEY, mappingPresetSchema, readMappingPresets, type MappingPreset, type PresetsLoad } from '../../review/presets';
import type { z } from 'zod';

/**
 * Deals per list request: a small first page so the table shows rows at once, then larger ones so 5,000 deals take
 * a handful of requests (each deal is judged in the background as it is listed).
 */
export const FIRST_PAGE_SIZE = 200;
export const LIST_PAGE_SIZE = 1000;
/** Snapshots per import message: each is stored in its own transaction, so a chunk answers in well under a second. */
export const IMPORT_CHUNK_SIZE = 500;

export interface DealsLoad {
  deals: ReviewDeal[];
  /** The calendar day the verdicts are for. */
  today: string;
}

/** What the review page needs from the extension; components get this, tests give fakes. */
export interface ReviewSource {
  /** Every deal, page by page; `onProgress` sees each page as it arrives, so the table fills while the rest loads. */
  listDeals(onProgress?: (loaded: readonly ReviewDeal[], total: number) => void): Promise<DealsLoad>;
  dealHistory(dealKey: string): Promise<DealSnapshot[]>;
  importDeals(snapshots: readonly DealSnapshot[], onProgress?: (done: number, total: number) => void): Promise<{ stored: number; unchanged: number }>;
  removeImported(): Promise<number>;
  loadSettings(): Promise<Settings>;
  loadPresets(): Promise<PresetsLoad>;
  savePresets(presets: readonly MappingPreset[]): Promise<void>;
  copyText(text: string): Promise<void>;
  download(fileName: string, text: string, type: string): void;
  openOptions?(): void;
}

type Sender = (message: Record<string, unknown>) => Promise<unknown>;

/** Checks a reply against its schema; a refusal becomes an Error with the background's text. */
function parseReply<S extends z.ZodType>(reply: unknown, type: string, schema: S): z.infer<S> {
  const ok = schema.safeParse(reply);
  if (ok.success) return ok.data;
  const failed = errorReplySchema.safeParse(reply);
  throw new Error(failed.success ? failed.data.error : `unexpected reply to ${type}`);
}

/** Sends a message and checks the reply. */
async function ask<S extends z.ZodType>(send: Sender, message: Record<string, unknown>, schema: S): Promise<z.infer<S>> {
  return parseReply(await send(message), String(message.type), schema);
}

/** Only where the next page starts: read before the whole page is checked. */
const nextPageSchema = listDealsReplySchema.pick({ ok: true, next: true });

/** Talks to the background; pure functions of a `send` so tests can drive it with a fake background. */
export function reviewSourceFrom(send: Sender, browser: WxtBrowser | null): ReviewSource {
  return {
    async listDeals(onProgress) {
      const deals: ReviewDeal[] = [];
      const request = (after?: string) =>
        send({ type: 'ui-bg:list-deals', limit: after === undefined ? FIRST_PAGE_SIZE : LIST_PAGE_SIZE, ...(after === undefined ? {} : { after }) });
      let pending = request();
      for (;;) {
        const reply = await pending;
        // Ask for the next page before checking and showing this one: the background judges it meanwhile.
        const peek = nextPageSchema.safeParse(reply);
        if (peek.success && peek.data.next !== null) pending = request(peek.data.next);
        const page = parseReply(reply, 'ui-bg:list-deals', listDealsReplySchema);
        deals.push(...page.deals);
        onProgress?.(deals, page.total);
        if (page.next === null) return { deals, today: page.today };
      }
    },
    async dealHistory(dealKey) {
      return (await ask(send, { type: 'ui-bg:get-deal-history', dealKey }, dealHistoryReplySchema)).snapshots;
    },
    async importDeals(snapshots, onProgress) {
      let stored = 0;
      let unchanged = 0;
      for (const chunk of chunks(snapshots, IMPORT_CHUNK_SIZE)) {
        const reply = await ask(send, { type: 'ui-bg:import-deals', snapshots: chunk }, importDealsReplySchema);
        stored += reply.stored;
        unchanged += reply.unchanged;
        onProgress?.(stored + unchanged, snapshots.length);
      }
      return { stored, unchanged };
    },
    async removeImported() {
      return (await ask(send, { type: 'ui-bg:remove-imported-deals' }, removeImportedReplySchema)).removed;
    },
    loadSettings: () => (browser ? readSettings(browser.storage.sync) : Promise.reject(new Error('no extension storage'))),
    async loadPresets() {
      if (!browser) return { presets: [], errors: [] };
      return readMappingPresets((await browser.storage.local.get(MAPPING_PRESETS_KEY))[MAPPING_PRESETS_KEY]);
    },
    async savePresets(presets) {
      if (!browser) return;
      // Validated on the way in too: only presets that read back are written.
      await browser.storage.local.set({ [MAPPING_PRESETS_KEY]: presets.map((preset) => mappingPresetSchema.parse(preset)) });
    },
    copyText: (text) => navigator.clipboard.writeText(text),
    download(fileName, text, type) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked after the click has started the download.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    openOptions: browser ? () => void browser.runtime.openOptionsPage() : undefined,
  };
}

export function reviewSource(browser: WxtBrowser): ReviewSource {
  return reviewSourceFrom((message) => browser.runtime.sendMessage(message), browser);
}
