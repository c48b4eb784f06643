import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reviewSeed, seedDeals } from '../../scripts/bench/review-page';
import { ARTIFACTS, useExtensionBrowser } from './harness';

/** The extension APIs inside the service worker, where `worker.evaluate` runs. */
declare const chrome: any;
declare const axe: { run(context?: unknown, options?: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> };

const LIST = 'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=AllOpportunities';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const IMPORTED = 120;

const ext = useExtensionBrowser();
const reviewUrl = () => `chrome-extension://${ext.browser.extensionId}/review.html`;

/** Opens the review page and waits until every deal has loaded. */
async function openReview(page: Page): Promise<void> {
  await page.goto(reviewUrl());
  await page.locator('.review[aria-busy="false"]').waitFor({ timeout: 60_000 });
}

/** Serious and critical accessibility problems axe-core finds (run over CDP, so the page's CSP allows it). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

const SALESFORCE_REPORT = [
  '"Opportunity Owner","Opportunity Name","Stage","Amount","Probability (%)","Close Date","Created Date","Next Step","Opportunity ID"',
  '"Dana Seller","Fjord Logistics – fleet rollout","Proposal/Price Quote","€180,000.00","60","12/15/2026","9/1/2026","Pricing call with the CFO","0065g00000FjordAAA"',
  '"Sam Rep","Nordlys Energi – pilot","Negotiation/Review","€95,000.00","80","someday","8/12/2026","","0065g00000NordlAAA"',
  '"Mikkel Holm","Tivoli Media – renewal","Qualification","€42,500.00","20","1/31/2027","10/2/2026","Discovery workshop","0065g00000TivolAAA"',
  '"broken","row"',
  '',
  '"Deal Hygiene test report"',
  '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
].join('\n');

describe('the pipeline review page in Chromium', () => {
  let review: Page;

  it('explains to a first-time user how deals appear, and offers the import', async () => {
    review = await ext.browser.context.newPage();
    await review.setViewportSize({ width: 1440, height: 900 });
    await openReview(review);
    await review.getByRole('heading', { name: 'No deals yet' }).waitFor();
    expect(await review.getByRole('region', { name: 'No deals yet' }).getByRole('button', { name: 'Import CSV…' }).isVisible()).toBe(true);
    await review.screenshot({ path: `${ARTIFACTS}/review-empty.png` });
    expect(await accessibilityProblems(review)).toEqual([]);
  });

  it('imports a Salesforce report through the mapping screen', async () => {
    await review.getByRole('button', { name: 'Import CSV…' }).first().click();
    const dialog = review.getByRole('dialog', { name: 'Import deals from a CSV export' });
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'pipeline-report.csv', mimeType: 'text/csv', buffer: Buffer.from(SALESFORCE_REPORT) });
    await dialog.getByText('Looks like a Salesforce opportunity report. Check the columns below.').waitFor();
    expect(await dialog.getByLabel('Deal name').inputValue()).toBe('Opportunity Name');
    await dialog.getByText('3 deals ready to import').waitFor();
    await dialog.getByText('1 row will be skipped').waitFor();
    await dialog.getByText('Close date could not be read').waitFor();
    await dialog.getByLabel('Save this mapping as').fill('Salesforce pipeline report');
    await dialog.getByRole('button', { name: 'Save mapping' }).click();
    await dialog.getByText('Saved “Salesforce pipeline report”.').waitFor();
    await review.screenshot({ path: `${ARTIFACTS}/review-import.png` });
    await dialog.getByRole('heading', { name: 'Check the preview' }).scrollIntoViewIfNeeded();
    await review.screenshot({ path: `${ARTIFACTS}/review-import-preview.png` });
    expect(await accessibilityProblems(review)).toEqual([]);
    await dialog.getByRole('button', { name: 'Import 3 deals' }).click();
    await dialog.getByText('Imported: 3 new or changed, 0 unchanged.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await review.getByRole('button', { name: 'Fjord Logistics – fleet rollout' }).waitFor();
    // The mapping was saved in the extension's local storage, validated.
    const stored = await ext.browser.worker().evaluate(() => chrome.storage.local.get('review.importPresets'));
    expect(stored['review.importPresets'][0]).toMatchObject({ name: 'Salesforce pipeline report', preset: 'salesforce', mapping: { name: 'Opportunity Name' } });
  });

  it('lists deals seen on CRM pages beside imported ones, and filters and sorts them', async () => {
    // 30 deals seen on a Salesforce list view, and a pipeline export of 120 more (some with close-date pushes).
    const crm = await ext.browser.context.newPage();
    await crm.goto(LIST);
    await expect.poll(() => crm.locator('[data-deal-hygiene="row"] .badge').count(), { timeout: 15_000 }).toBe(30);
    await crm.close();
    await seedDeals(review, reviewSeed(IMPORTED));
    await ext.browser.worker().evaluate(async () => {
      const year = new Date().getFullYear();
      const quarter = Math.floor(new Date().getMonth() / 3) + 1;
      const period = `${year}-Q${quarter}`;
      const quotas = ['Dana Seller', 'Sam Rep', 'Mikkel Holm', 'Ana Ruiz', 'Priya Nair'].map((owner, i) => ({ owner, period, amount: 400_000 + i * 150_000, currency: 'EUR' }));
      await chrome.storage.sync.set({ settings: { version: 1, quotas } });
    });

    await openReview(review);
    const total = 30 + 3 + IMPORTED;
    await expect.poll(() => review.locator('.filters__count').textContent()).toBe(`${total} deals`);
    const table = review.getByRole('table', { name: 'Deals' });
    expect(await table.getAttribute('aria-rowcount')).toBe(String(total + 1));
    // Virtualised: only the rows in view (and a few more) are in the DOM.
    const rendered = await table.getByRole('row').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    // Worst hygiene first.
    const scores = await table.locator('[role="row"] .deal-table__cell:nth-child(6) .score-pill').allTextContents();
    expect(scores.slice(0, 10).map(Number)).toEqual([...scores.slice(0, 10).map(Number)].sort((a, b) => a - b));
    expect(await review.getByRole('figure', { name: 'Pipeline coverage vs quota' }).locator('canvas').count()).toBe(1);
    expect(await review.getByRole('figure', { name: 'Findings by rule' }).locator('canvas').count()).toBe(1);
    await review.screenshot({ path: `${ARTIFACTS}/review-table.png` });
    expect(await accessibilityProblems(review)).toEqual([]);

    await review.getByLabel('Owner', { exact: true }).selectOption('Sam Rep');
    const shown = review.locator('.filters__count');
    await expect.poll(() => shown.textContent()).toMatch(new RegExp(`^\\d+ of ${total} deals$`));
    const owners = await table.locator('[role="row"] .deal-table__cell:nth-child(2)').allTextContents();
    expect(new Set(owners.slice(1))).toEqual(new Set(['Sam Rep']));
    await review.getByLabel('Source').selectOption('seen');
    await expect.poll(async () => (await table.locator('.tag').count())).toBe(0);
    await review.getByLabel('Source').selectOption('all');
    await review.getByLabel('Severity').selectOption('critical');
    await table.getByRole('columnheader', { name: /^Amount/ }).getByRole('button').click();
    expect(await table.getByRole('columnheader', { name: /^Amount/ }).getAttribute('aria-sort')).toBe('descending');
    await review.screenshot({ path: `${ARTIFACTS}/review-filtered.png` });
    await review.getByRole('button', { name: 'Clear filters' }).click();
    await review.getByText(`${total} deals`, { exact: true }).waitFor();
  });

  it("shows a deal's findings and its close-date drift in the drawer", async () => {
    // A deal the seed saw twice, its close date pushed in between.
    const seed = reviewSeed(IMPORTED);
    const pushed = seed.find((snapshot, i) => seed.findIndex((other) => other.key === snapshot.key) !== i)!;
    const name = pushed.fields.name.state === 'value' ? pushed.fields.name.value : '';
    await review.getByLabel('Search').fill(name);
    await review.getByRole('button', { name }).click();
    const drawer = review.getByRole('complementary', { name });
    await drawer.getByText('Why:').first().waitFor();
    await drawer.locator('.chart--drift canvas').waitFor();
    expect(await drawer.locator('.chart--drift figcaption').textContent()).toMatch(/^Changed \d+ times? /);
    await review.screenshot({ path: `${ARTIFACTS}/review-drawer.png` });
    await drawer.locator('.chart--drift').scrollIntoViewIfNeeded();
    await review.screenshot({ path: `${ARTIFACTS}/review-drawer-drift.png` });
    expect(await accessibilityProblems(review)).toEqual([]);
    await drawer.getByRole('button', { name: 'Close deal details' }).click();
    await review.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('copies the weekly pipeline brief to the clipboard', async () => {
    await review.getByRole('button', { name: 'Weekly brief' }).click();
    const dialog = review.getByRole('dialog', { name: 'Weekly pipeline meeting brief' });
    const markdown = await dialog.getByLabel('Preview (Markdown)').inputValue();
    expect(markdown).toMatch(/^# Weekly pipeline brief · /);
    for (const heading of ['## At a glance', '## Coverage against quota', '## Slipped this week', '## Stale commits', '## Qualification gaps']) expect(markdown).toContain(heading);
    expect(markdown).toMatch(/- Value at risk: €[\d,]+( \+ \$[\d,]+)? in \d+ deals? with critical findings/);
    await dialog.getByRole('button', { name: 'Copy to clipboard' }).click();
    await dialog.getByText('Copied. Paste it where your team meets.').waitFor();
    // Read the clipboard back the way a person would: paste into a text box (no clipboard-read permission needed).
    const notes = await ext.browser.context.newPage();
    await notes.setContent('<textarea aria-label="Meeting notes"></textarea>');
    await notes.getByLabel('Meeting notes').focus();
    await notes.keyboard.press('Control+V');
    expect(await notes.getByLabel('Meeting notes').inputValue()).toBe(markdown);
    await notes.close();
    await review.screenshot({ path: `${ARTIFACTS}/review-brief.png` });
    expect(await accessibilityProblems(review)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
  });

  it('removes the imported deals and keeps the ones seen in the CRM', async () => {
    await review.getByRole('button', { name: 'Remove imported deals' }).click();
    await review.getByRole('dialog', { name: 'Remove imported deals?' }).getByRole('button', { name: 'Remove' }).click();
    await review.getByText(`Removed ${IMPORTED + 3} imported deals.`).waitFor();
    await review.getByText('30 deals', { exact: true }).waitFor();
  });
});
