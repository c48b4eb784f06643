// `npm run bench`: reports, never fails. Figures go to stdout as a table and to bench-results/latest.json.
// The extension under test is the build in $DH_OUT_DIR (`npm run bench` builds it into .output-bench first).
// BENCH_QUICK=1 repeats everything fewer times (to try the benchmark itself, not to quote its numbers).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import 'fake-indexeddb/auto';
import { runRules } from '../../src/engine/run';
import { defaultSettings } from '../../src/model/settings';
import { openHistoryDb, saveSnapshot } from '../../src/history/store';
import { launchWithoutExtension } from '../lib/browser.mjs';
import { contentEntrypointOf, contentScriptShares, largestContentScript, type ContentScriptSize, type Share } from './bundle';
import { benchExtension, FULL_REPEATS, QUICK_REPEATS, type BenchBrowser, type Environment } from './extension';
import { atMost, median, p95, Report } from './report';
import { syntheticHistories } from './synthetic';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT_DIR = process.env.DH_OUT_DIR ?? '.output';
const EXTENSION_DIR = resolve(ROOT, OUT_DIR, 'chrome-mv3');
const QUICK = process.env.BENCH_QUICK === '1';
const report = new Report();
const details: Record<string, unknown> = {};
const started = Date.now();
const log = (message: string) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

/** Runs one part; a part that breaks is reported as not measured, and the others still run. */
async function part(name: string, run: () => Promise<void> | void) {
  log(name);
  try {
    await run();
  } catch (error) {
    report.startSection(name);
    report.skip(name, error instanceof Error ? error.message.split('\n')[0]! : String(error));
    console.error(error);
  }
}

function benchRules() {
  report.startSection('Rules engine (Node)');
  const deals = QUICK ? 2000 : 10_000;
  const histories = syntheticHistories(deals, 10);
  const settings = defaultSettings();
  const now = new Date('2026-11-27T12:00:00Z');
  // Warm up the JIT and the per-locale caches on a slice first.
  for (const history of histories.slice(0, 500)) runRules({ snapshot: history.at(-1)!, settings, now, timeZone: 'UTC', history });
  const t0 = performance.now();
  let findings = 0;
  for (const history of histories) findings += runRules({ snapshot: history.at(-1)!, settings, now, timeZone: 'UTC', history }).verdict.findings.length;
  const ms = performance.now() - t0;
  report.add(`${deals.toLocaleString('en')} deals × 10 snapshots: all rules + history facts + qualification`, (histories.length / ms) * 1000, 'deals/s');
  report.add('time per deal', (ms * 1000) / histories.length, 'µs/deal', atMost(20, 'µs'));
  report.add('findings produced (sanity)', findings, 'findings');
}

/** The unit tests' IndexedDB: the per-visit path only (the 100,000-snapshot figures come from real Chromium). */
async function benchFakeIndexedDb() {
  report.startSection('History store in fake-indexeddb (Node)');
  const histories = syntheticHistories(500, 10, '2026-11-27', 7);
  const db = await openHistoryDb(`bench-node-${Date.now()}`);
  const sample = histories.flat();
  const t0 = performance.now();
  for (const snapshot of sample) await saveSnapshot(db, snapshot);
  report.add(`saveSnapshot per visit (${sample.length.toLocaleString('en')} visits)`, (sample.length / (performance.now() - t0)) * 1000, 'visits/s');
  db.close();
}

function directorySize(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + directorySize(join(path, name)), 0);
}

