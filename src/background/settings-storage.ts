import { z } from 'zod';
import { browser } from 'wxt/browser';
import { defaultSettings, loadSettings, type Settings } from '../model/settings';

/**
 * Settings in `browser.storage.sync`.
 *
 * Sync storage holds 102,400 bytes in all and 8,192 per item (key plus JSON value; the same in Chrome and Firefox).
 * Most teams' settings are a few kB and are stored as they always were, one item under `settings`. Some are not:
 * 150 quotas (30 owners × a year and its quarters) are about 13 kB, and a custom framework with questions in two
 * languages about 8 kB. Those are stored in parts: `settings` then holds a pointer,
 * `{ version, chunks: { count, chars, checksum } }`, and `settings.0` … `settings.<count-1>` hold the settings' JSON
 * text cut into pieces that each fit one item. Why one JSON text cut up rather than one item per section: any section
 * can outgrow an item (quotas, custom frameworks, a long list of vague phrases), and cutting text handles them all.
 *
 * A write is one `set` of the pointer and every part, which the browser checks against the quota as a whole before
 * writing anything, so a save that does not fit changes nothing. Parts keep their keys from one save to the next
 * (overwritten in place: a save needs room for the larger of the old and new settings, not both); parts left over
 * from a longer save are removed afterwards. The checksum catches parts of two saves mixed by sync (two devices
 * saving at the same moment): such settings are reported as unreadable, never half-applied.
 *
 * Read settings with readSettings / readStoredSettings only: a pointer read as settings would be the defaults.
 */
export const SETTINGS_KEY = 'settings';
export const SYNC_QUOTA_BYTES = 102_400;
export const SYNC_QUOTA_BYTES_PER_ITEM = 8_192;
/** Room left in each item for the difference between our byte count and the browser's. */
const ITEM_MARGIN = 192;
const ITEM_LIMIT = SYNC_QUOTA_BYTES_PER_ITEM - ITEM_MARGIN;
/** Far more parts than 100 kB can need; a pointer asking for more is corrupt. */
const MAX_CHUNKS = 64;

export const chunkKey = (index: number) => `${SETTINGS_KEY}.${index}`;
const CHUNK_KEY = /^settings\.(\d+)$/;

const chunkPointerSchema = z
  .object({
    version: z.number().int(),
    chunks: z.object({ count: z.number().int().min(1).max(MAX_CHUNKS), chars: z.number().int().min(1), checksum: z.string().regex(/^[0-9a-f]{8}$/) }).strict(),
  })
  .strict();
type ChunkPointer = z.infer<typeof chunkPointerSchema>;

type StorageArea = Pick<typeof browser.storage.sync, 'get' | 'set' | 'remove'>;

export interface StoredSettings {
  settings: Settings;
  /** Why the stored settings could not be used (the defaults are returned instead); empty when they could. */
  errors: string[];
}

/** The stored settings, or the defaults with every reason the stored ones could not be read. Never writes. */
export async function readStoredSettings(area: StorageArea = browser.storage.sync): Promise<StoredSettings> {
  const stored = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
  let input: unknown = stored;
  const pointer = chunkPointerSchema.safeParse(stored);
  if (pointer.success) {
    const joined = await readChunks(area, pointer.data);
    if (!joined.ok) return { settings: defaultSettings(), errors: [joined.error] };
    input = joined.value;
  }
  const loaded = loadSettings(input);
  return loaded.ok ? { settings: loaded.settings, errors: [] } : { settings: defaultSettings(), errors: loaded.errors };
}

/** Settings from storage.sync; stored settings that fail validation are reported and the defaults used, never overwritten. */
export async function readSettings(area: StorageArea = browser.storage.sync): Promise<Settings> {
  const { settings, errors } = await readStoredSettings(area);
  if (errors.length) console.warn(`[Deal Hygiene] stored settings are invalid, using defaults: ${errors.join('; ')}`);
  return settings;
}

