import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { adapters } from '../../src/adapters';
import type { Adapter } from '../../src/adapters/types';
import { startController } from '../../src/content/controller';
import { loadCustomAdapters, mappingTestListener } from '../../src/content/custom-crms';
import { CUSTOM_CRMS_KEY } from '../../src/model/crm-mapping';
import { t } from '../../src/i18n/browser';

export default defineContentScript({
  matches: adapters.flatMap((adapter) => adapter.matches),
  runAt: 'document_idle',
  // Also registered at run time for the CRMs a user adds ("Other CRM", src/background/custom-crms.ts).
  async main(ctx) {
    // "Test on this tab" (options page) asks the page to read with a mapping that may not be saved yet.
    const onTest = mappingTestListener(browser.runtime.id, document, () => location.href, () => new Date());
    browser.runtime.onMessage.addListener(onTest);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onTest));

    const start = (custom: Adapter[]) =>
      startController({
        doc: document,
        currentUrl: () => location.href,
        send: (message) => browser.runtime.sendMessage(message),
        t,
        now: () => new Date(),
        isValid: () => ctx.isValid,
        setTimeout: (callback, ms) => ctx.setTimeout(callback, ms),
        clearTimeout: (id) => clearTimeout(id),
        log: (message) => console.debug(`[Deal Hygiene] ${message}`),
        adapters: [...adapters, ...custom],
      });
    let controller = start(await loadCustomAdapters(browser.storage.local));
    // Lightning and the other CRMs are single-page apps: follow their navigation.
    ctx.addEventListener(window, 'wxt:locationchange', () => controller.onLocationChange());
    ctx.onInvalidated(() => controller.stop());

    // The user edited their custom CRMs: read on with the new mappings.
    const onStorage = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'local' || !(CUSTOM_CRMS_KEY in changes)) return;
      void loadCustomAdapters(browser.storage.local).then((custom) => {
        if (!ctx.isValid) return;
        controller.stop();
        controller = start(custom);
      });
    };
    browser.storage.onChanged.addListener(onStorage);
    ctx.onInvalidated(() => browser.storage.onChanged.removeListener(onStorage));
  },
});
