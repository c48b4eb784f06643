/**
 * The CSV import screen's logic: the file's header, the preset detected from it, the column each field is read
 * from (editable), and a preview of the whole import with its problems. The parsing itself is src/import/csv.ts.
 */
import { CsvImportError, importCsv, readCsvRows, type CsvImport } from '../import/csv';
import { detectPreset, IMPORT_FIELDS, type ImportField, type PresetId } from '../import/presets';
import type { Settings } from '../model/settings';
import type { ColumnMapping, ImportPresetId } from './presets';

/** Locales an export may be written in, offered on the import screen (dates, amounts and percentages are read by them). */
export const FILE_LOCALES = ['en-US', 'en-GB', 'da-DK', 'de-DE', 'fr-FR', 'nl-NL', 'sv-SE', 'nb-NO', 'fi-FI', 'es-ES', 'it-IT', 'pt-BR', 'pl-PL'] as const;

/** Fields the mapping table shows, most useful first (the id and name decide the deal's key). */
export const MAPPED_FIELDS: readonly ImportField[] = IMPORT_FIELDS;

export type HeaderRead =
  | {
      ok: true;
      header: string[];
      detected: PresetId | null;
      /** The first data rows' cells, for the mapping table's examples. */
      sample: string[][];
    }
  | { ok: false; error: string };

const SAMPLE_ROWS = 3;

/** The header row (the first non-blank line), the CRM export it looks like, and a few rows as examples. */
export function readHeader(text: string): HeaderRead {
  // The header is on the first lines: do not parse a 20 MB file to find it (a row cut at the end is never a sample).
  const head = text.slice(0, 256 * 1024);
  const { rows } = readCsvRows(head);
  const at = rows.findIndex((row) => row.cells.some((cell) => cell.trim() !== ''));
  const header = rows[at];
  if (!header) return { ok: false, error: 'the file is empty: no header row' };
  if (header.error) return { ok: false, error: `line ${header.line}: the header row has ${header.error}` };
  const cells = header.cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
  const complete = head.length < text.length ? rows.slice(at + 1, -1) : rows.slice(at + 1);
  const sample = complete.filter((row) => !row.error && row.cells.some((cell) => cell.trim() !== '')).slice(0, SAMPLE_ROWS).map((row) => row.cells);
  return { ok: true, header: cells, detected: detectPreset(cells), sample };
}

/** The first non-blank example of a column in the sample rows ('' when none). */
export function exampleOf(header: readonly string[], sample: readonly string[][], column: string): string {
  const index = header.indexOf(column);
  if (index < 0) return '';
  return sample.map((cells) => (cells[index] ?? '').trim()).find(Boolean) ?? '';
}

/** Every field with no column. */
export const emptyMapping = (): ColumnMapping => Object.fromEntries(IMPORT_FIELDS.map((field) => [field, ''])) as ColumnMapping;

/**
 * The columns a preset reads each field from in this header ('' where the file has none).
 * Only the header is parsed, so this is cheap for any file size.
 */
export function presetMapping(header: readonly string[], preset: ImportPresetId): ColumnMapping {
  const mapping = emptyMapping();
  const firstColumn = header.find(Boolean);
  if (!firstColumn) return mapping;
  // A header-only file: importCsv resolves the preset's columns and reads no rows. It refuses a file without a
  // name or id column, so one is lent (the first column) and left out again when the preset found none itself.
  const headerOnly = `${header.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')}\n`;
  const read = (lend: boolean) => importCsv(headerOnly, { preset, capturedAt: '2000-01-01T00:00:00.000Z', ...(lend ? { mapping: { name: firstColumn } } : {}) });
  let lent = false;
  let columns: Partial<ColumnMapping>;
  try {
    columns = read(false).columns;
  } catch (error) {
    if (!(error instanceof CsvImportError)) throw error;
    lent = true;
    columns = read(true).columns;
  }
  for (const [field, column] of Object.entries(columns)) {
    if (!(lent && field === 'name')) mapping[field as ImportField] = column ?? '';
  }
  return mapping;
}

export interface ImportOptions {
  preset: ImportPresetId;
  mapping: ColumnMapping;
  locale: string;
  defaultCurrency: string;
  /** When the import happens: every snapshot's capturedAt. */
  capturedAt: string;
  stageMapping?: Settings['stageMapping'];
}

export type ImportPreview = { ok: true; result: CsvImport } | { ok: false; error: string };

/** The whole import as it would be stored, or why the file cannot be imported with this mapping. */
export function previewImport(text: string, options: ImportOptions): ImportPreview {
  const currency = options.defaultCurrency.trim().toUpperCase();
  try {
    const result = importCsv(text, {
      preset: options.preset,
      mapping: options.mapping,
      locale: options.locale,
      capturedAt: options.capturedAt,
      stageMapping: options.stageMapping,
      ...(currency ? { defaultCurrency: currency } : {}),
    });
    return { ok: true, result };
  } catch (error) {
    if (error instanceof CsvImportError) return { ok: false, error: error.message };
    throw error;
  }
}

/** Splits snapshots into messages the background accepts (and answers quickly). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
