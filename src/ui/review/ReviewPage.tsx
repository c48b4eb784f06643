import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Translate } from '../../i18n/translate';
import type { ReviewDeal } from '../../messaging/review';
import type { Settings } from '../../model/settings';
import { csvFileName, rowsToCsv } from '../../review/csv-export';
import { EMPTY_FILTER, filterRows, OWNER_UNREAD, ownerOptions, ruleOptions, type ReviewFilter } from '../../review/filter';
import { formatDate } from '../../review/format';
import { toRows } from '../../review/rows';
import { DEFAULT_SORT, nextSort, sortRows, type SortColumn, type SortSpec } from '../../review/sort';
import { isoDateAt } from '../../rules/dates';
import { useValueAfterPaint } from './after-paint';
import { BriefDialog } from './BriefDialog';
import { CoverageChart } from './charts/CoverageChart';
import { FindingsChart } from './charts/FindingsChart';
import { DealDrawer } from './DealDrawer';
import { DealTable } from './DealTable';
import { Dialog } from './Dialog';
import { Filters } from './Filters';
import { ImportScreen } from './ImportScreen';
import type { ReviewSource } from './source';
import { Summary } from './Summary';

export interface ReviewPageProps {
  t: Translate;
  /** The UI locale: dates, numbers and money. */
  locale: string;
  source: ReviewSource;
  now(): Date;
}

/** One empty list, so the memoised charts see the same value from render to render. */
const NO_QUOTAS: Settings['quotas'] = [];

type Load = { status: 'loading'; loaded: number; total: number | null } | { status: 'error'; error: string } | { status: 'ready' };
type Open = null | 'import' | 'brief' | 'remove';

