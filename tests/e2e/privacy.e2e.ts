import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, useExtensionBrowser } from './harness';

/** The extension APIs inside extension pages, where `page.evaluate` runs. */
declare const chrome: any;

const ACME_URL = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
const ACME_KEY = 'salesforce:acme.lightning.force.com:0065g00000AcmeQ';
/** What the fixture page shows about the deal: none of it may reach a console (logs end up in bug reports). */
const SENSITIVE = [/Acme Corp/i, /500 Seats/i, /480[,.]?000/, /Jane Doe/, /0065g00000AcmeQ/];

const ext = useExtensionBrowser();

interface Usage {
  deals: number;
  snapshots: number;
  qualifications: number;
  snoozes: number;
}

describe('privacy and data with the built extension', () => {
  const consoleLines: string[] = [];
  const listen = (source: string) => (message: ConsoleMessage) => consoleLines.push(`${source}: ${message.text()}`);
  let extensionPage: Page;
  const send = <T = any>(message: Record<string, unknown>): Promise<T> => extensionPage.evaluate((m) => chrome.runtime.sendMessage(m), message);

  it('exports everything, deletes everything, and imports it back, from an extension page', async () => {
    const { context, extensionId, worker } = ext.browser;
    worker().on('console', listen('worker'));
    context.on('console', listen('page'));
    context.on('weberror', (error) => consoleLines.push(`error: ${error.error().message}`));

    const crm = await context.newPage();
    await crm.goto(ACME_URL);
    await crm.locator('[data-deal-hygiene="chip"]').waitFor({ timeout: 15_000 });
    // Closed, so no later re-read of the page adds to what is compared below.
    await crm.close();

    extensionPage = await context.newPage();
    await extensionPage.goto(`chrome-extension://${extensionId}/options.html`);
    const before = (await send<{ ok: true; usage: Usage }>({ type: 'ui-bg:get-storage-usage' })).usage;
    expect(before).toMatchObject({ deals: 1, snapshots: 1 });

    const exported = await send<{ ok: true; file: any }>({ type: 'ui-bg:export-everything' });
    expect(exported.ok).toBe(true);
    expect(exported.file).toMatchObject({ kind: 'deal-hygiene-export', version: 1 });
    expect(exported.file.deals.map((deal: { key: string }) => deal.key)).toEqual([ACME_KEY]);
    expect(exported.file.snapshots[0].fields.name).toMatchObject({ state: 'value', value: 'Acme Corp - 500 Seats' });

    const deleted = await send({ type: 'ui-bg:delete-everything' });
    expect(deleted).toEqual({ ok: true, counts: { deals: 1, snapshots: 1, qualification: 0, snoozes: 0 } });
    expect((await send<{ usage: Usage }>({ type: 'ui-bg:get-storage-usage' })).usage).toMatchObject({ deals: 0, snapshots: 0, qualifications: 0, snoozes: 0 });
    // The review of what is stored is empty, and so is every storage area.
    expect((await send<{ ok: true; deals: unknown[] }>({ type: 'ui-bg:list-deals' })).deals).toEqual([]);
    const areas = await extensionPage.evaluate(async () => ({
      sync: await chrome.storage.sync.get(null),
      local: await chrome.storage.local.get(null),
      session: await chrome.storage.session.get(null),
    }));
    expect(areas).toEqual({ sync: {}, local: {}, session: {} });

    const imported = await send({ type: 'ui-bg:import-everything', file: exported.file });
    expect(imported).toEqual({ ok: true, counts: { deals: 1, snapshots: 1, qualification: 0, snoozes: 0, customCrms: 0 } });
    expect((await send<{ usage: Usage }>({ type: 'ui-bg:get-storage-usage' })).usage).toMatchObject({ deals: 1, snapshots: 1 });
    const review = await send<{ ok: true; deals: { snapshot: { key: string; fields: { name: { value: string } } } }[] }>({ type: 'ui-bg:list-deals' });
    expect(review.deals.map((deal) => deal.snapshot.key)).toEqual([ACME_KEY]);
    expect(review.deals[0]!.snapshot.fields.name.value).toBe('Acme Corp - 500 Seats');
    // The same again gives the same file, but for when it was made.
    const again = await send<{ ok: true; file: any }>({ type: 'ui-bg:export-everything' });
    expect({ ...again.file, exportedAt: null }).toEqual({ ...exported.file, exportedAt: null });
  });

  it('refuses a broken file with errors by path and keeps what is stored', async () => {
    const reply = await send<{ ok: false; code: string; errors: string[] }>({ type: 'ui-bg:import-everything', file: { kind: 'deal-hygiene-export', version: 1, exportedAt: 'now' } });
    expect(reply.ok).toBe(false);
    expect(reply.code).toBe('invalid-file');
    expect(reply.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^exportedAt: /), expect.stringMatching(/^deals: /), expect.stringMatching(/^settings: missing/)]));
    expect((await send<{ usage: Usage }>({ type: 'ui-bg:get-storage-usage' })).usage).toMatchObject({ deals: 1, snapshots: 1 });
  });

  it('shows the privacy section on the options page: what is stored, a storage-full notice, an import preview, the delete question', async () => {
    // As the background leaves it after making room when storage was full (the pruning itself is unit-tested).
    await extensionPage.evaluate(() => chrome.storage.local.set({ dataNotices: { lastPrunedForQuotaAt: new Date().toISOString(), prunedForQuotaSnapshots: 14 } }));
    const exported = await send<{ ok: true; file: unknown }>({ type: 'ui-bg:export-everything' });
    await extensionPage.setViewportSize({ width: 1100, height: 1400 });
    await extensionPage.reload();
    const section = extensionPage.locator('section[aria-labelledby="privacy-title"]');
    await section.getByText('Oldest snapshot kept:').waitFor({ timeout: 10_000 });
    await section.getByRole('alert').getByText(/^Storage was full on .*: 14 old snapshots were removed/).waitFor();
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${ARTIFACTS}/options-privacy.png` });

    await section.getByLabel('Choose an export file').setInputFiles({ name: 'deal-hygiene-export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported.file)) });
    const preview = section.getByRole('region', { name: /^deal-hygiene-export\.json, exported on .*, holds:$/ });
    await preview.getByText('1 deal with 1 snapshot of history').waitFor();
    await preview.screenshot({ path: `${ARTIFACTS}/options-privacy-import-preview.png` });
    await preview.getByRole('button', { name: 'Cancel' }).click();

    await section.getByRole('button', { name: 'Dismiss' }).click();
    await section.getByRole('alert').waitFor({ state: 'detached' });
    await section.getByRole('button', { name: 'Delete everything…' }).click();
    const question = section.getByRole('region', { name: /^Delete everything Deal Hygiene has stored\?/ });
    await question.getByText('1 deal and 1 snapshot of their history').waitFor();
    await question.screenshot({ path: `${ARTIFACTS}/options-privacy-confirm-delete.png` });
    await question.getByRole('button', { name: 'Cancel' }).click();
    expect((await send<{ usage: Usage }>({ type: 'ui-bg:get-storage-usage' })).usage).toMatchObject({ deals: 1, snapshots: 1 });
  });

  it('never logs deal names, amounts, owners or record ids to a console', () => {
    // The worker's console is heard (it logs what it did, in counts), and nothing in any console names the deal.
    expect(consoleLines).toEqual(expect.arrayContaining([expect.stringMatching(/^worker: .*deleted everything/), expect.stringMatching(/^worker: .*imported an export: 1 deals, 1 snapshots/)]));
    for (const pattern of SENSITIVE) expect(consoleLines.filter((line) => pattern.test(line))).toEqual([]);
  });
});
