import { z } from 'zod';
import { rulesById } from '../rules/index';
import {
  formatIssues,
  loadSettings,
  normaliseStageMappings,
  qualificationSettingsSchema,
  rulesSettingsSchema,
  stageMappingsSchema,
  type Settings,
} from './settings';
import { locateJsonError } from './json-location';

/**
 * A rule pack: the team's rules, stage mapping and qualification framework as a JSON file a manager shares.
 * It never holds personal settings (quotas, time zone, retention period).
 *
 * ```json
 * { "kind": "deal-hygiene-rule-pack", "version": 1, "name": "Nordic sales team", "description": "…",
 *   "exportedAt": "2026-03-01T09:00:00.000Z", "settings": { "rules": {…}, "stageMapping": {…}, "qualification": {…} } }
 * ```
 *
 * Import replaces each of `rules`, `stageMapping` and `qualification` the pack holds (a rule the pack does not list
 * goes back to its defaults) and keeps the ones it leaves out, and the user's personal settings. It checks
 * everything first and changes nothing when anything is wrong: each error names its path.
 */
export const RULE_PACK_KIND = 'deal-hygiene-rule-pack';
export const RULE_PACK_VERSION = 1;
/** Far beyond any real pack (sync storage holds 100 kB in all), small enough to never hang the options page. */
export const RULE_PACK_MAX_CHARS = 1_000_000;

/** The settings a rule pack may carry; each one optional, nothing else allowed. */
export const rulePackSettingsSchema = z
  .object({
    rules: rulesSettingsSchema.optional(),
    stageMapping: stageMappingsSchema.optional(),
    qualification: qualificationSettingsSchema.optional(),
  })
  .strict();

export const rulePackSchema = z.object({
  kind: z.literal(RULE_PACK_KIND),
  version: z.literal(RULE_PACK_VERSION),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).optional(),
  /** When it was exported; informative only. */
  exportedAt: z.iso.datetime({ offset: true }).optional(),
  settings: rulePackSettingsSchema,
});
export type RulePack = z.infer<typeof rulePackSchema>;

export type RulePackImport = { ok: true; settings: Settings; pack: RulePack } | { ok: false; errors: string[] };

/** Settings a rule pack must not carry, and why. */
const PERSONAL_SETTINGS: Readonly<Record<string, string>> = {
  quotas: 'quotas are personal and never part of a rule pack; remove them',
  timeZone: 'the time zone is personal and never part of a rule pack; remove it',
  privacy: 'how long history is kept is personal and never part of a rule pack; remove it',
  version: 'the settings version is not part of a rule pack (the pack has its own "version"); remove it',
};

export interface ExportOptions {
  description?: string;
  /** The export time written into the pack; the clock by default. */
  now?: Date;
}

/**
 * The shareable rules, stage mapping and qualification settings as pretty-printed JSON. Settings for rules this
 * version does not know (written by a newer version through sync) are left out: no version could import them.
 * Throws a RangeError for a blank or over-long name; the caller asks for one first.
 */
export function exportRulePack(settings: Settings, name: string, { description, now = new Date() }: ExportOptions = {}): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw new RangeError('a rule pack needs a name of 1 to 100 characters');
  const rules = Object.fromEntries(Object.entries(settings.rules).filter(([id]) => rulesById.has(id)));
  const pack: RulePack = {
    kind: RULE_PACK_KIND,
    version: RULE_PACK_VERSION,
    name: trimmed,
    ...(description?.trim() ? { description: description.trim() } : {}),
    exportedAt: now.toISOString(),
    settings: { rules, stageMapping: settings.stageMapping, qualification: settings.qualification },
  };
  return `${JSON.stringify(pack, null, 2)}\n`;
}

/** A file name for the pack: `deal-hygiene-<name>.json`, safe on every OS. */
export function rulePackFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `deal-hygiene-${slug || 'rule-pack'}.json`;
}

/**
 * Reads a rule pack and returns the settings it gives on top of `current`, or every error with its path
 * (`settings.rules.stale-record.options.maxDaysByStage.commit: expected number, received string`). `current` is
 * never changed; on error the caller keeps it as it is.
 */
