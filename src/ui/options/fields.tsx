import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { parseNumber } from '../../read/number';
import { fieldId, pathKey, type FieldPath } from './validation';

/** Field errors of the whole page by pathKey, so each input finds its own. */
export const ErrorsContext = createContext<ReadonlyMap<string, string>>(new Map());

export function useFieldError(path: FieldPath): string | undefined {
  return useContext(ErrorsContext).get(pathKey(path));
}

/** Ids that tie an input to its hint and its error, for aria-describedby. */
export function useDescribedBy(path: FieldPath, hint: ReactNode | undefined) {
  const id = fieldId(path);
  const error = useFieldError(path);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return { id, error, hintId, errorId, describedBy };
}

export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field__error" id={id}>
      {error}
    </p>
  );
}

const formatterCache = new Map<string, Intl.NumberFormat>();
/** Numbers as typed into a field: the locale's decimal sign, no grouping (grouping while typing gets in the way). */
export function formatNumberForInput(value: number, locale: string): string {
  if (!Number.isFinite(value)) return '';
  let format = formatterCache.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 6 });
    formatterCache.set(locale, format);
  }
  return format.format(value);
}

/** A typed number in the user's locale ("1.250.000" and "1,5" in Danish); NaN for blank or unreadable text. */
export function readNumberInput(text: string, locale: string): number {
  const parsed = parseNumber(text, locale);
  return parsed.ok ? parsed.value : Number.NaN;
}

interface NumberInputProps {
  id: string;
  value: number;
  locale: string;
  onChange(value: number): void;
  describedBy?: string;
  invalid?: boolean;
  label?: string;
  className?: string;
  onBlur?: () => void;
}

/**
 * A number typed as text in the user's locale. The text is the field's own while it is typed ("1," on the way to
 * "1,5"); it follows `value` when the value changes from elsewhere (Discard, a rule pack).
 */
export function NumberInput({ id, value, locale, onChange, describedBy, invalid, label, className, onBlur }: NumberInputProps) {
  const [text, setText] = useState(() => formatNumberForInput(value, locale));
  const last = useRef(value);
  useEffect(() => {
    if (!Object.is(value, last.current)) {
      last.current = value;
      if (!Object.is(readNumberInput(text, locale), value)) setText(formatNumberForInput(value, locale));
    }
  }, [value, locale, text]);
  return (
    <input
      id={id}
      className={className ?? 'input input--number'}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      value={text}
      aria-label={label}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onBlur={onBlur}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        const number = readNumberInput(next, locale);
        last.current = number;
        onChange(number);
      }}
    />
  );
}

interface TextListInputProps {
  id: string;
  value: readonly string[];
  onChange(value: string[]): void;
  describedBy?: string;
  invalid?: boolean;
  rows?: number;
}

const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** One entry per line; blank lines and spaces around entries are dropped. */
export function TextListInput({ id, value, onChange, describedBy, invalid, rows = 5 }: TextListInputProps) {
  const [text, setText] = useState(() => value.join('\n'));
  useEffect(() => {
    const typed = linesOf(text);
    if (typed.length !== value.length || typed.some((line, index) => line !== value[index])) setText(value.join('\n'));
    // Only an outside change of the value resets the text (so `text` is left out): typing keeps it as typed.
  }, [value]);
  return (
    <textarea
      id={id}
      className="input input--list"
      rows={rows}
      value={text}
      spellCheck={false}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(event) => {
        setText(event.target.value);
        onChange(linesOf(event.target.value));
      }}
    />
  );
}

/** An on/off switch: a checkbox with the switch role, labelled by the caller. */
export function Switch({ checked, onChange, label, id }: { checked: boolean; onChange(checked: boolean): void; label: string; id?: string }) {
  const fallback = useId();
  return (
    <input
      id={id ?? fallback}
      type="checkbox"
      role="switch"
      className="switch"
      checked={checked}
      aria-label={label}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
}
