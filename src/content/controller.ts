import type { Adapter, PageKind } from '../adapters/types';
import { adapterFor } from '../adapters/pick';
import type { DealSnapshot } from '../model/deal';
import { fingerprint } from '../model/fingerprint';
import type { Verdict } from '../model/verdict';
import { snapshotReplySchema } from '../messaging/content-schemas';
import type { Message } from '../messaging/protocol';
import type { Translate } from '../i18n/translate';
import { createBadgeLayer, isBadgeNode } from '../ui/badges/badges';
import { badgeSpecs, rowBadgeSpecs } from './draw';

export interface ControllerDeps {
  doc: Document;
  currentUrl(): string;
  send(message: Message): Promise<unknown>;
  t: Translate;
  now(): Date;
  /** False once the extension was reloaded or updated: the script must stop, quietly. */
  isValid(): boolean;
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
  log?(message: string): void;
  /** Wait for the page to be quiet this long after a change before reading it (default about one frame). */
  debounceMs?: number;
  /** While the page keeps changing, read no later than this after the first change (default 250 ms). */
  maxWaitMs?: number;
  /** While the old view is still shown after navigating, look again this often (default 200 ms; a change looks sooner). */
  staleRetryMs?: number;
  /** After navigating, how long an unchanged old view is taken as "not rendered yet". */
  renderGraceMs?: number;
  /**
   * When a snapshot got no answer (the service worker stopped before it answered), send it again after these waits,
   * one after another; then wait for the next change. Default: 100 ms, 300 ms, 1 s, 3 s, 10 s, 30 s.
   */
  retryDelaysMs?: readonly number[];
  /**
   * The adapters to pick from, first match wins: a built-in CRM's script passes its own, the custom CRMs' script the
   * user's mappings. Passed in, so a script bundles no other CRM's adapter.
   */
  adapters: readonly Adapter[];
}

interface Current {
  adapter: Adapter;
  url: string;
  kind: PageKind;
  /** The record, or for lists and boards the page (origin and path) the view is. */
  pageId: string;
  navigatedAt: number;
  /**
   * The view on screen when the address changed: the previous page's, even one not read yet (fast navigation); the
   * last view read when the change was noticed late. While the page still shows it, the new record has not rendered,
   * and reading it would file one deal under another.
   */
  staleScope: Element | null;
  sentPrint: string | null;
  /** Snapshot messages sent for this page; only the latest one's answer counts. */
  sends: number;
  /** Snapshots in a row that got no answer: picks the next retry's wait. */
  unanswered: number;
  verdicts: Verdict[];
  scope: Element | null;
}

export interface Controller {
  /**
   * The address may have changed. `asItHappened`: reported during the change itself (the Navigation API's event),
   * so the view on screen is still the previous page's and is taken as stale. Otherwise (a poll, or the controller's
   * own check before a read) the app may show the new view already, and the last view read is taken as stale.
   */
  onLocationChange(asItHappened?: boolean): void;
  stop(): void;
  /** Reads now instead of after the debounce (tests and benchmarks). */
  readNow(): Promise<void>;
}

/**
 * Puts a span of the content script's own work on the page's performance timeline (`deal-hygiene:read`,
 * `deal-hygiene:draw`), which `npm run bench` reads from the page. Cleared at once so nothing piles up in a
 * long-lived tab: an observer registered in the page still receives the entry.
 */
function onTimeline<T>(name: string, work: () => T): T {
  const timeline = globalThis.performance;
  const start = timeline?.now();
  try {
    return work();
  } finally {
    try {
      timeline?.measure(name, { start });
      timeline?.clearMeasures(name);
    } catch {
      // no user-timing support here (tests): nothing to record
    }
  }
}

/** Waits before sending an unanswered snapshot again: short first (a worker restarts in well under a second), bounded. */
export const RETRY_DELAYS_MS: readonly number[] = [100, 300, 1_000, 3_000, 10_000, 30_000];

