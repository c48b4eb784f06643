import { z } from 'zod';
import { UNREAD_CODES } from './field-state';

/**
 * The schemas of a field value (see src/model/field-state.ts for the three states and the zod-free helpers, which
 * this module re-exports so its importers need not care where they live).
 */
export { UNREAD_CODES, clip, empty, known, unknown, type FieldValue, type UnreadCode } from './field-state';

export const unreadCodeSchema = z.enum(UNREAD_CODES);

export function fieldValueSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('state', [
    z.object({ state: z.literal('value'), value, raw: z.string().max(2000) }),
    z.object({ state: z.literal('empty'), raw: z.string().max(2000) }),
    z.object({ state: z.literal('unknown'), reason: z.string().max(500), code: unreadCodeSchema.default('unparseable') }),
  ]);
}
