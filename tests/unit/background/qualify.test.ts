import { describe, expect, it, vi } from 'vitest';
import { createBackground, type TabStateStore, type ToolbarBadge } from '../../../src/background/service';
import { onQuickQualifyCommand, qualifyHandlers, type QualifyPlatform } from '../../../src/background/handlers/qualify';
import { loadQualification, openHistoryDb } from '../../../src/history/store';
import { listQualificationRecords, saveQualificationIfNewer } from '../../../src/history/qualification-queries';
import { defaultSettings } from '../../../src/model/settings';
import type { TabState } from '../../../src/messaging/protocol';
import { getQualificationReplySchema, listQualificationsReplySchema, openSidePanelReplySchema, saveQualificationReplySchema } from '../../../src/messaging/qualify';
import type { QualificationRecord } from '../../../src/qualification/types';
import { known, makeSnapshot } from '../../helpers/deals';

const EXT = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT}/`;
const PAGE = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view';
const TAB = 4;
const fromTab = { id: EXT, url: PAGE, tab: { id: TAB } };
const fromPanel = { id: EXT, url: `${ORIGIN}sidepanel.html` };
const NOW = new Date('2026-06-01T12:00:00Z');

function setup(platform: Partial<QualifyPlatform> = {}) {
  const states = new Map<number, TabState>();
  const badges: ToolbarBadge[] = [];
  const logs: string[] = [];
  const dbName = `bg-qualify-${Math.random()}`;
  const tabStates: TabStateStore = {
    get: async (id) => states.get(id),
    set: async (id, state) => void states.set(id, state),
    remove: async (id) => void states.delete(id),
  };
  const calls: string[] = [];
  const fullPlatform: QualifyPlatform = {
    openSidePanel: vi.fn(async (tabId: number) => void calls.push(`panel ${tabId}`)),
    openQualifyWindow: vi.fn(async (tabId: number) => void calls.push(`window ${tabId}`)),
    ...platform,
  };
  const service = createBackground({
    openDb: () => openHistoryDb(dbName),
    loadSettings: async () => defaultSettings(),
    tabStates,
    setToolbarBadge: async (_id, badge) => void badges.push(badge),
    now: () => NOW,
    extensionId: EXT,
    extensionOrigin: ORIGIN,
    log: (line) => void logs.push(line),
    areas: [qualifyHandlers(fullPlatform)],
  });
  return { service, states, badges, logs, dbName, platform: fullPlatform, calls };
}

const record = (overrides: Partial<QualificationRecord> = {}): QualificationRecord => ({
  dealKey: makeSnapshot().key,
  frameworkId: 'meddicc',
  answers: {},
  effort: null,
  managementMet: null,
  updatedAt: '2026-06-01T12:00:00.000Z',
  ...overrides,
});
const answered = (answer: 'yes' | 'partly' | 'no' | 'unknown', note = '') => ({ answer, note, answeredAt: '2026-06-01T12:00:00.000Z' });
const findingsOf = (state: TabState | undefined) => (state?.status === 'deal' ? state.deals[0]!.verdict.findings.map((finding) => finding.ruleId) : null);

describe('background: quick-qualify', () => {
  it('saves the answers, judges the tab again at once (badges, toolbar) and gives them back with the deal', async () => {
    const { service, states, badges } = setup();
    const snapshot = makeSnapshot();
    await service.handle({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [snapshot] }, fromTab);
    expect(findingsOf(states.get(TAB))).toEqual([]);
    expect(badges.at(-1)?.text).toBe('');

    // In propose, an answered "no" economic buyer is a finding; the other required criteria are gaps.
    const saved = record({ answers: { 'economic-buyer': answered('no', 'Nobody above IT yet'), 'identify-pain': answered('yes') }, updatedAt: '2026-06-01T12:00:01.000Z' });
    const reply = saveQualificationReplySchema.parse(await service.handle({ type: 'ui-bg:save-qualification', record: saved, tabId: TAB }, fromPanel));
    expect(reply).toEqual({ ok: true, record: saved, stored: true });
    expect(findingsOf(states.get(TAB))).toEqual(expect.arrayContaining(['qualification-gaps', 'no-economic-buyer']));
    expect(badges.at(-1)?.text).toBe(String(findingsOf(states.get(TAB))!.length));

    const got = getQualificationReplySchema.parse(await service.handle({ type: 'ui-bg:get-qualification', dealKey: snapshot.key }, fromPanel));
    expect(got.record).toEqual(saved);
    expect(got.snapshot).toEqual(snapshot);
    expect(got.snapshot).not.toHaveProperty('fingerprint');

    // Answering yes takes the economic-buyer finding away again.
    const fixed = { ...saved, answers: { ...saved.answers, 'economic-buyer': answered('yes') }, updatedAt: '2026-06-01T12:00:02.000Z' };
    await service.handle({ type: 'ui-bg:save-qualification', record: fixed, tabId: TAB }, fromPanel);
    expect(findingsOf(states.get(TAB))).not.toContain('no-economic-buyer');
  });

  it('judges the tab again even when the save names no tab (the worker knows the tabs it heard from)', async () => {
    const { service, states } = setup();
    await service.handle({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [makeSnapshot()] }, fromTab);
    await service.handle({ type: 'ui-bg:save-qualification', record: record({ managementMet: false, updatedAt: '2026-06-01T12:00:01.000Z' }) }, fromPanel);
    // €250,000 in propose and management has not met the customer.
    expect(findingsOf(states.get(TAB))).toContain('no-management-contact');
  });

  it('keeps the newest save when two cross: an older record never lands after a newer one', async () => {
    const { service, dbName } = setup();
    const newer = record({ answers: { metrics: answered('yes') }, updatedAt: '2026-06-01T12:00:05.000Z' });
    const older = record({ answers: { metrics: answered('no') }, updatedAt: '2026-06-01T12:00:04.000Z' });
    await service.handle({ type: 'ui-bg:save-qualification', record: newer }, fromPanel);
    const reply = saveQualificationReplySchema.parse(await service.handle({ type: 'ui-bg:save-qualification', record: older }, fromPanel));
    expect(reply).toEqual({ ok: true, record: newer, stored: false });
    const db = await openHistoryDb(dbName);
    expect(await loadQualification(db, newer.dealKey)).toEqual(newer);
    // Sent together (a flush while a save is in flight), in the wrong order: the newest still wins.
    await Promise.all([
      saveQualificationIfNewer(db, record({ answers: { metrics: answered('partly') }, updatedAt: '2026-06-01T12:00:07.000Z' })),
      saveQualificationIfNewer(db, record({ answers: { metrics: answered('unknown') }, updatedAt: '2026-06-01T12:00:06.000Z' })),
    ]);
    expect((await loadQualification(db, newer.dealKey))!.answers.metrics!.answer).toBe('partly');
    db.close();
  });

  it('gets nothing for a deal never qualified, and a deal qualified by name has no snapshot', async () => {
    const { service } = setup();
    expect(await service.handle({ type: 'ui-bg:get-qualification', dealKey: 'manual:initech pilot' }, fromPanel)).toEqual({ ok: true, record: null, snapshot: null });
    const byName = record({ dealKey: 'manual:initech pilot', dealName: 'Initech Pilot' });
    await service.handle({ type: 'ui-bg:save-qualification', record: byName }, fromPanel);
    expect(await service.handle({ type: 'ui-bg:get-qualification', dealKey: 'manual:initech pilot' }, fromPanel)).toEqual({ ok: true, record: byName, snapshot: null });
  });

  it('lists earlier qualifications newest first, named by the name typed or the deal as last read', async () => {
    const { service, dbName } = setup();
    const acme = makeSnapshot({ key: 'salesforce:acme.lightning.force.com:0065g00000AcmeQ', fields: { name: known('Acme Corp - 500 Seats', 'Acme Corp - 500 Seats') } });
    await service.handle({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [acme] }, fromTab);
    await service.handle({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [{ ...acme, capturedAt: '2026-06-02T12:00:00.000Z', fields: { ...acme.fields, name: known('Acme Corp - 600 Seats', 'Acme Corp - 600 Seats') } }] }, fromTab);
    await service.handle({ type: 'ui-bg:save-qualification', record: record({ dealKey: acme.key, updatedAt: '2026-06-01T12:00:00.000Z' }) }, fromPanel);
    await service.handle({ type: 'ui-bg:save-qualification', record: record({ dealKey: 'manual:initech pilot', dealName: 'Initech Pilot', updatedAt: '2026-06-03T09:00:00.000Z' }) }, fromPanel);
    await service.handle({ type: 'ui-bg:save-qualification', record: record({ dealKey: 'hubspot:app.hubspot.com:77', updatedAt: '2026-05-01T09:00:00.000Z' }) }, fromPanel);
    // A stored record that no longer validates is left out, not thrown, and not deleted.
    const db = await openHistoryDb(dbName);
    await db.put('qualification', { dealKey: 'broken:1', frameworkId: 7 } as never);
    const reply = listQualificationsReplySchema.parse(await service.handle({ type: 'ui-bg:list-qualifications' }, fromPanel));
    expect(reply.items.map((item) => [item.record.dealKey, item.dealName, item.crm])).toEqual([
      ['manual:initech pilot', 'Initech Pilot', null],
      [acme.key, 'Acme Corp - 600 Seats', 'salesforce'],
      ['hubspot:app.hubspot.com:77', null, null],
    ]);
    expect(await db.get('qualification', 'broken:1')).toBeTruthy();
    expect(await listQualificationRecords(db, 1)).toHaveLength(1);
    db.close();
  });

  it('refuses a record that does not validate, naming the path, and keeps what is stored', async () => {
    const { service, dbName } = setup();
    const good = record({ answers: { metrics: answered('yes') } });
    await service.handle({ type: 'ui-bg:save-qualification', record: good }, fromPanel);
    const bad = { ...good, answers: { metrics: { answer: 'maybe', note: '', answeredAt: good.updatedAt } }, updatedAt: '2026-06-01T13:00:00.000Z' };
    const reply = (await service.handle({ type: 'ui-bg:save-qualification', record: bad }, fromPanel)) as { ok: boolean; error: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toContain('record.answers.*.answer');
    const tooBig = { ...good, effort: { people: 3, hours: -1 } };
    expect(((await service.handle({ type: 'ui-bg:save-qualification', record: tooBig }, fromPanel)) as { error: string }).error).toContain('record.effort.hours');
    const db = await openHistoryDb(dbName);
    expect(await loadQualification(db, good.dealKey)).toEqual(good);
    db.close();
  });

  it('takes the answers only from extension pages, and the chip request only from a tab', async () => {
    const { service, platform } = setup();
    expect(await service.handle({ type: 'ui-bg:save-qualification', record: record() }, fromTab)).toMatchObject({ ok: false });
    expect(await service.handle({ type: 'ui-bg:list-qualifications' }, fromTab)).toMatchObject({ ok: false });
    expect(await service.handle({ type: 'cs-bg:open-side-panel' }, fromPanel)).toMatchObject({ ok: false });
    expect(platform.openSidePanel).not.toHaveBeenCalled();
  });
});

describe('background: opening the side panel', () => {
  it("opens it on the chip's tab before anything is awaited, while the click still counts", async () => {
    const { service, platform } = setup();
    const reply = service.handle({ type: 'cs-bg:open-side-panel' }, fromTab);
    expect(platform.openSidePanel).toHaveBeenCalledWith(TAB);
    expect(openSidePanelReplySchema.parse(await reply)).toEqual({ ok: true, opened: 'side-panel' });
    expect(platform.openQualifyWindow).not.toHaveBeenCalled();
  });

  it('opens a small window with the same page where the side panel cannot open (Firefox from a page click)', async () => {
    const { service, platform, logs } = setup({ openSidePanel: vi.fn(() => Promise.reject(new Error('sidebarAction.open may only be called from a user input handler'))) });
    expect(await service.handle({ type: 'cs-bg:open-side-panel' }, fromTab)).toEqual({ ok: true, opened: 'window' });
    expect(platform.openQualifyWindow).toHaveBeenCalledWith(TAB);
    expect(logs.at(-1)).toMatch(/side panel not opened .*opening a window instead/);
  });

  it('reports a failure when neither opens', async () => {
    const { service } = setup({ openSidePanel: () => Promise.reject(new Error('no')), openQualifyWindow: () => Promise.reject(new Error('windows blocked')) });
    expect(await service.handle({ type: 'cs-bg:open-side-panel' }, fromTab)).toEqual({ ok: false, error: 'cs-bg:open-side-panel failed: windows blocked' });
  });

  it('opens it for the quick-qualify command on the active tab, and ignores other commands', async () => {
    const open = vi.fn(async () => {});
    const fallback = vi.fn(async () => {});
    const listener = onQuickQualifyCommand({ openSidePanel: open, openQualifyWindow: fallback }, () => {});
    listener('something-else', { id: 3 });
    listener('quick-qualify', {});
    listener('quick-qualify', { id: -1 });
    expect(open).not.toHaveBeenCalled();
    listener('quick-qualify', { id: 3 });
    expect(open).toHaveBeenCalledWith(3);

    const failing = vi.fn(() => Promise.reject(new Error('no panel')));
    const log = vi.fn();
    onQuickQualifyCommand({ openSidePanel: failing, openQualifyWindow: fallback }, log)('quick-qualify', { id: 5 });
    await vi.waitFor(() => expect(fallback).toHaveBeenCalledWith(5));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('no panel'));
  });
});
