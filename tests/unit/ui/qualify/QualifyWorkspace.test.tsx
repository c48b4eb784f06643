import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTranslator, lookupFromFile } from '../../../../src/i18n/translate';
import type { DealView, TabState } from '../../../../src/messaging/protocol';
import type { DealSnapshot } from '../../../../src/model/deal';
import type { Verdict } from '../../../../src/model/verdict';
import type { QualificationRecord } from '../../../../src/qualification/types';
import { QualifyWorkspace } from '../../../../src/ui/qualify/QualifyWorkspace';
import { SidePanel } from '../../../../src/ui/qualify/SidePanel';
import { known, makeSnapshot } from '../../../helpers/deals';
import { fakeSource, NOW, type FakeSourceOptions } from './fake-source';
import en from '../../../../public/_locales/en/messages.json';

afterEach(cleanup);

const t = createTranslator(lookupFromFile(en), 'en');
const PAGE = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
const LIST = 'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=Recent';

const deal = (id: string, name: string, stage = { label: 'Proposal/Price Quote', canonical: 'propose' as const }): DealSnapshot =>
  makeSnapshot({ key: `salesforce:acme.lightning.force.com:${id}`, fields: { name: known(name, name), stage: known(stage, stage.label) } });
const verdictOf = (snapshot: DealSnapshot): Verdict => ({ dealKey: snapshot.key, computedAt: NOW.toISOString(), findings: [], cannotCheck: [], hygiene: { value: 100, parts: [] }, qualification: null, snoozed: [] });
const view = (snapshot: DealSnapshot): DealView => ({ snapshot, verdict: verdictOf(snapshot) });
const ACME = deal('0065g00000AcmeQ', 'Acme Corp - 500 Seats');
const GLOBEX = deal('0065g00000GlobX', 'Globex - Renewal 2027', { label: 'Needs Analysis', canonical: 'develop' as never });
const recordPage = (...deals: DealSnapshot[]): TabState => ({ status: 'deal', url: PAGE, pageKind: 'record', deals: deals.map(view) });
const listPage = (...deals: DealSnapshot[]): TabState => ({ status: 'deal', url: LIST, pageKind: 'list', deals: deals.map(view) });

const record = (dealKey: string, extra: Partial<QualificationRecord> = {}): QualificationRecord => ({
  dealKey,
  frameworkId: 'meddicc',
  answers: { metrics: { answer: 'yes', note: '', answeredAt: NOW.toISOString() } },
  effort: null,
  managementMet: null,
  updatedAt: NOW.toISOString(),
  ...extra,
});

function show(options: FakeSourceOptions = {}) {
  const fake = fakeSource(options);
  const onTarget = vi.fn();
  const utils = render(<QualifyWorkspace t={t} locale="en-US" source={fake.source} onTarget={onTarget} />);
  return { ...fake, ...utils, onTarget, user: userEvent.setup({ delay: null }) };
}

const dealHeading = () => screen.getByRole('heading', { level: 2 }).textContent;
const criteriaShown = () => document.querySelector('ol.criteria') !== null;

