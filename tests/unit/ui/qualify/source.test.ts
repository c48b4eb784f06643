import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import { HANDOFF_KEY, qualifySource, TIMER_KEY } from '../../../../src/ui/qualify/source';
import { IDLE_TIMER } from '../../../../src/ui/qualify/timer';
import { makeSnapshot } from '../../../helpers/deals';

const browser = fakeBrowser as unknown as WxtBrowser;
afterEach(() => vi.restoreAllMocks());
const pinned = (tabId: number) => new URLSearchParams({ tabId: String(tabId) });
const record = { dealKey: 'manual:initech pilot', dealName: 'Initech Pilot', frameworkId: 'meddicc', answers: {}, effort: null, managementMet: null, updatedAt: '2026-11-27T10:00:00.000Z' };

/** The background, answering with `reply` and keeping what it was sent. */
function background(reply: (message: { type: string }) => unknown) {
  const sent: Record<string, unknown>[] = [];
  fakeBrowser.runtime.onMessage.addListener(((message: Record<string, unknown>) => {
    sent.push(message);
    return Promise.resolve(reply(message as { type: string }));
  }) as never);
  return sent;
}

describe('quick-qualify source (browser)', () => {
  it("asks for the pinned tab's state and checks the reply", async () => {
    const sent = background(() => ({ ok: true, state: { status: 'none' } }));
    const source = qualifySource(browser, pinned(12), { follow: true });
    expect(await source.loadTab()).toEqual({ tabId: 12, state: { status: 'none' } });
    expect(sent).toEqual([{ type: 'ui-bg:get-tab-state', tabId: 12 }]);
  });

  it("turns the background's refusal into its error, and a reply of the wrong shape into a clear one", async () => {
    background((message) => (message.type === 'ui-bg:get-tab-state' ? { ok: false, error: 'rejected ui-bg:get-tab-state: not allowed' } : { ok: true, records: 'nope' }));
    const source = qualifySource(browser, pinned(12), { follow: false });
    await expect(source.loadTab()).rejects.toThrow('rejected ui-bg:get-tab-state: not allowed');
    await expect(source.listQualifications()).rejects.toThrow('unexpected reply from the background');
  });

  it('follows the active tab of its window: switching tabs and a change of the tab state call back, another tab does not', async () => {
    background(() => ({ ok: true, state: { status: 'none' } }));
    vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: 1 } as never);
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 0 }] as never);
    const source = qualifySource(browser, new URLSearchParams(), { follow: true });
    const view = await source.loadTab();
    expect(view.tabId).toBe(0);
    expect(query).toHaveBeenCalledWith({ active: true, windowId: 1 });
    const onChange = vi.fn();
    const unsubscribe = source.subscribeTab(onChange);
    await fakeBrowser.storage.session.set({ 'tab:99': { status: 'none' } });
    expect(onChange).not.toHaveBeenCalled();
    await fakeBrowser.storage.session.set({ 'tab:0': { status: 'none' } });
    expect(onChange).toHaveBeenCalledTimes(1);
    const windowId = 1;
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 5, windowId, previousTabId: 0 });
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(2));
    await fakeBrowser.tabs.onActivated.trigger({ tabId: 6, windowId: windowId + 100, previousTabId: 0 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onChange).toHaveBeenCalledTimes(2);
    unsubscribe();
    await fakeBrowser.storage.session.set({ 'tab:0': { status: 'none', again: true } });
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('gets, saves and lists qualification records, with replies checked', async () => {
    const snapshot = makeSnapshot();
    const sent = background((message) => {
      if (message.type === 'ui-bg:get-qualification') return { ok: true, record: null, snapshot };
      if (message.type === 'ui-bg:save-qualification') return { ok: true, record, stored: true };
      return { ok: true, items: [{ record, dealName: 'Initech Pilot', crm: null }] };
    });
    const source = qualifySource(browser, pinned(3), { follow: false });
    expect(await source.getQualification(snapshot.key)).toEqual({ record: null, snapshot });
    expect(await source.saveQualification(record, 3)).toEqual(record);
    await source.saveQualification(record, null);
    expect(await source.listQualifications()).toEqual([{ record, dealName: 'Initech Pilot', crm: null }]);
    expect(sent.map((message) => [message.type, message.tabId])).toEqual([
      ['ui-bg:get-qualification', undefined],
      ['ui-bg:save-qualification', 3],
      ['ui-bg:save-qualification', undefined],
      ['ui-bg:list-qualifications', undefined],
    ]);
  });

  it('keeps the call timer in session storage; a stored value that is not a timer reads as stopped', async () => {
    const source = qualifySource(browser, pinned(3), { follow: false });
    expect(await source.timer!.load()).toEqual(IDLE_TIMER);
    const onChange = vi.fn();
    source.timer!.subscribe(onChange);
    await source.timer!.save({ startedAt: 1000, elapsedMs: 5000 });
    expect(await source.timer!.load()).toEqual({ startedAt: 1000, elapsedMs: 5000 });
    expect(onChange).toHaveBeenLastCalledWith({ startedAt: 1000, elapsedMs: 5000 });
    await fakeBrowser.storage.session.set({ [TIMER_KEY]: { startedAt: 'now' } });
    expect(await source.timer!.load()).toEqual(IDLE_TIMER);
    expect(onChange).toHaveBeenLastCalledWith(IDLE_TIMER);
  });

  it('hands a deal over once, and ignores an old or malformed hand-over', async () => {
    const source = qualifySource(browser, pinned(3), { follow: false });
    const received = vi.fn();
    source.handoff!.subscribe(received);
    source.handoff!.give({ dealKey: 'manual:initech pilot', dealName: 'Initech Pilot', at: Date.now() });
    await vi.waitFor(() => expect(received).toHaveBeenCalledWith(expect.objectContaining({ dealKey: 'manual:initech pilot' })));
    expect(await source.handoff!.take()).toMatchObject({ dealKey: 'manual:initech pilot', dealName: 'Initech Pilot' });
    expect(await source.handoff!.take()).toBeNull();
    await fakeBrowser.storage.session.set({ [HANDOFF_KEY]: { dealKey: 'manual:old', at: Date.now() - 10 * 60_000 } });
    expect(await source.handoff!.take()).toBeNull();
    await fakeBrowser.storage.session.set({ [HANDOFF_KEY]: { dealKey: 7 } });
    expect(await source.handoff!.take()).toBeNull();
    expect(received).toHaveBeenCalledTimes(1);
  });
});
