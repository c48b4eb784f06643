/**
 * Unknown is not empty: every field read from a page is one of three states.
 * - value: found and parsed;
 * - empty: found on the page, and blank;
 * - unknown: not found, or found but not parseable (the reason says which).
 * A rule that needs an unknown field returns "cannot check", never a violation.
 *
 * The zod-free half of src/model/field.ts (which re-exports it and holds the schemas): the content script builds
 * field values with these helpers and must not load zod classic (issue #6, content-script size).
 */

/**
 * Why a field could not be read, as a code the UI translates; `reason` adds the technical detail
 * (in English, for bug reports and the command line).
 */
export const UNREAD_CODES = ['not_on_page', 'unparseable', 'not_supported', 'not_rendered'] as const;
export type UnreadCode = (typeof UNREAD_CODES)[number];

export type FieldValue<T> =
  | { state: 'value'; value: T; raw: string }
  | { state: 'empty'; raw: string }
  | { state: 'unknown'; reason: string; code: UnreadCode };

export const known = <T>(value: T, raw: string): FieldValue<T> => ({ state: 'value', value, raw: clip(raw) });
export const empty = <T>(raw = ''): FieldValue<T> => ({ state: 'empty', raw: clip(raw) });
export const unknown = <T>(reason: string, code: UnreadCode = 'unparseable'): FieldValue<T> => ({
  state: 'unknown',
  reason: clip(reason, 500),
  code,
});

/** Page text is hostile and can be huge: keep what we store bounded. */
export function clip(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
