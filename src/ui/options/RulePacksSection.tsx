import { useRef, useState } from 'react';
import type { Translate } from '../../i18n/translate';
import type { Settings } from '../../model/settings';
import { exportRulePack, importRulePack, rulePackFileName, type RulePack } from '../../model/rule-pack';
import { describeChanges, type Change } from './changes';

interface RulePacksSectionProps {
  t: Translate;
  locale: string;
  /** The page's settings as they would be saved; null while the page has errors. */
  current: Settings | null;
  /** Whether the page has unsaved changes (an export includes them). */
  dirty: boolean;
  now(): Date;
  download(fileName: string, text: string): void;
  /** Puts the imported settings on the page, to be reviewed and saved. */
  onApply(settings: Settings, pack: RulePack): void;
}

type Import =
  | { status: 'idle' }
  | { status: 'reading'; fileName: string }
  | { status: 'invalid'; fileName: string; errors: string[] }
  | { status: 'ready'; fileName: string; text: string; pack: RulePack; changes: Change[] }
  | { status: 'applied'; name: string };

export function RulePacksSection({ t, locale, current, dirty, now, download, onApply }: RulePacksSectionProps) {
  return (
    <section id="rule-packs" className="options-section" aria-labelledby="rule-packs-title">
      <h2 id="rule-packs-title">{t('options_packs_title')}</h2>
      <p className="section__intro">{t('options_packs_intro')}</p>
      <div className="packs">
        <ExportPack t={t} current={current} dirty={dirty} now={now} download={download} />
        <ImportPack t={t} locale={locale} current={current} onApply={onApply} />
      </div>
    </section>
  );
}

function ExportPack({ t, current, dirty, now, download }: { t: Translate; current: Settings | null; dirty: boolean; now(): Date; download(fileName: string, text: string): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = () => {
    if (!current) return;
    const trimmed = name.trim();
    if (!trimmed) return setNameError(t('options_error_required'));
    if (trimmed.length > 100) return setNameError(t('options_error_too_long', { max: 100 }));
    setNameError(null);
    const fileName = rulePackFileName(trimmed);
    download(fileName, exportRulePack(current, trimmed, { description: description.slice(0, 2000), now: now() }));
    setDone(t('options_pack_exported', { file: fileName }));
  };
  return (
    <form
      className="pack"
      aria-labelledby="pack-export-title"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h3 id="pack-export-title">{t('options_pack_export_title')}</h3>
      <p className="field__hint">{t('options_pack_export_hint')}</p>
      <div className="field">
        <label htmlFor="pack-name">{t('options_pack_name')}</label>
        <input
          id="pack-name"
          className="input"
          value={name}
          maxLength={100}
          autoComplete="off"
          aria-invalid={Boolean(nameError) || undefined}
          aria-describedby={nameError ? 'pack-name-error' : undefined}
          onChange={(event) => setName(event.target.value)}
        />
        {nameError && (
          <p className="field__error" id="pack-name-error">
            {nameError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="pack-description">{t('options_pack_description')}</label>
        <textarea id="pack-description" className="input" rows={3} maxLength={2000} value={description} onChange={(event) => setDescription(event.target.value)} />
      </div>
      {!current && <p className="field__error">{t('options_pack_fix_first')}</p>}
      {current && dirty && <p className="field__hint">{t('options_pack_includes_unsaved')}</p>}
      <button type="submit" className="button button--primary" disabled={!current}>
        {t('options_pack_download')}
      </button>
      {done && (
        <p className="confirmation" role="status">
          {done}
        </p>
      )}
    </form>
  );
}

function ImportPack({ t, locale, current, onApply }: { t: Translate; locale: string; current: Settings | null; onApply(settings: Settings, pack: RulePack): void }) {
  const [state, setState] = useState<Import>({ status: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const read = async (file: File) => {
    if (!current) return;
    setState({ status: 'reading', fileName: file.name });
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      setState({ status: 'invalid', fileName: file.name, errors: [`(file): ${error instanceof Error ? error.message : String(error)}`] });
      return;
    }
    const result = importRulePack(text, current);
    if (!result.ok) setState({ status: 'invalid', fileName: file.name, errors: result.errors });
    else setState({ status: 'ready', fileName: file.name, text, pack: result.pack, changes: describeChanges(current, result.settings, t, locale) });
  };
  const reset = () => {
    setState({ status: 'idle' });
    if (input.current) input.current.value = '';
  };
  return (
    <div className="pack" role="group" aria-labelledby="pack-import-title">
      <h3 id="pack-import-title">{t('options_pack_import_title')}</h3>
      <p className="field__hint" id="pack-file-hint">
        {t('options_pack_import_hint')}
      </p>
      <div className="field">
        <label htmlFor="pack-file">{t('options_pack_file')}</label>
        <input
          id="pack-file"
          ref={input}
          type="file"
          accept=".json,application/json"
          disabled={!current}
          aria-describedby="pack-file-hint"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void read(file);
          }}
        />
      </div>
      {!current && <p className="field__error">{t('options_pack_fix_first')}</p>}
      {state.status === 'reading' && <p role="status">{t('options_pack_reading', { file: state.fileName })}</p>}
      {state.status === 'invalid' && (
        <div className="problems" role="alert">
          <p>
            <strong>{t('options_pack_invalid', { file: state.fileName, count: state.errors.length })}</strong>
          </p>
          <ul className="problems__list">
            {state.errors.slice(0, 50).map((error) => (
              <li key={error}>
                <code>{error}</code>
              </li>
            ))}
          </ul>
          {state.errors.length > 50 && <p>{t('options_pack_more_errors', { count: state.errors.length - 50 })}</p>}
          <p className="muted">{t('options_pack_nothing_changed')}</p>
        </div>
      )}
      {state.status === 'ready' && (
        <div className="pack-preview" role="region" aria-label={t('options_pack_preview', { name: state.pack.name })}>
          <p>
            <strong>{state.pack.name}</strong>
            {state.pack.exportedAt && (
              <span className="muted">
                {' · '}
                {t('options_pack_exported_at', { date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(state.pack.exportedAt)) })}
              </span>
            )}
          </p>
          {state.pack.description && <p className="pack-preview__description">{state.pack.description}</p>}
          {state.changes.length === 0 ? (
            <p>{t('options_pack_no_changes')}</p>
          ) : (
            <>
              <p>{t('options_pack_changes', { count: state.changes.length })}</p>
              <ul className="changes">
                {state.changes.map((change, index) => (
                  <li key={index}>{change.text}</li>
                ))}
              </ul>
            </>
          )}
          <p className="field__hint">{t('options_pack_keeps_personal')}</p>
          <div className="section__actions">
            <button
              type="button"
              className="button button--primary"
              disabled={state.changes.length === 0 || !current}
              onClick={() => {
                // Read again over the page as it is now: edits made since the preview are kept where the pack is silent.
                const result = current ? importRulePack(state.text, current) : null;
                if (!result?.ok) return;
                onApply(result.settings, result.pack);
                setState({ status: 'applied', name: result.pack.name });
                if (input.current) input.current.value = '';
              }}
            >
              {t('options_pack_apply')}
            </button>
            <button type="button" className="button" onClick={reset}>
              {t('options_cancel')}
            </button>
          </div>
        </div>
      )}
      {state.status === 'applied' && (
        <p className="confirmation" role="status">
          {t('options_pack_applied', { name: state.name })}
        </p>
      )}
    </div>
  );
}
