import fc from 'fast-check';
import type { IDBPDatabase } from 'idb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createBackground, type TabStateStore, type ToolbarBadge } from '../../../src/background/service';
import { startController } from '../../../src/content/controller';
import { mappingTestListener } from '../../../src/content/custom-crms';
import { runRules } from '../../../src/engine/run';
import { createDataHandlers } from '../../../src/background/handlers/data';
import { reviewHandlers } from '../../../src/background/handlers/review';
import { openHistoryDb, saveSnapshot, type HistoryDb } from '../../../src/history/store';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import { defaultSettings } from '../../../src/model/settings';
import { MESSAGE_TYPES, parseMessage, senderAllowed, type Message, type MessageType, type TabState } from '../../../src/messaging/protocol';
import { deepQueryAll } from '../../../src/read/dom';
import { BADGE_HOST_ATTRIBUTE } from '../../../src/ui/badges/badges';
import { makeSnapshot } from '../../helpers/deals';
import { loadFixture, showPage } from '../../helpers/fixtures';
import en from '../../../public/_locales/en/messages.json';
import { hostileText } from './hostile';
import { checkAsyncProperty, checkProperty, writeAreaReport } from './report';
import { adapters } from '../../../src/adapters';

// Generous: property runs are CPU-bound, and the CI machine may be busy; a run never takes this long.
vi.setConfig({ testTimeout: 120_000 });

/**
 * Messages of the wrong shape, from the page or from other extensions. The background parses every message with the
 * protocol's schemas and checks its sender before anything else: nothing it is sent by another extension or a web
 * page is stored or shown. Rejections name the problem without repeating page data. The content script has no
 * message listener (it only reads replies to what it sent), and a reply of the wrong shape draws nothing.
 */

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const PAGE = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view';
const DEAL = 'salesforce:acme.lightning.force.com:0065g00000AbCdE';
/** Put into every generated string and key: if an error message contains it, page data was echoed. */
const MARK = 'PAGEDATA';

/** Valid messages of the core protocol; the property damages them one path at a time. */
const VALID: Message[] = [
  { type: 'cs-bg:reading', url: PAGE, crm: 'salesforce' },
  { type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [makeSnapshot()] },
  { type: 'cs-bg:page-left', url: PAGE },
  { type: 'ui-bg:get-tab-state', tabId: 7 },
  { type: 'ui-bg:snooze', dealKey: DEAL, ruleId: 'next-step-missing', reason: 'On holiday', days: 7, tabId: 7 },
  { type: 'ui-bg:unsnooze', dealKey: DEAL, ruleId: 'next-step-missing' },
];

const marked = fc.oneof(hostileText.map((text) => `${MARK}${text.slice(0, 200)}`), fc.string().map((text) => `${text}${MARK}`));
/** Anything JSON-like, or not: strings and keys all marked. */
const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    marked,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constantFrom(null, undefined, Number.NaN, Infinity, -1, 2 ** 53),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(marked, tie('value'), { maxKeys: 4 }),
  ),
})).value;

type Step = { index: number; action: 'replace' | 'delete' | 'add'; value: unknown; key: string };

/** Applies a damage to a copy of a valid message at the `index`-th object/array path (depth-first). */
function damage(message: Message, step: Step): unknown {
  const copy = structuredClone(message) as unknown as Record<string, unknown>;
  const containers: Record<string | number, unknown>[] = [];
  const walk = (node: unknown) => {
    if (node && typeof node === 'object') {
      containers.push(node as Record<string | number, unknown>);
      Object.values(node).forEach(walk);
    }
  };
  walk(copy);
  const target = containers[step.index % containers.length]!;
  const keys = Object.keys(target);
  const key = keys.length ? keys[step.index % keys.length]! : step.key;
  try {
    if (step.action === 'delete') delete target[key];
    else if (step.action === 'add') target[step.key] = step.value;
    else target[key] = step.value;
  } catch {
    // a property that cannot change (an array's length): this damage is a no-op
  }
  return copy;
}

