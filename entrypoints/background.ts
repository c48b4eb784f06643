import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackground } from '../src/background/service';
import { sessionTabStates } from '../src/background/tab-states';
import { readSettings } from '../src/background/settings-storage';
import { openHistoryDb } from '../src/history/store';

export default defineBackground(() => {
  const service = createBackground({
    openDb: () => openHistoryDb(),
    loadSettings: readSettings,
    tabStates: sessionTabStates(),
    async setToolbarBadge(tabId, badge) {
      await browser.action.setBadgeText({ tabId, text: badge.text });
      if (badge.color) await browser.action.setBadgeBackgroundColor({ tabId, color: badge.color });
    },
    now: () => new Date(),
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    log: (message) => console.warn(`[Deal Hygiene] ${message}`),
  });

  // Returning the promise answers the sender (webextension-polyfill); the handler never throws.
  browser.runtime.onMessage.addListener((message, sender) => service.handle(message, sender));
  browser.tabs.onRemoved.addListener((tabId) => void service.forgetTab(tabId));
});
