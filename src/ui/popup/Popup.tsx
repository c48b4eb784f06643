import { createContext, useContext, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { DealView, TabState, UnreadField } from '../../messaging/protocol';
import { SEVERITIES, type Finding, type Score, type ScorePart, type Severity } from '../../model/verdict';
import { ruleMessageKey } from '../../rules/types';
import { findingText } from '../../i18n/finding';
import type { Translate } from '../../i18n/translate';
import { QualifyWorkspace, type QualifyTarget } from '../qualify/QualifyWorkspace';
import type { QualifySource } from '../qualify/source';
import type { PreciseStatusReply } from '../../messaging/precise';
import { precisePopupLine } from '../../precise/status';
import type { PopupState } from './source';

export interface PopupProps {
  t: Translate;
  /** The UI locale, for numbers and money. */
  locale: string;
  /** The tab's state; on a record page, with precise mode's word on the deal (see `PopupState`). */
  loadState(): Promise<TabState | PopupState>;
  /** Calls back when the tab's state may have changed; returns an unsubscribe function. */
  subscribe?(onChange: () => void): () => void;
  /** Snoozing needs the background; without these the popup only shows. */
  actions?: PopupActions;
  /** The Quick-qualify tab, "open in side panel" and "pipeline review"; without it the popup shows the deal only. */
  qualify?: PopupQualify;
}

export type PopupTab = 'deal' | 'qualify';

export interface PopupQualify {
  source: QualifySource;
  /**
   * Moves quick-qualify into the side panel, with the deal shown. Called directly in the click handler: the
   * browser opens the side panel only while the click is being handled.
   */
  openSidePanel(target: QualifyTarget | null): Promise<void>;
  /** Opens the pipeline review page in a new tab. */
  openReview(): void;
  /** Opens the options page (settings). */
  openOptions?(): void;
  /** The tab to show first (the one the rep last used). */
  initialTab?: PopupTab;
  onTabChange?(tab: PopupTab): void;
}

export interface PopupActions {
  snooze(dealKey: string, ruleId: string, reason: string, days: number): Promise<void>;
  unsnooze(dealKey: string, ruleId: string): Promise<void>;
}

const ActionsContext = createContext<PopupActions | null>(null);
const SNOOZE_DAYS = [1, 3, 7, 14, 30] as const;

type Load = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; state: PopupState };

export function Popup({ t, locale, loadState, subscribe, actions, qualify }: PopupProps) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [tab, setTab] = useState<PopupTab>(qualify?.initialTab ?? 'deal');
  const [target, setTarget] = useState<QualifyTarget | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const tabIds = useId();

  useEffect(() => {
    let alive = true;
    // Refreshes can overlap (a change arrives while the first load is pending): only the latest one may show.
    let latest = 0;
    const refresh = () => {
      const request = ++latest;
      const current = () => alive && request === latest;
      return loadState().then(
        (state) => current() && setLoad({ status: 'ready', state }),
        (error: unknown) => current() && setLoad({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
      );
    };
    void refresh();
    const unsubscribe = subscribe?.(() => void refresh());
    return () => {
      alive = false;
      unsubscribe?.();
    };
  }, [loadState, subscribe]);

  const body = (
    <ActionsContext.Provider value={actions ?? null}>
      <Body load={load} t={t} locale={locale} />
    </ActionsContext.Provider>
  );
  if (!qualify) {
    return (
      <main className="popup">
        <header className="popup__header">
          <h1>{t('popup_title')}</h1>
        </header>
        {body}
      </main>
    );
  }

  const select = (next: PopupTab) => {
    setTab(next);
    qualify.onTabChange?.(next);
  };
  const openSidePanel = () => {
    setOpenError(null);
    qualify.openSidePanel(tab === 'qualify' ? target : null).catch((error: unknown) => setOpenError(error instanceof Error ? error.message : String(error)));
  };
  return (
    <main className="popup">
      <header className="popup__header popup__header--bar">
        <h1>{t('popup_title')}</h1>
        <a
          href="review.html"
          className="link-button popup__review"
          onClick={(event) => {
            event.preventDefault();
            qualify.openReview();
          }}
        >
          {t('popup_pipeline_review')}
        </a>
        {qualify.openOptions && (
          <a
            href="options.html"
            className="link-button popup__review"
            onClick={(event) => {
              event.preventDefault();
              qualify.openOptions?.();
            }}
          >
            {t('popup_open_options')}
          </a>
        )}
      </header>
      {openError && (
        <p role="alert" className="state--error popup__alert">
          {t('popup_open_side_panel_failed', { error: openError })}
        </p>
      )}
      <div className="popup__tabbar">
        <PopupTabs t={t} tab={tab} ids={tabIds} onSelect={select} />
        <button type="button" className="link-button popup__side-panel" onClick={openSidePanel}>
          {t('popup_open_side_panel')}
        </button>
      </div>
      <div role="tabpanel" id={`${tabIds}-panel-${tab}`} aria-labelledby={`${tabIds}-tab-${tab}`} className="popup__panel">
        {tab === 'deal' ? body : <QualifyWorkspace t={t} locale={locale} source={qualify.source} compact onTarget={setTarget} />}
      </div>
    </main>
  );
}

const POPUP_TABS: readonly PopupTab[] = ['deal', 'qualify'];

/** Tabs as the ARIA pattern has them: one tab stop, arrow keys (and Home/End) move between them. */
function PopupTabs({ t, tab, ids, onSelect }: { t: Translate; tab: PopupTab; ids: string; onSelect(tab: PopupTab): void }) {
  const refs = useRef<Partial<Record<PopupTab, HTMLButtonElement | null>>>({});
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = POPUP_TABS.indexOf(tab);
    const next =
      event.key === 'ArrowRight' ? POPUP_TABS[(index + 1) % POPUP_TABS.length] : event.key === 'ArrowLeft' ? POPUP_TABS[(index + POPUP_TABS.length - 1) % POPUP_TABS.length] : event.key === 'Home' ? POPUP_TABS[0] : event.key === 'End' ? POPUP_TABS.at(-1) : undefined;
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    refs.current[next]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={t('popup_tabs_label')} onKeyDown={onKeyDown}>
      {POPUP_TABS.map((name) => (
        <button
          key={name}
          ref={(element) => {
            refs.current[name] = element;
          }}
          type="button"
          role="tab"
          id={`${ids}-tab-${name}`}
          aria-selected={tab === name}
          aria-controls={tab === name ? `${ids}-panel-${name}` : undefined}
          tabIndex={tab === name ? 0 : -1}
          className="tabs__tab"
          onClick={() => onSelect(name)}
        >
          {t(name === 'deal' ? 'popup_tab_deal' : 'popup_tab_qualify')}
        </button>
      ))}
    </div>
  );
}

