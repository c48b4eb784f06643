import { z } from './zod-mini';
import { CANONICAL_STAGES } from './deal-names';
import {
  CRITERION_ID,
  CURRENCY_CODE,
  MAPPABLE_FIELDS,
  MAPPING_ID,
  MAPPING_MESSAGES as MESSAGES,
  checkMapping,
  isLocale,
  locatorOf,
  locatorProblem,
  matchPatternProblem,
  normaliseStageLabels,
  readStoredMappings,
  recordIdPatternProblem,
  selectorProblem,
  type Locator,
  type MappableField,
  type MappingCheck,
  type StoredCustomCrms,
} from './crm-mapping-base';

/**
 * The custom CRM mapping schema (src/model/crm-mapping.ts) written with zod/mini, for the content script: it checks
 * the mappings it reads from storage.local and the one "Test on this tab" sends. Same checks, same messages, same
 * output type as the classic schema (tests/unit/model/crm-mapping-mini.test.ts compares them on valid and invalid
 * mappings); the checks themselves live in the zod-free src/model/crm-mapping-base.ts.
 */

/** A check from a function that says what is wrong, or null. */
const problemCheck = (problem: (value: string) => string | null) =>
  z.superRefine<string>((value, context) => {
    const found = problem(value);
    if (found) context.addIssue({ code: 'custom', message: found });
  });

const matchPatternSchema = z.string().check(z.trim(), z.minLength(1, MESSAGES.patternBlank), z.maxLength(500), problemCheck(matchPatternProblem));

const regexSourceSchema = z.string().check(z.minLength(1, MESSAGES.recordIdBlank), z.maxLength(500), problemCheck(recordIdPatternProblem));

const labelTextSchema = z.string().check(z.trim(), z.minLength(1, MESSAGES.labelBlank), z.maxLength(200));

const locatorSchema = z.pipe(
  z
    .strictObject({
      labels: z.optional(z.array(labelTextSchema).check(z.minLength(1, MESSAGES.labelsEmpty), z.maxLength(20))),
      selector: z.optional(z.string().check(z.trim(), z.minLength(1, MESSAGES.selectorBlank), z.maxLength(500), problemCheck(selectorProblem))),
    })
    .check(
      z.superRefine((locator, context) => {
        const problem = locatorProblem(locator);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
    ),
  z.transform((locator): Locator => locatorOf(locator)),
);

const mappableFieldSchema = z.enum(MAPPABLE_FIELDS as [MappableField, ...MappableField[]]);

const criterionIdSchema = z.string().check(z.regex(CRITERION_ID, MESSAGES.criterionId));

const stageMappingSchema = z.pipe(
  z
    .record(z.string().check(z.trim(), z.minLength(1, MESSAGES.stageLabelBlank), z.maxLength(200)), z.enum(CANONICAL_STAGES))
    .check(z.refine((mapping) => Object.keys(mapping).length <= 200, MESSAGES.stageLabelsTooMany)),
  z.transform(normaliseStageLabels),
);

export const crmMappingMiniSchema = z.strictObject({
  id: z.string().check(z.regex(MAPPING_ID, MESSAGES.mappingId)),
  name: z.string().check(z.trim(), z.minLength(1, MESSAGES.nameBlank), z.maxLength(100)),
  matches: z.array(matchPatternSchema).check(z.minLength(1, MESSAGES.matchesEmpty), z.maxLength(20)),
  recordId: z.strictObject({ pattern: regexSourceSchema }),
  fields: z._default(z.partialRecord(mappableFieldSchema, locatorSchema), {}),
  qualification: z._default(
    z.record(criterionIdSchema, locatorSchema).check(z.refine((criteria) => Object.keys(criteria).length <= 30, MESSAGES.criteriaTooMany)),
    {},
  ),
  stageMapping: z._default(stageMappingSchema, {}),
  locale: z.optional(z.string().check(z.trim(), z.maxLength(35), z.refine(isLocale, MESSAGES.locale))),
  dateOrder: z.optional(z.enum(['dmy', 'mdy', 'ymd'])),
  currency: z.optional(z.string().check(z.regex(CURRENCY_CODE, MESSAGES.currency))),
});

/** Checks a mapping (from storage or a message); errors name their path, as the classic parseCrmMapping's do. */
export function parseCrmMapping(input: unknown, prefix: readonly PropertyKey[] = []): MappingCheck {
  return checkMapping((value) => crmMappingMiniSchema.safeParse(value), input, prefix);
}

/** Reads `customCrms` as stored: each mapping is checked on its own, so one broken entry does not hide the others. */
export function readStoredCustomCrms(stored: unknown): StoredCustomCrms {
  return readStoredMappings((value) => crmMappingMiniSchema.safeParse(value), stored);
}