export function startController(deps: ControllerDeps): Controller {
  const { doc, t } = deps;
  // Short: badges should follow a navigation's fields within a frame or two. Read storms are kept off by the cap (a page
  // that never settles is read every maxWaitMs, not never) and by nextReadFrom (reading takes at most half the time).
  const debounceMs = deps.debounceMs ?? 20;
  const maxWaitMs = deps.maxWaitMs ?? 250;
  const staleRetryMs = deps.staleRetryMs ?? Math.max(debounceMs * 2, 200);
  const renderGraceMs = deps.renderGraceMs ?? 3000;
  const retryDelaysMs = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
  const layer = createBadgeLayer(doc);
  let current: Current | null = null;
  let lastScope: Element | null = null;
  /** The address the controller last looked at; null before the first look (the view then on screen is the page's own). */
  let lastSeenUrl: string | null = null;
  let timer: number | null = null;
  /** When the pending timer was first set: changes keep moving it, up to maxWaitMs from here. */
  let pendingSince = 0;
  /**
   * No read starts before the last one's end plus its duration: a big list can take far longer than the debounce, and
   * reading it again at each burst of changes would keep the main thread busy.
   */
  let nextReadFrom = 0;
  let stopped = false;

  const stopIfInvalid = () => {
    if (deps.isValid()) return false;
    stop();
    return true;
  };

  /**
   * Undefined when nothing answered: the send failed, or the receiving end went away before it answered (the
   * polyfill resolves Chrome's "message port closed before a response was received" with undefined).
   */
  async function send(message: Message): Promise<unknown> {
    try {
      return await deps.send(message);
    } catch (error) {
      if (!stopIfInvalid()) deps.log?.(`message ${message.type} failed: ${error instanceof Error ? error.message : 'error'}`);
      return undefined;
    }
  }

  /**
   * The snapshot got no answer: the worker may have stopped between receiving and answering it, and nothing on the
   * page may change again to send it anew. Read and send again after a growing wait; any read in between (a change)
   * takes its place, since the retry is just a pending read. Not once the extension is gone: that stops the script.
   */
  function retryUnanswered(target: Current) {
    if (stopped || stopIfInvalid()) return;
    const delay = retryDelaysMs[target.unanswered];
    if (delay === undefined) {
      target.unanswered = 0; // the next change starts over
      deps.log?.(`snapshot unanswered after ${retryDelaysMs.length} retries; sending again on the next change`);
      return;
    }
    target.unanswered += 1;
    deps.log?.(`snapshot unanswered; sending again in ${delay} ms`);
    schedule(delay);
  }

  /** The summary chip's click: sent at once, so the background still opens the side panel as the rep's action. */
  const openSidePanel = () => void send({ type: 'cs-bg:open-side-panel' });

  function schedule(delay = debounceMs) {
    if (stopped) return;
    const now = Date.now();
    let wait = delay;
    if (timer === null) pendingSince = now;
    else {
      deps.clearTimeout(timer);
      // Each change moves the read, but not past the cap: a page that never settles is still read.
      wait = Math.min(delay, Math.max(0, pendingSince + maxWaitMs - now));
    }
    wait = Math.max(wait, nextReadFrom - now);
    timer = deps.setTimeout(() => {
      timer = null;
      void readNow().finally(pollAgain);
    }, wait);
  }

  /**
   * Adapters that read form controls (rereadEveryMs) also read on a timer: setting `.value` fires no mutation.
   * Not while the tab is in the background: it is read again when shown.
   */
  function pollAgain() {
    const every = current?.adapter.rereadEveryMs;
    if (every && timer === null && doc.visibilityState !== 'hidden') schedule(every);
  }

  function draw(target: Current) {
    onTimeline('deal-hygiene:draw', () => {
      if (target.kind === 'record') {
        const [verdict] = target.verdicts;
        if (verdict) layer.render(badgeSpecs(doc, target.adapter, target.scope, verdict, t, openSidePanel));
        else layer.clear();
        return;
      }
      layer.render(rowBadgeSpecs(doc, target.adapter, target.scope, target.verdicts, t));
    });
  }

  async function readNow(): Promise<void> {
    if (stopped || stopIfInvalid() || !current) return;
    // The page may have navigated before wxt:locationchange (which polls) noticed: a new record's view must never
    // be read under the previous record's URL, or its fields would be stored as the old deal's history.
    if (deps.currentUrl() !== current.url) {
      onLocationChange();
      if (!current) return;
    }
    const target = current;
    const readStart = Date.now();
    const result = onTimeline('deal-hygiene:read', () => target.adapter.read(doc, new URL(target.url), { now: deps.now() }));
    const readEnd = Date.now();
    nextReadFrom = readEnd + (readEnd - readStart);
    if (result.scope && result.scope === target.staleScope && Date.now() - target.navigatedAt < renderGraceMs) {
      schedule(staleRetryMs); // the app has not swapped in the new record's view yet; its arrival is a change, read at once
      return;
    }
    // A record page reads one deal; a list or board one per visible row or card (a virtualised view renders few).
    const snapshots: DealSnapshot[] = target.kind === 'record' ? result.snapshots.slice(0, 1) : result.snapshots;
    if (target.kind === 'record' && !snapshots.length) return;
    target.scope = result.scope;
    lastScope = result.scope;
    const print = onTimeline('deal-hygiene:read', () => `${result.total ?? ''}|${snapshots.map((snapshot) => `${snapshot.key}=${fingerprint(snapshot.fields)}`).join('\n')}`);
    if (print === target.sentPrint) {
      if (!layer.intact()) draw(target);
      return;
    }
    target.sentPrint = print;
    const sent = ++target.sends;
    const answer = await send({ type: 'cs-bg:snapshot', url: target.url, pageKind: target.kind === 'record' ? 'record' : (result.kind ?? target.kind), snapshots, ...(result.total === undefined ? {} : { total: result.total }) });
    // Navigated away meanwhile, or a later read sent a newer snapshot: that one's answer is the one to draw.
    if (current !== target || stopped || sent !== target.sends) return;
    if (answer === undefined) {
      target.sentPrint = null;
      retryUnanswered(target);
      return;
    }
    const reply = onTimeline('deal-hygiene:draw', () => snapshotReplySchema.safeParse(answer));
    if (!reply.success) {
      // The background answered, with an error: sending the same again would get the same answer.
      target.sentPrint = null; // try again on the next change
      const error = (answer as { error?: unknown } | null)?.error;
      deps.log?.(`snapshot refused: ${typeof error === 'string' ? error : 'unexpected answer'}`);
      return;
    }
    target.unanswered = 0;
    target.verdicts = reply.data.verdicts;
    draw(target);
  }

  /**
   * The view the page shows right now, as the adapter would pick it for `url`. Taken when the address changes: it is
   * still the previous page's view (the app renders the new one after changing the address).
   */
  function viewOnScreen(adapter: Adapter, url: URL): Element | null {
    try {
      return onTimeline('deal-hygiene:read', () => adapter.read(doc, url, { now: deps.now() }).scope);
    } catch {
      return lastScope;
    }
  }

  function onLocationChange(asItHappened = false) {
    if (stopped || stopIfInvalid()) return;
    const url = deps.currentUrl();
    const firstLook = lastSeenUrl === null;
    const moved = url !== lastSeenUrl;
    lastSeenUrl = url;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    const match = adapterFor(parsed, deps.adapters);
    if (!match || (match.detection.kind === 'record' && !match.detection.recordId)) {
      if (current) {
        current = null;
        layer.clear();
        void send({ type: 'cs-bg:page-left', url });
      }
      return;
    }
    const pageId = match.detection.recordId ?? `${parsed.origin}${parsed.pathname}`;
    if (current && current.adapter === match.adapter && current.kind === match.detection.kind && current.pageId === pageId) {
      current.url = url; // same record or view, another URL (Lightning adds and drops query parameters)
      return;
    }
    // On the first look, the view on screen is this page's own (the script starts on a loaded page). Seen as it
    // happened, it is what the page showed before the address changed: the previous deal's, even one never read (fast
    // navigation), whose fields must not be filed under this deal. Seen late, the app may have rendered this deal
    // already: the last view read is then the best known old one.
    const staleScope = firstLook ? null : moved && asItHappened ? viewOnScreen(match.adapter, parsed) : lastScope;
    layer.clear();
    nextReadFrom = 0; // another page: read it at once
    current = {
      adapter: match.adapter,
      url,
      kind: match.detection.kind,
      pageId,
      navigatedAt: Date.now(),
      staleScope,
      sentPrint: null,
      sends: 0,
      unanswered: 0,
      verdicts: [],
      scope: null,
    };
    void send({ type: 'cs-bg:reading', url, crm: match.adapter.id });
    schedule(0);
  }

  const observer = new MutationObserver((records) => {
    if (!current) return;
    const ours = records.every(
      (record) =>
        isBadgeNode(record.target) ||
        (record.type === 'childList' && [...record.addedNodes, ...record.removedNodes].every(isBadgeNode) && record.addedNodes.length + record.removedNodes.length > 0),
    );
    // Our own badges coming and going are no reason to read, unless someone else removed ours (an old copy of the
    // script clearing up after an update): then they are drawn again.
    if (!ours || !layer.intact()) schedule();
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  // A value the user changed in a form control is no mutation either; nor is a tab coming back into view.
  const onControlChange = () => current && schedule();
  const onVisible = () => current && doc.visibilityState === 'visible' && schedule();
  doc.addEventListener('change', onControlChange, true);
  doc.addEventListener('visibilitychange', onVisible);

  function stop() {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    doc.removeEventListener('change', onControlChange, true);
    doc.removeEventListener('visibilitychange', onVisible);
    if (timer !== null) deps.clearTimeout(timer);
    layer.clear();
    current = null;
  }

  onLocationChange();
  return { onLocationChange, stop, readNow };
}
