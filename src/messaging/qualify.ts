import { z } from 'zod';
import { dealSnapshotSchema } from '../model/deal';
import { qualificationRecordSchema } from '../qualification/types';

const dealKey = z.string().min(3).max(300);
const tabId = z.number().int().nonnegative();

/** Quick-qualify (popup tab and side panel) ↔ background. */
export const qualifyMessages = [
  /** The rep's answers for a deal, and the deal's latest stored snapshot (null for a deal qualified by name only). */
  z.object({ type: z.literal('ui-bg:get-qualification'), dealKey }),
  /** Saves the whole record (every keystroke); tabs showing the deal are judged again. */
  z.object({ type: z.literal('ui-bg:save-qualification'), record: qualificationRecordSchema, tabId: tabId.optional() }),
  /** Stored quick-qualify records, newest first, at most 500 (the "earlier qualifications" list). */
  z.object({ type: z.literal('ui-bg:list-qualifications') }),
  /** The rep clicked the summary chip on a deal page: open the side panel for that tab. */
  z.object({ type: z.literal('cs-bg:open-side-panel') }),
] as const;

export const getQualificationReplySchema = z.object({
  ok: z.literal(true),
  record: qualificationRecordSchema.nullable(),
  snapshot: dealSnapshotSchema.nullable(),
});
/**
 * `record`: what is stored now. `stored` is false when a newer save had already landed (two surfaces, or saves that
 * crossed): the stored record is then the newer one and this one was dropped.
 */
export const saveQualificationReplySchema = z.object({ ok: z.literal(true), record: qualificationRecordSchema, stored: z.boolean() });

/** One earlier quick-qualify record, with a name to show: the name typed, or the deal's name as last read. */
export const qualificationListItemSchema = z.object({
  record: qualificationRecordSchema,
  dealName: z.string().max(2000).nullable(),
  /** The CRM the deal was read from; null for a deal qualified by name. */
  crm: z.string().max(40).nullable(),
});
export type QualificationListItem = z.infer<typeof qualificationListItemSchema>;
export const listQualificationsReplySchema = z.object({ ok: z.literal(true), items: z.array(qualificationListItemSchema) });

/** How the side panel was opened for a chip click: Chrome's side panel, or (where none can open) a small window. */
export const openSidePanelReplySchema = z.object({ ok: z.literal(true), opened: z.enum(['side-panel', 'window']) });
