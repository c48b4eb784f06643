import { describe, expect, it } from 'vitest';
import { createBackground, type TabStateStore, type ToolbarBadge } from '../../../src/background/service';
import { openHistoryDb } from '../../../src/history/store';
import { defaultSettings } from '../../../src/model/settings';
import type { TabState } from '../../../src/messaging/protocol';

function setup() {
  const states = new Map<number, TabState>();
  const badges: [number, ToolbarBadge][] = [];
  const tabStates: TabStateStore = {
    get: async (id) => states.get(id),
    set: async (id, state) => void states.set(id, state),
    remove: async (id) => void states.delete(id),
  };
  const service = createBackground({
    openDb: () => openHistoryDb(`navigation-${Math.random()}`),
    loadSettings: async () => defaultSettings(),
    tabStates,
    setToolbarBadge: async (id, badge) => void badges.push([id, badge]),
    now: () => new Date('2026-11-27T09:00:00Z'),
    extensionId: 'ext',
    extensionOrigin: 'chrome-extension://ext/',
    log: () => {},
  });
  return { service, states, badges };
}

const RECORD = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';

describe('background: a tab that navigates away', () => {
  it('forgets the deal and clears the toolbar badge when the tab leaves for another URL', async () => {
    const { service, states, badges } = setup();
    await service.handle({ type: 'cs-bg:reading', url: RECORD, crm: 'salesforce' }, { id: 'ext', tab: { id: 7 }, url: RECORD });
    expect(states.get(7)?.status).toBe('reading');
    await service.onTabNavigated(7, 'https://www.example.com/');
    expect(states.has(7)).toBe(false);
    expect(badges.at(-1)).toEqual([7, { text: '', color: null }]);
  });

  it('keeps the state when the update is for the URL it already describes', async () => {
    const { service, states } = setup();
    await service.handle({ type: 'cs-bg:reading', url: RECORD, crm: 'salesforce' }, { id: 'ext', tab: { id: 7 }, url: RECORD });
    await service.onTabNavigated(7, RECORD);
    expect(states.get(7)?.status).toBe('reading');
  });
});
