import { afterEach, describe, expect, it, vi } from 'vitest';
import { startController, type Controller } from '../../../src/content/controller';
import { adapters as builtInAdapters } from '../../../src/adapters';
import type { Adapter } from '../../../src/adapters/types';
import { runRules } from '../../../src/engine/run';
import { defaultSettings } from '../../../src/model/settings';
import type { Message } from '../../../src/messaging/protocol';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import { BADGE_HOST_ATTRIBUTE } from '../../../src/ui/badges/badges';
import en from '../../../public/_locales/en/messages.json';
import { deepQueryAll } from '../../../src/read/dom';
import { loadFixture, parsePage, showPage } from '../../helpers/fixtures';

const t = createTranslator(lookupFromFile(en), 'en');
const NOW = new Date('2026-11-27T09:00:00Z');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stand-in background that answers like the real one, with the real engine. */
function fakeBackground() {
  const sent: Message[] = [];
  return {
    sent,
    async send(message: Message) {
      sent.push(message);
      if (message.type !== 'cs-bg:snapshot') return { ok: true };
      return {
        ok: true,
        verdicts: message.snapshots.map((snapshot) => runRules({ snapshot, settings: defaultSettings(), now: NOW, timeZone: 'UTC' }).verdict),
      };
    },
  };
}

function badgeTexts(): string[] {
  // Badges may sit inside the page's shadow roots, next to a field rendered there.
  return deepQueryAll(document, `[${BADGE_HOST_ATTRIBUTE}]`).map((host) => host.shadowRoot?.querySelector('.text')?.textContent ?? '');
}

let controller: Controller | null = null;
afterEach(() => {
  controller?.stop();
  controller = null;
});

function start(url: string, background = fakeBackground(), valid = () => true, adapters: readonly Adapter[] = builtInAdapters, renderGraceMs = 50) {
  let currentUrl = url;
  controller = startController({
    adapters,
    doc: document,
    currentUrl: () => currentUrl,
    send: background.send,
    t,
    now: () => NOW,
    isValid: valid,
    setTimeout: (cb, ms) => window.setTimeout(cb, ms) as unknown as number,
    clearTimeout: (id) => window.clearTimeout(id),
    debounceMs: 5,
    renderGraceMs,
  });
  return {
    background,
    navigate(next: string) {
      currentUrl = next;
      controller!.onLocationChange();
    },
    /** The address changes; `asItHappened` as the location watch reports it. */
    go(next: string, asItHappened: boolean) {
      currentUrl = next;
      controller!.onLocationChange(asItHappened);
    },
  };
}

