import Papa from 'papaparse';
import { quotaSchema, type Quota } from '../../model/settings';
import { parseMoney } from '../../read/number';
import { quotaKey } from './validation';

/**
 * Quota periods as people write them, as settings store them: "2026-q3", "Q3 2026", "2026 Q3" → "2026-Q3";
 * "2026-7" → "2026-07". Anything else is returned trimmed, for validation to name.
 */
export function normalisePeriod(text: string): string {
  const trimmed = text.trim().toUpperCase().replace(/\s+/g, ' ');
  const quarter = /^(?:(\d{4})[- ]?Q([1-4])|Q([1-4])[- /]?(\d{4}))$/.exec(trimmed);
  if (quarter) return `${quarter[1] ?? quarter[4]}-Q${quarter[2] ?? quarter[3]}`;
  const month = /^(\d{4})[-/.](\d{1,2})$/.exec(trimmed);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return `${month[1]}-${month[2]!.padStart(2, '0')}`;
  return trimmed;
}

/** The calendar quarter `now` is in ("2026-Q2"), in `timeZone` when given: a new quota's period to start from. */
export function currentQuarter(now: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', ...(timeZone ? { timeZone } : {}) }).formatToParts(now);
  const year = parts.find((part) => part.type === 'year')!.value;
  const month = Number(parts.find((part) => part.type === 'month')!.value);
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/** A currency to start a new quota with, from the UI locale's region (da → DKK); EUR when it does not say. */
export function currencyForLocale(locale: string): string {
  const byRegion: Record<string, string> = { DK: 'DKK', SE: 'SEK', NO: 'NOK', GB: 'GBP', US: 'USD', CH: 'CHF', PL: 'PLN', CA: 'CAD', AU: 'AUD', JP: 'JPY', IN: 'INR' };
  const byLanguage: Record<string, string> = { da: 'DKK', sv: 'SEK', nb: 'NOK', nn: 'NOK', no: 'NOK', pl: 'PLN', ja: 'JPY' };
  try {
    const parsed = new Intl.Locale(locale);
    const region = parsed.maximize().region;
    return (parsed.region && byRegion[parsed.region]) ?? byLanguage[parsed.language] ?? (region && byRegion[region]) ?? 'EUR';
  } catch {
    return 'EUR';
  }
}

export type PasteProblem =
  | { line: number; code: 'columns' }
  | { line: number; code: 'amount'; text: string }
  | { line: number; code: 'invalid'; field: 'owner' | 'period' | 'amount' | 'currency' }
  | { line: number; code: 'repeated'; owner: string; period: string };

export interface PastedQuotas {
  quotas: Quota[];
  problems: PasteProblem[];
}

/**
 * Quotas pasted from a spreadsheet or a CSV file: owner, period, amount and, optionally, currency per line; columns
 * split by tabs (a spreadsheet's copy), commas or semicolons. A first line that is not a quota (a header) is skipped.
 * Amounts are read in the user's locale ("1.250.000" in Danish).
 */
export function parseQuotaPaste(text: string, locale: string, defaultCurrency: string): PastedQuotas {
  const parsed = Papa.parse<string[]>(text.trim(), { delimitersToGuess: ['\t', ';', ','], skipEmptyLines: 'greedy' });
  const quotas: Quota[] = [];
  const problems: PasteProblem[] = [];
  const lines = new Map<string, number>();
  parsed.data.forEach((row, index) => {
    const line = index + 1;
    const cells = row.map((cell) => cell.trim());
    if (cells.length < 3 || cells.length > 4) {
      if (!(index === 0 && looksLikeHeader(cells))) problems.push({ line, code: 'columns' });
      return;
    }
    const [owner = '', period = '', amountText = '', currency = ''] = cells;
    // "1.250.000 kr." and "€45,000" too: the currency in the amount counts when there is no currency column.
    const amount = parseMoney(amountText, locale);
    if (!amount.ok) {
      if (index === 0 && looksLikeHeader(cells)) return;
      problems.push({ line, code: 'amount', text: amountText });
      return;
    }
    const candidate = {
      owner: owner.replace(/\s+/g, ' '),
      period: normalisePeriod(period),
      amount: amount.value.value,
      currency: (currency || amount.value.currency || defaultCurrency).toUpperCase(),
    };
    const checked = quotaSchema.safeParse(candidate);
    if (!checked.success) {
      const field = checked.error.issues[0]!.path[0] as 'owner' | 'period' | 'amount' | 'currency';
      problems.push({ line, code: 'invalid', field });
      return;
    }
    const key = quotaKey(checked.data);
    const first = lines.get(key);
    if (first !== undefined) {
      problems.push({ line, code: 'repeated', owner: checked.data.owner, period: checked.data.period });
      return;
    }
    lines.set(key, line);
    quotas.push(checked.data);
  });
  return { quotas, problems };
}

function looksLikeHeader(cells: readonly string[]): boolean {
  return cells.length >= 3 && !/\d/.test(cells[2] ?? '');
}

/** `existing` with `pasted` merged in: a pasted quota replaces the one for the same owner and period, others are appended. */
export function mergeQuotas(existing: readonly Quota[], pasted: readonly Quota[]): { quotas: Quota[]; added: number; updated: number } {
  const quotas = [...existing];
  let added = 0;
  let updated = 0;
  for (const quota of pasted) {
    const index = quotas.findIndex((candidate) => quotaKey(candidate) === quotaKey(quota));
    if (index >= 0) {
      quotas[index] = quota;
      updated += 1;
    } else {
      quotas.push(quota);
      added += 1;
    }
  }
  return { quotas, added, updated };
}
