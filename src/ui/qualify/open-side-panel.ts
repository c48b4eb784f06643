/**
 * Opening the side panel: Chrome's `sidePanel` (MV3) or Firefox's `sidebarAction`. Both open only while a user
 * action is being handled, so callers call these directly in their click or command handler, before any await.
 */

interface ChromeSidePanelApi {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
}
interface FirefoxSidebarApi {
  open(): Promise<void>;
}
export interface SidePanelApis {
  sidePanel?: ChromeSidePanelApi;
  sidebarAction?: FirefoxSidebarApi;
}

/** The side panel APIs this browser has (neither in a browser without one). */
export function sidePanelApis(scope: { chrome?: unknown; browser?: unknown } = globalThis as never): SidePanelApis {
  const chromeApis = scope.chrome as { sidePanel?: ChromeSidePanelApi } | undefined;
  const browserApis = scope.browser as { sidebarAction?: FirefoxSidebarApi } | undefined;
  return {
    ...(chromeApis?.sidePanel?.open ? { sidePanel: chromeApis.sidePanel } : {}),
    ...(browserApis?.sidebarAction?.open ? { sidebarAction: browserApis.sidebarAction } : {}),
  };
}

/**
 * Opens the side panel for the tab (Chrome: the global panel, shown on that tab; it follows the active tab from
 * then on). Firefox's sidebar belongs to the window and follows its active tab too. Rejects where there is none.
 */
export function openSidePanel(apis: SidePanelApis, tabId: number): Promise<void> {
  if (apis.sidePanel) return apis.sidePanel.open({ tabId });
  if (apis.sidebarAction) return apis.sidebarAction.open();
  return Promise.reject(new Error('this browser has no side panel'));
}

/** The side panel page for one tab, as a window or a tab shows it (`?tabId=` pins the tab it is about). */
export function sidePanelPageUrl(getURL: (path: string) => string, tabId: number): string {
  return `${getURL('/sidepanel.html')}?tabId=${tabId}`;
}
