// The built extension in real Chromium on the fixture CRM pages, side by side with the same browser without it.
// Figures are medians (and p95 where the issue asks) over repeated runs, the two browsers taking turns so that a
// busy machine slows both alike. Nothing here fails the benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchWithExtension, launchWithoutExtension } from '../lib/browser.mjs';
import { fixtureRoutes, startFixtureServer } from '../lib/fixture-server.mjs';
import { BENCH_LIST_HOST, BENCH_LIST_PATH, BENCH_LIST_URL, benchOpportunityId, listFixture, longListPage } from './list-page';
import { atMost, median, p95, sum, geometricMean, type Report } from './report';
import { causedByMeasuredWork, end, type Measure } from './long-tasks';
import { attributeTrace, causedByExtension, TRACE_CATEGORIES, type TraceEvent } from './trace';

export interface Repeats {
  /** Page loads per fixture page and browser (after one warm-up load each). */
  loads: number;
  /** Traced page loads per fixture page (extension only), for attributing long tasks. */
  tracedLoads: number;
  navigations: number;
  /** Loads of the 500-row list per browser. */
  list: number;
  /** Heap samples per page and browser. */
  heap: number;
  popupOpens: number;
}

// Sized to keep `npm run bench` within about five minutes on a busy two-core machine.
export const FULL_REPEATS: Repeats = { loads: 4, tracedLoads: 1, navigations: 30, list: 2, heap: 2, popupOpens: 20 };
export const QUICK_REPEATS: Repeats = { loads: 2, tracedLoads: 1, navigations: 5, list: 1, heap: 1, popupOpens: 3 };

export const LIST_ROWS = 500;
const LONG_TASK_MS = 50; // the Long Tasks API's threshold

/**
 * One record page per CRM, and a Salesforce list view: the fixture pages the load overhead is measured on. A trace
 * costs seconds on a small machine, so only some are traced to attribute long tasks.
 */
const LOAD_FIXTURES: { fixture: string; label: string; traced: boolean }[] = [
  { fixture: 'salesforce/record-layout-en', label: 'Salesforce record', traced: true },
  { fixture: 'salesforce/list-en', label: 'Salesforce list, 30 rows', traced: true },
  { fixture: 'hubspot/record-en', label: 'HubSpot record', traced: false },
  { fixture: 'pipedrive/deal-en', label: 'Pipedrive deal', traced: true },
  { fixture: 'dynamics/form-de', label: 'Dynamics 365 form', traced: false },
  { fixture: 'zoho/record-en', label: 'Zoho record', traced: false },
];
const RECORD_FIXTURE = 'salesforce/record-layout-en';

const IN_PAGE = readFileSync(join(import.meta.dirname, 'in-page.js'), 'utf8');

interface PageRecord {
  loadEventEnd: number;
  longTasks: Measure[];
  measures: Measure[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the page recorded about itself: load timing, long tasks, Deal Hygiene's timeline entries. */
async function pageRecord(page: Page): Promise<PageRecord> {
  return page.evaluate(`({
    loadEventEnd: performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? NaN,
    longTasks: window.__dealHygieneBench.longTasks,
    measures: window.__dealHygieneBench.measures,
  })`);
}

const badgeCount = (page: Page, selector = '[data-deal-hygiene]') =>
  page.evaluate(`window.__dealHygieneBench.deepCount(window.__dealHygieneBench.activeView() ?? document, ${JSON.stringify(selector)})`) as Promise<number>;

/** Waits until the extension has drawn at least `count` badges; false if it has not after `timeoutMs`. */
function waitForBadges(page: Page, count = 1, selector = '[data-deal-hygiene]', timeoutMs = 10_000): Promise<boolean> {
  return page.evaluate(`window.__dealHygieneBench.whenBadges(${JSON.stringify(selector)}, ${count}, ${timeoutMs})`) as Promise<boolean>;
}

async function heapAfterGc(cdp: CDPSession): Promise<{ js: number; dom: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number };
  return { js: usage.usedSize, dom: usage.embedderHeapUsedSize ?? Number.NaN };
}

async function scriptMetrics(cdp: CDPSession): Promise<{ scriptMs: number; taskMs: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const metric = (name: string) => (metrics.find((entry) => entry.name === name)?.value ?? Number.NaN) * 1000;
  return { scriptMs: metric('ScriptDuration'), taskMs: metric('TaskDuration') };
}

async function trace(cdp: CDPSession, during: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const collect = (data: { value: object[] }) => {
    events.push(...(data.value as TraceEvent[]));
  };
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES, excludedCategories: ['*'] }, transferMode: 'ReportEvents' } as never);
  try {
    await during();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  return events;
}

