import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Translate } from '../../i18n/translate';
import { findingText } from '../../i18n/finding';
import type { DealSnapshot, FieldName } from '../../model/deal';
import { SEVERITIES, type Finding, type Severity } from '../../model/verdict';
import { formatDate, formatDateTime, formatNumber } from '../../review/format';
import type { Cell, ReviewRow } from '../../review/rows';
import { ruleMessageKey } from '../../rules/types';
import { dateText, moneyText, Score, TriState } from './cells';
import { DriftChart } from './charts/DriftChart';

export interface DealDrawerProps {
  row: ReviewRow;
  loadHistory(dealKey: string): Promise<DealSnapshot[]>;
  onClose(): void;
  t: Translate;
  locale: string;
  today: string;
  timeZone?: string;
}

type HistoryLoad = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; snapshots: DealSnapshot[] };

/** Only links to web pages are followed: a snapshot's URL is page data. */
const safeLink = (url: string): string | null => {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
};

const fieldCell = <T,>(field: DealSnapshot['fields'][FieldName]): Cell<T> =>
  field.state === 'value' ? { state: 'value', value: field.value as T } : field.state === 'empty' ? { state: 'empty', value: null } : { state: 'unknown', value: null, reason: field.reason };

/** One deal in detail, beside the table: its fields, scores, findings with why and how to fix, and its close-date drift. */
export function DealDrawer({ row, loadHistory, onClose, t, locale, today, timeZone }: DealDrawerProps) {
  const [history, setHistory] = useState<HistoryLoad>({ status: 'loading' });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { deal } = row;
  const { fields } = deal.snapshot;

  useEffect(() => {
    let alive = true;
    setHistory({ status: 'loading' });
    loadHistory(row.key).then(
      (snapshots) => alive && setHistory({ status: 'ready', snapshots }),
      (error: unknown) => alive && setHistory({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      alive = false;
    };
  }, [row.key, loadHistory]);

  // Focus moves to the drawer's heading when a deal opens, so keyboard and screen-reader users land on it; when the
  // drawer closes it goes back to the deal's row in the table.
  const keyRef = useRef(row.key);
  keyRef.current = row.key;
  useEffect(() => headingRef.current?.focus(), [row.key]);
  useEffect(
    () => () => {
      const key = keyRef.current;
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`button[data-deal-key="${CSS.escape(key)}"]`)?.focus());
    },
    [],
  );

  const link = row.imported ? null : safeLink(deal.snapshot.url);
  const name = row.name.value ?? t('review_unnamed_deal');
  const facts: [string, ReactNode][] = [
    [t('field_owner'), <TriState cell={row.owner} t={t} show={(owner) => owner} />],
    [t('field_stage'), <TriState cell={row.stage} t={t} show={(stage) => stage.label} />],
    [t('field_amount'), <TriState cell={row.amount} t={t} show={(amount) => moneyText(amount, locale)} />],
    [t('field_closeDate'), <TriState cell={row.closeDate} t={t} show={(date) => dateText(date, locale)} />],
    [t('field_probability'), <TriState cell={fieldCell<number>(fields.probability)} t={t} show={(value) => formatNumber(value / 100, locale, { style: 'percent' })} />],
    [t('field_forecastCategory'), <TriState cell={fieldCell<string>(fields.forecastCategory)} t={t} show={(value) => value} />],
    [
      t('field_nextStep'),
      <TriState
        cell={fieldCell<{ text: string; date: string | null }>(fields.nextStep)}
        t={t}
        show={(step) => (step.date ? `${step.text} (${dateText(step.date, locale)})` : step.text)}
      />,
    ],
    [t('field_lastActivityDate'), <TriState cell={fieldCell<string>(fields.lastActivityDate)} t={t} show={(date) => dateText(date, locale)} />],
    [t('field_createdDate'), <TriState cell={fieldCell<string>(fields.createdDate)} t={t} show={(date) => dateText(date, locale)} />],
  ];

  return (
    <aside className="drawer" aria-labelledby="drawer-title" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <header className="drawer__head">
        <div>
          <p className="drawer__eyebrow">
            {deal.snapshot.crm}
            {row.imported ? ` · ${t('review_tag_imported')}` : ''}
          </p>
          <h2 id="drawer-title" ref={headingRef} tabIndex={-1}>
            {name}
          </h2>
          {link && (
            <a className="drawer__link" href={link} target="_blank" rel="noopener noreferrer">
              {t('review_open_in_crm')}
            </a>
          )}
        </div>
        <button type="button" className="icon-button" aria-label={t('review_close_details')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </header>

      <div className="drawer__scores">
        <div className="drawer__score">
          <Score value={row.hygiene} label={t('popup_hygiene_score')} />
          <span>{t('popup_hygiene_score')}</span>
        </div>
        <div className="drawer__score">
          <Score value={row.qualification} label={t('popup_qualification_score')} missing={t('review_no_qualification_evidence')} />
          <span>{t('popup_qualification_score')}</span>
        </div>
      </div>

      <dl className="drawer__facts">
        {facts.map(([label, value]) => (
          <div key={label} className="drawer__fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <section className="drawer__section" aria-labelledby="drawer-findings">
        <h3 id="drawer-findings">{deal.verdict.findings.length ? t('review_drawer_findings', { count: deal.verdict.findings.length }) : t('review_drawer_no_findings')}</h3>
        {[...SEVERITIES].reverse().map((severity) => (
          <FindingList key={severity} severity={severity} findings={deal.verdict.findings.filter((finding) => finding.severity === severity)} t={t} />
        ))}
        {deal.verdict.snoozed.length > 0 && (
          <details className="drawer__snoozed">
            <summary>{t('review_drawer_snoozed', { count: deal.verdict.snoozed.length })}</summary>
            <ul className="plain-list">
              {deal.verdict.snoozed.map((finding, index) => (
                <li key={`${finding.ruleId}-${index}`} className="finding finding--snoozed">
                  <p className="finding__text">{findingText(t, finding)}</p>
                  <p className="finding__meta">{t('popup_snoozed_until', { date: formatDate(finding.until, locale), reason: finding.reason })}</p>
                </li>
              ))}
            </ul>
          </details>
        )}
        {deal.verdict.cannotCheck.length > 0 && (
          <details className="drawer__cannot">
            <summary>{t('review_drawer_cannot_check', { count: deal.verdict.cannotCheck.length })}</summary>
            <ul className="plain-list">
              {deal.verdict.cannotCheck.map((item) => (
                <li key={item.ruleId}>
                  {t('popup_cannot_check_item', { rule: t(ruleMessageKey(item.ruleId, 'name')), fields: item.fields.map((field) => t(`field_${field}`)).join(', ') })}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <section className="drawer__section" aria-label={t('review_drift_title')}>
        {history.status === 'loading' && (
          <p className="drawer__note" role="status">
            {t('review_drawer_history_loading')}
          </p>
        )}
        {history.status === 'error' && (
          <p className="drawer__note state--error" role="alert">
            {t('review_drawer_history_failed', { error: history.error })}
          </p>
        )}
        {history.status === 'ready' && <DriftChart snapshots={history.snapshots} today={today} timeZone={timeZone} t={t} locale={locale} />}
      </section>

      <p className="drawer__seen">
        {t('review_drawer_seen', {
          first: formatDateTime(deal.firstSeenAt, locale, timeZone),
          last: formatDateTime(deal.lastSeenAt, locale, timeZone),
          count: deal.snapshotCount,
        })}
      </p>
    </aside>
  );
}

function FindingList({ severity, findings, t }: { severity: Severity; findings: Finding[]; t: Translate }) {
  if (!findings.length) return null;
  return (
    <ul className={`plain-list findings findings--${severity}`} aria-label={t(`severity_${severity}`)}>
      {findings.map((finding, index) => (
        <li key={`${finding.ruleId}-${index}`} className="finding">
          <p className="finding__text">
            <span className={`chip chip--${severity}`}>{t(`severity_${severity}`)}</span> {findingText(t, finding)}
          </p>
          <p className="finding__why">
            <strong>{t('popup_why')}:</strong> {t(ruleMessageKey(finding.ruleId, 'why'))}
          </p>
          <p className="finding__fix">
            <strong>{t('popup_fix')}:</strong> {t(ruleMessageKey(finding.ruleId, 'fix'))}
          </p>
        </li>
      ))}
    </ul>
  );
}
