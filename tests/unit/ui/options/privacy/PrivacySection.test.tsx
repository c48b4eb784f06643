import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildExport } from '../../../../../src/history/backup';
import { createTranslator, lookupFromFile } from '../../../../../src/i18n/translate';
import type { StorageUsage } from '../../../../../src/messaging/data';
import { defaultSettings } from '../../../../../src/model/settings';
import { fingerprint } from '../../../../../src/model/fingerprint';
import { periodLabel, PrivacySection } from '../../../../../src/ui/options/privacy/PrivacySection';
import { DataRequestError, type PrivacySource } from '../../../../../src/ui/options/privacy/source';
import { NOW } from '../../../../helpers/deals';
import { ACME, answers, GLOBEX, visit } from '../../../../helpers/history-data';
import en from '../../../../../public/_locales/en/messages.json';
import da from '../../../../../public/_locales/da/messages.json';

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');

afterEach(cleanup);

const EMPTY: StorageUsage = {
  deals: 0,
  snapshots: 0,
  qualifications: 0,
  snoozes: 0,
  bytes: null,
  quotaBytes: null,
  oldestSnapshotAt: null,
  lastRetentionAt: null,
  lastPrunedForQuotaAt: null,
  prunedForQuotaSnapshots: 0,
};

const BUSY: StorageUsage = {
  ...EMPTY,
  deals: 12,
  snapshots: 40,
  qualifications: 3,
  snoozes: 2,
  bytes: 2_411_724,
  quotaBytes: 10_000_000_000,
  oldestSnapshotAt: '2026-03-03T10:00:00.000Z',
  lastRetentionAt: '2026-06-01T08:30:00.000Z',
};

/** A source over an in-memory store: what the section asks and what it is told. */
function fakeSource(initial: StorageUsage = BUSY, retentionDays = 365) {
  const state = { usage: { ...initial }, retentionDays };
  const source = {
    usage: vi.fn(async () => ({ ...state.usage })),
    retentionDays: vi.fn(async () => state.retentionDays),
    saveRetentionDays: vi.fn(async (days: number) => {
      state.retentionDays = days;
    }),
    exportEverything: vi.fn(async () => ({ fileName: 'deal-hygiene-export-2026-06-01.json', deals: state.usage.deals, snapshots: state.usage.snapshots, skipped: 0 })),
    importEverything: vi.fn(async (_file: unknown) => {
      state.usage = { ...state.usage, deals: 2, snapshots: 3, qualifications: 1, snoozes: 0 };
      return { deals: 2, snapshots: 3, qualification: 1, snoozes: 0, customCrms: 0 };
    }),
    deleteEverything: vi.fn(async () => {
      const { deals, snapshots, qualifications: qualification, snoozes } = state.usage;
      state.usage = { ...EMPTY, bytes: state.usage.bytes };
      state.retentionDays = 365;
      return { deals, snapshots, qualification, snoozes };
    }),
    applyRetention: vi.fn(async () => ({ removed: 0, removedDeals: 0 })),
    dismissStorageNotice: vi.fn(async () => {
      state.usage = { ...state.usage, lastPrunedForQuotaAt: null, prunedForQuotaSnapshots: 0 };
    }),
    now: () => NOW,
  } satisfies PrivacySource;
  return { source, state };
}

async function show(source: PrivacySource, t = tEn, locale = 'en-US') {
  const user = userEvent.setup();
  const view = render(<PrivacySection t={t} locale={locale} source={source} />);
  await screen.findByRole('combobox', { name: t('privacy_retention_label') });
  return { user, view };
}

/** An export file as "Export everything" writes it: two deals, three snapshots, one quick-qualify record. */
function exportText(settings = defaultSettings()): string {
  const rows = [visit(ACME, '2026-04-01T10:00:00.000Z', '2026-05-31'), visit(GLOBEX, '2026-04-10T10:00:00.000Z', '2026-06-30', 'Globex renewal'), visit(ACME, '2026-05-01T10:00:00.000Z', '2026-06-30')];
  const deals = [
    { key: ACME, crm: 'salesforce', firstSeenAt: rows[0]!.capturedAt, lastSeenAt: rows[2]!.capturedAt, latestFingerprint: fingerprint(rows[2]!.fields), snapshotCount: 2 },
    { key: GLOBEX, crm: 'salesforce', firstSeenAt: rows[1]!.capturedAt, lastSeenAt: rows[1]!.capturedAt, latestFingerprint: fingerprint(rows[1]!.fields), snapshotCount: 1 },
  ];
  const { file } = buildExport({ settings, customCrms: [], deals, snapshots: rows.map((row) => ({ ...row, fingerprint: fingerprint(row.fields) })), qualification: [answers(ACME, '2026-05-02T10:00:00.000Z')], snoozes: [] }, NOW);
  return JSON.stringify(file, null, 2);
}