const step: fc.Arbitrary<Step> = fc.record({ index: fc.nat(), action: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const), value: junk, key: marked });

describe('parseMessage on messages of the wrong shape', () => {
  it('never throws, and its error names the problem without echoing page data', () => {
    const anyInput = fc.oneof(
      { arbitrary: junk, weight: 2 },
      { arbitrary: fc.record({ type: fc.oneof(fc.constantFrom(...MESSAGE_TYPES), marked), payload: junk }).map(({ type, payload }) => ({ ...(payload && typeof payload === 'object' ? payload : {}), type })), weight: 2 },
      { arbitrary: fc.tuple(fc.constantFrom(...VALID), fc.array(step, { minLength: 1, maxLength: 4 })).map(([message, steps]) => steps.reduce<unknown>((m, s) => damage(m as Message, s), message)), weight: 4 },
    );
    checkProperty(
      'messages',
      'parseMessage: random and damaged messages',
      fc.property(anyInput, (input) => {
        const parsed = parseMessage(input);
        if (parsed.ok) {
          expect(MESSAGE_TYPES).toContain(parsed.message.type);
          return;
        }
        expect(parsed.error).toMatch(/^rejected message of type /);
        expect(parsed.error.length).toBeLessThan(1000);
        expect(parsed.error).not.toContain(MARK);
      }),
      800,
    );
  });
});

describe('senderAllowed', () => {
  const otherId = fc.oneof(fc.constant(undefined), fc.constant(''), fc.string({ minLength: 1, maxLength: 40 }).filter((id) => id !== EXTENSION_ID), fc.constantFrom(`${EXTENSION_ID}x`, EXTENSION_ID.slice(1), EXTENSION_ID.toUpperCase()));
  const webUrl = fc.oneof(
    fc.webUrl(),
    fc.constantFrom(
      PAGE,
      `chrome-extension://${EXTENSION_ID}evil/popup.html`,
      `chrome-extension://${EXTENSION_ID}.evil.com/popup.html`,
      `https://evil.example/chrome-extension://${EXTENSION_ID}/popup.html`,
      `chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/popup.html`,
      `CHROME-EXTENSION://${EXTENSION_ID.toUpperCase()}/popup.html`,
      `chrome-extension://${EXTENSION_ID}`,
      'about:blank',
      '',
    ),
  );
  const anyTab = fc.option(fc.record({ id: fc.option(fc.oneof(fc.integer(), fc.double()), { nil: undefined }) }), { nil: undefined });

  it('refuses every message from another extension, or with no sender id', () => {
    checkProperty(
      'messages',
      'senderAllowed: other extension ids',
      fc.property(fc.constantFrom(...MESSAGE_TYPES), otherId, fc.option(fc.oneof(webUrl, fc.constant(`${ORIGIN}popup.html`)), { nil: undefined }), anyTab, (type, id, url, tab) => {
        expect(senderAllowed(type, { ...(id === undefined ? {} : { id }), ...(url === undefined ? {} : { url }), ...(tab === undefined ? {} : { tab }) }, EXTENSION_ID, ORIGIN)).toBe(false);
      }),
      500,
    );
  });

  it('refuses extension-page messages from web pages, and content-script messages from anything but a real tab', () => {
    checkProperty(
      'messages',
      'senderAllowed: web pages and non-tabs',
      fc.property(fc.constantFrom(...MESSAGE_TYPES), webUrl, anyTab, (type, url, tab) => {
        const sender = { id: EXTENSION_ID, url, ...(tab === undefined ? {} : { tab }) };
        const allowed = senderAllowed(type, sender, EXTENSION_ID, ORIGIN);
        if (type.startsWith('ui-bg:')) expect(allowed).toBe(false);
        else {
          const tabId = tab?.id;
          const realTab = typeof tabId === 'number' && Number.isInteger(tabId) && tabId >= 0;
          expect(allowed).toBe(realTab);
        }
      }),
      500,
    );
  });
});

