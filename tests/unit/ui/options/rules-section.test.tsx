import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderOptions, saveButton, storedSettings } from './render';
import { runRules } from '../../../../src/engine/run';
import { daysFromToday, empty, known, makeSnapshot, NOW as DEAL_NOW } from '../../../helpers/deals';
import { defaultSettings } from '../../../../src/model/settings';

afterEach(cleanup);

const field = (id: string) => document.getElementById(id) as HTMLInputElement;
const commitOfStaleRecord = 'field-rules-stale-record-options-maxDaysByStage-commit';

async function openThresholds(user: Awaited<ReturnType<typeof renderOptions>>['user'], rule: string) {
  await user.click(screen.getByRole('button', { name: `Thresholds of ${rule}` }));
}

describe('Rules section', { timeout: 30_000 }, () => {
  it('lists the 18 rules by category, each with a switch, its default severity and, where it has options, a threshold editor', async () => {
    await renderOptions();
    const tables = screen.getAllByRole('table').filter((table) => table.classList.contains('rules-table'));
    expect(tables.map((table) => within(table).getByText(/./, { selector: 'caption' }).textContent)).toEqual(['Progress and activity', 'Qualification', 'Data quality']);
    expect(screen.getAllByRole('switch')).toHaveLength(18);
    expect(screen.getAllByRole('switch').every((toggle) => (toggle as HTMLInputElement).checked)).toBe(true);
    const severity = screen.getByRole('combobox', { name: 'Severity of Record not updated' }) as HTMLSelectElement;
    expect(severity.value).toBe('');
    expect(severity.selectedOptions[0]!.textContent).toBe('Default (Warning)');
    expect(screen.getAllByRole('button', { name: /^Thresholds of / })).toHaveLength(18);
  });

  it('turns a rule off, saves it, confirms, and the engine no longer runs it', async () => {
    const { user } = await renderOptions();
    expect(screen.getByText('No unsaved changes')).toBeTruthy();
    await user.click(screen.getByRole('switch', { name: 'Check Next step missing' }));
    expect(screen.getByText('1 unsaved change')).toBeTruthy();
    await user.click(saveButton());
    expect(await screen.findByText('Settings saved. Open CRM tabs use them at their next check.')).toBeTruthy();
    const settings = await storedSettings();
    expect(settings.rules).toEqual({ 'next-step-missing': { enabled: false, options: {} } });
    const deal = makeSnapshot({ fields: { nextStep: empty() } });
    const fires = (with_: typeof settings) => runRules({ snapshot: deal, settings: with_, now: DEAL_NOW, timeZone: 'UTC' }).verdict.findings.some((finding) => finding.ruleId === 'next-step-missing');
    expect(fires(defaultSettings())).toBe(true);
    expect(fires(settings)).toBe(false);
    expect((saveButton() as HTMLButtonElement).disabled).toBe(true);
  });

  it('sets a severity, and "Default" removes the setting again', async () => {
    const { user } = await renderOptions();
    const select = screen.getByRole('combobox', { name: 'Severity of Close date missing' });
    await user.selectOptions(select, 'critical');
    await user.click(saveButton());
    await screen.findByText(/Settings saved/);
    expect((await storedSettings()).rules['close-date-missing']).toEqual({ enabled: true, severity: 'critical', options: {} });
    await user.selectOptions(select, '');
    expect(screen.getByText('1 unsaved change')).toBeTruthy();
    await user.click(saveButton());
    await screen.findByText(/Settings saved/);
    expect((await storedSettings()).rules).toEqual({});
  });

  it('changes one stage’s threshold and stores only that one; the rule then fires on it', async () => {
    const { user } = await renderOptions();
    await openThresholds(user, 'Record not updated');
    const commit = field(commitOfStaleRecord);
    expect(commit.value).toBe('7');
    expect(screen.getByLabelText('Prospect', { selector: '#field-rules-stale-record-options-maxDaysByStage-prospect' })).toBeTruthy();
    await user.clear(commit);
    await user.type(commit, '3');
    const thresholds = screen.getByRole('button', { name: 'Thresholds of Record not updated' });
    expect(document.getElementById(thresholds.getAttribute('aria-describedby')!)!.textContent).toBe('1 changed');
    await user.click(screen.getByText('1 unsaved change'));
    expect(screen.getByText('Record not updated: Days without an update, per stage (Commit) 7 → 3')).toBeTruthy();
    await user.click(saveButton());
    await screen.findByText(/Settings saved/);
    const settings = await storedSettings();
    expect(settings.rules['stale-record']).toEqual({ enabled: true, options: { maxDaysByStage: { commit: 3 } } });
    const deal = makeSnapshot({ fields: { stage: known({ label: 'Negotiation/Review', canonical: 'commit' }, 'Negotiation/Review'), lastModifiedDate: known(daysFromToday(-5), '') } });
    const verdict = runRules({ snapshot: deal, settings, now: DEAL_NOW, timeZone: 'UTC' }).verdict;
    expect(verdict.findings.find((finding) => finding.ruleId === 'stale-record')?.data).toMatchObject({ days: 5, limit: 3 });
  });

  it('shows an invalid threshold next to its field and in the summary, and will not save until it is fixed', async () => {
    const { user } = await renderOptions();
    await openThresholds(user, 'Record not updated');
    const commit = field(commitOfStaleRecord);
    await user.clear(commit);
    await user.type(commit, '0');
    expect(document.getElementById(`${commitOfStaleRecord}-error`)!.textContent).toBe('Must be at least 1');
    expect(commit.getAttribute('aria-invalid')).toBe('true');
    expect(commit.getAttribute('aria-describedby')).toContain(`${commitOfStaleRecord}-error`);
    expect((saveButton() as HTMLButtonElement).disabled).toBe(true);
    const summary = screen.getByText('1 problem to fix before you can save').closest('details')!;
    const link = within(summary).getByRole('link', { name: 'Record not updated › Days without an update, per stage (Commit)' });
    await user.click(link);
    expect(document.activeElement).toBe(commit);

    await user.clear(commit);
    await user.type(commit, 'soon');
    expect(document.getElementById(`${commitOfStaleRecord}-error`)!.textContent).toBe('Enter a number');
    await user.clear(commit);
    await user.type(commit, '2.5');
    expect(document.getElementById(`${commitOfStaleRecord}-error`)!.textContent).toBe('Enter a whole number');
    await user.clear(commit);
    await user.type(commit, '4');
    expect(document.getElementById(`${commitOfStaleRecord}-error`)).toBeNull();
    expect((saveButton() as HTMLButtonElement).disabled).toBe(false);
    // The navigation marks a section with problems while it has them.
    expect(screen.getByRole('navigation').textContent).not.toContain('(has problems)');
  });

  it('keeps a rule’s editor open while it has a problem, and marks the section in the navigation', async () => {
    const { user } = await renderOptions();
    await openThresholds(user, 'Sales cycle too long');
    const small = field('field-rules-cycle-too-long-options-smallBelow');
    await user.clear(small);
    await user.type(small, '300000');
    expect(document.getElementById('field-rules-cycle-too-long-options-midBelow-error')!.textContent).toBe('Must be above the small-deal amount');
    await openThresholds(user, 'Sales cycle too long'); // trying to close it
    expect(document.getElementById('field-rules-cycle-too-long-options-midBelow')).toBeTruthy();
    expect(within(screen.getByRole('navigation')).getByRole('link', { name: /Rules.*\(has problems\)/ })).toBeTruthy();
  });

  it('reads decimals in the user’s locale (Danish comma) and shows Danish texts', async () => {
    const { user } = await renderOptions({ locale: 'da' });
    expect(screen.getByRole('heading', { name: 'Regler', level: 2 })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Grænser for Ikke opdateret' }));
    const multiple = field('field-rules-stale-record-options-criticalMultiple');
    await user.clear(multiple);
    await user.type(multiple, '1,5');
    await user.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText(/Indstillingerne er gemt/);
    expect((await storedSettings()).rules['stale-record']!.options).toEqual({ criticalMultiple: 1.5 });
  });

  it('edits lists one per line, and adds a currency to a per-currency option', async () => {
    const { user } = await renderOptions();
    await openThresholds(user, 'Vague next step');
    const phrases = field('field-rules-next-step-vague-options-vaguePhrases') as unknown as HTMLTextAreaElement;
    await user.click(phrases);
    await user.keyboard('{Control>}{End}{/Control}');
    await user.type(phrases, '\nlet us see');
    await openThresholds(user, 'Effort out of proportion');
    await user.type(screen.getByLabelText('Add a currency'), 'eur');
    await user.click(within(screen.getByLabelText('Add a currency').parentElement!).getByRole('button', { name: 'Add' }));
    const eur = field('field-rules-effort-out-of-proportion-options-hourlyCostByCurrency-EUR');
    expect(document.getElementById(`${eur.id}-error`)!.textContent).toBe('Enter a number');
    await user.type(eur, '85');
    await user.click(saveButton());
    await screen.findByText(/Settings saved/);
    const rules = (await storedSettings()).rules;
    expect(rules['next-step-vague']!.options.vaguePhrases).toEqual(expect.arrayContaining(['follow up', 'let us see']));
    expect(rules['effort-out-of-proportion']!.options).toEqual({ hourlyCostByCurrency: { EUR: 85 } });
  });

  it('chooses stages for a stage option and a time zone', async () => {
    const { user } = await renderOptions();
    await openThresholds(user, 'Next step missing');
    await user.click(screen.getByRole('checkbox', { name: 'Prospect' }));
    await user.selectOptions(screen.getByLabelText('Time zone'), 'America/New_York');
    await user.click(saveButton());
    await screen.findByText(/Settings saved/);
    const settings = await storedSettings();
    expect(settings.rules['next-step-missing']!.options).toEqual({ ignoreStages: ['prospect'] });
    expect(settings.timeZone).toBe('America/New_York');
  });

  it('discards unsaved changes, and resets a rule’s thresholds to the defaults', async () => {
    const { user } = await renderOptions({ stored: { version: 1, rules: { 'stale-record': { options: { maxDaysByStage: { commit: 3 } } } } } });
    await openThresholds(user, 'Record not updated');
    expect(field(commitOfStaleRecord).value).toBe('3');
    await user.click(screen.getByRole('switch', { name: 'Check Record not updated' }));
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect((screen.getByRole('switch', { name: 'Check Record not updated' }) as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Reset the thresholds of Record not updated to the defaults' }));
    expect(field(commitOfStaleRecord).value).toBe('7');
    await user.click(saveButton());
    await screen.findByText(/Settings saved/);
    expect((await storedSettings()).rules).toEqual({});
  });
});
