import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useExtensionBrowser } from './harness';

const ORG = 'https://acme.lightning.force.com';
const ACME = `${ORG}/lightning/r/Opportunity/0065g00000AcmeQAAR/view`;
const GLOBEX = `${ORG}/lightning/r/Opportunity/0065g00000GlobxAAC/view`;
const NORDISK = `${ORG}/lightning/r/Opportunity/0065g00000NordEAAS/view`;
const BLANK = `${ORG}/lightning/r/Opportunity/0065g00000BlankAAA/view`;
const EVIL = `${ORG}/lightning/r/Opportunity/0065g00000EvilXAAQ/view`;

const ext = useExtensionBrowser();
const { badgeTexts, tabOf, toolbarBadge, waitForToolbarText, openPopup } = ext;

async function waitForBadges(page: Page, predicate: (texts: string[]) => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  let texts: string[] = [];
  while (Date.now() < deadline) {
    texts = await badgeTexts(page);
    if (predicate(texts)) return texts;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; badges were: ${JSON.stringify(texts)}`);
}

describe('Salesforce opportunity pages with the built extension', () => {
  let page: Page;
  let tabId: number;

  it('draws field badges and the score chip on a record page', async () => {
    page = await ext.browser.context.newPage();
    await page.goto(ACME);
    const texts = await waitForBadges(page, (t) => t.includes('No next step') && t.some((x) => x.startsWith('Close date passed')), 'Acme badges');
    expect(texts).toContain('Close date passed 12 days ago');
    expect(texts.some((text) => text.startsWith('Not updated for 28 days'))).toBe(true);
    expect(texts.some((text) => text.startsWith('No customer activity for 30 days'))).toBe(true);
    expect(texts.find((text) => text.startsWith('Hygiene'))).toMatch(/^Hygiene \d+$/);
    // The close-date badge is drawn in the active record's Close Date item, not the hidden earlier view.
    const inCloseDate = await page
      .locator('.windowViewMode-normal.active records-record-layout-item[data-target-selection-name$=".CloseDate"] [data-deal-hygiene] .text')
      .allTextContents();
    expect(inCloseDate).toEqual(['Close date passed 12 days ago']);
    await page.screenshot({ path: `${ARTIFACTS}/salesforce-record-en.png`, fullPage: true });
  });

  it('shows the number of findings on the toolbar icon, coloured by the worst severity', async () => {
    tabId = await tabOf(`${ORG}/*`);
    expect(tabId).toBeGreaterThan(0);
    // No activity for 30 days and not updated for 28 (critical at twice the propose limit), close date passed, no next step.
    await waitForToolbarText(tabId, '4');
    const { color } = await toolbarBadge(tabId);
    expect(color.slice(0, 3)).toEqual([0xb3, 0x26, 0x1e]); // critical: last modified 28 days ago in a 14-day stage
  });

  it('lists the findings with why and how to fix in the popup', async () => {
    const popup = await openPopup(tabId, 'popup-acme.png');
    const text = await popup.locator('main').innerText();
    expect(text).toContain('Acme Corp - 500 Seats');
    expect(text).toContain('Close date passed 12 days ago');
    expect(text).toContain('No next step');
    expect(text).toMatch(/Why/);
    expect(text).toMatch(/How to fix/);
    expect(text).toContain('Critical');
    await popup.close();
  });

  it('follows single-page navigation to another deal', async () => {
    await page.bringToFront();
    await page.click('a[data-spa]');
    await page.waitForURL(GLOBEX);
    const texts = await waitForBadges(
      page,
      (t) => t.some((x) => x.startsWith('Not updated for 11 days')) && !t.some((x) => x.startsWith('Close date passed')),
      'Globex badges',
    );
    expect(texts).not.toContain('No next step');
    await waitForToolbarText(tabId, '1');
    await page.screenshot({ path: `${ARTIFACTS}/salesforce-record-after-navigation.png`, fullPage: true });
    const popup = await openPopup(tabId, 'popup-globex.png');
    expect(await popup.locator('main').innerText()).toContain('Globex - Renewal 2027');
    await popup.close();
  });

  it('reads a Dynamic Forms page in Danish', async () => {
    const danish = await ext.browser.context.newPage();
    await danish.goto(NORDISK);
    const texts = await waitForBadges(danish, (t) => t.some((x) => x.startsWith('Not updated for 56 days')), 'Danish page badges');
    expect(texts.some((text) => text.startsWith('Close date passed'))).toBe(false);
    await danish.screenshot({ path: `${ARTIFACTS}/salesforce-record-da.png`, fullPage: true });
    const popup = await openPopup(await tabOf(NORDISK), 'popup-nordisk.png');
    const text = await popup.locator('main').innerText();
    expect(text).toContain('Nordisk Energi A/S – 40 licenser');
    expect(text).toMatch(/DKK\s?1,250,000/);
    await popup.close();
    await danish.close();
  });

  it('says what it could not read on a page without readable fields, and draws nothing', async () => {
    const blank = await ext.browser.context.newPage();
    await blank.goto(BLANK);
    const id = await tabOf(BLANK);
    await waitForToolbarText(id, '?');
    expect(await badgeTexts(blank)).toEqual([]);
    const popup = await openPopup(id, 'popup-unreadable.png');
    const text = await popup.locator('main').innerText();
    expect(text).toContain('Could not read this page');
    expect(text).toContain('Close date');
    await popup.close();
    await blank.close();
  });

  it('treats hostile page text as text', async () => {
    const evil = await ext.browser.context.newPage();
    const errors: string[] = [];
    evil.on('pageerror', (error) => errors.push(error.message));
    await evil.goto(EVIL);
    await waitForBadges(evil, (t) => t.some((x) => x.startsWith('Hygiene')), 'chip on hostile page');
    expect(await evil.title()).not.toBe('pwned');
    const popup = await openPopup(await tabOf(EVIL), 'popup-hostile.png');
    expect(await popup.locator('.deal__name').innerText()).toContain('<script>document.title="pwned"</script>');
    expect(await popup.locator('main img, main script').count()).toBe(0);
    await popup.close();
    expect(errors).toEqual([]);
    await evil.close();
  });

  it('stops cleanly when the extension is reloaded under an open page', async () => {
    await page.bringToFront();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await ext.reloadExtension();
    await page.waitForTimeout(1500);
    // Any page change makes the orphaned script notice it was invalidated and remove its badges.
    await page.evaluate(() => document.querySelector('.windowViewMode-normal.active h1')?.append(document.createTextNode(' ')));
    await page.waitForTimeout(1000);
    for (let i = 0; i < 5; i++) {
      await page.evaluate((n) => document.querySelector('.windowViewMode-normal.active h1')?.append(document.createTextNode(String(n))), i);
      await page.waitForTimeout(100);
    }
    expect(await badgeTexts(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
