import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useExtensionBrowser } from './harness';

/** The extension APIs inside the service worker, where `worker.evaluate` runs. */
declare const chrome: any;
declare const axe: { run(context?: unknown, options?: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> };

const ACME = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const ext = useExtensionBrowser();

async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** The side panel page for a tab, opened as a page of its own (as the harness opens the popup). */
async function openSidePanel(tabId: number, width = 400, height = 1100): Promise<Page> {
  const { context, extensionId } = ext.browser;
  const panel = await context.newPage();
  await panel.setViewportSize({ width, height });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tabId=${tabId}`);
  await panel.locator('main.sidepanel h2, main.sidepanel .state').first().waitFor();
  return panel;
}

/**
 * A full-page screenshot. Playwright grows the viewport to the page's height for it, so the scrollbar goes and the
 * page lays out wider than the width it measured: without a scrollbar from the start, nothing is cut off at the right.
 */
async function shoot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: 'html { scrollbar-width: none; }' });
  await page.screenshot({ path: `${ARTIFACTS}/${name}`, fullPage: true });
}

const row = (page: Page, label: string) => page.locator('li.criterion', { has: page.locator('.criterion__label', { hasText: new RegExp(`^${label}$`) }) });
const checkedAnswer = (page: Page, label: string) =>
  row(page, label)
    .locator('input[type=radio]:checked')
    .evaluateAll((inputs) => (inputs[0] as HTMLInputElement | undefined)?.value ?? null);

async function waitForToolbar(tabId: number, predicate: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  let last = '';
  while (Date.now() < deadline) {
    last = (await ext.toolbarBadge(tabId)).text;
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`toolbar badge was "${last}", waiting for ${what}`);
}

describe('quick-qualify in the side panel and the popup (Chromium)', () => {
  let crm: Page;
  let tabId: number;
  let panel: Page;
  let answeredCount = 0;

  it('has a side panel in the manifest, with its permission and the Alt+Shift+Q command', async () => {
    const manifest = await ext.browser.worker().evaluate(() => chrome.runtime.getManifest());
    expect(manifest.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(manifest.permissions).toContain('sidePanel');
    expect(manifest.commands['quick-qualify'].suggested_key.default).toBe('Alt+Shift+Q');
  });

  it('shows the Salesforce deal in the side panel, ready to qualify', async () => {
    crm = await ext.browser.context.newPage();
    await crm.goto(ACME);
    tabId = await ext.tabOf('https://acme.lightning.force.com/*');
    // Stale activity, stale record, close date passed, no next step: nothing about qualification yet.
    await ext.waitForToolbarText(tabId, '4');
    panel = await openSidePanel(tabId);
    await expect.poll(() => panel.locator('h2.deal__name').textContent()).toBe('Acme Corp - 500 Seats');
    expect(await panel.locator('.qq__stage-summary').textContent()).toBe(
      'Proposal/Price Quote still requires: Metrics, Economic buyer, Decision criteria, Decision process, Identified pain, Champion',
    );
    expect(await panel.locator('.qq__score .score__value').textContent()).toBe('0');
    await shoot(panel, 'sidepanel-start.png');
    expect(await accessibilityProblems(panel)).toEqual([]);
  });

  it('answers with the keyboard; every change is saved and the deal is judged again', async () => {
    await panel.bringToFront();
    // Metrics yes, economic buyer no (with a note), decision criteria partly.
    await panel.keyboard.press('y');
    await panel.keyboard.press('j');
    await panel.keyboard.press('n');
    await panel.keyboard.press('Enter');
    await panel.keyboard.type('Only IT so far; CFO not involved');
    await panel.keyboard.press('Escape');
    await panel.keyboard.press('j');
    await panel.keyboard.press('2');
    await panel.getByRole('textbox', { name: 'People' }).fill('3');
    await panel.getByRole('textbox', { name: 'Hours' }).fill('40');
    await panel.getByRole('radiogroup', { name: 'Has our management met the customer?' }).getByRole('radio', { name: 'No', exact: true }).check();
    await panel.locator('.qq__save--saved').waitFor();

    expect(await panel.locator('.qq__score .score__value').textContent()).toBe('22');
    // Now the rules have answers: qualification gaps, no economic buyer, no management contact (480k USD in propose).
    answeredCount = Number(await waitForToolbar(tabId, (text) => Number(text) >= 7, 'the qualification findings'));
    // Every new finding but qualification-gaps (the stage summary says that one) is listed in the panel.
    await expect.poll(() => panel.locator('.qq__finding').count()).toBe(answeredCount - 5);
    const findings = await panel.locator('.qq__finding').allTextContents();
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^(Warning|Critical): No economic buyer identified/),
        expect.stringMatching(/^(Warning|Critical): Our management has not met the customer/),
      ]),
    );
    await shoot(panel, 'sidepanel-answered.png');
  });

  it('keeps every answer when the side panel is opened again', async () => {
    await panel.reload();
    await panel.locator('ol.criteria').waitFor();
    expect(await checkedAnswer(panel, 'Metrics')).toBe('yes');
    expect(await checkedAnswer(panel, 'Economic buyer')).toBe('no');
    expect(await checkedAnswer(panel, 'Decision criteria')).toBe('partly');
    expect(await checkedAnswer(panel, 'Champion')).toBeNull();
    await row(panel, 'Economic buyer').locator('.criterion__title').click();
    expect(await row(panel, 'Economic buyer').locator('textarea').inputValue()).toBe('Only IT so far; CFO not involved');
    expect(await panel.getByRole('textbox', { name: 'People' }).inputValue()).toBe('3');
    expect(await panel.getByRole('textbox', { name: 'Hours' }).inputValue()).toBe('40');
  });

  it('takes a finding away when the answer changes, and shows it in the popup and on the page', async () => {
    await row(panel, 'Economic buyer').getByRole('radio', { name: 'Yes' }).check();
    await waitForToolbar(tabId, (text) => text === String(answeredCount - 1), 'no-economic-buyer gone');
    const popup = await ext.openPopup(tabId, 'popup-quick-qualify-deal.png');
    const text = await popup.locator('main').innerText();
    expect(text).toContain('Stage requires Decision criteria, Decision process, Identified pain, Champion — not yet qualified');
    expect(text).not.toContain('No economic buyer');
    await popup.close();
  });

  it('copies the qualification as a CRM note', async () => {
    await panel.bringToFront();
    // Chromium cannot grant clipboard-read to an extension origin here: note what is written, and still write it.
    await panel.evaluate(() => {
      const write = navigator.clipboard.writeText.bind(navigator.clipboard);
      const copied: string[] = ((window as unknown as { copied: string[] }).copied = []);
      navigator.clipboard.writeText = (text: string) => {
        copied.push(text);
        return write(text);
      };
    });
    await panel.getByRole('button', { name: 'Copy as CRM note' }).click();
    await panel.getByText("Copied. Paste it into the CRM's notes or next-step field.").waitFor();
    const note = await panel.evaluate(() => (window as unknown as { copied: string[] }).copied.at(-1)!);
    const lines = note.split('\n');
    expect(lines[0]).toBe('Qualification (MEDDICC): Acme Corp - 500 Seats');
    expect(note).toContain('Metrics: Yes');
    expect(note).toContain('Economic buyer: Yes – Only IT so far; CFO not involved');
    expect(note).toContain('Decision criteria: Partly');
    expect(note).toContain('Internal effort: 3 people, 40 hours');
    expect(note).toContain('Management has met the customer: No');
    expect(lines.at(-1)).toBe('Still missing for Proposal/Price Quote: Decision criteria, Decision process, Identified pain, Champion');
  });

  it('qualifies a deal by name where the tab has no deal, and lists it among earlier ones', async () => {
    const blank = await ext.browser.context.newPage();
    await blank.goto('about:blank');
    const blankTab = await ext.browser.worker().evaluate(async () => (await chrome.tabs.query({ url: 'about:blank' }))[0]?.id ?? -1);
    expect(blankTab).toBeGreaterThan(0);
    const byName = await openSidePanel(blankTab, 400, 800);
    await byName.getByText('This tab shows no deal Deal Hygiene can read.').waitFor();
    await byName.locator('.earlier__item').first().waitFor();
    expect(await byName.locator('.earlier__name').allTextContents()).toEqual(['Acme Corp - 500 Seats']);
    await shoot(byName, 'sidepanel-by-name.png');
    await byName.getByRole('textbox', { name: 'Deal name' }).fill('Initech pilot (phone)');
    await byName.getByRole('button', { name: 'Qualify', exact: true }).click();
    await byName.locator('ol.criteria').waitFor();
    await byName.keyboard.press('p');
    await byName.locator('.qq__save--saved').waitFor();
    await byName.reload();
    await byName.locator('.earlier__item').first().waitFor();
    expect(await byName.locator('.earlier__name').allTextContents()).toEqual(['Initech pilot (phone)', 'Acme Corp - 500 Seats']);
    await byName.locator('.earlier__item').first().click();
    await byName.locator('ol.criteria').waitFor();
    expect(await checkedAnswer(byName, 'Metrics')).toBe('partly');
    await byName.close();
    await blank.close();
  });

  it('has a Quick-qualify tab in the popup, the same component', async () => {
    const { context, extensionId } = ext.browser;
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
    await popup.getByRole('tab', { name: 'Quick-qualify' }).click();
    await popup.locator('ol.criteria').waitFor();
    expect(await checkedAnswer(popup, 'Economic buyer')).toBe('yes');
    await popup.screenshot({ path: `${ARTIFACTS}/popup-quick-qualify-en.png` });
    // The popup scrolls inside itself: the criteria further down.
    await popup.locator('.criterion--current').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await popup.screenshot({ path: `${ARTIFACTS}/popup-quick-qualify-en-criteria.png` });
    expect(await accessibilityProblems(popup)).toEqual([]);
    // Answered in the popup, seen in the side panel.
    await popup.keyboard.press('j');
    await popup.keyboard.press('j');
    await popup.keyboard.press('j');
    await popup.keyboard.press('y');
    await popup.locator('.qq__save--saved').waitFor();
    await popup.close();
    await panel.reload();
    await panel.locator('ol.criteria').waitFor();
    expect(await checkedAnswer(panel, 'Decision process')).toBe('yes');
  });

  it('opens the side panel when the rep clicks the summary chip on the deal page', async () => {
    await crm.bringToFront();
    const chip = crm.locator('[data-deal-hygiene="chip"] .badge');
    expect(await chip.getAttribute('role')).toBe('button');
    // Chrome opens its side panel (or, where it cannot, the same page in a small window of its own).
    const opened = () =>
      ext.browser.worker().evaluate(async () => {
        const panels = await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] });
        const windows = await chrome.windows.getAll({ windowTypes: ['popup'] });
        return { panels: panels.length, windows: windows.length };
      });
    expect(await opened()).toEqual({ panels: 0, windows: 0 });
    await chip.click();
    // Chrome passes the click on with the message, so the real side panel opens (no fallback window).
    await expect.poll(opened, { timeout: 10_000 }).toEqual({ panels: 1, windows: 0 });
  });
});
