import type { ReactNode } from 'react';
import type { Translate } from '../../i18n/translate';
import type { Severity } from '../../model/verdict';
import type { Cell } from '../../review/rows';
import { formatDate, formatMoney } from '../../review/format';

/**
 * A tri-state value: a value renders with `show`; a blank field as an en dash (with "blank" for screen readers);
 * a field that could not be read says so, never looks blank, and carries the reason as a tooltip.
 */
export function TriState<T>({ cell, t, show }: { cell: Cell<T>; t: Translate; show(value: T): ReactNode }) {
  if (cell.state === 'value') return <>{show(cell.value as T)}</>;
  if (cell.state === 'empty') {
    return (
      <span className="blank" title={t('review_blank')}>
        <span aria-hidden="true">–</span>
        <span className="sr-only">{t('review_blank')}</span>
      </span>
    );
  }
  return (
    <span className="unread" title={cell.reason}>
      {t('review_could_not_read')}
    </span>
  );
}

export const moneyText = (amount: { value: number; currency: string | null }, locale: string) => formatMoney(amount.value, amount.currency, locale);
export const dateText = (iso: string, locale: string) => formatDate(iso, locale);

export function toneOf(score: number): 'good' | 'fair' | 'poor' {
  return score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
}

/** A score pill; `value` null is a score that cannot be given yet, with `missing` saying why. */
export function Score({ value, label, missing }: { value: number | null; label: string; missing?: string }) {
  if (value === null) {
    return (
      <span className="score-pill score-pill--none" role="img" title={missing ?? label} aria-label={`${label}: ${missing ?? '–'}`}>
        –
      </span>
    );
  }
  return (
    <span className={`score-pill score-pill--${toneOf(value)}`} role="img" aria-label={`${label}: ${value}`}>
      {value}
    </span>
  );
}

/** Counts per severity as small chips, worst first; "none" when the deal is clean. */
export function FindingChips({ counts, t }: { counts: Record<Severity, number>; t: Translate }) {
  const present = (['critical', 'warning', 'info'] as const).filter((severity) => counts[severity] > 0);
  if (!present.length) return <span className="clean">{t('review_no_findings')}</span>;
  return (
    <span className="chips">
      {present.map((severity) => (
        <span key={severity} className={`chip chip--${severity}`} title={t(`severity_${severity}`)}>
          <span aria-hidden="true" className="chip__dot" />
          {counts[severity]}
          <span className="sr-only"> {t(`severity_${severity}`)}</span>
        </span>
      ))}
    </span>
  );
}