async function benchChromiumIndexedDb() {
  report.startSection('History store in Chromium\'s IndexedDB, 100,000 snapshots');
  const deals = QUICK ? 1000 : 10_000;
  const bundle = await build({ entryPoints: [join(import.meta.dirname, 'idb-page.ts')], bundle: true, format: 'iife', write: false, platform: 'browser', logLevel: 'silent' });
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>bench</title>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  const browser = await launchWithoutExtension({ port });
  try {
    const page = await browser.context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const result = (await page.evaluate(`benchIdb(${deals}, 10, 200)`)) as {
      snapshots: number;
      writeMs: number;
      loadTimes: number[];
      changedTimes: number[];
      unchangedTimes: number[];
      usageBytes: number;
    };
    await page.close();
    const onDisk = directorySize(join(browser.userDataDir, 'Default', 'IndexedDB'));
    report.add(`bulk write of ${result.snapshots.toLocaleString('en')} snapshots (chunked transactions, as an import)`, (result.snapshots / result.writeMs) * 1000, 'snapshots/s');
    report.add('one deal\'s history (median)', median(result.loadTimes), 'ms', atMost(5, 'ms'));
    report.add('one deal\'s history (p95)', p95(result.loadTimes), 'ms');
    report.add('a visit that stores a snapshot: saveSnapshot (median)', median(result.changedTimes), 'ms');
    report.add('a visit with nothing new: saveSnapshot (median)', median(result.unchangedTimes), 'ms');
    report.add('size on disk (the profile\'s IndexedDB folder)', onDisk / 1024 / 1024, 'MB', undefined, 'LevelDB files as the browser left them, before any compaction');
    report.add('size on disk per snapshot', onDisk / result.snapshots, 'bytes');
    report.add('origin usage per snapshot (navigator.storage.estimate)', result.usageBytes / result.snapshots, 'bytes');
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * Every content script (one per built-in CRM and one for custom CRMs): each file's size, and the largest as the goal
 * figure, since a CRM page loads one of them. The shares are the largest script's.
 */
async function benchBundle() {
  report.startSection('Content script');
  const dir = join(EXTENSION_DIR, 'content-scripts');
  const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.js')).sort() : [];
  if (!files.length) {
    report.skip('largest content script size (gzip)', `no build in ${OUT_DIR}: run \`npm run bench\`, which builds first`, atMost(15, 'KB'));
    return;
  }
  const sizes: ContentScriptSize[] = files.map((name) => {
    const code = readFileSync(join(dir, name));
    return { file: `content-scripts/${name}`, rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
  });
  details.contentScripts = sizes;
  const largest = largestContentScript(sizes)!;
  report.add(`largest content script size (gzip -9): ${largest.file}`, largest.gzipBytes / 1024, 'KB', atMost(15, 'KB'));
  for (const size of sizes) {
    report.add(`  ${size.file} (raw)`, size.rawBytes / 1024, 'KB');
    report.add(`  ${size.file} (gzip -9)`, size.gzipBytes / 1024, 'KB');
  }
  const entry = contentEntrypointOf(ROOT, largest.file, existsSync);
  const shares: Share[] | null = entry ? await contentScriptShares(ROOT, entry) : null;
  if (!shares) return;
  details.contentScriptShares = { file: largest.file, entry, shares };
  const total = shares.reduce((sum, share) => sum + share.renderedBytes, 0);
  for (const share of shares.slice(0, 6)) {
    report.add(`  of ${largest.file}: ${share.group} (share of code; gzip on its own)`, (share.renderedBytes / total) * 100, '%', undefined, `${(share.gzipBytes / 1024).toFixed(1)} KB gzip on its own`);
  }
}

/**
 * The review page's benchmark lives in its own file, kept by the review page's author: `scripts/bench/review-page.ts`
 * exporting `benchReviewPage({ context, extensionId, repeats, log })`, which returns its figures as
 * `{ "<name> (<unit>)": value }` (or adds rows to the `report` it is also given). It runs in the browser that has the
 * extension loaded, after the other browser benchmarks and before that browser closes.
 */
type ReviewPageBench = (options: BenchBrowser & { repeats: { loads: number; filters: number } }) => Promise<Record<string, number> | void>;

/** "… (ms)" → ms; other words in brackets stay part of the name. */
const UNIT_SUFFIX = /\s*\((ms|s|KB|MB|bytes|%|deals|rows|deals\/s)\)\s*$/;

async function reviewPageHook(bench: BenchBrowser) {
  const file = join(import.meta.dirname, 'review-page.ts');
  if (!existsSync(file)) return;
  const { benchReviewPage } = (await import(file)) as { benchReviewPage?: ReviewPageBench };
  if (typeof benchReviewPage !== 'function') {
    bench.log('scripts/bench/review-page.ts exports no benchReviewPage: skipped');
    return;
  }
  bench.log('review page');
  bench.report.startSection('Review page');
  try {
    const figures = await benchReviewPage({ ...bench, repeats: QUICK ? { loads: 1, filters: 3 } : { loads: 2, filters: 10 } });
    for (const [name, value] of Object.entries(figures ?? {})) {
      const unit = UNIT_SUFFIX.exec(name)?.[1] ?? '';
      bench.report.add(name.replace(/^review page:\s*/, '').replace(UNIT_SUFFIX, ''), value, unit);
    }
  } catch (error) {
    bench.report.skip('review page benchmark', error instanceof Error ? error.message.split('\n')[0]! : String(error));
    console.error(error);
  }
}

const environment: Record<string, unknown> = {
  node: process.version,
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGB: Math.round(totalmem() / 1024 ** 3),
  loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  extension: OUT_DIR,
  quick: QUICK,
};
let browserEnvironment: Environment | null = null;

await part('Rules engine (Node)', benchRules);
await part('History store in fake-indexeddb (Node)', benchFakeIndexedDb);
await part('History store in Chromium\'s IndexedDB', benchChromiumIndexedDb);
await part('Content script', benchBundle);
if (existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
  await part('Extension in Chromium', async () => {
    browserEnvironment = await benchExtension(report, { extensionDir: EXTENSION_DIR, repeats: QUICK ? QUICK_REPEATS : FULL_REPEATS, log, hook: reviewPageHook });
  });
} else {
  report.startSection('Extension in Chromium');
  report.skip('extension benchmarks', `no build in ${OUT_DIR}: run \`npm run bench\`, which builds first`);
}
environment.chromium = (browserEnvironment as Environment | null)?.chromium ?? 'not run';
environment.loadAverageAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
environment.seconds = Math.round((Date.now() - started) / 1000);

console.log('');
console.log(`Chromium ${String(environment.chromium).replace(/^[^/]*\//, '')} · Node ${process.version} · ${environment.cpu} · load average ${(environment.loadAverageAtStart as number[]).join(' ')} at start, ${(environment.loadAverageAtEnd as number[]).join(' ')} at end · ${environment.seconds} s${QUICK ? ' · QUICK (fewer repeats)' : ''}`);
console.log('');
console.log(report.table());
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(ROOT, 'bench-results', 'latest.json'), `${JSON.stringify({ ranAt: new Date().toISOString(), environment, rows: report.rows, details }, null, 2)}\n`);
console.log('\nwritten to bench-results/latest.json');
