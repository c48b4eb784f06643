import { loadQualification } from '../../history/store';
import { listQualificationRecords, loadLatestSnapshot, saveQualificationIfNewer } from '../../history/qualification-queries';
import type { WxtBrowser } from 'wxt/browser';
import { openSidePanel, sidePanelApis, sidePanelPageUrl, type SidePanelApis } from '../../ui/qualify/open-side-panel';
import type { AreaHandlers } from './types';

/** What opening the side panel needs from the browser, injected so the handlers stay testable. */
export interface QualifyPlatform {
  /**
   * Opens Chrome's side panel (Firefox's sidebar) on the tab. The handler calls it first, before anything is
   * awaited: the browser only opens it while the user's click is still being handled.
   */
  openSidePanel(tabId: number): Promise<void>;
  /**
   * Where the side panel cannot open from a page click (Firefox opens its sidebar only from the extension's own
   * controls): the same page in a small window next to the CRM.
   */
  openQualifyWindow(tabId: number): Promise<void>;
}

/** Quick-qualify (popup tab and side panel): the rep's answers per deal, and the summary chip's "open the side panel". */
export function qualifyHandlers(platform: QualifyPlatform): AreaHandlers {
  return {
    async 'ui-bg:get-qualification'(message, _sender, context) {
      const db = await context.db();
      const [record, snapshot] = await Promise.all([loadQualification(db, message.dealKey), loadLatestSnapshot(db, message.dealKey)]);
      return { ok: true, record, snapshot };
    },

    async 'ui-bg:save-qualification'(message, _sender, context) {
      const saved = await saveQualificationIfNewer(await context.db(), message.record);
      // Badges, the toolbar and the popup of every tab showing the deal follow the new answers at once.
      if (saved.stored) await context.rejudgeDeal(saved.record.dealKey, message.tabId);
      return { ok: true, record: saved.record, stored: saved.stored };
    },

    async 'ui-bg:list-qualifications'(_message, _sender, context) {
      return { ok: true, items: await listQualificationRecords(await context.db()) };
    },

    'cs-bg:open-side-panel'(_message, sender, context) {
      // The sender check guarantees a content script in a real tab.
      const tabId = sender.tab!.id!;
      return platform.openSidePanel(tabId).then(
        () => ({ ok: true, opened: 'side-panel' }),
        async (error: unknown) => {
          context.log(`side panel not opened (${error instanceof Error ? error.message : 'error'}); opening a window instead`);
          await platform.openQualifyWindow(tabId);
          return { ok: true, opened: 'window' };
        },
      );
    },
  };
}

/** The browser's side panel (Chrome) or sidebar (Firefox), and the small-window fallback. */
export function browserQualifyPlatform(browser: WxtBrowser, apis: SidePanelApis = sidePanelApis()): QualifyPlatform {
  return {
    openSidePanel: (tabId) => openSidePanel(apis, tabId),
    async openQualifyWindow(tabId) {
      const url = sidePanelPageUrl(browser.runtime.getURL as (path: string) => string, tabId);
      await browser.windows.create({ url, type: 'popup', width: 420, height: 780 });
    },
  };
}

/**
 * The `quick-qualify` command (Alt+Shift+Q): opens the side panel on the tab the rep is in. Chrome and Firefox
 * pass the active tab; opening happens before anything is awaited, while the key press still counts as the
 * rep's action. Where the panel cannot open, the same page opens in a small window.
 */
export function onQuickQualifyCommand(platform: QualifyPlatform, log: (message: string) => void) {
  return (command: string, tab?: { id?: number }) => {
    if (command !== 'quick-qualify' || tab?.id === undefined || tab.id < 0) return;
    const tabId = tab.id;
    platform.openSidePanel(tabId).catch((error: unknown) => {
      log(`side panel not opened by the command (${error instanceof Error ? error.message : 'error'}); opening a window instead`);
      return platform.openQualifyWindow(tabId).catch(() => undefined);
    });
  };
}
