import { z } from 'zod';
import type { WxtBrowser } from 'wxt/browser';
import { errorReplySchema, tabStateReplySchema, type TabState } from '../../messaging/protocol';
import {
  getQualificationReplySchema,
  listQualificationsReplySchema,
  saveQualificationReplySchema,
  type QualificationListItem,
} from '../../messaging/qualify';
import type { DealSnapshot } from '../../model/deal';
import type { Settings } from '../../model/settings';
import type { QualificationRecord } from '../../qualification/types';
import { readSettings } from '../../background/settings-storage';
import { IDLE_TIMER, timerStateSchema, type TimerState } from './timer';

/** The tab a surface is about, and what the background knows of it. */
export interface TabView {
  tabId: number | null;
  state: TabState;
}

/** The deal the popup was showing when the rep moved quick-qualify into the side panel. */
export const handoffSchema = z.object({
  dealKey: z.string().min(3).max(300),
  dealName: z.string().max(300).optional(),
  /** Epoch ms; an old hand-off (the side panel opened much later) is ignored. */
  at: z.number(),
});
export type Handoff = z.infer<typeof handoffSchema>;
export const HANDOFF_MAX_AGE_MS = 60_000;

/** Everything quick-qualify asks of the extension; the component tests pass fakes. */
export interface QualifySource {
  loadTab(): Promise<TabView>;
  /** Calls back when the tab (the active one, for the side panel) or its state may have changed. */
  subscribeTab(onChange: () => void): () => void;
  getQualification(dealKey: string): Promise<{ record: QualificationRecord | null; snapshot: DealSnapshot | null }>;
  saveQualification(record: QualificationRecord, tabId: number | null): Promise<QualificationRecord>;
  listQualifications(): Promise<QualificationListItem[]>;
  loadSettings(): Promise<Settings>;
  copyText(text: string): Promise<void>;
  now(): Date;
  /** The call timer, shared by the popup and the side panel (kept for the browser session). */
  timer?: {
    load(): Promise<TimerState>;
    save(state: TimerState): Promise<void>;
    subscribe(onChange: (state: TimerState) => void): () => void;
  };
  /** The popup hands its deal to the side panel it opens. */
  handoff?: {
    give(handoff: Handoff): void;
    take(): Promise<Handoff | null>;
    subscribe(onHandoff: (handoff: Handoff) => void): () => void;
  };
}

export const TIMER_KEY = 'qualify:timer';
export const HANDOFF_KEY = 'qualify:handoff';

/** A reply from the background, checked; a refusal becomes an Error with the background's words. */
function expectReply<T>(schema: z.ZodType<T>, reply: unknown): T {
  const ok = schema.safeParse(reply);
  if (ok.success) return ok.data;
  const failed = errorReplySchema.safeParse(reply);
  throw new Error(failed.success ? failed.data.error : 'unexpected reply from the background');
}

export interface QualifySourceOptions {
  /** Side panel: follow the active tab of the window. Popup: the active tab when it opened. */
  follow: boolean;
}

/**
 * Quick-qualify's source for the popup and the side panel. `?tabId=` pins the tab (a window opened for a tab,
 * and the e2e tests); otherwise the active tab of the current window, followed as the rep switches tabs when
 * `follow` is set.
 */