function memoryTabStates(): TabStateStore & { map: Map<number, TabState> } {
  const map = new Map<number, TabState>();
  return {
    map,
    get: async (tabId) => map.get(tabId),
    set: async (tabId, state) => void map.set(tabId, structuredClone(state)),
    remove: async (tabId) => void map.delete(tabId),
  };
}

describe('the background, sent messages by other extensions and web pages', () => {
  const opened: IDBPDatabase<HistoryDb>[] = [];
  afterAll(() => opened.forEach((db) => db.close()));

  it('answers each with an error and stores, shows, deletes and changes nothing', async () => {
    const db = await openHistoryDb(`bad-input-messages-${Date.now()}`);
    opened.push(db);
    // One deal already stored: a stranger's "delete everything" or "import everything" must not touch it.
    await saveSnapshot(db, makeSnapshot());
    const tabStates = memoryTabStates();
    const badges: { tabId: number; badge: ToolbarBadge }[] = [];
    const logs: string[] = [];
    const service = createBackground({
      openDb: async () => db,
      loadSettings: async () => defaultSettings(),
      tabStates,
      setToolbarBadge: async (tabId, badge) => void badges.push({ tabId, badge }),
      now: () => new Date('2026-11-27T09:00:00Z'),
      extensionId: EXTENSION_ID,
      extensionOrigin: ORIGIN,
      log: (line) => logs.push(line),
      // The areas whose messages would do the most harm: export, import and delete everything; the deal list.
      areas: [createDataHandlers(), reviewHandlers()],
    });
    const stranger = fc.oneof(
      // another extension, or a sender without an id (a web page through externally_connectable)
      fc.record({ id: fc.oneof(fc.constant(undefined), fc.constant('ponmlkjihgfedcbaponmlkjihgfedcba'), marked), url: fc.oneof(fc.webUrl(), fc.constant(`${ORIGIN}popup.html`)), tab: fc.option(fc.record({ id: fc.nat() }), { nil: undefined }) }),
      // our id, but the wrong context: a web page claiming to be an extension page, an extension page claiming a tab
      fc.record({ id: fc.constant(EXTENSION_ID), url: fc.webUrl(), tab: fc.constant(undefined) }),
      fc.record({ id: fc.constant(EXTENSION_ID), url: fc.constant(`${ORIGIN}popup.html`), tab: fc.constant(undefined) }),
    );
    const harmful: Message[] = [
      { type: 'ui-bg:delete-everything' },
      { type: 'ui-bg:export-everything' },
      { type: 'ui-bg:import-everything', file: { kind: 'deal-hygiene-export' } },
      { type: 'ui-bg:list-deals' },
    ] as Message[];
    const message = fc.oneof(fc.constantFrom(...VALID, ...harmful), junk, fc.tuple(fc.constantFrom(...VALID), step).map(([m, s]) => damage(m, s)));
    await checkAsyncProperty(
      'messages',
      'background: strangers and malformed messages change nothing',
      fc.asyncProperty(message, stranger, async (raw, sender) => {
        const cleanSender = Object.fromEntries(Object.entries(sender).filter(([, value]) => value !== undefined));
        const parsed = parseMessage(raw);
        // A valid message from a sender it is allowed from is not what this property is about.
        fc.pre(!parsed.ok || !senderAllowed(parsed.message.type as MessageType, cleanSender, EXTENSION_ID, ORIGIN));
        const reply = (await service.handle(raw, cleanSender)) as { ok: boolean; error?: string };
        expect(reply.ok).toBe(false);
        expect(typeof reply.error).toBe('string');
        expect(reply.error).not.toContain(MARK);
        expect(await db.count('snapshots')).toBe(1);
        expect(await db.count('deals')).toBe(1);
        expect('file' in reply).toBe(false); // nothing exported to a stranger
        expect(tabStates.map.size).toBe(0);
        expect(badges).toEqual([]);
      }),
      300,
    );
    // Log lines end up in bug reports: they name the rejection, never the page data.
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((line) => line.includes(MARK))).toEqual([]);
  }, 60_000);
});

