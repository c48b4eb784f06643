/**
 * CSV import: a CRM's deal export → DealSnapshots, read with the same locale-aware parsers as the pages.
 *
 * - The column layout comes from a preset (Salesforce report, HubSpot or Pipedrive export), detected from
 *   the header unless one is named; an explicit `{ field: column }` mapping overrides single fields.
 * - Tri-state as on pages: a blank cell is `empty`; a cell the parsers cannot read is `unknown` with the
 *   parser's reason; a field whose column the export lacks is `unknown` (code not_on_page).
 * - A bad row (no name and no id, the wrong number of columns, broken quotes, a repeat of an earlier
 *   deal) is reported with its line number and skipped; the other rows are still imported.
 * - Snapshots are keyed `<crm>:import:<record id>`, or `<crm>:import:row-<hash of name, owner and
 *   created date>` when the export has no id; `source` is 'page' (the values are the formatted text
 *   a person sees, as on a page) and `url` points at the file and line.
 */
import Papa from 'papaparse';
import { dealSnapshotSchema, type CrmId, type DealFields, type DealSnapshot, type Money, type Stage } from '../model/deal';
import { clip, empty, known, unknown, type FieldValue } from '../model/field';
import { formatIssues, type Settings } from '../model/settings';
import { mapStage } from '../adapters/stage-mapping';
import { parseDate, type ParseResult } from '../read/date';
import { parseMoney, parsePercent } from '../read/number';
import { detectPreset, GENERIC_PRESET, IMPORT_FIELDS, normaliseHeader, PRESET_IDS, PRESETS, type ImportField, type Preset, type PresetId } from './presets';

export interface CsvImportOptions {
  /** A preset by name, or 'auto' (default): detected from the header, else the generic column titles. */
  preset?: PresetId | 'generic' | 'auto';
  /** Field → column title; overrides the preset. An empty title stops a field from being read. */
  mapping?: Partial<Record<ImportField, string>>;
  /** Locale the export's dates, amounts and percentages are written in. Default 'en-US'. */
  locale?: string;
  /** When the export was taken (ISO date-time): every snapshot's capturedAt. */
  capturedAt: string;
  /** The day relative dates ("Yesterday") are counted from; default the day of capturedAt. */
  today?: string;
  /** Where the rows came from; `#line=<n>` is appended. Default 'file:///import.csv'. */
  sourceUrl?: string;
  /** The user's stage mapping per CRM (settings.stageMapping); wins over the preset's defaults. */
  stageMapping?: Settings['stageMapping'];
  /** ISO currency for amounts that do not say theirs (the org's currency). Default: none, the currency stays unknown (null). */
  defaultCurrency?: string;
  /** Column separator; default detected (",", ";", tab, "|"). */
  delimiter?: string;
}

export interface ImportedRow {
  /** 1-based line of the file the row starts on. */
  line: number;
  snapshot: DealSnapshot;
}

export interface CsvProblem {
  line: number;
  error: string;
}

export interface CsvImport {
  preset: Preset['id'];
  crm: CrmId;
  /** Whether the preset came from the header rather than the options. */
  detected: boolean;
  /** Field → the column it was read from. */
  columns: Partial<Record<ImportField, string>>;
  /** Header columns no field was read from. */
  ignoredColumns: string[];
  rows: ImportedRow[];
  problems: CsvProblem[];
  /** Things skipped on purpose (a report footer), for the reader. */
  notes: string[];
}

/**
 * The whole file cannot be imported: `usage` when the options do not fit it (an unknown field or a
 * column the file lacks), `unreadable` when the file has no header or no column to name the deals by.
 */
export class CsvImportError extends Error {
  constructor(
    readonly kind: 'usage' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'CsvImportError';
  }
}

interface RawRow {
  line: number;
  cells: string[];
  error?: string;
}