describe('content script controller', () => {
  it('reads the record, sends one snapshot and draws badges at the fields and a chip at the title', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const { background } = start(fixture.sidecar.url);
    await sleep(60);
    expect(background.sent.map((m) => m.type)).toEqual(['cs-bg:reading', 'cs-bg:snapshot']);
    const texts = badgeTexts();
    expect(texts).toContain('Close date passed 12 days ago');
    expect(texts).toContain('No next step');
    expect(texts.some((text) => /^Not updated for 28 days/.test(text))).toBe(true);
    expect(texts.some((text) => /^Hygiene \d+$/.test(text))).toBe(true);
    // The close-date badge sits next to the Close Date label in the active view.
    const closeDateItem = document.querySelector('.active [data-target-selection-name="sfdc:RecordField.Opportunity.CloseDate"]:not(records-highlights-details-item)');
    expect(closeDateItem?.querySelector(`[${BADGE_HOST_ATTRIBUTE}]`)).not.toBeNull();
  });

  it('does not re-send or re-draw for its own badges, and re-sends when the page changes', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const { background } = start(fixture.sidecar.url);
    await sleep(60);
    const count = background.sent.length;
    await sleep(40);
    expect(background.sent.length).toBe(count);
    const closeDate = document.querySelector('.active records-record-layout-item[data-target-selection-name$="CloseDate"] lightning-formatted-text')!;
    closeDate.textContent = '12/31/2026';
    await sleep(60);
    expect(background.sent.length).toBe(count + 1);
    expect(badgeTexts()).not.toContain('Close date passed 12 days ago');
  });

  it('draws again when the page re-renders away its badges', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    start(fixture.sidecar.url);
    await sleep(60);
    const label = document.querySelector('.active records-record-layout-item[data-target-selection-name$="CloseDate"] .test-id__field-label-container')!;
    label.replaceWith(label.cloneNode(false));
    await sleep(60);
    expect(badgeTexts()).toContain('Close date passed 12 days ago');
  });

  it('removes badges and tells the background when leaving the record', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const { background, navigate } = start(fixture.sidecar.url);
    await sleep(60);
    expect(badgeTexts().length).toBeGreaterThan(0);
    navigate('https://acme.lightning.force.com/lightning/page/home');
    expect(badgeTexts()).toEqual([]);
    expect(background.sent.at(-1)?.type).toBe('cs-bg:page-left');
  });

  it('waits for the new record to render after single-page navigation instead of reading the old view', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    const next = loadFixture('salesforce', 'record-layout-en-globex');
    showPage(fixture.html);
    // A long grace period: on a loaded machine a short one could run out before the test swaps the view in.
    const { background, navigate } = start(fixture.sidecar.url, undefined, undefined, undefined, 5_000);
    await vi.waitFor(() => expect(background.sent.filter((m) => m.type === 'cs-bg:snapshot')).toHaveLength(1));
    navigate(next.sidecar.url);
    await sleep(20);
    // The old view is still the active one: nothing was sent for the new URL yet.
    expect(background.sent.filter((m) => m.type === 'cs-bg:snapshot')).toHaveLength(1);
    const nextView = new DOMParser().parseFromString(next.html, 'text/html').querySelector('.windowViewMode-normal.active')!;
    const current = document.querySelector('.windowViewMode-normal.active') as HTMLElement;
    current.classList.remove('active');
    current.style.display = 'none';
    current.parentElement!.append(document.importNode(nextView, true));
    const snapshotsSent = () => background.sent.filter((m): m is Extract<Message, { type: 'cs-bg:snapshot' }> => m.type === 'cs-bg:snapshot');
    await vi.waitFor(() => expect(snapshotsSent()).toHaveLength(2));
    await vi.waitFor(() => expect(badgeTexts().some((text) => text.startsWith('Not updated for 11 days'))).toBe(true));
    const snapshots = snapshotsSent();
    expect(snapshots[1]!.snapshots[0]!.fields.name).toMatchObject({ value: 'Globex - Renewal 2027' });
    expect(badgeTexts()).not.toContain('Close date passed 12 days ago');
    expect(badgeTexts().some((text) => text.startsWith('Not updated for 11 days'))).toBe(true);
  });

  it('never reads a new record under the old URL when the view changes before the location event', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    const next = loadFixture('salesforce', 'record-layout-en-globex');
    showPage(fixture.html);
    let url = fixture.sidecar.url;
    const background = fakeBackground();
    controller = startController({
      adapters: builtInAdapters,
      doc: document,
      currentUrl: () => url,
      send: background.send,
      t,
      now: () => NOW,
      isValid: () => true,
      setTimeout: (cb, ms) => window.setTimeout(cb, ms) as unknown as number,
      clearTimeout: (id) => window.clearTimeout(id),
      debounceMs: 5,
      renderGraceMs: 50,
    });
    await sleep(60);
    // Lightning: pushState, then the new view; wxt:locationchange only polls, so no location event has fired yet.
    url = next.sidecar.url;
    const nextView = new DOMParser().parseFromString(next.html, 'text/html').querySelector('.windowViewMode-normal.active')!;
    const old = document.querySelector('.windowViewMode-normal.active') as HTMLElement;
    old.classList.remove('active');
    old.style.display = 'none';
    old.parentElement!.append(document.importNode(nextView, true));
    await sleep(80);
    const snapshots = background.sent.flatMap((m) => (m.type === 'cs-bg:snapshot' ? m.snapshots : []));
    for (const snapshot of snapshots) {
      const name = snapshot.fields.name.state === 'value' ? snapshot.fields.name.value : '';
      expect(`${name} ${snapshot.key}`).toMatch(name.startsWith('Globex') ? /Globx$/ : /AcmeQ$/);
    }
    expect(snapshots.at(-1)?.key).toBe(next.sidecar.snapshots[0]!.key);
  });

  it('stops quietly, removing its badges, when the extension context is gone', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    let valid = true;
    const background = fakeBackground();
    const failing = {
      sent: background.sent,
      async send(message: Message) {
        if (!valid) throw new Error('Extension context invalidated.');
        return background.send(message);
      },
    };
    start(fixture.sidecar.url, failing, () => valid);
    await sleep(60);
    expect(badgeTexts().length).toBeGreaterThan(0);
    valid = false;
    document.querySelector('.active h1')!.append(document.createTextNode(' (edited)'));
    await sleep(60);
    expect(badgeTexts()).toEqual([]);
    const sentBefore = background.sent.length;
    document.querySelector('.active h1')!.append(document.createTextNode('!'));
    await sleep(40);
    expect(background.sent.length).toBe(sentBefore);
  });

  it('ignores pages that are not deal records', async () => {
    showPage('<html><body><p>Home</p></body></html>');
    const { background } = start('https://acme.lightning.force.com/lightning/page/home');
    await sleep(30);
    expect(background.sent).toEqual([]);
  });
});