async function readChunks(area: StorageArea, pointer: ChunkPointer): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const { count, chars, checksum } = pointer.chunks;
  const keys = Array.from({ length: count }, (_, index) => chunkKey(index));
  const items = await area.get(keys);
  const parts: string[] = [];
  for (const key of keys) {
    const part = items[key];
    if (typeof part !== 'string') return { ok: false, error: `${key}: part of the stored settings is missing (sync may still be bringing it from another device)` };
    parts.push(part);
  }
  const text = parts.join('');
  if (text.length !== chars || fnv1a(text) !== checksum) {
    return { ok: false, error: `${SETTINGS_KEY}: the stored parts do not belong together (two devices saved at the same moment?); save the settings again` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: `${SETTINGS_KEY}: the stored parts are not valid JSON` };
  }
}

/** Why settings could not be written; `reason` lets the UI explain it in the user's language. */
export type SettingsWriteFailure =
  /** The settings do not pass validation: nothing was written. */
  | { reason: 'invalid'; errors: string[] }
  /** More than sync storage holds; `sections` are the settings' parts, largest first, to say what to trim. */
  | { reason: 'too-large'; bytes: number; limit: number; sections: { name: string; bytes: number }[]; detail?: string }
  /** The browser limits how often sync storage is written (per minute and per hour). */
  | { reason: 'too-many-writes'; detail: string }
  /** Any other refusal by the browser, with its own words. */
  | { reason: 'storage'; detail: string };

export class SettingsWriteError extends Error {
  constructor(readonly failure: SettingsWriteFailure) {
    super(describeFailure(failure));
    this.name = 'SettingsWriteError';
  }
}

function describeFailure(failure: SettingsWriteFailure): string {
  switch (failure.reason) {
    case 'invalid':
      return `settings not saved, they are invalid: ${failure.errors.join('; ')}`;
    case 'too-large': {
      const largest = failure.sections[0];
      return (
        `settings not saved: they need ${failure.bytes} bytes and sync storage has room for ${failure.limit}` +
        (failure.detail ? ` (the browser said: ${failure.detail})` : '') +
        (largest ? `; the largest part is ${largest.name} (${largest.bytes} bytes)` : '') +
        '; the previous settings are kept'
      );
    }
    case 'too-many-writes':
      return `settings not saved: the browser allows only so many saves a minute (${failure.detail}); wait a minute and save again; the previous settings are kept`;
    case 'storage':
      return `settings not saved: ${failure.detail}; the previous settings are kept`;
  }
}

/**
 * Validates `input` as settings (any known version; migrated and normalised like stored settings) and writes it to
 * sync storage. Throws a SettingsWriteError when it is invalid, when it does not fit sync storage's quota, or when
 * the browser refuses; the settings stored before stay as they were. Returns the settings as written.
 */
export async function writeSettings(input: unknown, area: StorageArea = browser.storage.sync): Promise<Settings> {
  const loaded = loadSettings(input);
  if (!loaded.ok) throw new SettingsWriteError({ reason: 'invalid', errors: loaded.errors });
  const settings = loaded.settings;
  const items = settingsItems(settings);

  const everything = await area.get(null);
  const previousChunks = Object.keys(everything).filter((key) => CHUNK_KEY.test(key));
  // Room for the settings: the quota minus what the extension's other sync keys use. Old parts a shorter save leaves
  // behind are not counted: parts are filled in order, so the old parts and the new ones together never need more
  // than the larger of the two saves (and should the browser still refuse, that is reported like any quota error).
  const othersBytes = Object.entries(everything)
    .filter(([key]) => key !== SETTINGS_KEY && !CHUNK_KEY.test(key))
    .reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
  const bytes = Object.entries(items).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
  const limit = SYNC_QUOTA_BYTES - othersBytes;
  if (bytes > limit) throw new SettingsWriteError({ reason: 'too-large', bytes, limit, sections: sectionSizes(settings) });

  try {
    await area.set(items);
  } catch (error) {
    throw new SettingsWriteError(failureOf(error, bytes, limit, settings));
  }
  const stale = previousChunks.filter((key) => !(key in items));
  if (stale.length) {
    // Leftover parts are unused once the pointer no longer names them; failing to remove them loses nothing.
    await area.remove(stale).catch((error: unknown) => console.warn(`[Deal Hygiene] could not remove old settings parts: ${String(error)}`));
  }
  return settings;
}

