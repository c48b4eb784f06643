import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Translate } from '../../../i18n/translate';
import { checkExportFile, readExportText, type ImportPlan } from '../../../history/backup';
import { DEFAULT_RETENTION_DAYS } from '../../../model/settings';
import type { StorageUsage } from '../../../messaging/data';
import { DataRequestError, type PrivacySource } from './source';
import './privacy.css';

export interface PrivacySectionProps {
  t: Translate;
  /** The UI locale, for numbers, sizes and dates. */
  locale: string;
  source: PrivacySource;
}

/** The retention periods offered, in days: a month to ten years. */
export const RETENTION_CHOICES = [30, 90, 180, 365, 730, 1825, 3650] as const;

type Usage = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; usage: StorageUsage };

/** A request's failure in the user's language. */
function failureText(t: Translate, error: unknown): string {
  if (error instanceof DataRequestError) {
    if (error.code === 'db-blocked') return t('privacy_error_blocked');
    if (error.code === 'quota') return t('privacy_error_quota');
    if (error.code === 'settings-unreadable') return t('privacy_error_settings_unreadable');
  }
  return t('privacy_error_generic', { error: error instanceof Error ? error.message : String(error) });
}

/** "3 months", "1 year", "45 days": whole years and months where the period is one. */
export function periodLabel(t: Translate, days: number): string {
  if (days % 365 === 0) return t('privacy_period_years', { n: days / 365 });
  if (days % 30 === 0 && days < 365) return t('privacy_period_months', { n: days / 30 });
  return t('privacy_period_days', { n: days });
}

function formatBytes(bytes: number, locale: string): string {
  const [value, unit] = bytes >= 1024 ** 3 ? [bytes / 1024 ** 3, 'gigabyte'] : bytes >= 1024 ** 2 ? [bytes / 1024 ** 2, 'megabyte'] : [bytes / 1024, 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

const formatDate = (iso: string, locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(iso));
const formatDateTime = (iso: string, locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));

/**
 * "Privacy and data" on the options page: what is stored (and that it stays on this computer), how long history is
 * kept, export everything, import an export, delete everything, and a notice when storage was full.
 */
export function PrivacySection({ t, locale, source }: PrivacySectionProps) {
  const [usage, setUsage] = useState<Usage>({ status: 'loading' });
  const [retention, setRetention] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [current, days] = await Promise.all([source.usage(), source.retentionDays()]);
      setUsage({ status: 'ready', usage: current });
      setRetention(days);
    } catch (error) {
      setUsage({ status: 'error', message: failureText(t, error) });
      setRetention((days) => days ?? DEFAULT_RETENTION_DAYS);
    }
  }, [source, t]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const ready = usage.status === 'ready' ? usage.usage : null;

  return (
    <section className="options-section privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t('privacy_title')}</h2>
      <p className="section__intro">{t('privacy_intro')}</p>
      {ready?.lastPrunedForQuotaAt && <QuotaNotice t={t} locale={locale} usage={ready} source={source} onDismissed={refresh} />}
      <StoredSummary t={t} locale={locale} usage={usage} onRetry={refresh} />
      {retention !== null && <RetentionControl t={t} locale={locale} days={retention} usage={ready} source={source} onChanged={refresh} />}
      <div className="packs privacy__transfer">
        <ExportEverything t={t} source={source} disabled={!ready} />
        <ImportEverything t={t} locale={locale} source={source} current={ready} onImported={refresh} />
      </div>
      <DeleteEverything t={t} usage={ready} source={source} onDeleted={refresh} />
    </section>
  );
}

function QuotaNotice({ t, locale, usage, source, onDismissed }: { t: Translate; locale: string; usage: StorageUsage; source: PrivacySource; onDismissed(): Promise<void> }) {
  return (
    <div className="banner privacy__notice" role="alert">
      <p>{t('privacy_quota_notice', { date: formatDateTime(usage.lastPrunedForQuotaAt!, locale), n: usage.prunedForQuotaSnapshots })}</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          void source.dismissStorageNotice().then(onDismissed, onDismissed);
        }}
      >
        {t('privacy_quota_notice_dismiss')}
      </button>
    </div>
  );
}