function Body({ load, t, locale }: { load: Load; t: Translate; locale: string }) {
  // Not "Reading the deal…": until the background answers we do not know this is a deal page at all.
  if (load.status === 'loading') return <p className="state" role="status">{t('popup_loading')}</p>;
  if (load.status === 'error') return <p className="state state--error" role="alert">{t('popup_error', { error: load.error })}</p>;
  const { state } = load;
  switch (state.status) {
    case 'none':
      return (
        <section className="state" aria-labelledby="state-title">
          <h2 id="state-title">{t('popup_not_deal_title')}</h2>
          <p>{t('popup_not_deal_body')}</p>
        </section>
      );
    case 'reading':
      return (
        <p className="state" role="status">
          {t('popup_reading')}
        </p>
      );
    case 'unreadable':
      return (
        <section className="state" aria-labelledby="state-title">
          <h2 id="state-title">{t('popup_unreadable_title')}</h2>
          <p>{t('popup_unreadable_body')}</p>
          <UnreadList unread={state.unread} t={t} />
        </section>
      );
    case 'deal':
      // A list or board where no row could be read (or an empty one): say so rather than show nothing.
      if (!state.deals.length) {
        return (
          <p className="state" role="status">
            {t('popup_no_deals')}
          </p>
        );
      }
      return (
        <>
          {state.total !== undefined && state.total > state.deals.length && (
            <p className="state" role="note">
              {t('popup_shown_of_total', { shown: state.deals.length, total: state.total })}
            </p>
          )}
          {state.deals.map((deal) => (
            <DealPanel key={deal.snapshot.key} deal={deal} t={t} locale={locale} pageKind={state.pageKind} precise={state.precise} />
          ))}
        </>
      );
  }
}

