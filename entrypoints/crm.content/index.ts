import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { adapters } from '../../src/adapters';
import { startController } from '../../src/content/controller';
import { t } from '../../src/i18n/browser';

export default defineContentScript({
  matches: adapters.flatMap((adapter) => adapter.matches),
  runAt: 'document_idle',
  main(ctx) {
    const controller = startController({
      doc: document,
      currentUrl: () => location.href,
      send: (message) => browser.runtime.sendMessage(message),
      t,
      now: () => new Date(),
      isValid: () => ctx.isValid,
      setTimeout: (callback, ms) => ctx.setTimeout(callback, ms),
      clearTimeout: (id) => clearTimeout(id),
      log: (message) => console.debug(`[Deal Hygiene] ${message}`),
    });
    // Lightning and the other CRMs are single-page apps: follow their navigation.
    ctx.addEventListener(window, 'wxt:locationchange', () => controller.onLocationChange());
    ctx.onInvalidated(() => controller.stop());
  },
});
