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
  /** Every stored quick-qualify record, newest first (the "qualify a deal by name" list). */
  z.object({ type: z.literal('ui-bg:list-qualifications') }),
  /** The rep clicked the summary chip on a deal page: open the side panel for that tab. */
  z.object({ type: z.literal('cs-bg:open-side-panel') }),
] as const;

export const getQualificationReplySchema = z.object({
  ok: z.literal(true),
  record: qualificationRecordSchema.nullable(),
  snapshot: dealSnapshotSchema.nullable(),
});
export const saveQualificationReplySchema = z.object({ ok: z.literal(true), record: qualificationRecordSchema });
export const listQualificationsReplySchema = z.object({ ok: z.literal(true), records: z.array(qualificationRecordSchema) });