function StoredSummary({ t, locale, usage, onRetry }: { t: Translate; locale: string; usage: Usage; onRetry(): Promise<void> }) {
  const number = new Intl.NumberFormat(locale);
  let body;
  if (usage.status === 'loading') body = <p role="status">{t('privacy_loading')}</p>;
  else if (usage.status === 'error') {
    body = (
      <div className="banner banner--error" role="alert">
        <p>{usage.message}</p>
        <button type="button" className="button" onClick={() => void onRetry()}>
          {t('privacy_retry')}
        </button>
      </div>
    );
  } else {
    const { usage: stored } = usage;
    const empty = stored.deals + stored.snapshots + stored.qualifications + stored.snoozes === 0;
    body = (
      <>
        <dl className="privacy__stats">
          <div>
            <dt>{t('privacy_stat_deals')}</dt>
            <dd>{number.format(stored.deals)}</dd>
          </div>
          <div>
            <dt>{t('privacy_stat_snapshots')}</dt>
            <dd>{number.format(stored.snapshots)}</dd>
          </div>
          <div>
            <dt>{t('privacy_stat_answers')}</dt>
            <dd>{number.format(stored.qualifications)}</dd>
          </div>
          <div>
            <dt>{t('privacy_stat_snoozes')}</dt>
            <dd>{number.format(stored.snoozes)}</dd>
          </div>
          {stored.bytes !== null && (
            <div>
              <dt>{t('privacy_stat_size')}</dt>
              <dd>{formatBytes(stored.bytes, locale)}</dd>
            </div>
          )}
        </dl>
        {empty ? (
          <p className="privacy__empty" role="status">
            {t('privacy_empty')}
          </p>
        ) : (
          stored.oldestSnapshotAt && <p className="muted">{t('privacy_oldest', { date: formatDate(stored.oldestSnapshotAt, locale) })}</p>
        )}
      </>
    );
  }
  return (
    <div className="privacy__block" role="group" aria-labelledby="privacy-stored-title">
      <h3 id="privacy-stored-title">{t('privacy_stored_title')}</h3>
      {body}
    </div>
  );
}

type Status = { status: 'idle' } | { status: 'busy' } | { status: 'done'; text: string } | { status: 'failed'; text: string };

function StatusLine({ state }: { state: Status }) {
  if (state.status === 'done') {
    return (
      <p className="confirmation" role="status">
        {state.text}
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <p className="field__error" role="alert">
        {state.text}
      </p>
    );
  }
  return null;
}

function RetentionControl({ t, locale, days, usage, source, onChanged }: { t: Translate; locale: string; days: number; usage: StorageUsage | null; source: PrivacySource; onChanged(): Promise<void> }) {
  const [saveState, setSaveState] = useState<Status>({ status: 'idle' });
  const [applyState, setApplyState] = useState<Status>({ status: 'idle' });
  const choices: number[] = RETENTION_CHOICES.includes(days as (typeof RETENTION_CHOICES)[number]) ? [...RETENTION_CHOICES] : [...RETENTION_CHOICES, days].sort((a, b) => a - b);
  const label = (value: number) => (value === DEFAULT_RETENTION_DAYS ? t('privacy_period_default', { period: periodLabel(t, value) }) : periodLabel(t, value));

  const save = async (value: number) => {
    setSaveState({ status: 'busy' });
    setApplyState({ status: 'idle' });
    try {
      await source.saveRetentionDays(value);
      setSaveState({ status: 'done', text: t('privacy_retention_saved', { period: periodLabel(t, value) }) });
      await onChanged();
    } catch (error) {
      setSaveState({ status: 'failed', text: failureText(t, error) });
    }
  };

  const apply = async () => {
    setApplyState({ status: 'busy' });
    try {
      const { removed, removedDeals } = await source.applyRetention();
      setApplyState({ status: 'done', text: removed + removedDeals === 0 ? t('privacy_applied_nothing') : t('privacy_applied', { snapshots: removed, deals: removedDeals }) });
      await onChanged();
    } catch (error) {
      setApplyState({ status: 'failed', text: failureText(t, error) });
    }
  };

  return (
    <div className="privacy__block" role="group" aria-labelledby="privacy-retention-title">
      <h3 id="privacy-retention-title">{t('privacy_retention_title')}</h3>
      <div className="field">
        <label htmlFor="privacy-retention">{t('privacy_retention_label')}</label>
        <select
          id="privacy-retention"
          className="input"
          value={days}
          disabled={saveState.status === 'busy'}
          aria-describedby="privacy-retention-hint"
          onChange={(event) => void save(Number(event.target.value))}
        >
          {choices.map((value) => (
            <option key={value} value={value}>
              {label(value)}
            </option>
          ))}
        </select>
        <p className="field__hint" id="privacy-retention-hint">
          {t('privacy_retention_hint')}
        </p>
        <StatusLine state={saveState} />
      </div>
      <div className="section__actions">
        <button type="button" className="button" disabled={!usage || applyState.status === 'busy'} onClick={() => void apply()}>
          {t('privacy_apply_now')}
        </button>
        {usage?.lastRetentionAt && <span className="muted">{t('privacy_last_retention', { date: formatDateTime(usage.lastRetentionAt, locale) })}</span>}
      </div>
      <StatusLine state={applyState} />
    </div>
  );
}

