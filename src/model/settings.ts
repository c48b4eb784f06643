import { z } from 'zod';
import { canonicalStageSchema, crmIdSchema, type CanonicalStage } from './deal';
import { severitySchema } from './verdict';
import { BUILT_IN_FRAMEWORKS, DEFAULT_FRAMEWORK_ID } from '../qualification/frameworks';
import { frameworkSchema, partialRequiredByStageSchema } from '../qualification/types';

export const SETTINGS_VERSION = 1;

export const ruleSettingSchema = z.object({
  enabled: z.boolean().default(true),
  /** Overrides the rule's default severity. */
  severity: severitySchema.optional(),
  /** Checked against the rule's own options schema when the engine runs it. */
  options: z.record(z.string(), z.unknown()).default({}),
});
export type RuleSetting = z.infer<typeof ruleSettingSchema>;

/** Stage label (lower-cased) → canonical stage, per CRM. Adds to or overrides the adapter's defaults. */
export const stageMappingSchema = z.record(z.string().min(1).max(200), canonicalStageSchema);

export const rulesSettingsSchema = z.record(z.string(), ruleSettingSchema);
export const stageMappingsSchema = z.partialRecord(crmIdSchema, stageMappingSchema);

/**
 * Which qualification framework the team uses, how its stage requirements differ from the defaults, and the
 * team's own frameworks. Checked as a whole: the chosen framework and every override must name a framework that
 * exists, overrides only criteria of that framework, and custom frameworks never reuse a built-in id.
 */
export const qualificationSettingsSchema = z
  .object({
    /** A built-in framework id ('meddicc', 'meddpicc', 'bant', 'spiced') or a custom framework's id. */
    framework: z.string().min(1).max(41).default(DEFAULT_FRAMEWORK_ID),
    /** Framework id → per-stage replacements of its requirements (see applyRequiredOverrides). */
    requiredByStage: z.record(z.string(), partialRequiredByStageSchema).default({}),
    /** The team's own frameworks, each checked like a built-in (frameworkSchema). */
    customFrameworks: z.array(frameworkSchema).max(20).default([]),
  })
  .superRefine((qualification, context) => {
    const criteriaOf = new Map<string, Set<string>>(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, new Set(framework.criteria.map((c) => c.id))]));
    qualification.customFrameworks.forEach((framework, index) => {
      if (criteriaOf.has(framework.id)) {
        const builtIn = BUILT_IN_FRAMEWORKS.some((known) => known.id === framework.id);
        context.addIssue({
          code: 'custom',
          path: ['customFrameworks', index, 'id'],
          message: builtIn ? `"${framework.id}" is a built-in framework; give yours another id` : `"${framework.id}" is the id of another custom framework`,
        });
        return;
      }
      criteriaOf.set(framework.id, new Set(framework.criteria.map((criterion) => criterion.id)));
    });
    if (!criteriaOf.has(qualification.framework)) {
      context.addIssue({ code: 'custom', path: ['framework'], message: `no framework has the id "${qualification.framework}"; known: ${[...criteriaOf.keys()].join(', ')}` });
    }
    for (const [frameworkId, stages] of Object.entries(qualification.requiredByStage)) {
      const criteria = criteriaOf.get(frameworkId);
      if (!criteria) {
        context.addIssue({ code: 'custom', path: ['requiredByStage', frameworkId], message: `no framework has the id "${frameworkId}"` });
        continue;
      }
      for (const [stage, ids] of Object.entries(stages)) {
        (ids ?? []).forEach((id, index) => {
          if (!criteria.has(id)) {
            context.addIssue({ code: 'custom', path: ['requiredByStage', frameworkId, stage, index], message: `"${id}" is not a criterion of ${frameworkId}` });
          }
        });
      }
    }
  });
export type QualificationSettings = z.infer<typeof qualificationSettingsSchema>;

/** 'YYYY' (a year), 'YYYY-Qn' (a calendar quarter) or 'YYYY-MM' (a month). */
export const QUOTA_PERIOD = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

/** A sales quota for one owner and one period, for pipeline coverage. */
export const quotaSchema = z.object({
  /** Matched to the deal's owner as the CRM shows it, ignoring case and repeated spaces. */
  owner: z.string().trim().min(1).max(200),
  period: z.string().regex(QUOTA_PERIOD, 'expected a period as YYYY-Qn, YYYY-MM or YYYY'),
  amount: z.number().finite().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected a three-letter ISO currency code such as EUR'),
});
export type Quota = z.infer<typeof quotaSchema>;

