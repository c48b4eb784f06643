import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createTranslator, lookupFromFile } from '../../../../../src/i18n/translate';
import { PreciseSection } from '../../../../../src/ui/options/precise/PreciseSection';
import { createPreciseSource, type PreciseCrmStates, type PreciseSource } from '../../../../../src/ui/options/precise/source';
import type { PreciseCrm } from '../../../../../src/precise/common';
import en from '../../../../../public/_locales/en/messages.json';
import da from '../../../../../public/_locales/da/messages.json';

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');
afterEach(cleanup);

const descriptionOf = (element: HTMLElement) => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent ?? '';

const allOff = (): PreciseCrmStates => ({
  salesforce: { enabled: false, granted: false },
  hubspot: { enabled: false, granted: false },
  pipedrive: { enabled: false, granted: false },
  dynamics: { enabled: false, granted: false },
});

function fakeSource(options: { grant?: boolean; states?: PreciseCrmStates } = {}) {
  const log: string[] = [];
  const source: PreciseSource = {
    load: async () => options.states ?? allOff(),
    requestPermission: (crm: PreciseCrm) => {
      log.push(`request ${crm}`);
      return Promise.resolve(options.grant ?? true);
    },
    setMode: async (crm, enabled) => void log.push(`set ${crm} ${enabled}`),
  };
  return { source, log };
}

describe('PreciseSection', () => {
  it('explains per CRM exactly what is read, every switch off by default', async () => {
    const { source } = fakeSource();
    render(<PreciseSection t={tEn} locale="en" source={source} />);
    const salesforce = await screen.findByRole('switch', { name: 'Precise mode for Salesforce' });
    expect((salesforce as HTMLInputElement).checked).toBe(false);
    expect(descriptionOf(salesforce)).toContain('Opportunity History');
    expect(descriptionOf(screen.getByRole('switch', { name: 'Precise mode for HubSpot' }))).toContain('hubspotapi-csrf');
    expect(descriptionOf(screen.getByRole('switch', { name: 'Precise mode for Pipedrive' }))).toContain('no cookie is read');
    expect(descriptionOf(screen.getByRole('switch', { name: 'Precise mode for Dynamics 365' }))).toContain('auditing');
    expect(screen.getAllByText('Off')).toHaveLength(4);
  });

  it('asks the permission in the click, then turns the CRM on', async () => {
    const fake = fakeSource();
    render(<PreciseSection t={tEn} locale="en" source={fake.source} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: 'Precise mode for Salesforce' }));
    await waitFor(() => expect((screen.getByRole('switch', { name: 'Precise mode for Salesforce' }) as HTMLInputElement).checked).toBe(true));
    expect(fake.log).toEqual(['request salesforce', 'set salesforce true']);
    const item = screen.getByRole('switch', { name: 'Precise mode for Salesforce' }).closest('li')!;
    expect(within(item).getByText('On')).toBeTruthy();
  });

  it('a declined permission leaves the CRM off and says so; turning off asks nothing', async () => {
    const declined = fakeSource({ grant: false });
    render(<PreciseSection t={tEn} locale="en" source={declined.source} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('switch', { name: 'Precise mode for HubSpot' }));
    expect(await screen.findByText('The browser did not grant the permission, so precise mode for HubSpot stays off.')).toBeTruthy();
    expect((screen.getByRole('switch', { name: 'Precise mode for HubSpot' }) as HTMLInputElement).checked).toBe(false);
    expect(declined.log).toEqual(['request hubspot']);
    cleanup();

    const on = fakeSource({ states: { ...allOff(), pipedrive: { enabled: true, granted: true } } });
    render(<PreciseSection t={tEn} locale="en" source={on.source} />);
    await user.click(await screen.findByRole('switch', { name: 'Precise mode for Pipedrive' }));
    await waitFor(() => expect((screen.getByRole('switch', { name: 'Precise mode for Pipedrive' }) as HTMLInputElement).checked).toBe(false));
    expect(on.log).toEqual(['set pipedrive false']);
  });

  it('warns when a CRM is on but its permission was removed, in Danish too', async () => {
    const { source } = fakeSource({ states: { ...allOff(), dynamics: { enabled: true, granted: false } } });
    render(<PreciseSection t={tDa} locale="da" source={source} />);
    expect(await screen.findByText('Slået til, men tilladelsen er fjernet i browseren: slå den fra og til igen.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Præcis tilstand' })).toBeTruthy();
  });
});

describe('createPreciseSource', () => {
  it('asks Salesforce\'s cookies and hosts, Pipedrive\'s host only, and validates the background\'s replies', async () => {
    const requests: unknown[] = [];
    const messages: unknown[] = [];
    const source = createPreciseSource({
      permissions: { request: async (request) => (requests.push(request), true) },
      runtime: {
        sendMessage: async (message) => {
          messages.push(message);
          const type = (message as { type: string }).type;
          if (type === 'ui-bg:get-precise-status') return { ok: true, crms: allOff(), deal: null };
          return { ok: false, error: 'the permission precise mode needs was not granted' };
        },
      },
    });
    expect(await source.requestPermission('salesforce')).toBe(true);
    await source.requestPermission('pipedrive');
    expect(requests).toEqual([
      { permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*', 'https://*.lightning.force.com/*'] },
      { origins: ['https://*.pipedrive.com/*'] },
    ]);
    expect(await source.load()).toEqual(allOff());
    await expect(source.setMode('salesforce', true)).rejects.toThrow('the permission precise mode needs was not granted');
    expect(messages.at(-1)).toEqual({ type: 'ui-bg:set-precise-mode', crm: 'salesforce', enabled: true });
  });
});