/** Rows with the line each starts on. A row with broken quotes is reported and reading restarts on the next line. */
export function readCsvRows(input: string, delimiter?: string): { rows: RawRow[]; delimiter: string } {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const rows: RawRow[] = [];
  let chosen = delimiter;
  let offset = 0;
  let line = 1;
  while (offset < text.length) {
    const chunk = text.slice(offset);
    // Papa drops a byte-order mark at the start of what it parses, and its cursor then counts without it. Only the
    // file's first one is removed above; another can open the line where reading restarts after broken quotes.
    const cursorShift = chunk.startsWith('\uFEFF') ? 1 : 0;
    let start = 0;
    let restartAt: number | null = null;
    Papa.parse<string[]>(chunk, {
      header: false,
      skipEmptyLines: false,
      delimiter: chosen ?? '',
      step: (result, parser) => {
        chosen ??= result.meta.delimiter;
        const end = result.meta.cursor + cursorShift;
        // Only quoting errors say the row is broken; "undetectable delimiter" just means one column.
        const quoteError = result.errors.find((error) => error.type === 'Quotes');
        if (quoteError) {
          rows.push({ line, cells: result.data, error: `broken quotes: ${quoteError.message.toLowerCase()}` });
          const next = chunk.indexOf('\n', start);
          restartAt = next < 0 ? text.length : offset + next + 1;
          line += 1;
          parser.abort();
          return;
        }
        rows.push({ line, cells: result.data });
        line += countNewlines(chunk, start, end);
        start = end;
      },
    });
    if (restartAt === null) break;
    offset = restartAt;
  }
  return { rows, delimiter: chosen ?? ',' };
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

const isBlankRow = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/** Salesforce ends report exports with a block of one-cell lines: report name, copyright, "Generated By". */
const FOOTER_TEXT = /copyright|salesforce\.com|confidential information|generated by/i;

function footerStart(rows: readonly RawRow[], firstData: number): number {
  let start = rows.length;
  while (start > firstData && !rows[start - 1]!.error && rows[start - 1]!.cells.filter((cell) => cell.trim()).length <= 1) start -= 1;
  const block = rows.slice(start);
  return block.some((row) => row.cells.some((cell) => FOOTER_TEXT.test(cell))) ? start : rows.length;
}

/** 64-bit FNV-1a as 16 hex digits: a stable key for rows without an id (no crypto needed, runs anywhere). */
export function rowHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

function resolvePreset(header: readonly string[], wanted: CsvImportOptions['preset']): { preset: Preset; detected: boolean } {
  if (wanted && wanted !== 'auto') {
    if (wanted === 'generic') return { preset: GENERIC_PRESET, detected: false };
    if (!(PRESET_IDS as readonly string[]).includes(wanted)) {
      throw new CsvImportError('usage', `unknown preset "${wanted}"; use one of ${PRESET_IDS.join(', ')}`);
    }
    return { preset: PRESETS[wanted], detected: false };
  }
  const id = detectPreset(header);
  return id ? { preset: PRESETS[id], detected: true } : { preset: GENERIC_PRESET, detected: false };
}

function resolveColumns(header: readonly string[], preset: Preset, mapping: CsvImportOptions['mapping'] = {}): Map<ImportField, number> {
  const index = new Map<string, number>();
  header.forEach((title, i) => {
    const key = normaliseHeader(title);
    if (key && !index.has(key)) index.set(key, i);
  });
  const columns = new Map<ImportField, number>();
  for (const field of IMPORT_FIELDS) {
    const found = (preset.columns[field] ?? []).map((title) => index.get(normaliseHeader(title))).find((i) => i !== undefined);
    if (found !== undefined) columns.set(field, found);
  }
  for (const [field, title] of Object.entries(mapping)) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw new CsvImportError('usage', `unknown field "${field}" in the column mapping; fields are ${IMPORT_FIELDS.join(', ')}`);
    }
    if (title === undefined || title.trim() === '') {
      columns.delete(field as ImportField);
      continue;
    }
    const found = index.get(normaliseHeader(title));
    if (found === undefined) {
      throw new CsvImportError('usage', `the column mapping names "${title}" for ${field}, but the file has no such column; its columns are ${header.map((h) => `"${h}"`).join(', ')}`);
    }
    columns.set(field as ImportField, found);
  }
  return columns;
}

