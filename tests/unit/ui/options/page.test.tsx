import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { renderOptions, saveButton, storedSettings } from './render';
import { SETTINGS_KEY, writeSettings } from '../../../../src/background/settings-storage';
import { loadSettings } from '../../../../src/model/settings';
import { RULE_PACK_KIND } from '../../../../src/model/rule-pack';
import { builtInFrameworksById } from '../../../../src/qualification/frameworks';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const pack = (settings: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ kind: RULE_PACK_KIND, version: 1, name: 'Nordic team', description: 'Tighter late stages.', exportedAt: '2026-03-01T09:00:00.000Z', settings, ...extra });

const file = (text: string, name = 'pack.json') => new File([text], name, { type: 'application/json' });

describe('Rule packs', { timeout: 30_000 }, () => {
  it('exports the page’s rules, stage mapping and framework as a named JSON file, never quotas', async () => {
    const { user, downloads } = await renderOptions({
      stored: { version: 1, rules: { 'stale-record': { options: { maxDaysByStage: { commit: 4 } } } }, quotas: [{ owner: 'Anna', period: '2026', amount: 1, currency: 'EUR' }] },
    });
    const form = screen.getByRole('form', { name: 'Export a rule pack' });
    await user.click(within(form).getByRole('button', { name: 'Download rule pack' }));
    expect(within(form).getByText('Required')).toBeTruthy();
    expect(downloads).toEqual([]);
    await user.type(within(form).getByLabelText('Name'), 'Nordic Sales – Q3');
    await user.type(within(form).getByLabelText('Description (optional)'), 'For the Copenhagen team');
    await user.click(within(form).getByRole('button', { name: 'Download rule pack' }));
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.fileName).toBe('deal-hygiene-nordic-sales-q3.json');
    const exported = JSON.parse(downloads[0]!.text);
    expect(exported).toMatchObject({
      kind: RULE_PACK_KIND,
      name: 'Nordic Sales – Q3',
      description: 'For the Copenhagen team',
      exportedAt: '2026-05-12T09:00:00.000Z',
      settings: { rules: { 'stale-record': { enabled: true, options: { maxDaysByStage: { commit: 4 } } } }, stageMapping: {}, qualification: { framework: 'meddicc' } },
    });
    expect(exported.settings.quotas).toBeUndefined();
    expect(within(form).getByText('Downloaded deal-hygiene-nordic-sales-q3.json.')).toBeTruthy();
  });

  it('lists every error of a broken pack with its path, and changes nothing', async () => {
    const { user } = await renderOptions();
    const input = screen.getByLabelText('Rule pack file');
    await user.upload(input, file(pack({ rules: { 'stale-record': { options: { maxDaysByStage: { commit: 'soon' } } }, 'no-such-rule': {} }, quotas: [] }), 'broken.json'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('broken.json cannot be imported: 3 problems');
    const items = within(alert).getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(
      expect.arrayContaining([
        'settings.quotas: quotas are personal and never part of a rule pack; remove them',
        'settings.rules.stale-record.options.maxDaysByStage.commit: expected number, received string',
        expect.stringMatching(/^settings\.rules\.no-such-rule: unknown rule "no-such-rule"/),
      ]),
    );
    expect(alert.textContent).toContain('Nothing was changed.');
    expect(screen.getByText('No unsaved changes')).toBeTruthy();

    await user.upload(input, file('{ "kind": "deal-hygiene-rule-pack", }', 'bad.json'));
    expect((await screen.findByRole('alert')).textContent).toContain('(file) line 1, column 37: not valid JSON: expected another property after the comma (remove the trailing comma)');
  });

  it('shows what a valid pack changes, applies it to the page, and saving stores it', async () => {
    const { user } = await renderOptions({ stored: { version: 1, quotas: [{ owner: 'Anna', period: '2026', amount: 1, currency: 'EUR' }], timeZone: 'UTC' } });
    await user.upload(
      screen.getByLabelText('Rule pack file'),
      file(pack({ rules: { 'next-step-missing': { enabled: false }, 'stale-record': { options: { maxDaysByStage: { commit: 5 } } } }, stageMapping: { pipedrive: { 'verbal yes': 'commit' } }, qualification: { framework: 'bant' } })),
    );
    const preview = await screen.findByRole('region', { name: 'What Nordic team changes' });
    expect(preview.textContent).toContain('exported Mar 1, 2026');
    expect(preview.textContent).toContain('Tighter late stages.');
    expect(within(preview).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Record not updated: Days without an update, per stage (Commit) 7 → 5',
      'Next step missing: turned off',
      'Framework: MEDDICC → BANT',
      'Pipedrive: "verbal yes" means Commit',
    ]);
    expect(screen.getByText('No unsaved changes')).toBeTruthy(); // nothing applied yet
    await user.click(within(preview).getByRole('button', { name: 'Apply to this page' }));
    expect(screen.getAllByText('Rule pack "Nordic team" applied. Review the changes and save to keep them.').length).toBeGreaterThan(0);
    expect((screen.getByLabelText('Framework') as HTMLSelectElement).value).toBe('bant');
    expect(screen.getByText('4 unsaved changes')).toBeTruthy();
    await user.click(saveButton());
    await screen.findByText(/Settings saved/);
    const settings = await storedSettings();
    expect(settings.qualification.framework).toBe('bant');
    expect(settings.rules['next-step-missing']!.enabled).toBe(false);
    expect(settings.quotas).toHaveLength(1); // personal settings kept
    expect(settings.timeZone).toBe('UTC');
  });
});

