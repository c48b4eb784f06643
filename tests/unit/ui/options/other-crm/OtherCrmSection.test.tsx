import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OtherCrmSection } from '../../../../../src/ui/options/other-crm/OtherCrmSection';
import type { OpenTab, OtherCrmSource } from '../../../../../src/ui/options/other-crm/source';
import { crmMappingSchema, exportCrmMapping, importCrmMapping, type CrmMapping } from '../../../../../src/model/crm-mapping';
import { readWithMapping } from '../../../../../src/content/custom-crms';
import { createTranslator, lookupFromFile } from '../../../../../src/i18n/translate';
import { parsePage } from '../../../../helpers/fixtures';
import en from '../../../../../public/_locales/en/messages.json';
import da from '../../../../../public/_locales/da/messages.json';

afterEach(cleanup);

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');
const NOW = new Date('2026-11-27T09:00:00Z');
const DEAL_URL = 'http://127.0.0.1:8000/deals/42';

/** An in-house CRM's deal page: values in inputs (set as properties), a select, and a label with no value. */
function dealPage(): Document {
  const doc = parsePage(`<html lang="en-US"><body>
    <h1 id="title">Globex – 120 seats</h1>
    <label for="amount">Amount</label><input id="amount">
    <label for="stage">Stage</label><select id="stage"><option value="">—</option><option>Proposal</option></select>
    <span>Close date</span><span>soon-ish</span>
  </body></html>`);
  (doc.querySelector('#amount') as HTMLInputElement).value = '$46,000.00';
  return doc;
}

const LOCAL: CrmMapping = crmMappingSchema.parse({
  id: 'inhouse',
  name: 'In-house CRM',
  matches: ['http://127.0.0.1/*'],
  recordId: { pattern: '/deals/(\\d+)' },
  fields: { name: { selector: '#title' }, amount: { labels: ['Amount'] } },
});

function fakeSource({ stored = [] as CrmMapping[], grant = true, granted = [] as string[], tabs = [{ id: 5, url: DEAL_URL, title: 'Globex' }] as OpenTab[] } = {}) {
  let list = stored;
  const grants = new Set(granted);
  const source = {
    load: vi.fn(async () => ({ mappings: list, errors: [] })),
    requestAccess: vi.fn((origins: string[]) => {
      if (grant) origins.forEach((origin) => grants.add(origin));
      return Promise.resolve(grant);
    }),
    hasAccess: vi.fn(async (origins: string[]) => origins.every((origin) => grants.has(origin))),
    releaseAccess: vi.fn(async () => undefined),
    save: vi.fn(async (mappings: CrmMapping[]) => {
      list = mappings;
      const waitingForAccess = mappings.filter((mapping) => !mapping.matches.every((origin) => grants.has(origin))).map((mapping) => mapping.id);
      return { ok: true as const, registered: mappings.map((mapping) => mapping.id).filter((id) => !waitingForAccess.includes(id)), waitingForAccess, errors: [] };
    }),
    tabs: vi.fn(async () => tabs),
    test: vi.fn(async (_tabId: number, mapping: CrmMapping) => readWithMapping(dealPage(), DEAL_URL, mapping, NOW)),
    download: vi.fn(),
    subscribe: vi.fn(() => () => undefined),
  } satisfies OtherCrmSource;
  return { source, stored: () => list };
}

async function show(options: Parameters<typeof fakeSource>[0] = {}, t = tEn) {
  const fake = fakeSource(options);
  render(<OtherCrmSection t={t} locale="en-US" source={fake.source} now={() => NOW} />);
  await screen.findByRole('button', { name: t('other_crm_add') });
  return fake;
}

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

async function fillNewCrm() {
  fireEvent.click(screen.getByRole('button', { name: 'Add a CRM' }));
  await screen.findByRole('heading', { name: 'Add a CRM', level: 3 });
  type('Name', 'In-house CRM');
  type(/^Addresses/, 'http://127.0.0.1/*');
  type(/^Deal id in the address/, '/deals/(\\d+)');
  fireEvent.change(screen.getByLabelText('How Deal name is found'), { target: { value: 'selector' } });
  type('CSS selector of Deal name', '#title');
  // A new CRM offers labels for every field; one left blank is not read.
  expect(screen.getByLabelText('How Owner is found')).toHaveProperty('value', 'labels');
  type('Labels of Amount, one per line', 'Amount\nBeløb');
  type('Labels of Stage, one per line', 'Stage');
  type('Labels of Close date, one per line', 'Close date');
}

