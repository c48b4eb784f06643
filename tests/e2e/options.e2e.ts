import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, EXTENSION_DIR, useExtensionBrowser } from './harness';
import { launchWithExtension } from '../../scripts/lib/browser.mjs';
import en from '../../public/_locales/en/messages.json';

/** The extension APIs inside the service worker, where `worker.evaluate` runs. */
declare const chrome: any;
declare const axe: { run(context?: unknown, options?: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> };

const ACME = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
const NO_NEXT_STEP = en.rule_next_step_missing__name.message;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const ext = useExtensionBrowser();

async function waitForBadges(page: Page, predicate: (texts: string[]) => boolean, what: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  let texts: string[] = [];
  while (Date.now() < deadline) {
    texts = await ext.badgeTexts(page);
    if (predicate(texts)) return texts;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; badges were: ${JSON.stringify(texts)}`);
}

/** Serious and critical accessibility problems axe-core finds on the page (run over CDP, so the page's CSP allows it). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

describe('the options page in Chromium', () => {
  let crm: Page;
  let options: Page;

  it('opens in a tab of its own', async () => {
    const manifest = await ext.browser.worker().evaluate(() => chrome.runtime.getManifest());
    expect(manifest.options_ui).toEqual({ page: 'options.html', open_in_tab: true });
  });

  it('shows the rules, with the CRM page drawing the rule’s badge before any change', async () => {
    crm = await ext.browser.context.newPage();
    await crm.goto(ACME);
    await waitForBadges(crm, (texts) => texts.includes('No next step'), 'the no-next-step badge');

    options = await ext.browser.context.newPage();
    await options.setViewportSize({ width: 1280, height: 900 });
    await options.goto(`chrome-extension://${ext.browser.extensionId}/options.html`);
    await options.getByRole('heading', { name: 'Rules', level: 2 }).waitFor();
    expect(await options.title()).toBe('Deal Hygiene settings');
    // One switch per rule (precise mode has switches of its own, one per CRM).
    expect(await options.locator('#rules').getByRole('switch').count()).toBe(18);
    await options.screenshot({ path: `${ARTIFACTS}/options-page.png` });
    await options.screenshot({ path: `${ARTIFACTS}/options-page-full.png`, fullPage: true });
    expect(await accessibilityProblems(options)).toEqual([]);
  });

  it('edits a per-stage threshold, shows an invalid value inline and refuses to save it', async () => {
    await options.getByRole('row', { name: /No recent customer activity/ }).getByRole('button', { name: 'Thresholds' }).click();
    const commit = options.locator('#field-rules-stale-activity-options-maxDaysByStage-commit');
    await commit.fill('0');
    await expect.poll(() => options.locator('#field-rules-stale-activity-options-maxDaysByStage-commit-error').innerText()).toBe('Must be at least 1');
    expect(await options.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    expect(await options.locator('.save-bar').innerText()).toContain('1 problem to fix before you can save');
    await commit.scrollIntoViewIfNeeded();
    await options.screenshot({ path: `${ARTIFACTS}/options-thresholds-error.png` });
    await commit.fill('5');
    expect(await options.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(false);
    await options.getByRole('button', { name: 'Discard' }).click();
    expect(await commit.inputValue()).toBe('7');
  });

  it('turns a rule off and saves it', async () => {
    const toggle = options.getByRole('switch', { name: `Check ${NO_NEXT_STEP}` });
    await toggle.scrollIntoViewIfNeeded();
    await toggle.click();
    expect(await toggle.isChecked()).toBe(false);
    const bar = options.locator('.save-bar');
    expect(await bar.innerText()).toContain('1 unsaved change');
    await options.screenshot({ path: `${ARTIFACTS}/options-unsaved.png` });
    await options.getByRole('button', { name: 'Save', exact: true }).click();
    await options.getByText('Settings saved. Open CRM tabs use them at their next check.').waitFor();
    await options.screenshot({ path: `${ARTIFACTS}/options-saved.png` });
    const stored = await ext.browser.worker().evaluate(() => chrome.storage.sync.get('settings'));
    expect(stored.settings.rules['next-step-missing']).toEqual({ enabled: false, options: {} });
  });

  it('the CRM page no longer shows that rule’s badge, and keeps the others', async () => {
    await crm.bringToFront();
    await crm.reload();
    const texts = await waitForBadges(crm, (t) => t.some((x) => x.startsWith('Close date passed')), 'badges after the change');
    expect(texts).not.toContain('No next step');
    expect(texts.some((text) => text.startsWith('Not updated for'))).toBe(true);
    await crm.screenshot({ path: `${ARTIFACTS}/options-effect-on-salesforce.png` });
  });

  it('previews a rule pack before applying it, and lists a broken one’s errors by path', async () => {
    await options.bringToFront();
    const file = options.locator('#pack-file');
    await file.scrollIntoViewIfNeeded();
    await file.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ kind: 'deal-hygiene-rule-pack', version: 1, name: 'Broken', settings: { rules: { 'stale-record': { options: { maxDaysByStage: { commit: 'soon' } } } } } })),
    });
    const problems = options.getByRole('alert').filter({ hasText: 'cannot be imported' });
    await problems.waitFor();
    expect(await problems.innerText()).toContain('settings.rules.stale-record.options.maxDaysByStage.commit: expected number, received string');
    await options.screenshot({ path: `${ARTIFACTS}/options-pack-errors.png` });

    await file.setInputFiles({
      name: 'nordic.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          kind: 'deal-hygiene-rule-pack',
          version: 1,
          name: 'Nordic team',
          description: 'Shorter limits in late stages; BANT.',
          exportedAt: '2026-03-01T09:00:00.000Z',
          settings: {
            rules: { 'stale-record': { enabled: true, options: { maxDaysByStage: { commit: 5 } } }, 'next-step-missing': { enabled: false, options: {} } },
            qualification: { framework: 'bant' },
          },
        }),
      ),
    });
    const preview = options.getByRole('region', { name: 'What Nordic team changes' });
    await preview.waitFor();
    const text = await preview.innerText();
    expect(text).toContain('Framework: MEDDICC → BANT');
    expect(text).toMatch(/Days without an update, per stage \(Commit\) 7 → 5/);
    await preview.scrollIntoViewIfNeeded();
    await options.screenshot({ path: `${ARTIFACTS}/options-pack-preview.png` });
    await options.getByRole('button', { name: 'Apply to this page' }).click();
    expect(await options.locator('#field-qualification-framework').inputValue()).toBe('bant');
    expect(await options.locator('.save-bar').innerText()).toMatch(/\d+ unsaved changes?/);
    await options.getByRole('button', { name: 'Discard' }).click();
    expect(await options.locator('#field-qualification-framework').inputValue()).toBe('meddicc');
  });

  it('has no serious accessibility problems with editors open', async () => {
    await options.getByRole('row', { name: /Effort out of proportion/ }).getByRole('button', { name: 'Thresholds' }).click();
    await options.getByRole('row', { name: /Vague next step/ }).getByRole('button', { name: 'Thresholds' }).click();
    await options.getByRole('button', { name: 'Add a quota' }).click();
    expect(await accessibilityProblems(options)).toEqual([]);
    await options.getByRole('heading', { name: 'Quotas' }).scrollIntoViewIfNeeded();
    await options.screenshot({ path: `${ARTIFACTS}/options-quotas.png` });
    await options.locator('#qualification').screenshot({ path: `${ARTIFACTS}/options-qualification.png` });
    await options.getByRole('button', { name: 'HubSpot' }).click();
    await options.locator('#stages').screenshot({ path: `${ARTIFACTS}/options-stages.png` });
  });

  it('is in Danish for a Danish browser', async () => {
    const danish = await launchWithExtension({ extensionDir: EXTENSION_DIR, port: 9, language: 'da' });
    try {
      const page = await danish.context.newPage();
      await page.goto(`chrome-extension://${danish.extensionId}/options.html`);
      await page.getByRole('heading', { name: 'Regler', level: 2 }).waitFor();
      expect(await page.title()).toBe('Deal Hygiene-indstillinger');
      await page.getByRole('button', { name: 'Grænser for Ikke opdateret' }).click();
      await page.screenshot({ path: `${ARTIFACTS}/options-page-da.png` });
      await page.getByRole('heading', { name: 'Kvoter' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${ARTIFACTS}/options-quotas-da.png` });
    } finally {
      await danish.close();
    }
  });
});