describe('Rule packs, applied after more edits', { timeout: 30_000 }, () => {
  it('keeps what was edited after the preview where the pack is silent', async () => {
    const { user } = await renderOptions();
    await user.upload(screen.getByLabelText('Rule pack file'), file(pack({ qualification: { framework: 'spiced' } })));
    const preview = await screen.findByRole('region', { name: 'What Nordic team changes' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Stage that "negotiation/review" means' }), 'propose');
    await user.click(within(preview).getByRole('button', { name: 'Apply to this page' }));
    expect((screen.getByLabelText('Framework') as HTMLSelectElement).value).toBe('spiced');
    expect((screen.getByRole('combobox', { name: 'Stage that "negotiation/review" means' }) as HTMLSelectElement).value).toBe('propose');
  });
});

describe('Saving', { timeout: 30_000 }, () => {
  it('says clearly when sync storage is full, keeps the previous settings and the unsaved changes', async () => {
    const { user } = await renderOptions({ stored: { version: 1, rules: { 'stale-record': { enabled: false } } } });
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    await user.click(screen.getByRole('switch', { name: 'Check Amount missing' }));
    await user.click(saveButton());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      "The settings were not saved: the browser's sync storage refused them as too large (QUOTA_BYTES quota exceeded). Remove what you no longer need, such as quotas for past periods, and save again. Your previous settings are unchanged.",
    );
    expect(screen.getByText('1 unsaved change')).toBeTruthy();
    expect((await storedSettings()).rules).toEqual({ 'stale-record': { enabled: false, options: {} } });
  });

  it('refuses, before writing, settings larger than sync storage holds, and names the largest part', async () => {
    // Thirteen copies of MEDDPICC with every question in two languages: about 108 kB.
    const meddpicc = builtInFrameworksById.get('meddpicc')!;
    const customFrameworks = Array.from({ length: 13 }, (_, index) => ({ ...meddpicc, id: `team-${index}`, name: `Team ${index}` }));
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { version: 1, qualification: { customFrameworks } } });
    const { user } = await renderOptions();
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
    await user.click(screen.getByRole('switch', { name: 'Check Amount missing' }));
    await user.click(saveButton());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/they need 1\d\d(\.\d)? kB and the browser's sync storage has room for 100 kB\. The largest part is your qualification settings and own frameworks \(1\d\d(\.\d)? kB\)/);
    expect(set).not.toHaveBeenCalled();
    expect((await storedSettings()).rules).toEqual({});
  });

  it('a large team’s quotas are saved in parts and read back', async () => {
    // Queried by id: label and role queries over 150 rows are slow in happy-dom.
    const quotas = Array.from({ length: 150 }, (_, index) => ({ owner: `Sales Rep Number ${index}`, period: '2026', amount: 1_250_000, currency: 'EUR' }));
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: { version: 1, quotas } });
    const { user } = await renderOptions();
    await user.click(document.getElementById('field-rules-amount-missing-enabled')!);
    await user.click(document.querySelector<HTMLButtonElement>('.save-bar .button--primary')!);
    await vi.waitFor(async () => expect((await storedSettings()).rules['amount-missing']?.enabled).toBe(false));
    const stored = await fakeBrowser.storage.sync.get(null);
    expect(Object.keys(stored).length).toBeGreaterThan(2); // a pointer and at least two parts
    expect(stored[SETTINGS_KEY]).toMatchObject({ chunks: { count: Object.keys(stored).length - 1 } });
    expect((await storedSettings()).quotas).toEqual(quotas);
  });

  it('saves only the sections edited here: a section changed elsewhere meanwhile is kept', async () => {
    const { user } = await renderOptions();
    await user.click(screen.getByRole('switch', { name: 'Check Amount missing' }));
    // Another window saves quotas and a retention period while this page has unsaved rule changes.
    await act(() => writeSettings({ version: 1, quotas: [{ owner: 'Bo', period: '2026', amount: 1, currency: 'EUR' }], privacy: { retentionDays: 90 } }));
    expect(await screen.findByText(/The settings were changed in another window or on another device/)).toBeTruthy();
    await user.click(saveButton());
    await screen.findByText(/Settings saved/);
    const settings = await storedSettings();
    expect(settings.rules['amount-missing']!.enabled).toBe(false);
    expect(settings.quotas).toEqual([{ owner: 'Bo', period: '2026', amount: 1, currency: 'EUR' }]);
    expect(settings.privacy.retentionDays).toBe(90);
  });

  it('saves with Ctrl+S', async () => {
    const { user } = await renderOptions();
    await user.click(screen.getByRole('switch', { name: 'Check Amount missing' }));
    await user.keyboard('{Control>}s{/Control}');
    await screen.findByText(/Settings saved/);
    expect((await storedSettings()).rules['amount-missing']!.enabled).toBe(false);
  });

  it('shows settings saved elsewhere at once when nothing here is unsaved', async () => {
    await renderOptions();
    await act(() => writeSettings({ version: 1, rules: { 'amount-missing': { enabled: false } } }));
    await vi.waitFor(() => expect((screen.getByRole('switch', { name: 'Check Amount missing' }) as HTMLInputElement).checked).toBe(false));
    expect(screen.getByText('No unsaved changes')).toBeTruthy();
  });

  it('says when the stored settings cannot be read, and shows the defaults', async () => {
    await renderOptions({ stored: { version: 1, rules: { 'stale-record': { enabled: 'sometimes' } } } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The stored settings could not be read, so the defaults are shown.');
    expect(alert.textContent).toContain('rules.stale-record.enabled: expected boolean, received string');
    expect((screen.getByRole('switch', { name: 'Check Record not updated' }) as HTMLInputElement).checked).toBe(true);
  });
});

