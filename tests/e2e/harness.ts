import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchWithExtension } from '../../scripts/lib/browser.mjs';
import { startFixtureServer } from '../../scripts/lib/fixture-server.mjs';

/** The extension APIs inside the service worker, where `worker.evaluate` runs. */
declare const chrome: any;

export const EXTENSION_DIR = resolve(__dirname, '../..', process.env.DH_OUT_DIR ?? '.output', 'chrome-mv3');
/** Screenshots the e2e tests keep (git-ignored). */
export const ARTIFACTS = resolve(__dirname, '../../test-artifacts/e2e');

type Browser = Awaited<ReturnType<typeof launchWithExtension>>;
type Server = Awaited<ReturnType<typeof startFixtureServer>>;

/**
 * For one test file: the fixture CRM server and a Chromium with the built extension, started before the file's
 * tests and stopped after them, plus what the tests ask of them (badges on a page, the toolbar, the popup).
 */
export function useExtensionBrowser(options: { language?: string; hosts?: string[] } = {}) {
  let server: Server | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startFixtureServer();
    browser = await launchWithExtension({ extensionDir: EXTENSION_DIR, port: server.port, ...options });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = () => {
    if (!browser) throw new Error('the browser starts in beforeAll');
    return browser;
  };

  const harness = {
    get browser(): Browser {
      return started();
    },

    /** Texts of the badges drawn on the page (Playwright's CSS locators pierce open shadow roots). */
    badgeTexts(page: Page): Promise<string[]> {
      return page.locator('[data-deal-hygiene] .text').allTextContents();
    },

    /** The id of the first tab whose URL matches the pattern (-1 if none). */
    tabOf(pattern: string): Promise<number> {
      return started()
        .worker()
        .evaluate(async (url: string) => (await chrome.tabs.query({ url }))[0]?.id ?? -1, pattern);
    },

    toolbarBadge(tabId: number): Promise<{ text: string; color: number[] }> {
      return started()
        .worker()
        .evaluate(async (id: number) => ({
          text: await chrome.action.getBadgeText({ tabId: id }),
          color: await chrome.action.getBadgeBackgroundColor({ tabId: id }),
        }), tabId);
    },

    async waitForToolbarText(tabId: number, expected: string): Promise<void> {
      const deadline = Date.now() + 10_000;
      let last = '';
      while (Date.now() < deadline) {
        last = (await harness.toolbarBadge(tabId)).text;
        if (last === expected) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`toolbar badge was "${last}", expected "${expected}"`);
    },

    /** Reloads the extension as an update would, under whatever pages are open. */
    reloadExtension(): Promise<void> {
      return started()
        .worker()
        .evaluate(() => chrome.runtime.reload());
    },

    /** Opens the popup for a tab as its own page (the toolbar cannot be clicked headless) and keeps a screenshot. */
    async openPopup(tabId: number, screenshot: string): Promise<Page> {
      const { context, extensionId } = started();
      const popup = await context.newPage();
      await popup.setViewportSize({ width: 400, height: 600 });
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
      await popup.locator('main.popup h2, main.popup .state').first().waitFor();
      await popup.screenshot({ path: `${ARTIFACTS}/${screenshot}`, fullPage: true });
      return popup;
    },
  };
  return harness;
}