/** Quotas; one owner has at most one quota per period (a year and its quarters may both be set). */
export const quotasSchema = z
  .array(quotaSchema)
  .max(10_000)
  .superRefine((quotas, context) => {
    const seen = new Map<string, number>();
    quotas.forEach((quota, index) => {
      const key = `${quota.owner.replace(/\s+/g, ' ').toLocaleLowerCase()}\u0000${quota.period}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else context.addIssue({ code: 'custom', path: [index], message: `${quota.owner} already has a quota for ${quota.period} (quotas.${first})` });
    });
  });

/** Whether the runtime knows the IANA time zone (e.g. "Europe/Copenhagen"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().refine((zone) => zone.length <= 100 && isTimeZone(zone), 'expected an IANA time zone such as Europe/Copenhagen');

/** Shortest and longest retention periods: a month keeps close-date pushes visible; ten years is "keep it all". */
export const RETENTION_DAYS_MIN = 30;
export const RETENTION_DAYS_MAX = 3650;
export const DEFAULT_RETENTION_DAYS = 365;

/**
 * How long deal history stays in this browser (see src/history/retention.ts). A year by default: enough for
 * close-date slippage and cycle length over a full sales year, short enough not to keep deals forgotten long ago.
 */
export const privacySettingsSchema = z.object({
  retentionDays: z.number().int().min(RETENTION_DAYS_MIN).max(RETENTION_DAYS_MAX).default(DEFAULT_RETENTION_DAYS),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  rules: rulesSettingsSchema.default({}),
  stageMapping: stageMappingsSchema.default({}),
  qualification: qualificationSettingsSchema.prefault({}),
  /** Personal to the user: never part of a rule pack. */
  quotas: quotasSchema.default([]),
  /** Decides which calendar day "now" is; unset: the browser's zone. Personal: never part of a rule pack. */
  timeZone: timeZoneSchema.optional(),
  /** What the user keeps on this computer. Personal: never part of a rule pack. */
  privacy: privacySettingsSchema.prefault({}),
});
export type Settings = z.infer<typeof settingsSchema>;

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    rules: {},
    stageMapping: {},
    qualification: { framework: DEFAULT_FRAMEWORK_ID, requiredByStage: {}, customFrameworks: [] },
    quotas: [],
    privacy: { retentionDays: DEFAULT_RETENTION_DAYS },
  };
}

/**
 * Each entry upgrades settings stored at version `from` to `from + 1`.
 * Version 1 is the first; later versions add their step here so stored settings keep working.
 */
export const settingsMigrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

export type SettingsLoad = { ok: true; settings: Settings } | { ok: false; errors: string[] };

/** Reads stored or imported settings of any known version; reports each problem with its path. */
export function loadSettings(input: unknown): SettingsLoad {
  if (input === undefined || input === null) return { ok: true, settings: defaultSettings() };
  if (typeof input !== 'object' || Array.isArray(input)) return { ok: false, errors: ['(root): expected an object'] };
  let data = { ...(input as Record<string, unknown>) };
  // A rule pack has a version 1 too: read as settings it would silently load as the defaults.
  if (data.kind === 'deal-hygiene-rule-pack') {
    return { ok: false, errors: ['kind: this is a rule pack, not settings: import it as a rule pack (importRulePack)'] };
  }
  // No version: settings from before versioning, read as version 1. A version that is not a whole number
  // is a broken file, not an old one: guessing would silently apply the wrong migrations.
  if (data.version !== undefined && !(Number.isInteger(data.version) && (data.version as number) >= 0)) {
    return { ok: false, errors: [`version: expected a whole number, received ${describe(data.version)}`] };
  }
  let version = (data.version as number | undefined) ?? 0;
  if (version > SETTINGS_VERSION) {
    return {
      ok: false,
      errors: [`version: these settings are version ${version}, written by a newer Deal Hygiene; this one reads up to version ${SETTINGS_VERSION}. Update the extension to use them.`],
    };
  }
  if (version === 0) {
    data = { ...data, version: 1 };
    version = 1;
  }
  while (version < SETTINGS_VERSION) {
    const step = settingsMigrations[version];
    if (!step) return { ok: false, errors: [`version: no migration from ${version}`] };
    data = step(data);
    version += 1;
    data.version = version;
  }
  const parsed = settingsSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error.issues) };
  return normaliseStageMapping(parsed.data);
}

/**
 * Stage labels are matched lower-cased and trimmed (see mapStage), so keys written as the CRM shows them
 * ("Negotiation/Review") are stored the same way; two keys that then collide with different stages are an error.
 */
function normaliseStageMapping(settings: Settings): SettingsLoad {
  const { stageMapping, errors } = normaliseStageMappings(settings.stageMapping);
  return errors.length ? { ok: false, errors } : { ok: true, settings: { ...settings, stageMapping } };
}

/** Stage mappings with their labels trimmed and lower-cased; errors start with `path` (stageMapping.<crm>.<label>: …). */
export function normaliseStageMappings(
  mappings: Settings['stageMapping'],
  path = 'stageMapping',
): { stageMapping: Settings['stageMapping']; errors: string[] } {
  const errors: string[] = [];
  const stageMapping: Settings['stageMapping'] = {};
  for (const [crm, mapping] of Object.entries(mappings) as [keyof Settings['stageMapping'], Record<string, CanonicalStage>][]) {
    const normalised: Record<string, CanonicalStage> = {};
    for (const [label, stage] of Object.entries(mapping)) {
      const key = label.trim().toLocaleLowerCase();
      if (!key) {
        errors.push(`${path}.${crm}.${label}: a stage label cannot be blank`);
      } else if (normalised[key] !== undefined && normalised[key] !== stage) {
        errors.push(`${path}.${crm}.${label}: maps "${key}" to ${stage}, but another spelling of it maps to ${normalised[key]}`);
      } else {
        normalised[key] = stage;
      }
    }
    stageMapping[crm] = normalised;
  }
  return { stageMapping, errors };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/**
 * One line per issue: `path.to.value: what is wrong`, with `prefix` (e.g. "settings") put before the path.
 * zod's "Invalid input: " lead-in is dropped: "rules.x.enabled: expected boolean, received string" says it all.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  const line = (path: readonly PropertyKey[], message: string) => {
    const joined = [...(prefix ? [prefix] : []), ...path.map(String)].join('.');
    return `${joined || '(root)'}: ${message}`;
  };
  return issues.flatMap((issue) =>
    // One line per unknown key, each at its own path: "rules.x.enabeld: unknown key", not a list at the parent.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => line([...issue.path, key], 'unknown key'))
      : [line(issue.path, issue.message.replace(/^Invalid input: /, ''))],
  );
}