describe('the content script, given replies of the wrong shape', () => {
  const t = createTranslator(lookupFromFile(en), 'en');
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('never throws and draws no badge from a reply it cannot validate', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const validVerdict = runRules({ snapshot: makeSnapshot(), settings: defaultSettings(), now: new Date(fixture.sidecar.now), timeZone: 'UTC' }).verdict;
    const reply = fc.oneof(
      junk,
      fc.constant({ ok: true }),
      fc.constant({ ok: true, verdicts: [{ ...validVerdict, findings: 'none' }] }),
      fc.record({ ok: fc.constant(true), verdicts: fc.array(junk, { maxLength: 3 }) }),
      fc.constant({ ok: false, error: `${MARK}<img src=x onerror=alert(1)>` }),
      fc.constant('throw'),
    );
    const run = async (answer: unknown) => {
      const controller = startController({
        adapters,
        doc: document,
        currentUrl: () => fixture.sidecar.url,
        send: async (message) => {
          if (message.type !== 'cs-bg:snapshot') return { ok: true };
          if (answer === 'throw') throw new Error('Could not establish connection. Receiving end does not exist.');
          return answer;
        },
        t,
        now: () => new Date(fixture.sidecar.now),
        isValid: () => true,
        setTimeout: (callback, ms) => window.setTimeout(callback, ms) as unknown as number,
        clearTimeout: (id) => window.clearTimeout(id),
        debounceMs: 1,
        renderGraceMs: 0,
      });
      try {
        await controller.readNow();
        await sleep(5);
        return deepQueryAll(document, `[${BADGE_HOST_ATTRIBUTE}]`).length;
      } finally {
        controller.stop();
      }
    };
    // The control: a valid reply draws badges on this page, so "no badge" below means the reply was refused.
    expect(await run({ ok: true, verdicts: [{ ...validVerdict, dealKey: 'salesforce:acme.lightning.force.com:0065g00000AcmeQ' }] })).toBeGreaterThan(0);
    await checkAsyncProperty(
      'messages',
      'content script: malformed replies draw nothing',
      fc.asyncProperty(reply, async (answer) => {
        expect(await run(answer)).toBe(0);
      }),
      60,
    );
  }, 60_000);

  it("its one runtime listener (\"Test on this tab\") answers only our background's well-formed requests", async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const listener = mappingTestListener(EXTENSION_ID, document, () => fixture.sidecar.url, () => new Date(fixture.sidecar.now));
    const background = { id: EXTENSION_ID };
    // The control: our background's request is answered.
    expect(await listener({ type: 'bg-cs:read-with-mapping', mapping: { id: 'x' } }, background)).toMatchObject({ ok: true, result: { status: 'invalid' } });
    const sender = fc.oneof(
      fc.record({ id: fc.oneof(fc.constant(undefined), fc.constant('ponmlkjihgfedcbaponmlkjihgfedcba'), marked) }),
      // our id, but from a tab (another content script or a page of ours in a tab), not the background
      fc.record({ id: fc.constant(EXTENSION_ID), tab: fc.record({ id: fc.nat() }) }),
    );
    await checkAsyncProperty(
      'messages',
      'content script: runtime messages from strangers or of the wrong shape',
      fc.asyncProperty(fc.oneof(junk, fc.tuple(fc.constant({ type: 'bg-cs:read-with-mapping', mapping: { id: 'x' } } as unknown as Message), step).map(([m, s]) => damage(m, s))), sender, async (message, from) => {
        const fromBackground = from.id === EXTENSION_ID && !('tab' in from);
        const answer = listener(message, Object.fromEntries(Object.entries(from).filter(([, value]) => value !== undefined)));
        if (!fromBackground) expect(answer).toBeUndefined();
        else if (answer !== undefined) expect(await answer).toMatchObject({ ok: true });
      }),
      300,
    );
  });

  it('reports its cases', () => {
    const { report } = writeAreaReport('messages');
    expect(report.cases).toBeGreaterThan(0);
  });
});
