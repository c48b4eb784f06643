// Bundled for the browser by the benchmark: the real history store against the browser's real IndexedDB.
import { loadHistory, openHistoryDb } from '../../src/history/store';
import { fingerprint } from '../../src/model/fingerprint';
import { syntheticHistories } from './synthetic';

async function run(deals: number, perDeal: number, repeat: number) {
  const histories = syntheticHistories(deals, perDeal);
  const name = `bench-${Date.now()}`;
  const db = await openHistoryDb(name);
  const started = performance.now();
  // Bulk load in chunked transactions, as an import would; the per-visit path is measured in Node.
  const all = histories.flat();
  for (let i = 0; i < all.length; i += 2000) {
    const tx = db.transaction('snapshots', 'readwrite');
    for (const snapshot of all.slice(i, i + 2000)) void tx.store.add({ ...snapshot, fingerprint: fingerprint(snapshot.fields) });
    await tx.done;
  }
  const writeMs = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const key = histories[(i * 7919) % histories.length]![0]!.key;
    const t0 = performance.now();
    await loadHistory(db, key);
    times.push(performance.now() - t0);
  }
  const estimate = await navigator.storage.estimate();
  db.close();
  return { snapshots: all.length, writeMs, loadTimes: times, usageBytes: estimate.usage ?? 0 };
}

(globalThis as unknown as { benchIdb: typeof run }).benchIdb = run;
