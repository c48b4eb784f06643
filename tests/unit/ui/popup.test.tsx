import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../src/ui/popup/Popup';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import { runRules } from '../../../src/engine/run';
import { loadSettings, type Settings } from '../../../src/model/settings';
import type { DealSnapshot } from '../../../src/model/deal';
import closeDatePast from '../../../src/rules/close-date-past';
import nextStepMissing from '../../../src/rules/next-step-missing';
import staleRecord from '../../../src/rules/stale-record';
import type { Rule } from '../../../src/rules/types';
import type { DealView, TabState } from '../../../src/messaging/protocol';
import { daysFromToday, empty, known, makeSnapshot, NOW, unknown } from '../../helpers/deals';
import en from '../../../public/_locales/en/messages.json';
import da from '../../../public/_locales/da/messages.json';

afterEach(cleanup);

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');
const PAGE = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view';

function settings(input: unknown): Settings {
  const loaded = loadSettings(input);
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

/**
 * The popup renders whatever verdict it is given; these tests build verdicts with three rules only, so what they
 * expect (groups, score parts, cannot-check lines) does not change when rules are added to the registry.
 */
const THREE_RULES: readonly Rule<any>[] = [closeDatePast, nextStepMissing, staleRecord];

/** A deal view as the background builds it: the real engine over a snapshot, with THREE_RULES. */
function view(snapshot: DealSnapshot, userSettings: Settings = settings({ version: 1 })): DealView {
  return { snapshot, verdict: runRules({ snapshot, settings: userSettings, now: NOW, timeZone: 'UTC', rules: THREE_RULES }).verdict };
}

/** One finding of each severity: stale for 40 days in propose (critical), close date 12 days past (warning), no next step (set to info). */
function troubledDeal(name = 'Acme – 500 seats'): DealView {
  return view(
    makeSnapshot({
      fields: {
        name: known(name, name),
        closeDate: known(daysFromToday(-12), '5/20/2026'),
        nextStep: empty(),
        lastModifiedDate: known(daysFromToday(-40), '4/22/2026'),
      },
    }),
    settings({ version: 1, rules: { 'next-step-missing': { severity: 'info' } } }),
  );
}

const dealState = (...deals: DealView[]): TabState => ({ status: 'deal', url: PAGE, pageKind: 'record', deals });

function show(state: TabState | Promise<TabState>, t = tEn, locale = 'en-US') {
  const loadState = vi.fn(() => Promise.resolve(state));
  return { loadState, ...render(<Popup t={t} locale={locale} loadState={loadState} />) };
}

describe('Popup', () => {
  it('says it is loading until the background answers', () => {
    render(<Popup t={tEn} locale="en-US" loadState={() => new Promise(() => {})} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Deal Hygiene');
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(screen.queryByText('Reading the deal…')).toBeNull();
  });

  it('says when the tab is not a deal page', async () => {
    show({ status: 'none' });
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('Not a deal page');
    expect(screen.getByText(/Open a deal in Salesforce, HubSpot, Pipedrive, Dynamics 365 or Zoho CRM/)).toBeTruthy();
  });

  it('says it is reading the deal', async () => {
    show({ status: 'reading', url: PAGE, crm: 'salesforce' });
    // By text: "Loading…" shares role=status until the state arrives.
    expect((await screen.findByText('Reading the deal…')).getAttribute('role')).toBe('status');
  });

  it('names the fields it could not read, with the reasons, on an unreadable page', async () => {
    show({
      status: 'unreadable',
      url: PAGE,
      crm: 'salesforce',
      unread: [
        { field: 'closeDate', reason: 'no Close Date field on the page', code: 'not_on_page' },
        { field: 'stage', reason: 'the stage path has not rendered', code: 'not_rendered' },
      ],
    });
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('Could not read this page');
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    // A translated explanation, then the adapter's technical detail.
    expect(items).toEqual([
      'Close date: not on this page (no Close Date field on the page)',
      'Stage: the page had not shown it yet (the stage path has not rendered)',
    ]);
    expect(screen.getByText(/nothing is reported as missing/)).toBeTruthy();
  });

  it('shows a deal: name, stage and amount, score, and findings grouped critical → warning → info', async () => {
    const { container } = show(dealState(troubledDeal()));
    const article = await screen.findByRole('article', { name: 'Acme – 500 seats' });
    expect(within(article).getByRole('heading', { level: 2 }).textContent).toBe('Acme – 500 seats');
    expect(article.querySelector('.deal__meta')?.textContent).toBe('Proposal/Price Quote · €250,000');

    // 100 − 25 (critical) − 10 (warning) − 3 (info)
    const score = within(article).getByRole('img', { name: /^Hygiene score/ });
    expect(score.getAttribute('aria-label')).toBe('Hygiene score: 62 of 100');
    expect(score.querySelector('.score__value')?.textContent).toBe('62');
    expect(container.querySelector('.deal__count')?.textContent).toBe('3 findings');

    const groups = within(article).getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent);
    expect(groups).toEqual(['Critical (1)', 'Warning (1)', 'Info (1)']);

    const findings = Array.from(article.querySelectorAll('.finding'));
    expect(findings.map((finding) => finding.querySelector('.finding__text')?.textContent)).toEqual([
      'Not updated for 40 days (limit 14)',
      'Close date passed 12 days ago',
      'No next step',
    ]);
    const closeDate = findings[1]!;
    expect(closeDate.closest('section')?.querySelector('h3')?.textContent).toBe('Warning (1)');
    expect(closeDate.querySelector('.finding__why')?.textContent).toBe(`Why: ${en.rule_close_date_past__why.message}`);
    expect(closeDate.querySelector('.finding__fix')?.textContent).toBe(`How to fix: ${en.rule_close_date_past__fix.message}`);
  });

  it('explains the score: what each finding takes off, and checks that could not run', async () => {
    const deal = troubledDeal();
    deal.verdict.hygiene.parts.push({ id: 'close-date-past', points: 0, messageId: 'score_part_cannot_check', data: { rule: 'close-date-past', fields: 'closeDate, stage' } });
    const { container } = show(dealState(deal));
    await screen.findByRole('article', { name: 'Acme – 500 seats' });
    const parts = Array.from(container.querySelectorAll('.score-parts li')).map((item) => item.textContent);
    expect(parts).toEqual([
      'Record not updated (Critical) -25 points',
      'Close date in the past (Warning) -10 points',
      'Next step missing (Info) -3 points',
      'Close date in the past: could not read Close date, Stage 0 points',
    ]);
  });

  it('shows the qualification score beside the hygiene score', async () => {
    show(dealState(troubledDeal()));
    const article = await screen.findByRole('article', { name: 'Acme – 500 seats' });
    const qualification = within(article).getByRole('img', { name: /^Qualification/ });
    expect(qualification.getAttribute('aria-label')).toMatch(/^Qualification: \d+ of 100$/);
  });

  it('says so when a deal has no problems', async () => {
    show(dealState(view(makeSnapshot())));
    expect(await screen.findByText('No problems found on this deal.')).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Hygiene score/ }).getAttribute('aria-label')).toBe('Hygiene score: 100 of 100');
  });

  it('says so when a list page has no deal it could read', async () => {
    show({ status: 'deal', url: PAGE, pageKind: 'list', deals: [] });
    expect((await screen.findByText('No deals could be read on this page.')).getAttribute('role')).toBe('status');
  });

  it('shows one panel per deal on a list page', async () => {
    const other = view(makeSnapshot({ key: 'salesforce:acme.lightning.force.com:0065g00000ZZZZZ', fields: { name: known('Globex renewal', 'Globex renewal') } }));
    show({ status: 'deal', url: PAGE, pageKind: 'list', deals: [troubledDeal(), other] });
    expect((await screen.findAllByRole('article')).map((article) => article.getAttribute('aria-label'))).toEqual(['Acme – 500 seats', 'Globex renewal']);
  });

  it('lists what it could not check, naming the fields, and what it could not read', async () => {
    const snapshot = makeSnapshot({
      fields: {
        closeDate: unknown('Close Date is not on this layout', 'not_on_page'),
        nextStep: unknown('Next Step is not on this layout'),
        lastModifiedDate: unknown('Last Modified By is collapsed'),
      },
    });
    show(dealState(view(snapshot)));
    const heading = await screen.findByRole('heading', { name: 'Could not check' });
    const items = Array.from(heading.closest('section')!.querySelectorAll('li')).map((item) => item.textContent);
    expect(items).toEqual(['Close date in the past: needs Close date', 'Next step missing: needs Next step', 'Record not updated: needs Last modified']);

    const unread = screen.getByText(/^Could not read/).closest('details')!;
    expect(unread.querySelector('summary')?.textContent).toBe('Could not read (5)');
    const reasons = Array.from(unread.querySelectorAll('li')).map((item) => item.textContent);
    expect(reasons).toContain('Close date: not on this page (Close Date is not on this layout)');
    expect(reasons).toContain('Next step: could not make sense of the value (Next Step is not on this layout)');
  });

  it('shows a hostile deal name as text and creates no elements from it', async () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const { container } = show(dealState(troubledDeal(evil)));
    const article = await screen.findByRole('article');
    expect(within(article).getByRole('heading', { level: 2 }).textContent).toBe(evil);
    expect(article.getAttribute('aria-label')).toBe(evil);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(document.querySelector('img, script')).toBeNull();
  });

  it('shows hostile text in finding data and unread reasons as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { container } = show({ status: 'unreadable', url: PAGE, crm: 'salesforce', unread: [{ field: 'name', reason: evil, code: 'unparseable' }] });
    expect((await screen.findByText(evil, { exact: false })).closest('li')?.textContent).toBe(`Deal name: could not make sense of the value (${evil})`);
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows the error when the state cannot be loaded', async () => {
    render(<Popup t={tEn} locale="en-US" loadState={() => Promise.reject(new Error('Could not establish connection'))} />);
    expect((await screen.findByRole('alert')).textContent).toBe('The extension could not answer: Could not establish connection');
  });

  it('refreshes when subscribe reports a change, and unsubscribes when closed', async () => {
    const states: TabState[] = [{ status: 'reading', url: PAGE, crm: 'salesforce' }, dealState(troubledDeal())];
    const loadState = vi.fn(() => Promise.resolve(states[Math.min(loadState.mock.calls.length - 1, states.length - 1)]!));
    let notify: () => void = () => {};
    const unsubscribe = vi.fn();
    const subscribe = vi.fn((onChange: () => void) => {
      notify = onChange;
      return unsubscribe;
    });
    const { unmount } = render(<Popup t={tEn} locale="en-US" loadState={loadState} subscribe={subscribe} />);
    // By text: "Loading…" shares role=status until the state arrives.
    expect((await screen.findByText('Reading the deal…')).getAttribute('role')).toBe('status');
    expect(subscribe).toHaveBeenCalledTimes(1);

    await act(async () => notify());
    expect(await screen.findByText('Close date passed 12 days ago')).toBeTruthy();
    expect(loadState).toHaveBeenCalledTimes(2);

    unmount();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('shows the latest state when refreshes overlap', async () => {
    let resolveFirst: (state: TabState) => void = () => {};
    const first = new Promise<TabState>((resolve) => (resolveFirst = resolve));
    const loadState = vi.fn().mockReturnValueOnce(first).mockResolvedValue({ status: 'none' });
    let notify: () => void = () => {};
    render(<Popup t={tEn} locale="en-US" loadState={loadState} subscribe={(onChange) => ((notify = onChange), () => {})} />);
    await act(async () => notify());
    expect((await screen.findByRole('heading', { level: 2 })).textContent).toBe('Not a deal page');
    await act(async () => resolveFirst({ status: 'reading', url: PAGE, crm: 'salesforce' }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Not a deal page');
  });

  it('speaks Danish with the Danish messages', async () => {
    show(dealState(troubledDeal()), tDa, 'da-DK');
    const article = await screen.findByRole('article');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Deal Hygiene');
    expect(within(article).getAllByRole('heading', { level: 3 }).map((heading) => heading.textContent)).toEqual(['Kritisk (1)', 'Advarsel (1)', 'Info (1)']);
    expect(within(article).getByText('Lukkedatoen var for 12 dage siden')).toBeTruthy();
    expect(within(article).getByRole('img', { name: /^Hygiejnescore/ }).getAttribute('aria-label')).toBe('Hygiejnescore: 62 af 100');
    expect(article.querySelector('.deal__count')?.textContent).toBe('3 fund');
    expect(article.querySelector('.deal__meta')?.textContent).toMatch(/^Proposal\/Price Quote · 250\.000\s€$/);
    expect(article.querySelector('.finding__fix strong')?.textContent).toBe('Sådan retter du det:');
  });
});

describe('Popup: snoozing', () => {
  it('snoozes a finding with a reason and a number of days', async () => {
    const { fireEvent } = await import('@testing-library/react');
    const actions = { snooze: vi.fn(() => Promise.resolve()), unsnooze: vi.fn(() => Promise.resolve()) };
    const deal = troubledDeal();
    render(<Popup t={tEn} locale="en-US" loadState={() => Promise.resolve(dealState(deal))} actions={actions} />);
    const buttons = await screen.findAllByRole('button', { name: 'Snooze…' });
    expect(buttons).toHaveLength(deal.verdict.findings.length);
    fireEvent.click(buttons[1]!);
    const submit = screen.getByRole('button', { name: 'Snooze' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true); // a reason is required
    fireEvent.change(screen.getByLabelText('Why'), { target: { value: 'Customer on holiday' } });
    fireEvent.change(screen.getByLabelText('For'), { target: { value: '14' } });
    expect((screen.getByRole('button', { name: 'Snooze' }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.submit(submit.closest('form')!);
    // Shown critical first: the second button belongs to the warning, the passed close date.
    expect(actions.snooze).toHaveBeenCalledWith(deal.snapshot.key, 'close-date-past', 'Customer on holiday', 14);
  });

  it('shows snoozed findings with the reason and end date, and brings one back', async () => {
    const { fireEvent } = await import('@testing-library/react');
    const actions = { snooze: vi.fn(() => Promise.resolve()), unsnooze: vi.fn(() => Promise.resolve()) };
    const deal = troubledDeal();
    const [first, ...rest] = deal.verdict.findings;
    deal.verdict = { ...deal.verdict, findings: rest, snoozed: [{ ...first!, until: '2026-06-08', reason: 'Customer on holiday' }] };
    render(<Popup t={tEn} locale="en-US" loadState={() => Promise.resolve(dealState(deal))} actions={actions} />);
    const heading = await screen.findByRole('heading', { name: 'Snoozed (1)' });
    const section = heading.closest('section')!;
    expect(section.textContent).toContain('Snoozed until Jun 8, 2026: Customer on holiday');
    fireEvent.click(within(section as HTMLElement).getByRole('button', { name: 'Bring back' }));
    expect(actions.unsnooze).toHaveBeenCalledWith(deal.snapshot.key, first!.ruleId);
  });
});

describe('Popup: lists and boards', () => {
  it('says how many of the view\'s deals the page showed when a board is virtualised', async () => {
    const deal = troubledDeal();
    render(<Popup t={tEn} locale="en-US" loadState={() => Promise.resolve({ status: 'deal', url: PAGE, pageKind: 'board', deals: [deal], total: 80 })} />);
    expect((await screen.findByRole('note')).textContent).toBe('1 of 80 deals shown on the page');
  });
});
