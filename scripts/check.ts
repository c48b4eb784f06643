/**
 * Checks deal hygiene from the command line: `npm run check -- <file> [options]` (see docs/cli.md).
 * Reads a CRM's CSV export or a JSON array of DealSnapshots, runs the extension's own rule engine and
 * prints one JSON document: the verdict per deal (messages in English), the pipeline figures, and the
 * rows or entries that could not be read.
 *
 * Exit codes: 0 it ran (findings or not); 1 the file or the settings cannot be read or parsed at all;
 * 2 the command line is wrong.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { dealSnapshotSchema, type DealSnapshot } from '../src/model/deal';
import { defaultSettings, formatIssues, loadSettings, type Settings } from '../src/model/settings';
import type { Finding, Verdict } from '../src/model/verdict';
import { applyStageMapping } from '../src/adapters/stage-mapping';
import { adapterById } from '../src/adapters';
import { findingText } from '../src/i18n/finding';
import { createTranslator, lookupFromFile, type MessagesFile, type Translate } from '../src/i18n/translate';
import { CsvImportError, importCsv } from '../src/import/csv';
import { IMPORT_FIELDS, PRESET_IDS, type ImportField, type PresetId } from '../src/import/presets';
import { pipelineFigures } from '../src/pipeline/figures';
import { judgeSnapshots } from '../src/pipeline/judge';
import type { Quota } from '../src/pipeline/quota';
import { importRulePack, RULE_PACK_KIND } from '../src/model/rule-pack';

const USAGE = `usage: npm run check -- <file.csv|file.json> [options]

  --now YYYY-MM-DD        judge as of this day (default: today, in this computer's time zone)
  --settings FILE         settings or rule pack (JSON), validated as the extension does
  --preset NAME           CSV layout: ${PRESET_IDS.join(', ')} or generic (default: detected from the header)
  --map field=Column      read a field from a column (repeatable); fields: ${IMPORT_FIELDS.join(', ')}
  --locale TAG            locale of the CSV's dates, amounts and percentages (default en-US), e.g. da-DK
  --currency CODE         currency of CSV amounts that do not state one (default: left unknown)
  -h, --help              this text

Prints JSON { now, deals, pipeline, problems } on stdout.
Exit codes: 0 it ran (with or without findings), 1 the file or settings cannot be read, 2 usage error.`;

class Failure extends Error {
  constructor(
    readonly code: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}

interface Problem {
  line?: number;
  index?: number;
  error: string;
}

interface Options {
  file: string;
  now: Date;
  today: string | null;
  timeZone: string | undefined;
  settingsFile: string | undefined;
  preset: PresetId | 'generic' | undefined;
  mapping: Partial<Record<ImportField, string>>;
  locale: string | undefined;
  currency: string | undefined;
}

function parseOptions(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        now: { type: 'string' },
        settings: { type: 'string' },
        preset: { type: 'string' },
        map: { type: 'string', multiple: true },
        locale: { type: 'string' },
        currency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new Failure(2, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new Failure(2, 'no file given');
  if (positionals.length > 1) throw new Failure(2, `one file at a time; got ${positionals.length}: ${positionals.join(' ')}`);

  let now = new Date();
  let today: string | null = null;
  let timeZone: string | undefined;
  if (values.now !== undefined) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values.now);
    const date = match ? new Date(`${values.now}T12:00:00Z`) : null;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== values.now) {
      throw new Failure(2, `--now must be a calendar date as YYYY-MM-DD, got "${values.now}"`);
    }
    // Midday UTC is the same calendar day in every zone the rules could use; judge in UTC to be sure.
    now = date;
    today = values.now;
    timeZone = 'UTC';
  }

  let preset: Options['preset'];
  if (values.preset !== undefined) {
    const name = values.preset.toLowerCase();
    if (!(PRESET_IDS as readonly string[]).includes(name) && name !== 'generic') {
      throw new Failure(2, `--preset must be one of ${PRESET_IDS.join(', ')}, generic; got "${values.preset}"`);
    }
    preset = name as Options['preset'];
  }

  const mapping: Partial<Record<ImportField, string>> = {};
  for (const entry of values.map ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Failure(2, `--map takes field=Column, got "${entry}"`);
    const field = entry.slice(0, eq).trim();
    if (!(IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw new Failure(2, `--map: unknown field "${field}"; fields are ${IMPORT_FIELDS.join(', ')}`);
    }
    mapping[field as ImportField] = entry.slice(eq + 1).trim();
  }

  if (values.locale !== undefined) {
    try {
      Intl.getCanonicalLocales(values.locale);
    } catch {
      throw new Failure(2, `--locale: "${values.locale}" is not a locale tag such as en-US or da-DK`);
    }
  }
  if (values.currency !== undefined && !/^[A-Z]{3}$/.test(values.currency)) {
    throw new Failure(2, `--currency must be a three-letter ISO code such as EUR, got "${values.currency}"`);
  }

  return {
    file: positionals[0]!,
    now,
    today,
    timeZone,
    settingsFile: values.settings,
    preset,
    mapping,
    locale: values.locale,
    currency: values.currency,
  };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
    throw new Failure(1, `cannot read ${what} ${path}: ${reason}`);
  }
}

function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Failure(1, `${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Settings (as the extension stores them) or a rule pack (as a manager shares it), validated as the extension does. */
function readSettings(path: string | undefined): { settings: Settings; quotas: Quota[] } {
  if (path === undefined) return { settings: defaultSettings(), quotas: [] };
  const raw = readJson(path, 'settings file');
  const isPack = typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === RULE_PACK_KIND;
  const loaded = isPack ? importRulePack(readFileSync(path, 'utf8'), defaultSettings()) : loadSettings(raw);
  if (!loaded.ok) throw new Failure(1, `${isPack ? 'rule pack' : 'settings file'} ${path} is not valid:\n${loaded.errors.map((e) => `  ${e}`).join('\n')}`);
  return { settings: loaded.settings, quotas: loaded.settings.quotas };
}

