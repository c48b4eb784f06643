import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Translate } from '../../../i18n/translate';
import { CANONICAL_STAGES, type CanonicalStage } from '../../../model/deal';
import { MAPPABLE_FIELDS, matchesPattern, matchPatternProblem, recordIdIn, recordIdPatternProblem, type CrmMapping, type MappableField } from '../../../model/crm-mapping';
import type { MappingTestResult } from '../../../messaging/custom-crm';
import { BUILT_IN_FRAMEWORKS } from '../../../qualification/frameworks';
import { errorTarget, errorText, mappingFromDraft, nextKey, type CriterionDraft, type LocatorDraft, type LocatorMode, type MappingDraft } from './draft';
import { criterionLabel, stageLabel } from './format';
import type { OpenTab, OtherCrmSource } from './source';
import { TestResult } from './TestResult';

export interface MappingEditorProps {
  t: Translate;
  locale: string;
  source: OtherCrmSource;
  /** "Add a CRM" or "Edit …". */
  title: string;
  draft: MappingDraft;
  onChange(draft: MappingDraft): void;
  /** Ids of the other saved CRMs: a new mapping's id must differ from them. */
  takenIds: readonly string[];
  /** Shown above the form: "This file replaces your …". */
  notice?: string | null;
  /** Called in the Save button's click handler, with a checked mapping (it asks for access: keep it synchronous until then). */
  onSave(mapping: CrmMapping): void;
  onCancel(): void;
  saving: boolean;
}

/** Every criterion id of the built-in frameworks, once, in framework order. */
const CRITERIA = [...new Set(BUILT_IN_FRAMEWORKS.flatMap((framework) => framework.criteria.map((criterion) => criterion.id)))];

type Test = { status: 'idle' } | { status: 'running' } | { status: 'denied' } | { status: 'failed'; error: string } | { status: 'done'; result: MappingTestResult; tab: OpenTab };

