import { browser } from 'wxt/browser';
import { tabStateSchema } from '../messaging/protocol';
import type { TabStateStore } from './service';

const keyFor = (tabId: number) => `tab:${tabId}`;

/**
 * Tab states in storage.session: the MV3 service worker is stopped when idle, and the popup opened
 * a minute later must still find the deal. Session storage is cleared when the browser closes.
 */
export function sessionTabStates(area = browser.storage.session): TabStateStore {
  return {
    async get(tabId) {
      const stored = (await area.get(keyFor(tabId)))[keyFor(tabId)];
      const parsed = tabStateSchema.safeParse(stored);
      return parsed.success ? parsed.data : undefined;
    },
    async set(tabId, state) {
      await area.set({ [keyFor(tabId)]: state });
    },
    async remove(tabId) {
      await area.remove(keyFor(tabId));
    },
  };
}
