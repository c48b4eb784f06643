import type { Adapter, PageKind } from '../adapters/types';
import { adapterFor } from '../adapters';
import type { DealSnapshot } from '../model/deal';
import { fingerprint } from '../model/fingerprint';
import type { Verdict } from '../model/verdict';
import { snapshotReplySchema, type Message } from '../messaging/protocol';
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
  /** The adapters to pick from; default: every registered one. */
  adapters?: readonly Adapter[];
}

interface Current {
  adapter: Adapter;
  url: string;
  kind: PageKind;
  /** The record, or for lists and boards the page (origin and path) the view is. */
  pageId: string;
  navigatedAt: number;
  /** The view the previous record was read from; while it is still what the page shows, the new record has not rendered. */
  staleScope: Element | null;
  sentPrint: string | null;
  verdicts: Verdict[];
  scope: Element | null;
}

export interface Controller {
  onLocationChange(): void;
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

export function startController(deps: ControllerDeps): Controller {
  const { doc, t } = deps;
  // Short: badges should follow a navigation's fields within a frame or two. Read storms are kept off by the cap (a page
  // that never settles is read every maxWaitMs, not never) and by nextReadFrom (reading takes at most half the time).
  const debounceMs = deps.debounceMs ?? 20;
  const maxWaitMs = deps.maxWaitMs ?? 250;
  const staleRetryMs = deps.staleRetryMs ?? Math.max(debounceMs * 2, 200);
  const renderGraceMs = deps.renderGraceMs ?? 3000;
  const layer = createBadgeLayer(doc);
  let current: Current | null = null;
  let lastScope: Element | null = null;
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

  async function send(message: Message): Promise<unknown> {
    try {
      return await deps.send(message);
    } catch (error) {
      if (!stopIfInvalid()) deps.log?.(`message ${message.type} failed: ${error instanceof Error ? error.message : 'error'}`);
      return undefined;
    }
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
      schedule(staleRetryMs); // Lightning has not swapped in the new record's view yet; its arrival is a change, read at once
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
    const answer = await send({ type: 'cs-bg:snapshot', url: target.url, pageKind: target.kind === 'record' ? 'record' : (result.kind ?? target.kind), snapshots, ...(result.total === undefined ? {} : { total: result.total }) });
    const reply = onTimeline('deal-hygiene:draw', () => snapshotReplySchema.safeParse(answer));
    if (current !== target || stopped) return; // navigated away meanwhile
    if (!reply.success) {
      target.sentPrint = null; // try again on the next change
      return;
    }
    target.verdicts = reply.data.verdicts;
    draw(target);
  }

  function onLocationChange() {
    if (stopped || stopIfInvalid()) return;
    const url = deps.currentUrl();
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
    layer.clear();
    nextReadFrom = 0; // another page: read it at once
    current = {
      adapter: match.adapter,
      url,
      kind: match.detection.kind,
      pageId,
      navigatedAt: Date.now(),
      staleScope: lastScope,
      sentPrint: null,
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
    if (!ours) schedule();
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
