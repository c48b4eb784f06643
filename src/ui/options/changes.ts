import type { Settings } from '../../model/settings';
import type { Translate } from '../../i18n/translate';
import { rules, rulesById } from '../../rules/index';
import { OPEN_STAGES, type OpenStage } from '../../rules/stage';
import { resolveFramework } from '../../qualification/frameworks';
import { mergeOptions, optionFields, sameValue, type OptionField } from './option-fields';
import { criterionName, crmName, entryLabel, frameworkName, optionLabel, ruleName, severityName, stageName } from './labels';
import { quotaKey } from './validation';

export type ChangeSection = 'rules' | 'qualification' | 'stages' | 'quotas' | 'general';

export interface Change {
  section: ChangeSection;
  /** One line, translated: "Stale record: days in Commit 7 → 5". */
  text: string;
}

/**
 * What differs between two settings, one line per change a user would name: a rule turned off, a threshold, a stage
 * label, the framework, a criterion's stage, quotas, the time zone. Used for "unsaved changes" and for what
 * importing a rule pack will change.
 */
export function describeChanges(before: Settings, after: Settings, t: Translate, locale: string): Change[] {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  return [
    ...ruleChanges(before, after, t, number),
    ...qualificationChanges(before, after, t, locale),
    ...stageChanges(before, after, t),
    ...quotaChanges(before, after, t),
    ...generalChanges(before, after, t),
  ];
}