describe('QualifyWorkspace: which deal', { timeout: 20_000 }, () => {
  it("qualifies the record page's deal and reports it", async () => {
    const { onTarget, source } = show({ tab: { tabId: 7, state: recordPage(ACME) } });
    await waitFor(() => expect(criteriaShown()).toBe(true));
    expect(dealHeading()).toBe('Acme Corp - 500 Seats');
    expect(screen.getByText('Proposal/Price Quote · €250,000')).toBeTruthy();
    expect(source.getQualification).toHaveBeenCalledWith(ACME.key);
    expect(onTarget).toHaveBeenLastCalledWith({ dealKey: ACME.key });
  });

  it('follows the tab: another deal on the tab, and then no deal at all', async () => {
    const { setTab, source } = show({ tab: { tabId: 7, state: recordPage(ACME) } });
    await waitFor(() => expect(dealHeading()).toBe('Acme Corp - 500 Seats'));
    act(() => setTab({ tabId: 9, state: recordPage(GLOBEX) }));
    await waitFor(() => expect(dealHeading()).toBe('Globex - Renewal 2027'));
    // The heading follows the tab at once; the deal's answers are asked for in the effect after that render.
    await waitFor(() => expect(source.getQualification).toHaveBeenLastCalledWith(GLOBEX.key));
    act(() => setTab({ tabId: 9, state: { status: 'none' } }));
    expect(await screen.findByText('This tab shows no deal Deal Hygiene can read.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Qualify a deal by name' })).toBeTruthy();
  });

  it('keeps answers it has when the tab state changes for the same deal (a new verdict after a save)', async () => {
    const { setTab, user, source } = show({ tab: { tabId: 7, state: recordPage(ACME) } });
    await waitFor(() => expect(criteriaShown()).toBe(true));
    await user.keyboard('y');
    act(() => setTab({ tabId: 7, state: recordPage(ACME) }));
    await waitFor(() => expect(source.loadTab).toHaveBeenCalledTimes(2));
    expect(source.getQualification).toHaveBeenCalledTimes(1);
    expect(screen.getAllByRole('radio', { name: 'Yes' })[0]).toHaveProperty('checked', true);
  });

  it('on a list page lets the rep pick one of its deals', async () => {
    const { user, onTarget } = show({ tab: { tabId: 7, state: listPage(ACME, GLOBEX) } });
    const picker = (await screen.findByRole('combobox', { name: 'Deal to qualify (2 on this page)' })) as HTMLSelectElement;
    expect(criteriaShown()).toBe(false);
    await user.selectOptions(picker, GLOBEX.key);
    await waitFor(() => expect(criteriaShown()).toBe(true));
    expect(dealHeading()).toBe('Globex - Renewal 2027');
    expect(onTarget).toHaveBeenLastCalledWith({ dealKey: GLOBEX.key });
    // Needs Analysis (develop) requires pain, economic buyer and decision process.
    expect(screen.getByText('Needs Analysis still requires: Economic buyer, Decision process, Identified pain')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Deal to qualify (2 on this page)' }), ACME.key);
    await waitFor(() => expect(dealHeading()).toBe('Acme Corp - 500 Seats'));
  });

  it('offers qualify by name on an unreadable page, and starts a deal by the name typed', async () => {
    const { user, saved, onTarget } = show({ tab: { tabId: 7, state: { status: 'unreadable', url: PAGE, crm: 'salesforce', unread: [] } } });
    expect(await screen.findByText('Deal Hygiene could not read the deal on this page.')).toBeTruthy();
    expect(await screen.findByText('None yet.')).toBeTruthy();
    const start = screen.getByRole('button', { name: 'Qualify' });
    expect(start).toHaveProperty('disabled', true);
    await user.type(screen.getByRole('textbox', { name: 'Deal name' }), '  Initech   Pilot ');
    await user.click(start);
    await waitFor(() => expect(criteriaShown()).toBe(true));
    expect(dealHeading()).toBe('Initech Pilot');
    expect(screen.getByText('Qualified by name · stored on this computer')).toBeTruthy();
    expect(onTarget).toHaveBeenLastCalledWith({ dealKey: 'manual:initech pilot', dealName: 'Initech Pilot' });
    await user.keyboard('p');
    await waitFor(() => expect(saved.at(-1)).toMatchObject({ dealKey: 'manual:initech pilot', dealName: 'Initech Pilot', answers: { metrics: { answer: 'partly' } } }));
  });

  it('lists earlier qualifications, newest first, filtered by the name typed; one opens with its answers', async () => {
    const manual = record('manual:initech pilot', { dealName: 'Initech Pilot', answers: {} });
    const crm = record(ACME.key);
    const { user, source } = show({
      stored: [manual, crm],
      storedSnapshots: { [ACME.key]: ACME },
      earlier: [
        { record: manual, dealName: 'Initech Pilot', crm: null },
        { record: crm, dealName: 'Acme Corp - 500 Seats', crm: 'salesforce' },
      ],
    });
    const items = await screen.findAllByRole('button', { name: /Initech Pilot|Acme Corp/ });
    expect(items.map((item) => item.querySelector('.earlier__name')!.textContent)).toEqual(['Initech Pilot', 'Acme Corp - 500 Seats']);
    expect(items[0]!.textContent).toContain('MEDDICC · 0 answers · Nov 27, 2026');
    expect(within(items[0]!).getByText('by name')).toBeTruthy();
    expect(items[1]!.textContent).toContain('1 answer');
    await user.type(screen.getByRole('textbox', { name: 'Deal name' }), 'acme');
    expect(screen.queryByRole('button', { name: /Initech Pilot/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: /Acme Corp/ }));
    await waitFor(() => expect(criteriaShown()).toBe(true));
    expect(dealHeading()).toBe('Acme Corp - 500 Seats');
    expect(screen.getByText('Qualified earlier · not on this tab')).toBeTruthy();
    expect(source.getQualification).toHaveBeenLastCalledWith(ACME.key);
    // Its stored snapshot gives the stage: what the stage still requires is shown.
    expect(screen.getByText(/^Proposal\/Price Quote still requires:/)).toBeTruthy();
    expect(screen.getAllByRole('radio', { name: 'Yes' })[0]).toHaveProperty('checked', true);
  });

  it('typing a name qualified before continues that deal under its first name', async () => {
    const manual = record('manual:initech pilot', { dealName: 'Initech Pilot' });
    const { user, source } = show({ stored: [manual], earlier: [{ record: manual, dealName: 'Initech Pilot', crm: null }] });
    await user.type(await screen.findByRole('textbox', { name: 'Deal name' }), 'INITECH pilot');
    await user.click(screen.getByRole('button', { name: 'Qualify' }));
    await waitFor(() => expect(criteriaShown()).toBe(true));
    expect(dealHeading()).toBe('Initech Pilot');
    expect(source.getQualification).toHaveBeenLastCalledWith('manual:initech pilot');
    expect(screen.getAllByRole('radio', { name: 'Yes' })[0]).toHaveProperty('checked', true);
  });

  it("switches from the tab's deal to one by name and back", async () => {
    const { user } = show({ tab: { tabId: 7, state: recordPage(ACME) } });
    await waitFor(() => expect(criteriaShown()).toBe(true));
    await user.click(screen.getByRole('button', { name: 'Qualify another deal by name' }));
    expect(criteriaShown()).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Back to the deal on this tab' }));
    await waitFor(() => expect(dealHeading()).toBe('Acme Corp - 500 Seats'));
    await user.click(screen.getByRole('button', { name: 'Qualify another deal by name' }));
    await user.type(screen.getByRole('textbox', { name: 'Deal name' }), 'Side deal{Enter}');
    await waitFor(() => expect(dealHeading()).toBe('Side deal'));
    await user.click(screen.getByRole('button', { name: "Back to this tab's deal" }));
    await waitFor(() => expect(dealHeading()).toBe('Acme Corp - 500 Seats'));
  });

  it('takes over the deal the popup handed over (a deal by name, or one picked on a list)', async () => {
    const { handoff } = show({ tab: { tabId: 7, state: listPage(ACME, GLOBEX) } });
    await screen.findByRole('combobox', { name: /Deal to qualify/ });
    act(() => handoff({ dealKey: GLOBEX.key, at: Date.now() }));
    await waitFor(() => expect(dealHeading()).toBe('Globex - Renewal 2027'));
    act(() => handoff({ dealKey: 'manual:initech pilot', dealName: 'Initech Pilot', at: Date.now() }));
    await waitFor(() => expect(dealHeading()).toBe('Initech Pilot'));
  });

  it('says what went wrong when the tab cannot be asked about', async () => {
    const fake = fakeSource();
    fake.source.loadTab.mockRejectedValue(new Error('background restarting'));
    render(<QualifyWorkspace t={t} locale="en-US" source={fake.source} />);
    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong: background restarting');
  });
});

describe('SidePanel', () => {
  it('is a page titled Quick-qualify with a link to the pipeline review', async () => {
    const fake = fakeSource({ tab: { tabId: 7, state: recordPage(ACME) } });
    const openReview = vi.fn();
    render(<SidePanel t={t} locale="en-US" source={fake.source} openReview={openReview} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Quick-qualify');
    await waitFor(() => expect(criteriaShown()).toBe(true));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Pipeline review' }));
    expect(openReview).toHaveBeenCalledOnce();
  });
});
