import { useId, type ReactNode } from 'react';
import type { Translate } from '../../../i18n/translate';

/**
 * A chart with what makes it accessible: a heading, a one-sentence summary (also the canvas's label), and its numbers
 * as a table behind a disclosure, so nothing the chart shows is only in pixels.
 */
export function ChartFigure({
  title,
  summary,
  chart,
  table,
  controls,
  t,
  className = '',
}: {
  title: string;
  summary: string;
  chart: ReactNode;
  table: ReactNode;
  controls?: ReactNode;
  t: Translate;
  className?: string;
}) {
  const id = useId();
  return (
    <figure className={`chart ${className}`} aria-labelledby={`${id}-title`}>
      <div className="chart__head">
        <h3 id={`${id}-title`} className="chart__title">
          {title}
        </h3>
        {controls}
      </div>
      <figcaption className="chart__summary">{summary}</figcaption>
      <div className="chart__canvas">{chart}</div>
      <details className="chart__data">
        <summary>{t('review_chart_show_data')}</summary>
        {table}
      </details>
    </figure>
  );
}
