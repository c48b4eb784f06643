import { useMemo } from 'react';
import { Line } from 'react-chartjs-2';
import type { ChartOptions } from 'chart.js';
import './register';
import type { Translate } from '../../../i18n/translate';
import type { DealSnapshot } from '../../../model/deal';
import { driftPoints } from '../../../review/charts';
import { dayNumber, formatDate, formatNumber, isoOfDayNumber } from '../../../review/format';
import { chartColors } from './colors';
import { ChartFigure } from './ChartFigure';

export interface DriftChartProps {
  snapshots: readonly DealSnapshot[];
  today: string;
  timeZone?: string;
  t: Translate;
  locale: string;
}

/**
 * Close date (y) against the day each value was first seen (x), held until the next change, up to today. The dashed
 * diagonal is "close date = that day": a deal whose line keeps running ahead of it is a deal that keeps slipping.
 */
export function DriftChart({ snapshots, today, timeZone, t, locale }: DriftChartProps) {
  const points = useMemo(() => driftPoints(snapshots, today, timeZone), [snapshots, today, timeZone]);
  const colors = chartColors();
  const first = points[0];
  const last = points[points.length - 1];
  const pushes = points.filter((point, i) => i > 0 && point.closeDate > points[i - 1]!.closeDate).length;
  const summary = !first || !last
    ? t('review_drift_none')
    : points.length === 1
      ? t('review_drift_unchanged', { date: formatDate(first.closeDate, locale), since: formatDate(first.on, locale) })
      : t('review_drift_summary', { changes: points.length - 1, pushes, from: formatDate(first.closeDate, locale), to: formatDate(last.closeDate, locale), days: last.driftDays });

  if (!first || !last) return <p className="drawer__note">{summary}</p>;

  const series = [...points.map((point) => ({ x: dayNumber(point.on), y: dayNumber(point.closeDate) }))];
  if (last.on < today) series.push({ x: dayNumber(today), y: dayNumber(last.closeDate) });
  const xs = series.map((point) => point.x);
  const diagonal = [Math.min(...xs), Math.max(...xs)].map((x) => ({ x, y: x }));
  const dateTick = (value: string | number) => formatDate(isoOfDayNumber(Number(value)), locale, 'short');
  const options: ChartOptions<'line'> = {
    maintainAspectRatio: false,
    responsive: true,
    parsing: false,
    scales: {
      x: { type: 'linear', ticks: { color: colors.text, callback: dateTick, maxTicksLimit: 5 }, grid: { color: colors.grid }, title: { display: true, text: t('review_drift_axis_seen'), color: colors.text } },
      y: { type: 'linear', ticks: { color: colors.text, callback: dateTick, maxTicksLimit: 6 }, grid: { color: colors.grid }, title: { display: true, text: t('field_closeDate'), color: colors.text } },
    },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 10, color: colors.text } },
      tooltip: {
        callbacks: {
          title: (items) => (items[0] ? t('review_drift_tooltip_seen', { date: dateTick(items[0].parsed.x ?? 0) }) : ''),
          label: (item) => `${item.dataset.label}: ${formatDate(isoOfDayNumber(item.parsed.y ?? 0), locale)}`,
        },
      },
    },
  };
  const data = {
    datasets: [
      {
        label: t('field_closeDate'),
        data: series,
        stepped: 'before' as const,
        borderColor: pushes ? colors.critical : colors.accent,
        backgroundColor: pushes ? colors.critical : colors.accent,
        pointRadius: series.map((_point, i) => (i < points.length ? 4 : 0)),
        borderWidth: 2,
      },
      {
        label: t('review_drift_same_day'),
        data: diagonal,
        borderColor: colors.muted,
        borderDash: [4, 4],
        borderWidth: 1,
        pointRadius: 0,
      },
    ],
  };
  return (
    <ChartFigure
      t={t}
      title={t('review_drift_title')}
      summary={summary}
      className="chart--drift"
      chart={<Line data={data} options={options} role="img" aria-label={summary} />}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('review_drift_axis_seen')}</th>
              <th scope="col">{t('field_closeDate')}</th>
              <th scope="col">{t('review_drift_column_change')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point, i) => (
              <tr key={`${point.on}-${i}`}>
                <th scope="row">{formatDate(point.on, locale)}</th>
                <td>{formatDate(point.closeDate, locale)}</td>
                <td>{i === 0 ? t('review_drift_first_seen') : changeText(point.driftDays - points[i - 1]!.driftDays, t, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

/** "+46 days" later, "−10 days" earlier. */
function changeText(days: number, t: Translate, locale: string): string {
  return t('review_drift_change_days', { change: formatNumber(days, locale, { signDisplay: 'exceptZero' }), days: Math.abs(days) });
}
