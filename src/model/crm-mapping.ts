import { z } from 'zod';
import { canonicalStageSchema, FIELD_NAMES, type FieldName } from './deal';
import { locateJsonError } from './json-location';

/**
 * A user's mapping of a CRM Deal Hygiene has no adapter for ("Other CRM"): where it lives (match patterns), how to
 * find the record id in its URLs, and where each deal field is on its record pages (label texts or a CSS selector).
 * Read by the generic adapter (src/adapters/generic.ts); stored in storage.local under `customCrms`; shared as a
 * JSON file `{ kind: 'deal-hygiene-crm-mapping', version: 1, mapping }`.
 */

export const CUSTOM_CRMS_KEY = 'customCrms';
export const CRM_MAPPING_KIND = 'deal-hygiene-crm-mapping';
export const CRM_MAPPING_VERSION = 1;
/** A mapping is a few kB; a megabyte is no mapping, and would only hang the options page. */
export const CRM_MAPPING_MAX_CHARS = 1_000_000;
export const MAX_CUSTOM_CRMS = 50;

// ---------------------------------------------------------------------------------------------------------
// Match patterns

/**
 * Why a WebExtension match pattern (`<scheme>://<host><path>`) cannot be used for a CRM, or null when it can.
 * The grammar is Chrome's and Firefox's: scheme `*`, `http` or `https` (a CRM is a web page, so not `file`, `ftp`
 * or `<all_urls>`); host `*.` + a host name, or a host name, with an optional port as Chrome allows (Firefox
 * ignores ports); path starting with `/`, where `*` matches anything. A lone `*` host is valid in the grammar but
 * would run the reader on every site, so it is refused here.
 */
export function matchPatternProblem(pattern: string): string | null {
  if (pattern === '<all_urls>') return '<all_urls> would read every site you visit; give your CRM\'s address, e.g. https://crm.example.com/*';
  const parts = /^([^:/]*):\/\/([^/]*)(\/.*)?$/s.exec(pattern);
  if (!parts) return 'expected <scheme>://<host>/<path>, e.g. https://crm.example.com/*';
  const [, scheme = '', host = '', path] = parts;
  if (!['*', 'http', 'https'].includes(scheme)) return `the scheme must be http, https or * (both), not "${scheme}"`;
  if (!host) return 'the host is missing, e.g. https://crm.example.com/*';
  if (path === undefined) return 'the path is missing: end the pattern with / or /*';
  if (/\s/.test(pattern)) return 'a match pattern has no spaces';
  if (host === '*') return 'the host * would read every site you visit; give your CRM\'s host name';
  const hostPart = /^(\*\.)?(\[[0-9a-fA-F:.]+\]|[^:*[\]]+)(?::(\d{1,5}|\*))?$/.exec(host);
  if (!hostPart) return host.includes('*') ? 'a * in the host may only come first, followed by a dot: *.example.com' : `"${host}" is not a host name`;
  const [, , name = '', port] = hostPart;
  if (!name.startsWith('[') && !/^(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*\.?$/.test(name)) {
    return `"${name}" is not a host name`;
  }
  if (port !== undefined && port !== '*' && (Number(port) < 1 || Number(port) > 65535)) return `port ${port} is out of range`;
  return null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `url` is one a match pattern covers (as the browser decides where to run content scripts). */
export function matchesPattern(pattern: string, url: URL): boolean {
  if (matchPatternProblem(pattern)) return false;
  const [, scheme = '', host = '', path = ''] = /^([^:/]*):\/\/([^/]*)(\/.*)$/s.exec(pattern) ?? [];
  const protocol = url.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme) return false;
  const [, wildcard, name = '', port] = /^(\*\.)?(\[[^\]]+\]|[^:]+)(?::(.+))?$/.exec(host) ?? [];
  const wanted = name.toLowerCase().replace(/\.$/, '');
  const actual = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!(actual === wanted || (wildcard && actual.endsWith(`.${wanted}`)))) return false;
  if (port !== undefined && port !== '*') {
    const actualPort = url.port || (protocol === 'https' ? '443' : '80');
    if (actualPort !== port) return false;
  }
  // The path part covers the path and the query, never the fragment.
  const pathPattern = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return pathPattern.test(`${url.pathname}${url.search}`);
}

