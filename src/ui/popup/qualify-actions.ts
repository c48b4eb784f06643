import type { WxtBrowser } from 'wxt/browser';
import { openSidePanel, sidePanelApis, type SidePanelApis } from '../qualify/open-side-panel';
import type { QualifySource } from '../qualify/source';
import type { PopupQualify, PopupTab } from './Popup';

const TAB_KEY = 'popup:tab';

export interface PopupQualifyOptions {
  /** Remembers the popup's tab between openings (a popup closed mid-call reopens on Quick-qualify). */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  apis?: SidePanelApis;
  /** Closes the popup once the side panel or the review page is open. */
  close?(): void;
}

/** The popup's Quick-qualify tab and its buttons, wired to the browser. */
export function popupQualify(browser: WxtBrowser, source: QualifySource, options: PopupQualifyOptions = {}): PopupQualify {
  const storage = options.storage ?? globalThis.localStorage;
  const close = options.close ?? (() => window.close());
  // Known before the click: opening the side panel must not wait for anything once the rep has clicked.
  let tabId: number | null = null;
  source.loadTab().then(
    (view) => (tabId = view.tabId),
    () => undefined,
  );
  const stored = storage?.getItem(TAB_KEY);
  const getURL = browser.runtime.getURL as (path: string) => string;

  return {
    source,
    initialTab: stored === 'qualify' ? 'qualify' : 'deal',
    onTabChange: (tab: PopupTab) => storage?.setItem(TAB_KEY, tab),
    openSidePanel(target) {
      if (target) source.handoff?.give({ ...target, at: Date.now() });
      const opening = tabId === null ? Promise.reject(new Error('the active tab is not known yet')) : openSidePanel(options.apis ?? sidePanelApis(), tabId);
      return opening.then(() => close());
    },
    openReview() {
      void browser.tabs.create({ url: getURL('/review.html') }).then(() => close());
    },
    openOptions() {
      void browser.runtime.openOptionsPage().then(() => close());
    },
  };
}
