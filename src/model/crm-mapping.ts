import { z } from 'zod';
import { canonicalStageSchema } from './deal';
import { locateJsonError } from './json-location';
import {
  CRITERION_ID,
  CRM_MAPPING_KIND,
  CRM_MAPPING_MAX_CHARS,
  CRM_MAPPING_VERSION,
  CURRENCY_CODE,
  MAPPABLE_FIELDS,
  MAPPING_ID,
  MAPPING_MESSAGES as MESSAGES,
  MAX_CUSTOM_CRMS,
  checkMapping,
  isLocale,
  locatorOf,
  locatorProblem,
  mappingIssues,
  matchPatternProblem,
  normaliseStageLabels,
  readStoredMappings,
  recordIdPatternProblem,
  selectorProblem,
  uniqueLines,
  type Locator,
  type MappableField,
  type MappingCheck,
  type StoredCustomCrms,
} from './crm-mapping-base';

/**
 * A user's mapping of a CRM Deal Hygiene has no adapter for ("Other CRM"): where it lives (match patterns), how to
 * find the record id in its URLs, and where each deal field is on its record pages (label texts or a CSS selector).
 * Read by the generic adapter (src/adapters/generic.ts); stored in storage.local under `customCrms`; shared as a
 * JSON file `{ kind: 'deal-hygiene-crm-mapping', version: 1, mapping }`.
 *
 * These are the zod classic schemas (background, options page). The content script checks mappings with the
 * zod/mini copy in src/model/crm-mapping-mini.ts; the checks, messages and helpers both use live in the zod-free
 * src/model/crm-mapping-base.ts and are re-exported here, so importers of this module need nothing else.
 */
export {
  CRITERION_ID,
  CRM_MAPPING_KIND,
  CRM_MAPPING_MAX_CHARS,
  CRM_MAPPING_VERSION,
  CUSTOM_CRMS_KEY,
  MAPPABLE_FIELDS,
  MAPPING_ID,
  MAX_CUSTOM_CRMS,
  mappingIssues,
  matchPatternProblem,
  matchesPattern,
  recordIdIn,
  recordIdPatternProblem,
  selectorProblem,
  type Locator,
  type MappableField,
  type MappingCheck,
  type StoredCustomCrms,
} from './crm-mapping-base';

export const matchPatternSchema = z
  .string()
  .trim()
  .min(1, MESSAGES.patternBlank)
  .max(500)
  .superRefine((pattern, context) => {
    const problem = matchPatternProblem(pattern);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

// ---------------------------------------------------------------------------------------------------------
// The record id pattern

export const regexSourceSchema = z
  .string()
  .min(1, MESSAGES.recordIdBlank)
  .max(500)
  .superRefine((source, context) => {
    const problem = recordIdPatternProblem(source);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

// ---------------------------------------------------------------------------------------------------------
// Where a field is

const labelTextSchema = z.string().trim().min(1, MESSAGES.labelBlank).max(200);

/** Label texts (any language, case-insensitive; the first one found on the page wins) or one CSS selector. */
export const locatorSchema = z
  .object({
    labels: z.array(labelTextSchema).min(1, MESSAGES.labelsEmpty).max(20).optional(),
    selector: z
      .string()
      .trim()
      .min(1, MESSAGES.selectorBlank)
      .max(500)
      .superRefine((selector, context) => {
        const problem = selectorProblem(selector);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  })
  .strict()
  .superRefine((locator, context) => {
    const problem = locatorProblem(locator);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .transform((locator): Locator => locatorOf(locator));

export const mappableFieldSchema = z.enum(MAPPABLE_FIELDS as [MappableField, ...MappableField[]]);

const criterionIdSchema = z.string().regex(CRITERION_ID, MESSAGES.criterionId);

/** Stage labels are compared in lower case, trimmed: stored that way whatever the file says. */
const stageMappingSchema = z
  .record(z.string().trim().min(1, MESSAGES.stageLabelBlank).max(200), canonicalStageSchema)
  .refine((mapping) => Object.keys(mapping).length <= 200, MESSAGES.stageLabelsTooMany)
  .transform(normaliseStageLabels);

export const crmMappingSchema = z
  .object({
    /** Stable; part of every deal key (`generic:<id>:<host>:<record id>`), so history survives renames. */
    id: z.string().regex(MAPPING_ID, MESSAGES.mappingId),
    name: z.string().trim().min(1, MESSAGES.nameBlank).max(100),
    matches: z.array(matchPatternSchema).min(1, MESSAGES.matchesEmpty).max(20),
    /** One capture group; tested against the full URL including the #hash (hash-routed apps keep the id there). */
    recordId: z.object({ pattern: regexSourceSchema }).strict(),
    fields: z.partialRecord(mappableFieldSchema, locatorSchema).default({}),
    /** CRM fields that hold qualification evidence: criterion id (economic-buyer, identify-pain…) → where. */
    qualification: z
      .record(criterionIdSchema, locatorSchema)
      .refine((criteria) => Object.keys(criteria).length <= 30, MESSAGES.criteriaTooMany)
      .default({}),
    stageMapping: stageMappingSchema.default({}),
    /** BCP 47; else the page's <html lang>, else the browser's language. */
    locale: z
      .string()
      .trim()
      .max(35)
      .refine(isLocale, MESSAGES.locale)
      .optional(),
    /** When numeric dates are ambiguous for the locale ("03/04/2026"). */
    dateOrder: z.enum(['dmy', 'mdy', 'ymd']).optional(),
    /** ISO code for amounts the CRM shows without a currency ("250000"). */
    currency: z
      .string()
      .regex(CURRENCY_CODE, MESSAGES.currency)
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
// Checking

/** Checks a mapping from anywhere (the form, storage, a message, a file); errors name their path. */
export function parseCrmMapping(input: unknown, prefix: readonly PropertyKey[] = []): MappingCheck {
  return checkMapping((value) => crmMappingSchema.safeParse(value), input, prefix);
}

/** Reads `customCrms` as stored: each mapping is checked on its own, so one broken entry does not hide the others. */
export function readStoredCustomCrms(stored: unknown): StoredCustomCrms {
  return readStoredMappings((value) => crmMappingSchema.safeParse(value), stored);
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
  return errors.length || !mapping.ok ? { ok: false, errors: uniqueLines(errors) } : mapping;
}

