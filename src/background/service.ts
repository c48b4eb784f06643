import type { IDBPDatabase } from 'idb';
import { adapterById, adapterFor } from '../adapters';
import { applyStageMapping } from '../adapters/stage-mapping';
import { FIELD_NAMES, type DealSnapshot } from '../model/deal';
import type { Settings } from '../model/settings';
import { worstSeverity, type Severity, type Verdict } from '../model/verdict';
import { runRules } from '../engine/run';
import { batchedSaver, removeSnooze, saveSnooze, type HistoryDb } from '../history/store';
import { loadJudgingInputs, type JudgingInputs } from '../history/queries';
import { parseMessage, senderAllowed, type DealView, type MessageOf, type MessageType, type TabState, type UnreadField } from '../messaging/protocol';
import { withQuotaRecovery } from './history-upkeep';
import type { AreaHandlers, Handler, HandlerContext, Sender, TabStateStore } from './handlers/types';

export type { Sender, TabStateStore } from './handlers/types';

export interface ToolbarBadge {
  text: string;
  color: string | null;
}

export interface BackgroundDeps {
  openDb(): Promise<IDBPDatabase<HistoryDb>>;
  loadSettings(): Promise<Settings>;
  tabStates: TabStateStore;
  setToolbarBadge(tabId: number, badge: ToolbarBadge): Promise<void>;
  now(): Date;
  extensionId: string;
  extensionOrigin: string;
  log(message: string): void;
  /** Handlers of the surfaces' messages (src/background/handlers/), merged; a type handled twice is an error. */
  areas?: readonly AreaHandlers[];
  /**
   * Precise mode (#7, src/background/precise.ts `preciseSnapshot`): the page snapshot with the CRM API's values preferred,
   * after merging the CRM's own history into the store. Never throws; unset or off → the page snapshot as it is.
   */
  precise?(snapshot: DealSnapshot, settings: Settings): Promise<{ snapshot: DealSnapshot }>;
}

export const BADGE_COLORS: Record<Severity, string> = { critical: '#B3261E', warning: '#8A5300', info: '#0B5CAB' };

export function toolbarBadgeFor(state: TabState): ToolbarBadge {
  if (state.status === 'reading') return { text: '…', color: '#5F6368' };
  if (state.status === 'unreadable') return { text: '?', color: '#5F6368' };
  if (state.status !== 'deal') return { text: '', color: null };
  const findings = state.deals.flatMap((deal) => deal.verdict.findings);
  const worst = worstSeverity(findings);
  if (state.pageKind === 'record') {
    return { text: findings.length ? String(findings.length) : '', color: worst ? BADGE_COLORS[worst] : null };
  }
  // Lists and boards: how many deals need attention.
  const flagged = state.deals.filter((deal) => deal.verdict.findings.length > 0).length;
  return { text: flagged ? String(flagged) : '', color: worst ? BADGE_COLORS[worst] : null };
}

/** Fields the page did not let us read, with the adapter's reason. */
export function unreadFields(snapshot: DealSnapshot): UnreadField[] {
  return FIELD_NAMES.flatMap((field) => {
    const value = snapshot.fields[field];
    return value.state === 'unknown' ? [{ field, reason: value.reason, code: value.code }] : [];
  });
}

const stateUrl = (state: TabState | undefined): string | null => (state && state.status !== 'none' ? state.url : null);

/** Same page: equal but for the fragment, or the same CRM record (Lightning adds and drops query parameters). */
export function samePage(a: string, b: string): boolean {
  const strip = (url: string) => url.split('#')[0];
  if (strip(a) === strip(b)) return true;
  try {
    const [urlA, urlB] = [new URL(a), new URL(b)];
    const [pageA, pageB] = [adapterFor(urlA), adapterFor(urlB)];
    return (
      urlA.host === urlB.host &&
      pageA !== null &&
      pageB !== null &&
      pageA.adapter === pageB.adapter &&
      pageA.detection.recordId !== null &&
      pageA.detection.recordId === pageB.detection.recordId
    );
  } catch {
    return false;
  }
}

const readAnything = (snapshot: DealSnapshot) => FIELD_NAMES.some((field) => snapshot.fields[field].state !== 'unknown');

