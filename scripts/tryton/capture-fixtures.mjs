// Saves the Tryton fixture pages (tests/fixtures/generic/tryton-*.html) from a real, freshly seeded Tryton:
//   node scripts/tryton/capture-fixtures.mjs [--out <dir>]
// Then update each sidecar (.json next to the page) by hand from its screenshot (test-artifacts/tryton-fixtures/): url and now
// (printed here) and every field as the page shows it. The sidecars are the test's truth, so they are not derived
// from what the adapter reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { browserPath } from '../lib/browser.mjs';
import { logIn, openRecord, waitForForm } from './sao.mjs';
import { startTryton } from './server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outArg = process.argv.indexOf('--out');
const OUT = outArg >= 0 ? process.argv[outArg + 1] : join(ROOT, 'tests', 'fixtures', 'generic');
const ACTIVE_TAB = '#tabcontent > .tab-pane.active';
/** Screenshots to write the sidecars from (git-ignored). */
const SHOTS = join(ROOT, 'test-artifacts', 'tryton-fixtures');

const HEADER = `<!-- Saved from Tryton 6.0 (Debian's tryton-sao) by scripts/tryton/capture-fixtures.mjs; data from scripts/tryton/seed.py.
     sao sets form values as DOM properties only: before saving, each input's .value was copied into its value
     attribute (textareas: their text; selects: the selected attribute), so the saved page still holds them.
     Images' blob: URLs were dropped. -->\n`;

/** The page as rendered, with the values that live only in properties written into attributes. */
async function save(page, name) {
  const html = await page.evaluate(() => {
    for (const input of document.querySelectorAll('input')) {
      if (input.type === 'checkbox' || input.type === 'radio') input.toggleAttribute('checked', input.checked);
      else if (input.type !== 'password') input.setAttribute('value', input.value);
    }
    for (const area of document.querySelectorAll('textarea')) area.textContent = area.value;
    for (const select of document.querySelectorAll('select')) for (const option of select.options) option.toggleAttribute('selected', option.selected);
    for (const image of document.querySelectorAll('img[src^="blob:"]')) image.removeAttribute('src');
    return document.documentElement.outerHTML;
  });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${name}.html`), `<!DOCTYPE html>\n${HEADER}${html}\n`);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  console.log(`${name}: url ${page.url()}  now ${new Date().toISOString()}`);
}

const tryton = await startTryton({ german: true, cache: false });
const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] });
try {
  const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(admin, tryton, { user: tryton.user, password: tryton.password });
  // Two opportunities open in two sao tabs: the page keeps the hidden one, which must not be read.
  await openRecord(admin, tryton.recordUrl('sale.opportunity', tryton.opportunities.fresh));
  await openRecord(admin, tryton.recordUrl('sale.opportunity', tryton.opportunities.past_close));
  await save(admin, 'tryton-opportunity-en');

  // The bare lead, opened from the list as a user would: Sales → Leads and Opportunities → Leads.
  await admin.locator('#menu').getByText('Sales', { exact: true }).first().click();
  await admin.locator('#menu').getByText('Leads and Opportunities', { exact: true }).first().click();
  await admin.locator(`${ACTIVE_TAB} tbody tr`).filter({ hasText: 'Hooli' }).first().waitFor({ timeout: 60_000 });
  await admin.locator(`${ACTIVE_TAB} tbody tr`).filter({ hasNotText: 'Hooli' }).filter({ has: admin.locator('td') }).first().dblclick();
  await waitForForm(admin);
  await save(admin, 'tryton-opportunity-blank-en');
  await admin.close();

  const german = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(german, tryton, tryton.german);
  await openRecord(german, tryton.recordUrl('sale.opportunity', tryton.opportunities.won));
  await save(german, 'tryton-opportunity-de');
} finally {
  await browser.close();
  await tryton.stop();
}