describe('content script controller on lists and boards', () => {
  it('sends every visible row with the view total and draws a compact badge per row: count and worst severity, or a check', async () => {
    const { adapters } = await import('../../../src/adapters');
    const salesforce = adapters.find((adapter) => adapter.id === 'salesforce')!;
    // A tiny list page: the adapter contract is what matters here, so a stand-in adapter reads it.
    const rows = [
      { id: '0065g00000Row01', name: 'Needs work', next: '' },
      { id: '0065g00000Row02', name: 'Clean deal', next: 'Demo on Friday' },
    ];
    showPage(
      `<html lang="en-US"><body><table>${rows.map((row) => `<tr data-row="${row.id}"><th class="name">${row.name}</th><td>${row.next}</td></tr>`).join('')}</table><p class="count">2 of 40 items</p></body></html>`,
    );
    const listAdapter: Adapter = {
      ...salesforce,
      detect: (url: URL) => (url.pathname.endsWith('/list') ? { kind: 'list' as const, recordId: null } : null),
      read: (doc: Document, url: URL, { now }: { now: Date }) => {
        const base = loadFixtureSnapshot();
        return {
          scope: doc.body,
          total: 40,
          snapshots: rows.map((row) => ({
            ...base,
            key: `salesforce:${url.hostname}:${row.id}`,
            url: url.href,
            capturedAt: now.toISOString(),
            fields: {
              ...base.fields,
              lastModifiedDate: { state: 'value' as const, value: '2026-11-26', raw: '' },
              name: { state: 'value' as const, value: row.name, raw: row.name },
              nextStep: row.next ? { state: 'value' as const, value: { text: row.next, date: null }, raw: row.next } : { state: 'empty' as const, raw: '' } },
          })),
        };
      },
      rowAnchor: (doc: Document, _scope: Element | null, key: string) => doc.querySelector(`tr[data-row="${key.split(':').pop()}"] th.name`),
    };
    {
      const { background } = start('https://acme.lightning.force.com/lightning/o/Opportunity/list', fakeBackground(), () => true, [listAdapter]);
      await sleep(60);
      const sent = background.sent.find((m): m is Extract<Message, { type: 'cs-bg:snapshot' }> => m.type === 'cs-bg:snapshot')!;
      expect(sent.pageKind).toBe('list');
      expect(sent.total).toBe(40);
      expect(sent.snapshots.map((s) => s.key.split(':').pop())).toEqual(['0065g00000Row01', '0065g00000Row02']);
      const needsWork = document.querySelector('tr[data-row="0065g00000Row01"] [data-deal-hygiene="row"]');
      const clean = document.querySelector('tr[data-row="0065g00000Row02"] [data-deal-hygiene="row"]');
      const badge = needsWork!.shadowRoot!.querySelector('.badge')!;
      expect(Number(badge.querySelector('.text')!.textContent)).toBeGreaterThan(0);
      expect(badge.getAttribute('aria-label')).toMatch(/finding/);
      expect((badge as HTMLElement).title).toMatch(/No next step/);
      expect(clean!.shadowRoot!.querySelector('.text')!.textContent).toBe('✓');
    }
  });

  it('puts its reading and drawing on the page\'s performance timeline for the benchmark, and leaves nothing behind', async () => {
    const spy = vi.spyOn(performance, 'measure');
    try {
      const fixture = loadFixture('salesforce', 'record-layout-en');
      showPage(fixture.html);
      start(fixture.sidecar.url);
      await sleep(60);
      expect(badgeTexts()).toContain('No next step');
      const names = spy.mock.calls.map(([name]) => name);
      expect(names).toContain('deal-hygiene:read');
      expect(names).toContain('deal-hygiene:draw');
      expect(names.every((name) => name === 'deal-hygiene:read' || name === 'deal-hygiene:draw')).toBe(true);
      // Cleared at once: a tab open all day does not collect entries.
      expect(performance.getEntriesByName('deal-hygiene:read')).toEqual([]);
      expect(performance.getEntriesByName('deal-hygiene:draw')).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});

function loadFixtureSnapshot() {
  // A healthy deal from the Globex fixture's sidecar, as a base for list rows.
  const sidecar = loadFixture('salesforce', 'record-layout-en-globex').sidecar;
  const fields = Object.fromEntries(
    Object.entries(sidecar.snapshots[0]!.fields).map(([name, field]) => [
      name,
      field.state === 'value' ? { state: 'value', value: field.value, raw: '' } : field.state === 'empty' ? { state: 'empty', raw: '' } : { state: 'unknown', reason: 'not in the list', code: 'not_on_page' },
    ]),
  );
  return { key: sidecar.snapshots[0]!.key, crm: 'salesforce' as const, url: sidecar.url, capturedAt: sidecar.now, source: 'page' as const, fields } as unknown as import('../../../src/model/deal').DealSnapshot;
}

describe('content script controller: when it reads after the page changes', () => {
  const LIST_URL = 'https://acme.lightning.force.com/lightning/o/Opportunity/list';
  afterEach(() => vi.useRealTimers());

  /** A controller on its default waits, with timers run by hand and a clock moved by hand; `readCostMs` is how long a read "takes". */
  async function startByHand(readCostMs = 0) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    showPage('<html lang="en-US"><body><main><p>first row</p></main></body></html>');
    const { adapters } = await import('../../../src/adapters');
    const salesforce = adapters.find((adapter) => adapter.id === 'salesforce')!;
    let reads = 0;
    const countingAdapter: Adapter = {
      ...salesforce,
      detect: () => ({ kind: 'list' as const, recordId: null }),
      read: (doc: Document) => {
        reads++;
        vi.setSystemTime(Date.now() + readCostMs);
        return { scope: doc.body, snapshots: [], total: reads }; // a new total each time: every read is sent
      },
      rowAnchor: () => null,
    };
    const timers = new Map<number, { run: () => void; due: number }>();
    let armed = 0;
    controller = startController({
      adapters: [countingAdapter],
      doc: document,
      currentUrl: () => LIST_URL,
      send: fakeBackground().send,
      t,
      now: () => NOW,
      isValid: () => true,
      setTimeout: (run, ms) => {
        armed++;
        timers.set(armed, { run, due: Date.now() + ms });
        return armed;
      },
      clearTimeout: (id) => void timers.delete(id),
    });
    const hand = {
      reads: () => reads,
      /** When the pending read will run, in ms from now. */
      pendingIn: () => {
        expect(timers.size).toBe(1);
        return [...timers.values()][0]!.due - Date.now();
      },
      async advance(ms: number) {
        vi.setSystemTime(Date.now() + ms);
        for (const [id, timer] of [...timers]) {
          if (timer.due > Date.now()) continue;
          timers.delete(id);
          timer.run();
        }
        await sleep(0);
      },
      /** The page changes; resolves once the controller has (re)armed its timer for it. */
      async change() {
        const before = armed;
        document.querySelector('main')!.append(document.createElement('p'));
        // Polled by hand: vi.waitFor would move the faked clock.
        for (let tries = 0; armed === before && tries < 100; tries++) await sleep(1);
        expect(armed).toBeGreaterThan(before);
      },
    };
    await hand.advance(0); // the first read, at once
    expect(reads).toBe(1);
    return hand;
  }

  it('reads a change within about a frame of the page settling, not 200 ms later', async () => {
    const hand = await startByHand();
    await hand.advance(500);
    await hand.change();
    expect(hand.pendingIn()).toBeLessThanOrEqual(20);
    await hand.advance(20);
    expect(hand.reads()).toBe(2);
  });

  it('reads a page that never settles at most every 250 ms: neither never nor at every change', async () => {
    const hand = await startByHand();
    await hand.advance(500);
    // A change every 10 ms for 600 ms: each one moves the read, but never past 250 ms after the first.
    for (let elapsed = 0; elapsed < 600; elapsed += 10) {
      await hand.change();
      expect(hand.pendingIn()).toBeLessThanOrEqual(20);
      await hand.advance(10);
    }
    expect(hand.reads()).toBe(1 + 2); // at 250 and 500 ms into the storm
    // Quiet again: one more read for the last changes.
    await hand.advance(20);
    expect(hand.reads()).toBe(4);
  });

  it('does not read again sooner than the last read took (a big list), so reading never fills the main thread', async () => {
    const hand = await startByHand(1_000);
    await hand.change();
    expect(hand.pendingIn()).toBe(1_000);
    await hand.advance(999);
    expect(hand.reads()).toBe(1);
    await hand.advance(1);
    expect(hand.reads()).toBe(2);
  });
});

describe('content script controller: a snapshot that gets no answer', () => {
  type SnapshotMessage = Extract<Message, { type: 'cs-bg:snapshot' }>;

  /** A background whose answers to snapshots come from `answers` in turn (then the real engine's). */
  function flakyBackground(answers: ('no-answer' | 'reject' | 'answer')[]) {
    const real = fakeBackground();
    const snapshots: SnapshotMessage[] = [];
    return {
      sent: real.sent,
      snapshots,
      async send(message: Message) {
        if (message.type !== 'cs-bg:snapshot') return real.send(message);
        snapshots.push(message);
        const answer = answers.shift() ?? 'answer';
        // What the polyfill does when the worker stopped before answering: resolves with nothing.
        if (answer === 'no-answer') return undefined;
        if (answer === 'reject') throw new Error('Could not establish connection. Receiving end does not exist.');
        return real.send(message);
      },
    };
  }

  function startWith(url: string, background: { send(message: Message): Promise<unknown> }, options: { retryDelaysMs: number[]; valid?: () => boolean; log?: (line: string) => void }) {
    controller = startController({
      adapters: builtInAdapters,
      doc: document,
      currentUrl: () => url,
      send: background.send,
      t,
      now: () => NOW,
      isValid: options.valid ?? (() => true),
      setTimeout: (cb, ms) => window.setTimeout(cb, ms) as unknown as number,
      clearTimeout: (id) => window.clearTimeout(id),
      debounceMs: 5,
      retryDelaysMs: options.retryDelaysMs,
      ...(options.log ? { log: options.log } : {}),
    });
  }

  const closeDateOf = (message: SnapshotMessage) => {
    const field = message.snapshots[0]!.fields.closeDate;
    return field.state === 'value' ? field.value : null;
  };

  it('sends it again, without any change on the page, after the worker stopped mid-message (no answer, then a failure)', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const background = flakyBackground(['no-answer', 'reject']);
    const log = vi.fn();
    startWith(fixture.sidecar.url, background, { retryDelaysMs: [20, 40], log });
    await vi.waitFor(() => expect(badgeTexts()).toContain('Close date passed 12 days ago'));
    expect(background.snapshots).toHaveLength(3);
    // The same snapshot each time: what the page shows.
    expect(new Set(background.snapshots.map(closeDateOf))).toEqual(new Set(['2026-11-15']));
    expect(log.mock.calls.map(([line]) => line)).toEqual([
      'snapshot unanswered; sending again in 20 ms',
      'message cs-bg:snapshot failed: Could not establish connection. Receiving end does not exist.',
      'snapshot unanswered; sending again in 40 ms',
    ]);
  });

  it('waits longer before each retry, and gives up after the last one until the page changes', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const background = flakyBackground(['no-answer', 'no-answer', 'no-answer', 'no-answer']);
    const log = vi.fn();
    const started = Date.now();
    startWith(fixture.sidecar.url, background, { retryDelaysMs: [30, 90, 150], log });
    await vi.waitFor(() => expect(background.snapshots).toHaveLength(4), { timeout: 2_000 });
    // Three retries after 30, 90 and 150 ms: at least 270 ms in all.
    expect(Date.now() - started).toBeGreaterThanOrEqual(260);
    await sleep(300);
    expect(background.snapshots).toHaveLength(4);
    expect(badgeTexts()).toEqual([]);
    expect(log).toHaveBeenLastCalledWith('snapshot unanswered after 3 retries; sending again on the next change');
    // A change sends again, and this time the answer comes.
    document.querySelector('.active h1')!.append(document.createTextNode(' (edited)'));
    await vi.waitFor(() => expect(badgeTexts()).toContain('Close date passed 12 days ago'));
    expect(background.snapshots).toHaveLength(5);
  });

  it('a newer read takes the place of a pending retry: the newest view is sent, once', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const background = flakyBackground(['no-answer']);
    startWith(fixture.sidecar.url, background, { retryDelaysMs: [400] });
    await vi.waitFor(() => expect(background.snapshots).toHaveLength(1));
    const closeDate = document.querySelector('.active records-record-layout-item[data-target-selection-name$="CloseDate"] lightning-formatted-text')!;
    closeDate.textContent = '12/31/2026';
    await vi.waitFor(() => expect(background.snapshots).toHaveLength(2));
    expect(closeDateOf(background.snapshots[1]!)).toBe('2026-12-31');
    await vi.waitFor(() => expect(badgeTexts().some((text) => text.startsWith('Hygiene'))).toBe(true));
    // The retry's time passes: nothing more is sent (the newer read already got its answer).
    await sleep(500);
    expect(background.snapshots).toHaveLength(2);
    expect(badgeTexts()).not.toContain('Close date passed 12 days ago');
  });

  it('stops, without retrying or logging in a loop, once the extension context is gone', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    let valid = true;
    const background = flakyBackground([]);
    const log = vi.fn();
    const sending = {
      async send(message: Message) {
        if (!valid) throw new Error('Extension context invalidated.');
        return background.send(message);
      },
    };
    startWith(fixture.sidecar.url, sending, { retryDelaysMs: [10, 10, 10, 10], valid: () => valid, log });
    await vi.waitFor(() => expect(badgeTexts().length).toBeGreaterThan(0));
    const sentBefore = background.snapshots.length;
    valid = false;
    document.querySelector('.active h1')!.append(document.createTextNode(' (edited)'));
    await sleep(150);
    expect(badgeTexts()).toEqual([]);
    expect(background.snapshots).toHaveLength(sentBefore);
    expect(log).not.toHaveBeenCalled();
  });

  it('draws the answer to the latest snapshot, not a late answer to an earlier one', async () => {
    const fixture = loadFixture('salesforce', 'record-layout-en');
    showPage(fixture.html);
    const real = fakeBackground();
    let releaseFirst: () => void = () => undefined;
    let snapshotCount = 0;
    const slowFirst = {
      async send(message: Message) {
        if (message.type === 'cs-bg:snapshot' && ++snapshotCount === 1) {
          // The first answer (close date passed) arrives after the second one.
          await new Promise<void>((resolve) => (releaseFirst = resolve));
        }
        return real.send(message);
      },
    };
    startWith(fixture.sidecar.url, slowFirst, { retryDelaysMs: [] });
    await vi.waitFor(() => expect(snapshotCount).toBe(1));
    const closeDate = document.querySelector('.active records-record-layout-item[data-target-selection-name$="CloseDate"] lightning-formatted-text')!;
    closeDate.textContent = '12/31/2026';
    await vi.waitFor(() => expect(badgeTexts().some((text) => text.startsWith('Hygiene'))).toBe(true));
    releaseFirst();
    await sleep(50);
    expect(badgeTexts()).not.toContain('Close date passed 12 days ago');
  });
});