const jsonFile = (text: string, name = 'deal-hygiene-export-2026-06-01.json') => new File([text], name, { type: 'application/json' });

describe('PrivacySection: what is stored', () => {
  it('says plainly that nothing leaves the device, and shows counts, size and the oldest snapshot', async () => {
    const { source } = fakeSource();
    await show(source);
    expect(screen.getByRole('heading', { level: 2, name: 'Privacy and data' })).toBeTruthy();
    expect(screen.getByText(/It has no server and sends nothing anywhere/)).toBeTruthy();
    const stored = screen.getByRole('group', { name: 'What is stored' });
    const value = (label: string) => within(stored).getByText(label).nextElementSibling?.textContent;
    expect(value('Deals')).toBe('12');
    expect(value('Snapshots (deal history)')).toBe('40');
    expect(value('Quick-qualify records')).toBe('3');
    expect(value('Snoozed findings')).toBe('2');
    expect(value('Storage used')).toBe('2.3 MB');
    expect(within(stored).getByText('Oldest snapshot kept: March 3, 2026.')).toBeTruthy();
  });

  it('an empty state when nothing is stored, and no size when the browser does not tell', async () => {
    const { source } = fakeSource(EMPTY);
    await show(source);
    expect(screen.getByText('Nothing is stored. Deals appear here once you open them in your CRM.')).toBeTruthy();
    expect(screen.queryByText('Storage used')).toBeNull();
  });

  it('explains a database blocked by another copy of the extension, and tries again on request', async () => {
    const { source } = fakeSource();
    source.usage.mockRejectedValueOnce(new DataRequestError('the history database is held open', 'db-blocked'));
    const { user } = await show(source);
    expect(screen.getByRole('alert').textContent).toContain('The history is in use by another copy of Deal Hygiene');
    expect(screen.getByRole('button', { name: 'Export everything' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(screen.getByText('12')).toBeTruthy();
  });

  it('tells the user when old snapshots were removed because storage was full, until dismissed', async () => {
    const { source } = fakeSource({ ...BUSY, lastPrunedForQuotaAt: '2026-05-30T08:15:00.000Z', prunedForQuotaSnapshots: 17 });
    const { user } = await show(source);
    const notice = screen.getByRole('alert');
    expect(notice.textContent).toBe(
      'Storage was full on May 30, 2026 at 8:15 AM: 17 old snapshots were removed, oldest first, to make room. Each deal kept its latest snapshot, and your answers, snoozes and settings were kept.Dismiss',
    );
    await user.click(within(notice).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(source.dismissStorageNotice).toHaveBeenCalledTimes(1);
  });
});

describe('PrivacySection: retention period', () => {
  it('shows the stored period and saves a new one', async () => {
    const { source } = fakeSource();
    const { user } = await show(source);
    const select = screen.getByRole('combobox', { name: 'Keep deal history for' }) as HTMLSelectElement;
    expect(select.selectedOptions[0]!.textContent).toBe('1 year (default)');
    expect(Array.from(select.options, (option) => option.textContent)).toEqual(['1 month', '3 months', '6 months', '1 year (default)', '2 years', '5 years', '10 years']);
    await user.selectOptions(select, '90');
    expect(source.saveRetentionDays).toHaveBeenCalledWith(90);
    expect(await screen.findByText('Saved: deal history is kept for 3 months.')).toBeTruthy();
    expect(select.value).toBe('90');
  });

  it('shows a period set elsewhere that the list does not offer', async () => {
    const { source } = fakeSource(BUSY, 45);
    await show(source);
    const select = screen.getByRole('combobox', { name: 'Keep deal history for' }) as HTMLSelectElement;
    expect(select.selectedOptions[0]!.textContent).toBe('45 days');
  });

  it('does not save over stored settings it cannot read, and says why', async () => {
    const { source } = fakeSource();
    source.saveRetentionDays.mockRejectedValueOnce(new DataRequestError('rules.x: unknown', 'settings-unreadable'));
    const { user } = await show(source);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Keep deal history for' }), '730');
    expect((await screen.findByRole('alert')).textContent).toBe('The stored settings cannot be read, so the retention period cannot be saved. Fix and save the settings above first.');
  });

  it('removes older history on request and says what went', async () => {
    const { source } = fakeSource();
    const { user } = await show(source);
    expect(screen.getByText(/^Last clean-up: June 1, 2026/)).toBeTruthy();
    source.applyRetention.mockResolvedValueOnce({ removed: 5, removedDeals: 1 });
    await user.click(screen.getByRole('button', { name: 'Remove older history now' }));
    expect(await screen.findByText('Removed 5 snapshots and 1 deal.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove older history now' }));
    expect(await screen.findByText('Nothing was older than the retention period.')).toBeTruthy();
  });

  it('names periods in years, months or days', () => {
    expect([30, 90, 180, 365, 730, 3650, 45, 400].map((days) => periodLabel(tEn, days))).toEqual(['1 month', '3 months', '6 months', '1 year', '2 years', '10 years', '45 days', '400 days']);
    expect([30, 365, 730].map((days) => periodLabel(tDa, days))).toEqual(['1 måned', '1 år', '2 år']);
  });
});

describe('PrivacySection: export and import', () => {
  it('exports everything and says where it went', async () => {
    const { source } = fakeSource();
    const { user } = await show(source);
    await user.click(screen.getByRole('button', { name: 'Export everything' }));
    expect(await screen.findByText('Saved 12 deals and 40 snapshots to deal-hygiene-export-2026-06-01.json.')).toBeTruthy();
    expect(source.exportEverything).toHaveBeenCalledTimes(1);
  });

  it('an export that had to leave something out says so', async () => {
    const { source } = fakeSource();
    source.exportEverything.mockResolvedValueOnce({ fileName: 'deal-hygiene-export-2026-06-01.json', deals: 11, snapshots: 38, skipped: 3 });
    const { user } = await show(source);
    await user.click(screen.getByRole('button', { name: 'Export everything' }));
    expect(await screen.findByText('Saved 11 deals and 38 snapshots to deal-hygiene-export-2026-06-01.json. 3 stored items could not be read and were left out.')).toBeTruthy();
  });

  it('a valid file: a summary, what it replaces, and the import after confirmation', async () => {
    const { source } = fakeSource();
    const { user } = await show(source);
    const text = exportText({ ...defaultSettings(), privacy: { retentionDays: 30 } });
    await user.upload(screen.getByLabelText('Choose an export file'), jsonFile(text));
    const preview = await screen.findByRole('region', { name: 'deal-hygiene-export-2026-06-01.json, exported on June 1, 2026, holds:' });
    expect(within(preview).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      '2 deals with 3 snapshots of history',
      '1 quick-qualify record',
      '0 snoozed findings',
      '0 custom CRMs',
      'settings, keeping deal history for 1 month',
    ]);
    // Globex was last opened on 10 April and Acme on 1 May, both more than a month before midday on 1 June.
    expect(within(preview).getByText('2 deals were last opened more than 1 month ago; the next daily clean-up removes them.')).toBeTruthy();
    expect(within(preview).getByText(/^Importing replaces what is stored now: 12 deals with 40 snapshots/)).toBeTruthy();
    expect(source.importEverything).not.toHaveBeenCalled();

    await user.click(within(preview).getByRole('button', { name: 'Replace with this file' }));
    expect(await screen.findByText('Imported 2 deals and 3 snapshots, with answers, snoozes, custom CRMs and settings.')).toBeTruthy();
    expect(source.importEverything).toHaveBeenCalledWith(JSON.parse(text));
    // The counts are read again after the import.
    await waitFor(() => expect(within(screen.getByRole('group', { name: 'What is stored' })).getByText('Deals').nextElementSibling?.textContent).toBe('2'));
  });

  it('an invalid file: every problem by its place in the file, and no import', async () => {
    const { source } = fakeSource();
    const { user } = await show(source);
    const file = JSON.parse(exportText());
    file.snapshots[1].fields.closeDate = { state: 'value', value: '30.06.2026', raw: '30.06.2026' };
    file.deals[0].key = '';
    await user.upload(screen.getByLabelText('Choose an export file'), jsonFile(JSON.stringify(file), 'backup.json'));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('backup.json cannot be imported, and nothing was changed. What is wrong, by place in the file:')).toBeTruthy();
    const problems = within(alert).getAllByRole('listitem').map((item) => item.textContent);
    expect(problems).toEqual([expect.stringMatching(/^deals\.0\.key: /), expect.stringMatching(/^snapshots\.1\.fields\.closeDate\.value: /)]);
    expect(screen.queryByRole('button', { name: 'Replace with this file' })).toBeNull();
    expect(source.importEverything).not.toHaveBeenCalled();
  });

  it('a file that is not JSON, or not an export', async () => {
    const { source } = fakeSource();
    const { user } = await show(source);
    await user.upload(screen.getByLabelText('Choose an export file'), jsonFile('{"kind": "deal-hygiene-export", ', 'cut.json'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/\(file\): not valid JSON/);
    await user.upload(screen.getByLabelText('Choose an export file'), jsonFile(JSON.stringify({ kind: 'deal-hygiene-rule-pack', version: 1 }), 'pack.json'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/this is a rule pack; import it under Rules instead/));
  });

  it('cancelling keeps everything as it was', async () => {
    const { source } = fakeSource();
    const { user } = await show(source);
    await user.upload(screen.getByLabelText('Choose an export file'), jsonFile(exportText()));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('region', { name: /holds:$/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Replace with this file' })).toBeNull();
    expect(source.importEverything).not.toHaveBeenCalled();
  });

  it('storage too full for the import: says so, nothing changed', async () => {
    const { source } = fakeSource();
    source.importEverything.mockRejectedValueOnce(new DataRequestError('not enough storage', 'quota'));
    const { user } = await show(source);
    await user.upload(screen.getByLabelText('Choose an export file'), jsonFile(exportText()));
    await user.click(await screen.findByRole('button', { name: 'Replace with this file' }));
    expect((await screen.findByRole('alert')).textContent).toBe('There is not enough storage space for this import. Nothing was changed.');
  });
});

describe('PrivacySection: delete everything', () => {
  it('asks first, naming what will be deleted, with the focus on Cancel; afterwards an empty state', async () => {
    const { source } = fakeSource();
    const { user } = await show(source);
    await user.click(screen.getByRole('button', { name: 'Delete everything…' }));
    const confirm = screen.getByRole('region', { name: 'Delete everything Deal Hygiene has stored? This deletes:' });
    expect(within(confirm).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      '12 deals and 40 snapshots of their history',
      '3 quick-qualify records',
      '2 snoozed findings',
      'your custom CRM mappings',
      'your settings, also on other computers where browser sync is on',
    ]);
    expect(within(confirm).getByText(/This cannot be undone\. Export everything first/)).toBeTruthy();
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(source.deleteEverything).not.toHaveBeenCalled();

    await user.click(within(confirm).getByRole('button', { name: 'Yes, delete everything' }));
    expect(await screen.findByText('Everything was deleted. Deal Hygiene starts afresh with the default settings.')).toBeTruthy();
    expect(source.deleteEverything).toHaveBeenCalledTimes(1);
    expect(await screen.findByText('Nothing is stored. Deals appear here once you open them in your CRM.')).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Keep deal history for' }) as HTMLSelectElement).value).toBe('365');
  });

  it('leaves out of the question what there is none of', async () => {
    const { source } = fakeSource({ ...BUSY, qualifications: 0, snoozes: 0 });
    const { user } = await show(source);
    await user.click(screen.getByRole('button', { name: 'Delete everything…' }));
    const confirm = screen.getByRole('region', { name: 'Delete everything Deal Hygiene has stored? This deletes:' });
    expect(within(confirm).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      '12 deals and 40 snapshots of their history',
      'your custom CRM mappings',
      'your settings, also on other computers where browser sync is on',
    ]);
  });

  it('cancel deletes nothing and gives the focus back', async () => {
    const { source } = fakeSource();
    const { user } = await show(source);
    await user.click(screen.getByRole('button', { name: 'Delete everything…' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(source.deleteEverything).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete everything…' }));
    expect(screen.getByText('12')).toBeTruthy();
  });

  it('a failed deletion says why', async () => {
    const { source } = fakeSource();
    source.deleteEverything.mockRejectedValueOnce(new DataRequestError('blocked', 'db-blocked'));
    const { user } = await show(source);
    await user.click(screen.getByRole('button', { name: 'Delete everything…' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete everything' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^The history is in use by another copy of Deal Hygiene/);
  });
});

describe('PrivacySection: language and accessibility', () => {
  it('speaks Danish, with Danish dates and numbers', async () => {
    const { source } = fakeSource({ ...BUSY, lastPrunedForQuotaAt: '2026-05-30T08:15:00.000Z', prunedForQuotaSnapshots: 1 });
    const { user } = await show(source, tDa, 'da');
    expect(screen.getByRole('heading', { level: 2, name: 'Privatliv og data' })).toBeTruthy();
    expect(screen.getByText('Ældste gemte øjebliksbillede: 3. marts 2026.')).toBeTruthy();
    expect(screen.getByText('2,3 MB')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/^Lagerpladsen var fuld den 30\. maj 2026.*: 1 gammelt øjebliksbillede blev fjernet/);
    await user.click(screen.getByRole('button', { name: 'Slet alt …' }));
    expect(screen.getByText('12 deals og 40 øjebliksbilleder af deres historik')).toBeTruthy();
  });

  it('has no axe violations, also while confirming a deletion', async () => {
    const { source } = fakeSource({ ...BUSY, lastPrunedForQuotaAt: '2026-05-30T08:15:00.000Z', prunedForQuotaSnapshots: 3 });
    const { user, view } = await show(source);
    const check = async () => {
      const result = await axe.run(view.container, { rules: { 'color-contrast': { enabled: false } } });
      expect(result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`)).toEqual([]);
    };
    await act(check);
    await user.click(screen.getByRole('button', { name: 'Delete everything…' }));
    await act(check);
  });
});