function formatAmount(deal: DealView, locale: string): string | null {
  const amount = deal.snapshot.fields.amount;
  if (amount.state !== 'value') return null;
  const { value, currency } = amount.value;
  return currency
    ? new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(value)
    : new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/**
 * Where this deal's values came from (#7): the CRM's API — read now or the copy kept for 5 minutes — or the page, and
 * why. Only on record pages of the CRMs precise mode covers.
 */
function PreciseNote({ deal, pageKind, precise, t, locale }: { deal: DealView; pageKind: 'record' | 'list' | 'board'; precise: PreciseStatusReply | null | undefined; t: Translate; locale: string }) {
  const line = precisePopupLine(t, { crm: deal.snapshot.crm, pageKind, snapshot: deal.snapshot, reply: precise ?? null }, { locale, now: new Date() });
  if (!line) return null;
  return (
    <div className={`precise-note precise-note--${line.tone}`} role="note" data-precise={line.tone}>
      <p className="precise-note__text">
        <span className="precise-note__dot" aria-hidden="true" />
        <span>
          {line.text}
          {line.detail && (
            <>
              {' '}
              {/* The CRM's own answer, in English: what a bug report needs. */}
              <span className="precise-note__detail" lang="en">
                ({line.detail})
              </span>
            </>
          )}
        </span>
      </p>
      {line.notes.map((note) => (
        <p key={note} className="precise-note__more">
          {note}
        </p>
      ))}
    </div>
  );
}

function DealPanel({ deal, t, locale, pageKind = 'record', precise }: { deal: DealView; t: Translate; locale: string; pageKind?: 'record' | 'list' | 'board'; precise?: PreciseStatusReply | null }) {
  const { fields } = deal.snapshot;
  const { verdict } = deal;
  const name = fields.name.state === 'value' ? fields.name.value : t('field_name');
  const stage = fields.stage.state === 'value' ? fields.stage.value.label : null;
  const amount = formatAmount(deal, locale);
  const unread: UnreadField[] = Object.entries(fields).flatMap(([field, value]) => (value.state === 'unknown' ? [{ field, reason: value.reason, code: value.code }] : []));
  const score = verdict.hygiene.value;
  const tone = toneOf(score);

  return (
    <article className="deal" aria-label={name}>
      <div className="deal__summary">
        <div className="deal__id">
          <h2 className="deal__name">{name}</h2>
          <p className="deal__meta">{[stage, amount].filter(Boolean).join(' · ')}</p>
        </div>
        <div className="scores">
          <div className={`score score--${tone}`} role="img" aria-label={`${t('popup_hygiene_score')}: ${t('popup_score_of', { score })}`}>
            <span className="score__value">{score}</span>
            <span className="score__label">{t('popup_hygiene_score')}</span>
          </div>
          {verdict.qualification && (
            <div
              className={`score score--${toneOf(verdict.qualification.value)}`}
              role="img"
              aria-label={`${t('popup_qualification_score')}: ${t('popup_score_of', { score: verdict.qualification.value })}`}
            >
              <span className="score__value">{verdict.qualification.value}</span>
              <span className="score__label">{t('popup_qualification_score')}</span>
            </div>
          )}
        </div>
      </div>
      <PreciseNote deal={deal} pageKind={pageKind} precise={precise} t={t} locale={locale} />
      <p className="deal__count">{verdict.findings.length ? t('popup_findings_count', { count: verdict.findings.length }) : t('popup_no_findings')}</p>
      {SEVERITIES.slice()
        .reverse()
        .map((severity) => (
          <FindingGroup
            key={severity}
            dealKey={deal.snapshot.key}
            severity={severity}
            findings={verdict.findings.filter((finding) => finding.severity === severity)}
            t={t}
          />
        ))}
      {verdict.cannotCheck.length > 0 && (
        <section className="section" aria-labelledby="cannot-check">
          <h3 id="cannot-check">{t('popup_cannot_check_heading')}</h3>
          <ul className="plain-list">
            {verdict.cannotCheck.map((item) => (
              <li key={item.ruleId}>
                {t('popup_cannot_check_item', {
                  rule: t(`${ruleMessageKey(item.ruleId, 'name')}`),
                  fields: item.fields.map((field) => t(`field_${field}`)).join(', '),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {unread.length > 0 && (
        <details className="section">
          <summary>
            {t('popup_unread_heading')} ({unread.length})
          </summary>
          <UnreadList unread={unread} t={t} />
        </details>
      )}
      <SnoozedList deal={deal} t={t} locale={locale} />
      <ScoreParts score={verdict.hygiene} t={t} />
    </article>
  );
}

/** Every number can be explained: 100 minus what each finding takes off; checks that could not run take nothing. */
function ScoreParts({ score, t }: { score: Score; t: Translate }) {
  if (!score.parts.length) return null;
  const describe = (part: ScorePart) => {
    const rule = t(ruleMessageKey(String(part.data.rule ?? part.id), 'name'));
    if (part.messageId === 'score_part_finding') return t('score_part_finding', { rule, severity: t(`severity_${String(part.data.severity)}`) });
    const fields = String(part.data.fields ?? '')
      .split(',')
      .map((field) => field.trim())
      .filter(Boolean)
      .map((field) => t(`field_${field}`))
      .join(', ');
    return t('score_part_cannot_check', { rule, fields });
  };
  return (
    <details className="section score-parts">
      <summary>{t('popup_score_parts')}</summary>
      <ul className="plain-list">
        {[...score.parts].sort((a, b) => a.points - b.points).map((part, index) => (
          <li key={`${part.id}-${index}`}>
            <span>{describe(part)}</span> <span className="score-parts__points">{t('popup_points', { points: part.points })}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function FindingGroup({ dealKey, severity, findings, t }: { dealKey: string; severity: Severity; findings: Finding[]; t: Translate }) {
  if (!findings.length) return null;
  return (
    <section className={`section findings findings--${severity}`} aria-labelledby={`sev-${severity}`}>
      <h3 id={`sev-${severity}`}>
        {t(`severity_${severity}`)} ({findings.length})
      </h3>
      <ul className="plain-list">
        {findings.map((finding, index) => (
          <li key={`${finding.ruleId}-${index}`} className="finding">
            <p className="finding__text">{findingText(t, finding)}</p>
            <p className="finding__why">
              <strong>{t('popup_why')}:</strong> {t(ruleMessageKey(finding.ruleId, 'why'))}
            </p>
            <p className="finding__fix">
              <strong>{t('popup_fix')}:</strong> {t(ruleMessageKey(finding.ruleId, 'fix'))}
            </p>
            <SnoozeControl dealKey={dealKey} ruleId={finding.ruleId} t={t} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function UnreadList({ unread, t }: { unread: UnreadField[]; t: Translate }) {
  if (!unread.length) return null;
  return (
    <ul className="plain-list unread">
      {unread.map((item) => (
        <li key={item.field}>
          <strong>{t(`field_${item.field}`)}</strong>: {t(`unread_${item.code}`)}{' '}
          {/* The adapter's technical detail, in English: what a bug report needs. */}
          <span className="unread__detail" lang="en">
            ({item.reason})
          </span>
        </li>
      ))}
    </ul>
  );
}

/** "Snooze…" opens a small form: a reason is required, and the snooze ends by itself after the chosen days. */
function SnoozeControl({ dealKey, ruleId, t }: { dealKey: string; ruleId: string; t: Translate }) {
  const actions = useContext(ActionsContext);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [days, setDays] = useState<number>(7);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  if (!actions) return null;
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t('popup_snooze')}
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return;
    actions.snooze(dealKey, ruleId, reason.trim(), days).then(
      () => setOpen(false),
      (failure: unknown) => setError(t('popup_snooze_failed', { error: failure instanceof Error ? failure.message : String(failure) })),
    );
  };
  return (
    <form className="snooze" onSubmit={submit}>
      <label htmlFor={`${id}-reason`}>{t('popup_snooze_reason')}</label>
      <input
        id={`${id}-reason`}
        value={reason}
        required
        maxLength={500}
        autoFocus
        placeholder={t('popup_snooze_reason_placeholder')}
        onChange={(event) => setReason(event.target.value)}
      />
      <label htmlFor={`${id}-days`}>{t('popup_snooze_for')}</label>
      <select id={`${id}-days`} value={days} onChange={(event) => setDays(Number(event.target.value))}>
        {SNOOZE_DAYS.map((option) => (
          <option key={option} value={option}>
            {t('popup_snooze_days', { days: option })}
          </option>
        ))}
      </select>
      <div className="snooze__buttons">
        <button type="submit" disabled={!reason.trim()}>
          {t('popup_snooze_confirm')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('popup_cancel')}
        </button>
      </div>
      {error && (
        <p role="alert" className="state--error">
          {error}
        </p>
      )}
    </form>
  );
}

/** Snoozed findings stay visible, with why and until when, and can be brought back. */
function SnoozedList({ deal, t, locale }: { deal: DealView; t: Translate; locale: string }) {
  const actions = useContext(ActionsContext);
  const { snoozed } = deal.verdict;
  if (!snoozed.length) return null;
  const formatDate = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  return (
    <section className="section snoozed" aria-labelledby="snoozed-heading">
      <h3 id="snoozed-heading">{t('popup_snoozed_heading', { count: snoozed.length })}</h3>
      <ul className="plain-list">
        {snoozed.map((finding, index) => (
          <li key={`${finding.ruleId}-${index}`} className="finding finding--snoozed">
            <p className="finding__text">{findingText(t, finding)}</p>
            <p className="finding__why">{t('popup_snoozed_until', { date: formatDate(finding.until), reason: finding.reason })}</p>
            {actions && (
              <button type="button" className="link-button" onClick={() => void actions.unsnooze(deal.snapshot.key, finding.ruleId)}>
                {t('popup_unsnooze')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function toneOf(score: number): 'good' | 'fair' | 'poor' {
  return score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
}
