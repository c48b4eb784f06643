import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Translate } from '../../i18n/translate';
import type { Settings } from '../../model/settings';
import { SettingsWriteError, type SettingsWriteFailure } from '../../background/settings-storage';
import { rulesById } from '../../rules/index';
import { describeChanges, type Change } from './changes';
import { ErrorsContext } from './fields';
import { crmName, entryLabel, optionLabel, ruleName } from './labels';
import { sameValue } from './option-fields';
import { QualificationSection } from './QualificationSection';
import { QuotasSection } from './QuotasSection';
import { RulePacksSection } from './RulePacksSection';
import { RulesSection } from './RulesSection';
import { EDITED_SECTIONS, type OptionsSource } from './source';
import { StagesSection } from './StagesSection';
import { checkDraft, fieldId, pathKey, type FieldError, type FieldPath } from './validation';

export interface OptionsPageProps {
  t: Translate;
  /** The UI locale, for numbers, money and dates. */
  locale: string;
  source: OptionsSource;
  /** The clock, for a new quota's period and a rule pack's export time. */
  now(): Date;
  timeZones: readonly string[];
  browserTimeZone: string;
  defaultCurrency: string;
  /** Sections other modules own, mounted in the page's order: "Other CRM" and "Privacy and data". */
  otherCrm?: ReactNode;
  /** Precise mode (src/ui/options/precise): a section with the id "precise". */
  precise?: ReactNode;
  privacy?: ReactNode;
}

type Load = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready' };
type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'saved' } | { status: 'failed'; message: string };

/** The page's sections in order, with the settings each one edits (for the nav's "changed" and "problem" marks). */
const SECTIONS: readonly { id: string; key: string; settings: readonly string[] }[] = [
  { id: 'rules', key: 'options_nav_rules', settings: ['rules', 'timeZone'] },
  { id: 'qualification', key: 'options_nav_qualification', settings: ['qualification'] },
  { id: 'stages', key: 'options_nav_stages', settings: ['stageMapping'] },
  { id: 'quotas', key: 'options_nav_quotas', settings: ['quotas'] },
  { id: 'other-crm', key: 'options_nav_other_crm', settings: [] },
  { id: 'precise', key: 'options_precise_title', settings: [] },
  { id: 'privacy', key: 'options_nav_privacy', settings: [] },
  { id: 'rule-packs', key: 'options_nav_rule_packs', settings: [] },
];

/** The section nearest the top of the window, for the nav to mark; null where IntersectionObserver is missing. */
function useActiveSection(ready: boolean): string | null {
  const [active, setActive] = useState<string | null>(null);
  useEffect(() => {
    if (!ready || typeof IntersectionObserver === 'undefined') return;
    const visible = new Map<string, boolean>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) visible.set(entry.target.id, entry.isIntersecting);
        const first = SECTIONS.find((section) => visible.get(section.id));
        if (first) setActive(first.id);
      },
      // A section counts once it reaches the upper part of the window.
      { rootMargin: '0px 0px -60% 0px' },
    );
    for (const section of SECTIONS) {
      const element = document.getElementById(section.id);
      if (element) observer.observe(element);
    }
    return () => observer.disconnect();
  }, [ready]);
  return active;
}

