import { describe, expect, it } from 'vitest';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import { PRECISE_ERROR_CODES } from '../../../src/precise/client';
import { PRECISE_CRMS } from '../../../src/precise/common';
import { precisePopupLine, readTime, type PreciseLineInput, type PreciseStatus } from '../../../src/precise/status';
import en from '../../../public/_locales/en/messages.json';
import da from '../../../public/_locales/da/messages.json';

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');
const READ_AT = '2026-11-27T09:00:00.000Z';
const NOW = new Date('2026-11-27T09:02:00.000Z');
const EN = { locale: 'en-GB', now: NOW, timeZone: 'UTC' };
const DA = { locale: 'da-DK', now: NOW, timeZone: 'UTC' };

const crms = (overrides: Partial<Record<(typeof PRECISE_CRMS)[number], { enabled: boolean; granted: boolean }>> = {}) => ({
  salesforce: { enabled: false, granted: false },
  hubspot: { enabled: false, granted: false },
  pipedrive: { enabled: true, granted: true },
  dynamics: { enabled: true, granted: true },
  ...overrides,
});
const apiStatus = (extra: Partial<Extract<PreciseStatus, { state: 'api' }>> = {}): PreciseStatus => ({
  state: 'api',
  readAt: READ_AT,
  fromCache: false,
  fields: ['name', 'closeDate'],
  historyCount: 0,
  missing: [],
  ...extra,
});
/** A Pipedrive record page; the page was read a second before the API (a fresh read) unless said otherwise. */
const input = (deal: PreciseStatus | null, extra: Partial<PreciseLineInput> = {}): PreciseLineInput => ({
  crm: 'pipedrive',
  pageKind: 'record',
  snapshot: { source: deal?.state === 'api' ? 'api' : 'page', capturedAt: '2026-11-27T08:59:59.000Z' },
  reply: { crms: crms(), deal },
  ...extra,
});