/** Reads a deal export. Throws CsvImportError only when nothing can be imported; bad rows are `problems`. */
export function importCsv(text: string, options: CsvImportOptions): CsvImport {
  const locale = options.locale ?? 'en-US';
  const today = options.today ?? options.capturedAt.slice(0, 10);
  const { rows } = readCsvRows(text, options.delimiter);
  const headerAt = rows.findIndex((row) => !isBlankRow(row.cells));
  if (headerAt < 0) throw new CsvImportError('unreadable', 'the file is empty: no header row');
  const headerRow = rows[headerAt]!;
  if (headerRow.error) throw new CsvImportError('unreadable', `line ${headerRow.line}: the header row has ${headerRow.error}`);
  const header = headerRow.cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());

  const { preset, detected } = resolvePreset(header, options.preset);
  const columnOf = resolveColumns(header, preset, options.mapping);
  if (!columnOf.has('name') && !columnOf.has('id')) {
    throw new CsvImportError(
      'unreadable',
      `no column for the deal name or record id (looked for ${[...(preset.columns.name ?? []), ...(preset.columns.id ?? [])].map((t) => `"${t}"`).join(', ')}); ` +
        'name the export with a preset or map a column, e.g. name=Deal',
    );
  }
  if (options.defaultCurrency !== undefined && !/^[A-Z]{3}$/.test(options.defaultCurrency)) {
    throw new CsvImportError('usage', `default currency "${options.defaultCurrency}" is not a three-letter ISO code such as EUR`);
  }

  const columns = Object.fromEntries([...columnOf].map(([field, i]) => [field, header[i]!])) as Partial<Record<ImportField, string>>;
  const used = new Set(columnOf.values());
  const ignoredColumns = header.filter((title, i) => title && !used.has(i));

  const result: CsvImport = { preset: preset.id, crm: preset.crm, detected, columns, ignoredColumns, rows: [], problems: [], notes: [] };
  const footer = footerStart(rows, headerAt + 1);
  const footerText = rows.slice(footer).filter((row) => !isBlankRow(row.cells));
  if (footerText.length) {
    const first = footerText[0]!.line;
    const last = footerText[footerText.length - 1]!.line;
    result.notes.push(`line${first === last ? ` ${first}` : `s ${first}–${last}`}: the report's footer, skipped`);
  }

  const seen = new Map<string, number>();
  const reader = new RowReader(preset, columnOf, header, { ...options, locale, today });
  for (const row of rows.slice(headerAt + 1, footer)) {
    if (row.error) {
      result.problems.push({ line: row.line, error: row.error });
      continue;
    }
    if (isBlankRow(row.cells)) continue;
    const extra = row.cells.slice(header.length);
    // Spreadsheet tools often add empty trailing cells; only a row with fewer, or more filled, columns is broken.
    if (row.cells.length < header.length || extra.some((cell) => cell.trim() !== '')) {
      result.problems.push({ line: row.line, error: `has ${row.cells.length} ${row.cells.length === 1 ? 'column' : 'columns'}, the header has ${header.length}` });
      continue;
    }
    const read = reader.read(row);
    if (!read.ok) {
      result.problems.push({ line: row.line, error: read.reason });
      continue;
    }
    const earlier = seen.get(read.value.key);
    if (earlier !== undefined) {
      result.problems.push({ line: row.line, error: `the same deal as line ${earlier} (key ${read.value.key})` });
      continue;
    }
    seen.set(read.value.key, row.line);
    result.rows.push({ line: row.line, snapshot: read.value });
  }
  return result;
}

class RowReader {
  constructor(
    private readonly preset: Preset,
    private readonly columnOf: ReadonlyMap<ImportField, number>,
    private readonly header: readonly string[],
    private readonly options: CsvImportOptions & { locale: string; today: string },
  ) {}

  read(row: RawRow): ParseResult<DealSnapshot> {
    const cell = (field: ImportField): string | undefined => {
      const i = this.columnOf.get(field);
      return i === undefined ? undefined : (row.cells[i] ?? '').trim();
    };
    const id = cell('id');
    const name = cell('name');
    if (!id && !name) return { ok: false, reason: 'no deal name and no record id' };

    const { locale, today } = this.options;
    const fields: DealFields = {
      name: this.text('name', name),
      amount: this.amount(cell('amount'), cell('currency')),
      stage: this.stage(cell('stage'), cell('status')),
      probability: this.parsed('probability', cell('probability'), (text) => parsePercent(text, locale)),
      forecastCategory: this.text('forecastCategory', cell('forecastCategory')),
      closeDate: this.parsed('closeDate', cell('closeDate'), (text) => parseDate(text, locale, today)),
      createdDate: this.parsed('createdDate', cell('createdDate'), (text) => parseDate(text, locale, today)),
      lastActivityDate: this.parsed('lastActivityDate', cell('lastActivityDate'), (text) => parseDate(text, locale, today)),
      lastModifiedDate: this.parsed('lastModifiedDate', cell('lastModifiedDate'), (text) => parseDate(text, locale, today)),
      nextStep: this.nextStep(cell('nextStep'), cell('nextStepDate')),
      owner: this.text('owner', cell('owner')),
      contacts: unknown('a CSV export does not list contact roles', 'not_supported'),
      qualification: unknown('qualification evidence is not read from CSV exports', 'not_supported'),
    };
    const recordId = id ? clip(id, 200) : `row-${rowHash([name, cell('owner'), cell('createdDate')].map((part) => (part ?? '').toLocaleLowerCase()).join('\u001f'))}`;
    const snapshot = {
      key: `${this.preset.crm}:import:${recordId}`,
      crm: this.preset.crm,
      url: `${this.options.sourceUrl ?? 'file:///import.csv'}#line=${row.line}`,
      capturedAt: this.options.capturedAt,
      source: 'page' as const,
      fields,
    };
    const checked = dealSnapshotSchema.safeParse(snapshot);
    if (!checked.success) return { ok: false, reason: formatIssues(checked.error.issues).join('; ') };
    return { ok: true, value: checked.data };
  }

