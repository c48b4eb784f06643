import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import salesforce from '../../../src/adapters/salesforce';
import { bootBuiltInScript, pageLoaded } from '../../../src/content/boot';
import type { PageClaim } from '../../../src/content/claim-page';
import { bootCustomCrmScript } from '../../../src/content/custom-crms';
import { runRules } from '../../../src/engine/run';
import { CUSTOM_CRMS_KEY } from '../../../src/model/crm-mapping';
import { defaultSettings } from '../../../src/model/settings';
import type { Message } from '../../../src/messaging/protocol';
import en from '../../../public/_locales/en/messages.json';
import { loadFixture, showPage } from '../../helpers/fixtures';

/**
 * The content scripts' start (src/content/boot.ts) with the fake extension API: one copy of each script per page,
 * and the custom CRMs' script leaving a built-in CRM's pages to that CRM's script, whichever starts first.
 */

const REGISTRY = Symbol.for('deal-hygiene:content-scripts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A user's mapping over the Salesforce org: it would read an Opportunity too (its record id pattern matches). */
const OVER_SALESFORCE = {
  id: 'sf-projects',
  name: 'Salesforce projects',
  matches: ['https://*.lightning.force.com/*'],
  recordId: { pattern: '/lightning/r/\\w+/(\\w+)/view' },
  fields: { name: { selector: 'h1' }, closeDate: { labels: ['Close Date'] } },
  stageMapping: {},
};

/** The background as the scripts see it: records what they send, answers snapshots with the real engine. */
function fakeBackground() {
  const sent: Message[] = [];
  fakeBrowser.runtime.onMessage.addListener(((message: Message) => {
    if (!message?.type?.startsWith('cs-bg:')) return undefined;
    sent.push(message);
    if (message.type !== 'cs-bg:snapshot') return Promise.resolve({ ok: true });
    const now = new Date('2026-11-27T09:00:00Z');
    return Promise.resolve({ ok: true, verdicts: message.snapshots.map((snapshot) => runRules({ snapshot, settings: defaultSettings(), now, timeZone: 'UTC' }).verdict) });
  }) as never);
  return {
    /** How many snapshots were sent under keys starting with `prefix`. */
    sendsFor: (prefix: string) => sent.flatMap((message) => (message.type === 'cs-bg:snapshot' ? message.snapshots : [])).filter((snapshot) => snapshot.key.startsWith(prefix)).length,
    crmsRead: () => sent.flatMap((message) => (message.type === 'cs-bg:reading' ? [message.crm] : [])),
    keysSent: () => [...new Set(sent.flatMap((message) => (message.type === 'cs-bg:snapshot' ? message.snapshots.map((snapshot) => snapshot.key) : [])))],
  };
}

function openSalesforceRecord() {
  const fixture = loadFixture('salesforce', 'record-layout-en');
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(fixture.sidecar.url);
  showPage(fixture.html);
  return fixture.sidecar.url;
}

beforeEach(() => {
  // The scripts translate their badges with the browser's i18n (src/i18n/browser.ts): the English message file here.
  const messages = en as Record<string, { message: string }>;
  fakeBrowser.i18n.getMessage = ((name: string) => messages[name]?.message ?? (name === '@@ui_locale' ? 'en' : '')) as never;
});

afterEach(() => {
  const world = globalThis as unknown as Record<symbol, { claims: Map<string, PageClaim> } | undefined>;
  for (const claim of world[REGISTRY]?.claims.values() ?? []) claim.stop();
  delete world[REGISTRY];
});

describe('bootBuiltInScript', () => {
  it('reads the page with its one adapter, and a second copy of the script on the page does not start', async () => {
    const background = fakeBackground();
    openSalesforceRecord();
    await bootBuiltInScript(salesforce);
    await bootBuiltInScript(salesforce);
    await sleep(150);
    expect(background.crmsRead()).toEqual(['salesforce']);
    expect(background.keysSent()).toEqual([expect.stringMatching(/^salesforce:acme\.lightning\.force\.com:/)]);
  });
});

describe('the custom CRMs\' script beside a built-in CRM\'s script', () => {
  it('started first, drops the built-in\'s page once the built-in script claims it, and the built-in reads it', async () => {
    await fakeBrowser.storage.local.set({ [CUSTOM_CRMS_KEY]: [OVER_SALESFORCE] });
    const background = fakeBackground();
    openSalesforceRecord();
    await bootCustomCrmScript();
    await sleep(100);
    // Alone on the page, the custom script reads it with the mapping.
    expect(background.crmsRead()).toEqual(['generic']);
    await bootBuiltInScript(salesforce);
    await sleep(150);
    expect(background.crmsRead()).toEqual(['generic', 'salesforce']);
    expect(document.querySelectorAll('[data-deal-hygiene="chip"]')).toHaveLength(1);
    // The custom script no longer reads the page: a change the mapping would see (the title) sends nothing under its key.
    const genericSends = background.sendsFor('generic:');
    for (const title of Array.from(document.querySelectorAll('h1 lightning-formatted-text'))) title.textContent = 'Acme Corp - 800 Seats';
    await sleep(150);
    expect(background.sendsFor('generic:')).toBe(genericSends);
  });

  it('started second, leaves the page to the built-in script from the start', async () => {
    await fakeBrowser.storage.local.set({ [CUSTOM_CRMS_KEY]: [OVER_SALESFORCE] });
    const background = fakeBackground();
    openSalesforceRecord();
    await bootBuiltInScript(salesforce);
    await bootCustomCrmScript();
    await sleep(150);
    expect(background.crmsRead()).toEqual(['salesforce']);
    expect(background.keysSent().every((key) => key.startsWith('salesforce:'))).toBe(true);
  });

  it('reads on with the new mappings when the user edits them', async () => {
    const background = fakeBackground();
    openSalesforceRecord();
    await bootCustomCrmScript();
    await sleep(60);
    expect(background.crmsRead()).toEqual([]); // no mapping yet
    await fakeBrowser.storage.local.set({ [CUSTOM_CRMS_KEY]: [OVER_SALESFORCE] });
    await sleep(100);
    expect(background.crmsRead()).toEqual(['generic']);
    expect(background.keysSent()).toEqual([expect.stringMatching(/^generic:sf-projects:acme\.lightning\.force\.com:/)]);
  });
});

describe('pageLoaded: the first read waits for the page to load', () => {
  /** A window whose load event and timers the test drives. */
  function fakeWindow() {
    const listeners = new Set<() => void>();
    const timers = new Map<number, () => void>();
    let next = 1;
    return {
      addEventListener: (type: string, listener: () => void) => type === 'load' && listeners.add(listener),
      removeEventListener: (type: string, listener: () => void) => type === 'load' && listeners.delete(listener),
      setTimeout: (callback: () => void) => {
        timers.set(next, callback);
        return next++;
      },
      clearTimeout: (id: number) => void timers.delete(id),
      fireLoad: () => [...listeners].forEach((listener) => listener()),
      runTimers: () => [...timers].forEach(([id, callback]) => (timers.delete(id), callback())),
      listeners,
      timers,
    };
  }
  const settled = async (promise: Promise<void>) => {
    let done = false;
    void promise.then(() => (done = true));
    await sleep(0);
    return done;
  };

  it('goes on at once when the page has loaded already', async () => {
    const win = fakeWindow();
    expect(await settled(pageLoaded(win as never, { readyState: 'complete' }))).toBe(true);
    expect(win.listeners.size).toBe(0);
  });

  it('waits for load, then goes on after the load handlers, leaving no listener or timer behind', async () => {
    const win = fakeWindow();
    const waiting = pageLoaded(win as never, { readyState: 'interactive' });
    expect(await settled(waiting)).toBe(false);
    win.fireLoad();
    expect(win.listeners.size).toBe(0);
    // The cap's timer is gone; what is left is the "after the load handlers" turn.
    expect(win.timers.size).toBe(1);
    expect(await settled(waiting)).toBe(false);
    win.runTimers();
    expect(await settled(waiting)).toBe(true);
  });

  it('goes on after the cap when load never comes (a hanging resource)', async () => {
    const win = fakeWindow();
    const waiting = pageLoaded(win as never, { readyState: 'loading' }, 3000);
    win.runTimers(); // the cap
    win.runTimers(); // the turn after it
    expect(await settled(waiting)).toBe(true);
    expect(win.listeners.size).toBe(0);
  });
});
