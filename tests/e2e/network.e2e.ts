import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRoutes } from '../../scripts/lib/fixture-server.mjs';
import { ARTIFACTS, EXTENSION_DIR, useExtensionBrowser } from './harness';
import { openProbePage, tabState, waitFor, watchExtension, type Watch } from './watch';

/**
 * No network request except to the CRM origin the user is on. Every request the browser makes for a page (the CRM
 * page itself, our content script in it), for an extension page (popup, options, review, side panel) and for the
 * service worker is recorded (Playwright's context-wide `request` event includes the worker's; the last test proves
 * it does). Pages' requests must stay on the page's own origin, extension pages' and the worker's on the extension's
 * origin. Nothing a page shows may reach the console either.
 */

interface Sidecar {
  url: string;
  crm: string;
  pageKind: string;
  snapshots?: { fields: Record<string, { state: string; value?: unknown }> }[];
}

const pages = [...new Map([...fixtureRoutes().values()].map((route) => [route.name, route as { name: string; sidecar: Sidecar }])).values()]
  .filter((route) => route.sidecar.url?.startsWith('https://'))
  .sort((a, b) => a.name.localeCompare(b.name));
const hosts = [...new Set(pages.map((route) => new URL(route.sidecar.url).hostname))];

const ext = useExtensionBrowser({ hosts });
let watch: Watch;
let probe: Page;

interface Recorded {
  url: string;
  /** 'service worker', or the URL of the page the request was made for. */
  from: string;
  type: string;
  /** A top-level navigation: the page the test (the user) opened, not a request made by a page. */
  navigation: boolean;
  at: number;
}
const recorded: Recorded[] = [];
const record = (request: Request) => {
  const worker = request.serviceWorker();
  const navigation = request.isNavigationRequest() && request.frame()?.parentFrame() === null;
  recorded.push({ url: request.url(), from: worker ? `service worker ${worker.url()}` : (request.frame()?.page()?.url() ?? '?'), type: request.resourceType(), navigation, at: Date.now() });
};
/** Pages the tests open themselves. */
const opened = new Set<string>();
/** Responses with an error status: the fixture pages reference assets of the real CRMs that the fixture server lacks. */
const failed: { url: string; status: number; type: string }[] = [];

beforeAll(async () => {
  ext.browser.context.on('request', record);
  ext.browser.context.on('response', (response) => {
    if (response.status() >= 400) failed.push({ url: response.url(), status: response.status(), type: response.request().resourceType() });
  });
  watch = await watchExtension(ext.browser.context, ext.browser.extensionId);
  probe = await openProbePage(ext.browser.context, ext.browser.extensionId);
});

afterAll(async () => {
  await watch?.close();
  writeFileSync(join(ARTIFACTS, 'network-requests.json'), `${JSON.stringify(recorded, null, 2)}\n`);
});

/** scheme://host: Node's URL gives "null" as the origin of chrome-extension: URLs. */
const origin = (url: string) => {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return url;
  }
};

/** Where a request may go: a page's own origin (for the page and our content script in it), the extension's own files. */
function violations(since = 0, until = Infinity): string[] {
  const extension = `chrome-extension://${ext.browser.extensionId}`;
  return recorded
    .filter((request) => request.at >= since && request.at <= until)
    .filter((request) => {
      if (/^(data|blob):/.test(request.url)) return false;
      if (request.navigation && opened.has(request.url)) return false;
      if (request.from.startsWith('service worker')) return origin(request.url) !== extension;
      if (request.from.startsWith(`${extension}/`) || request.from === 'about:blank') return origin(request.url) !== extension;
      return origin(request.url) !== origin(request.from) && origin(request.url) !== extension;
    })
    .map((request) => `${request.from} → ${request.url} (${request.type})`);
}

