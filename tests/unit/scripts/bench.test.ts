import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daysSince, shiftDates, startFixtureServer } from '../../../scripts/lib/fixture-server.mjs';
import salesforce from '../../../src/adapters/salesforce';
import { contentEntrypointOf, groupOf, largestContentScript } from '../../../scripts/bench/bundle';
import { causedByMeasuredWork } from '../../../scripts/bench/long-tasks';
import { BENCH_LIST_URL, benchOpportunityId, listFixture, longListPage } from '../../../scripts/bench/list-page';
import { atLeast, atMost, median, p95, percentile, Report, round } from '../../../scripts/bench/report';
import { attributeTrace, causedByExtension, type TraceEvent } from '../../../scripts/bench/trace';
import { parsePage } from '../../helpers/fixtures';

describe('benchmark statistics', () => {
  it('takes the median of odd and even samples without reordering them', () => {
    const sample = [3, 1, 2];
    expect(median(sample)).toBe(2);
    expect(sample).toEqual([3, 1, 2]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('takes nearest-rank percentiles', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(p95(hundred)).toBe(95);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile(hundred, 0)).toBe(1);
    expect(p95(Array.from({ length: 20 }, (_, i) => i + 1))).toBe(19);
    expect(p95([7])).toBe(7);
    expect(p95([])).toBeNaN();
  });

  it('rounds to a readable precision by magnitude', () => {
    expect(round(1234.56)).toBe(1235);
    expect(round(12.345)).toBe(12.3);
    expect(round(1.2345)).toBe(1.23);
    expect(round(0.012345)).toBe(0.012);
  });
});

describe('benchmark report', () => {
  it('checks each figure against its goal, in either direction, and says so in the table', () => {
    const report = new Report();
    report.startSection('Popup');
    report.add('opening → verdict shown (median)', 140.26, 'ms', atMost(100, 'ms'));
    report.add('throughput', 2500, 'deals/s', atLeast(1000, 'deals/s'));
    report.add('sanity', 3, 'rows');
    report.skip('long tasks (traced)', 'the trace showed none of the extension\'s code', atMost(0, 'tasks'));
    expect(report.rows.map((row) => [row.section, row.value, row.met])).toEqual([
      ['Popup', 140, false],
      ['Popup', 2500, true],
      ['Popup', 3, undefined],
      ['Popup', null, undefined],
    ]);
    const lines = report.table().split('\n');
    expect(lines).toContain('[Popup]');
    expect(lines.find((line) => line.startsWith('opening'))).toMatch(/140\s+ms\s+≤ 100 ms\s+MISSED$/);
    expect(lines.find((line) => line.startsWith('throughput'))).toMatch(/≥ 1000 deals\/s\s+met$/);
    expect(lines.find((line) => line.startsWith('long tasks'))).toMatch(/—.*not measured: the trace showed none/);
  });

  it('does not count an unmeasurable figure as meeting or missing its goal', () => {
    const report = new Report();
    report.add('ratio', Number.NaN, '×', atMost(1.03, '×'));
    expect(report.rows[0]).toMatchObject({ value: null, goal: '≤ 1.03 ×' });
    expect(report.rows[0]!.met).toBeUndefined();
  });
});

describe('500-row list page for the benchmark', () => {
  const { html, now } = listFixture(resolve(__dirname, '../../..'));
  const page = longListPage(html, 500);
  // happy-dom takes long over 500 rows: the adapter reads a 40-row page (the 30 fixture rows and a third of them again).
  const shortPage = longListPage(html, 40);

  it('has the rows asked for, each a distinct Opportunity', () => {
    const ids = [...page.matchAll(/data-row-key-value="([^"]+)"/g)].map((match) => match[1]);
    const hiddenRows = [...html.slice(0, html.indexOf('oneContent active')).matchAll(/data-row-key-value="/g)].length;
    expect(ids).toHaveLength(500 + hiddenRows);
    expect(new Set(ids.slice(hiddenRows)).size).toBe(500);
  });

  it('is read by the Salesforce adapter as that many distinct deals, with the count the status line gives', () => {
    const doc = parsePage(shortPage);
    const result = salesforce.read(doc, new URL(BENCH_LIST_URL), { now: new Date(now) });
    expect(result.kind).toBe('list');
    expect(result.total).toBe(40);
    expect(result.snapshots).toHaveLength(40);
    expect(new Set(result.snapshots.map((snapshot) => snapshot.key)).size).toBe(40);
    expect(result.snapshots[0]!.key).toBe(`salesforce:bench.lightning.force.com:${benchOpportunityId(1).slice(0, 15)}`);
    expect(result.snapshots[39]!.key).toBe(`salesforce:bench.lightning.force.com:${benchOpportunityId(40).slice(0, 15)}`);
    const first = result.snapshots[0]!.fields.name;
    expect(first.state === 'value' && first.value).toMatch(/ #1$/);
    // Each row has the fixture's fields: amounts and close dates are read, not unknown.
    expect(result.snapshots.filter((snapshot) => snapshot.fields.closeDate.state === 'value').length).toBeGreaterThan(30);
    expect(salesforce.rowAnchor!(doc, result.scope, result.snapshots[35]!.key)).not.toBeNull();
  }, 20_000);

  it('keeps the fixture\'s hidden earlier views and grows only the active one', () => {
    expect(page.match(/class="windowViewMode-normal/g)).toHaveLength(html.match(/class="windowViewMode-normal/g)!.length);
    expect(page).toContain('>3 items •'); // the hidden earlier list view's own status line
    expect(page).toContain('>500 items •');
    expect(() => longListPage('<html><body></body></html>', 10)).toThrow(/no active Lightning view/);
  });

  it('makes valid Opportunity ids', () => {
    expect(benchOpportunityId(42)).toMatch(/^006[A-Za-z0-9]{15}$/);
    expect(benchOpportunityId(42)).not.toBe(benchOpportunityId(43));
  });
});

describe('trace attribution', () => {
  const EXT = 'chrome-extension://abc/content-scripts/salesforce.js';
  const isOurs = (url: string) => url.startsWith('chrome-extension://abc/');
  const main = { pid: 1, tid: 1 };
  const task = (ts: number, dur: number): TraceEvent => ({ name: 'ThreadControllerImpl::RunTask', ph: 'X', ts, dur, ...main });
  // Microseconds throughout, as Chromium writes them.
  const events: TraceEvent[] = [
    // Task 1: 100 ms, of which the content script's evaluation took 70 ms (compile 5 ms of it).
    task(0, 100_000),
    { name: 'EvaluateScript', ph: 'X', ts: 10_000, dur: 70_000, args: { data: { url: EXT } }, ...main },
    { name: 'v8.compile', ph: 'X', ts: 10_000, dur: 5_000, args: { data: { url: EXT } }, ...main },
    // Task 2: 120 ms of the page's own work with 20 ms of ours inside (a promise continuation: only samples show it).
    task(200_000, 120_000),
    // Task 3: short.
    task(400_000, 10_000),
    // Another thread's long task is not the page's.
    { name: 'ThreadControllerImpl::RunTask', ph: 'X', ts: 0, dur: 500_000, pid: 1, tid: 2 },
    { name: 'Profile', ph: 'P', ts: 0, id: '0x1', args: { data: { startTime: 200_000 } }, ...main },
    {
      name: 'ProfileChunk',
      ph: 'P',
      ts: 0,
      id: '0x1',
      pid: 1,
      tid: 9,
      args: {
        data: {
          cpuProfile: {
            nodes: [
              { id: 1, callFrame: { url: '' } },
              { id: 2, callFrame: { url: 'https://acme.lightning.force.com/app.js' }, parent: 1 },
              { id: 3, callFrame: { url: EXT }, parent: 1 },
              { id: 4, callFrame: { url: '' }, parent: 3 },
            ],
            // 2 ms apart: 10 samples of ours (the last of which is a native call under ours) and 10 of the page's.
            samples: [3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
          },
          timeDeltas: [10_000, ...Array.from({ length: 19 }, () => 2_000)],
        },
      },
    },
  ];

  it('counts the content script\'s own events whole and sampled continuations by their samples', () => {
    const attribution = attributeTrace(events, isOurs);
    expect(attribution.found).toBe(true);
    expect(attribution.compileMs).toBe(5);
    expect(attribution.longTasks.map((t) => [t.startMs, t.durationMs, t.extensionMs])).toEqual([
      [0, 100, 70],
      [200, 120, 20],
    ]);
    expect(attribution.extensionMs).toBe(90);
  });

  it('calls a long task the extension\'s only when it would not be long without the extension', () => {
    const [evaluation, pageWork] = attributeTrace(events, isOurs).longTasks;
    expect(causedByExtension(evaluation!)).toBe(true);
    expect(causedByExtension(pageWork!)).toBe(false);
    expect(causedByExtension({ startMs: 0, durationMs: 60, extensionMs: 0 })).toBe(false);
  });

  it('finds nothing when the extension\'s code never ran on the page', () => {
    expect(attributeTrace([task(0, 100_000)], isOurs)).toEqual({ found: false, extensionMs: 0, compileMs: 0, longTasks: [] });
  });
});

describe('content script shares', () => {
  it('groups modules by package and by source folder', () => {
    expect(groupOf('node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(groupOf('node_modules/.pnpm/x/node_modules/@scope/pkg/index.js')).toBe('@scope/pkg');
    expect(groupOf('src/adapters/salesforce.ts')).toBe('src/adapters');
    expect(groupOf('entrypoints/salesforce.content.ts')).toBe('entrypoints/salesforce.content.ts');
  });
});

describe('content script sizes', () => {
  const ROOT = resolve(__dirname, '../../..');

  it('takes the script with the most gzip bytes as the one the goal is about', () => {
    const sizes = [
      { file: 'content-scripts/hubspot.js', rawBytes: 80_000, gzipBytes: 27_000 },
      { file: 'content-scripts/custom-crm.js', rawBytes: 79_000, gzipBytes: 31_000 },
      { file: 'content-scripts/salesforce.js', rawBytes: 90_000, gzipBytes: 26_000 },
    ];
    expect(largestContentScript(sizes)?.file).toBe('content-scripts/custom-crm.js');
    expect(largestContentScript([])).toBeNull();
  });

  it('finds the entrypoint each built script comes from, as a file or a folder, and none for a stray file', () => {
    expect(contentEntrypointOf(ROOT, 'content-scripts/salesforce.js', existsSync)).toBe('entrypoints/salesforce.content.ts');
    expect(contentEntrypointOf(ROOT, 'content-scripts/custom-crm.js', existsSync)).toBe('entrypoints/custom-crm.content.ts');
    const folderOnly = (path: string) => path.endsWith('entrypoints/acme.content/index.ts');
    expect(contentEntrypointOf(ROOT, 'content-scripts/acme.js', folderOnly)).toBe('entrypoints/acme.content/index.ts');
    expect(contentEntrypointOf(ROOT, 'content-scripts/nothing.js', existsSync)).toBeNull();
  });
});

describe('fixture server pages added by the benchmark', () => {
  const get = (port: number, host: string, path: string) =>
    new Promise<{ status: number; body: string }>((done, fail) => {
      request({ host: '127.0.0.1', port, path, headers: { host }, rejectUnauthorized: false }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => done({ status: response.statusCode ?? 0, body }));
      })
        .on('error', fail)
        .end();
    });

  it('serves a generated page at its host and path, dates moved to today, and the fixtures as before', async () => {
    const server = await startFixtureServer({
      extraPages: new Map([['bench.lightning.force.com/lightning/o/Opportunity/list', { html: '<p>11/15/2026</p>', now: '2026-11-27T09:00:00.000Z' }]]),
    });
    try {
      const generated = await get(server.port, 'bench.lightning.force.com', '/lightning/o/Opportunity/list?filterName=All');
      expect(generated.status).toBe(200);
      expect(generated.body).toBe(`<p>${shiftDates('11/15/2026', daysSince('2026-11-27T09:00:00.000Z'))}</p>`);
      const fixture = await get(server.port, 'acme.lightning.force.com', '/lightning/o/Opportunity/list');
      expect(fixture.status).toBe(200);
      expect(fixture.body).toContain('All Opportunities');
      expect((await get(server.port, 'other.lightning.force.com', '/lightning/o/Opportunity/list')).status).toBe(404);
    } finally {
      await server.close();
    }
  }, 20_000);
});

describe('long tasks made long by the content script\'s measured work', () => {
  const task = (start: number, duration: number) => ({ name: 'self', start, duration });
  const read = (start: number, duration: number) => ({ name: 'deal-hygiene:read', start, duration });
  const draw = (start: number, duration: number) => ({ name: 'deal-hygiene:draw', start, duration });

  it('counts a reported long task only when it would be short without our spans in it', () => {
    expect(causedByMeasuredWork([task(0, 90)], [read(10, 60)])).toBe(1); // 30 ms of page work left
    expect(causedByMeasuredWork([task(0, 200)], [read(10, 60)])).toBe(0); // 140 ms would remain: the page's own
    expect(causedByMeasuredWork([task(0, 90)], [])).toBe(0);
  });

  it('counts long measured work where Chromium reported no long task, joining back-to-back spans into one task', () => {
    // A reply handled in a message task: parse (30 ms) then draw (40 ms), back to back, no long task reported.
    expect(causedByMeasuredWork([], [draw(100, 30), draw(130.4, 40)])).toBe(1);
    // The same spans far apart are two short tasks.
    expect(causedByMeasuredWork([], [draw(100, 30), draw(300, 40)])).toBe(0);
    // Measured work inside a reported long task is not counted twice.
    expect(causedByMeasuredWork([task(95, 80)], [draw(100, 30), draw(130.4, 40)])).toBe(1);
  });
});
