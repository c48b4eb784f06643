import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderOptions, saveButton, storedSettings } from './render';
import { resolveFramework } from '../../../../src/qualification/frameworks';
import { applyStageMapping } from '../../../../src/adapters/stage-mapping';
import { known, makeSnapshot } from '../../../helpers/deals';

afterEach(cleanup);

const checkbox = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;

async function saved() {
  await screen.findByText(/Settings saved/);
  return storedSettings();
}

describe('Qualification section', { timeout: 30_000 }, () => {
  it('chooses a framework', async () => {
    const { user } = await renderOptions();
    await user.selectOptions(screen.getByLabelText('Framework'), 'bant');
    expect(screen.getByRole('table', { name: 'Criteria BANT requires in each stage' })).toBeTruthy();
    await user.click(saveButton());
    expect((await saved()).qualification.framework).toBe('bant');
  });

  it('requires a criterion from an earlier stage: the later stages follow, as the cumulative reading says', async () => {
    const { user } = await renderOptions();
    expect(screen.getByText(/Requirements add up: what a stage requires, every later stage requires too/)).toBeTruthy();
    expect(checkbox('Metrics required in Develop').checked).toBe(false);
    expect(checkbox('Metrics required in Propose').checked).toBe(true);
    await user.click(checkbox('Metrics required in Develop'));
    expect(checkbox('Metrics required in Develop').checked).toBe(true);
    expect(checkbox('Metrics required in Commit').checked).toBe(true);
    expect(checkbox('Metrics required in Qualify').checked).toBe(false);
    // Clearing a stage clears the earlier ones: competition is then required in commit only… and then nowhere.
    await user.click(checkbox('Competition required in Commit'));
    expect(checkbox('Competition required in Commit').checked).toBe(false);
    await user.click(saveButton());
    const settings = await saved();
    const meddicc = resolveFramework(settings);
    expect(meddicc.requiredByStage.develop).toContain('metrics');
    expect(meddicc.requiredByStage.qualify).not.toContain('metrics');
    expect(meddicc.requiredByStage.commit).not.toContain('competition');
    expect(screen.getByText("Changed from the framework's defaults")).toBeTruthy();
  });

  it('resets the requirements to the framework’s defaults', async () => {
    const { user } = await renderOptions({ stored: { version: 1, qualification: { requiredByStage: { meddicc: { develop: ['metrics'] } } } } });
    expect(checkbox('Metrics required in Develop').checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Reset to the MEDDICC defaults' }));
    expect(checkbox('Metrics required in Develop').checked).toBe(false);
    expect((screen.getByRole('button', { name: 'Reset to the MEDDICC defaults' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(saveButton());
    expect((await saved()).qualification.requiredByStage).toEqual({});
  });
});

describe('Stages section', { timeout: 30_000 }, () => {
  it('shows each CRM’s built-in labels, and an override changes how a deal’s stage is read', async () => {
    const { user } = await renderOptions();
    const select = screen.getByRole('combobox', { name: 'Stage that "negotiation/review" means' }) as HTMLSelectElement;
    expect(select.value).toBe('commit');
    expect(within(select.closest('tr')!).getByText('Built in')).toBeTruthy();
    await user.selectOptions(select, 'propose');
    expect(within(select.closest('tr')!).getByText('Changed by you (built in: Commit)')).toBeTruthy();
    await user.click(saveButton());
    const settings = await saved();
    expect(settings.stageMapping).toEqual({ salesforce: { 'negotiation/review': 'propose' } });
    const deal = makeSnapshot({ crm: 'salesforce', fields: { stage: known({ label: 'Negotiation/Review', canonical: 'commit' }, 'Negotiation/Review') } });
    const mapped = applyStageMapping(deal, settings);
    expect(mapped.fields.stage.state === 'value' && mapped.fields.stage.value.canonical).toBe('propose');
    await user.click(screen.getByRole('button', { name: 'Use the built-in mapping for "negotiation/review"' }));
    await user.click(saveButton());
    expect((await saved()).stageMapping).toEqual({});
  });

  it('adds a label of the team’s own pipeline, lower-cased, and refuses blanks and repeats', async () => {
    const { user } = await renderOptions();
    await user.click(screen.getByRole('button', { name: 'HubSpot' }));
    expect(screen.getByRole('combobox', { name: 'Stage that "contract sent" means' })).toBeTruthy();
    const add = screen.getByRole('group', { name: 'Add a stage label' });
    await user.click(within(add).getByRole('button', { name: 'Add label' }));
    expect(within(add).getByText('Required')).toBeTruthy();
    await user.type(within(add).getByLabelText('Stage label in the CRM'), 'Verbal Yes');
    await user.selectOptions(within(add).getByLabelText('Means'), 'commit');
    await user.click(within(add).getByRole('button', { name: 'Add label' }));
    const row = screen.getByRole('combobox', { name: 'Stage that "verbal yes" means' }).closest('tr')!;
    expect(within(row).getByText('Added by you')).toBeTruthy();
    await user.type(within(add).getByLabelText('Stage label in the CRM'), 'verbal yes{Enter}');
    expect(within(add).getByText('"verbal yes" is already in the table: change it there')).toBeTruthy();
    expect(screen.getByRole('button', { name: /HubSpot/ }).textContent).toContain('1 changed');
    await user.click(saveButton());
    expect((await saved()).stageMapping).toEqual({ hubspot: { 'verbal yes': 'commit' } });
  });
});

describe('Quotas section', { timeout: 30_000 }, () => {
  it('adds a quota, shows the amount as money, and saves it', async () => {
    const { user } = await renderOptions();
    expect(screen.getByText('No quotas yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add a quota' }));
    expect((screen.getByLabelText('Period, row 1') as HTMLInputElement).value).toBe('2026-Q2');
    expect((screen.getByLabelText('Currency, row 1') as HTMLInputElement).value).toBe('EUR');
    expect((saveButton() as HTMLButtonElement).disabled).toBe(true); // owner and amount still blank
    // …but the new row's blank fields are not flagged before the user has been in them.
    expect(document.activeElement).toBe(screen.getByLabelText('Owner, row 1'));
    expect(document.getElementById('field-quotas-0-owner-error')).toBeNull();
    await user.tab();
    expect(document.getElementById('field-quotas-0-owner-error')!.textContent).toBe('Required');
    await user.type(screen.getByLabelText('Owner, row 1'), 'Anna Berg');
    await user.type(screen.getByLabelText('Amount, row 1'), '1250000');
    expect(screen.getByText('€1,250,000')).toBeTruthy();
    await user.click(saveButton());
    expect((await saved()).quotas).toEqual([{ owner: 'Anna Berg', period: '2026-Q2', amount: 1_250_000, currency: 'EUR' }]);
  });

  it('says what is wrong with a row: the period’s format, a repeated owner and period', async () => {
    const { user } = await renderOptions({ stored: { version: 1, quotas: [{ owner: 'Anna', period: '2026-Q3', amount: 5, currency: 'EUR' }] } });
    await user.click(screen.getByRole('button', { name: 'Add a quota' }));
    await user.type(screen.getByLabelText('Owner, row 2'), 'anna');
    await user.type(screen.getByLabelText('Amount, row 2'), '7');
    const period = screen.getByLabelText('Period, row 2') as HTMLInputElement;
    await user.clear(period);
    await user.type(period, 'next quarter');
    expect(document.getElementById('field-quotas-1-period-error')!.textContent).toBe('Write the period as 2026-Q3 (quarter), 2026-07 (month) or 2026 (year)');
    await user.clear(period);
    await user.type(period, 'q3 2026');
    await user.tab(); // normalised on leaving the field
    expect(period.value).toBe('2026-Q3');
    expect(document.getElementById('field-quotas-1-period-error')!.textContent).toBe('anna already has a quota for 2026-Q3');
    expect((saveButton() as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Remove the quota of anna for 2026-Q3 (row 2)' }));
    expect(screen.queryByLabelText('Owner, row 2')).toBeNull();
    expect(screen.getByText('No unsaved changes')).toBeTruthy();
  });

  it('removes a quota', async () => {
    const { user } = await renderOptions({
      stored: {
        version: 1,
        quotas: [
          { owner: 'Anna', period: '2026', amount: 5, currency: 'EUR' },
          { owner: 'Bo', period: '2026', amount: 6, currency: 'EUR' },
        ],
      },
    });
    await user.click(screen.getByRole('button', { name: 'Remove the quota of Anna for 2026 (row 1)' }));
    await user.click(saveButton());
    expect((await saved()).quotas).toEqual([{ owner: 'Bo', period: '2026', amount: 6, currency: 'EUR' }]);
  });

  it('adds quotas pasted from a spreadsheet, and lists the lines it cannot read', async () => {
    const { user } = await renderOptions({ locale: 'da' });
    await user.click(screen.getByText('Indsæt kvoter fra et regneark'));
    const area = screen.getByLabelText('Kvoter, én pr. linje');
    await user.click(area);
    await user.paste('Sælger\tPeriode\tBeløb\nAnna Berg\t2026-Q3\t1.250.000\nBo Lund\tsnart\t900.000');
    await user.click(screen.getByRole('button', { name: 'Tilføj disse kvoter' }));
    expect(screen.getByRole('alert').textContent).toContain('Linje 3: skriv perioden som 2026-Q3, 2026-07 eller 2026');
    expect(screen.queryByLabelText('Ejer, række 1')).toBeNull();
    await user.clear(area);
    await user.paste('Anna Berg\t2026-Q3\t1.250.000\nBo Lund\t2026-Q3\t900.000\tEUR');
    await user.click(screen.getByRole('button', { name: 'Tilføj disse kvoter' }));
    expect(screen.getByText('2 tilføjet, 0 opdateret. Gem for at beholde dem.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Gem' }));
    await screen.findByText(/Indstillingerne er gemt/);
    expect((await storedSettings()).quotas).toEqual([
      { owner: 'Anna Berg', period: '2026-Q3', amount: 1_250_000, currency: 'DKK' },
      { owner: 'Bo Lund', period: '2026-Q3', amount: 900_000, currency: 'EUR' },
    ]);
  });
});
