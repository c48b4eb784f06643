import { z } from '../model/zod-mini';
import { SEVERITIES } from '../model/severity';

/**
 * The messages the content script receives, checked with zod/mini (src/model/zod-mini.ts) so the script every CRM
 * page loads stays small (issue #6). Each schema here mirrors a zod classic one the background and extension pages
 * use; tests/unit/messaging/content-schemas.test.ts holds each pair to the same inputs, outputs and error paths:
 * - `snapshotReplySchema`: the background's reply to `cs-bg:snapshot` (src/messaging/protocol.ts, `verdictSchema`
 *   of src/model/verdict.ts);
 * - `readWithMappingRequestSchema`: "Test on this tab" from the options page, through the background
 *   (src/messaging/custom-crm.ts).
 */

const messageData = z.record(z.string(), z.union([z.string(), z.number()]));

const findingShape = {
  ruleId: z.string(),
  messageId: z.string(),
  data: messageData,
  field: z.optional(z.string()),
  severity: z.enum(SEVERITIES),
};

const scoreSchema = z.object({
  value: z.number().check(z.gte(0), z.lte(100)),
  parts: z.array(z.object({ id: z.string(), points: z.number(), messageId: z.string(), data: messageData })),
});

export const verdictMiniSchema = z.object({
  dealKey: z.string().check(z.minLength(3), z.maxLength(300)),
  computedAt: z.string(),
  findings: z.array(z.object(findingShape)),
  cannotCheck: z.array(z.object({ ruleId: z.string(), fields: z.array(z.string()) })),
  hygiene: scoreSchema,
  qualification: z.nullable(scoreSchema),
  snoozed: z._default(z.array(z.object({ ...findingShape, until: z.string(), reason: z.string() })), []),
});

/** The background's reply to `cs-bg:snapshot`: a verdict per snapshot sent. */
export const snapshotReplySchema = z.object({ ok: z.literal(true), verdicts: z.array(verdictMiniSchema) });

/**
 * Background → content script: read this page with this mapping (for "Test on this tab"). Not part of the
 * background's protocol: only the content script receives it, and only from the extension itself. The mapping is
 * `unknown` here and checked by src/model/crm-mapping-mini.ts, so a wrong one gets errors with paths.
 */
export const READ_WITH_MAPPING = 'bg-cs:read-with-mapping';
export const readWithMappingRequestSchema = z.strictObject({ type: z.literal(READ_WITH_MAPPING), mapping: z.unknown() });