function isJsonFile(path: string, text: string): boolean {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return true;
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return false;
  return /^\s*[[{]/.test(text.replace(/^\uFEFF/, ''));
}

interface Input {
  snapshots: DealSnapshot[];
  /** Where each snapshot came from, for the output. */
  origin: Map<DealSnapshot, { line?: number; index?: number }>;
  problems: Problem[];
  notes: string[];
  import?: { preset: string; detected: boolean; columns: Partial<Record<ImportField, string>>; ignoredColumns: string[] };
}

function readJsonSnapshots(path: string, text: string, settings: Settings): Input {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Failure(1, `${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new Failure(1, `${path}: expected a JSON array of deal snapshots, got ${data === null ? 'null' : typeof data}`);
  const input: Input = { snapshots: [], origin: new Map(), problems: [], notes: [] };
  data.forEach((entry, index) => {
    const parsed = dealSnapshotSchema.safeParse(entry);
    if (!parsed.success) {
      input.problems.push({ index, error: formatIssues(parsed.error.issues).join('; ') });
      return;
    }
    // The background applies the user's stage mapping to every snapshot it judges; so does the CLI.
    const snapshot = applyStageMapping(parsed.data, settings, adapterById(parsed.data.crm)?.defaultStageMapping);
    input.snapshots.push(snapshot);
    input.origin.set(snapshot, { index });
  });
  return input;
}

function readCsvSnapshots(path: string, text: string, options: Options, settings: Settings): Input {
  try {
    const result = importCsv(text, {
      preset: options.preset ?? 'auto',
      mapping: options.mapping,
      locale: options.locale ?? 'en-US',
      capturedAt: options.now.toISOString(),
      today: options.today ?? undefined,
      sourceUrl: pathToFileURL(resolve(path)).href,
      stageMapping: settings.stageMapping,
      ...(options.currency ? { defaultCurrency: options.currency } : {}),
    });
    const input: Input = {
      snapshots: result.rows.map((row) => row.snapshot),
      origin: new Map(result.rows.map((row) => [row.snapshot, { line: row.line }])),
      problems: result.problems,
      notes: result.notes,
      import: { preset: result.preset, detected: result.detected, columns: result.columns, ignoredColumns: result.ignoredColumns },
    };
    return input;
  } catch (error) {
    if (error instanceof CsvImportError) throw new Failure(error.kind === 'usage' ? 2 : 1, `${path}: ${error.message}`);
    throw error;
  }
}

function englishTranslator(): Translate {
  // A path, not a URL object: the URL global may be a DOM implementation's (tests run under happy-dom).
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', '_locales', 'en', 'messages.json');
  const messages = JSON.parse(readFileSync(file, 'utf8')) as MessagesFile;
  return createTranslator(lookupFromFile(messages), 'en');
}

type RenderedFinding = Finding & { message: string };

function renderVerdict(verdict: Verdict, t: Translate) {
  const render = <F extends Finding>(finding: F): F & { message: string } => ({ ...finding, message: findingText(t, finding) });
  const snoozed = (verdict as { snoozed?: Finding[] }).snoozed;
  return {
    ...verdict,
    findings: verdict.findings.map(render) as RenderedFinding[],
    ...(snoozed ? { snoozed: snoozed.map(render) } : {}),
    hygiene: { ...verdict.hygiene, parts: verdict.hygiene.parts.map((part) => ({ ...part, message: t(part.messageId, part.data) })) },
  };
}

export function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  const warnings: string[] = [];
  try {
    const options = parseOptions(argv);
    if (options === 'help') return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    const { settings, quotas } = readSettings(options.settingsFile);
    const text = readText(options.file, 'file');
    const json = isJsonFile(options.file, text);
    if (json && (options.preset || options.locale || options.currency || Object.keys(options.mapping).length)) {
      warnings.push('--preset, --map, --locale and --currency apply to CSV files; ignored for JSON snapshots');
    }
    const input = json ? readJsonSnapshots(options.file, text, settings) : readCsvSnapshots(options.file, text, options, settings);

    const judged = judgeSnapshots(input.snapshots, settings, options.now, options.timeZone);
    const t = englishTranslator();
    const settingsErrors = [...new Set(judged.flatMap((deal) => deal.settingsErrors))];
    const ruleErrors = [...new Set(judged.flatMap((deal) => deal.ruleErrors))];
    for (const error of settingsErrors) warnings.push(`settings: ${error} (the rule ran with its defaults)`);
    for (const error of ruleErrors) warnings.push(`rule failed: ${error}`);

    const output = {
      now: '',
      ...(input.import ? { import: input.import } : {}),
      deals: judged.map((deal) => ({
        key: deal.snapshot.key,
        name: deal.snapshot.fields.name.state === 'value' ? deal.snapshot.fields.name.value : null,
        ...input.origin.get(deal.snapshot),
        snapshots: deal.snapshots.length,
        verdict: renderVerdict(deal.verdict, t),
        // What the earlier snapshots tell (close-date pushes, stage changes); only when there were any.
        ...(deal.snapshots.length > 1 ? { history: deal.history } : {}),
      })),
      pipeline: pipelineFigures(judged, { now: options.now, timeZone: options.timeZone, quotas }),
      problems: input.problems,
      notes: input.notes,
      warnings,
    };
    output.now = output.pipeline.today;
    const problemLines = input.problems.map((p) => `  ${p.line !== undefined ? `line ${p.line}` : `entry ${p.index}`}: ${p.error}`);
    const stderr = [
      ...warnings.map((w) => `warning: ${w}`),
      ...(problemLines.length ? [`${problemLines.length} ${json ? (problemLines.length === 1 ? 'entry' : 'entries') : problemLines.length === 1 ? 'row' : 'rows'} skipped:`, ...problemLines] : []),
    ];
    return { code: 0, stdout: `${JSON.stringify(output, null, 2)}\n`, stderr: stderr.length ? `${stderr.join('\n')}\n` : '' };
  } catch (error) {
    if (error instanceof Failure) {
      return { code: error.code, stdout: '', stderr: `check: ${error.message}\n${error.code === 2 ? `\n${USAGE}\n` : ''}` };
    }
    return { code: 1, stdout: '', stderr: `check: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` };
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const result = run(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
