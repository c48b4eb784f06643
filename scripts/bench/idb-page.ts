// Bundled for the browser by the benchmark: the real history store against the browser's real IndexedDB.
import { loadHistory, openHistoryDb, saveSnapshot } from '../../src/history/store';
import type { DealSnapshot } from '../../src/model/deal';
import { fingerprint } from '../../src/model/fingerprint';
import { syntheticHistories } from './synthetic';

const DAY = 86_400_000;

/** The same deal seen a day later with its amount changed: a visit that stores a new snapshot. */
function changedVisit(last: DealSnapshot): DealSnapshot {
  const amount = last.fields.amount;
  return {
    ...last,
    capturedAt: new Date(Date.parse(last.capturedAt) + DAY).toISOString(),
    fields: { ...last.fields, amount: amount.state === 'value' ? { ...amount, value: { ...amount.value, value: amount.value.value + 1000 } } : amount },
  };
}

async function run(deals: number, perDeal: number, repeat: number) {
  const histories = syntheticHistories(deals, perDeal);
  const name = `bench-${Date.now()}`;
  const db = await openHistoryDb(name);
  const started = performance.now();
  // Bulk load in chunked transactions, as an import would, with each deal's summary record as saveSnapshot keeps it.
  const all = histories.flat();
  for (let i = 0; i < all.length; i += 2000) {
    const tx = db.transaction('snapshots', 'readwrite');
    for (const snapshot of all.slice(i, i + 2000)) void tx.store.add({ ...snapshot, fingerprint: fingerprint(snapshot.fields) });
    await tx.done;
  }
  const writeMs = performance.now() - started;
  const summaries = db.transaction('deals', 'readwrite');
  for (const history of histories) {
    const first = history[0]!;
    const last = history.at(-1)!;
    void summaries.store.put({ key: first.key, crm: first.crm, firstSeenAt: first.capturedAt, lastSeenAt: last.capturedAt, latestFingerprint: fingerprint(last.fields), snapshotCount: history.length });
  }
  await summaries.done;
  const loadTimes: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const key = histories[(i * 7919) % histories.length]![0]!.key;
    const t0 = performance.now();
    await loadHistory(db, key);
    loadTimes.push(performance.now() - t0);
  }
  // The per-visit path at this size: a visit that changed something (stored) and one that did not (summary only).
  const changedTimes: number[] = [];
  const unchangedTimes: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const last = histories[(i * 4099 + 11) % histories.length]!.at(-1)!;
    let t0 = performance.now();
    await saveSnapshot(db, last);
    unchangedTimes.push(performance.now() - t0);
    t0 = performance.now();
    await saveSnapshot(db, changedVisit(last));
    changedTimes.push(performance.now() - t0);
  }
  db.close();
  const estimate = await navigator.storage.estimate();
  return { snapshots: all.length, writeMs, loadTimes, changedTimes, unchangedTimes, usageBytes: estimate.usage ?? 0 };
}

(globalThis as unknown as { benchIdb: typeof run }).benchIdb = run;
