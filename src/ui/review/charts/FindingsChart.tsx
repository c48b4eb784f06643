import { memo, useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import type { ChartOptions } from 'chart.js';
import './register';
import type { Translate } from '../../../i18n/translate';
import { findingsByRule } from '../../../review/charts';
import type { ReviewRow } from '../../../review/rows';
import { ruleMessageKey } from '../../../rules/types';
import { chartColors } from './colors';
import { ChartFigure } from './ChartFigure';

/** Rules drawn as bars; the table lists every rule. */
const MAX_BARS = 10;

/** Active findings per rule over the deals in view, stacked by severity; clicking a bar filters the table by the rule. */
export const FindingsChart = memo(function FindingsChart({ rows, t, onPickRule }: { rows: readonly ReviewRow[]; t: Translate; onPickRule(ruleId: string): void }) {
  const counts = useMemo(() => findingsByRule(rows), [rows]);
  const shown = counts.slice(0, MAX_BARS);
  const colors = chartColors();
  const name = (ruleId: string) => t(ruleMessageKey(ruleId, 'name'));
  const top = counts[0];
  const summary = top
    ? t('review_chart_findings_summary', { rules: counts.length, rule: name(top.ruleId), deals: top.deals })
    : t('review_chart_findings_none');
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    maintainAspectRatio: false,
    responsive: true,
    scales: {
      x: { stacked: true, beginAtZero: true, ticks: { precision: 0, color: colors.text }, grid: { color: colors.grid } },
      y: { stacked: true, ticks: { color: colors.text, autoSkip: false }, grid: { display: false } },
    },
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 10, color: colors.text } } },
    onClick: (_event, elements) => {
      const index = elements[0]?.index;
      if (index !== undefined && shown[index]) onPickRule(shown[index].ruleId);
    },
    onHover: (event, elements) => {
      const target = event.native?.target as HTMLElement | undefined;
      if (target) target.style.cursor = elements.length ? 'pointer' : 'default';
    },
  };
  const data = {
    labels: shown.map((count) => name(count.ruleId)),
    datasets: (['critical', 'warning', 'info'] as const).map((severity) => ({
      label: t(`severity_${severity}`),
      data: shown.map((count) => count.bySeverity[severity]),
      backgroundColor: colors[severity],
      borderRadius: 3,
      maxBarThickness: 18,
    })),
  };
  return (
    <ChartFigure
      t={t}
      title={t('review_chart_findings_title')}
      summary={summary}
      className="chart--findings"
      chart={
        counts.length ? (
          <Bar data={data} options={options} role="img" aria-label={summary} />
        ) : (
          <p className="chart__empty">{t('review_chart_findings_none')}</p>
        )
      }
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('review_column_rule')}</th>
              <th scope="col">{t('review_column_deals')}</th>
              <th scope="col">{t('severity_critical')}</th>
              <th scope="col">{t('severity_warning')}</th>
              <th scope="col">{t('severity_info')}</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((count) => (
              <tr key={count.ruleId}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onPickRule(count.ruleId)}>
                    {name(count.ruleId)}
                  </button>
                </th>
                <td>{count.deals}</td>
                <td>{count.bySeverity.critical}</td>
                <td>{count.bySeverity.warning}</td>
                <td>{count.bySeverity.info}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
});