export function OptionsPage({ t, locale, source, now, timeZones, browserTimeZone, defaultCurrency, otherCrm, precise, privacy }: OptionsPageProps) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [saved, setSaved] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [storedErrors, setStoredErrors] = useState<string[]>([]);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const [notice, setNotice] = useState<string | null>(null);
  const draftRef = useRef<Settings | null>(null);
  const savedRef = useRef<Settings | null>(null);
  // While this page saves, the storage change it causes is its own, not a change made elsewhere.
  const savingRef = useRef(false);
  draftRef.current = draft;
  savedRef.current = saved;

  const reload = useCallback(
    async (replaceDraft: boolean) => {
      try {
        const stored = await source.load();
        setSaved(stored.settings);
        setStoredErrors(stored.errors);
        if (replaceDraft) setDraft(stored.settings);
        setLoad({ status: 'ready' });
      } catch (error) {
        setLoad({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      }
    },
    [source],
  );

  useEffect(() => {
    void reload(true);
    return source.subscribe(() => {
      if (savingRef.current) return;
      // Saved elsewhere (another window, another device through sync). Without unsaved edits, show it; with them,
      // say so and let the user choose (saving writes only the sections edited here).
      const editing = draftRef.current && savedRef.current && !sameValue(draftRef.current, savedRef.current);
      if (editing) {
        void source.load().then((stored) => {
          if (!savingRef.current && !sameValue(stored.settings, savedRef.current)) setChangedElsewhere(true);
        });
      } else void reload(true);
    });
  }, [source, reload]);

  const check = useMemo(() => (draft ? checkDraft(draft, t) : { errors: [], settings: null }), [draft, t]);
  const errorMap = useStableErrorMap(check.errors);
  const changedSections = useMemo(() => (draft && saved ? EDITED_SECTIONS.filter((section) => !sameValue(draft[section], saved[section])) : []), [draft, saved]);
  const changes = useMemo<Change[]>(() => (draft && saved && changedSections.length ? describeChanges(saved, draft, t, locale) : []), [draft, saved, changedSections, t, locale]);
  const dirty = changedSections.length > 0;
  const active = useActiveSection(load.status === 'ready');

  useEffect(() => {
    if (!dirty) return;
    // Closing the tab with unsaved changes asks first.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const edit = useCallback((change: (settings: Settings) => Settings) => {
    setDraft((current) => (current ? change(current) : current));
    setSave((state) => (state.status === 'saved' || state.status === 'failed' ? { status: 'idle' } : state));
    setNotice(null);
  }, []);
  // Stable, so a section re-renders only when its own part of the settings changes.
  const handlers = useMemo(
    () => ({
      rules: (rules: Settings['rules']) => edit((settings) => ({ ...settings, rules })),
      qualification: (qualification: Settings['qualification']) => edit((settings) => ({ ...settings, qualification })),
      stageMapping: (stageMapping: Settings['stageMapping']) => edit((settings) => ({ ...settings, stageMapping })),
      quotas: (quotas: Settings['quotas']) => edit((settings) => ({ ...settings, quotas })),
      timeZone: (timeZone: string | undefined) =>
        edit((settings) => {
          const next = { ...settings, timeZone };
          if (timeZone === undefined) delete next.timeZone;
          return next;
        }),
    }),
    [edit],
  );

  const onSave = async () => {
    if (!check.settings || !dirty) return;
    setSave({ status: 'saving' });
    savingRef.current = true;
    try {
      const written = await source.save(check.settings, changedSections);
      savedRef.current = written;
      draftRef.current = written;
      setSaved(written);
      setDraft(written);
      setStoredErrors([]);
      setChangedElsewhere(false);
      setSave({ status: 'saved' });
    } catch (error) {
      setSave({ status: 'failed', message: saveErrorText(t, error, locale) });
    } finally {
      savingRef.current = false;
    }
  };

  // Ctrl+S (⌘S) saves, as in any editor, instead of the browser's "save page as".
  const saveShortcut = useRef(onSave);
  saveShortcut.current = onSave;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void saveShortcut.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onDiscard = () => {
    setDraft(saved);
    setSave({ status: 'idle' });
    setNotice(null);
  };

  if (load.status === 'loading') {
    return (
      <div className="options options--state">
        <p role="status">{t('options_loading')}</p>
      </div>
    );
  }
  if (load.status === 'error' || !draft || !saved) {
    return (
      <div className="options options--state">
        <p role="alert" className="field__error">
          {t('options_load_failed', { error: load.status === 'error' ? load.error : '' })}
        </p>
      </div>
    );
  }

  return (
    <ErrorsContext.Provider value={errorMap}>
      <div className="options">
        <header className="options__header">
          <p className="options__eyebrow">{t('extName')}</p>
          <h1>{t('options_title')}</h1>
          <p className="muted">{t('options_subtitle')}</p>
        </header>
        <nav className="options__nav" aria-label={t('options_nav_label')}>
          <ul>
            {SECTIONS.map((section) => {
              const hasErrors = check.errors.some((error) => section.settings.includes(String(error.path[0])));
              const changed = changedSections.some((name) => section.settings.includes(name));
              return (
                <li key={section.id}>
                  <a href={`#${section.id}`} aria-current={active === section.id ? 'location' : undefined}>
                    {t(section.key)}
                    {hasErrors ? (
                      <>
                        <span className="nav__mark nav__mark--error" aria-hidden="true">
                          !
                        </span>
                        <span className="visually-hidden">{t('options_nav_has_errors')}</span>
                      </>
                    ) : (
                      changed && (
                        <>
                          <span className="nav__mark nav__mark--changed" aria-hidden="true">
                            ●
                          </span>
                          <span className="visually-hidden">{t('options_nav_has_changes')}</span>
                        </>
                      )
                    )}
                  </a>
                </li>
              );
            })}
          </ul>
        </nav>
        <main className="options__main">
          {storedErrors.length > 0 && (
            <div className="banner banner--error" role="alert">
              <p>
                <strong>{t('options_stored_invalid')}</strong>
              </p>
              <ul>
                {storedErrors.slice(0, 10).map((error) => (
                  <li key={error}>
                    <code>{error}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {changedElsewhere && (
            <div className="banner" role="status">
              <p>{t('options_changed_elsewhere')}</p>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setChangedElsewhere(false);
                  void reload(true);
                }}
              >
                {t('options_changed_elsewhere_reload')}
              </button>
            </div>
          )}
          {notice && (
            <div className="banner banner--good" role="status">
              <p>{notice}</p>
            </div>
          )}
          <RulesSection
            t={t}
            locale={locale}
            rules={draft.rules}
            timeZone={draft.timeZone}
            timeZones={timeZones}
            browserTimeZone={browserTimeZone}
            onChange={handlers.rules}
            onTimeZoneChange={handlers.timeZone}
          />
          <QualificationSection t={t} locale={locale} qualification={draft.qualification} onChange={handlers.qualification} />
          <StagesSection t={t} stageMapping={draft.stageMapping} onChange={handlers.stageMapping} />
          <QuotasSection t={t} locale={locale} quotas={draft.quotas} timeZone={draft.timeZone} now={now} defaultCurrency={defaultCurrency} onChange={handlers.quotas} />
          <div id="other-crm" className="options-slot">
            {otherCrm ?? <PendingSection t={t} titleKey="options_nav_other_crm" />}
          </div>
          <div className="options-slot">{precise ?? <PendingSection t={t} titleKey="options_precise_title" id="precise" />}</div>
          <div id="privacy" className="options-slot">
            {privacy ?? <PendingSection t={t} titleKey="options_nav_privacy" />}
          </div>
          <RulePacksSection
            t={t}
            locale={locale}
            current={check.settings}
            dirty={dirty}
            now={now}
            download={(fileName, text) => source.download(fileName, text)}
            onApply={(settings, pack) => {
              edit(() => settings);
              setNotice(t('options_pack_applied', { name: pack.name }));
            }}
          />
        </main>
        <SaveBar t={t} dirty={dirty} changes={changes} errors={check.errors} save={save} onSave={() => void onSave()} onDiscard={onDiscard} />
      </div>
    </ErrorsContext.Provider>
  );
}

/** The page's field errors by path; the same Map while they stay the same, so fields without errors do not re-render per keystroke. */
function useStableErrorMap(errors: readonly FieldError[]): ReadonlyMap<string, string> {
  const previous = useRef<{ signature: string; map: ReadonlyMap<string, string> }>({ signature: '', map: new Map() });
  const entries = errors.map((error) => [pathKey(error.path), error.message] as const);
  const signature = JSON.stringify(entries);
  if (signature !== previous.current.signature) previous.current = { signature, map: new Map(entries) };
  return previous.current.map;
}

/** Where a section another module provides goes, until it is mounted. */
function PendingSection({ t, titleKey, id }: { t: Translate; titleKey: string; id?: string }) {
  return (
    <section id={id} className="options-section" aria-label={t(titleKey)}>
      <h2>{t(titleKey)}</h2>
      <p className="muted">{t('options_section_unavailable')}</p>
    </section>
  );
}

function SaveBar({
  t,
  dirty,
  changes,
  errors,
  save,
  onSave,
  onDiscard,
}: {
  t: Translate;
  dirty: boolean;
  changes: readonly Change[];
  errors: readonly FieldError[];
  save: SaveState;
  onSave(): void;
  onDiscard(): void;
}) {
  const saving = save.status === 'saving';
  return (
    <div className={`save-bar${dirty ? ' save-bar--dirty' : ''}${errors.length ? ' save-bar--errors' : ''}`} role="region" aria-label={t('options_save_bar')}>
      <div className="save-bar__inner">
        <div className="save-bar__status">
          {errors.length > 0 ? (
            <ErrorSummary t={t} errors={errors} />
          ) : dirty ? (
            <details className="save-bar__changes">
              <summary>{t('options_unsaved', { count: Math.max(changes.length, 1) })}</summary>
              <ul>
                {changes.map((change, index) => (
                  <li key={index}>{change.text}</li>
                ))}
              </ul>
            </details>
          ) : save.status === 'saved' ? null : (
            <span className="muted">{t('options_no_changes')}</span>
          )}
          <div aria-live="polite" className="save-bar__live">
            {save.status === 'saved' && !dirty && <span className="confirmation">{t('options_saved')}</span>}
          </div>
          {save.status === 'failed' && (
            <p className="field__error" role="alert">
              {save.message}
            </p>
          )}
        </div>
        <div className="save-bar__buttons">
          <button type="button" className="button" disabled={!dirty || saving} onClick={onDiscard}>
            {t('options_discard')}
          </button>
          <button type="button" className="button button--primary" disabled={!dirty || errors.length > 0 || saving} onClick={onSave}>
            {saving ? t('options_saving') : t('options_save')}
          </button>
        </div>
      </div>
    </div>
  );
}

function ErrorSummary({ t, errors }: { t: Translate; errors: readonly FieldError[] }) {
  return (
    <details className="save-bar__errors" open>
      <summary className="field__error">{t('options_errors_summary', { count: errors.length })}</summary>
      <ul>
        {errors.slice(0, 20).map((error) => (
          <li key={pathKey(error.path) + error.message}>
            {error.path.length ? (
              <a
                href={`#${fieldId(error.path)}`}
                onClick={(event) => {
                  const target = document.getElementById(fieldId(error.path));
                  if (!target) return;
                  event.preventDefault();
                  target.scrollIntoView({ block: 'center' });
                  target.focus();
                }}
              >
                {fieldName(t, error.path)}
              </a>
            ) : null}
            {error.path.length ? ': ' : ''}
            {error.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** A field's name for the error summary: "Stale record › Days without an update (Commit)", "Quotas › row 3 › Amount". */
export function fieldName(t: Translate, path: FieldPath): string {
  const [section, ...rest] = path;
  if (section === 'rules' && typeof rest[0] === 'string') {
    const [id, , option, entry] = rest;
    const rule = rulesById.get(id as string);
    const parts = [ruleName(t, id as string)];
    if (rule && typeof option === 'string') parts.push(optionLabel(t, id as string, option) + (entry !== undefined ? ` (${typeof entry === 'number' ? entry + 1 : entryLabel(t, entry)})` : ''));
    return parts.join(' › ');
  }
  if (section === 'quotas' && typeof rest[0] === 'number') {
    const field = rest[1];
    const names: Record<string, string> = {
      owner: t('options_quota_owner'),
      period: t('options_quota_period'),
      amount: t('options_quota_amount'),
      currency: t('options_quota_currency'),
    };
    return [t('options_nav_quotas'), t('options_row', { row: rest[0] + 1 }), ...(typeof field === 'string' ? [names[field] ?? field] : [])].join(' › ');
  }
  if (section === 'qualification') return t('options_nav_qualification');
  if (section === 'stageMapping') return [t('options_nav_stages'), crmName(t, String(rest[0]))].join(' › ');
  if (section === 'timeZone') return t('options_time_zone');
  return path.join('.');
}

function saveErrorText(t: Translate, error: unknown, locale: string): string {
  if (!(error instanceof SettingsWriteError)) return t('options_save_failed', { error: error instanceof Error ? error.message : String(error) });
  return failureText(t, error.failure, locale);
}

export function failureText(t: Translate, failure: SettingsWriteFailure, locale: string): string {
  const kb = (bytes: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1024);
  switch (failure.reason) {
    case 'invalid':
      return t('options_save_invalid', { errors: failure.errors.join('; ') });
    case 'too-large': {
      // The browser refused although our count says it fits: its count differs; say what it said.
      if (failure.detail && failure.bytes <= failure.limit) return t('options_save_storage_refused', { error: failure.detail });
      const largest = failure.sections[0];
      const part = largest ? t(`options_section_${largest.name}`) : '';
      return largest
        ? t('options_save_too_large', { size: kb(failure.bytes), limit: kb(Math.max(failure.limit, 0)), part: part.startsWith('options_section_') ? largest.name : part, partSize: kb(largest.bytes) })
        : t('options_save_too_large_plain', { size: kb(failure.bytes), limit: kb(Math.max(failure.limit, 0)) });
    }
    case 'too-many-writes':
      return t('options_save_too_often');
    case 'storage':
      return t('options_save_failed', { error: failure.detail });
  }
}
