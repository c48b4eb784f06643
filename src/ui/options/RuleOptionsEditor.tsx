import { useContext, useState } from 'react';
import type { Translate } from '../../i18n/translate';
import type { Rule } from '../../rules/types';
import { ErrorsContext, FieldError, NumberInput, TextListInput, useDescribedBy } from './fields';
import { entryLabel, optionHint, optionLabel, stageName } from './labels';
import { sameValue, withOverride, type NumberEntry, type OptionField } from './option-fields';
import { effectiveOptions } from './changes';
import { fieldId, pathKey, type FieldPath } from './validation';

interface EditorProps {
  t: Translate;
  locale: string;
  rule: Rule<any>;
  fields: readonly OptionField[];
  /** The overrides stored for the rule (only what differs from its defaults). */
  overrides: Record<string, unknown>;
  onChange(overrides: Record<string, unknown>): void;
}

/** Every option of one rule, each as the input its shape calls for, with the default beside it. */
export function RuleOptionsEditor({ t, locale, rule, fields, overrides, onChange }: EditorProps) {
  const id = rule.meta.id;
  const defaults = rule.meta.options.parse({}) as Record<string, unknown>;
  const values = effectiveOptions(id, overrides);
  const set = (path: readonly string[], value: unknown) => onChange(withOverride(overrides, path, value, defaults));
  const base: FieldPath = ['rules', id, 'options'];
  const number = (value: unknown) => (typeof value === 'number' ? new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(value) : '');

  return (
    <div className="rule-options">
      {fields.map((field) => {
        const path = [...base, field.key];
        const label = optionLabel(t, id, field.key);
        const hint = optionHint(t, id, field.key);
        switch (field.kind) {
          case 'number':
            return (
              <NumberField
                key={field.key}
                path={path}
                label={label}
                hint={hint}
                value={values[field.key] as number}
                defaultText={t('options_default_value', { value: number(field.defaultValue) })}
                changed={!sameValue(values[field.key], field.defaultValue)}
                locale={locale}
                onChange={(value) => set([field.key], value)}
              />
            );
          case 'boolean':
            return (
              <BooleanField
                key={field.key}
                path={path}
                label={label}
                hint={hint}
                checked={values[field.key] as boolean}
                defaultText={t('options_default_value', { value: t(field.defaultValue ? 'options_on' : 'options_off') })}
                onChange={(value) => set([field.key], value)}
              />
            );
          case 'choice':
            return (
              <ChoiceField
                key={field.key}
                t={t}
                path={path}
                label={label}
                hint={hint}
                choices={field.choices}
                value={values[field.key] as string}
                defaultText={t('options_default_value', { value: stageName(t, field.defaultValue) })}
                onChange={(value) => set([field.key], value)}
              />
            );
          case 'choices':
            return (
              <ChoicesField
                key={field.key}
                t={t}
                path={path}
                label={label}
                hint={hint}
                choices={field.choices}
                value={(values[field.key] as string[]) ?? []}
                defaultText={t('options_default_value', { value: field.defaultValue.map((stage) => stageName(t, stage)).join(', ') || t('options_none') })}
                onChange={(value) => set([field.key], value)}
              />
            );
          case 'text-list':
            return (
              <TextListField
                key={field.key}
                t={t}
                path={path}
                label={label}
                hint={hint}
                value={(values[field.key] as string[]) ?? []}
                defaultCount={field.defaultValue.length}
                changed={!sameValue(values[field.key], field.defaultValue)}
                onReset={() => set([field.key], undefined)}
                onChange={(value) => set([field.key], value)}
              />
            );
          case 'number-map':
            return (
              <NumberMapField
                key={field.key}
                t={t}
                locale={locale}
                path={path}
                label={label}
                hint={hint}
                field={field}
                value={(values[field.key] as Record<string, number>) ?? {}}
                onChange={(entry, value) => set([field.key, entry], value)}
              />
            );
        }
      })}
    </div>
  );
}

interface BaseProps {
  path: FieldPath;
  label: string;
  hint: string | null;
}

function Hint({ id, hint, extra }: { id: string; hint: string | null; extra?: string }) {
  if (!hint && !extra) return null;
  return (
    <p className="field__hint" id={id}>
      {[hint, extra].filter(Boolean).join(' ')}
    </p>
  );
}