/** The manager's pipeline review: every deal seen or imported, sortable and filterable, with charts, exports and the weekly brief. */
export function ReviewPage({ t, locale, source, now }: ReviewPageProps) {
  const [load, setLoad] = useState<Load>({ status: 'loading', loaded: 0, total: null });
  const [deals, setDeals] = useState<ReviewDeal[]>([]);
  const [today, setToday] = useState(() => isoDateAt(now()));
  const [settings, setSettings] = useState<Settings | null>(null);
  const [sort, setSort] = useState<SortSpec>(DEFAULT_SORT);
  const [filter, setFilter] = useState<ReviewFilter>(EMPTY_FILTER);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // Loads can overlap (an import finishes while the first load is still paging): only the latest may show.
  const latestLoad = useRef(0);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const reload = useCallback(() => {
    const request = ++latestLoad.current;
    const current = () => mounted.current && request === latestLoad.current;
    setLoad({ status: 'loading', loaded: 0, total: null });
    source
      .listDeals((loaded, total) => {
        if (!current()) return;
        // The table fills page by page while the rest loads.
        setDeals([...loaded]);
        setLoad({ status: 'loading', loaded: loaded.length, total });
      })
      .then(
        (result) => {
          if (!current()) return;
          setDeals(result.deals);
          setToday(result.today);
          setLoad({ status: 'ready' });
        },
        (error: unknown) => current() && setLoad({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
      );
  }, [source]);

  useEffect(() => {
    mounted.current = true;
    reload();
  }, [reload]);
  useEffect(() => {
    let alive = true;
    source.loadSettings().then(
      (loaded) => alive && setSettings(loaded),
      // Without settings the page still works: no quotas, the browser's time zone.
      () => alive && setSettings(null),
    );
    return () => {
      alive = false;
    };
  }, [source]);

  const rows = useMemo(() => toRows(deals), [deals]);
  const sorted = useMemo(() => sortRows(rows, sort, locale), [rows, sort, locale]);
  const filtered = useMemo(() => filterRows(sorted, filter), [sorted, filter]);
  // Charts and figures follow the filter a frame later; the table answers first.
  const inView = useValueAfterPaint(filtered);
  const chartOwner = useValueAfterPaint(filter.owner === OWNER_UNREAD ? null : filter.owner);
  const owners = useMemo(() => ownerOptions(rows, locale), [rows, locale]);
  const rules = useMemo(() => ruleOptions(rows), [rows]);
  const selected = useMemo(() => (selectedKey === null ? null : (rows.find((row) => row.key === selectedKey) ?? null)), [rows, selectedKey]);
  const imported = useMemo(() => rows.filter((row) => row.imported).length, [rows]);
  const quotas = settings?.quotas ?? NO_QUOTAS;
  const timeZone = settings?.timeZone;

  const onSort = useCallback((column: SortColumn) => setSort((current) => nextSort(current, column)), []);
  const onPickRule = useCallback((rule: string) => setFilter((current) => ({ ...current, rule })), []);
  const exportCsv = () => {
    source.download(csvFileName(today), rowsToCsv(filtered, t), 'text/csv;charset=utf-8');
    setNotice(t('review_exported', { count: filtered.length }));
  };
  const removeImported = () => {
    source.removeImported().then(
      (removed) => {
        setOpen(null);
        setSelectedKey(null);
        setNotice(t('review_removed_imported', { count: removed }));
        reload();
      },
      (error: unknown) => setNotice(t('review_remove_failed', { error: error instanceof Error ? error.message : String(error) })),
    );
  };

  const loading = load.status === 'loading';
  const empty = load.status === 'ready' && deals.length === 0;

  return (
    <div className="review" aria-busy={loading}>
      <header className="page-head">
        <div>
          <h1>{t('review_title')}</h1>
          <p className="page-head__sub">
            {load.status === 'ready' && !empty
              ? t('review_subtitle', { count: deals.length, seen: deals.length - imported, imported, date: formatDate(today, locale) })
              : t('review_tagline')}
          </p>
        </div>
        <div className="page-head__actions">
          <button type="button" className="button" onClick={() => setOpen('import')}>
            {t('review_import_open')}
          </button>
          {imported > 0 && (
            <button type="button" className="button button--quiet" onClick={() => setOpen('remove')}>
              {t('review_remove_imported')}
            </button>
          )}
          <button type="button" className="button" disabled={!filtered.length} onClick={exportCsv}>
            {t('review_export_csv')}
          </button>
          <button type="button" className="button button--primary" disabled={!deals.length} onClick={() => setOpen('brief')}>
            {t('review_brief_open')}
          </button>
        </div>
      </header>

      {notice && (
        <p className="notice notice--page" role="status">
          {notice}
          <button type="button" className="icon-button icon-button--small" aria-label={t('review_dismiss')} onClick={() => setNotice(null)}>
            <span aria-hidden="true">×</span>
          </button>
        </p>
      )}
      {loading && (
        <p className="notice notice--page" role="status">
          {load.total === null ? t('review_loading') : t('review_loading_progress', { loaded: load.loaded, total: load.total })}
        </p>
      )}
      {load.status === 'error' && (
        <p className="notice notice--page notice--error" role="alert">
          {t('review_load_failed', { error: load.error })}{' '}
          <button type="button" className="link-button" onClick={reload}>
            {t('review_retry')}
          </button>
        </p>
      )}

      {empty ? (
        <EmptyState t={t} onImport={() => setOpen('import')} />
      ) : (
        deals.length > 0 && (
          <>
            <Summary rows={inView} today={today} t={t} locale={locale} />
            <section className="charts" aria-label={t('review_charts_label')}>
              <CoverageChart rows={inView} quotas={quotas} owner={chartOwner} today={today} t={t} locale={locale} openOptions={source.openOptions} />
              <FindingsChart rows={inView} t={t} onPickRule={onPickRule} />
            </section>
            <Filters filter={filter} onChange={setFilter} owners={owners} rules={rules} shown={filtered.length} total={rows.length} t={t} />
            <div className="workspace">
              <DealTable rows={filtered} sort={sort} onSort={onSort} selectedKey={selectedKey} onSelect={setSelectedKey} t={t} locale={locale} timeZone={timeZone} />
              {selected && (
                <DealDrawer row={selected} loadHistory={source.dealHistory} onClose={() => setSelectedKey(null)} t={t} locale={locale} today={today} timeZone={timeZone} />
              )}
            </div>
          </>
        )
      )}

      {open === 'import' && (
        <ImportScreen
          t={t}
          locale={locale}
          now={now}
          stageMapping={settings?.stageMapping ?? {}}
          loadPresets={source.loadPresets}
          savePresets={source.savePresets}
          importDeals={source.importDeals}
          onImported={reload}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'brief' && (
        <BriefDialog
          rows={filtered}
          totalDeals={rows.length}
          quotas={quotas}
          now={now}
          timeZone={timeZone}
          t={t}
          locale={locale}
          copyText={source.copyText}
          onClose={() => setOpen(null)}
        />
      )}
      {open === 'remove' && (
        <Dialog title={t('review_remove_title')} onClose={() => setOpen(null)} closeLabel={t('review_close')}>
          <p>{t('review_remove_body', { count: imported })}</p>
          <div className="dialog__actions">
            <button type="button" className="button" onClick={() => setOpen(null)}>
              {t('review_cancel')}
            </button>
            <button type="button" className="button button--danger" onClick={removeImported}>
              {t('review_remove_confirm')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** A first-time user has no deals yet: say how deals get here, and offer the CSV import. */
function EmptyState({ t, onImport }: { t: Translate; onImport(): void }) {
  return (
    <section className="empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('review_empty_title')}</h2>
      <p>{t('review_empty_body')}</p>
      <ol className="empty__steps">
        <li>{t('review_empty_step_visit')}</li>
        <li>{t('review_empty_step_lists')}</li>
        <li>{t('review_empty_step_import')}</li>
      </ol>
      <button type="button" className="button button--primary" onClick={onImport}>
        {t('review_import_open')}
      </button>
    </section>
  );
}
