import { z } from 'zod';
import { dealSnapshotSchema } from '../model/deal';
import { verdictSchema } from '../model/verdict';
import { unreadCodeSchema } from '../model/field';
import { qualifyMessages } from './qualify';
import { reviewMessages } from './review';
import { dataMessages } from './data';
import { customCrmMessages } from './custom-crm';
import { preciseMessages } from './precise';

/**
 * The one message protocol. Names say their direction: `cs-bg:` content script → background,
 * `ui-bg:` extension page (popup, side panel, options, review) → background.
 * Every message is parsed with these schemas where it is received.
 */

const pageKind = z.enum(['record', 'list', 'board']);
const url = z.string().max(4000);

export const unreadFieldSchema = z.object({ field: z.string(), reason: z.string().max(500), code: unreadCodeSchema.default('unparseable') });
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
    /** Lists and boards: how many deals the view holds, when the page says (a virtualised board renders a few). */
    total: z.number().int().nonnegative().optional(),
  }),
  /** The tab left every deal page (or the content script stopped). */
  z.object({ type: z.literal('cs-bg:page-left'), url }),
  /** The state of a tab's deal, for the popup. */
  z.object({ type: z.literal('ui-bg:get-tab-state'), tabId: z.number().int().nonnegative() }),
  /** Silence one rule on one deal for some days, with a reason. */
  z.object({
    type: z.literal('ui-bg:snooze'),
    dealKey: z.string().min(3).max(300),
    ruleId: z.string().min(1).max(100),
    reason: z.string().trim().min(1).max(500),
    days: z.number().int().min(1).max(365),
    /** The tab the rep is looking at, so its verdict is updated at once. */
    tabId: z.number().int().nonnegative().optional(),
  }),
  /** End a snooze early. */
  z.object({
    type: z.literal('ui-bg:unsnooze'),
    dealKey: z.string().min(3).max(300),
    ruleId: z.string().min(1).max(100),
    tabId: z.number().int().nonnegative().optional(),
  }),
  // Each surface's messages live beside it in src/messaging/<area>.ts.
  ...qualifyMessages,
  ...reviewMessages,
  ...dataMessages,
  ...customCrmMessages,
  ...preciseMessages,
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
  z.object({ status: z.literal('deal'), url, pageKind, deals: z.array(dealViewSchema), total: z.number().int().nonnegative().optional() }),
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

export const MESSAGE_TYPES: readonly MessageType[] = messageSchema.options.map((option) => option.shape.type.value);

/**
 * Every property name the message schemas define. An error path keeps these and array indexes; any other
 * segment is a key the sender chose (a record key such as a qualification criterion read from the page),
 * which is page data and is shown as `*`.
 */
const SCHEMA_KEYS: ReadonlySet<string> = (() => {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (schema: unknown): void => {
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    if (def.type === 'object') {
      for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) {
        keys.add(key);
        walk(child);
      }
    }
    for (const child of [def.innerType, def.element, def.valueType, def.in, def.out]) walk(child);
    if (Array.isArray(def.options)) for (const option of def.options) walk(option);
  };
  walk(messageSchema);
  return keys;
})();

function safePath(path: readonly PropertyKey[]): string {
  if (!path.length) return '(root)';
  return path.map((segment) => (typeof segment === 'number' || (typeof segment === 'string' && SCHEMA_KEYS.has(segment)) ? String(segment) : '*')).join('.');
}

/** Validates anything that arrives; the error names what was wrong, without echoing page data. */
export function parseMessage(input: unknown): ParsedMessage {
  const result = messageSchema.safeParse(input);
  if (result.success) return { ok: true, message: result.data };
  const rawType = typeof input === 'object' && input !== null && 'type' in input ? (input as { type: unknown }).type : undefined;
  // Only our own type names are repeated; anything else the sender put there could be page text.
  const type = rawType === undefined ? '(none)' : MESSAGE_TYPES.includes(rawType as MessageType) ? String(rawType) : '(unknown)';
  const first = result.error.issues.slice(0, 3).map((issue) => `${safePath(issue.path)}: ${issue.message}`);
  return { ok: false, error: `rejected message of type ${type}: ${first.join('; ')}` };
}

/** Which senders may send which messages: content scripts speak from tabs, extension pages from our own origin. */
export function senderAllowed(type: MessageType, sender: { id?: string; tab?: { id?: number }; url?: string }, extensionId: string, extensionOrigin: string): boolean {
  if (!extensionId || sender.id !== extensionId) return false;
  // `chrome-extension://<id>/`: with the slash, so neither an empty origin nor a longer id can match by prefix.
  const base = extensionOrigin.endsWith('/') ? extensionOrigin : `${extensionOrigin}/`;
  const fromExtensionPage = typeof sender.url === 'string' && base.length > 1 && sender.url.startsWith(base);
  // A real tab has a non-negative id (chrome.tabs.TAB_ID_NONE is -1).
  const tabId = sender.tab?.id;
  if (type.startsWith('cs-bg:')) return typeof tabId === 'number' && Number.isInteger(tabId) && tabId >= 0 && !fromExtensionPage;
  if (type.startsWith('ui-bg:')) return fromExtensionPage;
  return false;
}