describe('content script controller: fast navigation between records', () => {
  /** A third record made from the Acme page: another name and id, the same layout. */
  function initechView(): Element {
    const acme = loadFixture('salesforce', 'record-layout-en');
    const html = acme.html.replaceAll('Acme Corp - 500 Seats', 'Initech - 90 Seats');
    return parsePage(html).querySelector('.windowViewMode-normal.active')!;
  }
  const INITECH_URL = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000Init1AAA/view';

  function showView(view: Element) {
    const old = document.querySelector('.windowViewMode-normal.active') as HTMLElement;
    old.classList.remove('active');
    old.style.display = 'none';
    old.parentElement!.append(document.importNode(view, true));
  }

  it('takes the view on screen when the address changes as the stale one, even a view it never read', async () => {
    const acme = loadFixture('salesforce', 'record-layout-en');
    const globex = loadFixture('salesforce', 'record-layout-en-globex');
    showPage(acme.html);
    const background = fakeBackground();
    // A long grace period: the stale view must hold for the whole test.
    const { go } = start(acme.sidecar.url, background, undefined, undefined, 10_000);
    await vi.waitFor(() => expect(background.sent.filter((m) => m.type === 'cs-bg:snapshot')).toHaveLength(1));
    // Globex's address and view, then Initech's address, all before the controller had a moment to read Globex; each
    // address change reported as it happened (the Navigation API's event, inside history.pushState).
    go(globex.sidecar.url, true);
    showView(parsePage(globex.html).querySelector('.windowViewMode-normal.active')!);
    go(INITECH_URL, true);
    await sleep(120);
    const snapshots = () => background.sent.flatMap((m) => (m.type === 'cs-bg:snapshot' ? m.snapshots : []));
    // Globex's view, still on screen, was not read as Initech (the last view read, Acme's, is not what is shown).
    expect(snapshots()).toHaveLength(1);
    showView(initechView());
    await vi.waitFor(() => expect(snapshots()).toHaveLength(2));
    const initech = snapshots()[1]!;
    expect(initech.key).toBe('salesforce:acme.lightning.force.com:0065g00000Init1');
    expect(initech.fields.name).toMatchObject({ value: 'Initech - 90 Seats' });
    await vi.waitFor(() => expect(badgeTexts().some((text) => text.startsWith('Hygiene'))).toBe(true));
    expect(badgeTexts()).not.toContain(expect.stringMatching(/^Not updated for 11 days/)); // Globex's
  });

  it('reads the page it starts on at once: the view on screen then is its own', async () => {
    const acme = loadFixture('salesforce', 'record-layout-en');
    showPage(acme.html);
    const background = fakeBackground();
    start(acme.sidecar.url, background, undefined, undefined, 10_000);
    await sleep(60);
    expect(background.sent.filter((m) => m.type === 'cs-bg:snapshot')).toHaveLength(1);
  });
});
