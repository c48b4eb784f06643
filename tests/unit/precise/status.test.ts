import { describe, expect, it } from 'vitest';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import { PRECISE_ERROR_CODES } from '../../../src/precise/client';
import { preciseStatusText } from '../../../src/precise/status';
import en from '../../../public/_locales/en/messages.json';
import da from '../../../public/_locales/da/messages.json';

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');

describe('the popup\'s precise-mode line', () => {
  it('says nothing when precise mode is off for the deal', () => {
    expect(preciseStatusText(tEn, null)).toBeNull();
    expect(preciseStatusText(tEn, { state: 'off' })).toBeNull();
  });

  it('names what the API gave', () => {
    const status = { state: 'api' as const, readAt: '2026-11-27T09:00:00.000Z', fromCache: false, fields: ['name' as const, 'closeDate' as const], historyCount: 1, missing: [] };
    expect(preciseStatusText(tEn, status)).toBe("Precise mode: 2 fields and 1 history entry from the CRM's API");
    expect(preciseStatusText(tDa, status)).toBe("Præcis tilstand: 2 felter og 1 historikpost fra CRM'ets API");
  });

  it.each(PRECISE_ERROR_CODES)('explains a failure (%s) in both languages, and says the page is shown', (code) => {
    const status = { state: 'failed' as const, at: '2026-11-27T09:00:00.000Z', code, detail: 'HTTP 403' };
    const english = preciseStatusText(tEn, status)!;
    expect(english).toMatch(/^Precise mode: could not read the API — .+; showing what the page shows$/);
    expect(english).not.toContain('precise_error_');
    expect(preciseStatusText(tDa, status)).toMatch(/^Præcis tilstand: kunne ikke læse API'et — .+; viser det, siden viser$/);
  });

  it('an org that refuses session API access is told so', () => {
    expect(preciseStatusText(tEn, { state: 'failed', at: '2026-11-27T09:00:00.000Z', code: 'api_disabled', detail: 'HTTP 403 API_DISABLED_FOR_ORG' })).toBe(
      'Precise mode: could not read the API — your organisation does not allow API access with a browser session (ask your Salesforce administrator about API access control); showing what the page shows',
    );
  });
});
