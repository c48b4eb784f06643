import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Case counting for the bad-input suite. Each area's test file runs its properties through `checkProperty` (or counts
 * hand-picked cases with `countCases`) and ends with `writeAreaReport`, which saves the area's counts in
 * test-artifacts/bad-input/<area>.json and rebuilds test-artifacts/bad-input-summary.json from every area's file.
 * Files run in parallel, so whichever finishes last writes the complete summary; `missingAreas` names any area that
 * has not reported yet.
 */

export const AREAS = ['parsers', 'adapters', 'badges', 'messages', 'settings', 'csv'] as const;
export type Area = (typeof AREAS)[number];

const ARTIFACTS = resolve(__dirname, '../../../test-artifacts');
const AREA_DIR = resolve(ARTIFACTS, 'bad-input');
export const SUMMARY_FILE = resolve(ARTIFACTS, 'bad-input-summary.json');

interface PropertyReport {
  name: string;
  /** Cases tried: fast-check's runs (up to the first counterexample), or hand-picked inputs. */
  cases: number;
  /** Failing cases: a property stops at its first counterexample, so 0 or 1; hand-picked lists count each. */
  failures: number;
  /** fast-check's seed, to replay a run (`seed` in the parameters). */
  seed?: number;
  counterexample?: string;
}

interface AreaReport {
  area: Area;
  ranAt: string;
  cases: number;
  failures: number;
  properties: PropertyReport[];
}

const collected = new Map<Area, PropertyReport[]>();

function add(area: Area, report: PropertyReport) {
  collected.set(area, [...(collected.get(area) ?? []), report]);
}

/**
 * DH_FC_SEED fixes the seed to replay a failure. In CI the seed is fixed too, so a change lands or not on its own
 * merits, not on the luck of the draw; every other run (`npm test` on a developer's machine) draws a new seed and so
 * keeps exploring. A failure prints its seed and counterexample: fix the bug and add the case to the area's own
 * unit tests.
 */
export const CI_SEED = 20_261_127;
const seedFromEnv = process.env.DH_FC_SEED ? Number(process.env.DH_FC_SEED) : process.env.CI ? CI_SEED : undefined;

const clipped = (value: unknown) => {
  let text: string;
  try {
    text = fc.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} characters)` : text;
};

const errorText = (error: unknown) => (error instanceof Error ? `${error.message}\n${error.stack?.split('\n').slice(1, 6).join('\n') ?? ''}` : String(error));

/** Runs a property with `numRuns` cases, records the count, and fails the test with fast-check's report on a counterexample. */
export function checkProperty<Ts>(area: Area, name: string, property: fc.IProperty<Ts>, numRuns: number): void {
  const details = fc.check(property, { numRuns, ...(seedFromEnv === undefined ? {} : { seed: seedFromEnv }) });
  add(area, {
    name,
    cases: details.numRuns,
    failures: details.failed ? 1 : 0,
    seed: details.seed,
    ...(details.failed ? { counterexample: clipped(details.counterexample) } : {}),
  });
  if (details.failed) expect.fail(`${fc.defaultReportMessage(details) ?? `${name} failed`}\n${errorText(details.errorInstance)}`);
}

/** The async form of `checkProperty` (for properties over storage). */
export async function checkAsyncProperty<Ts>(area: Area, name: string, property: fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
  const details = await fc.check(property, { numRuns, ...(seedFromEnv === undefined ? {} : { seed: seedFromEnv }) });
  add(area, {
    name,
    cases: details.numRuns,
    failures: details.failed ? 1 : 0,
    seed: details.seed,
    ...(details.failed ? { counterexample: clipped(details.counterexample) } : {}),
  });
  if (details.failed) expect.fail(`${(await fc.asyncDefaultReportMessage(details)) ?? `${name} failed`}\n${errorText(details.errorInstance)}`);
}

/**
 * Checks hand-picked inputs one by one: `check` throws (an expect failure) for a bad case. Every case runs; the
 * failures are counted and reported together.
 */
export function countCases<T>(area: Area, name: string, inputs: readonly T[], check: (input: T) => void): void {
  const failed: string[] = [];
  for (const input of inputs) {
    try {
      check(input);
    } catch (error) {
      failed.push(`${clipped(input)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  add(area, { name, cases: inputs.length, failures: failed.length, ...(failed.length ? { counterexample: failed.slice(0, 3).join(' | ') } : {}) });
  if (failed.length) expect.fail(`${failed.length} of ${inputs.length} cases failed:\n${failed.slice(0, 10).join('\n')}`);
}

/** The async form of `countCases`. */
export async function countCasesAsync<T>(area: Area, name: string, inputs: readonly T[], check: (input: T) => Promise<void>): Promise<void> {
  const failed: string[] = [];
  for (const input of inputs) {
    try {
      await check(input);
    } catch (error) {
      failed.push(`${clipped(input)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  add(area, { name, cases: inputs.length, failures: failed.length, ...(failed.length ? { counterexample: failed.slice(0, 3).join(' | ') } : {}) });
  if (failed.length) expect.fail(`${failed.length} of ${inputs.length} cases failed:\n${failed.slice(0, 10).join('\n')}`);
}

/** Saves this area's counts and rebuilds the summary from every area's report; returns the summary. */
export function writeAreaReport(area: Area) {
  const properties = collected.get(area) ?? [];
  const report: AreaReport = {
    area,
    ranAt: new Date().toISOString(),
    cases: properties.reduce((sum, p) => sum + p.cases, 0),
    failures: properties.reduce((sum, p) => sum + p.failures, 0),
    properties,
  };
  mkdirSync(AREA_DIR, { recursive: true });
  writeFileSync(resolve(AREA_DIR, `${area}.json`), `${JSON.stringify(report, null, 2)}\n`);

  const byArea: Record<string, { cases: number; failures: number; properties: number; ranAt: string }> = {};
  const missingAreas: Area[] = [];
  for (const name of AREAS) {
    const file = resolve(AREA_DIR, `${name}.json`);
    if (!existsSync(file)) {
      missingAreas.push(name);
      continue;
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as AreaReport;
    byArea[name] = { cases: saved.cases, failures: saved.failures, properties: saved.properties.length, ranAt: saved.ranAt };
  }
  const summary = {
    cases: Object.values(byArea).reduce((sum, a) => sum + a.cases, 0),
    failures: Object.values(byArea).reduce((sum, a) => sum + a.failures, 0),
    byArea,
    missingAreas,
    details: 'test-artifacts/bad-input/<area>.json lists each property with its cases, failures and seed',
  };
  writeFileSync(SUMMARY_FILE, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`[bad-input] ${area}: ${report.cases} cases, ${report.failures} failures (${properties.length} properties)`);
  if (!missingAreas.length) console.log(`[bad-input] summary ${JSON.stringify({ cases: summary.cases, failures: summary.failures, byArea: Object.fromEntries(Object.entries(byArea).map(([k, v]) => [k, { cases: v.cases, failures: v.failures }])) })}`);
  return { report, summary };
}
