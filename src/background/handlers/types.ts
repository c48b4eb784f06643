import type { IDBPDatabase } from 'idb';
import type { DealSnapshot } from '../../model/deal';
import type { Settings } from '../../model/settings';
import type { Verdict } from '../../model/verdict';
import type { HistoryDb } from '../../history/store';
import type { MessageOf, MessageType, TabState } from '../../messaging/protocol';

export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

export interface TabStateStore {
  get(tabId: number): Promise<TabState | undefined>;
  set(tabId: number, state: TabState): Promise<void>;
  remove(tabId: number): Promise<void>;
}

/** What the background gives every area's handlers (quick-qualify, review, data, custom CRMs, precise mode). */
export interface HandlerContext {
  db(): Promise<IDBPDatabase<HistoryDb>>;
  loadSettings(): Promise<Settings>;
  now(): Date;
  /** Never pass page data: logs end up in bug reports. */
  log(message: string): void;
  tabStates: TabStateStore;
  /** Judges a snapshot with its stored history, snoozes and quick-qualify answers (nothing is saved). */
  judgeStored(snapshot: DealSnapshot, settings?: Settings): Promise<Verdict>;
  /** Judges again every open tab that shows the deal (after its answers or snoozes changed). */
  rejudgeDeal(dealKey: string, tabId?: number): Promise<void>;
}

export type Handler<T extends MessageType> = (message: MessageOf<T>, sender: Sender, context: HandlerContext) => Promise<unknown>;

/** One area's handlers by message type; the background dispatches to them after checking the message and sender. */
export type AreaHandlers = { [T in MessageType]?: Handler<T> };
