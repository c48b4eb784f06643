import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReviewPage } from '../../../../src/ui/review/ReviewPage';
import type { ReviewSource } from '../../../../src/ui/review/source';
import type { ReviewDeal } from '../../../../src/messaging/review';
import type { DealSnapshot } from '../../../../src/model/deal';
import { defaultSettings, type Settings } from '../../../../src/model/settings';
import type { MappingPreset } from '../../../../src/review/presets';
import { createTranslator, lookupFromFile } from '../../../../src/i18n/translate';
import en from '../../../../public/_locales/en/messages.json';
import da from '../../../../public/_locales/da/messages.json';
import { amount, date, daysFromToday, empty, known, makeSnapshot, named, NOW, owner, reviewDeal, stage, unknown } from '../../review/deals';

// Canvas drawing is chart.js's business and happy-dom has no 2D context: charts render as labelled images here,
// and what they say is checked through their text summaries and tables.
vi.mock('react-chartjs-2', () => ({
  Bar: (props: { 'aria-label'?: string }) => <canvas role="img" aria-label={props['aria-label']} data-chart="bar" />,
  Line: (props: { 'aria-label'?: string }) => <canvas role="img" aria-label={props['aria-label']} data-chart="line" />,
}));

afterEach(cleanup);

/** The machine running tests may be busy: waits for what appears after a promise or a deferred render are generous. */
const SLOW = { timeout: 10_000 };

/**
 * happy-dom lays nothing out, so the virtualised table would see a scroll area of height 0 and render no rows. The
 * table's scroll area gets a browser-like size; the virtualiser's own arithmetic still decides which rows render.
 */
const layout = (property: 'clientHeight' | 'clientWidth', size: number) => {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, property);
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, property, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('deal-table__scroll') ? size : (original?.get?.call(this) ?? 0);
      },
    });
  });
  afterAll(() => {
    if (original) Object.defineProperty(HTMLElement.prototype, property, original);
  });
};
layout('clientHeight', 640);
layout('clientWidth', 1200);

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');

function deals(): ReviewDeal[] {
  return [
    reviewDeal({ id: 'A1', fields: { name: named('Acme renewal'), owner: owner('Dana Seller'), amount: amount(250_000) } }),
    reviewDeal({
      id: 'B2',
      fields: { name: named('Globex expansion'), owner: owner('Sam Rep'), amount: amount(90_000), stage: stage('Negotiation/Review', 'commit'), lastActivityDate: date(-30), lastModifiedDate: date(-30) },
      history: [{ capturedAt: '2026-05-01T09:00:00.000Z', fields: { closeDate: known(daysFromToday(-10), daysFromToday(-10)) } }],
    }),
    reviewDeal({ id: 'C3', fields: { name: named('Initech pilot'), owner: owner('Sam Rep'), amount: unknown('amount not on the page'), nextStep: empty() }, imported: true }),
  ];
}

interface FakeOptions {
  deals?: ReviewDeal[];
  settings?: Settings;
  presets?: MappingPreset[];
}

function fakeSource(options: FakeOptions = {}) {
  let stored = options.deals ?? deals();
  let presets = options.presets ?? [];
  const source = {
    listDeals: vi.fn(async (onProgress?: (loaded: readonly ReviewDeal[], total: number) => void) => {
      onProgress?.(stored, stored.length);
      return { deals: stored, today: '2026-06-01' };
    }),
    dealHistory: vi.fn(async (key: string): Promise<DealSnapshot[]> => {
      const deal = stored.find((candidate) => candidate.snapshot.key === key)!;
      return [makeSnapshot({ key, capturedAt: '2026-05-01T09:00:00.000Z', fields: { closeDate: known(daysFromToday(-10), '') } }), deal.snapshot];
    }),
    importDeals: vi.fn(async (snapshots: readonly DealSnapshot[], onProgress?: (done: number, total: number) => void) => {
      onProgress?.(snapshots.length, snapshots.length);
      stored = [...stored, ...snapshots.map((snapshot) => reviewDeal({ id: snapshot.key.split(':').pop()!, fields: snapshot.fields, imported: true }))];
      return { stored: snapshots.length, unchanged: 0 };
    }),
    removeImported: vi.fn(async () => {
      const before = stored.length;
      stored = stored.filter((deal) => !deal.imported);
      return before - stored.length;
    }),
    loadSettings: vi.fn(async () => options.settings ?? defaultSettings()),
    loadPresets: vi.fn(async () => ({ presets, errors: [] })),
    savePresets: vi.fn(async (next: readonly MappingPreset[]) => {
      presets = [...next];
    }),
    copyText: vi.fn(async () => {}),
    download: vi.fn(),
    openOptions: vi.fn(),
  } satisfies ReviewSource;
  return source;
}