describe('Layout', { timeout: 30_000 }, () => {
  it('has a navigation to every section, mounts the sections other modules provide, and labels every control', async () => {
    await renderOptions({ otherCrm: <section aria-label="Other CRM section">custom CRMs</section> });
    const links = within(screen.getByRole('navigation', { name: 'Settings sections' })).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Rules', '#rules'],
      ['Qualification', '#qualification'],
      ['Stages', '#stages'],
      ['Quotas', '#quotas'],
      ['Other CRM', '#other-crm'],
      ['Precise mode', '#precise'],
      ['Privacy and data', '#privacy'],
      ['Rule packs', '#rule-packs'],
    ]);
    for (const link of links) expect(document.getElementById(link.getAttribute('href')!.slice(1)), link.textContent!).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Other CRM section' }).closest('#other-crm')).toBeTruthy();
    expect(document.getElementById('privacy')!.textContent).toContain('This section is not available in this version.');
    // Every input, select and textarea has an accessible name.
    const unnamed = [...document.querySelectorAll('input, select, textarea')].filter((control) => {
      const id = control.getAttribute('id');
      const labelled = control.getAttribute('aria-label') || control.getAttribute('aria-labelledby') || (id && document.querySelector(`label[for="${id}"]`)) || control.closest('label');
      return !labelled;
    });
    expect(unnamed.map((control) => `${control.tagName} #${control.id} ${control.getAttribute('type') ?? ''}`)).toEqual([]);
  });

  it('is all in Danish for a Danish user', async () => {
    await renderOptions({ locale: 'da' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Indstillinger');
    expect(within(screen.getByRole('navigation')).getAllByRole('link').map((link) => link.textContent)).toEqual(['Regler', 'Kvalificering', 'Faser', 'Kvoter', 'Andet CRM', 'Præcis tilstand', 'Privatliv og data', 'Regelpakker']);
    expect(screen.getByText('Ingen ændringer, der ikke er gemt')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Alvor for Ikke opdateret' })).toBeTruthy();
    // No key fell through untranslated.
    expect(document.body.textContent).not.toMatch(/\b(options|stage|rule)_[a-z_]+/);
  });

  it('loads stored settings through loadSettings (normalised)', () => {
    expect(loadSettings({ version: 1 }).ok).toBe(true);
  });
});