/** The items that store `settings`: one item when it fits, else a pointer and parts (see the module comment). */
export function settingsItems(settings: Settings): Record<string, unknown> {
  if (itemBytes(SETTINGS_KEY, settings) <= ITEM_LIMIT) return { [SETTINGS_KEY]: settings };
  const text = JSON.stringify(settings);
  const parts = splitForItems(text);
  const pointer: ChunkPointer = { version: settings.version, chunks: { count: parts.length, chars: text.length, checksum: fnv1a(text) } };
  return { [SETTINGS_KEY]: pointer, ...Object.fromEntries(parts.map((part, index) => [chunkKey(index), part])) };
}

/** Cuts `text` into pieces whose items (`settings.<n>` and the piece as a JSON string) each fit ITEM_LIMIT. */
function splitForItems(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    const keyBytes = utf8Bytes(chunkKey(parts.length));
    let bytes = keyBytes + 2; // the string's quotes
    let end = start;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      // Never cut a surrogate pair in two: each half alone is not valid UTF-16.
      const width = code >= 0xd800 && code <= 0xdbff && end + 1 < text.length ? 2 : 1;
      const add = width === 2 ? 4 : charJsonBytes(code);
      if (bytes + add > ITEM_LIMIT) break;
      bytes += add;
      end += width;
    }
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

/**
 * Bytes the browser counts for an item: the key and the value's JSON, in UTF-8. Chrome's JSON writer also escapes
 * "<" as \u003C (and U+2028, U+2029), so those count six bytes.
 */
export function itemBytes(key: string, value: unknown): number {
  return utf8Bytes(key) + jsonBytes(JSON.stringify(value) ?? 'null');
}

/** Bytes one UTF-16 code unit (not half of a pair) takes inside a JSON string, as Chrome writes it. */
function charJsonBytes(code: number): number {
  if (code === 0x22 || code === 0x5c) return 2; // \" \\
  if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return 2; // \b \t \n \f \r
  if (code < 0x20 || code === 0x3c || code === 0x2028 || code === 0x2029) return 6; // \u00XX, "<" as \u003C
  if (code >= 0xd800 && code <= 0xdfff) return 6; // a lone surrogate, escaped
  if (code < 0x80) return 1;
  return code < 0x800 ? 2 : 3;
}

function jsonBytes(json: string): number {
  let extra = 0;
  for (const char of json) if (char === '<' || char === '\u2028' || char === '\u2029') extra += 6 - utf8Bytes(char);
  return utf8Bytes(json) + extra;
}

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Each top-level part of the settings with its size, largest first; names are the settings keys (quotas, rules, …). */
export function sectionSizes(settings: Settings): { name: string; bytes: number }[] {
  return Object.entries(settings)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ({ name, bytes: jsonBytes(JSON.stringify(value)) }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** Chrome: "QUOTA_BYTES quota exceeded", "QUOTA_BYTES_PER_ITEM quota exceeded", "MAX_WRITE_OPERATIONS_PER_MINUTE …"; Firefox: "QuotaExceededError: …". */
function failureOf(error: unknown, bytes: number, limit: number, settings: Settings): SettingsWriteFailure {
  const detail = error instanceof Error ? error.message : String(error);
  if (/MAX_WRITE_OPERATIONS|MAX_SUSTAINED_WRITE/i.test(detail)) return { reason: 'too-many-writes', detail };
  // Our count said it fits but the browser counts differently (or other extensions' data shares the area in Firefox).
  if (/QUOTA_BYTES|quota/i.test(detail)) return { reason: 'too-large', bytes, limit, sections: sectionSizes(settings), detail };
  return { reason: 'storage', detail };
}

/** 32-bit FNV-1a over UTF-16 code units, as 8 hex digits: enough to tell parts of two different saves apart. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
