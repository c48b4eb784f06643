import { z } from 'zod';
import { FIELD_NAMES, type FieldName } from '../model/deal';
import { preciseErrorCodeSchema } from './client';

/** The outcome of precise mode for one deal, shown in the popup and the options page (kept apart from the fetching code). */
export const preciseStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('off') }),
  z.object({
    state: z.literal('api'),
    readAt: z.string(),
    fromCache: z.boolean(),
    /** The fields the API supplied (the rest are the page's). */
    fields: z.array(z.enum(FIELD_NAMES as [FieldName, ...FieldName[]])),
    /** Dated snapshots the CRM's own history gave. */
    historyCount: z.number().int().nonnegative(),
    /** Optional parts that could not be read (audit history where auditing is off). */
    missing: z.array(z.object({ name: z.string().max(40), code: preciseErrorCodeSchema })).max(10),
  }),
  z.object({ state: z.literal('failed'), at: z.string(), code: preciseErrorCodeSchema, detail: z.string().max(300) }),
]);
export type PreciseStatus = z.infer<typeof preciseStatusSchema>;

/**
 * The popup's line about precise mode for the deal it shows: null when precise mode is off for it; otherwise what the
 * API gave, or why it could not be read ("… showing what the page shows"). `t` is the UI's translator.
 */
export function preciseStatusText(t: (key: string, data?: Record<string, string | number>) => string, status: PreciseStatus | null): string | null {
  if (!status || status.state === 'off') return null;
  if (status.state === 'failed') return t('precise_status_failed', { reason: t(`precise_error_${status.code}`) });
  return t('precise_status_ok', { count: status.fields.length, history: status.historyCount });
}
