/**
 * What every content script does on start, so each entrypoint is a few lines: claim the page (claim-page.ts), read it
 * with a controller, follow the single-page app's navigation (location-watch.ts), and tie the script's life to the
 * extension's (an updated or reloaded extension leaves its old scripts without `browser.runtime.id`; page-dispatched
 * events are not trusted for that). A built-in CRM's script reads with its one adapter (`bootBuiltInScript`); the
 * custom CRMs' script sets up its own reading (src/content/custom-crms.ts, `bootCustomCrmScript`).
 *
 * Imports nothing CRM-specific: each script bundles only the adapters it is given.
 */
import { browser } from 'wxt/browser';
import type { Adapter } from '../adapters/types';
import { t } from '../i18n/browser';
import { claimPage, type PageClaim } from './claim-page';
import { startController, type Controller } from './controller';
import { navigationOf, watchLocation } from './location-watch';

/** A started copy of a content script, as its set-up sees it. */
export interface ContentScriptRun {
  /** Reads the page with these adapters from now on: the previous controller stops (its badges go) and a new one starts. */
  read(adapters: readonly Adapter[]): void;
  /** False once this copy stopped or its extension is gone: work that was waiting must not start anything. */
  running(): boolean;
  /** Runs when this copy stops (listeners off). */
  onStop(cleanUp: () => void): void;
}

export interface BootOptions {
  /** Which script this is (claim-page.ts): a built-in CRM's adapter id, or CUSTOM_CRM_SCRIPT. */
  script: string;
  /** A built-in CRM's script: whether it reads this address (so the custom script leaves it alone). */
  reads?(url: URL): boolean;
  /** Starts the reading (`run.read`) once the script knows its adapters, and adds what else it listens to. */
  setUp(run: ContentScriptRun): void | Promise<void>;
}

export async function bootContentScript(options: BootOptions): Promise<void> {
  // An updated or reloaded extension leaves its old scripts without a runtime id.
  const alive = () => browser.runtime?.id !== undefined;
  let controller: Controller | null = null;
  let stopped = false;
  const cleanUps: (() => void)[] = [];
  const stop = () => {
    if (stopped) return;
    stopped = true;
    controller?.stop();
    for (const cleanUp of cleanUps) {
      try {
        cleanUp();
      } catch {
        // the extension API is gone with the context: nothing left to remove
      }
    }
  };
  const claim: PageClaim = { script: options.script, alive, stop, ...(options.reads ? { reads: options.reads } : {}) };
  if (!claimPage(globalThis, claim)) return;

  const run: ContentScriptRun = {
    read(adapters) {
      if (!run.running()) return;
      controller?.stop();
      controller = startController({
        doc: document,
        currentUrl: () => location.href,
        send: (message) => browser.runtime.sendMessage(message),
        t,
        now: () => new Date(),
        isValid: alive,
        setTimeout: (callback, ms) => window.setTimeout(callback, ms),
        clearTimeout: (id) => window.clearTimeout(id),
        log: (message) => console.debug(`[Deal Hygiene] ${message}`),
        adapters,
      });
    },
    running: () => !stopped && alive(),
    onStop: (cleanUp) => {
      cleanUps.push(cleanUp);
    },
  };
  // The CRM's own loading must not wait for our first read: it starts once the page has loaded.
  await pageLoaded(window, document);
  if (!run.running()) return stop();
  await options.setUp(run);
  if (!run.running()) return stop();

  // Lightning and the other CRMs are single-page apps: follow their navigation. The watch is also the heartbeat that
  // stops this copy (and removes its badges) once the extension is gone, even on a page that does not change.
  const watch = watchLocation({
    currentUrl: () => location.href,
    onChange: (asItHappened) => controller?.onLocationChange(asItHappened),
    isAlive: alive,
    onDead: stop,
    setInterval: (callback, ms) => window.setInterval(callback, ms),
    clearInterval: (id) => window.clearInterval(id),
    navigation: navigationOf(globalThis),
  });
  cleanUps.push(() => watch.stop());
}

/** Longest wait for the page's `load` event: a page with a hanging image or script still gets its badges. */
export const LOAD_WAIT_CAP_MS = 3000;

/**
 * Resolves once the page has fired `load` (at once if it has), or after `capMs`. A `document_idle` script is often
 * injected before `load`, and anything it does then delays the CRM's own `load`; the single-page CRMs render their
 * records after `load` anyway, so waiting costs their badges nothing.
 */
export function pageLoaded(win: Pick<Window, 'addEventListener' | 'removeEventListener' | 'setTimeout' | 'clearTimeout'>, doc: Pick<Document, 'readyState'>, capMs = LOAD_WAIT_CAP_MS): Promise<void> {
  if (doc.readyState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      win.removeEventListener('load', done);
      win.clearTimeout(timer);
      // After the load event's own work (the page's load handlers), not inside it.
      win.setTimeout(resolve, 0);
    };
    const timer = win.setTimeout(done, capMs);
    win.addEventListener('load', done);
  });
}

/** A built-in CRM's script: its one adapter, on the sites of its manifest entry. */
export function bootBuiltInScript(adapter: Adapter): Promise<void> {
  return bootContentScript({
    script: adapter.id,
    reads: (url) => adapter.detect(url) !== null,
    setUp: (run) => run.read([adapter]),
  });
}
