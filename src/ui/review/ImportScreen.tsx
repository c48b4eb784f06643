import { useDeferredValue, useEffect, useId, useMemo, useState, type ChangeEvent } from 'react';
import type { Translate } from '../../i18n/translate';
import type { CsvImport } from '../../import/csv';
import type { DealSnapshot, FieldName } from '../../model/deal';
import type { Settings } from '../../model/settings';
import { exampleOf, FILE_LOCALES, MAPPED_FIELDS, presetMapping, previewImport, readHeader, type HeaderRead } from '../../review/import-flow';
import { formatDate, formatMoney, formatNumber } from '../../review/format';
import {
  importPresetIdSchema,
  presetForHeader,
  removeMappingPreset,
  upsertMappingPreset,
  type ColumnMapping,
  type ImportPresetId,
  type MappingPreset,
} from '../../review/presets';
import { Dialog } from './Dialog';

/** Exports bigger than this are refused before reading: a CRM export of 20,000 deals is a few MB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
const PREVIEW_ROWS = 8;
const PROBLEMS_SHOWN = 25;

export interface ImportScreenProps {
  t: Translate;
  locale: string;
  now(): Date;
  stageMapping: Settings['stageMapping'];
  loadPresets(): Promise<{ presets: MappingPreset[]; errors: string[] }>;
  savePresets(presets: readonly MappingPreset[]): Promise<void>;
  importDeals(snapshots: readonly DealSnapshot[], onProgress: (done: number, total: number) => void): Promise<{ stored: number; unchanged: number }>;
  /** After an import finished: the page reloads its deals. */
  onImported(): void;
  onClose(): void;
}

interface LoadedFile {
  name: string;
  text: string;
  header: HeaderRead;
  /** When the file was chosen: every imported snapshot's capture time (stable while the mapping is edited). */
  capturedAt: string;
}

type ImportState =
  | { status: 'idle' }
  | { status: 'importing'; done: number; total: number }
  | { status: 'done'; stored: number; unchanged: number }
  | { status: 'failed'; error: string };

const PRESET_CHOICES: ImportPresetId[] = importPresetIdSchema.options;

/** The locale to read a file in, before the user says: the UI's language with its usual region. */
function defaultFileLocale(locale: string): string {
  const exact = FILE_LOCALES.find((candidate) => candidate.toLowerCase() === locale.toLowerCase());
  if (exact) return exact;
  const language = locale.split('-')[0]!.toLowerCase();
  return FILE_LOCALES.find((candidate) => candidate.startsWith(`${language}-`)) ?? 'en-US';
}

/**
 * Import deals from a CRM export: choose the file → the layout is detected (or a saved mapping that fits it is
 * proposed) → each field's column can be changed → the preview shows the first rows and every row's problem → import.
 */
