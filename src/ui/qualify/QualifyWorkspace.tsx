import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { Translate } from '../../i18n/translate';
import type { DealView } from '../../messaging/protocol';
import type { QualificationListItem } from '../../messaging/qualify';
import type { Settings } from '../../model/settings';
import { findFramework } from '../../qualification/frameworks';
import { QuickQualify } from './QuickQualify';
import { isManualDealKey, manualDealKey, MAX_DEAL_NAME, tidyDealName } from './record';
import type { QualifySource, TabView } from './source';

/** The deal quick-qualify is about, as the surface reports it (the popup hands it to the side panel). */
export interface QualifyTarget {
  dealKey: string;
  /** The name typed, for a deal qualified by name. */
  dealName?: string;
}

export interface QualifyWorkspaceProps {
  t: Translate;
  locale: string;
  source: QualifySource;
  compact?: boolean;
  onTarget?(target: QualifyTarget | null): void;
}

type Load<T> = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; value: T };

/** A deal the rep chose rather than the tab's own: one typed by name, or one from the earlier qualifications. */
interface Chosen {
  dealKey: string;
  dealName: string | null;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Which deal to qualify: the tab's deal on a record page; one picked from the deals of a list or board; or,
 * where the tab has no readable deal (or the rep asks), a deal typed by name or chosen from earlier ones.
 */
export function QualifyWorkspace({ t, locale, source, compact = false, onTarget }: QualifyWorkspaceProps) {
  const [tab, setTab] = useState<Load<TabView>>({ status: 'loading' });
  const [settings, setSettings] = useState<Load<Settings>>({ status: 'loading' });
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [picked, setPicked] = useState<{ tabId: number | null; dealKey: string } | null>(null);
  const [choosing, setChoosing] = useState(false);

  useEffect(() => {
    let alive = true;
    let latest = 0;
    const refresh = () => {
      const request = ++latest;
      const current = () => alive && request === latest;
      source.loadTab().then(
        (value) => current() && setTab({ status: 'ready', value }),
        (error: unknown) => current() && setTab({ status: 'error', error: message(error) }),
      );
    };
    refresh();
    const unsubscribe = source.subscribeTab(refresh);
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [source]);

  useEffect(() => {
    let alive = true;
    source.loadSettings().then(
      (value) => alive && setSettings({ status: 'ready', value }),
      (error: unknown) => alive && setSettings({ status: 'error', error: message(error) }),
    );
    return () => {
      alive = false;
    };
  }, [source]);

  // The popup moved its deal here: show that one (a deal typed by name, or one picked from a list).
  useEffect(() => {
    const handoff = source.handoff;
    if (!handoff) return;
    let alive = true;
    const apply = (next: { dealKey: string; dealName?: string }) => {
      if (!alive) return;
      setChoosing(false);
      if (isManualDealKey(next.dealKey)) setChosen({ dealKey: next.dealKey, dealName: next.dealName ?? null });
      else {
        setChosen(null);
        setPicked({ tabId: null, dealKey: next.dealKey });
      }
    };
    void handoff.take().then((next) => next && apply(next));
    const unsubscribe = handoff.subscribe(apply);
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [source]);

  const view = tab.status === 'ready' ? tab.value : null;
  const tabDeals = view?.state.status === 'deal' ? view.state.deals : [];
  const isRecordPage = view?.state.status === 'deal' && view.state.pageKind === 'record';
  // A deal picked on a list stays picked while the tab shows it (a hand-off names no tab: any tab showing it).
  const pickedDeal =
    picked && (picked.tabId === null || picked.tabId === view?.tabId) ? tabDeals.find((deal) => deal.snapshot.key === picked.dealKey) : undefined;
  const tabDeal: DealView | undefined = isRecordPage ? tabDeals[0] : pickedDeal;

  const target: QualifyTarget | null = choosing
    ? null
    : chosen
      ? { dealKey: chosen.dealKey, ...(chosen.dealName && isManualDealKey(chosen.dealKey) ? { dealName: chosen.dealName } : {}) }
      : tabDeal
        ? { dealKey: tabDeal.snapshot.key }
        : null;
  const targetKey = target ? `${target.dealKey}|${target.dealName ?? ''}` : '';
  useEffect(() => {
    onTarget?.(target);
    // Reported when the deal changes, not on every render.
  }, [targetKey]);

  if (tab.status === 'loading' || settings.status === 'loading') return <p className="state" role="status">{t('qualify_loading')}</p>;
  if (tab.status === 'error') return <p className="state state--error" role="alert">{t('qualify_error', { error: tab.error })}</p>;
  if (settings.status === 'error') return <p className="state state--error" role="alert">{t('qualify_error', { error: settings.error })}</p>;
  const tabId = tab.value.tabId;
  const { state } = tab.value;

  const choose = (next: Chosen) => {
    setChosen(next);
    setChoosing(false);
  };

  // A deal the rep chose (by name or from earlier ones).
  if (chosen && !choosing) {
    const byName = isManualDealKey(chosen.dealKey);
    const shownOnTab = tabDeals.find((deal) => deal.snapshot.key === chosen.dealKey);
    return (
      <>
        <div className="qq-target">
          <div className="qq-target__id">
            <h2 className="deal__name">{chosen.dealName ?? t('qualify_unnamed_deal')}</h2>
            <p className="deal__meta">{byName ? t('qualify_by_name_stored') : t('qualify_from_earlier')}</p>
          </div>
          <div className="qq-target__actions">
            {tabDeals.length > 0 && (
              <button type="button" className="link-button" onClick={() => setChosen(null)}>
                {isRecordPage ? t('qualify_back_to_tab') : t('qualify_back_to_list')}
              </button>
            )}
            <button type="button" className="link-button" onClick={() => setChoosing(true)}>
              {t('qualify_other_by_name')}
            </button>
          </div>
        </div>
        <QuickQualify
          key={chosen.dealKey}
          t={t}
          locale={locale}
          dealKey={chosen.dealKey}
          {...(byName && chosen.dealName ? { manualName: chosen.dealName } : {})}
          snapshot={shownOnTab?.snapshot ?? null}
          verdict={shownOnTab?.verdict ?? null}
          tabId={shownOnTab ? tabId : null}
          settings={settings.value}
          source={source}
          compact={compact}
        />
      </>
    );
  }

  if (tabDeal && !choosing) {
    return (
      <>
        <DealHeading t={t} locale={locale} deal={tabDeal} />
        {!isRecordPage && <DealPicker t={t} deals={tabDeals} value={tabDeal.snapshot.key} onPick={(dealKey) => setPicked({ tabId, dealKey })} />}
        <p className="qq-target__switch">
          <button type="button" className="link-button" onClick={() => setChoosing(true)}>
            {t('qualify_other_by_name')}
          </button>
        </p>
        <QuickQualify
          key={tabDeal.snapshot.key}
          t={t}
          locale={locale}
          dealKey={tabDeal.snapshot.key}
          snapshot={tabDeal.snapshot}
          verdict={tabDeal.verdict}
          tabId={tabId}
          settings={settings.value}
          source={source}
          compact={compact}
        />
      </>
    );
  }

  // No deal yet: pick one of the page's deals, or qualify one by name.
  const intro =
    state.status === 'reading'
      ? t('qualify_tab_reading')
      : state.status === 'unreadable'
        ? t('qualify_tab_unreadable')
        : state.status === 'deal' && tabDeals.length
          ? null
          : t('qualify_tab_no_deal');
  return (
    <>
      {tabDeals.length > 0 && !choosing && <DealPicker t={t} deals={tabDeals} value="" onPick={(dealKey) => setPicked({ tabId, dealKey })} />}
      {choosing && (tabDeals.length > 0 || chosen) && (
        <p className="qq-target__switch">
          <button type="button" className="link-button" onClick={() => setChoosing(false)}>
            {t('qualify_cancel_by_name')}
          </button>
        </p>
      )}
      <ByName t={t} locale={locale} source={source} settings={settings.value} intro={choosing ? null : intro} onChoose={choose} />
    </>
  );
}

function formatAmount(deal: DealView, locale: string): string | null {
  const amount = deal.snapshot.fields.amount;
  if (amount.state !== 'value') return null;
  const { value, currency } = amount.value;
  return new Intl.NumberFormat(locale, currency ? { style: 'currency', currency, maximumFractionDigits: 0 } : { maximumFractionDigits: 0 }).format(value);
}

function DealHeading({ t, locale, deal }: { t: Translate; locale: string; deal: DealView }) {
  const { fields } = deal.snapshot;
  const name = fields.name.state === 'value' ? fields.name.value : t('qualify_unnamed_deal');
  const stage = fields.stage.state === 'value' ? fields.stage.value.label : null;
  return (
    <div className="qq-target">
      <div className="qq-target__id">
        <h2 className="deal__name">{name}</h2>
        <p className="deal__meta">{[stage, formatAmount(deal, locale)].filter(Boolean).join(' · ')}</p>
      </div>
    </div>
  );
}

function DealPicker({ t, deals, value, onPick }: { t: Translate; deals: DealView[]; value: string; onPick(dealKey: string): void }) {
  const id = useId();
  return (
    <div className="qq-picker field">
      <label htmlFor={id}>{t('qualify_pick_deal', { count: deals.length })}</label>
      <select id={id} value={value} onChange={(event) => event.target.value && onPick(event.target.value)}>
        {!value && <option value="">{t('qualify_pick_deal_placeholder')}</option>}
        {deals.map((deal) => (
          <option key={deal.snapshot.key} value={deal.snapshot.key}>
            {deal.snapshot.fields.name.state === 'value' ? deal.snapshot.fields.name.value : t('qualify_unnamed_deal')}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Qualify a deal by name": a name field that also filters the earlier qualifications listed below it. */
function ByName({
  t,
  locale,
  source,
  settings,
  intro,
  onChoose,
}: {
  t: Translate;
  locale: string;
  source: QualifySource;
  settings: Settings;
  intro: string | null;
  onChoose(chosen: Chosen): void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [earlier, setEarlier] = useState<Load<QualificationListItem[]>>({ status: 'loading' });

  useEffect(() => {
    let alive = true;
    source.listQualifications().then(
      (value) => alive && setEarlier({ status: 'ready', value }),
      (error: unknown) => alive && setEarlier({ status: 'error', error: message(error) }),
    );
    return () => {
      alive = false;
    };
  }, [source]);

  const wanted = tidyDealName(name).toLocaleLowerCase();
  const shown = useMemo(() => {
    if (earlier.status !== 'ready') return [];
    return earlier.value.filter((item) => !wanted || (item.dealName ?? '').toLocaleLowerCase().includes(wanted)).slice(0, 30);
  }, [earlier, wanted]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dealKey = manualDealKey(name);
    if (!dealKey) return;
    // The same name (in any case or spacing) continues the deal qualified before, under the name it was given first.
    const existing = earlier.status === 'ready' ? earlier.value.find((item) => item.record.dealKey === dealKey) : undefined;
    onChoose({ dealKey, dealName: existing?.dealName ?? tidyDealName(name) });
  };
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });

  return (
    <section className="qq-byname" aria-labelledby={`${id}-heading`}>
      {intro && <p className="state qq-byname__intro">{intro}</p>}
      <h2 id={`${id}-heading`} className="qq-byname__heading">
        {t('qualify_by_name_heading')}
      </h2>
      <form className="qq-byname__form" onSubmit={submit}>
        <label htmlFor={`${id}-name`}>{t('qualify_by_name_label')}</label>
        <div className="qq-byname__row">
          <input
            id={`${id}-name`}
            value={name}
            maxLength={MAX_DEAL_NAME}
            autoComplete="off"
            placeholder={t('qualify_by_name_placeholder')}
            aria-describedby={`${id}-hint`}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={!manualDealKey(name)}>
            {t('qualify_by_name_start')}
          </button>
        </div>
        <p className="qq-byname__hint" id={`${id}-hint`}>
          {t('qualify_by_name_hint')}
        </p>
      </form>
      <h3 className="qq__heading">{t('qualify_earlier_heading')}</h3>
      {earlier.status === 'loading' && <p className="state">{t('qualify_loading')}</p>}
      {earlier.status === 'error' && (
        <p className="state state--error" role="alert">
          {t('qualify_error', { error: earlier.error })}
        </p>
      )}
      {earlier.status === 'ready' && !shown.length && <p className="state">{wanted ? t('qualify_earlier_no_match') : t('qualify_earlier_none')}</p>}
      {shown.length > 0 && (
        <ul className="plain-list earlier">
          {shown.map((item) => {
            const framework = findFramework(settings, item.record.frameworkId)?.name ?? item.record.frameworkId;
            const answered = Object.keys(item.record.answers).length;
            const updated = Number.isFinite(Date.parse(item.record.updatedAt)) ? dateFormat.format(new Date(item.record.updatedAt)) : '';
            return (
              <li key={item.record.dealKey}>
                <button type="button" className="earlier__item" onClick={() => onChoose({ dealKey: item.record.dealKey, dealName: item.dealName })}>
                  <span className="earlier__name">{item.dealName ?? t('qualify_unnamed_deal')}</span>
                  <span className="earlier__meta">
                    {t('qualify_earlier_meta', { framework, answered, date: updated })}
                    {isManualDealKey(item.record.dealKey) && <span className="tag tag--muted">{t('qualify_by_name_tag')}</span>}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
