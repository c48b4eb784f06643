import { memo, useId, useMemo, useState } from 'react';
import { Bar } from 'react-chartjs-2';
import type { ChartOptions } from 'chart.js';
import './register';
import type { Translate } from '../../../i18n/translate';
import type { Quota } from '../../../model/settings';
import { coverageForPeriod, quotaPeriods } from '../../../review/charts';
import { formatMoney, formatNumber } from '../../../review/format';
import { sameOwner } from '../../../pipeline/quota';
import type { ReviewRow } from '../../../review/rows';
import { chartColors } from './colors';
import { ChartFigure } from './ChartFigure';

/**
 * Coverage below 1× cannot make the quota even if every deal closes; 3× is the usual rule of thumb for a healthy
 * B2B pipeline (about one in three qualified deals is won). The bar colours follow these two marks.
 */
export const COVERAGE_TARGET = 3;

export interface CoverageChartProps {
  rows: readonly ReviewRow[];
  quotas: readonly Quota[];
  /** The owner the table is filtered to: only that owner's quotas are shown. */
  owner?: string | null;
  today: string;
  t: Translate;
  locale: string;
  openOptions?: () => void;
}

/** Open pipeline closing in a quota period against each owner's quota for it, for the deals in view. */
export const CoverageChart = memo(function CoverageChart({ rows, quotas: allQuotas, owner = null, today, t, locale, openOptions }: CoverageChartProps) {
  const id = useId();
  const quotas = useMemo(() => (owner === null ? allQuotas : allQuotas.filter((quota) => sameOwner(quota.owner, owner))), [allQuotas, owner]);
  const periods = useMemo(() => quotaPeriods(quotas, today), [quotas, today]);
  const [chosen, setChosen] = useState<string | null>(null);
  const period = chosen !== null && periods.includes(chosen) ? chosen : (periods[0] ?? null);
  const coverage = useMemo(() => (period ? coverageForPeriod(rows, quotas, period, today) : []), [rows, quotas, period, today]);
  const colors = chartColors();

  if (!period) {
    return (
      <ChartFigure
        t={t}
        title={t('review_chart_coverage_title')}
        summary={t('review_chart_coverage_no_quotas')}
        className="chart--coverage"
        chart={
          <div className="chart__empty">
            <p>{t('review_chart_coverage_no_quotas_hint')}</p>
            {openOptions && (
              <button type="button" className="button button--quiet" onClick={openOptions}>
                {t('review_open_options')}
              </button>
            )}
          </div>
        }
        table={<p>{t('review_chart_coverage_no_quotas')}</p>}
      />
    );
  }

  const ratio = (value: number | null) => (value === null ? '–' : `${formatNumber(value, locale, { maximumFractionDigits: 1 })}×`);
  const below = coverage.filter((entry) => entry.coverage !== null && entry.coverage < COVERAGE_TARGET).length;
  const summary = t('review_chart_coverage_summary', { period, owners: coverage.length, below, target: COVERAGE_TARGET });
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    maintainAspectRatio: false,
    responsive: true,
    scales: {
      x: {
        beginAtZero: true,
        suggestedMax: COVERAGE_TARGET + 0.5,
        ticks: { color: colors.text, callback: (value) => `${formatNumber(Number(value), locale)}×` },
        grid: { color: colors.grid },
      },
      y: { ticks: { color: colors.text, autoSkip: false }, grid: { display: false } },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (context) => {
            const entry = coverage[context.dataIndex]!;
            return t('review_chart_coverage_tooltip', {
              coverage: ratio(entry.coverage),
              pipeline: formatMoney(entry.pipeline, entry.quota.currency, locale),
              quota: formatMoney(entry.quota.amount, entry.quota.currency, locale),
            });
          },
        },
      },
    },
  };
  const data = {
    labels: coverage.map((entry) => entry.owner),
    datasets: [
      {
        label: t('review_chart_coverage_title'),
        data: coverage.map((entry) => entry.coverage ?? 0),
        backgroundColor: coverage.map((entry) =>
          entry.coverage === null ? colors.muted : entry.coverage < 1 ? colors.critical : entry.coverage < COVERAGE_TARGET ? colors.warning : colors.good,
        ),
        borderRadius: 3,
        maxBarThickness: 18,
      },
    ],
  };
  return (
    <ChartFigure
      t={t}
      title={t('review_chart_coverage_title')}
      summary={summary}
      className="chart--coverage"
      controls={
        periods.length > 1 ? (
          <span className="chart__control">
            <label htmlFor={`${id}-period`}>{t('review_chart_coverage_period')}</label>
            <select id={`${id}-period`} value={period} onChange={(event) => setChosen(event.target.value)}>
              {periods.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </span>
        ) : (
          <span className="chart__period">{period}</span>
        )
      }
      chart={<Bar data={data} options={options} role="img" aria-label={summary} />}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('review_column_owner')}</th>
              <th scope="col">{t('review_column_pipeline')}</th>
              <th scope="col">{t('review_column_quota')}</th>
              <th scope="col">{t('review_column_coverage')}</th>
              <th scope="col">{t('review_column_deals')}</th>
              <th scope="col">{t('review_column_notes')}</th>
            </tr>
          </thead>
          <tbody>
            {coverage.map((entry) => (
              <tr key={`${entry.owner}-${entry.period}`}>
                <th scope="row">{entry.owner}</th>
                <td>{formatMoney(entry.pipeline, entry.quota.currency, locale)}</td>
                <td>{formatMoney(entry.quota.amount, entry.quota.currency, locale)}</td>
                <td>{ratio(entry.coverage)}</td>
                <td>{formatNumber(entry.deals, locale)}</td>
                <td>
                  {[
                    entry.otherCurrencies.length ? t('review_coverage_other_currencies', { count: entry.otherCurrencies.reduce((sum, total) => sum + total.deals, 0) }) : '',
                    entry.withoutAmount.count ? t('review_coverage_without_amount', { count: entry.withoutAmount.count }) : '',
                    entry.withoutCloseDate.count ? t('review_coverage_without_close_date', { count: entry.withoutCloseDate.count }) : '',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
});
