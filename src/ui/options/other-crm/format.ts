import type { Translate } from '../../../i18n/translate';
import type { FieldName } from '../../../model/deal';
import type { FieldValue } from '../../../model/field';

/** The name of a qualification criterion, from the locale files (falls back to its id). */
export function criterionLabel(t: Translate, criterionId: string): string {
  const key = `criterion_${criterionId.replaceAll('-', '_')}`;
  const text = t(key);
  return text === key ? criterionId : text;
}

export const stageLabel = (t: Translate, stage: string) => {
  const text = t(`stage_${stage}`);
  return text === `stage_${stage}` ? stage : text;
};

function date(iso: string, locale: string): string {
  const parsed = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(parsed);
}

/** What a field was read as, in the UI locale: "$250,000.00", "15 Dec 2026", "Proposal → Propose". */
export function shownValue(t: Translate, locale: string, field: FieldName, read: FieldValue<unknown> & { state: 'value' }): string {
  switch (field) {
    case 'amount': {
      const { value, currency } = read.value as { value: number; currency: string | null };
      return currency ? new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value) : new Intl.NumberFormat(locale).format(value);
    }
    case 'stage': {
      const { label, canonical } = read.value as { label: string; canonical: string | null };
      return canonical ? t('other_crm_stage_mapped', { label, stage: stageLabel(t, canonical) }) : t('other_crm_stage_unmapped', { label });
    }
    case 'probability':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format((read.value as number) / 100);
    case 'closeDate':
    case 'createdDate':
    case 'lastActivityDate':
    case 'lastModifiedDate':
      return date(read.value as string, locale);
    case 'nextStep': {
      const { text, date: due } = read.value as { text: string; date: string | null };
      return due ? t('other_crm_next_step_dated', { text, date: date(due, locale) }) : text;
    }
    case 'contacts':
      return t('other_crm_contacts_count', { count: (read.value as { count: number }).count });
    case 'qualification':
      return Object.entries(read.value as Record<string, string>)
        .map(([criterion, text]) => `${criterionLabel(t, criterion)}: ${text}`)
        .join(' · ');
    default:
      return String(read.value);
  }
}
