import { z } from 'zod';
import { dealSnapshotSchema } from '../model/deal';
import { verdictSchema } from '../model/verdict';

/**
 * The one message protocol. Names say their direction: `cs-bg:` content script → background,
 * `ui-bg:` extension page (popup, side panel, options, review) → background.
 * Every message is parsed with these schemas where it is received.
 */

const pageKind = z.enum(['record', 'list', 'board']);
const url = z.string().max(4000);

export const unreadFieldSchema = z.object({ field: z.string(), reason: z.string().max(500) });
export type UnreadField = z.infer<typeof unreadFieldSchema>;

export const messageSchema = z.discriminatedUnion('type', [
  /** A deal page was detected; its fields are not read yet. */
  z.object({ type: z.literal('cs-bg:reading'), url, crm: z.string().max(40) }),
  /** What the page shows now. */
  z.object({
    type: z.literal('cs-bg:snapshot'),
    url,
    pageKind,
    snapshots: z.array(dealSnapshotSchema).max(1000),
  }),
  /** The tab left every deal page (or the content script stopped). */
  z.object({ type: z.literal('cs-bg:page-left'), url }),
  /** The state of a tab's deal, for the popup. */
  z.object({ type: z.literal('ui-bg:get-tab-state'), tabId: z.number().int().nonnegative() }),
]);
export type Message = z.infer<typeof messageSchema>;
export type MessageType = Message['type'];
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;

export const dealViewSchema = z.object({
  snapshot: dealSnapshotSchema,
  verdict: verdictSchema,
});
export type DealView = z.infer<typeof dealViewSchema>;

/** What the background knows about a tab. */
export const tabStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('reading'), url, crm: z.string() }),
  z.object({ status: z.literal('unreadable'), url, crm: z.string(), unread: z.array(unreadFieldSchema) }),
  z.object({ status: z.literal('deal'), url, pageKind, deals: z.array(dealViewSchema) }),
]);
export type TabState = z.infer<typeof tabStateSchema>;

export const snapshotReplySchema = z.object({ ok: z.literal(true), verdicts: z.array(verdictSchema) });
export const tabStateReplySchema = z.object({ ok: z.literal(true), state: tabStateSchema });
export const errorReplySchema = z.object({ ok: z.literal(false), error: z.string() });

export type Reply<T extends MessageType> = T extends 'cs-bg:snapshot'
  ? z.infer<typeof snapshotReplySchema>
  : T extends 'ui-bg:get-tab-state'
    ? z.infer<typeof tabStateReplySchema>
    : { ok: true };
export type ErrorReply = z.infer<typeof errorReplySchema>;

export type ParsedMessage = { ok: true; message: Message } | { ok: false; error: string };

/** Validates anything that arrives; the error names what was wrong, without echoing page data. */
export function parseMessage(input: unknown): ParsedMessage {
  const result = messageSchema.safeParse(input);
  if (result.success) return { ok: true, message: result.data };
  const type = typeof input === 'object' && input !== null && 'type' in input ? String((input as { type: unknown }).type).slice(0, 40) : '(none)';
  const first = result.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, error: `rejected message of type ${type}: ${first.join('; ')}` };
}

/** Which senders may send which messages: content scripts speak from tabs, extension pages from our own origin. */
export function senderAllowed(type: MessageType, sender: { id?: string; tab?: { id?: number }; url?: string }, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId) return false;
  const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
  if (type.startsWith('cs-bg:')) return typeof sender.tab?.id === 'number' && !fromExtensionPage;
  if (type.startsWith('ui-bg:')) return fromExtensionPage;
  return false;
}
