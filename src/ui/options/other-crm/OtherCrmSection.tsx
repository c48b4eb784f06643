import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Translate } from '../../../i18n/translate';
import { crmMappingFileName, exportCrmMapping, importCrmMapping, type CrmMapping, type StoredCustomCrms } from '../../../model/crm-mapping';
import { presets } from '../../../adapters/presets';
import { draftFromMapping, emptyDraft, type MappingDraft } from './draft';
import { MappingEditor } from './MappingEditor';
import type { OtherCrmSource } from './source';
import './other-crm.css';

export interface OtherCrmSectionProps {
  t: Translate;
  /** The UI locale, for the values "Test on this tab" shows. */
  locale: string;
  source: OtherCrmSource;
  /** The clock, for an exported file's date. */
  now?(): Date;
}

type Load = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; stored: StoredCustomCrms; access: Record<string, boolean> };
type Editing = { draft: MappingDraft; title: string; notice: string | null } | null;
type Notice = { tone: 'good' | 'error'; text: string } | null;

/**
 * "Other CRM": the CRMs a user maps themselves (any web CRM, in-house tools), each with where it lives, how to find
 * a record's id in its URLs and where each field is on its pages. Saving asks for access to the CRM's site and has
 * the background register the reader there.
 */
export function OtherCrmSection({ t, locale, source, now = () => new Date() }: OtherCrmSectionProps) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [editing, setEditing] = useState<Editing>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [importErrors, setImportErrors] = useState<{ file: string; errors: string[] } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const id = useId();

  const reload = useCallback(async () => {
    try {
      const stored = await source.load();
      const access = Object.fromEntries(await Promise.all(stored.mappings.map(async (mapping) => [mapping.id, await source.hasAccess(mapping.matches).catch(() => false)] as const)));
      setLoad({ status: 'ready', stored, access });
    } catch (error) {
      setLoad({ status: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  }, [source]);

  useEffect(() => {
    void reload();
    return source.subscribe(() => void reload());
  }, [source, reload]);

  const mappings = load.status === 'ready' ? load.stored.mappings : [];
  const ids = mappings.map((mapping) => mapping.id);

  const open = (draft: MappingDraft, title: string, editorNotice: string | null = null) => {
    setEditing({ draft, title, notice: editorNotice });
    setNotice(null);
    setImportErrors(null);
  };
  const close = () => {
    setEditing(null);
    // Back to the list, where the user left it.
    setTimeout(() => listHeading.current?.focus(), 0);
  };

  /** Writes the list and reports what the background made of it. */
  async function store(next: CrmMapping[], message: (waiting: boolean) => string, focus: string) {
    try {
      const reply = await source.save(next);
      const waiting = reply.waitingForAccess.includes(focus);
      setNotice(reply.errors.length ? { tone: 'error', text: t('other_crm_saved_with_errors', { errors: reply.errors.join('; ') }) } : { tone: 'good', text: message(waiting) });
      await reload();
      return true;
    } catch (error) {
      setNotice({ tone: 'error', text: t('other_crm_save_failed', { error: error instanceof Error ? error.message : String(error) }) });
      return false;
    }
  }

  const onSave = (mapping: CrmMapping) => {
    // First, within the click: the browser asks the user for access to the CRM's site (nothing is read without it).
    const access = source.requestAccess(mapping.matches);
    setSaving(true);
    void (async () => {
      const granted = await access.catch(() => false);
      const index = mappings.findIndex((other) => other.id === mapping.id);
      const next = index < 0 ? [...mappings, mapping] : mappings.map((other, i) => (i === index ? mapping : other));
      const ok = await store(next, (waiting) => (granted && !waiting ? t('other_crm_saved', { name: mapping.name }) : t('other_crm_saved_no_access', { name: mapping.name })), mapping.id);
      setSaving(false);
      if (ok) close();
    })();
  };

  const onGrant = (mapping: CrmMapping) => {
    const access = source.requestAccess(mapping.matches);
    void (async () => {
      if (!(await access.catch(() => false))) return setNotice({ tone: 'error', text: t('other_crm_access_denied') });
      await store(mappings, () => t('other_crm_access_granted', { name: mapping.name }), mapping.id);
    })();
  };

  const onDelete = async (mapping: CrmMapping) => {
    setConfirmDelete(null);
    const rest = mappings.filter((other) => other.id !== mapping.id);
    if (await store(rest, () => t('other_crm_deleted', { name: mapping.name }), mapping.id)) {
      const stillNeeded = new Set(rest.flatMap((other) => other.matches));
      await source.releaseAccess(mapping.matches.filter((pattern) => !stillNeeded.has(pattern)));
    }
    setTimeout(() => listHeading.current?.focus(), 0);
  };

  const onExport = (mapping: CrmMapping) => {
    const fileName = crmMappingFileName(mapping);
    source.download(fileName, exportCrmMapping(mapping, now()));
    setNotice({ tone: 'good', text: t('other_crm_exported', { file: fileName }) });
  };

  const onImport = async (file: File) => {
    const result = importCrmMapping(await file.text());
    if (!result.ok) {
      setImportErrors({ file: file.name, errors: result.errors });
      return;
    }
    const existing = mappings.find((mapping) => mapping.id === result.mapping.id);
    open(
      draftFromMapping(result.mapping),
      t('other_crm_import_title', { name: result.mapping.name }),
      existing ? t('other_crm_import_replaces', { name: existing.name }) : t('other_crm_import_review'),
    );
  };

  const onPreset = (presetId: string) => {
    const preset = presets.find((candidate) => candidate.id === presetId);
    if (!preset) return;
    // A preset keeps its id (part of every deal key) unless a saved CRM has it: then it is a new CRM of its own.
    open(draftFromMapping(preset, ids.includes(preset.id) ? null : preset.id), t('other_crm_preset_title', { name: preset.name }), t('other_crm_preset_review'));
  };

  return (
    <section id="other-crm-section" className="options-section other-crm" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={listHeading} tabIndex={-1}>
        {t('other_crm_title')}
      </h2>
      <p className="section__intro">{t('other_crm_intro')}</p>

      {notice && (
        <div className={`banner banner--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          <p>{notice.text}</p>
        </div>
      )}

      {load.status === 'loading' && <p role="status">{t('other_crm_loading')}</p>}
      {load.status === 'error' && (
        <p className="field__error" role="alert">
          {t('other_crm_load_failed', { error: load.error })}
        </p>
      )}
      {load.status === 'ready' && load.stored.errors.length > 0 && (
        <div className="banner banner--error" role="alert">
          <p>
            <strong>{t('other_crm_stored_invalid', { count: load.stored.errors.length })}</strong>
          </p>
          <ul>
            {load.stored.errors.slice(0, 10).map((error) => (
              <li key={error}>
                <code>{error}</code>
              </li>
            ))}
          </ul>
        </div>
      )}

      {editing ? (
        <MappingEditor
          t={t}
          locale={locale}
          source={source}
          title={editing.title}
          notice={editing.notice}
          draft={editing.draft}
          onChange={(draft) => setEditing({ ...editing, draft })}
          takenIds={ids.filter((other) => other !== editing.draft.id)}
          saving={saving}
          onSave={onSave}
          onCancel={close}
        />
      ) : (
        load.status === 'ready' && (
          <>
            {mappings.length === 0 ? (
              <p className="muted crm-list__empty">{t('other_crm_empty')}</p>
            ) : (
              <ul className="crm-list" aria-label={t('other_crm_list')}>
                {mappings.map((mapping) => {
                  const granted = load.access[mapping.id] ?? false;
                  const fieldCount = Object.keys(mapping.fields).length + Object.keys(mapping.qualification).length;
                  return (
                    <li key={mapping.id} className="crm-card">
                      <div className="crm-card__head">
                        <h3>{mapping.name}</h3>
                        <span className={`tag ${granted ? 'tag--good' : 'tag--warning'}`}>{granted ? t('other_crm_status_active') : t('other_crm_status_waiting')}</span>
                      </div>
                      <p className="crm-card__patterns">
                        {mapping.matches.map((pattern) => (
                          <code key={pattern}>{pattern}</code>
                        ))}
                      </p>
                      <p className="muted crm-card__meta">{t('other_crm_fields_count', { count: fieldCount })}</p>
                      {confirmDelete === mapping.id ? (
                        <div className="crm-card__confirm" role="group" aria-label={t('other_crm_delete_confirm', { name: mapping.name })}>
                          <p>{t('other_crm_delete_confirm', { name: mapping.name })}</p>
                          <button type="button" className="button button--danger" onClick={() => void onDelete(mapping)}>
                            {t('other_crm_delete_yes')}
                          </button>
                          <button type="button" className="button" onClick={() => setConfirmDelete(null)}>
                            {t('other_crm_cancel')}
                          </button>
                        </div>
                      ) : (
                        <div className="section__actions">
                          {!granted && (
                            <button type="button" className="button button--primary" onClick={() => onGrant(mapping)}>
                              {t('other_crm_grant')}
                            </button>
                          )}
                          <button type="button" className="button" aria-label={t('other_crm_edit_named', { name: mapping.name })} onClick={() => open(draftFromMapping(mapping), t('other_crm_edit_title', { name: mapping.name }))}>
                            {t('other_crm_edit')}
                          </button>
                          <button type="button" className="button" aria-label={t('other_crm_export_named', { name: mapping.name })} onClick={() => onExport(mapping)}>
                            {t('other_crm_export')}
                          </button>
                          <button type="button" className="button button--quiet" aria-label={t('other_crm_delete_named', { name: mapping.name })} onClick={() => setConfirmDelete(mapping.id)}>
                            {t('other_crm_delete')}
                          </button>
                        </div>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}

            <div className="section__actions crm-list__actions">
              <button type="button" className="button button--primary" onClick={() => open(emptyDraft(), t('other_crm_new_title'))}>
                {t('other_crm_add')}
              </button>
              <label className="crm-preset">
                <span>{t('other_crm_preset')}</span>
                <select className="input" value="" onChange={(event) => onPreset(event.target.value)}>
                  <option value="" disabled>
                    {t('other_crm_preset_choose')}
                  </option>
                  {presets.map((preset) => (
                    <option key={preset.id} value={preset.id}>
                      {preset.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="button" onClick={() => fileInput.current?.click()}>
                {t('other_crm_import')}
              </button>
              <input
                ref={fileInput}
                type="file"
                accept="application/json,.json"
                className="visually-hidden"
                tabIndex={-1}
                aria-label={t('other_crm_import')}
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  event.target.value = '';
                  if (file) void onImport(file);
                }}
              />
            </div>
            {importErrors && (
              <div className="banner banner--error" role="alert">
                <p>
                  <strong>{t('other_crm_import_failed', { file: importErrors.file, count: importErrors.errors.length })}</strong>
                </p>
                <ul>
                  {importErrors.errors.map((error) => (
                    <li key={error}>
                      <code>{error}</code>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )
      )}
    </section>
  );
}
