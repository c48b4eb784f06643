import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useExtensionBrowser } from './harness';

const LIST = 'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=AllOpportunities';

const ext = useExtensionBrowser();

describe('a manager scanning a Salesforce list view', () => {
  it('sees a compact badge on every row, and the toolbar counts the deals that need attention', async () => {
    const page = await ext.browser.context.newPage();
    await page.goto(LIST);
    const rowBadges = page.locator('[data-deal-hygiene="row"] .badge');
    await expect.poll(() => rowBadges.count(), { timeout: 15_000 }).toBe(30);
    const labels = await page.locator('[data-deal-hygiene="row"] .text').allTextContents();
    const flagged = labels.filter((label) => label !== '✓');
    expect(flagged.length).toBeGreaterThan(0);
    for (const label of flagged) expect(Number(label)).toBeGreaterThan(0);
    // Every badge has an accessible name and can be reached with the keyboard.
    const first = rowBadges.first();
    expect(await first.getAttribute('aria-label')).toBeTruthy();
    expect(await first.getAttribute('tabindex')).toBe('0');
    await page.screenshot({ path: `${ARTIFACTS}/salesforce-list-row-badges.png`, fullPage: true });

    // The badges sit on the name's line: hiding them leaves every row exactly as tall (no layout shift beyond their width).
    const rowHeights = () => page.locator('tr[data-row-key-value]').evaluateAll((rows) => rows.map((row) => row.getBoundingClientRect().height));
    const withBadges = await rowHeights();
    await page.addStyleTag({ content: '[data-deal-hygiene] { display: none !important; }' });
    expect(await rowHeights()).toEqual(withBadges);

    const toolbar = await ext.toolbarBadge(await ext.tabOf('https://acme.lightning.force.com/*'));
    expect(toolbar.text).toBe(String(flagged.length));
  });
});
