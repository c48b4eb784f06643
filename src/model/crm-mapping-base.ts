import type { $ZodIssue } from 'zod/v4/core';
import { FIELD_NAMES, type FieldName } from './deal-names';
import type { CrmMapping } from './crm-mapping';

/**
 * The zod-free half of a custom CRM mapping ("Other CRM", src/model/crm-mapping.ts): names, limits, the checks the
 * schemas run (match patterns, record-id patterns, selectors, language tags), their messages, URL matching and the
 * reading of stored mappings. Both schemas use it — zod classic in src/model/crm-mapping.ts (background, options
 * page), zod/mini in src/model/crm-mapping-mini.ts (the content script, which must stay small) — so the two say
 * the same thing in the same words (tests/unit/model/crm-mapping-mini.test.ts holds them to it).
 */

export const CUSTOM_CRMS_KEY = 'customCrms';
export const CRM_MAPPING_KIND = 'deal-hygiene-crm-mapping';
export const CRM_MAPPING_VERSION = 1;
/** A mapping is a few kB; a megabyte is no mapping, and would only hang the options page. */
export const CRM_MAPPING_MAX_CHARS = 1_000_000;
export const MAX_CUSTOM_CRMS = 50;

export const MAPPING_ID = /^[a-z][a-z0-9-]{0,40}$/;
export const CRITERION_ID = /^[a-z][a-z0-9-]{0,40}$/;
export const CURRENCY_CODE = /^[A-Z]{3}$/;

/** The messages both schemas give for their own checks (the rest are zod's, in English). */
export const MAPPING_MESSAGES = {
  patternBlank: 'a match pattern cannot be blank',
  recordIdBlank: 'the record id pattern cannot be blank',
  labelBlank: 'a label cannot be blank',
  labelsEmpty: 'give at least one label text',
  selectorBlank: 'the selector cannot be blank',
  locatorMissing: 'give either "labels" (label texts) or "selector" (a CSS selector)',
  locatorBoth: 'give either "labels" or "selector", not both',
  criterionId: 'a criterion id is lower-case letters, digits and -, e.g. economic-buyer',
  stageLabelBlank: 'a stage label cannot be blank',
  stageLabelsTooMany: 'at most 200 stage labels',
  mappingId: 'an id is 1–41 lower-case letters, digits and -, starting with a letter',
  nameBlank: 'the name cannot be blank',
  matchesEmpty: 'give at least one URL pattern',
  criteriaTooMany: 'at most 30 criteria',
  locale: 'expected a language tag such as en-US, da or de-DE',
  currency: 'expected a three-letter ISO currency code such as EUR',
} as const;

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

/** What a locator as written becomes: exactly one of labels or selector (the schemas refuse both or neither). */
export function locatorOf(locator: { labels?: string[] | undefined; selector?: string | undefined }): Locator {
  return locator.labels ? { labels: locator.labels } : { selector: locator.selector! };
}

/** Why a locator as written is neither labels nor a selector, or null. */
export function locatorProblem(locator: { labels?: unknown; selector?: unknown }): string | null {
  if (locator.labels === undefined && locator.selector === undefined) return MAPPING_MESSAGES.locatorMissing;
  if (locator.labels !== undefined && locator.selector !== undefined) return MAPPING_MESSAGES.locatorBoth;
  return null;
}

/** Deal fields a mapping can locate; qualification evidence is mapped per criterion, under `qualification`. */
export const MAPPABLE_FIELDS = FIELD_NAMES.filter((field) => field !== 'qualification') as Exclude<FieldName, 'qualification'>[];
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Stage labels are compared in lower case, trimmed: stored that way whatever the file says. */
export function normaliseStageLabels<T>(mapping: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(mapping).map(([label, stage]) => [label.trim().toLocaleLowerCase(), stage]));
}

export function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Errors by path

/**
 * One line per problem: `path.to.value: what is wrong` (`matches.0: the scheme must be http…`). Union and record-key
 * issues are unwrapped to the inner problem, which says more than zod's "Invalid input".
 */
export function mappingIssues(issues: readonly $ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
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

/** A schema's safeParse, classic or mini: both give the mapping or zod 4 issues. */
export type MappingParser = (input: unknown) => { success: true; data: CrmMapping } | { success: false; error: { issues: readonly $ZodIssue[] } };

/** Checks a mapping with a schema's parser; errors name their path. */
export function checkMapping(parse: MappingParser, input: unknown, prefix: readonly PropertyKey[] = []): MappingCheck {
  const result = parse(input);
  return result.success ? { ok: true, mapping: result.data } : { ok: false, errors: uniqueLines(mappingIssues(result.error.issues, prefix)) };
}

export interface StoredCustomCrms {
  /** The valid mappings, in stored order; an invalid or duplicate one is left out (and reported), never the rest. */
  mappings: CrmMapping[];
  errors: string[];
}

/** Reads `customCrms` as stored: each mapping is checked on its own, so one broken entry does not hide the others. */
export function readStoredMappings(parse: MappingParser, stored: unknown): StoredCustomCrms {
  if (stored === undefined || stored === null) return { mappings: [], errors: [] };
  if (!Array.isArray(stored)) return { mappings: [], errors: [`${CUSTOM_CRMS_KEY}: expected a list of CRM mappings`] };
  const mappings: CrmMapping[] = [];
  const errors: string[] = [];
  stored.slice(0, MAX_CUSTOM_CRMS).forEach((entry, index) => {
    const checked = checkMapping(parse, entry, [CUSTOM_CRMS_KEY, index]);
    if (!checked.ok) errors.push(...checked.errors);
    else if (mappings.some((mapping) => mapping.id === checked.mapping.id)) errors.push(`${CUSTOM_CRMS_KEY}.${index}.id: "${checked.mapping.id}" is the id of another CRM`);
    else mappings.push(checked.mapping);
  });
  if (stored.length > MAX_CUSTOM_CRMS) errors.push(`${CUSTOM_CRMS_KEY}: only the first ${MAX_CUSTOM_CRMS} CRMs are used`);
  return { mappings, errors };
}

export const uniqueLines = (lines: string[]) => [...new Set(lines)];
