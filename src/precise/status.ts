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
