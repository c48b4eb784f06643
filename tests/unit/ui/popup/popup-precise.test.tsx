import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTranslator, lookupFromFile } from '../../../../src/i18n/translate';
import type { DealView, TabState } from '../../../../src/messaging/protocol';
import type { PreciseStatusReply } from '../../../../src/messaging/precise';
import type { PreciseStatus } from '../../../../src/precise/status';
import { readTime } from '../../../../src/precise/status';
import { Popup } from '../../../../src/ui/popup/Popup';
import { loadPreciseStatus, type PopupState } from '../../../../src/ui/popup/source';
import { known, makeSnapshot } from '../../../helpers/deals';
import en from '../../../../public/_locales/en/messages.json';
import da from '../../../../public/_locales/da/messages.json';

afterEach(cleanup);

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');
const KEY = 'pipedrive:acme-sales.pipedrive.com:1842';
const PAGE = 'https://acme-sales.pipedrive.com/deal/1842';

/** Just now, so the popup shows the time without a date. */
const justNow = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

function dealView(source: 'page' | 'api', capturedAt: string): DealView {
  const snapshot = makeSnapshot({ key: KEY, crm: 'pipedrive', url: PAGE, source, capturedAt, fields: { name: known('Globex – 120 seats', 'Globex – 120 seats') } });
  return { snapshot, verdict: { dealKey: KEY, computedAt: capturedAt, findings: [], cannotCheck: [], hygiene: { value: 92, parts: [] }, qualification: null, snoozed: [] } };
}

function reply(enabled: boolean, deal: PreciseStatus | null, granted = true): PreciseStatusReply {
  const off = { enabled: false, granted: false };
  return { ok: true, crms: { salesforce: off, hubspot: off, pipedrive: { enabled, granted }, dynamics: off }, deal };
}

function state(view: DealView, precise: PreciseStatusReply | null | undefined, pageKind: 'record' | 'board' = 'record'): PopupState {
  const tab: TabState = { status: 'deal', url: PAGE, pageKind, deals: [view] };
  return precise === undefined ? tab : { ...tab, precise };
}

async function show(popupState: PopupState, t = tEn, locale = 'en-US') {
  render(<Popup t={t} locale={locale} loadState={async () => popupState} />);
  await screen.findByRole('article', { name: 'Globex – 120 seats' });
  return document.querySelector<HTMLElement>('.precise-note');
}

describe('the popup\'s precise-mode line', () => {
  it('values just read from the API: says so, when, and what the history gave — near the scores', async () => {
    const readAt = justNow(5);
    const status: PreciseStatus = { state: 'api', readAt, fromCache: false, fields: ['name', 'closeDate'], historyCount: 7, missing: [] };
    const note = await show(state(dealView('api', justNow(6)), reply(true, status)));
    expect(note).not.toBeNull();
    expect(note!.getAttribute('role')).toBe('note');
    expect(note!.dataset.precise).toBe('api');
    const time = readTime(readAt, { locale: 'en-US', now: new Date() });
    expect(screen.getByRole('note').textContent).toBe(`Values from the Pipedrive API, read ${time}Includes 7 dated changes from the CRM's own history`);
    // Right under the deal's name and scores, before the findings.
    expect(document.querySelector('.deal__summary')!.nextElementSibling).toBe(note);
  });

  it('a later visit within 5 minutes: the kept copy', async () => {
    const status: PreciseStatus = { state: 'api', readAt: justNow(120), fromCache: false, fields: ['name'], historyCount: 0, missing: [] };
    await show(state(dealView('api', justNow(10)), reply(true, status)));
    expect(screen.getByRole('note').textContent).toMatch(/^Values from the Pipedrive API, as read .+ \(read again after 5 minutes\)$/);
  });

  it('the API failed: the page\'s values, the reason in plain words and the technical detail in English', async () => {
    const failed: PreciseStatus = { state: 'failed', at: justNow(3), code: 'forbidden', detail: 'HTTP 403' };
    const note = await show(state(dealView('page', justNow(4)), reply(true, failed)));
    expect(note!.dataset.precise).toBe('failed');
    expect(note!.textContent).toBe('Values from the page — Pipedrive does not let your user read this deal through its API (HTTP 403)');
    expect(note!.querySelector('[lang="en"]')!.textContent).toBe('(HTTP 403)');
  });

  it('in Danish too', async () => {
    const failed: PreciseStatus = { state: 'failed', at: justNow(3), code: 'timeout', detail: 'no answer in time' };
    const note = await show(state(dealView('page', justNow(4)), reply(true, failed)), tDa, 'da-DK');
    expect(note!.textContent).toBe("Værdier fra siden — Pipedrive-API'et svarede ikke i tide (no answer in time)");
  });

  it('precise mode off: a quiet line that the values are the page\'s', async () => {
    const note = await show(state(dealView('page', justNow(4)), reply(false, null)));
    expect(note!.dataset.precise).toBe('page');
    expect(note!.textContent).toBe('Values from the page (precise mode is off for Pipedrive)');
  });

  it('no line on boards, nor when the background could not say', async () => {
    expect(await show(state(dealView('page', justNow(4)), reply(true, null), 'board'))).toBeNull();
    cleanup();
    expect(await show(state(dealView('page', justNow(4)), null))).toBeNull();
    cleanup();
    expect(await show(state(dealView('page', justNow(4)), undefined))).toBeNull();
  });
});

describe('asking the background for the precise-mode status', () => {
  const record = state(dealView('api', justNow(1)), undefined) as TabState;

  it('asks about the one deal of a record page, and passes the answer on', async () => {
    const answer = reply(true, null);
    const send = vi.fn(async () => answer);
    await expect(loadPreciseStatus(send, record)).resolves.toEqual(answer);
    expect(send).toHaveBeenCalledWith({ type: 'ui-bg:get-precise-status', dealKey: KEY });
  });

  it('does not ask on boards or for CRMs precise mode does not read', async () => {
    const send = vi.fn(async () => reply(true, null));
    await expect(loadPreciseStatus(send, state(dealView('page', justNow(1)), undefined, 'board') as TabState)).resolves.toBeUndefined();
    const zoho = { ...(record as Extract<TabState, { status: 'deal' }>) };
    zoho.deals = [{ ...zoho.deals[0]!, snapshot: { ...zoho.deals[0]!.snapshot, crm: 'zoho' } }];
    await expect(loadPreciseStatus(send, zoho)).resolves.toBeUndefined();
    await expect(loadPreciseStatus(send, { status: 'none' })).resolves.toBeUndefined();
    expect(send).not.toHaveBeenCalled();
  });

  it('a refusal, an odd answer or a failure to send is null: the popup says nothing rather than something wrong', async () => {
    await expect(loadPreciseStatus(async () => ({ ok: false, error: 'nope' }), record)).resolves.toBeNull();
    await expect(loadPreciseStatus(async () => ({ ok: true, crms: {} }), record)).resolves.toBeNull();
    await expect(
      loadPreciseStatus(async () => {
        throw new Error('Could not establish connection');
      }, record),
    ).resolves.toBeNull();
  });
});
