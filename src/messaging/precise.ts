import { z } from 'zod';
import { PRECISE_CRMS } from '../precise/common';
import { preciseSettingsSchema } from '../precise/settings';
import { preciseStatusSchema } from '../precise/status';

/** Options page and popup, "Precise mode" ↔ background (#7). */
export const preciseMessages = [
  /** Per CRM: on or off and whether its permission is granted; with `dealKey`, that deal's last API read and its outcome. */
  z.object({ type: z.literal('ui-bg:get-precise-status'), dealKey: z.string().min(3).max(300).optional() }),
  /** Turn precise mode on or off for one CRM (the options page asked for the permission first, in the click). */
  z.object({ type: z.literal('ui-bg:set-precise-mode'), crm: z.enum(PRECISE_CRMS), enabled: z.boolean() }),
] as const;

export const preciseCrmStateSchema = z.object({ enabled: z.boolean(), granted: z.boolean() });
export const preciseStatusReplySchema = z.object({
  ok: z.literal(true),
  crms: z.object(Object.fromEntries(PRECISE_CRMS.map((crm) => [crm, preciseCrmStateSchema])) as Record<(typeof PRECISE_CRMS)[number], typeof preciseCrmStateSchema>),
  /** The deal's last read; null when precise mode never read it (off, or not yet). */
  deal: preciseStatusSchema.nullable(),
});
export type PreciseStatusReply = z.infer<typeof preciseStatusReplySchema>;
export const setPreciseModeReplySchema = z.object({ ok: z.literal(true), settings: preciseSettingsSchema });
