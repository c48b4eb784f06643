import type { WxtBrowser } from 'wxt/browser';
import { errorReplySchema, tabStateReplySchema, type TabState } from '../../messaging/protocol';
import { preciseStatusReplySchema, type PreciseStatusReply } from '../../messaging/precise';
import { isPreciseCrm } from '../../precise/common';

/**
 * What the popup shows for its tab: the tab's state, and on a record page of a CRM precise mode covers, the
 * background's word on precise mode for that deal (null when it could not be had: the popup then says nothing of it).
 */
export type PopupState = TabState & { precise?: PreciseStatusReply | null };

/** The precise-mode status of the one deal a record page shows; a failure is null, never an error for the popup. */
export async function loadPreciseStatus(send: (message: unknown) => Promise<unknown>, state: TabState): Promise<PreciseStatusReply | null | undefined> {
  if (state.status !== 'deal' || state.pageKind !== 'record' || state.deals.length !== 1) return undefined;
  const { snapshot } = state.deals[0]!;
  if (!isPreciseCrm(snapshot.crm)) return undefined;
  try {
    const parsed = preciseStatusReplySchema.safeParse(await send({ type: 'ui-bg:get-precise-status', dealKey: snapshot.key }));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Where the popup gets its tab's state: from the background, for the active tab
 * (or `?tabId=` when the page is opened on its own, as the e2e tests do).
 */
export function popupStateSource(browser: WxtBrowser, params: URLSearchParams) {
  const tabIdPromise: Promise<number | null> = params.has('tabId')
    ? Promise.resolve(Number(params.get('tabId')))
    : browser.tabs.query({ active: true, currentWindow: true }).then((tabs) => tabs[0]?.id ?? null);

  async function loadState(): Promise<PopupState> {
    const tabId = await tabIdPromise;
    if (tabId === null || !Number.isInteger(tabId)) return { status: 'none' };
    const reply: unknown = await browser.runtime.sendMessage({ type: 'ui-bg:get-tab-state', tabId });
    const ok = tabStateReplySchema.safeParse(reply);
    if (ok.success) {
      // Asked after the state, so both describe the same read (the background stores the API's outcome first).
      const precise = await loadPreciseStatus((message) => browser.runtime.sendMessage(message), ok.data.state);
      return precise === undefined ? ok.data.state : { ...ok.data.state, precise };
    }
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
