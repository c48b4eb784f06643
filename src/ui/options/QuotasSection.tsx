import { memo, useCallback, useRef, useState } from 'react';
import type { Translate } from '../../i18n/translate';
import type { Quota } from '../../model/settings';
import { FieldError, NumberInput, useDescribedBy } from './fields';
import { currentQuarter, mergeQuotas, normalisePeriod, parseQuotaPaste, type PasteProblem } from './quotas';
import { fieldId, type FieldPath } from './validation';

interface QuotasSectionProps {
  t: Translate;
  locale: string;
  quotas: readonly Quota[];
  /** The user's time zone setting, for the current quarter of a new quota. */
  timeZone: string | undefined;
  now(): Date;
  defaultCurrency: string;
  onChange(quotas: Quota[]): void;
}

function formatMoney(amount: number, currency: string, locale: string): string | null {
  if (!Number.isFinite(amount) || !/^[A-Z]{3}$/.test(currency)) return null;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return null;
  }
}

export const QuotasSection = memo(function QuotasSection({ t, locale, quotas, timeZone, now, defaultCurrency, onChange }: QuotasSectionProps) {
  // Stable row callbacks reading the latest quotas: typing in one row re-renders that row only, not every row of a big team.
  const latest = useRef({ quotas, onChange });
  latest.current = { quotas, onChange };
  const setRow = useCallback((index: number, change: Partial<Quota>) => {
    const { quotas: current, onChange: report } = latest.current;
    report(current.map((quota, i) => (i === index ? { ...quota, ...change } : quota)));
  }, []);
  const removeRow = useCallback((index: number) => {
    const { quotas: current, onChange: report } = latest.current;
    report(current.filter((_, i) => i !== index));
  }, []);
  const add = () => {
    const last = quotas[quotas.length - 1];
    const next: Quota = { owner: '', period: last?.period ?? currentQuarter(now(), timeZone), amount: Number.NaN, currency: last?.currency ?? defaultCurrency };
    onChange([...quotas, next]);
    // The new row's first field, once it is drawn.
    setTimeout(() => document.getElementById(fieldId(['quotas', quotas.length, 'owner']))?.focus(), 0);
  };

  return (
    <section id="quotas" className="options-section" aria-labelledby="quotas-title">
      <h2 id="quotas-title">{t('options_quotas_title')}</h2>
      <p className="section__intro">{t('options_quotas_intro')}</p>

      {quotas.length === 0 ? (
        <p className="muted">{t('options_quotas_empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="quotas-table">
            <caption className="visually-hidden">{t('options_quotas_title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('options_quota_owner')}</th>
                <th scope="col">{t('options_quota_period')}</th>
                <th scope="col">{t('options_quota_amount')}</th>
                <th scope="col">{t('options_quota_currency')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('options_actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {quotas.map((quota, index) => (
                <QuotaRow
                  key={index}
                  t={t}
                  locale={locale}
                  index={index}
                  quota={quota}
                  onChange={setRow}
                  onRemove={removeRow}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="section__actions">
        <button type="button" className="button" onClick={add}>
          {t('options_quota_add')}
        </button>
      </div>
      <QuotaPaste t={t} locale={locale} defaultCurrency={defaultCurrency} quotas={quotas} onChange={onChange} />
    </section>
  );
});

const QuotaRow = memo(function QuotaRow({
  t,
  locale,
  index,
  quota,
  onChange: onRowChange,
  onRemove,
}: {
  t: Translate;
  locale: string;
  index: number;
  quota: Quota;
  onChange(index: number, change: Partial<Quota>): void;
  onRemove(index: number): void;
}) {
  const onChange = (change: Partial<Quota>) => onRowChange(index, change);
  const path: FieldPath = ['quotas', index];
  // A blank field of a row just added is not an error yet: it is said once the user has been in the field.
  const [visited, setVisited] = useState<ReadonlySet<keyof Quota>>(new Set());
  const visit = (field: keyof Quota) => setVisited((current) => (current.has(field) ? current : new Set(current).add(field)));
  const blank = (field: keyof Quota) => (field === 'amount' ? Number.isNaN(quota.amount) : String(quota[field]).trim() === '');
  const useQuotaField = (field: keyof Quota, hint: true | undefined) => {
    const found = useDescribedBy([...path, field], hint);
    const error = found.error && (visited.has(field) || !blank(field)) ? found.error : undefined;
    return { ...found, error, describedBy: [hint ? found.hintId : null, error ? found.errorId : null].filter(Boolean).join(' ') || undefined };
  };
  const owner = useQuotaField('owner', undefined);
  const period = useQuotaField('period', true);
  const amount = useQuotaField('amount', true);
  const currency = useQuotaField('currency', undefined);
  const row = index + 1;
  const formatted = formatMoney(quota.amount, quota.currency, locale);
  return (
    <tr>
      <td>
        <input
          id={owner.id}
          className="input"
          value={quota.owner}
          autoComplete="off"
          aria-label={t('options_quota_owner_row', { row })}
          aria-invalid={Boolean(owner.error) || undefined}
          aria-describedby={owner.describedBy}
          onBlur={() => visit('owner')}
          onChange={(event) => onChange({ owner: event.target.value })}
        />
        <FieldError id={owner.errorId} error={owner.error} />
      </td>
      <td>
        <input
          id={period.id}
          className="input input--period"
          value={quota.period}
          autoComplete="off"
          placeholder="2026-Q3"
          aria-label={t('options_quota_period_row', { row })}
          aria-invalid={Boolean(period.error) || undefined}
          aria-describedby={period.describedBy}
          onChange={(event) => onChange({ period: event.target.value.toUpperCase() })}
          onBlur={(event) => {
            visit('period');
            onChange({ period: normalisePeriod(event.target.value) });
          }}
        />
        <span className="visually-hidden" id={period.hintId}>
          {t('options_quota_period_hint')}
        </span>
        <FieldError id={period.errorId} error={period.error} />
      </td>
      <td>
        <NumberInput
          id={amount.id}
          value={quota.amount}
          locale={locale}
          label={t('options_quota_amount_row', { row })}
          invalid={Boolean(amount.error)}
          describedBy={amount.describedBy}
          onBlur={() => visit('amount')}
          onChange={(value) => onChange({ amount: value })}
        />
        <span className="field__hint quota__formatted" id={amount.hintId}>
          {formatted ?? '\u00a0'}
        </span>
        <FieldError id={amount.errorId} error={amount.error} />
      </td>
      <td>
        <input
          id={currency.id}
          className="input input--code"
          value={quota.currency}
          maxLength={3}
          autoComplete="off"
          aria-label={t('options_quota_currency_row', { row })}
          aria-invalid={Boolean(currency.error) || undefined}
          aria-describedby={currency.describedBy}
          onBlur={() => visit('currency')}
          onChange={(event) => onChange({ currency: event.target.value.toUpperCase() })}
        />
        <FieldError id={currency.errorId} error={currency.error} />
      </td>
      <td>
        <button type="button" className="button button--quiet" aria-label={t('options_quota_remove_row', { row, owner: quota.owner || '—', period: quota.period })} onClick={() => onRemove(index)}>
          {t('options_remove')}
        </button>
      </td>
    </tr>
  );
});

function problemText(t: Translate, problem: PasteProblem): string {
  switch (problem.code) {
    case 'columns':
      return t('options_paste_columns', { line: problem.line });
    case 'amount':
      return t('options_paste_amount', { line: problem.line, text: problem.text });
    case 'invalid':
      return t(`options_paste_invalid_${problem.field}`, { line: problem.line });
    case 'repeated':
      return t('options_paste_repeated', { line: problem.line, owner: problem.owner, period: problem.period });
  }
}

function QuotaPaste({ t, locale, defaultCurrency, quotas, onChange }: { t: Translate; locale: string; defaultCurrency: string; quotas: readonly Quota[]; onChange(quotas: Quota[]): void }) {
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<PasteProblem[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const id = 'quota-paste';
  const apply = () => {
    const pasted = parseQuotaPaste(text, locale, defaultCurrency);
    setProblems(pasted.problems);
    if (pasted.problems.length) {
      setDone(null);
      return;
    }
    const merged = mergeQuotas(quotas, pasted.quotas);
    onChange(merged.quotas);
    setText('');
    setDone(t('options_paste_done', { added: merged.added, updated: merged.updated }));
  };
  return (
    <details className="paste">
      <summary>{t('options_paste_title')}</summary>
      <label htmlFor={id}>{t('options_paste_label')}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {t('options_paste_hint', { currency: defaultCurrency })}
      </p>
      <textarea
        id={id}
        className="input input--list"
        rows={5}
        value={text}
        spellCheck={false}
        placeholder={'Anna Berg\t2026-Q3\t1250000\tDKK'}
        aria-describedby={`${id}-hint`}
        aria-invalid={problems.length > 0 || undefined}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="section__actions">
        <button type="button" className="button" disabled={!text.trim()} onClick={apply}>
          {t('options_paste_apply')}
        </button>
      </div>
      {problems.length > 0 && (
        <div className="problems" role="alert">
          <p>{t('options_paste_problems', { count: problems.length })}</p>
          <ul>
            {problems.slice(0, 20).map((problem, index) => (
              <li key={index}>{problemText(t, problem)}</li>
            ))}
          </ul>
        </div>
      )}
      {done && (
        <p className="confirmation" role="status">
          {done}
        </p>
      )}
    </details>
  );
}
