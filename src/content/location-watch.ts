/**
 * Follows a single-page app's navigation for the content script, without WXT's `wxt:locationchange`: that one is a
 * window event named after the extension id, which a page can dispatch as well. Nothing here takes an event's word
 * for anything. Each signal only makes the watcher look at the address itself, so a forged signal costs at most one
 * look at an address that did not change.
 *
 * - The Navigation API's `currententrychange` (Chrome 102+) fires during `history.pushState` itself, before the
 *   app renders the new view: the controller then still sees the old view on screen, which it must not read as the
 *   new record.
 * - A poll of the address covers browsers without it, `document.open` and anything else that moves the URL.
 * - The same timer is the script's heartbeat: once the extension is reloaded or updated, its old content scripts
 *   lose `browser.runtime.id`; the watcher then stops and says so, even on a page that never changes again.
 */

/** The part of the Navigation API used here (typed locally: TypeScript's DOM library may not have it). */
export interface NavigationEvents {
  addEventListener(type: 'currententrychange', listener: () => void): void;
  removeEventListener(type: 'currententrychange', listener: () => void): void;
}

export interface LocationWatchDeps {
  currentUrl(): string;
  /**
   * The address changed. `asItHappened`: seen during the change itself (the Navigation API's event fires inside
   * `history.pushState`), so the page still shows the previous view; false when a poll found it, maybe late.
   */
  onChange(asItHappened: boolean): void;
  /** False once the extension context is gone (reloaded, updated or removed). */
  isAlive(): boolean;
  /** Called once when the watcher finds the context gone; the watcher has stopped by then. */
  onDead(): void;
  setInterval(callback: () => void, ms: number): number;
  clearInterval(id: number): void;
  /** `globalThis.navigation` where the browser has it. */
  navigation?: NavigationEvents | undefined;
  /** How often the address is compared (default 250 ms: a string comparison, nothing more). */
  pollMs?: number;
}

export interface LocationWatch {
  /** Looks at the address now (what the poll does). */
  check(): void;
  stop(): void;
}

export function watchLocation(deps: LocationWatchDeps): LocationWatch {
  let lastUrl = deps.currentUrl();
  let stopped = false;

  const check = (asItHappened = false) => {
    if (stopped) return;
    if (!deps.isAlive()) {
      stop();
      deps.onDead();
      return;
    }
    const url = deps.currentUrl();
    if (url === lastUrl) return;
    lastUrl = url;
    deps.onChange(asItHappened);
  };

  const onEntryChange = () => check(true);
  deps.navigation?.addEventListener('currententrychange', onEntryChange);
  const poll = deps.setInterval(() => check(false), deps.pollMs ?? 250);

  function stop() {
    if (stopped) return;
    stopped = true;
    deps.clearInterval(poll);
    deps.navigation?.removeEventListener('currententrychange', onEntryChange);
  }

  return { check: () => check(false), stop };
}

/** The page's Navigation API object, if the browser has one with events. */
export function navigationOf(scope: unknown): NavigationEvents | undefined {
  const navigation = (scope as { navigation?: Partial<NavigationEvents> }).navigation;
  return typeof navigation?.addEventListener === 'function' && typeof navigation.removeEventListener === 'function' ? (navigation as NavigationEvents) : undefined;
}
