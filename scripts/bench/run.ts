// `npm run bench`: reports, never fails. Figures go to stdout as a table and to bench-results/latest.json.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import 'fake-indexeddb/auto';
import { chromium } from 'playwright-core';
import { runRules } from '../../src/engine/run';
import { defaultSettings } from '../../src/model/settings';
import { loadHistory, openHistoryDb, saveSnapshot } from '../../src/history/store';
import { fingerprint } from '../../src/model/fingerprint';
import { browserPath } from '../lib/browser.mjs';
import { syntheticHistories } from './synthetic';

interface Row {
  benchmark: string;
  value: number;
  unit: string;
  goal?: string;
}
const rows: Row[] = [];
const report = (benchmark: string, value: number, unit: string, goal?: string) => rows.push({ benchmark, value: Math.round(value * 100) / 100, unit, ...(goal ? { goal } : {}) });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

async function benchRules() {
  const histories = syntheticHistories(10_000, 10);
  const settings = defaultSettings();
  const now = new Date('2026-11-27T12:00:00Z');
  // Warm up the JIT and the per-locale caches on a slice first.
  for (const history of histories.slice(0, 500)) runRules({ snapshot: history.at(-1)!, settings, now, timeZone: 'UTC', history });
  const started = performance.now();
  let findings = 0;
  for (const history of histories) findings += runRules({ snapshot: history.at(-1)!, settings, now, timeZone: 'UTC', history }).verdict.findings.length;
  const ms = performance.now() - started;
  report('rules: 10,000 deals × 10 snapshots, all rules + history facts + qualification', (histories.length / ms) * 1000, 'deals/s');
  report('rules: time per deal', (ms * 1000) / histories.length, 'µs/deal', '< 20 µs');
  report('rules: findings produced (sanity)', findings, 'findings');
}

async function benchFakeIndexedDb() {
  const histories = syntheticHistories(10_000, 10, '2026-11-27', 7);
  const db = await openHistoryDb(`bench-node-${Date.now()}`);
  // The per-visit path (read summary, compare, add): a sample of 5,000 visits.
  const sample = histories.slice(0, 500).flat();
  let t0 = performance.now();
  for (const snapshot of sample) await saveSnapshot(db, snapshot);
  report('fake-indexeddb: saveSnapshot per visit (5,000 visits)', (sample.length / (performance.now() - t0)) * 1000, 'snapshots/s');
  // Fill to 100,000 in bulk.
  const rest = histories.slice(500).flat();
  t0 = performance.now();
  for (let i = 0; i < rest.length; i += 5000) {
    const tx = db.transaction('snapshots', 'readwrite');
    for (const snapshot of rest.slice(i, i + 5000)) void tx.store.add({ ...snapshot, fingerprint: fingerprint(snapshot.fields) });
    await tx.done;
  }
  report('fake-indexeddb: bulk write to 100,000 snapshots', (rest.length / (performance.now() - t0)) * 1000, 'snapshots/s');
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    await loadHistory(db, histories[(i * 7919) % histories.length]![0]!.key);
    times.push(performance.now() - start);
  }
  report('fake-indexeddb: one deal\'s history at 100,000 snapshots (median)', median(times), 'ms');
  const bytes = histories.flat().slice(0, 1000).reduce((sum, s) => sum + JSON.stringify({ ...s, fingerprint: fingerprint(s.fields) }).length, 0) / 1000;
  report('snapshot size as stored (JSON, average)', bytes, 'bytes');
  db.close();
}

async function benchChromiumIndexedDb() {
  let executablePath: string;
  try {
    executablePath = browserPath();
  } catch (error) {
    console.warn(`skipping Chromium IndexedDB: ${(error as Error).message}`);
    return;
  }
  const bundle = await build({ entryPoints: [join(import.meta.dirname, 'idb-page.ts')], bundle: true, format: 'iife', write: false, platform: 'browser' });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>bench</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const result = await page.evaluate(() =>
      (globalThis as unknown as { benchIdb: (d: number, p: number, r: number) => Promise<{ snapshots: number; writeMs: number; loadTimes: number[]; usageBytes: number }> }).benchIdb(10_000, 10, 200),
    );
    report('Chromium IndexedDB: bulk write of 100,000 snapshots', (result.snapshots / result.writeMs) * 1000, 'snapshots/s');
    report('Chromium IndexedDB: one deal\'s history at 100,000 snapshots (median)', median(result.loadTimes), 'ms', '< 5 ms');
    report('Chromium IndexedDB: one deal\'s history (p95)', p95(result.loadTimes), 'ms');
    report('Chromium IndexedDB: storage per snapshot (origin usage / snapshots)', result.usageBytes / result.snapshots, 'bytes');
  } finally {
    await browser.close();
    server.close();
  }
}

function benchBundle() {
  const file = join(process.cwd(), '.output', 'chrome-mv3', 'content-scripts', 'crm.js');
  if (!existsSync(file)) {
    console.warn('skipping bundle size: run `npm run build` first');
    return;
  }
  const code = readFileSync(file);
  report('content script size (raw)', code.length / 1024, 'KB');
  report('content script size (gzip)', gzipSync(code, { level: 9 }).length / 1024, 'KB', '≤ 15 KB');
}

await benchRules();
await benchFakeIndexedDb();
await benchChromiumIndexedDb();
benchBundle();

const width = Math.max(...rows.map((row) => row.benchmark.length));
console.log(`\n${'benchmark'.padEnd(width)}  ${'value'.padStart(12)}  unit          goal`);
for (const row of rows) console.log(`${row.benchmark.padEnd(width)}  ${String(row.value).padStart(12)}  ${row.unit.padEnd(12)}  ${row.goal ?? ''}`);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/latest.json', `${JSON.stringify({ ranAt: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
console.log('\nwritten to bench-results/latest.json');