export function qualifySource(browser: WxtBrowser, params: URLSearchParams, { follow }: QualifySourceOptions): QualifySource {
  const pinned = params.has('tabId') ? Number(params.get('tabId')) : null;
  const pinnedTab = pinned !== null && Number.isInteger(pinned) && pinned >= 0 ? pinned : null;
  const windowIdPromise: Promise<number | undefined> = follow && pinnedTab === null ? browser.windows.getCurrent().then((window) => window.id) : Promise.resolve(undefined);
  let currentTab: number | null = pinnedTab;

  async function activeTab(): Promise<number | null> {
    if (pinnedTab !== null) return pinnedTab;
    const windowId = await windowIdPromise;
    const tabs = await browser.tabs.query(windowId === undefined ? { active: true, currentWindow: true } : { active: true, windowId });
    return tabs[0]?.id ?? null;
  }

  const send = (message: Record<string, unknown>): Promise<unknown> => browser.runtime.sendMessage(message);

  return {
    async loadTab() {
      const tabId = await activeTab();
      currentTab = tabId;
      if (tabId === null) return { tabId, state: { status: 'none' } };
      const { state } = expectReply(tabStateReplySchema, await send({ type: 'ui-bg:get-tab-state', tabId }));
      return { tabId, state };
    },

    subscribeTab(onChange) {
      const onStorage = (changes: Record<string, unknown>) => {
        if (currentTab !== null && `tab:${currentTab}` in changes) onChange();
      };
      const onActivated = (info: { tabId: number; windowId: number }) => {
        void windowIdPromise.then((windowId) => {
          if (windowId === undefined || info.windowId === windowId) onChange();
        });
      };
      const onUpdated = (tabId: number, change: { url?: string; status?: string }) => {
        if (tabId === currentTab && (change.url !== undefined || change.status === 'complete')) onChange();
      };
      browser.storage.session.onChanged.addListener(onStorage);
      if (follow && pinnedTab === null) browser.tabs.onActivated.addListener(onActivated);
      browser.tabs.onUpdated.addListener(onUpdated);
      return () => {
        browser.storage.session.onChanged.removeListener(onStorage);
        browser.tabs.onActivated.removeListener(onActivated);
        browser.tabs.onUpdated.removeListener(onUpdated);
      };
    },

    async getQualification(dealKey) {
      const { record, snapshot } = expectReply(getQualificationReplySchema, await send({ type: 'ui-bg:get-qualification', dealKey }));
      return { record, snapshot };
    },

    async saveQualification(record, tabId) {
      const reply = expectReply(saveQualificationReplySchema, await send({ type: 'ui-bg:save-qualification', record, ...(tabId === null ? {} : { tabId }) }));
      return reply.record;
    },

    async listQualifications() {
      return expectReply(listQualificationsReplySchema, await send({ type: 'ui-bg:list-qualifications' })).items;
    },

    loadSettings: () => readSettings(browser.storage.sync),
    copyText: (text) => navigator.clipboard.writeText(text),
    now: () => new Date(),

    timer: {
      async load() {
        const parsed = timerStateSchema.safeParse((await browser.storage.session.get(TIMER_KEY))[TIMER_KEY]);
        return parsed.success ? parsed.data : IDLE_TIMER;
      },
      save: (state) => browser.storage.session.set({ [TIMER_KEY]: state }),
      subscribe(onChange) {
        const listener = (changes: Record<string, { newValue?: unknown }>) => {
          if (!(TIMER_KEY in changes)) return;
          const parsed = timerStateSchema.safeParse(changes[TIMER_KEY]?.newValue);
          onChange(parsed.success ? parsed.data : IDLE_TIMER);
        };
        browser.storage.session.onChanged.addListener(listener);
        return () => browser.storage.session.onChanged.removeListener(listener);
      },
    },

    handoff: {
      give(handoff) {
        // Not awaited: the caller opens the side panel next, in the same click.
        void browser.storage.session.set({ [HANDOFF_KEY]: handoff });
      },
      async take() {
        const parsed = handoffSchema.safeParse((await browser.storage.session.get(HANDOFF_KEY))[HANDOFF_KEY]);
        if (!parsed.success) return null;
        await browser.storage.session.remove(HANDOFF_KEY);
        return Date.now() - parsed.data.at <= HANDOFF_MAX_AGE_MS ? parsed.data : null;
      },
      subscribe(onHandoff) {
        const listener = (changes: Record<string, { newValue?: unknown }>) => {
          const parsed = handoffSchema.safeParse(changes[HANDOFF_KEY]?.newValue);
          if (parsed.success && Date.now() - parsed.data.at <= HANDOFF_MAX_AGE_MS) onHandoff(parsed.data);
        };
        browser.storage.session.onChanged.addListener(listener);
        return () => browser.storage.session.onChanged.removeListener(listener);
      },
    },
  };
}