  private missing<T>(field: ImportField): FieldValue<T> {
    const titles = this.preset.columns[field];
    const what = titles?.length ? `no "${titles[0]}" column` : `no column for ${field}`;
    return unknown(`${what} in the export`, 'not_on_page');
  }

  private text(field: ImportField, value: string | undefined): FieldValue<string> {
    if (value === undefined) return this.missing(field);
    return value ? known(clip(value), value) : empty(value);
  }

  private parsed<T>(field: ImportField, value: string | undefined, parse: (text: string) => ParseResult<T>): FieldValue<T> {
    if (value === undefined) return this.missing(field);
    if (!value) return empty(value);
    const result = parse(value);
    return result.ok ? known(result.value, value) : unknown(`${this.header[this.columnOf.get(field)!]}: ${result.reason}`);
  }

  private amount(value: string | undefined, currencyCell: string | undefined): FieldValue<Money> {
    if (value === undefined) return this.missing('amount');
    if (!value) return empty(value);
    const parsed = parseMoney(value, this.options.locale);
    const title = this.header[this.columnOf.get('amount')!];
    if (!parsed.ok) return unknown(`${title}: ${parsed.reason}`);
    const column = currencyCell ? currencyCell.toUpperCase() : null;
    if (column !== null && !/^[A-Z]{3}$/.test(column)) {
      return unknown(`${this.header[this.columnOf.get('currency')!]}: "${currencyCell}" is not a three-letter currency code`);
    }
    if (parsed.value.currency && column && parsed.value.currency !== column) {
      return unknown(`${title} says ${parsed.value.currency}, the currency column ${column}`);
    }
    const currency = parsed.value.currency ?? column ?? this.options.defaultCurrency ?? null;
    const raw = column && !parsed.value.currency ? `${value} ${column}` : value;
    return known({ value: parsed.value.value, currency }, raw);
  }

  private stage(value: string | undefined, status: string | undefined): FieldValue<Stage> {
    // Pipedrive keeps won and lost in Status; the stage is where the deal was when it closed.
    const closedBy = status ? mapStage(status) : null;
    const closed = closedBy === 'won' || closedBy === 'lost' ? closedBy : null;
    if (value === undefined && status === undefined) return this.missing('stage');
    if (!value) {
      if (closed && status) return known({ label: clip(status), canonical: closed }, status);
      return value === undefined ? this.missing('stage') : empty(value);
    }
    const userMapping = this.options.stageMapping?.[this.preset.crm];
    // HubSpot may add the pipeline in brackets: "Contract sent (Sales Pipeline)".
    const withoutPipeline = value.replace(/\s*\([^)]*\)\s*$/, '');
    const canonical =
      closed ??
      mapStage(value, userMapping, this.preset.stageMapping) ??
      (withoutPipeline !== value ? mapStage(withoutPipeline, userMapping, this.preset.stageMapping) : null);
    return known({ label: clip(value), canonical }, value);
  }

  private nextStep(text: string | undefined, date: string | undefined): FieldValue<{ text: string; date: string | null }> {
    if (text === undefined) return this.missing('nextStep');
    if (!text) return empty(text);
    let when: string | null = null;
    if (date) {
      const parsed = parseDate(date, this.options.locale, this.options.today);
      // The step itself is readable; an unreadable date only leaves it undated.
      when = parsed.ok ? parsed.value : null;
    }
    return known({ text: clip(text), date: when }, text);
  }
}
