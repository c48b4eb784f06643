import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useExtensionBrowser } from './harness';

const NORDISK = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000NordEAAS/view';

const ext = useExtensionBrowser({ language: 'da' });

describe('a Danish rep on a Danish Salesforce page', () => {
  it('gets badges and the popup in Danish', async () => {
    const page = await ext.browser.context.newPage();
    await page.goto(NORDISK);
    const badge = page.locator('[data-deal-hygiene] .text', { hasText: 'Ikke opdateret' });
    await badge.first().waitFor({ timeout: 15_000 });
    expect(await badge.first().textContent()).toBe('Ikke opdateret i 56 dage (grænse 21)');
    expect(await page.locator('[data-deal-hygiene="chip"] .text').textContent()).toMatch(/^Hygiejne \d+$/);
    await page.screenshot({ path: `${ARTIFACTS}/salesforce-record-da-ui.png`, fullPage: true });

    const popup = await ext.openPopup(await ext.tabOf(NORDISK), 'popup-da-ui.png');
    await popup.locator('.deal__name').waitFor();
    // textContent, not innerText: the score label is upper-cased by CSS.
    const text = (await popup.locator('main').textContent()) ?? '';
    expect(text).toContain('Hygiejnescore');
    expect(text).toContain('Kritisk (1)');
    expect(text).toContain('Sådan retter du det');
  });
});
