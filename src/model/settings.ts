import { z } from 'zod';
import { canonicalStageSchema, crmIdSchema, type CanonicalStage } from './deal';
import { severitySchema } from './verdict';

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

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  rules: z.record(z.string(), ruleSettingSchema).default({}),
  stageMapping: z.partialRecord(crmIdSchema, stageMappingSchema).default({}),
});
export type Settings = z.infer<typeof settingsSchema>;

export function defaultSettings(): Settings {
  return { version: SETTINGS_VERSION, rules: {}, stageMapping: {} };
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
  const errors: string[] = [];
  const stageMapping: Settings['stageMapping'] = {};
  for (const [crm, mapping] of Object.entries(settings.stageMapping) as [keyof Settings['stageMapping'], Record<string, CanonicalStage>][]) {
    const normalised: Record<string, CanonicalStage> = {};
    for (const [label, stage] of Object.entries(mapping)) {
      const key = label.trim().toLocaleLowerCase();
      if (!key) {
        errors.push(`stageMapping.${crm}.${label}: a stage label cannot be blank`);
      } else if (normalised[key] !== undefined && normalised[key] !== stage) {
        errors.push(`stageMapping.${crm}.${label}: maps "${key}" to ${stage}, but another spelling of it maps to ${normalised[key]}`);
      } else {
        normalised[key] = stage;
      }
    }
    stageMapping[crm] = normalised;
  }
  return errors.length ? { ok: false, errors } : { ok: true, settings: { ...settings, stageMapping } };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  return typeof value;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}
