import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { daysSince, shiftDates } from '../../scripts/lib/fixture-server.mjs';
import { ARTIFACTS, useExtensionBrowser } from './harness';

const GLOBEX = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000GlobxAAC/view';
const FIXTURE = resolve(__dirname, '../fixtures/salesforce/record-layout-en-globex.html');
const SIDECAR = JSON.parse(readFileSync(FIXTURE.replace(/\.html$/, '.json'), 'utf8')) as { now: string };

const ext = useExtensionBrowser();

const usDate = (date: Date) => `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

/** One visit to the deal, with the page showing `closeDate` (the rep moved it in the CRM since the last visit). */
async function visit(page: Page, closeDate: Date): Promise<string[]> {
  await page.context().unroute(GLOBEX).catch(() => {});
  await page.context().route(GLOBEX, async (route) => {
    // The fixture page as the server would send it today, with this visit's close date.
    const html = shiftDates(readFileSync(FIXTURE, 'utf8'), daysSince(SIDECAR.now)).replace(
      /(data-target-selection-name="sfdc:RecordField\.Opportunity\.CloseDate"[\s\S]*?<lightning-formatted-text>)([^<]*)(<)/,
      `$1${usDate(closeDate)}$3`,
    );
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
  await page.goto(GLOBEX);
  await page.locator('[data-deal-hygiene="chip"]').waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300);
  return ext.badgeTexts(page);
}

describe('history across visits', () => {
  it('flags a deal whose close date was pushed on each of three visits', async () => {
    const page = await ext.browser.context.newPage();
    const first = await visit(page, inDays(20));
    expect(first.some((text) => text.startsWith('Close date pushed'))).toBe(false);
    const second = await visit(page, inDays(41));
    expect(second.some((text) => text.startsWith('Close date pushed'))).toBe(false); // one push is not yet a pattern
    const third = await visit(page, inDays(69));
    const slipping = third.find((text) => text.startsWith('Close date pushed'));
    expect(slipping).toBe('Close date pushed 2 times, 49 days later in total (largest push 28 days)');
    await page.screenshot({ path: `${ARTIFACTS}/salesforce-close-date-slipping.png`, fullPage: true });
  });
});
