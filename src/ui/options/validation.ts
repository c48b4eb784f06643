import type { z } from 'zod';
import { rulesById } from '../../rules/index';
import { loadSettings, qualificationSettingsSchema, quotaSchema, type Quota, type Settings } from '../../model/settings';
import type { Translate } from '../../i18n/translate';

/** Where a value sits in the settings: `['rules', 'stale-record', 'options', 'maxDaysByStage', 'commit']`. */
export type FieldPath = readonly (string | number)[];

export interface FieldError {
  path: FieldPath;
  /** Translated, for the user. */
  message: string;
}

/** The id of the input for a settings path; errors find their field by it (and the summary links to it). */
export function fieldId(path: FieldPath): string {
  return `field-${path.map((part) => encodeURIComponent(String(part)).replace(/[%.]/g, '_')).join('-')}`;
}

export const pathKey = (path: FieldPath) => JSON.stringify(path);

/** A zod issue in the user's language. Checks the settings add themselves (custom issues) keep their own words. */
export function issueMessage(issue: z.core.$ZodIssue, t: Translate): string {
  const last = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number') return t('options_error_number');
      if (issue.expected === 'int') return t('options_error_whole_number');
      return t('options_error_invalid');
    case 'too_small':
      if (issue.origin === 'number') return t(issue.inclusive === false ? 'options_error_above' : 'options_error_at_least', { min: Number(issue.minimum) });
      if (issue.origin === 'string') return t('options_error_required');
      return t('options_error_at_least_items', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'number') return t(issue.inclusive === false ? 'options_error_below' : 'options_error_at_most', { max: Number(issue.maximum) });
      if (issue.origin === 'string') return t('options_error_too_long', { max: Number(issue.maximum) });
      return t('options_error_at_most_items', { max: Number(issue.maximum) });
    case 'invalid_format':
      if (last === 'period') return t('options_error_period');
      if (last === 'currency') return t('options_error_currency');
      return t('options_error_invalid');
    case 'invalid_value':
      return t('options_error_invalid');
    case 'custom':
      // cycle-too-long: the mid-size limit must be above the small one.
      if (last === 'midBelow') return t('options_error_mid_below');
      if (issue.message === 'keys are ISO currency codes such as EUR') return t('options_error_currency');
      return issue.message;
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

function errorsOf(issues: readonly z.core.$ZodIssue[], prefix: FieldPath, t: Translate): FieldError[] {
  return issues.map((issue) => ({ path: [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))], message: issueMessage(issue, t) }));
}

/** Quotas match owners ignoring case and repeated spaces (as quotasSchema does). */
export const quotaKey = (quota: Pick<Quota, 'owner' | 'period'>) => `${quota.owner.trim().replace(/\s+/g, ' ').toLocaleLowerCase()}\u0000${quota.period}`;

export interface DraftCheck {
  errors: FieldError[];
  /** The draft as settings, ready to save; null while there are errors. */
  settings: Settings | null;
}

/**
 * Checks the settings being edited, field by field, in the user's language: each rule's options against the rule's
 * own schema, each quota, the qualification settings; then the whole as stored settings are checked (loadSettings),
 * whose errors, should any remain, have no field of their own and are listed in the summary.
 */
export function checkDraft(draft: Settings, t: Translate): DraftCheck {
  const errors: FieldError[] = [];
  for (const [id, setting] of Object.entries(draft.rules)) {
    const rule = rulesById.get(id);
    if (!rule) continue; // a rule of a newer version (through sync): kept as it is
    const parsed = rule.meta.options.safeParse(setting.options);
    if (!parsed.success) errors.push(...errorsOf(parsed.error.issues, ['rules', id, 'options'], t));
  }

  const seen = new Map<string, number>();
  draft.quotas.forEach((quota, index) => {
    const parsed = quotaSchema.safeParse(quota);
    if (!parsed.success) {
      errors.push(...errorsOf(parsed.error.issues, ['quotas', index], t));
      return;
    }
    const key = quotaKey(parsed.data);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else errors.push({ path: ['quotas', index, 'period'], message: t('options_error_quota_duplicate', { owner: parsed.data.owner, period: parsed.data.period }) });
  });

  const qualification = qualificationSettingsSchema.safeParse(draft.qualification);
  if (!qualification.success) errors.push(...errorsOf(qualification.error.issues, ['qualification'], t));

  if (errors.length) return { errors, settings: null };
  const loaded = loadSettings(structuredClone(draft));
  if (!loaded.ok) return { errors: loaded.errors.map((message) => ({ path: [], message })), settings: null };
  return { errors: [], settings: loaded.settings };
}
