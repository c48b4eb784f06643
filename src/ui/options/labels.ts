import type { Translate } from '../../i18n/translate';
import type { Framework } from '../../qualification/types';
import { findFramework } from '../../qualification/frameworks';
import type { Settings } from '../../model/settings';

/** Names shown on the options page, all from the locale files. */

const underscored = (id: string) => id.replaceAll('-', '_');

export const ruleName = (t: Translate, ruleId: string) => {
  const name = t(`rule_${underscored(ruleId)}__name`);
  return name.startsWith('rule_') ? ruleId : name;
};

export const ruleWhy = (t: Translate, ruleId: string) => t(`rule_${underscored(ruleId)}__why`);

/** Message key of an option's label; its hint (optional) is the same key with `__hint`. */
export const optionLabelKey = (ruleId: string, key: string) => `options_rule_${underscored(ruleId)}__${key}`;

export const optionLabel = (t: Translate, ruleId: string, key: string) => t(optionLabelKey(ruleId, key));

export function optionHint(t: Translate, ruleId: string, key: string): string | null {
  const hintKey = `${optionLabelKey(ruleId, key)}__hint`;
  const hint = t(hintKey);
  return hint === hintKey ? null : hint;
}

export const stageName = (t: Translate, stage: string) => {
  const name = t(`stage_${stage}`);
  return name === `stage_${stage}` ? stage : name;
};

/** The name of an entry of a number map: a stage, a deal size, a size band, or a currency code as it is. */
export function entryLabel(t: Translate, key: string): string {
  if (/^[A-Z]{3}$/.test(key)) return key;
  const candidates = [`stage_${key}`, `options_entry_${key}`];
  for (const candidate of candidates) {
    const text = t(candidate);
    if (text !== candidate) return text;
  }
  return key;
}

export const severityName = (t: Translate, severity: string) => t(`severity_${severity}`);

export const categoryName = (t: Translate, category: string) => t(`options_category_${category}`);

/** A criterion's name: the locale files for built-in ids, else the custom framework's own label. */
export function criterionName(t: Translate, locale: string, criterionId: string, framework?: Framework): string {
  const key = `criterion_${underscored(criterionId)}`;
  const text = t(key);
  if (text !== key) return text;
  const criterion = framework?.criteria.find((candidate) => candidate.id === criterionId);
  if (!criterion) return criterionId;
  return locale.toLowerCase().startsWith('da') ? criterion.label.da : criterion.label.en;
}

export function frameworkName(settings: Pick<Settings, 'qualification'>, id: string): string {
  return findFramework(settings, id)?.name ?? id;
}

export const CRM_NAMES: Readonly<Record<string, string>> = {
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  pipedrive: 'Pipedrive',
  dynamics: 'Dynamics 365',
  zoho: 'Zoho CRM',
};

export const crmName = (t: Translate, crm: string) => CRM_NAMES[crm] ?? t('options_crm_generic');
