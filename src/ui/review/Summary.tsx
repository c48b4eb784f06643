import { memo, useMemo } from 'react';
import type { Translate } from '../../i18n/translate';
import { atRisk, openPipeline, type CurrencyTotal, type PipelineDeal } from '../../pipeline/figures';
import { addDays, formatMoney, formatNumber } from '../../review/format';
import type { ReviewRow } from '../../review/rows';
import { slipBetween } from '../../review/slippage';

/** The largest sum first; the others are named by count ("+ 2 currencies"): money in different currencies is never added. */
function moneyHeadline(totals: readonly CurrencyTotal[], locale: string, t: Translate): { main: string; more: string | null } {
  if (!totals.length) return { main: formatMoney(0, null, locale), more: null };
  const [main, ...rest] = [...totals].sort((a, b) => b.amount - a.amount);
  return { main: formatMoney(main!.amount, main!.currency, locale), more: rest.length ? t('review_kpi_more_currencies', { count: rest.length }) : null };
}

/** Four figures for the deals in view: open pipeline, value at risk, slipped this week, deals with critical findings. */
export const Summary = memo(function Summary({ rows, today, t, locale }: { rows: readonly ReviewRow[]; today: string; t: Translate; locale: string }) {
  const figures = useMemo(() => {
    const deals: PipelineDeal[] = rows.map((row) => ({ snapshot: row.deal.snapshot, verdict: row.deal.verdict }));
    const pipeline = openPipeline(deals);
    const risk = atRisk(deals);
    const from = addDays(today, -6);
    const slipped = rows.filter((row) => row.open === true && slipBetween(row.deal.closeDate, from, today) !== null).length;
    const open = rows.filter((row) => row.open === true).length;
    const critical = rows.filter((row) => row.open === true && row.counts.critical > 0).length;
    return { pipeline, risk, slipped, open, critical };
  }, [rows, today]);
  const pipeline = moneyHeadline(figures.pipeline.byCurrency, locale, t);
  const risk = moneyHeadline(figures.risk.byCurrency, locale, t);
  return (
    <section className="kpis" aria-label={t('review_kpis_label')}>
      <div className="kpi">
        <p className="kpi__label">{t('review_kpi_open_pipeline')}</p>
        <p className="kpi__value">{pipeline.main}</p>
        <p className="kpi__note">
          {t('review_kpi_open_deals', { count: figures.open })}
          {pipeline.more ? ` · ${pipeline.more}` : ''}
        </p>
      </div>
      <div className="kpi kpi--critical">
        <p className="kpi__label">{t('review_kpi_at_risk')}</p>
        <p className="kpi__value">{risk.main}</p>
        <p className="kpi__note">
          {t('review_kpi_at_risk_deals', { count: figures.risk.deals })}
          {risk.more ? ` · ${risk.more}` : ''}
        </p>
      </div>
      <div className="kpi kpi--warning">
        <p className="kpi__label">{t('review_kpi_slipped')}</p>
        <p className="kpi__value">{formatNumber(figures.slipped, locale)}</p>
        <p className="kpi__note">{t('review_kpi_slipped_note')}</p>
      </div>
      <div className="kpi">
        <p className="kpi__label">{t('review_kpi_critical')}</p>
        <p className="kpi__value">{formatNumber(figures.critical, locale)}</p>
        <p className="kpi__note">{t('review_kpi_critical_note')}</p>
      </div>
    </section>
  );
});
