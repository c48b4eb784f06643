export type SaveStatus = { state: 'idle' } | { state: 'saving' } | { state: 'saved' } | { state: 'failed'; error: string };

export interface SaveQueue<T> {
  /** Saves this value after the save in flight; a value waiting to be saved is replaced (each holds the whole record). */
  push(value: T): void;
  /** Saves the value whose save failed again, unless a newer one is already on its way. */
  retry(): void;
  /** The page is closing: sends the waiting value now instead of after the save in flight (the receiver keeps the newest). */
  flush(): void;
  /** Resolves once nothing is in flight or waiting. */
  settled(): Promise<void>;
}

/**
 * Saves one at a time, newest last: while a save is in flight, changes wait, and only the latest waiting value is
 * sent next. So an older record can never land after a newer one, and a burst of keystrokes costs two saves,
 * not one per key.
 */
export function createSaveQueue<T>(save: (value: T) => Promise<unknown>, onStatus: (status: SaveStatus) => void): SaveQueue<T> {
  let inFlight = false;
  let waiting: { value: T } | null = null;
  let failed: { value: T } | null = null;
  let settledWaiters: (() => void)[] = [];

  const settle = () => {
    const waiters = settledWaiters;
    settledWaiters = [];
    for (const resolve of waiters) resolve();
  };

  function pump() {
    if (inFlight) return;
    if (!waiting) {
      settle();
      return;
    }
    const { value } = waiting;
    waiting = null;
    inFlight = true;
    onStatus({ state: 'saving' });
    save(value).then(
      () => {
        inFlight = false;
        failed = null;
        if (!waiting) onStatus({ state: 'saved' });
        pump();
      },
      (error: unknown) => {
        inFlight = false;
        if (waiting) {
          pump();
          return;
        }
        failed = { value };
        onStatus({ state: 'failed', error: error instanceof Error ? error.message : String(error) });
        settle();
      },
    );
  }

  return {
    push(value) {
      waiting = { value };
      failed = null;
      pump();
    },
    retry() {
      if (!failed || waiting || inFlight) return;
      waiting = failed;
      failed = null;
      pump();
    },
    flush() {
      if (!waiting) return;
      const { value } = waiting;
      waiting = null;
      save(value).catch(() => undefined);
    },
    settled() {
      if (!inFlight && !waiting) return Promise.resolve();
      return new Promise((resolve) => settledWaiters.push(resolve));
    },
  };
}
