import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackground } from '../src/background/service';
import { sessionTabStates } from '../src/background/tab-states';
import { readSettings } from '../src/background/settings-storage';
import { openHistoryDb } from '../src/history/store';

export default defineBackground(() => {
  // Firefox's MV2 build has browserAction where MV3 has action.
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  const service = createBackground({
    openDb: () => openHistoryDb(),
    loadSettings: readSettings,
    tabStates: sessionTabStates(),
    async setToolbarBadge(tabId, badge) {
      await action.setBadgeText({ tabId, text: badge.text });
      if (badge.color) await action.setBadgeBackgroundColor({ tabId, color: badge.color });
    },
    now: () => new Date(),
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    log: (message) => console.warn(`[Deal Hygiene] ${message}`),
  });

  // Returning the promise answers the sender (webextension-polyfill); the handler never throws.
  browser.runtime.onMessage.addListener((message, sender) => service.handle(message, sender));
  browser.tabs.onRemoved.addListener((tabId) => void service.forgetTab(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) void service.onTabNavigated(tabId, change.url);
  });
});