export const matchPatternSchema = z
  .string()
  .trim()
  .min(1, 'a match pattern cannot be blank')
  .max(500)
  .superRefine((pattern, context) => {
    const problem = matchPatternProblem(pattern);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

// ---------------------------------------------------------------------------------------------------------
// The record id pattern

/** How many capture groups a regular expression has: an empty alternative always matches and reports them all. */
function captureGroups(source: string): number {
  return new RegExp(`${source}|`).exec('')!.length - 1;
}

/** Why `source` cannot find a record id, or null: it must compile and have exactly one capture group. */
export function recordIdPatternProblem(source: string): string | null {
  try {
    new RegExp(source);
  } catch (error) {
    return `not a valid regular expression: ${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)}`;
  }
  const groups = captureGroups(source);
  if (groups !== 1) return `needs exactly one capture group ( … ) around the record id; it has ${groups}. Write other groups as (?: … )`;
  return null;
}

export const regexSourceSchema = z
  .string()
  .min(1, 'the record id pattern cannot be blank')
  .max(500)
  .superRefine((source, context) => {
    const problem = recordIdPatternProblem(source);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** The record id a URL holds by the pattern (tested against the whole URL, the #hash included), or null. */
export function recordIdIn(pattern: string, url: string): string | null {
  try {
    const id = new RegExp(pattern).exec(url)?.[1];
    return id ? id : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Where a field is

/**
 * Whether a CSS selector parses. Only checkable where there is a DOM (the options page, the content script); the
 * background service worker has none and takes it on trust, and the reader then reports it as unreadable.
 */
export function selectorProblem(selector: string): string | null {
  if (typeof document === 'undefined' || !selector.trim()) return null;
  try {
    document.createDocumentFragment().querySelector(selector);
    return null;
  } catch {
    return `"${selector.slice(0, 80)}" is not a valid CSS selector`;
  }
}

export type Locator = { labels: string[] } | { selector: string };

const labelTextSchema = z.string().trim().min(1, 'a label cannot be blank').max(200);

/** Label texts (any language, case-insensitive; the first one found on the page wins) or one CSS selector. */
export const locatorSchema = z
  .object({
    labels: z.array(labelTextSchema).min(1, 'give at least one label text').max(20).optional(),
    selector: z
      .string()
      .trim()
      .min(1, 'the selector cannot be blank')
      .max(500)
      .superRefine((selector, context) => {
        const problem = selectorProblem(selector);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  })
  .strict()
  .superRefine((locator, context) => {
    if (locator.labels === undefined && locator.selector === undefined) {
      context.addIssue({ code: 'custom', message: 'give either "labels" (label texts) or "selector" (a CSS selector)' });
    } else if (locator.labels !== undefined && locator.selector !== undefined) {
      context.addIssue({ code: 'custom', message: 'give either "labels" or "selector", not both' });
    }
  })
  .transform((locator): Locator => (locator.labels ? { labels: locator.labels } : { selector: locator.selector! }));

/** Deal fields a mapping can locate; qualification evidence is mapped per criterion, under `qualification`. */
export const MAPPABLE_FIELDS = FIELD_NAMES.filter((field) => field !== 'qualification') as Exclude<FieldName, 'qualification'>[];
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export const mappableFieldSchema = z.enum(MAPPABLE_FIELDS as [MappableField, ...MappableField[]]);

const criterionIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'a criterion id is lower-case letters, digits and -, e.g. economic-buyer');

/** Stage labels are compared in lower case, trimmed: stored that way whatever the file says. */
const stageMappingSchema = z
  .record(z.string().trim().min(1, 'a stage label cannot be blank').max(200), canonicalStageSchema)
  .refine((mapping) => Object.keys(mapping).length <= 200, 'at most 200 stage labels')
  .transform((mapping) => Object.fromEntries(Object.entries(mapping).map(([label, stage]) => [label.trim().toLocaleLowerCase(), stage])));

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

export const MAPPING_ID = /^[a-z][a-z0-9-]{0,40}$/;

export const crmMappingSchema = z
  .object({
    /** Stable; part of every deal key (`generic:<id>:<host>:<record id>`), so history survives renames. */
    id: z.string().regex(MAPPING_ID, 'an id is 1–41 lower-case letters, digits and -, starting with a letter'),
    name: z.string().trim().min(1, 'the name cannot be blank').max(100),
    matches: z.array(matchPatternSchema).min(1, 'give at least one URL pattern').max(20),
    /** One capture group; tested against the full URL including the #hash (hash-routed apps keep the id there). */
    recordId: z.object({ pattern: regexSourceSchema }).strict(),
    fields: z.partialRecord(mappableFieldSchema, locatorSchema).default({}),
    /** CRM fields that hold qualification evidence: criterion id (economic-buyer, identify-pain…) → where. */
    qualification: z
      .record(criterionIdSchema, locatorSchema)
      .refine((criteria) => Object.keys(criteria).length <= 30, 'at most 30 criteria')
      .default({}),
    stageMapping: stageMappingSchema.default({}),
    /** BCP 47; else the page's <html lang>, else the browser's language. */
    locale: z
      .string()
      .trim()
      .max(35)
      .refine(isLocale, 'expected a language tag such as en-US, da or de-DE')
      .optional(),
    /** When numeric dates are ambiguous for the locale ("03/04/2026"). */
    dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
    /** ISO code for amounts the CRM shows without a currency ("250000"). */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected a three-letter ISO currency code such as EUR')
      .optional(),
  })
  .strict();

export type CrmMapping = z.output<typeof crmMappingSchema>;
/** What a preset or a file may leave out (defaults fill it in). */
export type CrmMappingInput = z.input<typeof crmMappingSchema>;

/** For presets: checks the mapping once and fills in the defaults; throws on a mistake (caught by the preset tests). */
export function defineCrmMapping(input: CrmMappingInput): CrmMapping {
  return crmMappingSchema.parse(input);
}

/** Every custom CRM, ids unique. */
export const customCrmsSchema = z
  .array(crmMappingSchema)
  .max(MAX_CUSTOM_CRMS)
  .superRefine((mappings, context) => {
    const seen = new Set<string>();
    mappings.forEach((mapping, index) => {
      if (seen.has(mapping.id)) context.addIssue({ code: 'custom', path: [index, 'id'], message: `"${mapping.id}" is the id of another CRM` });
      seen.add(mapping.id);
    });
  });

// ---------------------------------------------------------------------------------------------------------
// Errors by path

/**
 * One line per problem: `path.to.value: what is wrong` (`matches.0: the scheme must be http…`). Union and record-key
 * issues are unwrapped to the inner problem, which says more than zod's "Invalid input".
 */
export function mappingIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  const line = (path: readonly PropertyKey[], message: string) => {
    const joined = [...prefix, ...path].map(String).join('.');
    return `${joined || '(root)'}: ${message.replace(/^Invalid input: /, '')}`;
  };
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => line([...issue.path, key], 'unknown key'));
    if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message;
      const what = issue.path.length === 2 && issue.path[0] === 'fields' ? `not a deal field; known: ${MAPPABLE_FIELDS.join(', ')}` : inner;
      return [line(issue.path, what)];
    }
    if (issue.code === 'invalid_union' && issue.errors.length) {
      return mappingIssues(issue.errors[0]!, [...prefix, ...issue.path]);
    }
    return [line(issue.path, issue.message)];
  });
}

export type MappingCheck = { ok: true; mapping: CrmMapping } | { ok: false; errors: string[] };

/** Checks a mapping from anywhere (the form, storage, a message, a file); errors name their path. */
export function parseCrmMapping(input: unknown, prefix: readonly PropertyKey[] = []): MappingCheck {
  const result = crmMappingSchema.safeParse(input);
  return result.success ? { ok: true, mapping: result.data } : { ok: false, errors: unique(mappingIssues(result.error.issues, prefix)) };
}

export interface StoredCustomCrms {
  /** The valid mappings, in stored order; an invalid or duplicate one is left out (and reported), never the rest. */
  mappings: CrmMapping[];
  errors: string[];
}

/** Reads `customCrms` as stored: each mapping is checked on its own, so one broken entry does not hide the others. */
export function readStoredCustomCrms(stored: unknown): StoredCustomCrms {
  if (stored === undefined || stored === null) return { mappings: [], errors: [] };
  if (!Array.isArray(stored)) return { mappings: [], errors: [`${CUSTOM_CRMS_KEY}: expected a list of CRM mappings`] };
  const mappings: CrmMapping[] = [];
  const errors: string[] = [];
  stored.slice(0, MAX_CUSTOM_CRMS).forEach((entry, index) => {
    const checked = parseCrmMapping(entry, [CUSTOM_CRMS_KEY, index]);
    if (!checked.ok) errors.push(...checked.errors);
    else if (mappings.some((mapping) => mapping.id === checked.mapping.id)) errors.push(`${CUSTOM_CRMS_KEY}.${index}.id: "${checked.mapping.id}" is the id of another CRM`);
    else mappings.push(checked.mapping);
  });
  if (stored.length > MAX_CUSTOM_CRMS) errors.push(`${CUSTOM_CRMS_KEY}: only the first ${MAX_CUSTOM_CRMS} CRMs are used`);
  return { mappings, errors };
}

// ---------------------------------------------------------------------------------------------------------
// Ids

/** An id for a new mapping from its name ("Acme CRM" → "acme-crm"), not among `taken`. */
export function mappingIdFor(name: string, taken: Iterable<string> = []): string {
  const used = new Set(taken);
  const slug =
    name
      .toLowerCase()
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'oe')
      .replace(/å/g, 'aa')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^[^a-z]+|-+$/g, '')
      .slice(0, 34)
      .replace(/-+$/, '') || 'crm';
  if (!used.has(slug)) return slug;
  for (let n = 2; ; n++) if (!used.has(`${slug}-${n}`)) return `${slug}-${n}`;
}

// ---------------------------------------------------------------------------------------------------------
// Files

export interface CrmMappingFile {
  kind: typeof CRM_MAPPING_KIND;
  version: typeof CRM_MAPPING_VERSION;
  exportedAt?: string;
  mapping: CrmMapping;
}

/** The mapping as a pretty-printed JSON file a colleague can import. */
export function exportCrmMapping(mapping: CrmMapping, now?: Date): string {
  const file: CrmMappingFile = { kind: CRM_MAPPING_KIND, version: CRM_MAPPING_VERSION, ...(now ? { exportedAt: now.toISOString() } : {}), mapping };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** `deal-hygiene-crm-<name>.json`, safe on every OS. */
export function crmMappingFileName(mapping: Pick<CrmMapping, 'name' | 'id'>): string {
  return `deal-hygiene-crm-${mappingIdFor(mapping.name) === 'crm' ? mapping.id : mappingIdFor(mapping.name)}.json`;
}

const fileSchema = z
  .object({
    kind: z.literal(CRM_MAPPING_KIND),
    version: z.literal(CRM_MAPPING_VERSION),
    exportedAt: z.iso.datetime({ offset: true }).optional(),
    mapping: z.unknown(),
  })
  .strict();

/** Reads a mapping file; every error names its path (`mapping.fields.amount.selector: …`, `(file) line 3, column 5: …`). */
export function importCrmMapping(json: string): MappingCheck {
  if (typeof json !== 'string') return { ok: false, errors: ['(file): expected the text of a JSON file'] };
  if (json.length > CRM_MAPPING_MAX_CHARS) return { ok: false, errors: [`(file): too large for a CRM mapping (${json.length} characters)`] };
  const text = json.startsWith('\uFEFF') ? json.slice(1) : json;
  if (!text.trim()) return { ok: false, errors: ['(file): the file is empty'] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const found = locateJsonError(text);
    if (!found) return { ok: false, errors: [`(file): not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
    const before = text.slice(0, found.offset).split('\n');
    return { ok: false, errors: [`(file) line ${before.length}, column ${before[before.length - 1]!.length + 1}: not valid JSON: ${found.message}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, errors: ['(root): expected an object (a Deal Hygiene CRM mapping)'] };
  const record = raw as Record<string, unknown>;
  if (record.kind !== CRM_MAPPING_KIND) {
    const hint = record.kind === 'deal-hygiene-rule-pack' ? ' (this is a rule pack: import it under Rules)' : '';
    return { ok: false, errors: [`kind: expected "${CRM_MAPPING_KIND}": this is not a Deal Hygiene CRM mapping${hint}`] };
  }
  if (typeof record.version === 'number' && record.version > CRM_MAPPING_VERSION) {
    return { ok: false, errors: [`version: this mapping is version ${record.version}, written by a newer Deal Hygiene; this one reads version ${CRM_MAPPING_VERSION}. Update the extension to use it.`] };
  }
  const file = fileSchema.safeParse(raw);
  const errors = file.success ? [] : mappingIssues(file.error.issues);
  if (record.mapping === undefined) errors.push('mapping: missing');
  const mapping = parseCrmMapping(record.mapping, ['mapping']);
  if (!mapping.ok && record.mapping !== undefined) errors.push(...mapping.errors);
  return errors.length || !mapping.ok ? { ok: false, errors: unique(errors) } : mapping;
}

const unique = (lines: string[]) => [...new Set(lines)];
