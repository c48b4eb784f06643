import { z } from 'zod';
import { canonicalStageSchema, crmIdSchema } from './deal';
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
  let version = typeof data.version === 'number' ? data.version : 0;
  if (version > SETTINGS_VERSION) {
    return { ok: false, errors: [`version: ${version} is newer than this extension understands (${SETTINGS_VERSION})`] };
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
  return { ok: true, settings: parsed.data };
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}