function NumberField({ path, label, hint, value, defaultText, changed, locale, onChange }: BaseProps & { value: number; defaultText: string; changed: boolean; locale: string; onChange(value: number): void }) {
  const { id, error, hintId, errorId, describedBy } = useDescribedBy(path, true);
  return (
    <div className={`field field--number${changed ? ' field--changed' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <NumberInput id={id} value={value} locale={locale} onChange={onChange} describedBy={describedBy} invalid={Boolean(error)} />
      <Hint id={hintId} hint={hint} extra={defaultText} />
      <FieldError id={errorId} error={error} />
    </div>
  );
}

function BooleanField({ path, label, hint, checked, defaultText, onChange }: BaseProps & { checked: boolean; defaultText: string; onChange(value: boolean): void }) {
  const { id, hintId, describedBy } = useDescribedBy(path, true);
  return (
    <div className="field field--boolean">
      <input id={id} type="checkbox" checked={checked} aria-describedby={describedBy} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>{label}</label>
      <Hint id={hintId} hint={hint} extra={defaultText} />
    </div>
  );
}

function ChoiceField({ t, path, label, hint, choices, value, defaultText, onChange }: BaseProps & { t: Translate; choices: readonly string[]; value: string; defaultText: string; onChange(value: string): void }) {
  const { id, error, hintId, errorId, describedBy } = useDescribedBy(path, true);
  return (
    <div className="field field--choice">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input" value={value} aria-describedby={describedBy} aria-invalid={Boolean(error) || undefined} onChange={(event) => onChange(event.target.value)}>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {stageName(t, choice)}
          </option>
        ))}
      </select>
      <Hint id={hintId} hint={hint} extra={defaultText} />
      <FieldError id={errorId} error={error} />
    </div>
  );
}

function ChoicesField({ t, path, label, hint, choices, value, defaultText, onChange }: BaseProps & { t: Translate; choices: readonly string[]; value: readonly string[]; defaultText: string; onChange(value: string[]): void }) {
  const { id, error, hintId, errorId } = useDescribedBy(path, true);
  const toggle = (choice: string, on: boolean) => {
    const chosen = new Set(value);
    if (on) chosen.add(choice);
    else chosen.delete(choice);
    // In the schema's order (the stages' order), whatever order they were ticked in.
    onChange(choices.filter((candidate) => chosen.has(candidate)));
  };
  return (
    <fieldset className="field field--choices" id={id} aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(' ')}>
      <legend>{label}</legend>
      <div className="choices">
        {choices.map((choice) => (
          <label key={choice} className="choice">
            <input type="checkbox" checked={value.includes(choice)} onChange={(event) => toggle(choice, event.target.checked)} /> {stageName(t, choice)}
          </label>
        ))}
      </div>
      <Hint id={hintId} hint={hint} extra={defaultText} />
      <FieldError id={errorId} error={error} />
    </fieldset>
  );
}

function TextListField({
  t,
  path,
  label,
  hint,
  value,
  defaultCount,
  changed,
  onReset,
  onChange,
}: BaseProps & { t: Translate; value: string[]; defaultCount: number; changed: boolean; onReset(): void; onChange(value: string[]): void }) {
  const { id, error, hintId, errorId, describedBy } = useDescribedBy(path, true);
  // An entry's own error (too long) sits at path.<index>; show the first one under the list.
  const errors = useListErrors(path, value.length);
  return (
    <div className="field field--list">
      <label htmlFor={id}>{label}</label>
      <TextListInput id={id} value={value} onChange={onChange} describedBy={describedBy} invalid={Boolean(error ?? errors[0])} rows={Math.min(8, Math.max(3, value.length))} />
      <Hint id={hintId} hint={hint} extra={t('options_list_count', { count: value.length, defaults: defaultCount })} />
      {changed && (
        <button type="button" className="link-button" onClick={onReset}>
          {t('options_list_reset')}
        </button>
      )}
      <FieldError id={errorId} error={error ?? errors[0]} />
    </div>
  );
}

/** Errors of a list's entries (path.0, path.1, …), prefixed with the line they are on. */
function useListErrors(path: FieldPath, length: number): string[] {
  const errors = useContext(ErrorsContext);
  const found: string[] = [];
  for (let index = 0; index < length; index += 1) {
    const error = errors.get(pathKey([...path, index]));
    if (error) found.push(`${index + 1}: ${error}`);
  }
  return found;
}

function NumberMapField({
  t,
  locale,
  path,
  label,
  hint,
  field,
  value,
  onChange,
}: BaseProps & {
  t: Translate;
  locale: string;
  field: Extract<OptionField, { kind: 'number-map' }>;
  value: Record<string, number>;
  onChange(entry: string, value: number | undefined): void;
}) {
  const hintId = `${fieldId(path)}-hint`;
  const declared = new Set(field.entries.map((entry) => entry.key));
  const added: NumberEntry[] = Object.keys(value)
    .filter((key) => !declared.has(key))
    .sort()
    .map((key) => ({ key, defaultValue: undefined, integer: false, ...field.extra }));
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  return (
    <fieldset className="field field--map" aria-describedby={hint ? hintId : undefined}>
      <legend>{label}</legend>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      <div className="map">
        {[...field.entries, ...added].map((entry) => (
          <MapEntry
            key={entry.key}
            t={t}
            locale={locale}
            path={[...path, entry.key]}
            label={entryLabel(t, entry.key)}
            value={value[entry.key]!}
            defaultText={entry.defaultValue === undefined ? null : t('options_default_value', { value: number.format(entry.defaultValue) })}
            changed={entry.defaultValue !== undefined && !sameValue(value[entry.key], entry.defaultValue)}
            onChange={(next) => onChange(entry.key, next)}
            onRemove={entry.defaultValue === undefined ? () => onChange(entry.key, undefined) : undefined}
          />
        ))}
      </div>
      {field.extra && (
        <AddCurrency
          t={t}
          existing={Object.keys(value)}
          path={path}
          onAdd={(code) => {
            // Blank until the user types the amount: no guessed value is saved by accident (blank is an error).
            onChange(code, Number.NaN);
            setTimeout(() => document.getElementById(fieldId([...path, code]))?.focus(), 0);
          }}
        />
      )}
    </fieldset>
  );
}

function MapEntry({
  t,
  locale,
  path,
  label,
  value,
  defaultText,
  changed,
  onChange,
  onRemove,
}: {
  t: Translate;
  locale: string;
  path: FieldPath;
  label: string;
  value: number;
  defaultText: string | null;
  changed: boolean;
  onChange(value: number): void;
  onRemove?: () => void;
}) {
  const { id, error, hintId, errorId, describedBy } = useDescribedBy(path, defaultText ?? undefined);
  return (
    <div className={`map__entry${changed ? ' field--changed' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <NumberInput id={id} value={value} locale={locale} onChange={onChange} describedBy={describedBy} invalid={Boolean(error)} />
      {defaultText && (
        <span className="field__hint" id={hintId}>
          {defaultText}
        </span>
      )}
      {onRemove && (
        <button type="button" className="link-button" onClick={onRemove} aria-label={t('options_remove_entry', { entry: label })}>
          {t('options_remove')}
        </button>
      )}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

function AddCurrency({ t, existing, onAdd, path }: { t: Translate; existing: readonly string[]; onAdd(code: string): void; path: FieldPath }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = `${fieldId(path)}-add`;
  const add = () => {
    const wanted = code.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(wanted)) return setError(t('options_error_currency'));
    if (existing.includes(wanted)) return setError(t('options_error_currency_listed', { currency: wanted }));
    setError(null);
    setCode('');
    onAdd(wanted);
  };
  return (
    <div className="map__add">
      <label htmlFor={id}>{t('options_add_currency')}</label>
      <input
        id={id}
        className="input input--code"
        value={code}
        maxLength={3}
        autoComplete="off"
        aria-invalid={Boolean(error) || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setCode(event.target.value.toUpperCase())}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            add();
          }
        }}
      />
      <button type="button" className="button" onClick={add}>
        {t('options_add')}
      </button>
      <FieldError id={`${id}-error`} error={error ?? undefined} />
    </div>
  );
}