/** A rule's options with its defaults filled in; while they are invalid, the defaults with the values laid over. */
export function effectiveOptions(ruleId: string, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
  const rule = rulesById.get(ruleId);
  if (!rule) return overrides ?? {};
  const parsed = rule.meta.options.safeParse(overrides ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  return mergeOptions(rule.meta.options.parse({}), overrides ?? {}) as Record<string, unknown>;
}

function ruleChanges(before: Settings, after: Settings, t: Translate, number: Intl.NumberFormat): Change[] {
  const changes: Change[] = [];
  const show = (value: unknown) => (typeof value === 'number' ? (Number.isFinite(value) ? number.format(value) : '?') : value === undefined ? '—' : String(value));
  for (const rule of rules) {
    const id = rule.meta.id;
    const name = ruleName(t, id);
    const old = before.rules[id];
    const next = after.rules[id];
    const wasOn = old?.enabled ?? true;
    const isOn = next?.enabled ?? true;
    if (wasOn !== isOn) changes.push({ section: 'rules', text: t(isOn ? 'options_change_rule_on' : 'options_change_rule_off', { rule: name }) });
    if (old?.severity !== next?.severity) {
      const label = (severity: string | undefined) => (severity ? severityName(t, severity) : t('options_severity_default', { severity: severityName(t, rule.meta.severity) }));
      changes.push({ section: 'rules', text: t('options_change_severity', { rule: name, from: label(old?.severity), to: label(next?.severity) }) });
    }
    const from = effectiveOptions(id, old?.options);
    const to = effectiveOptions(id, next?.options);
    if (sameValue(from, to)) continue;
    for (const field of optionFields(rule)) {
      for (const line of fieldChanges(field, from[field.key], to[field.key], t, show, id)) changes.push({ section: 'rules', text: t('options_change_option', { rule: name, change: line }) });
    }
  }
  return changes;
}

function fieldChanges(field: OptionField, from: unknown, to: unknown, t: Translate, show: (value: unknown) => string, ruleId: string): string[] {
  if (sameValue(from, to)) return [];
  const label = optionLabel(t, ruleId, field.key);
  const line = (what: string, a: string, b: string) => t('options_change_value', { what, from: a, to: b });
  switch (field.kind) {
    case 'number':
      return [line(label, show(from), show(to))];
    case 'boolean':
      return [line(label, t(from ? 'options_on' : 'options_off'), t(to ? 'options_on' : 'options_off'))];
    case 'choice':
      return [line(label, stageName(t, String(from)), stageName(t, String(to)))];
    case 'choices': {
      const names = (value: unknown) => ((value as string[] | undefined) ?? []).map((stage) => stageName(t, stage)).join(', ') || t('options_none');
      return [line(label, names(from), names(to))];
    }
    case 'text-list': {
      const a = new Set((from as string[] | undefined) ?? []);
      const b = new Set((to as string[] | undefined) ?? []);
      const added = [...b].filter((item) => !a.has(item)).length;
      const removed = [...a].filter((item) => !b.has(item)).length;
      return [t('options_change_list', { what: label, added, removed })];
    }
    case 'number-map': {
      const a = (from ?? {}) as Record<string, unknown>;
      const b = (to ?? {}) as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      return keys.filter((key) => !sameValue(a[key], b[key])).map((key) => line(`${label} (${entryLabel(t, key)})`, show(a[key]), show(b[key])));
    }
  }
}

/** The first open stage that requires each criterion of the framework `id` under `settings`, or null. */
export function requiredFrom(settings: Pick<Settings, 'qualification'>, id: string): Map<string, OpenStage | null> {
  const framework = resolveFramework(settings, id);
  const from = new Map<string, OpenStage | null>();
  if (!framework) return from;
  for (const criterion of framework.criteria) {
    from.set(criterion.id, OPEN_STAGES.find((stage) => framework.requiredByStage[stage].includes(criterion.id)) ?? null);
  }
  return from;
}

function qualificationChanges(before: Settings, after: Settings, t: Translate, locale: string): Change[] {
  const changes: Change[] = [];
  const a = before.qualification;
  const b = after.qualification;
  if (a.framework !== b.framework) {
    changes.push({ section: 'qualification', text: t('options_change_framework', { from: frameworkName(before, a.framework), to: frameworkName(after, b.framework) }) });
  }
  const beforeCustom = new Set(a.customFrameworks.map((framework) => framework.id));
  const afterCustom = new Set(b.customFrameworks.map((framework) => framework.id));
  for (const framework of b.customFrameworks) {
    if (!beforeCustom.has(framework.id)) changes.push({ section: 'qualification', text: t('options_change_custom_added', { framework: framework.name }) });
    else if (!sameValue(framework, a.customFrameworks.find((old) => old.id === framework.id))) {
      changes.push({ section: 'qualification', text: t('options_change_custom_changed', { framework: framework.name }) });
    }
  }
  for (const framework of a.customFrameworks) {
    if (!afterCustom.has(framework.id)) changes.push({ section: 'qualification', text: t('options_change_custom_removed', { framework: framework.name }) });
  }
  const ids = new Set([...Object.keys(a.requiredByStage), ...Object.keys(b.requiredByStage)]);
  for (const id of ids) {
    if (sameValue(a.requiredByStage[id], b.requiredByStage[id])) continue;
    const framework = resolveFramework(after, id) ?? resolveFramework(before, id);
    const from = requiredFrom(before, id);
    const to = requiredFrom(after, id);
    for (const [criterion, stage] of to) {
      const old = from.get(criterion) ?? null;
      if (old === stage) continue;
      const show = (value: OpenStage | null) => (value ? t('options_required_from_stage', { stage: stageName(t, value) }) : t('options_not_required'));
      changes.push({
        section: 'qualification',
        text: t('options_change_required', { framework: frameworkName(after, id), criterion: criterionName(t, locale, criterion, framework), from: show(old), to: show(stage) }),
      });
    }
  }
  return changes;
}

function stageChanges(before: Settings, after: Settings, t: Translate): Change[] {
  const changes: Change[] = [];
  const crms = new Set([...Object.keys(before.stageMapping), ...Object.keys(after.stageMapping)]) as Set<keyof Settings['stageMapping']>;
  for (const crm of crms) {
    const a = before.stageMapping[crm] ?? {};
    const b = after.stageMapping[crm] ?? {};
    for (const label of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[label] === b[label]) continue;
      const text = b[label]
        ? t('options_change_stage', { crm: crmName(t, crm), label, stage: stageName(t, b[label]) })
        : t('options_change_stage_removed', { crm: crmName(t, crm), label });
      changes.push({ section: 'stages', text });
    }
  }
  return changes;
}

function quotaChanges(before: Settings, after: Settings, t: Translate): Change[] {
  const a = new Map(before.quotas.map((quota) => [quotaKey(quota), quota]));
  const b = new Map(after.quotas.map((quota) => [quotaKey(quota), quota]));
  let added = 0;
  let changed = 0;
  for (const [key, quota] of b) {
    const old = a.get(key);
    if (!old) added += 1;
    else if (!sameValue(old, quota)) changed += 1;
  }
  const removed = [...a.keys()].filter((key) => !b.has(key)).length;
  // Same quotas in another order, or edits that moved a row's key: still a change to save.
  if (!added && !changed && !removed && !sameValue(before.quotas, after.quotas)) changed = 1;
  return added || changed || removed ? [{ section: 'quotas', text: t('options_change_quotas', { added, changed, removed }) }] : [];
}

function generalChanges(before: Settings, after: Settings, t: Translate): Change[] {
  if (before.timeZone === after.timeZone) return [];
  const show = (zone: string | undefined) => zone ?? t('options_time_zone_browser_short');
  return [{ section: 'general', text: t('options_change_time_zone', { from: show(before.timeZone), to: show(after.timeZone) }) }];
}
