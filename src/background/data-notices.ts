import { z } from 'zod';
import { browser } from 'wxt/browser';

/** browser.storage.local key of what the data upkeep remembers between service-worker runs. */
export const DATA_NOTICES_KEY = 'dataNotices';

export const dataNoticesSchema = z.object({
  /** When the retention period was last applied (daily run or "Remove older data now"). */
  lastRetentionAt: z.string().nullable().default(null),
  /** When old snapshots were last removed because storage was full; cleared when the user dismisses the notice. */
  lastPrunedForQuotaAt: z.string().nullable().default(null),
  /** Snapshots removed for room since the notice was last dismissed. */
  prunedForQuotaSnapshots: z.number().int().nonnegative().default(0),
});
export type DataNoticesState = z.infer<typeof dataNoticesSchema>;

export interface DataNotices {
  read(): Promise<DataNoticesState>;
  update(patch: Partial<DataNoticesState>): Promise<DataNoticesState>;
}

const EMPTY: DataNoticesState = { lastRetentionAt: null, lastPrunedForQuotaAt: null, prunedForQuotaSnapshots: 0 };

/** Notices in storage.local (not IndexedDB: they must be writable when the database is full or blocked). */
export function storageDataNotices(area: Pick<typeof browser.storage.local, 'get' | 'set'> = browser.storage.local): DataNotices {
  const read = async () => {
    const parsed = dataNoticesSchema.safeParse((await area.get(DATA_NOTICES_KEY))[DATA_NOTICES_KEY]);
    return parsed.success ? parsed.data : { ...EMPTY };
  };
  return {
    read,
    async update(patch) {
      const next = { ...(await read()), ...patch };
      await area.set({ [DATA_NOTICES_KEY]: next });
      return next;
    },
  };
}

/** Notices kept in memory, for tests and for contexts without storage. */
export function memoryDataNotices(initial: Partial<DataNoticesState> = {}): DataNotices & { state: DataNoticesState } {
  const notices = {
    state: { ...EMPTY, ...initial },
    async read() {
      return { ...notices.state };
    },
    async update(patch: Partial<DataNoticesState>) {
      notices.state = { ...notices.state, ...patch };
      return { ...notices.state };
    },
  };
  return notices;
}
