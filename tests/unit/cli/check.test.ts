import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesById } from '../../../src/rules';
import { run } from '../../../scripts/check';

/** End to end: `npx tsx scripts/check.ts …` in a child process, as `npm run check -- …` runs it. */
const ROOT = resolve(__dirname, '../../..');
const SF = 'tests/fixtures/csv/salesforce-report.csv';
const HUBSPOT = 'tests/fixtures/csv/hubspot-deals.csv';
const PIPEDRIVE = 'tests/fixtures/csv/pipedrive-deals.csv';
const SETTINGS_DA = 'tests/fixtures/csv/settings-da.json';
const HISTORY = 'tests/fixtures/json/history.json';
const TIMEOUT = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function check(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile('npx', ['tsx', 'scripts/check.ts', ...args], { cwd: ROOT, maxBuffer: 20 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

interface Output {
  now: string;
  deals: { key: string; name: string | null; line?: number; index?: number; snapshots: number; verdict: any; history?: any }[];
  pipeline: any;
  problems: { line?: number; index?: number; error: string }[];
}

const json = (run: Run) => JSON.parse(run.stdout) as Output;
const dealNamed = (output: Output, name: string) => {
  const found = output.deals.find((deal) => deal.name === name);
  if (!found) throw new Error(`no deal ${name}`);
  return found;
};
const messages = (deal: Output['deals'][number]): string[] => deal.verdict.findings.map((f: { ruleId: string; message: string }) => `${f.ruleId}: ${f.message}`);
const ruleIds = (deal: Output['deals'][number]): string[] => deal.verdict.findings.map((f: { ruleId: string }) => f.ruleId);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'deal-hygiene-cli-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});
const tmpFile = (name: string, content: string) => {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
};

describe('check CLI', () => {
  it(
    'judges a Salesforce report: JSON on stdout, skipped rows with their lines, exit 0 despite findings',
    async () => {
      const run = await check(SF, '--now', '2026-06-01');
      expect(run.code).toBe(0);
      const output = json(run);
      expect(Object.keys(output)).toEqual(expect.arrayContaining(['now', 'deals', 'pipeline', 'problems']));
      expect(output.now).toBe('2026-06-01');
      expect(output.deals).toHaveLength(28);
      expect(output.problems.map((p) => p.line)).toEqual([7, 15, 22, 30]);
      expect(run.stderr).toContain('4 rows skipped');
      expect(run.stderr).toContain('line 15: no deal name and no record id');

      const vestas = dealNamed(output, 'Vestas Service, Q3');
      expect(vestas).toMatchObject({ key: 'salesforce:import:0065g00000AbC09', line: 11, snapshots: 1 });
      // Other rules may add findings as they are registered; these two exist today.
      expect(messages(vestas)).toEqual(
        expect.arrayContaining(['close-date-past: Close date passed 61 days ago: the forecast period is over', 'stale-record: Not updated for 60 days (limit 21)']),
      );
      expect(vestas.verdict.hygiene.value).toBeLessThan(100);
      expect(messages(dealNamed(output, 'Globex, Inc. - renewal'))).toContain('close-date-past: Close date passed 17 days ago');
      const acme = ruleIds(dealNamed(output, 'Acme Corp - 500 seats'));
      expect(acme).not.toContain('close-date-past');
      expect(acme).not.toContain('stale-record');

      const { pipeline } = output;
      expect(pipeline.openPipeline.byCurrency.map((t: { currency: string }) => t.currency)).toEqual(['EUR', 'GBP', 'USD']);
      expect(pipeline.openPipeline.withoutAmount.count).toBe(2);
      expect(pipeline.notes).toContain('2 open deals without a readable amount: not in the pipeline sums (not counted as zero).');
      expect(pipeline.atRisk.deals).toBe(pipeline.atRisk.keys.length);
      expect(pipeline.atRisk.keys).toContain('salesforce:import:0065g00000AbC09');
    },
    TIMEOUT,
  );

  it(
    'judges JSON snapshots, the latest of each key with the earlier ones as its history',
    async () => {
      const run = await check(HISTORY, '--now', '2026-06-01');
      expect(run.code).toBe(0);
      const output = json(run);
      expect(output.problems).toEqual([]);
      expect(output.deals.map((d) => [d.key, d.snapshots])).toEqual([
        ['salesforce:acme.lightning.force.com:0065g00000HiS01', 3],
        ['hubspot:app-eu1.hubspot.com:9876543299', 1],
      ]);
      const pushed = output.deals[0]!;
      // The latest snapshot is judged, wherever it sits in the file.
      expect(pushed.index).toBe(3);
      expect(pushed.history.closeDate).toMatchObject({ firstSeen: '2026-03-31', current: '2026-05-29', pushCount: 2, totalDriftDays: 59 });
      expect(messages(pushed)).toEqual(expect.arrayContaining(['close-date-past: Close date passed 3 days ago', 'stale-record: Not updated for 28 days (limit 14)']));
      if (rulesById.has('close-date-slipping')) {
        expect(pushed.verdict.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('close-date-slipping');
      }
      const other = output.deals[1]!;
      expect(other.history).toBeUndefined();
      expect(messages(other)).toEqual(expect.arrayContaining(['next-step-missing: No next step', 'stale-record: Not updated for 22 days (limit 7)']));

      expect(output.pipeline.slippage.ranking).toEqual([
        expect.objectContaining({ key: pushed.key, name: 'Contoso Manufacturing - MES rollout', pushCount: 2, totalDriftDays: 59, largestPushDays: 30 }),
      ]);
      expect(output.pipeline.atRisk.byCurrency).toEqual([
        { currency: 'EUR', amount: 180_000, deals: 1 },
        { currency: 'USD', amount: 64_000, deals: 1 },
      ]);
    },
    TIMEOUT,
  );

  it(
    'reads a Danish Pipedrive export with settings: stage mapping and quota coverage',
    async () => {
      const run = await check(PIPEDRIVE, '--now', '2026-06-01', '--locale', 'da-DK', '--settings', SETTINGS_DA);
      expect(run.code).toBe(0);
      const output = json(run);
      expect(output.problems).toEqual([{ line: 11, error: 'has 9 columns, the header has 11' }]);
      // "Kontrakt sendt" is commit by the settings' stage mapping, so seven days is the limit.
      expect(messages(dealNamed(output, 'Fjord Shipping ApS'))).toContain('stale-record: Not updated for 12 days (limit 7)');
      const [q2, q3, july] = output.pipeline.coverage.byQuota;
      expect(q2).toMatchObject({ owner: 'Mette Hansen', period: '2026-Q2', pipeline: 1_700_000.5, deals: 2, coverage: 1.13, timing: 'current' });
      expect(q3).toMatchObject({ owner: 'Rasmus Holm', period: '2026-Q3', pipeline: 85_000, withoutAmount: { count: 1 } });
      expect(july).toMatchObject({ period: '2026-07', pipeline: 0, otherCurrencies: [{ currency: 'EUR', amount: 120_000, deals: 1 }] });
      expect(output.pipeline.openPipeline.byCurrency).toEqual([
        { currency: 'DKK', amount: 3_960_000.5, deals: 5 },
        { currency: 'EUR', amount: 120_000, deals: 1 },
      ]);
    },
    TIMEOUT,
  );

  it(
    'takes a preset, column mapping and default currency from the command line',
    async () => {
      const file = tmpFile('custom.csv', 'Deal,Worth,Phase,Rep,Due\nAlpha,"1,000",Closed Won,Ann,2026-05-01\nBeta,2500,Proposal/Price Quote,Ann,2026-04-01\n');
      const run = await check(file, '--now', '2026-06-01', '--preset', 'salesforce', '--map', 'name=Deal', '--map', 'amount=Worth', '--map', 'stage=Phase', '--map', 'closeDate=Due', '--currency', 'EUR');
      expect(run.code).toBe(0);
      const output = json(run);
      expect(output.deals.map((d) => d.name)).toEqual(['Alpha', 'Beta']);
      expect(messages(dealNamed(output, 'Beta'))).toContain('close-date-past: Close date passed 61 days ago: the forecast period is over');
      expect(ruleIds(dealNamed(output, 'Alpha'))).not.toContain('close-date-past');
      expect(output.pipeline.openPipeline.byCurrency).toEqual([{ currency: 'EUR', amount: 2_500, deals: 1 }]);
    },
    TIMEOUT,
  );

  it(
    'reports bad JSON entries by index and path, and still judges the rest',
    async () => {
      const good = {
        key: 'generic:example.com:1',
        crm: 'generic',
        url: 'https://example.com/deal/1',
        capturedAt: '2026-05-01T10:00:00Z',
        source: 'page',
        fields: Object.fromEntries(
          ['name', 'amount', 'stage', 'probability', 'forecastCategory', 'closeDate', 'createdDate', 'lastActivityDate', 'lastModifiedDate', 'nextStep', 'owner', 'contacts', 'qualification'].map((field) => [field, { state: 'unknown', reason: 'not read' }]),
        ),
      };
      const bad = { ...good, key: 'generic:example.com:2', fields: { ...good.fields, amount: { state: 'value', value: { value: 'lots', currency: 'EUR' }, raw: 'lots' } } };
      const file = tmpFile('snapshots.json', JSON.stringify([good, bad, 'nonsense']));
      const run = await check(file, '--now', '2026-06-01');
      expect(run.code).toBe(0);
      const output = json(run);
      expect(output.deals.map((d) => d.key)).toEqual(['generic:example.com:1']);
      expect(output.problems).toEqual([
        { index: 1, error: expect.stringContaining('fields.amount.value.value') },
        { index: 2, error: expect.stringContaining('(root)') },
      ]);
      expect(run.stderr).toContain('2 entries skipped');
    },
    TIMEOUT,
  );

  it(
    'exits 1 when the file or settings cannot be read, 2 on a usage error, with the reason on stderr',
    async () => {
      const badSettings = tmpFile('settings-bad.json', JSON.stringify({ version: 1, stageMapping: { salesforce: { Proposal: 'almost-won' } } }));
      const [missing, settings, usage] = await Promise.all([
        check('tests/fixtures/csv/does-not-exist.csv'),
        check(SF, '--settings', badSettings),
        check(SF, '--now', '2026-02-30'),
      ]);
      expect([missing.code, settings.code, usage.code]).toEqual([1, 1, 2]);
      for (const run of [missing, settings, usage]) expect(run.stdout).toBe('');
      expect(missing.stderr).toMatch(/^check: cannot read file .*does-not-exist\.csv: no such file/);
      expect(settings.stderr).toMatch(/stageMapping\.salesforce\.Proposal: /);
      expect(usage.stderr).toMatch(/^check: --now must be a calendar date as YYYY-MM-DD, got "2026-02-30"\n[\s\S]*usage: npm run check/);
    },
    TIMEOUT,
  );
});

/** The rest of the error matrix in-process (the same `run` the script calls), to keep the suite quick. */
describe('check CLI errors', () => {
  it('exits 1 when the file or the settings cannot be read or parsed', () => {
    const notJson = tmpFile('broken.json', '[{"key": ');
    const notArray = tmpFile('object.json', '{"key": "x"}');
    const noNames = tmpFile('numbers.csv', 'Foo,Bar\n1,2\n');
    const empty = tmpFile('empty.csv', '');
    const badVersion = tmpFile('settings-version.json', JSON.stringify({ version: 'one' }));
    const badQuotas = tmpFile('settings-quotas.json', JSON.stringify({ version: 1, quotas: [{ owner: 'Ann', period: '2026-Q7', amount: 1, currency: 'EUR' }] }));
    const cases: [string[], RegExp][] = [
      [[notJson], /is not valid JSON/],
      [[notArray], /expected a JSON array of deal snapshots, got object/],
      [[noNames], /no column for the deal name or record id/],
      [[empty], /the file is empty/],
      [[tmp], /cannot read file .*: it is a directory/],
      [[SF, '--settings', badVersion], /version: expected a whole number/],
      [[SF, '--settings', badQuotas], /quotas\.0\.period: expected a period as YYYY-Qn/],
      [[SF, '--settings', join(tmp, 'missing-settings.json')], /cannot read settings file/],
      [[SF, '--settings', notJson], /settings file .* is not valid JSON/],
    ];
    for (const [args, message] of cases) {
      const result = run(args.map((arg) => (arg.startsWith('tests/') ? join(ROOT, arg) : arg)));
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    }
  });

  it('exits 2 on usage errors with a clear message and the usage, and 0 for --help', () => {
    const sf = join(ROOT, SF);
    const cases: [string[], string | RegExp][] = [
      [[], 'check: no file given'],
      [[sf, '--frobnicate'], /'--frobnicate'/],
      [[sf, '--now', 'yesterday'], 'check: --now must be a calendar date as YYYY-MM-DD, got "yesterday"'],
      [[sf, '--preset', 'zoho'], /--preset must be one of salesforce, hubspot, pipedrive, generic; got "zoho"/],
      [[sf, '--map', 'nameDeal'], 'check: --map takes field=Column, got "nameDeal"'],
      [[sf, '--map', 'colour=Stage'], /--map: unknown field "colour"/],
      [[sf, '--map', 'stage=Phase'], /names "Phase" for stage, but the file has no such column/],
      [[sf, '--currency', 'euro'], /--currency must be a three-letter ISO code/],
      [[sf, '--locale', 'not a locale!'], /--locale: "not a locale!" is not a locale tag/],
      [[sf, join(ROOT, HUBSPOT)], /one file at a time/],
    ];
    for (const [args, message] of cases) {
      const result = run(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      const first = result.stderr.split('\n')[0]!;
      if (typeof message === 'string') expect(first).toBe(message);
      else expect(first).toMatch(message);
      expect(result.stderr).toContain('usage: npm run check');
    }
    const help = run(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('--map field=Column');
  });

  it('warns that CSV options do not apply to JSON snapshots, and still runs', () => {
    const result = run([join(ROOT, HISTORY), '--now', '2026-06-01', '--locale', 'da-DK']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: --preset, --map, --locale and --currency apply to CSV files');
    expect(JSON.parse(result.stdout).warnings).toHaveLength(1);
  });
});