describe('the popup\'s line about where the values came from', () => {
  it('says nothing where precise mode does not apply: other CRMs, lists and boards, or no answer from the background', () => {
    expect(precisePopupLine(tEn, input(null, { crm: 'zoho' }), EN)).toBeNull();
    expect(precisePopupLine(tEn, input(null, { pageKind: 'board' }), EN)).toBeNull();
    expect(precisePopupLine(tEn, input(null, { reply: null }), EN)).toBeNull();
  });

  it('precise mode off: the page\'s values, and says so', () => {
    const off = input(null, { crm: 'salesforce' });
    expect(precisePopupLine(tEn, off, EN)).toEqual({ tone: 'page', text: 'Values from the page (precise mode is off for Salesforce)', notes: [] });
    expect(precisePopupLine(tDa, off, DA)!.text).toBe('Værdier fra siden (præcis tilstand er slået fra for Salesforce)');
  });

  it('on, but the browser permission was removed', () => {
    const line = precisePopupLine(tEn, input(null, { reply: { crms: crms({ pipedrive: { enabled: true, granted: false } }), deal: apiStatus() } }), EN)!;
    expect(line.tone).toBe('failed');
    expect(line.text).toBe('Values from the page — precise mode for Pipedrive lacks its browser permission; turn it off and on again in the options');
  });

  it('a fresh read: from the API, with the time it was read', () => {
    expect(precisePopupLine(tEn, input(apiStatus()), EN)).toEqual({ tone: 'api', text: 'Values from the Pipedrive API, read 09:00', notes: [] });
    expect(precisePopupLine(tDa, input(apiStatus()), DA)!.text).toBe("Værdier fra Pipedrive-API'et, læst 09.00");
  });

  it('a visit after the read: the kept copy, and when it is read again', () => {
    const kept = input(apiStatus(), { snapshot: { source: 'api', capturedAt: '2026-11-27T09:01:30.000Z' } });
    expect(precisePopupLine(tEn, kept, EN)!.text).toBe('Values from the Pipedrive API, as read 09:00 (read again after 5 minutes)');
    expect(precisePopupLine(tDa, kept, DA)!.text).toBe("Værdier fra Pipedrive-API'et som læst 09.00 (læses igen efter 5 minutter)");
  });

  it('names the history the API gave and the parts it could not read', () => {
    const status = apiStatus({ historyCount: 5, missing: [{ name: 'audit', code: 'forbidden' }] });
    const line = precisePopupLine(tEn, input(status, { crm: 'dynamics' }), EN)!;
    expect(line.text).toBe('Values from the Dynamics 365 API, read 09:00');
    expect(line.notes).toEqual([
      "Includes 5 dated changes from the CRM's own history",
      'Not read: audit history — Dynamics 365 does not let your user read this deal through its API',
    ]);
    expect(precisePopupLine(tDa, input(status, { crm: 'dynamics' }), DA)!.notes).toEqual([
      "Med 5 daterede ændringer fra CRM'ets egen historik",
      'Ikke læst: overvågningshistorik — Dynamics 365 lader ikke din bruger læse denne aftale gennem sit API',
    ]);
    expect(precisePopupLine(tEn, input(apiStatus({ historyCount: 1 })), EN)!.notes).toEqual(["Includes 1 dated change from the CRM's own history"]);
  });

  it('a read from an earlier day shows the date too', () => {
    const line = precisePopupLine(tEn, input(apiStatus({ readAt: '2026-11-26T16:45:00.000Z' }), { snapshot: { source: 'api', capturedAt: '2026-11-26T16:44:00.000Z' } }), EN)!;
    expect(line.text).toBe('Values from the Pipedrive API, read 26 Nov 2026, 16:45');
    expect(readTime('2026-11-26T16:45:00.000Z', DA)).toBe('26. nov. 2026, 16.45');
  });

  it('the API refused: the page\'s values, with the reason in plain words and the technical detail apart', () => {
    const refused: PreciseStatus = { state: 'failed', at: READ_AT, code: 'api_disabled', detail: 'HTTP 403 API_DISABLED_FOR_ORG' };
    expect(precisePopupLine(tEn, input(refused, { crm: 'salesforce', reply: { crms: crms({ salesforce: { enabled: true, granted: true } }), deal: refused } }), EN)).toEqual({
      tone: 'failed',
      text: 'Values from the page — Salesforce refused API access for this session (ask your administrator about API access control)',
      notes: [],
      detail: 'HTTP 403 API_DISABLED_FOR_ORG',
    });
  });

  it.each(PRECISE_ERROR_CODES)('explains a failure (%s) in both languages, naming the CRM', (code) => {
    const failed: PreciseStatus = { state: 'failed', at: READ_AT, code, detail: 'HTTP 403' };
    for (const [t, format, prefix] of [
      [tEn, EN, 'Values from the page — '],
      [tDa, DA, 'Værdier fra siden — '],
    ] as const) {
      const text = precisePopupLine(t, input(failed, { crm: 'hubspot', reply: { crms: crms({ hubspot: { enabled: true, granted: true } }), deal: failed } }), format)!.text;
      expect(text.startsWith(prefix)).toBe(true);
      expect(text).toContain('HubSpot');
      expect(text).not.toMatch(/precise_error_|\{/);
    }
  });

  it('on, but this page was read before precise mode read the deal: reload to read it', () => {
    expect(precisePopupLine(tEn, input(null), EN)).toEqual({
      tone: 'page',
      text: 'Values from the page — precise mode is on; reload the page to read this deal through the Pipedrive API',
      notes: [],
    });
    // The API was read (by another tab), but the values shown are still the page's.
    expect(precisePopupLine(tEn, input(apiStatus(), { snapshot: { source: 'page', capturedAt: '2026-11-27T08:00:00.000Z' } }), EN)!.text).toMatch(/reload the page/);
  });

  it('every part a read can leave out has a name in both languages', () => {
    for (const part of ['audit', 'flow', 'stages', 'pipelines', 'labels', 'history']) {
      expect(tEn(`precise_part_${part}`)).not.toBe(`precise_part_${part}`);
      expect(tDa(`precise_part_${part}`)).not.toBe(`precise_part_${part}`);
    }
  });
});
