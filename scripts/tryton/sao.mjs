// Drives sao, Tryton's web client, in a Playwright page: log in, open a record. Shared by the end-to-end test and
// the fixture capture script. What it relies on (Tryton 6.0):
// - `<server>/#<database>` opens the login dialog with the database filled in (#login, then a password dialog);
//   the session is kept in localStorage, so other pages of the same browser profile share it;
// - `#<database>/model/<model>/<id>` opens the record in a new sao tab; every open tab stays in the DOM, the one
//   on screen is `#tabcontent > .tab-pane.active`, and its form is `.form` with one control per field, named after
//   the field (`input[name="end_date"]`), values set as properties.

export const ACTIVE_FORM = '#tabcontent > .tab-pane.active .form';

/**
 * @param {import('playwright-core').Page} page
 * @param {{ url: string, database: string }} server
 * @param {{ user: string, password: string }} login
 */
export async function logIn(page, server, { user, password }) {
  await page.goto(`${server.url}#${server.database}`);
  // sao keeps the session in localStorage (sao_session_<database>): a new page resumes the last user's session.
  // Forget it, so that this user logs in.
  if (await page.evaluate((database) => localStorage.getItem(`sao_session_${database}`) !== null, server.database)) {
    await page.evaluate((database) => localStorage.removeItem(`sao_session_${database}`), server.database);
    await page.reload();
  }
  await page.locator('#login').fill(user);
  await page.locator('.modal button[type="submit"]').click();
  const passwordInput = page.locator('.modal input[type="password"]');
  await passwordInput.fill(password);
  await passwordInput.press('Enter');
  // The session is open when the login dialog is gone and the menu has filled in.
  await page.waitForFunction(() => !document.querySelector('.modal.in') && (document.querySelector('#menu')?.textContent ?? '').trim() !== '', null, {
    timeout: 60_000,
    polling: 100,
  });
}

/**
 * Opens a record by its address and waits until sao has filled in its form (the record's number is set last).
 * @param {import('playwright-core').Page} page
 * @param {string} url  e.g. `${server.url}#${database}/model/sale.opportunity/2`
 */
export async function openRecord(page, url) {
  await page.goto(url);
  await waitForForm(page);
}

/** Waits until the form on screen shows a saved record and sao has stopped loading. */
export async function waitForForm(page, timeout = 60_000) {
  await page.waitForFunction(
    (selector) => {
      const number = document.querySelector(`${selector} input[name="number"]`);
      const busy = document.querySelector('#processing');
      return !!number && number.value !== '' && (!busy || getComputedStyle(busy).display === 'none');
    },
    ACTIVE_FORM,
    { timeout },
  );
}