async function show(options: FakeOptions = {}, t = tEn, locale = 'en-US') {
  const source = fakeSource(options);
  const user = userEvent.setup();
  render(<ReviewPage t={t} locale={locale} source={source} now={() => NOW} />);
  await screen.findByRole('heading', { level: 1 });
  await waitFor(() => expect(screen.queryByText(/^Loading deals/)).toBeNull(), SLOW);
  return { source, user };
}

const table = () => screen.getByRole('table', { name: /^(Deals|Salgsmuligheder)$/ });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);
const dealNames = () => bodyRows().map((row) => within(row).getAllByRole('cell')[0]!.querySelector('.deal-link')!.textContent);

describe('review page', { timeout: 30_000 }, () => {
  it('shows every deal with its scores and findings, worst hygiene first', async () => {
    await show();
    expect(table().getAttribute('aria-rowcount')).toBe('4');
    expect(dealNames()).toEqual(['Globex expansion', 'Initech pilot', 'Acme renewal']);
    const globex = bodyRows()[0]!;
    expect(within(globex).getByText('Sam Rep')).toBeTruthy();
    expect(within(globex).getByText('€90,000')).toBeTruthy();
    expect(within(globex).getByText('Jul 1, 2026')).toBeTruthy();
    expect(within(globex).getByLabelText('Hygiene: 30')).toBeTruthy();
    expect(within(globex).getByText('Critical', { exact: false })).toBeTruthy();
    // Unknown is not blank: the unread amount says so.
    expect(within(bodyRows()[1]!).getByText('Could not read')).toBeTruthy();
    expect(within(bodyRows()[1]!).getByText('Imported')).toBeTruthy();
    expect(screen.getByText('3 deals')).toBeTruthy();
  });

  it('filters by owner, severity, rule, source and text, and clears the filters', async () => {
    const { user } = await show();
    await user.selectOptions(screen.getByLabelText('Owner'), 'Sam Rep');
    expect(dealNames()).toEqual(['Globex expansion', 'Initech pilot']);
    expect(screen.getByText('2 of 3 deals')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Severity'), 'critical');
    expect(dealNames()).toEqual(['Globex expansion']);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(dealNames()).toHaveLength(3);
    await user.selectOptions(screen.getByLabelText('Source'), 'imported');
    expect(dealNames()).toEqual(['Initech pilot']);
    await user.selectOptions(screen.getByLabelText('Source'), 'all');
    await user.selectOptions(screen.getByLabelText('Rule'), 'next-step-missing');
    expect(dealNames()).toEqual(['Initech pilot']);
    await user.selectOptions(screen.getByLabelText('Rule'), '');
    await user.type(screen.getByLabelText('Search'), 'acme');
    expect(dealNames()).toEqual(['Acme renewal']);
    await user.clear(screen.getByLabelText('Search'));
    await user.type(screen.getByLabelText('Search'), 'no such deal');
    expect(screen.getByText('No deals match these filters.')).toBeTruthy();
  });

  it('sorts by clicking a header and says so with aria-sort', async () => {
    const { user } = await show();
    const header = (name: string) => within(table()).getByRole('columnheader', { name: new RegExp(`^${name}`) });
    expect(header('Hygiene').getAttribute('aria-sort')).toBe('ascending');
    await user.click(within(header('Amount')).getByRole('button'));
    expect(header('Amount').getAttribute('aria-sort')).toBe('descending');
    expect(header('Hygiene').getAttribute('aria-sort')).toBe('none');
    // The unread amount stays last in either direction.
    expect(dealNames()).toEqual(['Acme renewal', 'Globex expansion', 'Initech pilot']);
    await user.click(within(header('Amount')).getByRole('button'));
    expect(header('Amount').getAttribute('aria-sort')).toBe('ascending');
    expect(dealNames()).toEqual(['Globex expansion', 'Acme renewal', 'Initech pilot']);
  });

  it('opens a deal in the drawer: fields, findings with why and fix, and the close-date drift', async () => {
    const { user, source } = await show();
    await user.click(screen.getByRole('button', { name: 'Globex expansion' }));
    const drawer = screen.getByRole('complementary', { name: 'Globex expansion' });
    // Stale activity and record (critical), stuck in stage and a pushed close date (warnings).
    expect(within(drawer).getByText('4 findings')).toBeTruthy();
    expect(within(drawer).getAllByText('Why:')).toHaveLength(4);
    expect(within(drawer).getByText(tEn('rule_stale_record__why'))).toBeTruthy();
    expect(within(drawer).getByText(tEn('rule_stale_record__fix'))).toBeTruthy();
    expect(within(drawer).getByRole('link', { name: 'Open in the CRM' }).getAttribute('href')).toBe('https://acme.lightning.force.com/lightning/r/Opportunity/B2/view');
    expect(source.dealHistory).toHaveBeenCalledWith('salesforce:acme.lightning.force.com:B2');
    const summary = await within(drawer).findByText(/^Changed 1 time \(1 push later\)/, {}, SLOW);
    expect(summary.textContent).toContain('from May 22, 2026 to Jul 1, 2026, 40 days in all');
    expect(within(drawer).getByRole('img', { name: summary.textContent! })).toBeTruthy();
    expect(screen.getAllByRole('row').some((row) => row.getAttribute('aria-current') === 'true')).toBe(true);
    await user.click(within(drawer).getByRole('button', { name: 'Close deal details' }));
    expect(screen.queryByRole('complementary')).toBeNull();
  });

  it('gives every chart a text summary and its numbers as a table; a rule bar filters the table', async () => {
    const quotas = [
      { owner: 'Dana Seller', period: '2026-Q3', amount: 100_000, currency: 'EUR' },
      { owner: 'sam rep', period: '2026-Q3', amount: 100_000, currency: 'EUR' },
    ];
    const { user } = await show({ settings: { ...defaultSettings(), quotas } });
    // Dana's Acme (€250,000) and Sam's Globex (€90,000) close on 1 July: 2.5× and 0.9×, both below the 3× mark.
    const coverage = screen.getByRole('figure', { name: 'Pipeline coverage vs quota' });
    expect(await within(coverage).findByText('2026-Q3: 2 owners with a quota, 2 below 3× coverage.', {}, SLOW)).toBeTruthy();
    await user.click(within(coverage).getByText('Show as table'));
    const danaCells = () => within(within(coverage).getByRole('row', { name: /^Dana Seller/ })).getAllByRole('cell').map((cell) => cell.textContent);
    // Charts follow the table a frame later.
    await waitFor(() => expect(danaCells()).toEqual(['€250,000', '€100,000', '2.5×', '1', '']), SLOW);
    // Filtering by an owner shows that owner's quota only.
    await user.selectOptions(screen.getByLabelText('Owner'), 'Sam Rep');
    expect(await within(coverage).findByText('2026-Q3: 1 owner with a quota, 1 below 3× coverage.', {}, SLOW)).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Owner'), '');
    expect(await within(coverage).findByText('2026-Q3: 2 owners with a quota, 2 below 3× coverage.', {}, SLOW)).toBeTruthy();

    const findings = screen.getByRole('figure', { name: 'Findings by rule' });
    expect(within(findings).getByRole('img').getAttribute('aria-label')).toMatch(/^5 rules with findings; most often /);
    await user.click(within(findings).getByText('Show as table'));
    await user.click(within(findings).getByRole('button', { name: tEn('rule_next_step_missing__name') }));
    expect(dealNames()).toEqual(['Initech pilot']);
  });

  it('shows an empty state that explains how deals appear and offers the import', async () => {
    const { user } = await show({ deals: [] });
    expect(screen.getByRole('heading', { name: 'No deals yet' })).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    const section = screen.getByRole('region', { name: 'No deals yet' });
    await user.click(within(section).getByRole('button', { name: 'Import CSV…' }));
    expect(screen.getByRole('dialog', { name: 'Import deals from a CSV export' })).toBeTruthy();
  });

  it('copies the weekly brief for the deals in view', async () => {
    const { user, source } = await show();
    await user.selectOptions(screen.getByLabelText('Owner'), 'Sam Rep');
    await user.click(screen.getByRole('button', { name: 'Weekly brief' }));
    const dialog = screen.getByRole('dialog', { name: 'Weekly pipeline meeting brief' });
    const preview = within(dialog).getByLabelText('Preview (Markdown)') as HTMLTextAreaElement;
    expect(preview.value).toContain('# Weekly pipeline brief · Jun 1, 2026');
    expect(preview.value).toContain('_2 of 3 deals (filtered view)_');
    expect(preview.value).toContain('**Globex expansion** · Sam Rep · €90,000:');
    await user.click(within(dialog).getByRole('button', { name: 'Copy to clipboard' }));
    expect(source.copyText).toHaveBeenCalledWith(preview.value);
    expect(await within(dialog).findByText('Copied. Paste it where your team meets.', {}, SLOW)).toBeTruthy();
  });

  it('says when the clipboard refuses', async () => {
    const { user, source } = await show();
    source.copyText.mockRejectedValueOnce(new Error('Document is not focused'));
    await user.click(screen.getByRole('button', { name: 'Weekly brief' }));
    await user.click(screen.getByRole('button', { name: 'Copy to clipboard' }));
    expect(await screen.findByText('Could not copy: Document is not focused', {}, SLOW)).toBeTruthy();
  });

  it('exports the rows in view as CSV', async () => {
    const { user, source } = await show();
    await user.selectOptions(screen.getByLabelText('Owner'), 'Dana Seller');
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(source.download).toHaveBeenCalledTimes(1);
    const [name, text, type] = source.download.mock.calls[0]!;
    expect(name).toBe('deal-hygiene-pipeline-2026-06-01.csv');
    expect(type).toBe('text/csv;charset=utf-8');
    expect(text.split('\r\n')).toHaveLength(2);
    expect(text).toContain('Acme renewal,Dana Seller');
    expect(screen.getByText('Exported 1 deal as CSV.')).toBeTruthy();
  });

  it('removes imported deals after asking', async () => {
    const { user, source } = await show();
    await user.click(screen.getByRole('button', { name: 'Remove imported deals' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove imported deals?' });
    expect(within(dialog).getByText(/This removes 1 imported deal/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(source.removeImported).toHaveBeenCalled();
    await waitFor(() => expect(dealNames()).toEqual(['Globex expansion', 'Acme renewal']), SLOW);
    expect(screen.getByText('Removed 1 imported deal.')).toBeTruthy();
  });

  it('speaks Danish with Danish dates and money', async () => {
    await show({}, tDa, 'da-DK');
    expect(screen.getByRole('heading', { level: 1, name: 'Pipeline-gennemgang' })).toBeTruthy();
    expect(within(bodyRows()[0]!).getByText('1. jul. 2026')).toBeTruthy();
    expect(within(bodyRows()[0]!).getByText(/^90\.000\s€$/)).toBeTruthy();
    expect(within(bodyRows()[1]!).getByText('Kunne ikke læses')).toBeTruthy();
  });

  it('shows the error and retries when the deals cannot be loaded', async () => {
    const source = fakeSource();
    source.listDeals.mockRejectedValueOnce(new Error('the background did not answer'));
    const user = userEvent.setup();
    render(<ReviewPage t={tEn} locale="en-US" source={source} now={() => NOW} />);
    expect(await screen.findByText('Could not load the deals: the background did not answer', { exact: false }, SLOW)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(dealNames()).toHaveLength(3), SLOW);
  });
});

const SALESFORCE_CSV = [
  'Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Opportunity ID,Next Step',
  'Dana Seller,Fjord expansion,Proposal/Price Quote,"€120,000.00",7/15/2026,0065g00000Fjord,Demo',
  'Sam Rep,Nordlys,Negotiation/Review,"€80,000.00",someday,0065g00000Nordl,',
  'broken,row',
].join('\n');

async function chooseFile(user: ReturnType<typeof userEvent.setup>, text: string, name = 'pipeline.csv') {
  const dialog = screen.getByRole('dialog', { name: 'Import deals from a CSV export' });
  const input = dialog.querySelector('input[type="file"]') as HTMLInputElement;
  await user.upload(input, new File([text], name, { type: 'text/csv' }));
  return dialog;
}

describe('CSV import', { timeout: 30_000 }, () => {
  it('detects the export, previews rows with their problems, and imports them', async () => {
    const { user, source } = await show();
    await user.click(screen.getByRole('button', { name: 'Import CSV…' }));
    const dialog = await chooseFile(user, SALESFORCE_CSV);
    expect(await within(dialog).findByText('Looks like a Salesforce opportunity report. Check the columns below.', {}, SLOW)).toBeTruthy();
    expect((within(dialog).getByLabelText('Deal name') as HTMLSelectElement).value).toBe('Opportunity Name');
    expect((within(dialog).getByLabelText('Close date') as HTMLSelectElement).value).toBe('Close Date');
    // The preview follows the mapping a moment later (it reads the whole file).
    expect(await within(dialog).findByText('2 deals ready to import', {}, SLOW)).toBeTruthy();
    expect(within(dialog).getByText('1 row will be skipped')).toBeTruthy();
    expect(within(dialog).getByText('1 row has values that could not be read')).toBeTruthy();
    expect(within(dialog).getByText('Close date could not be read')).toBeTruthy();
    expect(within(dialog).getByText('has 2 columns, the header has 7')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Import 2 deals' }));
    expect(await within(dialog).findByText('Imported: 2 new or changed, 0 unchanged.', {}, SLOW)).toBeTruthy();
    const sent = source.importDeals.mock.calls[0]![0];
    expect(sent.map((snapshot) => snapshot.key)).toEqual(['salesforce:import:0065g00000Fjord', 'salesforce:import:0065g00000Nordl']);
    expect(sent[0]!.capturedAt).toBe(NOW.toISOString());
    // The page reloads its deals: the imported ones are in the table.
    await waitFor(() => expect(source.listDeals).toHaveBeenCalledTimes(2), SLOW);
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(dealNames()).toContain('Fjord expansion'), SLOW);
  });

  it('lets the user map the columns of an unknown export, with its locale and currency, and saves the mapping', async () => {
    const { user, source } = await show();
    await user.click(screen.getByRole('button', { name: 'Import CSV…' }));
    const csv = ['Kunde;Sælger;Værdi;Lukkes', 'Fjord A/S;Kari;1.250.000,00;27.11.2026', 'Nordlys;Ola;300.000,00;01.12.2026'].join('\n');
    const dialog = await chooseFile(user, csv, 'eksport.csv');
    expect(await within(dialog).findByText('No known CRM layout recognised: map the columns below.', {}, SLOW)).toBeTruthy();
    expect(await within(dialog).findByText(/This file cannot be imported with this mapping/, {}, SLOW)).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: /^Import/ }) as HTMLButtonElement).disabled).toBe(true);
    await user.selectOptions(within(dialog).getByLabelText('Deal name'), 'Kunde');
    await user.selectOptions(within(dialog).getByLabelText('Owner'), 'Sælger');
    await user.selectOptions(within(dialog).getByLabelText('Amount'), 'Værdi');
    await user.selectOptions(within(dialog).getByLabelText('Close date'), 'Lukkes');
    // The example column shows what the chosen column holds.
    expect(within(dialog).getByText('1.250.000,00')).toBeTruthy();
    await user.selectOptions(within(dialog).getByLabelText('Dates and numbers written in'), 'da-DK');
    await user.type(within(dialog).getByLabelText('Currency when not given'), 'dkk');
    expect(await within(dialog).findByText('2 deals ready to import', {}, SLOW)).toBeTruthy();
    expect(await within(dialog).findByText('Nov 27, 2026', {}, SLOW)).toBeTruthy();
    expect(within(dialog).getByText('DKK 1,250,000')).toBeTruthy();

    await user.type(within(dialog).getByLabelText('Save this mapping as'), 'Nordic export');
    await user.click(within(dialog).getByRole('button', { name: 'Save mapping' }));
    expect(await within(dialog).findByText('Saved “Nordic export”.', {}, SLOW)).toBeTruthy();
    const saved = source.savePresets.mock.calls[0]![0][0]!;
    expect(saved).toMatchObject({ name: 'Nordic export', preset: 'generic', locale: 'da-DK', defaultCurrency: 'DKK', mapping: { name: 'Kunde', owner: 'Sælger', amount: 'Værdi', closeDate: 'Lukkes', stage: '' } });

    await user.click(within(dialog).getByRole('button', { name: 'Import 2 deals' }));
    await within(dialog).findByText('Imported: 2 new or changed, 0 unchanged.', {}, SLOW);
    const sent = source.importDeals.mock.calls[0]![0];
    expect(sent[0]!.fields.amount).toMatchObject({ state: 'value', value: { value: 1_250_000, currency: 'DKK' } });
    expect(sent[0]!.key).toMatch(/^generic:import:row-/);
  });

  it('proposes a saved mapping that fits the next file', async () => {
    const preset: MappingPreset = {
      name: 'Nordic export',
      preset: 'generic',
      mapping: { name: 'Kunde', owner: 'Sælger', amount: 'Værdi' },
      locale: 'da-DK',
      defaultCurrency: 'DKK',
      savedAt: '2026-05-01T10:00:00.000Z',
    };
    const { user } = await show({ presets: [preset] });
    await user.click(screen.getByRole('button', { name: 'Import CSV…' }));
    const dialog = await chooseFile(user, ['Kunde;Sælger;Værdi', 'Fjord A/S;Kari;1.250.000,00'].join('\n'));
    expect(await within(dialog).findByText('Using your saved mapping “Nordic export”.', {}, SLOW)).toBeTruthy();
    expect((within(dialog).getByLabelText('Deal name') as HTMLSelectElement).value).toBe('Kunde');
    expect((within(dialog).getByLabelText('Currency when not given') as HTMLInputElement).value).toBe('DKK');
    expect(await within(dialog).findByText('1 deal ready to import', {}, SLOW)).toBeTruthy();
  });

  it('refuses a file without a header', async () => {
    const { user } = await show();
    await user.click(screen.getByRole('button', { name: 'Import CSV…' }));
    const dialog = await chooseFile(user, '\n\n');
    expect(await within(dialog).findByText('The file has no header row to map.', { exact: false }, SLOW)).toBeTruthy();
  });
});

// Keeps act() warnings from hiding real failures when a test ends while a promise settles.
afterEach(async () => {
  await act(async () => {});
});
