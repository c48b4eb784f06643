/**
 * The review table as CSV (papaparse's unparse): the rows in view, in the order shown. Dates stay ISO and amounts
 * plain numbers, so a spreadsheet reads them as dates and numbers in any locale; headers are in the UI language.
 */
import Papa from 'papaparse';
import type { Translate } from '../i18n/translate';
import type { ReviewRow } from './rows';

/**
 * A text cell a spreadsheet would run as a formula (= + - @, or a tab or carriage return that some tools strip
 * before one) gets a leading apostrophe: CRM text must never execute on the manager's machine (CSV injection).
 */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

type CellValue = string | number | null;

const COLUMNS: { header: string; value(row: ReviewRow, t: Translate): CellValue }[] = [
  { header: 'review_column_deal', value: (row) => row.name.value },
  { header: 'review_column_owner', value: (row) => row.owner.value },
  { header: 'review_column_stage', value: (row) => row.stage.value?.label ?? null },
  { header: 'review_csv_canonical_stage', value: (row, t) => (row.stage.value?.canonical ? t(`review_stage_${row.stage.value.canonical}`) : null) },
  { header: 'review_column_amount', value: (row) => row.amount.value?.value ?? null },
  { header: 'review_csv_currency', value: (row) => row.amount.value?.currency ?? null },
  { header: 'review_column_close_date', value: (row) => row.closeDate.value },
  { header: 'review_column_hygiene', value: (row) => row.hygiene },
  { header: 'review_column_qualification', value: (row) => row.qualification },
  { header: 'severity_critical', value: (row) => row.counts.critical },
  { header: 'severity_warning', value: (row) => row.counts.warning },
  { header: 'severity_info', value: (row) => row.counts.info },
  { header: 'review_csv_rules', value: (row, t) => [...row.rules].map((rule) => t(`rule_${rule.replaceAll('-', '_')}__name`)).join('; ') || null },
  { header: 'review_column_last_seen', value: (row) => row.lastSeenAt },
  { header: 'review_csv_source', value: (row, t) => t(row.imported ? 'review_source_imported' : 'review_source_seen') },
  { header: 'review_csv_crm', value: (row) => row.deal.snapshot.crm },
  { header: 'review_csv_link', value: (row) => (row.imported ? null : row.deal.snapshot.url) },
];

/**
 * A field that could not be read is written as the translated "could not read", never as a blank:
 * a blank in the export means the CRM field itself was blank.
 */
function unreadMark(row: ReviewRow, header: string, t: Translate): string | null {
  const field =
    header === 'review_column_deal' ? row.name
    : header === 'review_column_owner' ? row.owner
    : header === 'review_column_stage' ? row.stage
    : header === 'review_column_amount' ? row.amount
    : header === 'review_column_close_date' ? row.closeDate
    : null;
  return field?.state === 'unknown' ? t('review_could_not_read') : null;
}

export function rowsToCsv(rows: readonly ReviewRow[], t: Translate): string {
  const fields = COLUMNS.map((column) => guardCell(t(column.header)));
  const data = rows.map((row) =>
    COLUMNS.map((column) => {
      const value = unreadMark(row, column.header, t) ?? column.value(row, t);
      if (value === null) return '';
      return typeof value === 'number' ? value : guardCell(value);
    }),
  );
  // A byte-order mark lets Excel read the file as UTF-8 (deal names in Danish, German, …).
  return `\uFEFF${Papa.unparse({ fields, data }, { newline: '\r\n' })}`;
}

/** `deal-hygiene-pipeline-2026-06-01.csv` */
export const csvFileName = (today: string): string => `deal-hygiene-pipeline-${today}.csv`;