export function importRulePack(json: string, current: Settings): RulePackImport {
  const read = parseJson(json);
  if (!read.ok) return read;
  const raw = read.value;
  if (!isPlainObject(raw)) return { ok: false, errors: ['(root): expected an object (a Deal Hygiene rule pack)'] };

  // Not a pack, or a newer one: one clear error, not a list of everything that then looks wrong.
  if (raw.kind !== RULE_PACK_KIND) {
    const looksLikeSettings = 'rules' in raw || 'stageMapping' in raw;
    return {
      ok: false,
      errors: [
        `kind: expected "${RULE_PACK_KIND}", received ${describe(raw.kind)}: this is not a Deal Hygiene rule pack` +
          (looksLikeSettings ? ' (it looks like bare settings; export a rule pack from the options page instead)' : ''),
      ],
    };
  }
  if (typeof raw.version === 'number' && Number.isInteger(raw.version) && raw.version > RULE_PACK_VERSION) {
    return {
      ok: false,
      errors: [`version: this rule pack is version ${raw.version}, written by a newer Deal Hygiene; this one reads up to version ${RULE_PACK_VERSION}. Update the extension to use it.`],
    };
  }

  const errors: string[] = [];
  const rawSettings = isPlainObject(raw.settings) ? raw.settings : undefined;
  const candidate: Record<string, unknown> = { ...raw };
  if (rawSettings) {
    const shareable = { ...rawSettings };
    for (const [key, why] of Object.entries(PERSONAL_SETTINGS)) {
      if (Object.hasOwn(shareable, key)) {
        errors.push(`settings.${key}: ${why}`);
        delete shareable[key];
      }
    }
    candidate.settings = shareable;
  }
  const parsed = rulePackSchema.safeParse(candidate);
  if (!parsed.success) errors.push(...formatIssues(parsed.error.issues));
  if (rawSettings && isPlainObject(rawSettings.rules)) errors.push(...checkRules(rawSettings.rules));
  if (errors.length || !parsed.success) return { ok: false, errors: unique(errors) };

  const pack = parsed.data;
  const { rules, stageMapping, qualification } = pack.settings;
  if (stageMapping) {
    const normalised = normaliseStageMappings(stageMapping, 'settings.stageMapping');
    if (normalised.errors.length) return { ok: false, errors: normalised.errors };
  }
  const merged: Settings = {
    ...current,
    ...(rules ? { rules } : {}),
    ...(stageMapping ? { stageMapping } : {}),
    ...(qualification ? { qualification } : {}),
  };
  // The same checks stored settings get (and their normalisation), so an imported pack loads the same way later.
  const loaded = loadSettings(structuredClone(merged));
  if (!loaded.ok) return { ok: false, errors: loaded.errors.map((error) => `settings.${error}`) };
  return { ok: true, settings: loaded.settings, pack };
}

/** Unknown rule ids, and options each rule's own schema rejects. */
function checkRules(rules: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const [id, setting] of Object.entries(rules)) {
    const rule = rulesById.get(id);
    if (!rule) {
      errors.push(`settings.rules.${id}: unknown rule "${id}"; this version knows ${[...rulesById.keys()].sort().join(', ')}`);
      continue;
    }
    if (!isPlainObject(setting) || setting.options === undefined || !isPlainObject(setting.options)) continue;
    const path = `settings.rules.${id}.options`;
    const options = rule.meta.options.safeParse(setting.options);
    if (!options.success) errors.push(...formatIssues(options.error.issues, path));
    // Options schemas drop keys they do not know; in a hand-edited pack that is a typo that would silently do nothing.
    else errors.push(...droppedKeys(setting.options, options.data, path).map((key) => `${key}: unknown option`));
  }
  return errors;
}

/** Paths of keys in `input` that parsing dropped from `output` (plain objects only, recursively). */
function droppedKeys(input: unknown, output: unknown, path: string): string[] {
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  return Object.keys(input).flatMap((key) =>
    Object.hasOwn(output, key) ? droppedKeys(input[key], output[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

type JsonRead = { ok: true; value: unknown } | { ok: false; errors: string[] };

/** JSON.parse, with an error that says where: browsers word (and place) their own errors differently. */
function parseJson(json: string): JsonRead {
  if (typeof json !== 'string') return { ok: false, errors: ['(file): expected the text of a JSON file'] };
  if (json.length > RULE_PACK_MAX_CHARS) {
    return { ok: false, errors: [`(file): ${json.length.toLocaleString('en')} characters is too large for a rule pack (at most ${RULE_PACK_MAX_CHARS.toLocaleString('en')})`] };
  }
  // Editors on Windows save a byte-order mark, which JSON.parse refuses.
  const text = json.startsWith('\uFEFF') ? json.slice(1) : json;
  if (!text.trim()) return { ok: false, errors: ['(file): the file is empty'] };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const found = locateJsonError(text);
    if (!found) return { ok: false, errors: [`(file): not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
    const { line, column } = lineAndColumn(text, found.offset);
    return { ok: false, errors: [`(file) line ${line}, column ${column}: not valid JSON: ${found.message}`] };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

// Lives in its own module so that readers of other JSON files (custom CRM mappings) need not import rule packs.
export { locateJsonError } from './json-location';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 60));
  return typeof value;
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}