export function ImportScreen({ t, locale, now, stageMapping, loadPresets, savePresets, importDeals, onImported, onClose }: ImportScreenProps) {
  const id = useId();
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preset, setPreset] = useState<ImportPresetId>('generic');
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [fileLocale, setFileLocale] = useState(() => defaultFileLocale(locale));
  const [currency, setCurrency] = useState('');
  const [saved, setSaved] = useState<MappingPreset[]>([]);
  const [savedErrors, setSavedErrors] = useState<string[]>([]);
  const [appliedSaved, setAppliedSaved] = useState<string | null>(null);
  const [presetNameInput, setPresetNameInput] = useState('');
  const [saveNote, setSaveNote] = useState<string | null>(null);
  const [state, setState] = useState<ImportState>({ status: 'idle' });

  useEffect(() => {
    let alive = true;
    loadPresets().then(
      (load) => {
        if (!alive) return;
        setSaved(load.presets);
        setSavedErrors(load.errors);
      },
      (error: unknown) => alive && setSavedErrors([error instanceof Error ? error.message : String(error)]),
    );
    return () => {
      alive = false;
    };
  }, [loadPresets]);

  const header = file?.header.ok ? file.header : null;

  const applySaved = (entry: MappingPreset, columns: readonly string[]) => {
    setPreset(entry.preset);
    // A column the file lacks is left unmapped rather than refused.
    const next = presetMapping(columns, entry.preset);
    for (const field of MAPPED_FIELDS) {
      const column = entry.mapping[field];
      if (column !== undefined) next[field] = column === '' || columns.includes(column) ? column : '';
    }
    setMapping(next);
    setFileLocale(entry.locale);
    setCurrency(entry.defaultCurrency ?? '');
    setAppliedSaved(entry.name);
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    setState({ status: 'idle' });
    setFileError(null);
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      setFile(null);
      setFileError(t('review_import_too_big', { size: formatNumber(MAX_FILE_BYTES / 1024 / 1024, locale) }));
      return;
    }
    let text: string;
    try {
      text = await chosen.text();
    } catch (error) {
      setFile(null);
      setFileError(t('review_import_unreadable', { error: error instanceof Error ? error.message : String(error) }));
      return;
    }
    const read = readHeader(text);
    setFile({ name: chosen.name, text, header: read, capturedAt: now().toISOString() });
    if (!read.ok) {
      setMapping(null);
      return;
    }
    const fitting = presetForHeader(saved, read.header);
    if (fitting) {
      applySaved(fitting, read.header);
      return;
    }
    const layout = read.detected ?? 'generic';
    setPreset(layout);
    setMapping(presetMapping(read.header, layout));
    setAppliedSaved(null);
  };

  // The preview reads the whole file again: it follows the controls a moment later, so typing and choosing stay quick
  // with a large export, and Import waits until the preview shows what the controls say.
  const previewInput = useMemo(() => ({ file, mapping, preset, fileLocale, currency }), [file, mapping, preset, fileLocale, currency]);
  const deferredInput = useDeferredValue(previewInput);
  const previewStale = deferredInput !== previewInput;
  const preview = useMemo(() => {
    const { file: chosen, mapping: columns, preset: layout, fileLocale: readIn, currency: fallback } = deferredInput;
    if (!chosen || !columns || !chosen.header.ok) return null;
    return previewImport(chosen.text, { preset: layout, mapping: columns, locale: readIn, defaultCurrency: fallback, capturedAt: chosen.capturedAt, stageMapping });
  }, [deferredInput, stageMapping]);

  const currencyValid = currency.trim() === '' || /^[A-Za-z]{3}$/.test(currency.trim());
  const ready = preview?.ok ? preview.result.rows.length : 0;
  const busy = state.status === 'importing';

  const runImport = () => {
    if (!preview?.ok || !ready || busy || previewStale) return;
    const snapshots = preview.result.rows.map((row) => row.snapshot);
    setState({ status: 'importing', done: 0, total: snapshots.length });
    importDeals(snapshots, (done, total) => setState({ status: 'importing', done, total })).then(
      (result) => {
        setState({ status: 'done', ...result });
        onImported();
      },
      (error: unknown) => setState({ status: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  };

  const saveMapping = () => {
    const name = presetNameInput.trim();
    if (!name || !mapping) return;
    const entry: MappingPreset = {
      name,
      preset,
      mapping,
      locale: fileLocale,
      ...(currency.trim() ? { defaultCurrency: currency.trim().toUpperCase() } : {}),
      savedAt: now().toISOString(),
    };
    let next: MappingPreset[];
    try {
      next = upsertMappingPreset(saved, entry);
    } catch (error) {
      setSaveNote(t('review_import_preset_save_failed', { error: error instanceof Error ? error.message : String(error) }));
      return;
    }
    savePresets(next).then(
      () => {
        setSaved(next);
        setAppliedSaved(name);
        setPresetNameInput('');
        setSaveNote(t('review_import_preset_saved', { name }));
      },
      (error: unknown) => setSaveNote(t('review_import_preset_save_failed', { error: error instanceof Error ? error.message : String(error) })),
    );
  };

  const deleteSaved = (name: string) => {
    const next = removeMappingPreset(saved, name);
    savePresets(next).then(
      () => {
        setSaved(next);
        if (appliedSaved === name) setAppliedSaved(null);
        setSaveNote(t('review_import_preset_deleted', { name }));
      },
      (error: unknown) => setSaveNote(t('review_import_preset_save_failed', { error: error instanceof Error ? error.message : String(error) })),
    );
  };

  return (
    <Dialog title={t('review_import_title')} onClose={onClose} className="dialog--import" closeLabel={t('review_close')}>
      <ol className="steps">
        <li className="step">
          <h3 className="step__title">{t('review_import_step_file')}</h3>
          <p className="step__hint">{t('review_import_file_hint')}</p>
          <label className="file-picker" htmlFor={`${id}-file`}>
            <span className="button">{t('review_import_choose_file')}</span>
            <span className="file-picker__name">{file ? file.name : t('review_import_no_file')}</span>
          </label>
          <input id={`${id}-file`} className="sr-only" type="file" accept=".csv,.txt,text/csv" onChange={(event) => void onFile(event)} disabled={busy} />
          {fileError && (
            <p className="notice notice--error" role="alert">
              {fileError}
            </p>
          )}
          {file && !file.header.ok && (
            <p className="notice notice--error" role="alert">
              {t('review_import_no_header')} <span lang="en">({file.header.error})</span>
            </p>
          )}
          {header && (
            <p className="notice" role="status">
              {appliedSaved
                ? t('review_import_saved_applied', { name: appliedSaved })
                : header.detected
                  ? t('review_import_detected', { layout: t(`review_import_layout_${header.detected}`) })
                  : t('review_import_not_detected')}
            </p>
          )}
        </li>

        {header && mapping && (
          <li className="step">
            <h3 className="step__title">{t('review_import_step_mapping')}</h3>
            <div className="import-options">
              <div className="field">
                <label htmlFor={`${id}-preset`}>{t('review_import_layout')}</label>
                <select
                  id={`${id}-preset`}
                  value={preset}
                  onChange={(event) => {
                    const next = event.target.value as ImportPresetId;
                    setPreset(next);
                    setMapping(presetMapping(header.header, next));
                    setAppliedSaved(null);
                  }}
                >
                  {PRESET_CHOICES.map((choice) => (
                    <option key={choice} value={choice}>
                      {t(`review_import_layout_${choice}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-saved`}>{t('review_import_saved')}</label>
                <span className="field__row">
                  <select
                    id={`${id}-saved`}
                    value={appliedSaved ?? ''}
                    onChange={(event) => {
                      const entry = saved.find((candidate) => candidate.name === event.target.value);
                      if (entry) applySaved(entry, header.header);
                    }}
                  >
                    <option value="">{saved.length ? t('review_import_saved_choose') : t('review_import_saved_none')}</option>
                    {saved.map((entry) => (
                      <option key={entry.name} value={entry.name}>
                        {entry.name}
                      </option>
                    ))}
                  </select>
                  {appliedSaved && (
                    <button type="button" className="button button--quiet" onClick={() => deleteSaved(appliedSaved)}>
                      {t('review_import_saved_delete')}
                    </button>
                  )}
                </span>
              </div>
              <div className="field">
                <label htmlFor={`${id}-locale`}>{t('review_import_locale')}</label>
                <select id={`${id}-locale`} value={fileLocale} onChange={(event) => setFileLocale(event.target.value)}>
                  {[...new Set([...FILE_LOCALES, fileLocale])].map((tag) => (
                    <option key={tag} value={tag}>
                      {localeLabel(tag, locale)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field field--narrow">
                <label htmlFor={`${id}-currency`}>{t('review_import_currency')}</label>
                <input
                  id={`${id}-currency`}
                  value={currency}
                  maxLength={3}
                  placeholder="EUR"
                  aria-invalid={!currencyValid}
                  aria-describedby={`${id}-currency-hint`}
                  onChange={(event) => setCurrency(event.target.value.toUpperCase())}
                />
                <span id={`${id}-currency-hint`} className="field__hint">
                  {currencyValid ? t('review_import_currency_hint') : t('review_import_currency_invalid')}
                </span>
              </div>
            </div>
            {savedErrors.length > 0 && (
              <p className="notice notice--warning" role="note">
                {t('review_import_saved_invalid', { count: savedErrors.length })} <span lang="en">({savedErrors.slice(0, 3).join('; ')})</span>
              </p>
            )}
            <table className="data-table mapping-table">
              <caption className="sr-only">{t('review_import_mapping_caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('review_import_field')}</th>
                  <th scope="col">{t('review_import_column')}</th>
                  <th scope="col">{t('review_import_example')}</th>
                </tr>
              </thead>
              <tbody>
                {MAPPED_FIELDS.map((field) => (
                  <tr key={field}>
                    <th scope="row">
                      <label htmlFor={`${id}-map-${field}`}>{t(`review_import_field_${field}`)}</label>
                    </th>
                    <td>
                      <select
                        id={`${id}-map-${field}`}
                        value={mapping[field]}
                        onChange={(event) => {
                          setMapping({ ...mapping, [field]: event.target.value });
                          setAppliedSaved(null);
                        }}
                      >
                        <option value="">{t('review_import_not_imported')}</option>
                        {header.header.filter(Boolean).map((column, index) => (
                          <option key={`${column}-${index}`} value={column}>
                            {column}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="mapping-table__example">{mapping[field] ? exampleOf(header.header, header.sample, mapping[field]) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="save-preset">
              <label htmlFor={`${id}-preset-name`}>{t('review_import_save_as')}</label>
              <input
                id={`${id}-preset-name`}
                value={presetNameInput}
                maxLength={80}
                placeholder={t('review_import_save_placeholder')}
                onChange={(event) => setPresetNameInput(event.target.value)}
              />
              <button type="button" className="button" disabled={!presetNameInput.trim()} onClick={saveMapping}>
                {t('review_import_save')}
              </button>
              {saveNote && (
                <span className="save-preset__note" role="status">
                  {saveNote}
                </span>
              )}
            </div>
          </li>
        )}

        {preview && (
          <li className="step">
            <h3 className="step__title">{t('review_import_step_preview')}</h3>
            {!preview.ok ? (
              <p className="notice notice--error" role="alert">
                {t('review_import_cannot')} <span lang="en">({preview.error})</span>
              </p>
            ) : (
              <ImportPreviewTable result={preview.result} t={t} locale={locale} />
            )}
          </li>
        )}
      </ol>

      <div className="dialog__actions">
        <p className="dialog__status" role="status" aria-live="polite">
          {state.status === 'importing' && t('review_import_progress', { done: state.done, total: state.total })}
          {state.status === 'done' && t('review_import_done', { stored: state.stored, unchanged: state.unchanged })}
          {state.status === 'failed' && <span className="state--error">{t('review_import_failed', { error: state.error })}</span>}
        </p>
        <button type="button" className="button" onClick={onClose}>
          {state.status === 'done' ? t('review_done') : t('review_cancel')}
        </button>
        <button type="button" className="button button--primary" disabled={!ready || busy || previewStale || !currencyValid || state.status === 'done'} onClick={runImport}>
          {t('review_import_button', { count: ready })}
        </button>
      </div>
    </Dialog>
  );
}

function localeLabel(tag: string, uiLocale: string): string {
  try {
    const names = new Intl.DisplayNames([uiLocale], { type: 'language' });
    return `${names.of(tag) ?? tag} (${tag})`;
  } catch {
    return tag;
  }
}

const PREVIEW_FIELDS: FieldName[] = ['name', 'owner', 'stage', 'amount', 'closeDate'];

function ImportPreviewTable({ result, t, locale }: { result: CsvImport; t: Translate; locale: string }) {
  const rows = result.rows.slice(0, PREVIEW_ROWS);
  const unreadIn = (snapshot: DealSnapshot) =>
    (Object.keys(snapshot.fields) as FieldName[]).filter((field) => snapshot.fields[field].state === 'unknown' && snapshot.fields[field].code !== 'not_supported' && snapshot.fields[field].code !== 'not_on_page');
  const rowsWithUnread = result.rows.filter((row) => unreadIn(row.snapshot).length > 0).length;
  const show = (snapshot: DealSnapshot, field: FieldName): string => {
    const value = snapshot.fields[field];
    if (value.state === 'unknown') return t('review_could_not_read');
    if (value.state === 'empty') return '–';
    const v = value.value as unknown;
    if (field === 'amount') {
      const money = v as { value: number; currency: string | null };
      return formatMoney(money.value, money.currency, locale);
    }
    if (field === 'stage') {
      const stage = v as { label: string; canonical: string | null };
      return stage.canonical ? `${stage.label} (${t(`review_stage_${stage.canonical}`)})` : stage.label;
    }
    if (field === 'closeDate') return formatDate(v as string, locale);
    return String(v);
  };
  return (
    <>
      <p className="import-summary">
        <strong>{t('review_import_ready', { count: result.rows.length })}</strong>
        {result.problems.length > 0 && <span className="import-summary__bad">{t('review_import_skipped', { count: result.problems.length })}</span>}
        {rowsWithUnread > 0 && <span className="import-summary__warn">{t('review_import_rows_unread', { count: rowsWithUnread })}</span>}
      </p>
      {rows.length > 0 && (
        // Focusable, so a keyboard user can scroll a preview wider than the dialog.
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('review_import_preview_caption', { count: rows.length })}>
          <table className="data-table preview-table">
            <caption className="sr-only">{t('review_import_preview_caption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('review_import_line')}</th>
                {PREVIEW_FIELDS.map((field) => (
                  <th key={field} scope="col">
                    {t(`field_${field}`)}
                  </th>
                ))}
                <th scope="col">{t('review_import_row_problems')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const unread = unreadIn(row.snapshot);
                return (
                  <tr key={row.line} className={unread.length ? 'preview-table__row--warn' : undefined}>
                    <td>{row.line}</td>
                    {PREVIEW_FIELDS.map((field) => {
                      const value = row.snapshot.fields[field];
                      return (
                        <td key={field} className={value.state === 'unknown' ? 'unread' : undefined} title={value.state === 'unknown' ? value.reason : undefined}>
                          {show(row.snapshot, field)}
                        </td>
                      );
                    })}
                    <td>
                      {unread.length ? (
                        <ul className="plain-list">
                          {unread.map((field) => {
                            const value = row.snapshot.fields[field];
                            return (
                              <li key={field}>
                                {t('review_import_field_unread', { field: t(`field_${field}`) })}{' '}
                                <span className="detail" lang="en">
                                  ({value.state === 'unknown' ? value.reason : ''})
                                </span>
                              </li>
                            );
                          })}
                        </ul>
                      ) : (
                        <span className="clean">{t('review_import_row_ok')}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {result.problems.length > 0 && (
        <details className="import-problems" open={result.rows.length === 0}>
          <summary>{t('review_import_problems', { count: result.problems.length })}</summary>
          <ul className="plain-list">
            {result.problems.slice(0, PROBLEMS_SHOWN).map((problem) => (
              <li key={problem.line}>
                {t('review_import_problem_line', { line: problem.line })}{' '}
                <span lang="en">{problem.error}</span>
              </li>
            ))}
            {result.problems.length > PROBLEMS_SHOWN && <li>{t('review_brief_more', { count: result.problems.length - PROBLEMS_SHOWN })}</li>}
          </ul>
        </details>
      )}
      {result.notes.length > 0 && (
        <ul className="plain-list import-notes" lang="en">
          {result.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </>
  );
}
