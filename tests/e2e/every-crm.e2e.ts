import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixtureRoutes } from '../../scripts/lib/fixture-server.mjs';
import { ARTIFACTS, useExtensionBrowser } from './harness';

/**
 * Every fixture page of every built-in CRM, served on its real hostname, read by the built extension in Chromium:
 * record pages get the summary chip, lists and boards a compact badge per readable row or card, and the toolbar a
 * count. Unit tests check what each adapter reads; this checks that the content script runs on each CRM's hosts and
 * draws without errors.
 */
interface Sidecar {
  url: string;
  crm: string;
  pageKind: 'record' | 'list' | 'board';
  snapshots?: { fields: Record<string, { state: string }> }[];
}

const pages = [...new Map([...fixtureRoutes().values()].map((route) => [route.name, route as { name: string; sidecar: Sidecar }])).values()]
  .filter((route) => route.sidecar.url?.startsWith('https://') && route.sidecar.crm !== 'salesforce')
  .sort((a, b) => a.name.localeCompare(b.name));
const hosts = [...new Set(pages.map((route) => new URL(route.sidecar.url).hostname))];

const ext = useExtensionBrowser({ hosts });

/** Deals the sidecar says are readable: at least one field is not unknown (the content script sends only those). */
const readable = (sidecar: Sidecar) => (sidecar.snapshots ?? []).filter((snapshot) => Object.values(snapshot.fields).some((field) => field.state !== 'unknown')).length;

async function collectErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Deal Hygiene')) errors.push(message.text());
  });
  return errors;
}

describe('the extension on every CRM it knows', () => {
  it('covers the other four CRMs', () => {
    expect(new Set(pages.map((route) => route.sidecar.crm))).toEqual(new Set(['hubspot', 'pipedrive', 'dynamics', 'zoho']));
  });

  for (const route of pages) {
    it(`draws its badges on ${route.name} (${route.sidecar.pageKind})`, async () => {
      const page = await ext.browser.context.newPage();
      const errors = await collectErrors(page);
      await page.goto(route.sidecar.url);
      const tabId = await ext.tabOf(route.sidecar.url.split('#')[0]!.split('?')[0] + '*');
      if (route.sidecar.pageKind === 'record') {
        await page.locator('[data-deal-hygiene="chip"] .badge').first().waitFor({ timeout: 15_000 });
        const toolbar = await ext.toolbarBadge(tabId);
        const fieldBadges = await page.locator('[data-deal-hygiene="field"]').count();
        // The toolbar counts the deal's findings; each finding with a field on the page has a badge there.
        expect(Number(toolbar.text || '0')).toBeGreaterThanOrEqual(fieldBadges > 0 ? 1 : 0);
      } else {
        const expected = readable(route.sidecar);
        await expect.poll(() => page.locator('[data-deal-hygiene="row"] .badge').count(), { timeout: 15_000 }).toBe(expected);
      }
      await page.screenshot({ path: `${ARTIFACTS}/crm-${route.name.replace('/', '-')}.png`, fullPage: false });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
