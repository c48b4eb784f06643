import type { BrowserContext, CDPSession, Page } from 'playwright-core';

/** The extension APIs inside the service worker, where `worker.evaluate` runs. */
declare const chrome: any;

/**
 * What the fault and network e2e tests watch in the browser: errors anywhere (pages, content scripts, the service
 * worker), the extension's service worker (stopped on demand through CDP, as Chrome stops an idle one), and the
 * extension's IndexedDB.
 *
 * Found by trying in Chromium 156 headless: `ServiceWorker.stopAllWorkers` on any page's CDP session stops the
 * extension's worker too (`ServiceWorker.workerVersionUpdated` reports it "stopped" within ~50 ms; its target stays,
 * with the same id, for the next start); Playwright's `Worker` does not
 * report the worker's uncaught exceptions, so the watcher attaches to each worker target itself (non-flat session,
 * `Runtime.enable`) and collects `Runtime.exceptionThrown`; `context.on('console')` has the worker's console messages.
 */
export interface Watch {
  /** Uncaught errors and console errors, each as "where: text". */
  readonly errors: string[];
  /** Every console message of every level, from pages, content scripts and the worker. */
  readonly console: string[];
  /** Stops the extension's service worker now and waits until its target is gone. */
  stopServiceWorker(): Promise<void>;
  /** Whether the extension's service worker is running. */
  serviceWorkerRunning(): Promise<boolean>;
  close(): Promise<void>;
}

export async function watchExtension(context: BrowserContext, extensionId: string): Promise<Watch> {
  const errors: string[] = [];
  const consoleLines: string[] = [];
  const origin = `chrome-extension://${extensionId}/`;

  // The fixture server has no favicon; a 404 would be logged as a console error by every page.
  await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204, body: '' }));
  context.on('weberror', (error) => errors.push(`page: ${error.error().message}`));
  context.on('console', (message) => {
    const where = message.worker()?.url() ?? message.page()?.url() ?? '?';
    consoleLines.push(`${message.type()} ${where}: ${message.text()}`);
    if (message.type() === 'error') errors.push(`console ${where}: ${message.text()}`);
  });

  // A page of its own holds the CDP session (closing a test page must not end the watch).
  const holder: Page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(holder);
  const attached = new Set<string>();
  let nextId = 1;
  cdp.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const message = JSON.parse(event.message) as { method?: string; params?: any };
    if (message.method !== 'Runtime.exceptionThrown') return;
    const details = message.params.exceptionDetails;
    errors.push(`service worker: ${details.text} ${details.exception?.description ?? ''}`.trim());
  });

  // The worker's state, as Chrome reports it. Its target keeps its id across restarts (one target per version).
  let workerStatus = 'unknown';
  let stops = 0;
  cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: { scriptURL: string; runningStatus: string }[] }) => {
    for (const version of event.versions) {
      if (!version.scriptURL.startsWith(origin)) continue;
      if (version.runningStatus === 'stopped' && workerStatus !== 'stopped') {
        stops += 1;
        attached.clear(); // the debugging session ended with the worker; attach again when it runs
      }
      workerStatus = version.runningStatus;
    }
  });

  await cdp.send('ServiceWorker.enable');

  const workerTargets = async () =>
    ((await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] }).targetInfos.filter(
      (target) => target.type === 'service_worker' && target.url.startsWith(origin),
    );
  const attachNew = async () => {
    for (const target of await workerTargets()) {
      if (attached.has(target.targetId)) continue;
      attached.add(target.targetId);
      const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: nextId++, method: 'Runtime.enable' }) });
    }
  };
  // A restarted worker needs a new debugging session: look often.
  let polling = true;
  const poll = async () => {
    while (polling) {
      await attachNew().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await attachNew();
  const polled = poll();

  return {
    errors,
    console: consoleLines,
    async stopServiceWorker() {
      // Stopped when Chrome says so. A worker stopped with a message still to deliver is started again at once to
      // deliver it (Chrome's own retry), so "stopped" is an event, not a lasting state.
      const before = stops;
      const deadline = Date.now() + 10_000;
      while (stops === before) {
        if (Date.now() > deadline) throw new Error(`the service worker did not stop (it is ${workerStatus})`);
        await cdp.send('ServiceWorker.stopAllWorkers');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async serviceWorkerRunning() {
      return workerStatus === 'running' || workerStatus === 'starting';
    },
    async close() {
      polling = false;
      await polled;
      await cdp.detach().catch(() => undefined);
      await holder.close().catch(() => undefined);
    },
  };
}

/**
 * A page of the extension (the popup's document, for tab 0) to read the extension's storage from: IndexedDB,
 * storage.session and the toolbar badge are the extension origin's, so a page reads them as the worker would, and
 * reading does not depend on the worker running (the fault tests stop it). Opening it sends one message, for tab 0.
 */
export async function openProbePage(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html?tabId=0`);
  return page;
}

export interface StoredDeal {
  key: string;
  snapshotCount: number;
  latestFingerprint: string;
  /** The deal's snapshots, oldest first: name and close date as stored, and the fingerprint. */
  snapshots: { name: string | null; closeDate: string | null; fingerprint: string; capturedAt: string }[];
}

/** Every deal in the extension's history database with its snapshots. */
export function storedDeals(probe: Page): Promise<StoredDeal[]> {
  return probe.evaluate(
    () =>
      new Promise<StoredDeal[]>((resolve, reject) => {
        const open = indexedDB.open('deal-hygiene');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['deals', 'snapshots'], 'readonly');
          const deals = tx.objectStore('deals').getAll();
          const snapshots = tx.objectStore('snapshots').getAll();
          tx.oncomplete = () => {
            const value = (field: any) => (field?.state === 'value' ? field.value : null);
            resolve(
              (deals.result as any[]).map((deal) => ({
                key: deal.key,
                snapshotCount: deal.snapshotCount,
                latestFingerprint: deal.latestFingerprint,
                snapshots: (snapshots.result as any[])
                  .filter((snapshot) => snapshot.key === deal.key)
                  .sort((a, b) => (a.capturedAt < b.capturedAt ? -1 : a.capturedAt > b.capturedAt ? 1 : a.id - b.id))
                  .map((snapshot) => ({ name: value(snapshot.fields?.name), closeDate: value(snapshot.fields?.closeDate), fingerprint: snapshot.fingerprint, capturedAt: snapshot.capturedAt })),
              })),
            );
            // Closed at once: an open connection would block a later version upgrade by the worker.
            db.close();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** The toolbar badge text of a tab. */
export function toolbarText(probe: Page, tabId: number): Promise<string> {
  return probe.evaluate((id: number) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** What the background keeps about a tab (storage.session `tab:<id>`); null if nothing. */
export function tabState(probe: Page, tabId: number): Promise<any> {
  return probe.evaluate(async (id: number) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? null, tabId);
}

/**
 * Turns on developer mode (chrome://extensions). Chromium 156 leaves an unpacked extension disabled after
 * `chrome.runtime.reload()` unless developer mode is on; with it on, the reload behaves as an update does.
 */
export async function enableDeveloperMode(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  await page.goto('chrome://extensions/');
  await page.evaluate(() => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }));
  await page.close();
}

export async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}
