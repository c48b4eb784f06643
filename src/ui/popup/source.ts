import type { WxtBrowser } from 'wxt/browser';
import { errorReplySchema, tabStateReplySchema, type TabState } from '../../messaging/protocol';

/**
 * Where the popup gets its tab's state: from the background, for the active tab
 * (or `?tabId=` when the page is opened on its own, as the e2e tests do).
 */
export function popupStateSource(browser: WxtBrowser, params: URLSearchParams) {
  const tabIdPromise: Promise<number | null> = params.has('tabId')
    ? Promise.resolve(Number(params.get('tabId')))
    : browser.tabs.query({ active: true, currentWindow: true }).then((tabs) => tabs[0]?.id ?? null);

  async function loadState(): Promise<TabState> {
    const tabId = await tabIdPromise;
    if (tabId === null || !Number.isInteger(tabId)) return { status: 'none' };
    const reply: unknown = await browser.runtime.sendMessage({ type: 'ui-bg:get-tab-state', tabId });
    const ok = tabStateReplySchema.safeParse(reply);
    if (ok.success) return ok.data.state;
    const failed = errorReplySchema.safeParse(reply);
    throw new Error(failed.success ? failed.data.error : 'unexpected reply from the background');
  }

  function subscribe(onChange: () => void): () => void {
    const listener = (changes: Record<string, unknown>) => {
      void tabIdPromise.then((tabId) => {
        if (tabId !== null && `tab:${tabId}` in changes) onChange();
      });
    };
    browser.storage.session.onChanged.addListener(listener);
    return () => browser.storage.session.onChanged.removeListener(listener);
  }

  /** Sends an action to the background and turns a refusal into an error the popup can show. */
  async function act(message: Record<string, unknown>): Promise<void> {
    const tabId = await tabIdPromise;
    const reply: unknown = await browser.runtime.sendMessage({ ...message, ...(tabId === null ? {} : { tabId }) });
    const failed = errorReplySchema.safeParse(reply);
    if (failed.success) throw new Error(failed.data.error);
  }

  const actions = {
    snooze: (dealKey: string, ruleId: string, reason: string, days: number) => act({ type: 'ui-bg:snooze', dealKey, ruleId, reason, days }),
    unsnooze: (dealKey: string, ruleId: string) => act({ type: 'ui-bg:unsnooze', dealKey, ruleId }),
  };

  return { loadState, subscribe, actions };
}