function ExportEverything({ t, source, disabled }: { t: Translate; source: PrivacySource; disabled: boolean }) {
  const [state, setState] = useState<Status>({ status: 'idle' });
  const run = async () => {
    setState({ status: 'busy' });
    try {
      const result = await source.exportEverything();
      const text = t('privacy_exported', { deals: result.deals, snapshots: result.snapshots, file: result.fileName });
      setState({ status: 'done', text: result.skipped ? `${text} ${t('privacy_export_skipped', { n: result.skipped })}` : text });
    } catch (error) {
      setState({ status: 'failed', text: failureText(t, error) });
    }
  };
  return (
    <div className="pack" role="group" aria-labelledby="privacy-export-title">
      <h3 id="privacy-export-title">{t('privacy_export_title')}</h3>
      <p className="field__hint">{t('privacy_export_hint')}</p>
      <div className="section__actions">
        <button type="button" className="button button--primary" disabled={disabled || state.status === 'busy'} onClick={() => void run()}>
          {state.status === 'busy' ? t('privacy_exporting') : t('privacy_export_button')}
        </button>
      </div>
      <StatusLine state={state} />
    </div>
  );
}

type ImportState =
  | { status: 'idle' }
  | { status: 'reading'; fileName: string }
  | { status: 'invalid'; fileName: string; errors: readonly string[] }
  | { status: 'ready'; fileName: string; file: unknown; plan: ImportPlan }
  | { status: 'importing'; fileName: string }
  | { status: 'done'; text: string }
  | { status: 'failed'; text: string };

