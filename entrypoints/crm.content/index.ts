import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { adapters } from '../../src/adapters';
import type { Adapter } from '../../src/adapters/types';
import { claimPage } from '../../src/content/claim-page';
import { startController, type Controller } from '../../src/content/controller';
import { CUSTOM_CRMS_KEY, loadCustomAdapters, mappingTestListener } from '../../src/content/custom-crms';
import { navigationOf, watchLocation } from '../../src/content/location-watch';
import { t } from '../../src/i18n/browser';

export default defineContentScript({
  matches: adapters.flatMap((adapter) => adapter.matches),
  runAt: 'document_idle',
  // WXT would post the script's start, with the extension id, to the page's window. The script's life is not tied to
  // WXT's context either (a page can dispatch its "newer script started" event): it lasts while the extension does.
  noScriptStartedPostMessage: true,
  // Also registered at run time for the CRMs a user adds ("Other CRM", src/background/custom-crms.ts).
  async main() {
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
    if (!claimPage(globalThis, { alive, stop })) return;

    // "Test on this tab" (options page) asks the page to read with a mapping that may not be saved yet.
    const onTest = mappingTestListener(browser.runtime.id, document, () => location.href, () => new Date());
    browser.runtime.onMessage.addListener(onTest);
    cleanUps.push(() => browser.runtime.onMessage.removeListener(onTest));

    const start = (custom: Adapter[]) =>
      startController({
        doc: document,
        currentUrl: () => location.href,
        send: (message) => browser.runtime.sendMessage(message),
        t,
        now: () => new Date(),
        isValid: alive,
        setTimeout: (callback, ms) => window.setTimeout(callback, ms),
        clearTimeout: (id) => window.clearTimeout(id),
        log: (message) => console.debug(`[Deal Hygiene] ${message}`),
        adapters: [...adapters, ...custom],
      });
    const custom = await loadCustomAdapters(browser.storage.local);
    if (stopped || !alive()) return stop();
    controller = start(custom);

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

    // The user edited their custom CRMs: read on with the new mappings.
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'local' || !(CUSTOM_CRMS_KEY in changes)) return;
      void loadCustomAdapters(browser.storage.local).then((updated) => {
        if (stopped || !alive()) return;
        controller?.stop();
        controller = start(updated);
      });
    };
    browser.storage.onChanged.addListener(onStorage);
    cleanUps.push(() => browser.storage.onChanged.removeListener(onStorage));
  },
});
