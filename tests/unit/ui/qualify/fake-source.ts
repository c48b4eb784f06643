import { vi } from 'vitest';
import type { TabState } from '../../../../src/messaging/protocol';
import type { QualificationListItem } from '../../../../src/messaging/qualify';
import { defaultSettings, type Settings } from '../../../../src/model/settings';
import type { DealSnapshot } from '../../../../src/model/deal';
import type { QualificationRecord } from '../../../../src/qualification/types';
import type { Handoff, QualifySource, TabView } from '../../../../src/ui/qualify/source';
import { IDLE_TIMER, type TimerState } from '../../../../src/ui/qualify/timer';

export const NOW = new Date('2026-11-27T10:00:00.000Z');

export interface FakeSourceOptions {
  tab?: TabView;
  stored?: QualificationRecord[];
  storedSnapshots?: Record<string, DealSnapshot>;
  earlier?: QualificationListItem[];
  settings?: Settings;
  /** Saves wait until the test releases them. */
  holdSaves?: boolean;
  copyFails?: boolean;
}

/** An in-memory QualifySource: what the background would store, with every call recorded. */
export function fakeSource(options: FakeSourceOptions = {}) {
  const stored = new Map((options.stored ?? []).map((record) => [record.dealKey, record]));
  const saved: QualificationRecord[] = [];
  const pending: { record: QualificationRecord; release(): void }[] = [];
  let now = new Date(NOW);
  let tab: TabView = options.tab ?? { tabId: 7, state: { status: 'none' } };
  const tabListeners = new Set<() => void>();
  const handoffListeners = new Set<(handoff: Handoff) => void>();
  let timerState: TimerState = IDLE_TIMER;

  const source = {
    loadTab: vi.fn(async () => tab),
    subscribeTab: (listener: () => void) => {
      tabListeners.add(listener);
      return () => tabListeners.delete(listener);
    },
    getQualification: vi.fn(async (dealKey: string) => ({ record: stored.get(dealKey) ?? null, snapshot: options.storedSnapshots?.[dealKey] ?? null })),
    saveQualification: vi.fn((record: QualificationRecord, _tabId: number | null) => {
      const land = () => {
        saved.push(record);
        const current = stored.get(record.dealKey);
        if (!current || current.updatedAt <= record.updatedAt) stored.set(record.dealKey, record);
        return record;
      };
      if (!options.holdSaves) return Promise.resolve(land());
      return new Promise<QualificationRecord>((resolve) => pending.push({ record, release: () => resolve(land()) }));
    }),
    listQualifications: vi.fn(async () => options.earlier ?? []),
    loadSettings: vi.fn(async () => options.settings ?? defaultSettings()),
    copyText: vi.fn(async (_text: string) => {
      if (options.copyFails) throw new Error('clipboard blocked');
    }),
    now: () => now,
    timer: {
      load: async () => timerState,
      save: vi.fn(async (state: TimerState) => {
        timerState = state;
      }),
      subscribe: () => () => {},
    },
    handoff: {
      give: vi.fn(),
      take: vi.fn(async (): Promise<Handoff | null> => null),
      subscribe: (listener: (handoff: Handoff) => void) => {
        handoffListeners.add(listener);
        return () => handoffListeners.delete(listener);
      },
    },
  } satisfies QualifySource;

  return {
    source,
    stored,
    saved,
    pending,
    setNow: (date: Date) => (now = date),
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
    setTab(next: TabView | TabState) {
      tab = 'state' in next ? next : { tabId: tab.tabId, state: next };
      for (const listener of tabListeners) listener();
    },
    handoff: (handoff: Handoff) => {
      for (const listener of handoffListeners) listener(handoff);
    },
  };
}