function ImportEverything({ t, locale, source, current, onImported }: { t: Translate; locale: string; source: PrivacySource; current: StorageUsage | null; onImported(): Promise<void> }) {
  const [state, setState] = useState<ImportState>({ status: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const summaryId = useId();

  const read = async (chosen: File) => {
    setState({ status: 'reading', fileName: chosen.name });
    let text: string;
    try {
      text = await chosen.text();
    } catch (error) {
      setState({ status: 'invalid', fileName: chosen.name, errors: [`(file): ${error instanceof Error ? error.message : String(error)}`] });
      return;
    }
    const parsed = readExportText(text);
    if (!parsed.ok) return setState({ status: 'invalid', fileName: chosen.name, errors: parsed.errors });
    const check = checkExportFile(parsed.value, source.now());
    if (!check.ok) return setState({ status: 'invalid', fileName: chosen.name, errors: check.errors });
    setState({ status: 'ready', fileName: chosen.name, file: parsed.value, plan: check.plan });
  };

  const reset = () => {
    setState({ status: 'idle' });
    if (input.current) input.current.value = '';
  };

  const confirm = async (fileName: string, file: unknown) => {
    setState({ status: 'importing', fileName });
    try {
      const counts = await source.importEverything(file);
      if (input.current) input.current.value = '';
      setState({ status: 'done', text: t('privacy_imported', { deals: counts.deals, snapshots: counts.snapshots }) });
      await onImported();
    } catch (error) {
      const errors = error instanceof DataRequestError && error.code === 'invalid-file' ? error.errors : null;
      if (errors?.length) setState({ status: 'invalid', fileName, errors });
      else setState({ status: 'failed', text: failureText(t, error) });
    }
  };

  return (
    <div className="pack" role="group" aria-labelledby="privacy-import-title">
      <h3 id="privacy-import-title">{t('privacy_import_title')}</h3>
      <p className="field__hint" id="privacy-import-hint">
        {t('privacy_import_hint')}
      </p>
      <div className="field">
        <label htmlFor="privacy-import-file">{t('privacy_import_label')}</label>
        <input
          id="privacy-import-file"
          ref={input}
          type="file"
          accept=".json,application/json"
          aria-describedby="privacy-import-hint"
          disabled={state.status === 'importing'}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (chosen) void read(chosen);
          }}
        />
      </div>
      {state.status === 'reading' && <p role="status">{t('privacy_import_reading', { file: state.fileName })}</p>}
      {state.status === 'importing' && <p role="status">{t('privacy_importing')}</p>}
      {state.status === 'invalid' && (
        <div className="problems" role="alert">
          <p>
            <strong>{t('privacy_import_invalid', { file: state.fileName })}</strong>
          </p>
          <ul className="problems__list">
            {state.errors.map((error, index) => (
              <li key={index}>
                <code>{error}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {state.status === 'ready' && (
        <div className="pack-preview" role="region" aria-labelledby={summaryId}>
          <p id={summaryId}>{t('privacy_import_summary', { file: state.fileName, date: formatDate(state.plan.summary.exportedAt, locale) })}</p>
          <ul>
            <li>{t('privacy_import_summary_deals', { deals: state.plan.summary.deals, snapshots: state.plan.summary.snapshots })}</li>
            <li>{t('privacy_import_summary_answers', { n: state.plan.summary.qualification })}</li>
            <li>{t('privacy_import_summary_snoozes', { n: state.plan.summary.snoozes })}</li>
            <li>{t('privacy_import_summary_crms', { n: state.plan.summary.customCrms })}</li>
            <li>{t('privacy_import_summary_settings', { period: periodLabel(t, state.plan.summary.retentionDays) })}</li>
          </ul>
          {state.plan.summary.dealsBeyondRetention > 0 && (
            <p className="field__hint">{t('privacy_import_beyond', { n: state.plan.summary.dealsBeyondRetention, period: periodLabel(t, state.plan.summary.retentionDays) })}</p>
          )}
          <p>
            <strong>{current ? t('privacy_import_replaces', { deals: current.deals, snapshots: current.snapshots }) : t('privacy_import_replaces_unknown')}</strong>
          </p>
          <div className="section__actions">
            <button type="button" className="button button--primary" onClick={() => void confirm(state.fileName, state.file)}>
              {t('privacy_import_confirm')}
            </button>
            <button type="button" className="button" onClick={reset}>
              {t('privacy_cancel')}
            </button>
          </div>
        </div>
      )}
      {state.status === 'done' && (
        <p className="confirmation" role="status">
          {state.text}
        </p>
      )}
      {state.status === 'failed' && (
        <p className="field__error" role="alert">
          {state.text}
        </p>
      )}
    </div>
  );
}

type DeleteState = { status: 'idle' } | { status: 'confirming' } | { status: 'deleting' } | { status: 'done' } | { status: 'failed'; text: string };

function DeleteEverything({ t, usage, source, onDeleted }: { t: Translate; usage: StorageUsage | null; source: PrivacySource; onDeleted(): Promise<void> }) {
  const [state, setState] = useState<DeleteState>({ status: 'idle' });
  const cancelButton = useRef<HTMLButtonElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const focusOpenButton = useRef(false);

  useEffect(() => {
    // The safe choice has the focus when the question appears; cancelled, the focus goes back where it was.
    if (state.status === 'confirming') cancelButton.current?.focus();
    if (state.status === 'idle' && focusOpenButton.current) {
      focusOpenButton.current = false;
      openButton.current?.focus();
    }
  }, [state.status]);

  const run = async () => {
    setState({ status: 'deleting' });
    try {
      await source.deleteEverything();
      setState({ status: 'done' });
      await onDeleted();
    } catch (error) {
      setState({ status: 'failed', text: failureText(t, error) });
    }
  };

  return (
    <div className="privacy__block privacy__delete" role="group" aria-labelledby="privacy-delete-title">
      <h3 id="privacy-delete-title">{t('privacy_delete_title')}</h3>
      <p className="field__hint">{t('privacy_delete_hint')}</p>
      {state.status === 'confirming' || state.status === 'deleting' ? (
        usage && (
          <div className="privacy__confirm" role="region" aria-labelledby="privacy-delete-confirm-title">
            <p id="privacy-delete-confirm-title">
              <strong>{t('privacy_delete_confirm_title')}</strong>
            </p>
            <ul>
              <li>{t('privacy_delete_item_deals', { deals: usage.deals, snapshots: usage.snapshots })}</li>
              {usage.qualifications > 0 && <li>{t('privacy_delete_item_answers', { n: usage.qualifications })}</li>}
              {usage.snoozes > 0 && <li>{t('privacy_delete_item_snoozes', { n: usage.snoozes })}</li>}
              <li>{t('privacy_delete_item_crms')}</li>
              <li>{t('privacy_delete_item_settings')}</li>
            </ul>
            <p>{t('privacy_delete_irreversible')}</p>
            <div className="section__actions">
              <button type="button" className="button button--danger" disabled={state.status === 'deleting'} onClick={() => void run()}>
                {state.status === 'deleting' ? t('privacy_deleting') : t('privacy_delete_confirm')}
              </button>
              <button
                type="button"
                className="button"
                ref={cancelButton}
                disabled={state.status === 'deleting'}
                onClick={() => {
                  focusOpenButton.current = true;
                  setState({ status: 'idle' });
                }}
              >
                {t('privacy_cancel')}
              </button>
            </div>
          </div>
        )
      ) : (
        <div className="section__actions">
          <button type="button" className="button button--danger-outline" ref={openButton} disabled={!usage} onClick={() => setState({ status: 'confirming' })}>
            {t('privacy_delete_button')}
          </button>
        </div>
      )}
      {state.status === 'done' && (
        <p className="confirmation" role="status">
          {t('privacy_deleted')}
        </p>
      )}
      {state.status === 'failed' && (
        <p className="field__error" role="alert">
          {state.text}
        </p>
      )}
    </div>
  );
}