export function MappingEditor({ t, locale, source, title, draft, onChange, takenIds, notice, onSave, onCancel, saving }: MappingEditorProps) {
  const [showErrors, setShowErrors] = useState(false);
  const [test, setTest] = useState<Test>({ status: 'idle' });
  const [tabs, setTabs] = useState<OpenTab[] | null>(null);
  const [tabId, setTabId] = useState<number | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();

  useEffect(() => headingRef.current?.focus(), []);

  const check = useMemo(() => mappingFromDraft(draft, takenIds), [draft, takenIds]);
  const errors = showErrors && !check.ok ? check.errors : [];
  /** A translated headline for the problems with one input, and the technical details (paths in English, as in a file). */
  const errorsFor = (target: string): FieldProblem | null => {
    const details = errors.filter((error) => errorTarget(error) === target).map(errorText);
    if (!details.length) return null;
    const group = target.startsWith('fields.') || target.startsWith('qualification.') ? 'locator' : target;
    const key = `other_crm_invalid_${group === 'recordId' ? 'record_id' : group === 'stageMapping' ? 'stages' : group}`;
    const headline = t(key);
    return { headline: headline === key ? t('other_crm_invalid_other') : headline, details };
  };
  const set = (change: Partial<MappingDraft>) => onChange({ ...draft, ...change });

  // Tabs showing the CRM (by the patterns typed so far), for "Test on this tab".
  const patterns = draft.matches
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !matchPatternProblem(line));
  const candidates = (tabs ?? []).filter((tab) => {
    try {
      const url = new URL(tab.url);
      return patterns.some((pattern) => matchesPattern(pattern, url));
    } catch {
      return false;
    }
  });
  const chosenTab = candidates.find((tab) => tab.id === tabId) ?? candidates[0] ?? null;
  const refreshTabs = () => void source.tabs().then(setTabs, () => setTabs([]));
  useEffect(refreshTabs, [source]);

  const validated = (): CrmMapping | null => {
    setShowErrors(true);
    return check.ok ? check.mapping : null;
  };

  const onTest = () => {
    const mapping = validated();
    if (!mapping || !chosenTab) return;
    // First, while the click still counts as the user's gesture: the browser asks for access to the CRM's site.
    const access = source.requestAccess(mapping.matches);
    setTest({ status: 'running' });
    void (async () => {
      try {
        if (!(await access)) return setTest({ status: 'denied' });
        setTest({ status: 'done', result: await source.test(chosenTab.id, mapping), tab: chosenTab });
      } catch (error) {
        setTest({ status: 'failed', error: error instanceof Error ? error.message : String(error) });
      }
    })();
  };

  return (
    <form
      className="crm-editor"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h3>
      {notice && (
        <p className="banner" role="status">
          {notice}
        </p>
      )}

      <fieldset className="crm-editor__group">
        <legend>{t('other_crm_where_title')}</legend>
        <TextField id={`${id}-name`} label={t('other_crm_name')} value={draft.name} onChange={(name) => set({ name })} errors={errorsFor('name')} maxLength={100} />
        <div className="field">
          <label htmlFor={`${id}-matches`}>{t('other_crm_matches')}</label>
          <textarea
            id={`${id}-matches`}
            className="input input--list"
            rows={2}
            value={draft.matches}
            spellCheck={false}
            placeholder="https://crm.example.com/*"
            aria-invalid={Boolean(errorsFor('matches')) || undefined}
            aria-describedby={`${id}-matches-hint`}
            onChange={(event) => set({ matches: event.target.value })}
          />
          <p className="field__hint" id={`${id}-matches-hint`}>
            {t('other_crm_matches_hint')}
          </p>
          <FieldErrors errors={errorsFor('matches')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-record`}>{t('other_crm_record_id')}</label>
          <input
            id={`${id}-record`}
            className="input input--list"
            value={draft.recordIdPattern}
            spellCheck={false}
            autoComplete="off"
            placeholder="/deals/(\d+)"
            aria-invalid={Boolean(errorsFor('recordId')) || undefined}
            aria-describedby={`${id}-record-hint`}
            onChange={(event) => set({ recordIdPattern: event.target.value })}
          />
          <p className="field__hint" id={`${id}-record-hint`}>
            {t('other_crm_record_id_hint')}
          </p>
          <FieldErrors errors={errorsFor('recordId')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-example`}>{t('other_crm_example_url')}</label>
          <input
            id={`${id}-example`}
            className="input input--list"
            type="url"
            value={draft.exampleUrl}
            spellCheck={false}
            autoComplete="off"
            placeholder="https://crm.example.com/deals/1842"
            aria-describedby={`${id}-example-check`}
            onChange={(event) => set({ exampleUrl: event.target.value })}
          />
          <ExampleCheck t={t} id={`${id}-example-check`} draft={draft} patterns={patterns} />
        </div>
      </fieldset>

      <fieldset className="crm-editor__group">
        <legend>{t('other_crm_fields_title')}</legend>
        <p className="field__hint">{t('other_crm_fields_hint')}</p>
        <div className="table-scroll">
          <table className="crm-fields">
            <thead>
              <tr>
                <th scope="col">{t('other_crm_field')}</th>
                <th scope="col">{t('other_crm_found_by')}</th>
                <th scope="col">{t('other_crm_where')}</th>
              </tr>
            </thead>
            <tbody>
              {MAPPABLE_FIELDS.map((field) => (
                <LocatorRow
                  key={field}
                  t={t}
                  id={`${id}-field-${field}`}
                  name={t(`field_${field}`)}
                  locator={draft.fields[field]}
                  errors={errorsFor(`fields.${field}`)}
                  onChange={(locator) => set({ fields: { ...draft.fields, [field]: locator } as Record<MappableField, LocatorDraft> })}
                />
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>

      <fieldset className="crm-editor__group">
        <legend>{t('other_crm_qualification_title')}</legend>
        <p className="field__hint">{t('other_crm_qualification_hint')}</p>
        {draft.qualification.length > 0 && (
          <div className="table-scroll">
            <table className="crm-fields">
              <thead>
                <tr>
                  <th scope="col">{t('other_crm_criterion')}</th>
                  <th scope="col">{t('other_crm_found_by')}</th>
                  <th scope="col">{t('other_crm_where')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('other_crm_actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.qualification.map((row, index) => {
                  const replace = (next: CriterionDraft | null) =>
                    set({ qualification: next ? draft.qualification.map((other, i) => (i === index ? next : other)) : draft.qualification.filter((_, i) => i !== index) });
                  return (
                    <LocatorRow
                      key={row.key}
                      t={t}
                      id={`${id}-q-${row.key}`}
                      name={
                        <select
                          className="input"
                          aria-label={t('other_crm_criterion')}
                          value={row.criterion}
                          onChange={(event) => replace({ ...row, criterion: event.target.value })}
                        >
                          {CRITERIA.map((criterion) => (
                            <option key={criterion} value={criterion} disabled={criterion !== row.criterion && draft.qualification.some((other) => other.criterion === criterion)}>
                              {criterionLabel(t, criterion)}
                            </option>
                          ))}
                        </select>
                      }
                      locator={row}
                      errors={errorsFor(`qualification.${row.criterion}`)}
                      onChange={(locator) => replace({ ...row, ...locator })}
                      onRemove={() => replace(null)}
                    />
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <button
          type="button"
          className="button"
          disabled={draft.qualification.length >= CRITERIA.length}
          onClick={() => {
            const unused = CRITERIA.find((criterion) => !draft.qualification.some((row) => row.criterion === criterion))!;
            set({ qualification: [...draft.qualification, { key: nextKey(), criterion: unused, mode: 'labels', labels: '', selector: '' }] });
          }}
        >
          {t('other_crm_add_criterion')}
        </button>
        <FieldErrors errors={errorsFor('qualification')} />
      </fieldset>

      <fieldset className="crm-editor__group">
        <legend>{t('other_crm_stages_title')}</legend>
        <p className="field__hint">{t('other_crm_stages_hint')}</p>
        {draft.stages.length > 0 && (
          <ul className="crm-stages">
            {draft.stages.map((row, index) => (
              <li key={row.key}>
                <input
                  className="input"
                  aria-label={t('other_crm_stage_label')}
                  placeholder={t('other_crm_stage_label')}
                  value={row.label}
                  maxLength={200}
                  onChange={(event) => set({ stages: draft.stages.map((other, i) => (i === index ? { ...row, label: event.target.value } : other)) })}
                />
                <span aria-hidden="true">→</span>
                <select
                  className="input"
                  aria-label={t('other_crm_stage_for', { label: row.label || '…' })}
                  value={row.stage}
                  onChange={(event) => set({ stages: draft.stages.map((other, i) => (i === index ? { ...row, stage: event.target.value as CanonicalStage } : other)) })}
                >
                  {CANONICAL_STAGES.map((stage) => (
                    <option key={stage} value={stage}>
                      {stageLabel(t, stage)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={t('other_crm_remove_stage', { label: row.label || '…' })}
                  onClick={() => set({ stages: draft.stages.filter((_, i) => i !== index) })}
                >
                  {t('other_crm_remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        <button type="button" className="button" onClick={() => set({ stages: [...draft.stages, { key: nextKey(), label: '', stage: 'qualify' }] })}>
          {t('other_crm_add_stage')}
        </button>
        <FieldErrors errors={errorsFor('stageMapping')} />
      </fieldset>

      <fieldset className="crm-editor__group crm-editor__reading">
        <legend>{t('other_crm_reading_title')}</legend>
        <TextField
          id={`${id}-locale`}
          label={t('other_crm_locale')}
          hint={t('other_crm_locale_hint')}
          value={draft.locale}
          placeholder={t('other_crm_locale_placeholder')}
          onChange={(value) => set({ locale: value })}
          errors={errorsFor('locale')}
          maxLength={35}
          narrow
        />
        <div className="field">
          <label htmlFor={`${id}-order`}>{t('other_crm_date_order')}</label>
          <select id={`${id}-order`} className="input" value={draft.dateOrder} onChange={(event) => set({ dateOrder: event.target.value as MappingDraft['dateOrder'] })}>
            <option value="">{t('other_crm_date_order_locale')}</option>
            <option value="dmy">{t('other_crm_date_order_dmy')}</option>
            <option value="mdy">{t('other_crm_date_order_mdy')}</option>
            <option value="ymd">{t('other_crm_date_order_ymd')}</option>
          </select>
        </div>
        <TextField
          id={`${id}-currency`}
          label={t('other_crm_currency')}
          hint={t('other_crm_currency_hint')}
          value={draft.currency}
          placeholder="EUR"
          onChange={(value) => set({ currency: value })}
          errors={errorsFor('currency')}
          maxLength={3}
          narrow
        />
      </fieldset>

      <fieldset className="crm-editor__group crm-test">
        <legend>{t('other_crm_test_title')}</legend>
        <p className="field__hint">{t('other_crm_test_hint')}</p>
        {tabs === null ? (
          <p className="muted">{t('other_crm_tabs_loading')}</p>
        ) : candidates.length === 0 ? (
          <p className="muted">{patterns.length ? t('other_crm_no_tab') : t('other_crm_no_patterns')}</p>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-tab`}>{t('other_crm_test_tab')}</label>
            <select id={`${id}-tab`} className="input input--list" value={chosenTab?.id ?? ''} onChange={(event) => setTabId(Number(event.target.value))}>
              {candidates.map((tab) => (
                <option key={tab.id} value={tab.id}>
                  {tab.title === tab.url ? tab.url : `${tab.title} — ${tab.url}`}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="section__actions">
          <button type="button" className="button" disabled={!chosenTab || test.status === 'running'} onClick={onTest}>
            {test.status === 'running' ? t('other_crm_testing') : t('other_crm_test_button')}
          </button>
          <button type="button" className="button button--quiet" onClick={refreshTabs}>
            {t('other_crm_refresh_tabs')}
          </button>
        </div>
        <div aria-live="polite">
          {test.status === 'denied' && <p className="field__error">{t('other_crm_access_denied')}</p>}
          {test.status === 'failed' && (
            <p className="field__error" role="alert">
              {t('other_crm_test_failed', { error: test.error })}
            </p>
          )}
          {test.status === 'done' && <TestResult t={t} locale={locale} result={test.result} tab={test.tab} />}
        </div>
      </fieldset>

      {errors.length > 0 && (
        <div className="banner banner--error" role="alert">
          <p>
            <strong>{t('other_crm_errors', { count: errors.length })}</strong>
          </p>
          <ul>
            {errors.map((error) => (
              <li key={error}>
                <code>{error}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="section__actions crm-editor__buttons">
        <button
          type="button"
          className="button button--primary"
          disabled={saving}
          onClick={() => {
            const mapping = validated();
            if (mapping) onSave(mapping);
          }}
        >
          {saving ? t('other_crm_saving') : t('other_crm_save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('other_crm_cancel')}
        </button>
      </div>
    </form>
  );
}

/** Live check of the record-id pattern and the URL patterns against an example address. */
function ExampleCheck({ t, id, draft, patterns }: { t: Translate; id: string; draft: MappingDraft; patterns: string[] }) {
  const example = draft.exampleUrl.trim();
  const regex = draft.recordIdPattern.trim();
  const problem = regex ? recordIdPatternProblem(regex) : null;
  let lines: { text: string; good: boolean; detail?: string }[] = [];
  if (!example) lines = [{ text: t('other_crm_example_hint'), good: true }];
  else {
    let url: URL | null = null;
    try {
      url = new URL(example);
    } catch {
      lines = [{ text: t('other_crm_example_not_url'), good: false }];
    }
    if (url) {
      const covered = patterns.some((pattern) => matchesPattern(pattern, url));
      lines.push({ text: covered ? t('other_crm_example_covered') : t('other_crm_example_not_covered'), good: covered });
      if (!regex) lines.push({ text: t('other_crm_example_no_pattern'), good: false });
      else if (problem) lines.push({ text: t('other_crm_example_bad_pattern'), good: false, detail: problem });
      else {
        const recordId = recordIdIn(regex, url.href);
        lines.push(recordId ? { text: t('other_crm_example_record_id', { id: recordId }), good: true } : { text: t('other_crm_example_no_record_id'), good: false });
      }
    }
  }
  return (
    <ul className="crm-example" id={id} aria-live="polite">
      {lines.map((line) => (
        <li key={line.text} className={example ? (line.good ? 'crm-example--good' : 'crm-example--bad') : 'muted'}>
          {example && <span aria-hidden="true">{line.good ? '✓ ' : '✗ '}</span>}
          {line.text}
          {line.detail && <code className="crm-example__detail">{line.detail}</code>}
        </li>
      ))}
    </ul>
  );
}

function LocatorRow({
  t,
  id,
  name,
  locator,
  errors,
  onChange,
  onRemove,
}: {
  t: Translate;
  id: string;
  name: React.ReactNode;
  locator: LocatorDraft;
  errors: FieldProblem | null;
  onChange(locator: LocatorDraft): void;
  onRemove?(): void;
}) {
  const fieldName = typeof name === 'string' ? name : undefined;
  return (
    <tr className={locator.mode === 'off' ? 'crm-fields__row--off' : undefined}>
      <th scope="row">{name}</th>
      <td>
        <select
          className="input"
          id={`${id}-mode`}
          aria-label={fieldName ? t('other_crm_found_by_for', { field: fieldName }) : t('other_crm_found_by')}
          value={locator.mode}
          onChange={(event) => onChange({ ...locator, mode: event.target.value as LocatorMode })}
        >
          <option value="labels">{t('other_crm_mode_labels')}</option>
          <option value="selector">{t('other_crm_mode_selector')}</option>
          <option value="off">{t('other_crm_mode_off')}</option>
        </select>
      </td>
      <td>
        {locator.mode === 'labels' && (
          <textarea
            className="input input--list"
            id={`${id}-labels`}
            rows={Math.min(4, Math.max(1, locator.labels.split('\n').length))}
            value={locator.labels}
            spellCheck={false}
            aria-label={fieldName ? t('other_crm_labels_for', { field: fieldName }) : t('other_crm_mode_labels')}
            aria-invalid={Boolean(errors) || undefined}
            placeholder={t('other_crm_labels_placeholder')}
            onChange={(event) => onChange({ ...locator, labels: event.target.value })}
          />
        )}
        {locator.mode === 'selector' && (
          <input
            className="input input--list"
            id={`${id}-selector`}
            value={locator.selector}
            spellCheck={false}
            autoComplete="off"
            aria-label={fieldName ? t('other_crm_selector_for', { field: fieldName }) : t('other_crm_mode_selector')}
            aria-invalid={Boolean(errors) || undefined}
            placeholder="#amount, [data-field=amount] input"
            onChange={(event) => onChange({ ...locator, selector: event.target.value })}
          />
        )}
        {locator.mode === 'off' && <span className="muted">{t('other_crm_not_read')}</span>}
        <FieldErrors errors={errors} />
      </td>
      {onRemove && (
        <td>
          <button type="button" className="button button--quiet" onClick={onRemove}>
            {t('other_crm_remove')}
          </button>
        </td>
      )}
    </tr>
  );
}

function TextField({
  id,
  label,
  hint,
  value,
  placeholder,
  onChange,
  errors,
  maxLength,
  narrow,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  placeholder?: string;
  onChange(value: string): void;
  errors: FieldProblem | null;
  maxLength?: number;
  narrow?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={narrow ? 'input' : 'input input--list'}
        value={value}
        placeholder={placeholder}
        maxLength={maxLength}
        autoComplete="off"
        aria-invalid={Boolean(errors) || undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldErrors errors={errors} />
    </div>
  );
}

interface FieldProblem {
  headline: string;
  details: string[];
}

function FieldErrors({ errors }: { errors: FieldProblem | null }) {
  if (!errors) return null;
  return (
    <div className="field__error">
      {errors.headline}
      {errors.details.map((detail) => (
        <code key={detail} className="field__error-detail">
          {detail}
        </code>
      ))}
    </div>
  );
}
