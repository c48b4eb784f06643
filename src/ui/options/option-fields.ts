import type { z } from 'zod';
import type { Rule } from '../../rules/types';

/**
 * The threshold editor is built from each rule's zod options schema, so a rule added later (or an option added to
 * one) shows up without touching the options page. Settings store only what differs from a rule's defaults: the
 * defaults can improve in a later version and reach everyone who did not change them.
 */
export interface NumberSpec {
  min?: number;
  max?: number;
  integer: boolean;
}

export interface NumberEntry extends NumberSpec {
  key: string;
  defaultValue: number | undefined;
}

export type OptionField =
  | ({ kind: 'number'; key: string; defaultValue: number } & NumberSpec)
  | { kind: 'boolean'; key: string; defaultValue: boolean }
  /** One of a fixed list (a stage). */
  | { kind: 'choice'; key: string; choices: readonly string[]; defaultValue: string }
  /** Any of a fixed list (stages). */
  | { kind: 'choices'; key: string; choices: readonly string[]; defaultValue: string[] }
  /** Free texts, one per line (phrases, contact roles, criterion ids). */
  | { kind: 'text-list'; key: string; defaultValue: string[] }
  /**
   * Named numbers (per stage, per deal size, per currency). `extra` is set when the user may add keys of their own
   * (currencies): the spec of each added number.
   */
  | { kind: 'number-map'; key: string; entries: NumberEntry[]; extra: NumberSpec | null };

type AnySchema = z.ZodType & { def: { type: string; [key: string]: unknown } };

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** The schema under defaults and other wrappers. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  while (WRAPPERS.has(current.def.type) && current.def.innerType) current = current.def.innerType as AnySchema;
  return current;
}

function numberSpec(schema: AnySchema): NumberSpec | null {
  const inner = unwrap(schema) as AnySchema & { minValue?: number | null; maxValue?: number | null; isInt?: boolean };
  if (inner.def.type !== 'number') return null;
  return {
    ...(Number.isFinite(inner.minValue) ? { min: inner.minValue! } : {}),
    ...(Number.isFinite(inner.maxValue) ? { max: inner.maxValue! } : {}),
    integer: inner.isInt === true,
  };
}

/** The options of a rule as editable fields, in the order the schema declares them; options of unknown shapes are left out. */
export function optionFields(rule: Rule<any>): OptionField[] {
  const schema = unwrap(rule.meta.options as AnySchema);
  if (schema.def.type !== 'object') return [];
  const defaults = rule.meta.options.parse({}) as Record<string, unknown>;
  const shape = (schema as unknown as { shape: Record<string, AnySchema> }).shape;
  const fields: OptionField[] = [];
  for (const [key, option] of Object.entries(shape)) {
    const field = describeField(key, option, defaults[key]);
    if (field) fields.push(field);
  }
  return fields;
}

function describeField(key: string, option: AnySchema, defaultValue: unknown): OptionField | null {
  const inner = unwrap(option);
  switch (inner.def.type) {
    case 'number':
      return { kind: 'number', key, defaultValue: defaultValue as number, ...numberSpec(inner)! };
    case 'boolean':
      return { kind: 'boolean', key, defaultValue: defaultValue as boolean };
    case 'enum':
      return { kind: 'choice', key, choices: (inner as unknown as { options: string[] }).options, defaultValue: defaultValue as string };
    case 'array': {
      const element = unwrap(inner.def.element as AnySchema);
      if (element.def.type === 'enum') {
        return { kind: 'choices', key, choices: (element as unknown as { options: string[] }).options, defaultValue: defaultValue as string[] };
      }
      if (element.def.type === 'string') return { kind: 'text-list', key, defaultValue: defaultValue as string[] };
      return null;
    }
    case 'object': {
      const shape = (inner as unknown as { shape: Record<string, AnySchema> }).shape;
      const values = (defaultValue ?? {}) as Record<string, number>;
      const entries: NumberEntry[] = [];
      for (const [entryKey, entrySchema] of Object.entries(shape)) {
        const spec = numberSpec(entrySchema);
        if (!spec) return null;
        entries.push({ key: entryKey, defaultValue: values[entryKey], ...spec });
      }
      const catchall = inner.def.catchall as AnySchema | undefined;
      const extra = catchall ? numberSpec(catchall) : null;
      return { kind: 'number-map', key, entries, extra };
    }
    default:
      return null;
  }
}

/** Deep equality for JSON-like values (option values and settings). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => sameValue(item, other[index]));
  }
  const left = Object.entries(a as Record<string, unknown>).filter(([, value]) => value !== undefined);
  const right = Object.entries(b as Record<string, unknown>).filter(([, value]) => value !== undefined);
  return left.length === right.length && left.every(([key, value]) => sameValue(value, (b as Record<string, unknown>)[key]));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `defaults` with `overrides` laid over them: objects merge, anything else replaces. For showing values while they are invalid. */
export function mergeOptions(defaults: unknown, overrides: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(overrides)) return overrides === undefined ? defaults : overrides;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) merged[key] = mergeOptions(defaults[key], value);
  return merged;
}

/** The value at `path` in a nested object, or undefined. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * `overrides` with `value` at `path`; when `value` equals the default there (or is undefined), the key is removed
 * instead, and objects left empty with it. Never changes its input.
 */
export function withOverride(overrides: Record<string, unknown>, path: readonly string[], value: unknown, defaults: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  if (key === undefined) return overrides;
  const next = { ...overrides };
  if (rest.length === 0) {
    if (value === undefined || sameValue(value, valueAt(defaults, [key]))) delete next[key];
    else next[key] = value;
    return next;
  }
  const inner = withOverride(isPlainObject(next[key]) ? (next[key] as Record<string, unknown>) : {}, rest, value, valueAt(defaults, [key]));
  if (Object.keys(inner).length === 0) delete next[key];
  else next[key] = inner;
  return next;
}