describe('network: the CRM origin and the extension only', () => {
  const tabs: { name: string; tabId: number; page: Page }[] = [];

  it('every CRM fixture page, read and badged: requests stay on the page\'s own origin', async () => {
    for (const route of pages) {
      const page = await ext.browser.context.newPage();
      opened.add(route.sidecar.url);
      await page.goto(route.sidecar.url);
      const tabId = await ext.tabOf(`${route.sidecar.url.split('#')[0]!.split('?')[0]}*`);
      // Read and judged (or found unreadable): the background has a state for the tab.
      await waitFor(`${route.name} read`, () => tabState(probe, tabId), (state) => state?.status === 'deal' || state?.status === 'unreadable', 20_000);
      tabs.push({ name: route.name, tabId, page });
    }
    expect(tabs.length).toBe(pages.length);
    expect(violations()).toEqual([]);
  });

  it('every extension page (popup, options, review, side panel) loads only the extension\'s own files', async () => {
    const extensionPages = readdirSync(EXTENSION_DIR).filter((file) => file.endsWith('.html'));
    expect(extensionPages).toContain('popup.html');
    const since = Date.now();
    const record = tabs.find((tab) => tab.name === 'salesforce/record-layout-en') ?? tabs[0]!;
    for (const file of extensionPages) {
      const page = await ext.browser.context.newPage();
      const url = `chrome-extension://${ext.browser.extensionId}/${file}${file === 'popup.html' || file === 'sidepanel.html' ? `?tabId=${record.tabId}` : ''}`;
      opened.add(url);
      await page.goto(url);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1000);
      // Each surface's first tab or section, so the code behind it runs too.
      for (const tab of await page.getByRole('tab').all()) await tab.click().catch(() => undefined);
      await page.waitForTimeout(500);
      await page.close();
    }
    const fromExtensionPages = recorded.filter((request) => request.at >= since && request.from.startsWith('chrome-extension://'));
    expect(fromExtensionPages.length).toBeGreaterThan(0);
    expect(violations(since)).toEqual([]);
  });

  it('the service worker, stopped and started again by a page, requests nothing', async () => {
    const since = Date.now();
    await watch.stopServiceWorker();
    const record = tabs.find((tab) => tab.name === 'salesforce/record-layout-en') ?? tabs[0]!;
    // A change on the page wakes the worker with a new snapshot.
    await record.page.evaluate(() => document.title.length && document.body.append(document.createElement('span')));
    await record.page.evaluate(() => {
      const value = document.querySelector('.windowViewMode-normal.active [data-target-selection-name$=".CloseDate"] .test-id__field-value lightning-formatted-text');
      if (value) value.textContent = '12/31/2030';
    });
    await waitFor('the worker running again', () => watch.serviceWorkerRunning(), (running) => running, 15_000);
    await record.page.waitForTimeout(1500);
    expect(violations(since)).toEqual([]);
  });

  it('prints nothing a CRM page shows (deal names, owners, next steps) to any console', () => {
    const shown = new Set<string>();
    for (const route of pages) {
      for (const snapshot of route.sidecar.snapshots ?? []) {
        for (const field of ['name', 'owner', 'nextStep'] as const) {
          const value = snapshot.fields[field]?.value;
          const text = typeof value === 'string' ? value : (value as { text?: string } | undefined)?.text;
          if (text && text.length >= 6) shown.add(text);
        }
      }
    }
    expect(shown.size).toBeGreaterThan(10);
    const leaks = watch.console.filter((line) => [...shown].some((text) => line.includes(text)));
    expect(leaks).toEqual([]);
    // The only errors: the fixture pages' own missing assets (404), never a request of ours.
    expect(failed.filter((response) => !['stylesheet', 'script', 'image', 'font'].includes(response.type))).toEqual([]);
    const missingAsset = /^console https:\/\/[^ ]+: Failed to load resource: the server responded with a status of 404/;
    expect(watch.errors.filter((line) => !missingAsset.test(line))).toEqual([]);
  });

  it('(control) would see a request by the worker, an extension page or a content page to another host', async () => {
    const since = Date.now();
    const worker = ext.browser.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${ext.browser.extensionId}/`)) ?? ext.browser.worker();
    await worker.evaluate(() => fetch('https://control-from-worker.invalid/').catch(() => undefined));
    await probe.evaluate(() => fetch('https://control-from-extension-page.invalid/').catch(() => undefined));
    await tabs[0]!.page.evaluate(() => fetch('https://control-from-crm-page.invalid/', { mode: 'no-cors' }).catch(() => undefined));
    await probe.waitForTimeout(500);
    const seen = violations(since);
    expect(seen.some((line) => line.startsWith('service worker') && line.includes('control-from-worker.invalid'))).toBe(true);
    expect(seen.some((line) => line.includes('control-from-extension-page.invalid'))).toBe(true);
    expect(seen.some((line) => line.includes('control-from-crm-page.invalid'))).toBe(true);
  });
});