export function createBackground(deps: BackgroundDeps) {
  let dbPromise: Promise<IDBPDatabase<HistoryDb>> | null = null;
  const db = () => {
    dbPromise ??= deps.openDb().catch((error: unknown) => {
      dbPromise = null;
      throw error;
    });
    return dbPromise;
  };

  /**
   * Messages for one tab are handled concurrently, and a snapshot waits for settings and the database.
   * Each message takes a turn number; only the tab's latest message may write its state, so a slow
   * snapshot finishing after `page-left` (or after a newer snapshot) does not bring back an old deal.
   */
  const turns = new Map<number, { turn: number; url: string | null }>();
  let lastTurn = 0;
  /** `url`: the page the tab's latest message is about (null once it left every deal page). */
  const takeTurn = (tabId: number, url: string | null) => {
    lastTurn += 1;
    turns.set(tabId, { turn: lastTurn, url });
    return lastTurn;
  };
  const isLatest = (tabId: number, turn: number) => turns.get(tabId)?.turn === turn;

  async function clearTab(tabId: number) {
    await deps.tabStates.remove(tabId);
    await deps.setToolbarBadge(tabId, { text: '', color: null });
  }

  async function setState(tabId: number, turn: number, state: TabState) {
    if (!isLatest(tabId, turn)) return;
    await deps.tabStates.set(tabId, state);
    await deps.setToolbarBadge(tabId, toolbarBadgeFor(state));
  }

  /**
   * Stores what a page shows and judges each deal with its history. A list's rows are stored in batched
   * transactions and their history read in one, not one deal after another (500 rows took seconds).
   */
  async function evaluate(pageSnapshots: readonly DealSnapshot[], settings: Settings): Promise<DealView[]> {
    const mapped: DealSnapshot[] = [];
    for (const pageSnapshot of pageSnapshots) {
      const snapshot = deps.precise ? (await deps.precise(pageSnapshot, settings)).snapshot : pageSnapshot;
      mapped.push(applyStageMapping(snapshot, settings, adapterById(snapshot.crm)?.defaultStageMapping));
    }
    let inputs: JudgingInputs[] = [];
    try {
      const database = await db();
      // Storage full: prune the oldest history by the retention policy (the user is told) and save once more.
      await withQuotaRecovery(database, batchedSaver(database, mapped), { retentionDays: settings.privacy.retentionDays, now: deps.now(), log: deps.log });
      inputs = await loadJudgingInputs(database, mapped.map((snapshot) => snapshot.key));
    } catch (error) {
      // History is best effort: the verdict for what the page shows still matters more.
      deps.log(`history not saved for ${mapped.length === 1 ? `a ${mapped[0]!.crm} deal` : `${mapped.length} deals`}: ${error instanceof Error ? error.name : 'error'}`);
    }
    return mapped.map((snapshot, index) => ({ snapshot, verdict: judge(snapshot, settings, inputs[index]) }));
  }

  /** Judges a snapshot with what is stored about its deal; without it (history unavailable), from the page alone. */
  function judge(snapshot: DealSnapshot, settings: Settings, stored: JudgingInputs | undefined): Verdict {
    const { verdict, settingsErrors, ruleErrors } = runRules({
      snapshot,
      settings,
      now: deps.now(),
      history: stored?.snapshots ?? [],
      snoozes: stored?.snoozes ?? [],
      qualificationRecord: stored?.qualification ?? null,
    });
    for (const error of settingsErrors) deps.log(`settings: ${error}`);
    for (const error of ruleErrors) deps.log(`rule failed: ${error}`);
    return verdict;
  }

  /** Tabs this worker has heard from, plus the tab the request is about (the worker may have restarted since). */
  const tabsToRejudge = (tabId: number | undefined) => [...new Set([...turns.keys(), ...(tabId === undefined ? [] : [tabId])])];

  /** After a snooze changes, judge again every open tab that shows the deal, from what it already read. */
  async function rejudgeTabsShowing(dealKey: string, tabIds: readonly number[]) {
    const settings = await deps.loadSettings();
    const database = await db();
    const [inputs] = await loadJudgingInputs(database, [dealKey]);
    for (const tabId of tabIds) {
      const state = await deps.tabStates.get(tabId);
      if (state?.status !== 'deal' || !state.deals.some((deal) => deal.snapshot.key === dealKey)) continue;
      const deals = state.deals.map((deal) =>
        deal.snapshot.key === dealKey ? { snapshot: deal.snapshot, verdict: judge(deal.snapshot, settings, inputs) } : deal,
      );
      const turn = turns.get(tabId)?.turn;
      const next: TabState = { ...state, deals };
      if (turn === undefined || isLatest(tabId, turn)) {
        await deps.tabStates.set(tabId, next);
        await deps.setToolbarBadge(tabId, toolbarBadgeFor(next));
      }
    }
  }

  async function onSnapshot(message: MessageOf<'cs-bg:snapshot'>, tabId: number, turn: number): Promise<Verdict[]> {
    const readable = message.snapshots.filter(readAnything);
    if (message.pageKind === 'record' && readable.length === 0) {
      const first = message.snapshots[0];
      await setState(tabId, turn, { status: 'unreadable', url: message.url, crm: first?.crm ?? '', unread: first ? unreadFields(first) : [] });
      return [];
    }
    const settings = await deps.loadSettings();
    const deals = await evaluate(readable, settings);
    await setState(tabId, turn, { status: 'deal', url: message.url, pageKind: message.pageKind, deals, ...(message.total === undefined ? {} : { total: message.total }) });
    return deals.map((deal) => deal.verdict);
  }

  const context: HandlerContext = {
    db,
    loadSettings: deps.loadSettings,
    now: deps.now,
    log: deps.log,
    tabStates: deps.tabStates,
    async judgeStored(snapshot, settings) {
      const database = await db();
      const [inputs] = await loadJudgingInputs(database, [snapshot.key]);
      return judge(snapshot, settings ?? (await deps.loadSettings()), inputs);
    },
    rejudgeDeal: (dealKey, tabId) => rejudgeTabsShowing(dealKey, tabsToRejudge(tabId)),
  };

  const areaHandlers = new Map<MessageType, Handler<MessageType>>();
  for (const area of deps.areas ?? []) {
    for (const [type, handler] of Object.entries(area) as [MessageType, Handler<MessageType>][]) {
      if (areaHandlers.has(type)) throw new Error(`two handlers for ${type}`);
      areaHandlers.set(type, handler);
    }
  }

  return {
    /** Handles one runtime message. Never throws: bad input gets `{ ok: false, error }` and a log line. */
    async handle(raw: unknown, sender: Sender): Promise<unknown> {
      const parsed = parseMessage(raw);
      if (!parsed.ok) {
        deps.log(parsed.error);
        return { ok: false, error: parsed.error };
      }
      const { message } = parsed;
      if (!senderAllowed(message.type, sender, deps.extensionId, deps.extensionOrigin)) {
        const error = `rejected ${message.type}: not allowed from this sender`;
        deps.log(error);
        return { ok: false, error };
      }
      const tabId = sender.tab?.id ?? -1;
      try {
        const areaHandler = areaHandlers.get(message.type);
        if (areaHandler) return await areaHandler(message, sender, context);
        switch (message.type) {
          case 'cs-bg:reading':
            await setState(tabId, takeTurn(tabId, message.url), { status: 'reading', url: message.url, crm: message.crm });
            return { ok: true };
          case 'cs-bg:snapshot':
            return { ok: true, verdicts: await onSnapshot(message, tabId, takeTurn(tabId, message.url)) };
          case 'cs-bg:page-left':
            takeTurn(tabId, null);
            await clearTab(tabId);
            return { ok: true };
          case 'ui-bg:get-tab-state':
            return { ok: true, state: (await deps.tabStates.get(message.tabId)) ?? { status: 'none' } };
          case 'ui-bg:snooze': {
            const now = deps.now();
            const until = new Date(now.getTime() + message.days * 86_400_000).toISOString().slice(0, 10);
            await saveSnooze(await db(), { dealKey: message.dealKey, ruleId: message.ruleId, reason: message.reason, until, createdAt: now.toISOString() });
            await rejudgeTabsShowing(message.dealKey, tabsToRejudge(message.tabId));
            return { ok: true };
          }
          case 'ui-bg:unsnooze':
            await removeSnooze(await db(), message.dealKey, message.ruleId);
            await rejudgeTabsShowing(message.dealKey, tabsToRejudge(message.tabId));
            return { ok: true };
          default:
            return { ok: false, error: `${message.type} is not handled by this version` };
        }
      } catch (error) {
        const text = `${message.type} failed: ${error instanceof Error ? error.message : String(error)}`;
        deps.log(text);
        return { ok: false, error: text };
      }
    },
    async forgetTab(tabId: number) {
      turns.delete(tabId);
      await deps.tabStates.remove(tabId);
    },
    /**
     * The tab's URL changed (tabs.onUpdated). A full navigation away kills the content script before it can
     * send `page-left`, so the deal it described would stay in the popup and on the toolbar. Forgets the state
     * unless the new URL is still the page (or the same record) it describes. Never throws.
     */
    async onTabNavigated(tabId: number, url: string) {
      try {
        const described = turns.has(tabId) ? turns.get(tabId)!.url : stateUrl(await deps.tabStates.get(tabId));
        if (described === null || samePage(described, url)) return;
        takeTurn(tabId, null);
        await clearTab(tabId);
      } catch (error) {
        deps.log(`tab navigation not handled: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
