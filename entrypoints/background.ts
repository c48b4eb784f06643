import { browser } from 'wxt/browser';
import { z } from 'zod';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackground } from '../src/background/service';
import { sessionTabStates } from '../src/background/tab-states';
import { readSettings } from '../src/background/settings-storage';
import { historyDbOpener } from '../src/background/history-upkeep';
import { reviewHandlers } from '../src/background/handlers/review';
import { createDataHandlers } from '../src/background/handlers/data';
import { browserQualifyPlatform, onQuickQualifyCommand, qualifyHandlers } from '../src/background/handlers/qualify';
import { customCrmHandlers } from '../src/background/handlers/custom-crm';
import { customCrmPlatform, keepCustomCrmScriptsInSync, syncCustomCrmScripts } from '../src/background/custom-crms';
import { reinjectOnInstalled, reinjectPlatform } from '../src/background/reinject';
import { preciseHandlers } from '../src/background/handlers/precise';
import { browserPreciseDeps, preciseSnapshot } from '../src/background/precise';

export default defineBackground(() => {
  // zod's package is side-effect free, so the bundler drops the classic entry's own `config(en())`: without this,
  // every validation error the background reports would read "Invalid input".
  z.config(z.locales.en());
  const qualifyPlatform = browserQualifyPlatform(browser);
  // Firefox's MV2 build has browserAction where MV3 has action.
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  // Guarded against a blocked upgrade; applies the retention period at most once a day (src/background/history-upkeep.ts).
  const openDb = historyDbOpener({ log: (message) => console.warn(`[Deal Hygiene] ${message}`), loadSettings: readSettings, now: () => new Date() });
  // Precise mode (#7): the CRM's own API with the user's session, where the user turned it on.
  const preciseDeps = browserPreciseDeps(browser as never, { db: openDb, now: () => new Date(), log: (message) => console.warn(`[Deal Hygiene] ${message}`) });
  const service = createBackground({
    openDb,
    precise: (snapshot, settings) => preciseSnapshot(snapshot, settings, preciseDeps),
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
    areas: [
      qualifyHandlers(qualifyPlatform),
      reviewHandlers(),
      createDataHandlers(),
      customCrmHandlers(customCrmPlatform(browser)),
      preciseHandlers({ storage: browser.storage.local, contains: (request) => browser.permissions.contains(request as Parameters<typeof browser.permissions.contains>[0]) }),
    ],
  });

  // Returning the promise answers the sender (webextension-polyfill); the handler never throws.
  browser.runtime.onMessage.addListener((message, sender) => service.handle(message, sender));
  browser.commands.onCommand.addListener(onQuickQualifyCommand(qualifyPlatform, (message) => console.warn(`[Deal Hygiene] ${message}`)));
  // Custom CRMs ("Other CRM"): the content script is registered for the sites the user granted.
  keepCustomCrmScriptsInSync(customCrmPlatform(browser), (message) => console.warn(`[Deal Hygiene] ${message}`));
  // After an install or update, CRM tabs already open get the content scripts (Firefox does this by itself).
  if (!import.meta.env.FIREFOX) browser.runtime.onInstalled.addListener(reinjectOnInstalled(reinjectPlatform(browser), (message) => console.warn(`[Deal Hygiene] ${message}`), { registrationsSettled: () => syncCustomCrmScripts(customCrmPlatform(browser)) }));
  browser.tabs.onRemoved.addListener((tabId) => void service.forgetTab(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) void service.onTabNavigated(tabId, change.url);
  });
});