// Each test drives a whole form; on a loaded machine that takes a few seconds.
describe('Other CRM section', { timeout: 20_000 }, () => {
  it('says when no CRM is added yet', async () => {
    await show();
    expect(screen.getByText('No CRMs added yet.')).toBeTruthy();
  });

  it('adds a CRM: checks an example address live, asks for access within the click, saves and tells the background', async () => {
    const { source, stored } = await show();
    await fillNewCrm();

    type('Check with an example address', 'http://127.0.0.1:8000/deals/42');
    expect(screen.getByText('Covered by the addresses above')).toBeTruthy();
    expect(screen.getByText('Deal id: 42')).toBeTruthy();
    type('Check with an example address', 'http://127.0.0.1:8000/contacts');
    expect(screen.getByText('No deal id found in this address')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Save this CRM' }));
    // Still inside the click: the permission prompt is asked for before anything else happens.
    expect(source.requestAccess).toHaveBeenCalledWith(['http://127.0.0.1/*']);
    expect(source.save).not.toHaveBeenCalled();

    await screen.findByText(/Saved In-house CRM\. Its deal pages are read from now on/);
    expect(stored()).toEqual([
      {
        id: 'in-house-crm',
        name: 'In-house CRM',
        matches: ['http://127.0.0.1/*'],
        recordId: { pattern: '/deals/(\\d+)' },
        fields: { name: { selector: '#title' }, amount: { labels: ['Amount', 'Beløb'] }, stage: { labels: ['Stage'] }, closeDate: { labels: ['Close date'] } },
        qualification: {},
        stageMapping: {},
      },
    ]);
    const card = screen.getByRole('listitem');
    expect(within(card).getByRole('heading', { name: 'In-house CRM' })).toBeTruthy();
    expect(within(card).getByText('Reading its pages')).toBeTruthy();
    expect(within(card).getByText('4 fields mapped')).toBeTruthy();
  });

  it('shows what is wrong, next to each input, and asks for nothing until it is fixed', async () => {
    const { source } = await show();
    fireEvent.click(screen.getByRole('button', { name: 'Add a CRM' }));
    type(/^Addresses/, 'ftp://files.example.com/*');
    type(/^Deal id in the address/, '/deals/\\d+');
    fireEvent.change(screen.getByLabelText('How Amount is found'), { target: { value: 'selector' } });
    type('CSS selector of Amount', 'div[data-x=');
    fireEvent.click(screen.getByRole('button', { name: 'Save this CRM' }));
    expect(source.requestAccess).not.toHaveBeenCalled();
    expect(source.save).not.toHaveBeenCalled();
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText(/Fix 4 problems first/)).toBeTruthy();
    expect(within(alert).getByText('matches.0: the scheme must be http, https or * (both), not "ftp"')).toBeTruthy();
    expect(screen.getByText('Give the CRM a name.')).toBeTruthy();
    expect(screen.getByText('Give at least one valid address pattern:')).toBeTruthy();
    expect(screen.getByText('The deal id pattern is not valid:')).toBeTruthy();
    expect(screen.getByText('Give at least one label, or a valid CSS selector:')).toBeTruthy();
    expect(screen.getByLabelText('CSS selector of Amount').getAttribute('aria-invalid')).toBe('true');
    // Fixing a problem removes its message at once.
    type('Name', 'Files');
    expect(screen.queryByText('Give the CRM a name.')).toBeNull();
  });

  it('tests the draft on an open tab of the CRM and shows each field as read, empty or could not read', async () => {
    const { source } = await show({ tabs: [{ id: 9, url: 'https://elsewhere.test/', title: 'Elsewhere' }, { id: 5, url: DEAL_URL, title: 'Globex' }] });
    await fillNewCrm();
    const tab = await screen.findByLabelText('Tab');
    expect(within(tab).getAllByRole('option').map((option) => option.textContent)).toEqual([`Globex — ${DEAL_URL}`]);

    fireEvent.click(screen.getByRole('button', { name: 'Test on this tab' }));
    expect(source.requestAccess).toHaveBeenCalledWith(['http://127.0.0.1/*']);
    const table = await screen.findByRole('table', { name: 'What would be read from the tab' });
    expect(source.test).toHaveBeenCalledWith(5, expect.objectContaining({ id: 'in-house-crm' }));
    expect(screen.getByText('2 read, 1 empty, 1 could not be read.')).toBeTruthy();
    const row = (field: string) => within(table).getByRole('row', { name: new RegExp(`^${field}`) });
    expect(within(row('Deal name')).getByText('Read')).toBeTruthy();
    expect(within(row('Deal name')).getByText('Globex – 120 seats')).toBeTruthy();
    expect(within(row('Amount')).getByText('$46,000.00')).toBeTruthy();
    expect(within(row('Stage')).getByText('Empty')).toBeTruthy();
    expect(within(row('Close date')).getByText('Could not read')).toBeTruthy();
    expect(within(row('Close date')).getByText('could not make sense of the value')).toBeTruthy();
    expect(within(row('Close date')).getByText(/closeDate: no date in "soon-ish"/)).toBeTruthy();
    // Fields the mapping does not locate are not listed as failures.
    expect(within(table).queryByRole('row', { name: /^Owner/ })).toBeNull();
    expect(source.save).not.toHaveBeenCalled();
  });

  it('says when no open tab shows the CRM', async () => {
    await show({ tabs: [{ id: 9, url: 'https://elsewhere.test/', title: 'Elsewhere' }] });
    await fillNewCrm();
    expect(await screen.findByText(/No open tab shows a page at these addresses/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Test on this tab' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('saves without access when the user declines, and offers to grant it later', async () => {
    const { source } = await show({ grant: false });
    await fillNewCrm();
    fireEvent.click(screen.getByRole('button', { name: 'Save this CRM' }));
    await screen.findByText(/Saved In-house CRM, but without access to its site nothing is read/);
    const card = screen.getByRole('listitem');
    expect(within(card).getByText('Waiting for access')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'Grant access' }));
    expect(source.requestAccess).toHaveBeenCalledTimes(2);
    await screen.findByText('Access to the site was not granted, so its pages cannot be read.');
  });

  it('edits a CRM keeping its id (it is part of every deal key)', async () => {
    const { stored } = await show({ stored: [LOCAL], granted: ['http://127.0.0.1/*'] });
    fireEvent.click(screen.getByRole('button', { name: 'Edit In-house CRM' }));
    await screen.findByRole('heading', { name: 'Edit In-house CRM' });
    type('Name', 'Sales desk');
    fireEvent.click(screen.getByRole('button', { name: 'Save this CRM' }));
    await screen.findByText(/Saved Sales desk/);
    expect(stored()).toEqual([{ ...LOCAL, name: 'Sales desk' }]);
  });

  it('exports a mapping as a file that imports back', async () => {
    const { source } = await show({ stored: [LOCAL], granted: ['http://127.0.0.1/*'] });
    fireEvent.click(screen.getByRole('button', { name: 'Export In-house CRM as a file' }));
    expect(source.download).toHaveBeenCalledWith('deal-hygiene-crm-in-house-crm.json', expect.any(String));
    const text = source.download.mock.calls[0]![1] as string;
    expect(importCrmMapping(text)).toEqual({ ok: true, mapping: LOCAL });
    expect(screen.getByText(/Saved as deal-hygiene-crm-in-house-crm\.json/)).toBeTruthy();
  });

  it('imports a file into the editor, saying it replaces the CRM with the same id', async () => {
    const { stored } = await show({ stored: [LOCAL], granted: ['http://127.0.0.1/*'] });
    const file = new File([exportCrmMapping({ ...LOCAL, name: 'In-house CRM v2' })], 'mapping.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('Import a file…', { selector: 'input' }), { target: { files: [file] } });
    await screen.findByRole('heading', { name: 'Imported: In-house CRM v2' });
    expect(screen.getByText(/same id as your “In-house CRM”: saving replaces it/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save this CRM' }));
    await screen.findByText(/Saved In-house CRM v2/);
    expect(stored().map((mapping) => mapping.name)).toEqual(['In-house CRM v2']);
  });

  it('lists every error of a file that cannot be imported, by path', async () => {
    await show();
    const broken = JSON.parse(exportCrmMapping(LOCAL));
    broken.mapping.recordId.pattern = '(a)(b)';
    broken.mapping.fields.amount = { labels: ['Amount'], selector: '#a' };
    const file = new File([JSON.stringify(broken)], 'broken.json');
    fireEvent.change(screen.getByLabelText('Import a file…', { selector: 'input' }), { target: { files: [file] } });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('broken.json cannot be imported (2 problems):')).toBeTruthy();
    expect(within(alert).getByText(/^mapping\.recordId\.pattern: needs exactly one capture group/)).toBeTruthy();
    expect(within(alert).getByText('mapping.fields.amount: give either "labels" or "selector", not both')).toBeTruthy();
  });

  it('deletes after confirming, and gives back access no other CRM needs', async () => {
    const other = { ...LOCAL, id: 'other', name: 'Other', matches: ['https://crm.other.test/*'] };
    const { source, stored } = await show({ stored: [LOCAL, other], granted: ['http://127.0.0.1/*', 'https://crm.other.test/*'] });
    fireEvent.click(screen.getByRole('button', { name: 'Delete In-house CRM' }));
    const confirm = screen.getByRole('group', { name: /Delete In-house CRM\?/ });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Yes, delete' }));
    await screen.findByText('Deleted In-house CRM.');
    expect(stored()).toEqual([other]);
    expect(source.releaseAccess).toHaveBeenCalledWith(['http://127.0.0.1/*']);
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });

  it('starts from a preset', async () => {
    await show();
    fireEvent.change(screen.getByLabelText('Start from'), { target: { value: 'starter' } });
    await screen.findByRole('heading', { name: /^New CRM from/ });
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Common field labels (English, Danish, German)');
    expect((screen.getByLabelText('Labels of Amount, one per line') as HTMLTextAreaElement).value).toContain('Beløb');
  });

  it('adds qualification evidence and stage rows', async () => {
    const { stored } = await show();
    await fillNewCrm();
    fireEvent.click(screen.getByRole('button', { name: 'Add a criterion' }));
    fireEvent.change(screen.getAllByLabelText('Criterion').at(-1)!, { target: { value: 'economic-buyer' } });
    type('Label texts', 'Economic buyer');
    fireEvent.click(screen.getByRole('button', { name: 'Add a stage' }));
    type('Stage as the CRM shows it', 'Proposal Sent');
    fireEvent.change(screen.getByLabelText('Sales stage of “Proposal Sent”'), { target: { value: 'propose' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save this CRM' }));
    await screen.findByText(/Saved In-house CRM/);
    expect(stored()[0]).toMatchObject({ qualification: { 'economic-buyer': { labels: ['Economic buyer'] } }, stageMapping: { 'proposal sent': 'propose' } });
  });

  it('speaks Danish', async () => {
    await show({ stored: [LOCAL] }, tDa);
    expect(screen.getByRole('heading', { name: 'Andet CRM' })).toBeTruthy();
    expect(screen.getByText('Venter på adgang')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Tilføj et CRM' })));
    expect(screen.getByRole('button', { name: 'Test på denne fane' })).toBeTruthy();
  });

  it('reloads when the stored list changes elsewhere', async () => {
    const fake = fakeSource();
    render(<OtherCrmSection t={tEn} locale="en-US" source={fake.source} />);
    await screen.findByText('No CRMs added yet.');
    const onChange = (fake.source.subscribe.mock.calls[0] as unknown as [() => void])[0];
    await fake.source.save([LOCAL]);
    act(() => onChange());
    await waitFor(() => expect(screen.getByRole('heading', { name: 'In-house CRM' })).toBeTruthy());
  });
});