export interface Environment {
  chromium: string;
}

/**
 * Runs every in-browser benchmark of the extension and adds its figures to `report`. `hook` gets the running
 * browser with the extension (and the fixture server's port) before it closes, for benchmarks of other surfaces.
 */
export async function benchExtension(
  report: Report,
  { extensionDir, repeats, log, hook }: { extensionDir: string; repeats: Repeats; log(message: string): void; hook?(context: BenchBrowser): Promise<void> },
): Promise<Environment> {
  const routes = fixtureRoutes();
  const fixtureUrl = (name: string) => {
    const route = [...routes.values()].find((candidate) => candidate.name === name);
    if (!route) throw new Error(`no fixture page ${name}`);
    return route.sidecar.url;
  };
  const list = listFixture(join(import.meta.dirname, '..', '..'));
  const server = await startFixtureServer({
    extraPages: new Map([[`${BENCH_LIST_HOST}${BENCH_LIST_PATH}`, { html: longListPage(list.html, LIST_ROWS), now: list.now }]]),
  });
  const loadPages = LOAD_FIXTURES.map((page) => ({ ...page, url: fixtureUrl(page.fixture) }));
  const hosts = [...new Set(['*.lightning.force.com', ...loadPages.map((page) => new URL(page.url).hostname)])];
  const withExtension = await launchWithExtension({ extensionDir, port: server.port, hosts });
  const baseline = await launchWithoutExtension({ port: server.port, hosts });
  const environment: Environment = { chromium: 'unknown' };
  try {
    for (const context of [withExtension.context, baseline.context]) await context.addInitScript({ content: IN_PAGE });
    const extensionPage = await withExtension.context.newPage();
    const baselinePage = await baseline.context.newPage();
    const probe = await withExtension.context.newCDPSession(extensionPage);
    environment.chromium = ((await probe.send('Browser.getVersion')) as { product: string }).product;
    const isOurs = (url: string) => url.startsWith(`chrome-extension://${withExtension.extensionId}/`);

    // 1 and 3. Page loads, with and without the extension, taking turns.
    log(`page loads: ${loadPages.length} fixture pages × ${repeats.loads} (+1 warm-up) × 2 browsers`);
    report.startSection('Page load (fixture pages, extension on vs off)');
    const loads = new Map(loadPages.map((page) => [page.url, { on: [] as PageRecord[], off: [] as PageRecord[] }]));
    const loadOnce = async (page: Page, url: string, extension: boolean) => {
      await page.goto(url, { waitUntil: 'load' });
      if (extension) await waitForBadges(page, 1, '[data-deal-hygiene]', 5000);
      await sleep(250);
      return pageRecord(page);
    };
    for (let round = 0; round <= repeats.loads; round++) {
      for (const { url } of loadPages) {
        const order = round % 2 ? [false, true] : [true, false];
        for (const extension of order) {
          const record = await loadOnce(extension ? extensionPage : baselinePage, url, extension);
          if (round > 0) loads.get(url)![extension ? 'on' : 'off'].push(record);
        }
      }
    }
    const ratios: number[] = [];
    const detail: string[] = [];
    for (const page of loadPages) {
      const { on, off } = loads.get(page.url)!;
      const ratio = median(on.map((r) => r.loadEventEnd)) / median(off.map((r) => r.loadEventEnd));
      ratios.push(ratio);
      detail.push(`${page.label} ${ratio.toFixed(3)} (${median(on.map((r) => r.loadEventEnd)).toFixed(0)} vs ${median(off.map((r) => r.loadEventEnd)).toFixed(0)} ms)`);
    }
    report.add('load time ratio, on / off (geometric mean of the pages\' median ratios)', geometricMean(ratios), '×', atMost(1.03, '×'), detail.join('; '));
    report.add('load time ratio, worst page', Math.max(...ratios), '×', undefined, loadPages[ratios.indexOf(Math.max(...ratios))]!.label);
    const sfRecord = loads.get(fixtureUrl(RECORD_FIXTURE))!;
    report.add('Salesforce record: time to load, extension off (median)', median(sfRecord.off.map((r) => r.loadEventEnd)), 'ms');
    report.add('Salesforce record: time to load, extension on (median)', median(sfRecord.on.map((r) => r.loadEventEnd)), 'ms');
    const drawnAt = (record: PageRecord) => Math.max(...record.measures.filter((m) => m.name === 'deal-hygiene:draw').map(end));
    report.add('Salesforce record: badges drawn, after navigation start (median)', median(sfRecord.on.map(drawnAt)), 'ms');
    const allOn = [...loads.values()].flatMap((entry) => entry.on);
    const allOff = [...loads.values()].flatMap((entry) => entry.off);
    report.add('long tasks per page load, extension off (mean)', sum(allOff.map((r) => r.longTasks.length)) / allOff.length, 'tasks');
    report.add('long tasks per page load, extension on (mean)', sum(allOn.map((r) => r.longTasks.length)) / allOn.length, 'tasks');

    const tracedPages = loadPages.filter((page) => page.traced);
    log(`traced loads: ${tracedPages.length} × ${repeats.tracedLoads}`);
    let tracedLoads = 0;
    let causedAtLoad = 0;
    const extensionMsAtLoad: number[] = [];
    for (let round = 0; round < repeats.tracedLoads; round++) {
      for (const { url } of tracedPages) {
        const events = await trace(probe, async () => {
          await extensionPage.goto(url, { waitUntil: 'load' });
          await waitForBadges(extensionPage, 1, '[data-deal-hygiene]', 5000);
          await sleep(250);
        });
        const attribution = attributeTrace(events, isOurs, LONG_TASK_MS);
        if (!attribution.found) continue;
        tracedLoads += 1;
        causedAtLoad += attribution.longTasks.filter((task) => causedByExtension(task, LONG_TASK_MS)).length;
        extensionMsAtLoad.push(attribution.extensionMs);
      }
    }
    if (tracedLoads) {
      report.add('long tasks caused by the extension per page load (traced)', causedAtLoad / tracedLoads, 'tasks', atMost(0, 'tasks'), `${causedAtLoad} in ${tracedLoads} traced loads (${tracedPages.map((page) => page.label).join(', ')}); a long task is the extension's when it would not be long without the extension's code in it`);
      report.add('extension main-thread time per page load (traced, median)', median(extensionMsAtLoad), 'ms', undefined, 'compile + evaluate the content script, read the page, check the reply, draw');
    } else {
      report.skip('long tasks caused by the extension per page load (traced)', 'the trace showed none of the extension\'s code', atMost(0, 'tasks'));
    }

    // 2 and 3. Single-page navigation: a record's view enters the DOM as Lightning's router would put it there.
    log(`single-page navigation: ${repeats.navigations} × extension on, ${Math.ceil(repeats.navigations / 3)} × off`);
    report.startSection('Single-page navigation (Salesforce record view swapped in)');
    const recordUrl = fixtureUrl(RECORD_FIXTURE);
    const origin = new URL(recordUrl).origin;
    interface Navigation {
      fieldsAt: number;
      badgesAt: number | null;
      via: string;
      measures: Measure[];
    }
    const navigations: Navigation[] = [];
    const navigationLongTasks = { on: 0, off: 0, caused: 0 };
    const navigate = async (page: Page, id: number, timeoutMs: number): Promise<Navigation & { longTasks: Measure[] }> => {
      await page.evaluate('window.__dealHygieneBench.dropHiddenViews()');
      await sleep(450); // the content script's debounced look at that change comes and goes
      const before = ((await page.evaluate('window.__dealHygieneBench.longTasks.length')) as number) ?? 0;
      const path = `/lightning/r/Opportunity/${benchOpportunityId(900_000 + id)}/view`;
      const result = (await page.evaluate(`window.__dealHygieneBench.navigate(${JSON.stringify(path)}, ${timeoutMs})`)) as Navigation;
      await sleep(100);
      const longTasks = ((await page.evaluate('window.__dealHygieneBench.longTasks')) as Measure[]).slice(before);
      return { ...result, longTasks };
    };
    await extensionPage.goto(recordUrl);
    await waitForBadges(extensionPage);
    await extensionPage.evaluate(`window.__dealHygieneBench.prepareRecordTemplate(${JSON.stringify(recordUrl)})`);
    await baselinePage.goto(recordUrl);
    await baselinePage.evaluate(`window.__dealHygieneBench.prepareRecordTemplate(${JSON.stringify(recordUrl)})`);
    for (let index = 0; index < repeats.navigations; index++) {
      const result = await navigate(extensionPage, index, 5000);
      navigations.push(result);
      navigationLongTasks.on += result.longTasks.length;
      navigationLongTasks.caused += causedByMeasuredWork(result.longTasks, result.measures);
      if (index % 3 === 0) navigationLongTasks.off += (await navigate(baselinePage, index, 400)).longTasks.length;
    }
    const drawn = navigations.filter((n): n is Navigation & { badgesAt: number } => n.badgesAt !== null);
    const latencies = drawn.map((n) => n.badgesAt - n.fieldsAt);
    report.add('fields in the DOM → badges drawn (median)', median(latencies), 'ms', atMost(16, 'ms'), `${drawn.length} of ${navigations.length} navigations drew badges (${drawn.filter((n) => n.via === 'timeline').length} timed by the content script's timeline entry)`);
    report.add('fields in the DOM → badges drawn (p95)', p95(latencies), 'ms');
    // Where that time goes: waiting for the page to settle, reading, the background's round trip, drawing.
    const phases = drawn.map((n) => {
      const reads = n.measures.filter((m) => m.name === 'deal-hygiene:read');
      const draws = n.measures.filter((m) => m.name === 'deal-hygiene:draw');
      const firstDraw = Math.min(...draws.map((m) => m.start));
      const lastReadBefore = Math.max(...reads.filter((m) => end(m) <= firstDraw).map(end));
      return {
        wait: Math.min(...reads.map((m) => m.start)) - n.fieldsAt,
        read: sum(reads.map((m) => m.duration)),
        roundTrip: firstDraw - lastReadBefore,
        draw: sum(draws.map((m) => m.duration)),
      };
    }).filter((phase) => Object.values(phase).every(Number.isFinite));
    report.add('  of which: waiting before reading (debounce / URL poll)', median(phases.map((p) => p.wait)), 'ms');
    report.add('  of which: reading the page (content script)', median(phases.map((p) => p.read)), 'ms');
    report.add('  of which: background round trip (store, rules, reply)', median(phases.map((p) => p.roundTrip)), 'ms');
    report.add('  of which: checking the reply and drawing (content script)', median(phases.map((p) => p.draw)), 'ms');
    report.add('long tasks per navigation, extension off', navigationLongTasks.off / Math.ceil(repeats.navigations / 3), 'tasks');
    report.add('long tasks per navigation, extension on', navigationLongTasks.on / repeats.navigations, 'tasks');
    report.add('long tasks caused by the extension during navigation (count)', navigationLongTasks.caused, 'tasks', atMost(0, 'tasks'), `over ${repeats.navigations} navigations; a long task is the extension's when its measured reading or drawing made it long`);

    // 4. A list view of 500 rows: the content script's time to annotate every row.
    log(`${LIST_ROWS}-row list: ${repeats.list} × 2 browsers`);
    report.startSection(`List view with ${LIST_ROWS} rows (Salesforce, generated from the 30-row fixture)`);
    const listRuns: { read: number; draw: number; roundTrip: number; drawnAt: number; rows: number; longTasks: number; caused: number; script: number; heap: number }[] = [];
    const listBaseline: { script: number; longTasks: number; heap: number }[] = [];
    const listPage = async (context: BrowserContext, extension: boolean) => {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      try {
        await page.goto(BENCH_LIST_URL, { waitUntil: 'load' });
        const complete = extension ? await waitForBadges(page, LIST_ROWS, '[data-deal-hygiene="row"]', 60_000) : (await sleep(1500), true);
        await sleep(300);
        const record = await pageRecord(page);
        const metrics = await scriptMetrics(cdp);
        const heap = await heapAfterGc(cdp);
        const rows = extension ? await badgeCount(page, '[data-deal-hygiene="row"]') : 0;
        return { record, metrics, heap, rows, complete };
      } finally {
        await page.close();
      }
    };
    for (let round = 0; round < repeats.list; round++) {
      const on = await listPage(withExtension.context, true);
      const reads = on.record.measures.filter((m) => m.name === 'deal-hygiene:read');
      const draws = on.record.measures.filter((m) => m.name === 'deal-hygiene:draw');
      const firstDraw = Math.min(...draws.map((m) => m.start));
      listRuns.push({
        read: sum(reads.map((m) => m.duration)),
        draw: sum(draws.map((m) => m.duration)),
        roundTrip: firstDraw - Math.max(...reads.filter((m) => end(m) <= firstDraw).map(end)),
        drawnAt: Math.max(...draws.map(end)),
        rows: on.rows,
        longTasks: on.record.longTasks.length,
        caused: causedByMeasuredWork(on.record.longTasks, on.record.measures),
        script: on.metrics.scriptMs,
        heap: on.heap.js,
      });
      const off = await listPage(baseline.context, false);
      listBaseline.push({ script: off.metrics.scriptMs, longTasks: off.record.longTasks.length, heap: off.heap.js });
    }
    report.add('rows annotated (sanity)', median(listRuns.map((r) => r.rows)), 'rows');
    report.add('content script: reading the rows (median)', median(listRuns.map((r) => r.read)), 'ms');
    report.add('content script: checking the reply and drawing the badges (median)', median(listRuns.map((r) => r.draw)), 'ms');
    report.add('content script: total script time to annotate every row (median)', median(listRuns.map((r) => r.read + r.draw)), 'ms');
    report.add(`background round trip (store ${LIST_ROWS} snapshots, run the rules, reply; median)`, median(listRuns.map((r) => r.roundTrip)), 'ms');
    report.add('page script time added, on − off (CDP ScriptDuration, median)', median(listRuns.map((r) => r.script)) - median(listBaseline.map((r) => r.script)), 'ms', undefined, 'everything the extension runs on the page\'s thread, evaluation of the content script included');
    report.add('all rows badged, after navigation start (median)', median(listRuns.map((r) => r.drawnAt)), 'ms');
    report.add('long tasks per load, extension off', median(listBaseline.map((r) => r.longTasks)), 'tasks');
    report.add('long tasks per load, extension on', median(listRuns.map((r) => r.longTasks)), 'tasks');
    report.add('long tasks caused by the extension (per load)', median(listRuns.map((r) => r.caused)), 'tasks', atMost(0, 'tasks'));
    report.add('JS heap added on this page (after GC, median)', (median(listRuns.map((r) => r.heap)) - median(listBaseline.map((r) => r.heap))) / 1024, 'KB');

    // 5. JS heap the extension adds to a record page.
    log(`heap: ${repeats.heap} × 2 browsers`);
    report.startSection('Memory');
    const heapOf = async (context: BrowserContext, extension: boolean) => {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      try {
        await page.goto(recordUrl, { waitUntil: 'load' });
        if (extension) await waitForBadges(page);
        await sleep(300);
        return await heapAfterGc(cdp);
      } finally {
        await page.close();
      }
    };
    const heaps = { on: [] as { js: number; dom: number }[], off: [] as { js: number; dom: number }[] };
    for (let round = 0; round < repeats.heap; round++) {
      heaps.on.push(await heapOf(withExtension.context, true));
      heaps.off.push(await heapOf(baseline.context, false));
    }
    report.add('JS heap added on a Salesforce record page (after GC, median)', (median(heaps.on.map((h) => h.js)) - median(heaps.off.map((h) => h.js))) / 1024, 'KB', undefined, 'V8 heap of the page\'s renderer, which holds the content script\'s world; DOM (embedder) heap added: ' + `${((median(heaps.on.map((h) => h.dom)) - median(heaps.off.map((h) => h.dom))) / 1024).toFixed(0)} KB`);

    // The popup: from opening to the verdict on screen.
    log(`popup: ${repeats.popupOpens} opens`);
    report.startSection('Popup');
    const dealTab = await withExtension.context.newPage();
    await dealTab.goto(recordUrl);
    await waitForBadges(dealTab);
    const tabId = (await withExtension.worker().evaluate(`chrome.tabs.query({ url: ${JSON.stringify(`${origin}/*`)} }).then((tabs) => (tabs.find((tab) => tab.url === ${JSON.stringify(recordUrl)}) ?? tabs[0])?.id ?? -1)`)) as number;
    const popup = await withExtension.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    const opened: number[] = [];
    for (let index = 0; index <= repeats.popupOpens; index++) {
      await popup.goto(`chrome-extension://${withExtension.extensionId}/popup.html?tabId=${tabId}`);
      try {
        await popup.waitForFunction('window.__dealHygieneBench.verdictShownAt !== null', null, { timeout: 5000, polling: 20 });
      } catch {
        continue;
      }
      const shownAt = (await popup.evaluate('window.__dealHygieneBench.verdictShownAt')) as number;
      if (index > 0) opened.push(shownAt); // the first open also loads the popup's code from disk
      else report.add('opening → verdict shown, first open', shownAt, 'ms');
    }
    if (opened.length) {
      report.add('opening → verdict shown (median)', median(opened), 'ms', atMost(100, 'ms'), `${opened.length} opens of popup.html?tabId=… for a tab showing a fixture deal; opening = the popup document's navigation start`);
      report.add('opening → verdict shown (p95)', p95(opened), 'ms');
    } else {
      report.skip('opening → verdict shown (median)', 'the popup never showed a verdict', atMost(100, 'ms'));
    }
    await popup.close();
    await dealTab.close();

    if (hook) await hook({ context: withExtension.context, extensionId: withExtension.extensionId, port: server.port, report, log });
  } finally {
    await withExtension.close();
    await baseline.close();
    await server.close();
  }
  return environment;
}

/** What a benchmark of another extension surface (the review page) gets: the running browser with the extension. */
export interface BenchBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The fixture server's port (CRM hosts map to it). */
  port: number;
  report: Report;
  log(message: string): void;
}
