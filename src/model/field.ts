import { z } from 'zod';

/**
 * Unknown is not empty: every field read from a page is one of three states.
 * - value: found and parsed;
 * - empty: found on the page, and blank;
 * - unknown: not found, or found but not parseable (the reason says which).
 * A rule that needs an unknown field returns "cannot check", never a violation.
 */
/**
 * Why a field could not be read, as a code the UI translates; `reason` adds the technical detail
 * (in English, for bug reports and the command line).
 */
export const UNREAD_CODES = ['not_on_page', 'unparseable', 'not_supported', 'not_rendered'] as const;
export const unreadCodeSchema = z.enum(UNREAD_CODES);
export type UnreadCode = z.infer<typeof unreadCodeSchema>;

export function fieldValueSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('state', [
    z.object({ state: z.literal('value'), value, raw: z.string().max(2000) }),
    z.object({ state: z.literal('empty'), raw: z.string().max(2000) }),
    z.object({ state: z.literal('unknown'), reason: z.string().max(500), code: unreadCodeSchema.default('unparseable') }),
  ]);
}

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
