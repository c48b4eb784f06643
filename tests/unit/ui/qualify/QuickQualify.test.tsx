import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createTranslator, lookupFromFile } from '../../../../src/i18n/translate';
import { defaultSettings } from '../../../../src/model/settings';
import type { Verdict } from '../../../../src/model/verdict';
import type { QualificationRecord } from '../../../../src/qualification/types';
import { QuickQualify } from '../../../../src/ui/qualify/QuickQualify';
import { known, makeSnapshot } from '../../../helpers/deals';
import { fakeSource, NOW, type FakeSourceOptions } from './fake-source';
import en from '../../../../public/_locales/en/messages.json';
import da from '../../../../public/_locales/da/messages.json';

afterEach(cleanup);

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');
const DEAL = makeSnapshot({ key: 'salesforce:acme.lightning.force.com:0065g00000AcmeQ', fields: { name: known('Acme Corp - 500 Seats', 'Acme Corp - 500 Seats') } });

async function show(options: FakeSourceOptions & { snapshot?: typeof DEAL | null; manualName?: string; dealKey?: string; t?: typeof tEn; verdict?: Verdict } = {}) {
  const fake = fakeSource(options);
  const snapshot = options.snapshot === undefined ? DEAL : options.snapshot;
  const dealKey = options.dealKey ?? snapshot?.key ?? 'manual:globex renewal';
  const view = render(
    <QuickQualify
      t={options.t ?? tEn}
      locale={options.t === tDa ? 'da-DK' : 'en-US'}
      dealKey={dealKey}
      {...(options.manualName ? { manualName: options.manualName } : {})}
      snapshot={snapshot}
      verdict={options.verdict ?? null}
      tabId={7}
      settings={options.settings ?? defaultSettings()}
      source={fake.source}
    />,
  );
  await waitFor(() => expect(document.querySelector('ol.criteria')).not.toBeNull());
  // Run the effects of that render (listeners, focus) before the test starts typing, however busy the machine is.
  await act(async () => {});
  return { ...fake, ...view, user: userEvent.setup({ delay: null }) };
}

const rows = () => screen.getAllByRole('listitem').filter((item) => item.classList.contains('criterion'));
const row = (label: string) => rows().find((item) => item.querySelector('.criterion__label')?.textContent === label)!;
const score = () => screen.getByRole('img', { name: /qualification score/ }).querySelector('.score__value')!.textContent;
const lastSaved = (saved: QualificationRecord[]) => saved.at(-1)!;

