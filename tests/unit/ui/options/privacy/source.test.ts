import type { IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDataHandlers } from '../../../../../src/background/handlers/data';
import { createBackground } from '../../../../../src/background/service';
import { sessionTabStates } from '../../../../../src/background/tab-states';
import { readSettings, SETTINGS_KEY, writeSettings } from '../../../../../src/background/settings-storage';
import { openHistoryDb, type HistoryDb } from '../../../../../src/history/store';
import { createPrivacySource, DataRequestError } from '../../../../../src/ui/options/privacy/source';
import { NOW } from '../../../../helpers/deals';
import { ACME, GLOBEX, visit } from '../../../../helpers/history-data';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

const opened: IDBPDatabase<HistoryDb>[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) db.close();
});

let count = 0;
/** The options page's source talking to a real background over the fake browser's runtime messaging. */
function connected() {
  const name = `privacy-source-${Date.now()}-${++count}`;
  let dbPromise: Promise<IDBPDatabase<HistoryDb>> | null = null;
  const service = createBackground({
    openDb: () =>
      (dbPromise ??= openHistoryDb(name).then((db) => {
        opened.push(db);
        return db;
      })),
    loadSettings: () => readSettings(),
    tabStates: sessionTabStates(),
    setToolbarBadge: async () => {},
    now: () => NOW,
    extensionId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    log: () => {},
    areas: [createDataHandlers({ estimate: async () => ({ usage: 1234, quota: 99_999 }) })],
  });
  const sent: unknown[] = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    sent.push(message);
    const type = (message as { type?: string }).type;
    // The custom CRM area is another module's; here it only has to be told.
    if (type === 'ui-bg:custom-crms-changed') return Promise.resolve({ ok: true });
    return service.handle(message, { id: EXTENSION_ID, url: `${ORIGIN}options.html` });
  });
  const downloads: { fileName: string; text: string }[] = [];
  const source = createPrivacySource(fakeBrowser as unknown as WxtBrowser);
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    void (blob as Blob).text().then((text) => downloads.push({ fileName: '', text }));
    return 'blob:chrome-extension://test/1';
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ fileName: this.download, text: '' });
  });
  const visitPage = (snapshot: ReturnType<typeof visit>) =>
    service.handle({ type: 'cs-bg:snapshot', url: snapshot.url, pageKind: 'record', snapshots: [snapshot] }, { id: EXTENSION_ID, tab: { id: 4 }, url: snapshot.url });
  return { source, sent, downloads, visitPage };
}

describe('createPrivacySource', () => {
  it('reads usage, exports to a JSON download, deletes, and imports the download back', async () => {
    const { source, downloads, visitPage, sent } = connected();
    await visitPage(visit(ACME, '2026-05-01T10:00:00.000Z', '2026-06-30'));
    await visitPage(visit(GLOBEX, '2026-05-02T10:00:00.000Z', '2026-07-31', 'Globex renewal'));
    expect(await source.usage()).toMatchObject({ deals: 2, snapshots: 2, bytes: 1234 });

    expect(await source.exportEverything()).toEqual({ fileName: 'deal-hygiene-export-2026-06-01.json', deals: 2, snapshots: 2, skipped: 0 });
    await vi.waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads.find((download) => download.fileName)?.fileName).toBe('deal-hygiene-export-2026-06-01.json');
    const text = downloads.find((download) => download.text)!.text;
    const file = JSON.parse(text);
    expect(file).toMatchObject({ kind: 'deal-hygiene-export', version: 1 });
    expect(text).toContain('\n  "kind"'); // readable by a person

    expect(await source.deleteEverything()).toEqual({ deals: 2, snapshots: 2, qualification: 0, snoozes: 0 });
    expect(await source.usage()).toMatchObject({ deals: 0, snapshots: 0 });
    expect(await source.importEverything(file)).toEqual({ deals: 2, snapshots: 2, qualification: 0, snoozes: 0, customCrms: 0 });
    expect(await source.usage()).toMatchObject({ deals: 2, snapshots: 2 });
    // The custom CRM registrations follow what import and delete did to the mappings.
    expect(sent.filter((message) => (message as { type: string }).type === 'ui-bg:custom-crms-changed')).toHaveLength(2);
  });

  it('turns a refused import into an error with its code and paths', async () => {
    const { source } = connected();
    const error = await source.importEverything({ kind: 'deal-hygiene-export', version: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DataRequestError);
    expect(error).toMatchObject({ code: 'invalid-file' });
    expect((error as DataRequestError).errors.length).toBeGreaterThan(0);
  });

  it('saves the retention period into the stored settings and keeps the rest', async () => {
    const { source } = connected();
    await writeSettings({ version: 1, rules: { 'stale-record': { enabled: false } }, timeZone: 'Europe/Copenhagen' });
    expect(await source.retentionDays()).toBe(365);
    await source.saveRetentionDays(90);
    const settings = await readSettings();
    expect(settings.privacy.retentionDays).toBe(90);
    expect(settings.rules['stale-record']?.enabled).toBe(false);
    expect(settings.timeZone).toBe('Europe/Copenhagen');
    await expect(source.saveRetentionDays(7)).rejects.toMatchObject({ name: 'SettingsWriteError' });
    expect((await readSettings()).privacy.retentionDays).toBe(90);
  });

  it('never saves over stored settings it cannot read', async () => {
    const { source } = connected();
    const broken = { version: 1, rules: { 'stale-record': { enabled: 'sometimes' } } };
    await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: broken });
    await expect(source.saveRetentionDays(90)).rejects.toMatchObject({ code: 'settings-unreadable' });
    expect((await fakeBrowser.storage.sync.get(SETTINGS_KEY))[SETTINGS_KEY]).toEqual(broken);
  });

  it('applies retention and dismisses the storage notice through the background', async () => {
    const { source, visitPage } = connected();
    await visitPage(visit(ACME, '2025-01-01T10:00:00.000Z', '2025-02-28'));
    expect(await source.applyRetention()).toEqual({ removed: 1, removedDeals: 1 });
    await fakeBrowser.storage.local.set({ dataNotices: { lastPrunedForQuotaAt: NOW.toISOString(), prunedForQuotaSnapshots: 2 } });
    expect((await source.usage()).lastPrunedForQuotaAt).toBe(NOW.toISOString());
    await source.dismissStorageNotice();
    expect((await source.usage()).lastPrunedForQuotaAt).toBeNull();
  });
});
