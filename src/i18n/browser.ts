import { browser } from 'wxt/browser';
import { createTranslator, type Translate } from './translate';

let cached: Translate | null = null;

/** The translator for extension contexts: the browser picks the user's language from the locale files. */
export function t(key: string, data?: Record<string, string | number>): string {
  // Keys are built at run time (rule ids, field names), so the generated key union does not apply here.
  const getMessage = browser.i18n.getMessage as (key: string) => string;
  // Plural forms belong to the language of the texts shown, which the browser may pick apart from its UI locale.
  cached ??= createTranslator((name) => getMessage(name), getMessage('locale_code') || uiLocale());
  return cached(key, data);
}

export function uiLocale(): string {
  try {
    return browser.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}