// Many keystrokes each: generous time, as the machine running the suite may be busy.
describe('QuickQualify', { timeout: 20_000 }, () => {
  it('goes criterion by criterion: the first is open with the questions to ask and what counts as yes', async () => {
    await show();
    expect(rows().map((item) => item.querySelector('.criterion__label')!.textContent)).toEqual([
      'Metrics',
      'Economic buyer',
      'Decision criteria',
      'Decision process',
      'Identified pain',
      'Champion',
      'Competition',
    ]);
    const first = rows()[0]!;
    expect(within(first).getByRole('button', { name: /Metrics/ }).getAttribute('aria-expanded')).toBe('true');
    expect(within(first).getByText('How will you measure whether this was a success?')).toBeTruthy();
    expect(within(first).getByText(/The customer has put numbers on it/)).toBeTruthy();
    expect(rows()[1]!.querySelector('.questions')).toBeNull();
    expect(score()).toBe('0');
    // Nothing is saved before the rep changes something.
    expect(document.querySelector('.qq__save')!.textContent).toBe('Every change is saved');
    expect(document.querySelector('.qq__save')!.getAttribute('role')).toBe('status');
  });

  it('answers with the radio group: live score, the stage requirements, and the whole record saved', async () => {
    const { user, saved } = await show();
    expect(screen.getByText('Proposal/Price Quote still requires: Metrics, Economic buyer, Decision criteria, Decision process, Identified pain, Champion')).toBeTruthy();
    const group = within(row('Economic buyer')).getByRole('radiogroup', { name: 'Economic buyer' });
    await user.click(within(group).getByRole('radio', { name: 'Yes' }));
    expect(score()).toBe('15');
    expect(screen.getByText('Proposal/Price Quote still requires: Metrics, Decision criteria, Decision process, Identified pain, Champion')).toBeTruthy();
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(lastSaved(saved)).toMatchObject({
      dealKey: DEAL.key,
      frameworkId: 'meddicc',
      answers: { 'economic-buyer': { answer: 'yes', note: '' } },
      effort: null,
      managementMet: null,
    });
    // Answering a criterion makes it the current one.
    expect(within(row('Economic buyer')).getByRole('button', { name: /Economic buyer/ }).getAttribute('aria-expanded')).toBe('true');
    await screen.findByText('Saved');
    // Partly does not meet propose: it stays required.
    await user.click(within(row('Metrics')).getByRole('radio', { name: 'Partly' }));
    expect(score()).toBe('22.5');
    expect(screen.getByText(/still requires: Metrics,/)).toBeTruthy();
  });

  it('takes a note once the criterion is answered, saving every keystroke', async () => {
    const { user, saved } = await show();
    const note = within(rows()[0]!).getByRole('textbox', { name: 'Note' }) as HTMLTextAreaElement;
    expect(note.disabled).toBe(true);
    expect(note.placeholder).toBe('Answer first, then add a note');
    await user.click(within(rows()[0]!).getByRole('radio', { name: 'No' }));
    expect(note.disabled).toBe(false);
    await user.type(note, 'No KPI yet');
    await waitFor(() => expect(lastSaved(saved).answers.metrics).toMatchObject({ answer: 'no', note: 'No KPI yet' }));
    // Letters typed into the note are text, not answers.
    expect(lastSaved(saved).answers.metrics!.answer).toBe('no');
    expect(saved.length).toBeGreaterThanOrEqual(2);
  });

  it('is keyboard first: answer keys, next and previous, Enter into the note and Escape back out', async () => {
    const { user, saved } = await show();
    await user.keyboard('y');
    expect(within(rows()[0]!).getByRole('radio', { name: 'Yes' })).toHaveProperty('checked', true);
    await user.keyboard('j');
    const second = rows()[1]!;
    const secondHead = within(second).getByRole('button', { name: /Economic buyer/ });
    expect(secondHead.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(secondHead);
    await user.keyboard('2');
    expect(within(second).getByRole('radio', { name: 'Partly' })).toHaveProperty('checked', true);
    await user.keyboard('{ArrowDown}n');
    expect(within(rows()[2]!).getByRole('radio', { name: 'No' })).toHaveProperty('checked', true);
    await user.keyboard('k{Enter}');
    expect(document.activeElement).toBe(within(rows()[1]!).getByRole('textbox', { name: 'Note' }));
    await user.keyboard('CFO signs{Escape}');
    expect(document.activeElement).toBe(within(rows()[1]!).getByRole('button', { name: /Economic buyer/ }));
    await user.keyboard('u');
    await waitFor(() =>
      expect(lastSaved(saved).answers).toMatchObject({
        metrics: { answer: 'yes' },
        'economic-buyer': { answer: 'unknown', note: 'CFO signs' },
        'decision-criteria': { answer: 'no' },
      }),
    );
    await user.keyboard('x');
    await waitFor(() => expect(lastSaved(saved).answers).not.toHaveProperty('economic-buyer'));
    // At the ends, next and previous stay put.
    await user.keyboard('kkkk');
    expect(rows()[0]!.classList.contains('criterion--current')).toBe(true);
  });

  it('shows the keys in the UI', async () => {
    await show();
    const legend = screen.getByText('Keyboard shortcuts').closest('details')!;
    expect(legend.textContent).toContain('answer: yes, partly, no, don\'t know');
    expect(legend.textContent).toContain('next / previous criterion');
    expect(legend.textContent).toContain('Alt+Shift+Q');
  });

  it('switches framework: the default comes from settings, answers are kept by criterion, the choice is saved', async () => {
    const settings = defaultSettings();
    settings.qualification.framework = 'bant';
    const { user, saved } = await show({ settings });
    const picker = screen.getByRole('combobox', { name: 'Framework' }) as HTMLSelectElement;
    expect(picker.value).toBe('bant');
    expect(picker.selectedOptions[0]!.textContent).toBe('BANT (team default)');
    expect(rows().map((item) => item.querySelector('.criterion__label')!.textContent)).toEqual(['Budget', 'Authority', 'Need', 'Timeline']);
    await user.click(within(row('Authority')).getByRole('radio', { name: 'Yes' }));
    expect(score()).toBe('25');
    await user.selectOptions(picker, 'meddicc');
    expect(rows()).toHaveLength(7);
    // BANT's authority answer counts for MEDDICC's economic buyer (an equivalent criterion).
    expect(within(row('Economic buyer')).getByText('Counts as Yes')).toBeTruthy();
    expect(score()).toBe('15');
    await waitFor(() => expect(lastSaved(saved)).toMatchObject({ frameworkId: 'meddicc', answers: { authority: { answer: 'yes' } } }));
  });

  it('shows what the CRM says for a criterion until the rep answers', async () => {
    const deal = makeSnapshot({ key: DEAL.key, fields: { qualification: known({ champion: 'Jane (Head of Ops)' }, '') } });
    const { user } = await show({ snapshot: deal });
    expect(within(row('Champion')).getByText('CRM: Yes')).toBeTruthy();
    expect(score()).toBe('14');
    await user.click(within(row('Champion')).getByRole('button', { name: /Champion/ }));
    expect(within(row('Champion')).getByText('In the CRM: "Jane (Head of Ops)" — counts as Yes until you answer.')).toBeTruthy();
    await user.click(within(row('Champion')).getByRole('radio', { name: 'No' }));
    expect(within(row('Champion')).queryByText('CRM: Yes')).toBeNull();
    expect(score()).toBe('0');
  });

  it('loads what was stored and marks the criteria the stage requires', async () => {
    const stored: QualificationRecord = {
      dealKey: DEAL.key,
      frameworkId: 'meddicc',
      answers: { 'identify-pain': { answer: 'yes', note: 'Support backlog of 3 weeks', answeredAt: NOW.toISOString() } },
      effort: { people: 2, hours: 12.5 },
      managementMet: true,
      updatedAt: NOW.toISOString(),
    };
    await show({ stored: [stored] });
    expect(within(row('Identified pain')).getByRole('radio', { name: 'Yes' })).toHaveProperty('checked', true);
    expect(score()).toBe('14');
    expect(within(row('Identified pain')).getByText('Required now').className).toContain('tag--met');
    expect(within(row('Competition')).queryByText('Required now')).toBeNull();
    expect(within(row('Champion')).getByText('Required now').className).toContain('tag--missing');
    expect((screen.getByRole('textbox', { name: 'People' }) as HTMLInputElement).value).toBe('2');
    expect((screen.getByRole('textbox', { name: 'Hours' }) as HTMLInputElement).value).toBe('12.5');
    expect(within(screen.getByRole('radiogroup', { name: 'Has our management met the customer?' })).getByRole('radio', { name: 'Yes' })).toHaveProperty('checked', true);
    const ladder = screen.getByRole('list', { name: 'Readiness per stage' });
    expect(within(ladder).getAllByRole('listitem').map((step) => step.textContent)).toEqual(['Prospectready', 'Qualifyready', 'Develop2 missing', 'Propose5 missing', 'Commit6 missing']);
    expect(within(ladder).getAllByRole('listitem')[3]!.getAttribute('aria-current')).toBe('step');
  });

  it('records internal effort and the management meeting; an invalid number is shown and not saved', async () => {
    const { user, saved } = await show();
    await user.type(screen.getByRole('textbox', { name: 'People' }), '3');
    await user.type(screen.getByRole('textbox', { name: 'Hours' }), '40,5');
    await waitFor(() => expect(lastSaved(saved).effort).toEqual({ people: 3, hours: 40.5 }));
    const people = screen.getByRole('textbox', { name: 'People' });
    await user.clear(people);
    await user.type(people, '2.5');
    expect(people.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('A whole number from 0 to 1000')).toBeTruthy();
    // "2." was still a whole number on the way; "2.5" is not, so 2 stays stored.
    await waitFor(() => expect(lastSaved(saved).effort).toEqual({ people: 2, hours: 40.5 }));
    await user.click(within(screen.getByRole('radiogroup', { name: 'Has our management met the customer?' })).getByRole('radio', { name: 'No' }));
    await waitFor(() => expect(lastSaved(saved).managementMet).toBe(false));
    await user.click(within(screen.getByRole('radiogroup', { name: 'Has our management met the customer?' })).getByRole('radio', { name: 'Not recorded' }));
    await waitFor(() => expect(lastSaved(saved).managementMet).toBeNull());
  });

  it('saves one record at a time, newest last, however fast the rep types', async () => {
    const { user, saved, pending } = await show({ holdSaves: true });
    await user.keyboard('y');
    await user.keyboard('{Enter}');
    await user.keyboard('abc');
    // The first save is in flight; the keystrokes after it wait as one.
    expect(pending).toHaveLength(1);
    expect(screen.getByText('Saving…')).toBeTruthy();
    await act(async () => pending[0]!.release());
    await waitFor(() => expect(pending).toHaveLength(2));
    expect(pending[1]!.record.answers.metrics!.note).toBe('abc');
    await act(async () => pending[1]!.release());
    expect(saved.map((record) => record.answers.metrics!.note)).toEqual(['', 'abc']);
    expect(Date.parse(saved[1]!.updatedAt)).toBeGreaterThan(Date.parse(saved[0]!.updatedAt));
    await screen.findByText('Saved');
  });

  it('sends what waits at once when the page is hidden (the popup closes mid-call)', async () => {
    const { user, source, pending } = await show({ holdSaves: true });
    await user.keyboard('y{Enter}ab');
    expect(pending).toHaveLength(1);
    fireEvent(window, new Event('pagehide'));
    expect(pending).toHaveLength(2);
    expect(source.saveQualification.mock.calls.at(-1)![0].answers.metrics!.note).toBe('ab');
  });

  it('says when a save failed and saves again on request', async () => {
    const { user, source, saved } = await show();
    source.saveQualification.mockRejectedValueOnce(new Error('background unavailable'));
    await user.keyboard('y');
    expect(await screen.findByText('Not saved: background unavailable')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('Saved');
    expect(lastSaved(saved).answers.metrics!.answer).toBe('yes');
  });

  it('copies a plain-text CRM note and confirms it', async () => {
    const { user, source } = await show();
    await user.keyboard('yjnj');
    await user.click(screen.getByRole('button', { name: 'Copy as CRM note' }));
    expect(await screen.findByText("Copied. Paste it into the CRM's notes or next-step field.")).toBeTruthy();
    const text = source.copyText.mock.calls[0]![0];
    expect(text.split('\n').slice(0, 2)).toEqual(['Qualification (MEDDICC): Acme Corp - 500 Seats', 'Nov 27, 2026 · qualification score 15/100']);
    expect(text).toContain('Metrics: Yes');
    expect(text).toContain('Economic buyer: No');
    expect(text).toContain('Still missing for Proposal/Price Quote: Economic buyer, Decision criteria, Decision process, Identified pain, Champion');
  });

  it('shows the note to copy by hand when the clipboard refuses', async () => {
    const { user } = await show({ copyFails: true });
    await user.click(screen.getByRole('button', { name: 'Copy as CRM note' }));
    const box = (await screen.findByRole('textbox', { name: /Could not copy \(clipboard blocked\)/ })) as HTMLTextAreaElement;
    expect(box.readOnly).toBe(true);
    expect(box.value.startsWith('Qualification (MEDDICC): Acme Corp - 500 Seats')).toBe(true);
  });

  it('times the call: start, pause with the time kept, reset; the time goes into the note', async () => {
    const { user, advance, source } = await show();
    const timer = screen.getByRole('group', { name: 'Call timer' });
    expect(within(timer).getByRole('timer').textContent).toBe('00:00');
    await user.click(within(timer).getByRole('button', { name: 'Start' }));
    advance(65_000);
    await user.click(within(timer).getByRole('button', { name: 'Pause' }));
    expect(within(timer).getByRole('timer').textContent).toBe('01:05');
    expect(source.timer.save).toHaveBeenLastCalledWith({ startedAt: null, elapsedMs: 65_000 });
    advance(30_000);
    expect(within(timer).getByRole('button', { name: 'Resume' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy as CRM note' }));
    expect(source.copyText.mock.calls[0]![0]).toContain('Call length: 01:05');
    await user.click(within(timer).getByRole('button', { name: 'Reset' }));
    expect(within(timer).getByRole('timer').textContent).toBe('00:00');
  });

  it('qualifies a deal by name: a stage ladder instead of one stage, and the name in the note', async () => {
    const { user, source, saved } = await show({ snapshot: null, dealKey: 'manual:globex renewal', manualName: 'Globex Renewal' });
    expect(screen.getByText("The deal's stage is not known. Each stage requires:")).toBeTruthy();
    await user.keyboard('y');
    await waitFor(() => expect(lastSaved(saved)).toMatchObject({ dealKey: 'manual:globex renewal', dealName: 'Globex Renewal' }));
    await user.click(screen.getByRole('button', { name: 'Copy as CRM note' }));
    expect(source.copyText.mock.calls[0]![0].split('\n')[0]).toBe('Qualification (MEDDICC): Globex Renewal');
  });

  it("lists the deal's qualification findings as judged after the latest save", async () => {
    const verdict: Verdict = {
      dealKey: DEAL.key,
      computedAt: NOW.toISOString(),
      findings: [
        { ruleId: 'no-economic-buyer', messageId: 'missing', data: { stage: 'propose' }, severity: 'warning', field: 'contacts' },
        { ruleId: 'next-step-missing', messageId: 'missing', data: {}, severity: 'warning', field: 'nextStep' },
      ],
      cannotCheck: [],
      hygiene: { value: 80, parts: [] },
      qualification: null,
      snoozed: [],
    };
    await show({ verdict });
    const findings = screen.getByRole('region', { name: 'Qualification findings on this deal' });
    expect(within(findings).getAllByRole('listitem')).toHaveLength(1);
    expect(findings.textContent).toMatch(/^Warning: /);
  });

  it('speaks Danish: labels, questions, answers and stage texts', async () => {
    await show({ t: tDa });
    expect(rows()[0]!.querySelector('.criterion__label')!.textContent).toBe('Målbar værdi');
    expect(within(rows()[0]!).getByText('Hvordan vil I måle, om det her blev en succes?')).toBeTruthy();
    expect(within(rows()[0]!).getByRole('radio', { name: 'Ved ikke' })).toBeTruthy();
    expect(screen.getByText(/^Proposal\/Price Quote kræver stadig: Målbar værdi, Økonomisk beslutningstager/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Kopiér som CRM-note' })).toBeTruthy();
  });
});

describe('QuickQualify beside another surface', () => {
  it('takes newer answers saved elsewhere (the popup) when the deal is judged again, and never older ones', async () => {
    const fake = fakeSource();
    const verdict = (computedAt: string): Verdict => ({ dealKey: DEAL.key, computedAt, findings: [], cannotCheck: [], hygiene: { value: 100, parts: [] }, qualification: null, snoozed: [] });
    const props = { t: tEn, locale: 'en-US', dealKey: DEAL.key, snapshot: DEAL, tabId: 7, settings: defaultSettings(), source: fake.source };
    const view = render(<QuickQualify {...props} verdict={verdict('2026-11-27T10:00:00.000Z')} />);
    await waitFor(() => expect(document.querySelector('ol.criteria')).not.toBeNull());
    const elsewhere: QualificationRecord = {
      dealKey: DEAL.key,
      frameworkId: 'meddicc',
      answers: { champion: { answer: 'yes', note: 'Head of Ops', answeredAt: '2026-11-27T10:05:00.000Z' } },
      effort: { people: 4, hours: 10 },
      managementMet: true,
      updatedAt: '2026-11-27T10:05:00.000Z',
    };
    fake.stored.set(DEAL.key, elsewhere);
    view.rerender(<QuickQualify {...props} verdict={verdict('2026-11-27T10:05:01.000Z')} />);
    await waitFor(() => expect(within(row('Champion')).getByRole('radio', { name: 'Yes' })).toHaveProperty('checked', true));
    expect((screen.getByRole('textbox', { name: 'People' }) as HTMLInputElement).value).toBe('4');

    // An older stored record (our own save landing late) changes nothing.
    fake.stored.set(DEAL.key, { ...elsewhere, answers: {}, updatedAt: '2026-11-27T09:00:00.000Z' });
    view.rerender(<QuickQualify {...props} verdict={verdict('2026-11-27T10:06:00.000Z')} />);
    // Loaded once, then fetched once per new verdict.
    await waitFor(() => expect(fake.source.getQualification).toHaveBeenCalledTimes(3));
    expect(within(row('Champion')).getByRole('radio', { name: 'Yes' })).toHaveProperty('checked', true);
  });
});
