import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { createTranslator, lookupFromFile } from '../../../../src/i18n/translate';
import type { TabState } from '../../../../src/messaging/protocol';
import { Popup, type PopupQualify } from '../../../../src/ui/popup/Popup';
import { popupQualify } from '../../../../src/ui/popup/qualify-actions';
import { known, makeSnapshot } from '../../../helpers/deals';
import { fakeSource, NOW } from '../qualify/fake-source';
import en from '../../../../public/_locales/en/messages.json';
import da from '../../../../public/_locales/da/messages.json';

afterEach(cleanup);

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');
const PAGE = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
const ACME = makeSnapshot({ key: 'salesforce:acme.lightning.force.com:0065g00000AcmeQ', fields: { name: known('Acme Corp - 500 Seats', 'Acme Corp - 500 Seats') } });
const STATE: TabState = {
  status: 'deal',
  url: PAGE,
  pageKind: 'record',
  deals: [{ snapshot: ACME, verdict: { dealKey: ACME.key, computedAt: NOW.toISOString(), findings: [], cannotCheck: [], hygiene: { value: 100, parts: [] }, qualification: null, snoozed: [] } }],
};

function show(overrides: Partial<PopupQualify> = {}, t = tEn) {
  const fake = fakeSource({ tab: { tabId: 7, state: STATE } });
  const qualify: PopupQualify = {
    source: fake.source,
    openSidePanel: vi.fn(async () => {}),
    openReview: vi.fn(),
    openOptions: vi.fn(),
    onTabChange: vi.fn(),
    ...overrides,
  };
  render(<Popup t={t} locale="en-US" loadState={async () => STATE} qualify={qualify} />);
  return { ...fake, qualify, user: userEvent.setup({ delay: null }) };
}

describe('Popup with quick-qualify', { timeout: 20_000 }, () => {
  it('has a Deal tab and a Quick-qualify tab; the deal shows first', async () => {
    show();
    const tabs = within(screen.getByRole('tablist', { name: 'Views' })).getAllByRole('tab');
    expect(tabs.map((tab) => [tab.textContent, tab.getAttribute('aria-selected')])).toEqual([
      ['Deal', 'true'],
      ['Quick-qualify', 'false'],
    ]);
    expect(await screen.findByRole('article', { name: 'Acme Corp - 500 Seats' })).toBeTruthy();
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tabs[0]!.id);
  });

  it('switches to Quick-qualify by click or arrow key, remembers the choice, and qualifies the deal there', async () => {
    const { user, qualify, saved } = show();
    await user.click(screen.getByRole('tab', { name: 'Quick-qualify' }));
    expect(qualify.onTabChange).toHaveBeenLastCalledWith('qualify');
    await waitFor(() => expect(document.querySelector('ol.criteria')).not.toBeNull());
    expect(screen.queryByRole('article')).toBeNull();
    await user.keyboard('y');
    await waitFor(() => expect(saved.at(-1)?.answers.metrics?.answer).toBe('yes'));
    screen.getByRole('tab', { name: 'Quick-qualify' }).focus();
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'Deal' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Deal' }));
    expect(qualify.onTabChange).toHaveBeenLastCalledWith('deal');
  });

  it('reopens on the tab used last', async () => {
    show({ initialTab: 'qualify' });
    expect(screen.getByRole('tab', { name: 'Quick-qualify' }).getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(document.querySelector('ol.criteria')).not.toBeNull());
  });

  it('moves quick-qualify into the side panel with the deal shown, and says when that fails', async () => {
    const openSidePanel = vi.fn().mockRejectedValueOnce(new Error('no side panel here')).mockResolvedValue(undefined);
    const { user } = show({ openSidePanel, initialTab: 'qualify' });
    await waitFor(() => expect(document.querySelector('ol.criteria')).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Open in side panel' }));
    expect(openSidePanel).toHaveBeenLastCalledWith({ dealKey: ACME.key });
    expect((await screen.findByRole('alert')).textContent).toBe('Could not open the side panel: no side panel here');
    await user.click(screen.getByRole('button', { name: 'Open in side panel' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('links to the pipeline review', async () => {
    const { user, qualify } = show();
    await user.click(screen.getByRole('link', { name: 'Pipeline review' }));
    expect(qualify.openReview).toHaveBeenCalledOnce();
  });

  it('links to the settings', async () => {
    const { user, qualify } = show();
    await user.click(screen.getByRole('link', { name: 'Settings' }));
    expect(qualify.openOptions).toHaveBeenCalledOnce();
  });

  it('speaks Danish', () => {
    show({}, tDa);
    expect(screen.getByRole('tab', { name: 'Hurtig kvalificering' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Åbn i sidepanelet' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Pipeline-gennemgang' })).toBeTruthy();
  });
});

describe('popupQualify (the browser wiring)', () => {
  function storage(initial: Record<string, string> = {}) {
    const items = new Map(Object.entries(initial));
    return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
  }

  it('opens the side panel on the tab in the same click, handing over the deal, then closes the popup', async () => {
    const fake = fakeSource({ tab: { tabId: 42, state: STATE } });
    const open = vi.fn(async () => {});
    const close = vi.fn();
    const wiring = popupQualify(fakeBrowser as unknown as WxtBrowser, fake.source, { storage: storage(), apis: { sidePanel: { open } }, close });
    await waitFor(() => expect(fake.source.loadTab).toHaveBeenCalled());
    await Promise.resolve();
    const opening = wiring.openSidePanel({ dealKey: 'manual:initech pilot', dealName: 'Initech Pilot' });
    // Called before anything was awaited: the browser needs the click still in progress.
    expect(open).toHaveBeenCalledWith({ tabId: 42 });
    expect(fake.source.handoff.give).toHaveBeenCalledWith({ dealKey: 'manual:initech pilot', dealName: 'Initech Pilot', at: expect.any(Number) });
    await opening;
    expect(close).toHaveBeenCalledOnce();
  });

  it("uses Firefox's sidebar where there is no side panel, and fails clearly where there is neither", async () => {
    const fake = fakeSource({ tab: { tabId: 42, state: STATE } });
    const sidebarOpen = vi.fn(async () => {});
    const firefox = popupQualify(fakeBrowser as unknown as WxtBrowser, fake.source, { storage: storage(), apis: { sidebarAction: { open: sidebarOpen } }, close: () => {} });
    const neither = popupQualify(fakeBrowser as unknown as WxtBrowser, fake.source, { storage: storage(), apis: {}, close: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await firefox.openSidePanel(null);
    expect(sidebarOpen).toHaveBeenCalledOnce();
    await expect(neither.openSidePanel(null)).rejects.toThrow('this browser has no side panel');
  });

  it('remembers the tab last used', () => {
    const fake = fakeSource();
    const store = storage({ 'popup:tab': 'qualify' });
    const wiring = popupQualify(fakeBrowser as unknown as WxtBrowser, fake.source, { storage: store, apis: {}, close: () => {} });
    expect(wiring.initialTab).toBe('qualify');
    wiring.onTabChange!('deal');
    expect(store.items.get('popup:tab')).toBe('deal');
    expect(popupQualify(fakeBrowser as unknown as WxtBrowser, fake.source, { storage: storage({ 'popup:tab': 'junk' }), apis: {} }).initialTab).toBe('deal');
  });

  it('opens the review page in a new tab', async () => {
    const fake = fakeSource();
    const close = vi.fn();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    popupQualify(fakeBrowser as unknown as WxtBrowser, fake.source, { storage: storage(), apis: {}, close }).openReview();
    await waitFor(() => expect(close).toHaveBeenCalled());
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/review\.html$/) });
  });
});
