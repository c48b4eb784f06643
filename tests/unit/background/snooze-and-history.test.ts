import { describe, expect, it } from 'vitest';
import { createBackground, type TabStateStore, type ToolbarBadge } from '../../../src/background/service';
import { loadSnoozes, openHistoryDb } from '../../../src/history/store';
import { defaultSettings } from '../../../src/model/settings';
import type { TabState } from '../../../src/messaging/protocol';
import { empty, known, makeSnapshot } from '../../helpers/deals';

const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT}/`;
const PAGE = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view';
const TAB = 4;
const fromTab = { id: EXT, url: PAGE, tab: { id: TAB } };
const fromPopup = { id: EXT, url: `${ORIGIN}popup.html` };

function setup() {
  const states = new Map<number, TabState>();
  const badges: ToolbarBadge[] = [];
  let now = new Date('2026-06-01T12:00:00Z');
  const dbName = `bg-snooze-${Math.random()}`;
  const tabStates: TabStateStore = {
    get: async (id) => states.get(id),
    set: async (id, state) => void states.set(id, state),
    remove: async (id) => void states.delete(id),
  };
  const service = createBackground({
    openDb: () => openHistoryDb(dbName),
    loadSettings: async () => defaultSettings(),
    tabStates,
    setToolbarBadge: async (_id, badge) => void badges.push(badge),
    now: () => now,
    extensionId: EXT,
    extensionOrigin: ORIGIN,
    log: () => {},
  });
  return { service, states, badges, dbName, setNow: (date: string) => (now = new Date(date)) };
}

const dealState = (state: TabState | undefined) => (state?.status === 'deal' ? state.deals[0]! : null);

describe('background: snoozing a finding from the popup', () => {
  it('moves the finding to snoozed, stores why and until when, updates the toolbar; unsnoozing brings it back', async () => {
    const { service, states, badges, dbName } = setup();
    const snapshot = makeSnapshot({ fields: { nextStep: empty() } });
    await service.handle({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [snapshot] }, fromTab);
    expect(dealState(states.get(TAB))?.verdict.findings.map((f) => f.ruleId)).toEqual(['next-step-missing']);
    expect(badges.at(-1)?.text).toBe('1');

    const reply = await service.handle({ type: 'ui-bg:snooze', dealKey: snapshot.key, ruleId: 'next-step-missing', reason: 'Customer on holiday', days: 7, tabId: TAB }, fromPopup);
    expect(reply).toEqual({ ok: true });
    const snoozed = dealState(states.get(TAB))!.verdict;
    expect(snoozed.findings).toEqual([]);
    expect(snoozed.snoozed).toEqual([expect.objectContaining({ ruleId: 'next-step-missing', until: '2026-06-08', reason: 'Customer on holiday' })]);
    expect(badges.at(-1)?.text).toBe('');
    const db = await openHistoryDb(dbName);
    expect(await loadSnoozes(db, snapshot.key)).toHaveLength(1);
    db.close();

    await service.handle({ type: 'ui-bg:unsnooze', dealKey: snapshot.key, ruleId: 'next-step-missing', tabId: TAB }, fromPopup);
    expect(dealState(states.get(TAB))?.verdict.findings.map((f) => f.ruleId)).toEqual(['next-step-missing']);
  });

  it('refuses a snooze without a reason, and one from a content script', async () => {
    const { service } = setup();
    const base = { type: 'ui-bg:snooze', dealKey: 'salesforce:acme.lightning.force.com:0065g00000AbCdE', ruleId: 'next-step-missing', days: 7 };
    expect(await service.handle({ ...base, reason: '   ' }, fromPopup)).toMatchObject({ ok: false });
    expect(await service.handle({ ...base, reason: 'ok' }, fromTab)).toMatchObject({ ok: false });
  });
});

describe('background: history reaches the rules', () => {
  it('judges a snapshot with the deal\'s stored history (one snapshot per change, repeated visits not stored)', async () => {
    const { service, states, setNow } = setup();
    const visit = async (date: string, closeDate: string) => {
      setNow(`${date}T12:00:00Z`);
      const snapshot = makeSnapshot({ capturedAt: `${date}T12:00:00.000Z`, fields: { closeDate: known(closeDate, closeDate) } });
      await service.handle({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [snapshot] }, fromTab);
      return dealState(states.get(TAB))!;
    };
    const first = await visit('2026-05-01', '2026-06-15');
    expect(first.verdict.findings.map((f) => f.ruleId)).not.toContain('close-date-slipping');
    await visit('2026-05-02', '2026-06-15'); // a repeated visit: nothing changed, nothing stored
    await visit('2026-05-10', '2026-07-01');
    const last = await visit('2026-05-20', '2026-07-31');
    // Two pushes (16 and 30 days) are only visible through the stored history.
    const slipping = last.verdict.findings.find((f) => f.ruleId === 'close-date-slipping');
    expect(slipping).toMatchObject({ field: 'closeDate', data: expect.objectContaining({ count: 2, days: 46, largest: 30 }) });
  });
});

describe('background: a list judges every row with its own history', () => {
  it("stores a list's rows together and gives each row its own deal's slippage, not its neighbours'", async () => {
    const { service, states, setNow } = setup();
    const row = (id: string, date: string, closeDate: string) =>
      makeSnapshot({ key: `salesforce:acme.lightning.force.com:${id}`, capturedAt: `${date}T12:00:00.000Z`, fields: { name: known(id, id), closeDate: known(closeDate, closeDate) } });
    const visitList = async (date: string, rows: ReturnType<typeof row>[]) => {
      setNow(`${date}T12:00:00Z`);
      await service.handle({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'list', snapshots: rows }, fromTab);
      const state = states.get(TAB);
      if (state?.status !== 'deal') throw new Error(`no deal state: ${JSON.stringify(state)}`);
      return state.deals;
    };
    const steady = Array.from({ length: 40 }, (_, i) => `0065g00000Row${String(i).padStart(2, '0')}`);
    await visitList('2026-05-01', [row('0065g00000Slip1', '2026-05-01', '2026-06-15'), ...steady.map((id) => row(id, '2026-05-01', '2026-09-30'))]);
    await visitList('2026-05-10', [row('0065g00000Slip1', '2026-05-10', '2026-07-01'), ...steady.map((id) => row(id, '2026-05-10', '2026-09-30'))]);
    const deals = await visitList('2026-05-20', [...steady.map((id) => row(id, '2026-05-20', '2026-09-30')), row('0065g00000Slip1', '2026-05-20', '2026-07-31')]);
    expect(deals).toHaveLength(41);
    const slipping = deals.filter((deal) => deal.verdict.findings.some((finding) => finding.ruleId === 'close-date-slipping'));
    expect(slipping.map((deal) => deal.snapshot.key)).toEqual(['salesforce:acme.lightning.force.com:0065g00000Slip1']);
    expect(slipping[0]!.verdict.findings.find((finding) => finding.ruleId === 'close-date-slipping')).toMatchObject({ data: expect.objectContaining({ count: 2, days: 46 }) });
    // The rows are in the order the page sent them.
    expect(deals.map((deal) => deal.snapshot.key).at(-1)).toBe('salesforce:acme.lightning.force.com:0065g00000Slip1');
  });
});
