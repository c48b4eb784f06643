import type { ParseResult } from './date';
import type { Money } from '../model/deal';

const separatorCache = new Map<string, { group: string; decimal: string; region: string | undefined; language: string }>();

function separators(locale: string) {
  let found = separatorCache.get(locale);
  if (found) return found;
  let resolved = 'en';
  try {
    resolved = Intl.NumberFormat.supportedLocalesOf([locale])[0] ?? 'en';
  } catch {
    resolved = 'en';
  }
  const parts = new Intl.NumberFormat(resolved).formatToParts(1234567.5);
  const intlLocale = new Intl.Locale(resolved).maximize();
  found = {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    region: intlLocale.region,
    language: intlLocale.language,
  };
  separatorCache.set(locale, found);
  return found;
}

const SPACES = /[\s\u00a0\u202f\u2009']/g;

/**
 * Parses a plain number in the locale's format. With both `.` and `,` present the last one is the decimal
 * separator; with one of them alone, the locale decides, unless the digits after it show it is a group
 * separator (exactly three digits, repeated).
 */
export function parseNumber(input: string, locale: string): ParseResult<number> {
  let text = input.trim().replace(/[\u2212\u2013]/g, '-');
  if (!text) return { ok: false, reason: 'blank' };
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (text.startsWith('-')) {
    negative = true;
    text = text.slice(1);
  }
  text = text.replace(SPACES, '');
  if (!/^\d[\d.,]*$/.test(text)) return { ok: false, reason: `not a number: "${input.slice(0, 60)}"` };
  const { decimal } = separators(locale);
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let decimalChar: string | null = null;
  if (lastDot >= 0 && lastComma >= 0) decimalChar = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const occurrences = text.split(sep).length - 1;
    const groupsOfThree = new RegExp(`^\\d{1,3}(\\${sep}\\d{3})+$`).test(text);
    if (occurrences > 1) decimalChar = null;
    else if (sep === decimal) decimalChar = sep;
    else decimalChar = groupsOfThree ? null : sep;
    if (occurrences > 1 && !groupsOfThree) return { ok: false, reason: `malformed number: "${input.slice(0, 60)}"` };
  }
  const groupChar = decimalChar === '.' ? ',' : decimalChar === ',' ? '.' : null;
  let cleaned = text;
  if (groupChar) cleaned = cleaned.split(groupChar).join('');
  if (decimalChar) {
    if (cleaned.split(decimalChar).length > 2) return { ok: false, reason: `malformed number: "${input.slice(0, 60)}"` };
    cleaned = cleaned.replace(decimalChar, '.');
  } else cleaned = cleaned.replace(/[.,]/g, '');
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return { ok: false, reason: `not a number: "${input.slice(0, 60)}"` };
  return { ok: true, value: negative ? -value : value };
}

const SYMBOLS: Record<string, string | ((region?: string, language?: string) => string | null)> = {
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  '₩': 'KRW',
  'R$': 'BRL',
  'CHF': 'CHF',
  'US$': 'USD',
  'A$': 'AUD',
  'CA$': 'CAD',
  'C$': 'CAD',
  'NZ$': 'NZD',
  'HK$': 'HKD',
  '$': (region) => ({ US: 'USD', CA: 'CAD', AU: 'AUD', NZ: 'NZD', SG: 'SGD', HK: 'HKD', MX: 'MXN' })[region ?? ''] ?? 'USD',
  'kr.': (_region, language) => ({ da: 'DKK', sv: 'SEK', nb: 'NOK', no: 'NOK', nn: 'NOK', is: 'ISK' })[language ?? ''] ?? null,
  'kr': (_region, language) => ({ da: 'DKK', sv: 'SEK', nb: 'NOK', no: 'NOK', nn: 'NOK', is: 'ISK' })[language ?? ''] ?? null,
  'zł': 'PLN',
  'kč': 'CZK',
  'ft': 'HUF',
};

const SCALES: [RegExp, number][] = [
  [/^(k|t|tsd\.?|tkr\.?)$/i, 1e3],
  [/^(m|mm|mn|mio\.?|mill?\.?|million(?:s|er)?|millionen|mln)$/i, 1e6],
  [/^(b|bn|mia\.?|mrd\.?|milliard(?:s|er)?|billion(?:s)?)$/i, 1e9],
];

/**
 * Parses an amount as CRMs show it: "$250,000.00", "1.250.000,00 kr.", "DKK 1,250,000.00", "€45K", "1,2 mio. kr.".
 * The currency is null when the text does not say (the caller may know the org's currency).
 */
export function parseMoney(input: string, locale: string): ParseResult<Money> {
  const text = input.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!text) return { ok: false, reason: 'blank' };
  if (text.length > 80) return { ok: false, reason: 'too long for an amount' };
  const { region, language } = separators(locale);
  let currency: string | null = null;
  let rest = text;
  const code = /(^|[^A-Za-z])([A-Z]{3})(?![A-Za-z])/.exec(rest);
  if (code && code[2] !== 'MIO') {
    currency = code[2]!;
    rest = rest.replace(code[2]!, ' ');
  } else {
    const symbols = Object.keys(SYMBOLS).sort((a, b) => b.length - a.length);
    for (const symbol of symbols) {
      const index = rest.toLowerCase().indexOf(symbol.toLowerCase());
      if (index < 0) continue;
      // "kr" must stand alone, not inside a word.
      if (/^[a-z]/i.test(symbol) && /[a-z]/i.test(rest.charAt(index + symbol.length)) ) continue;
      const mapped = SYMBOLS[symbol]!;
      currency = typeof mapped === 'string' ? mapped : mapped(region, language);
      rest = rest.slice(0, index) + ' ' + rest.slice(index + symbol.length);
      break;
    }
  }
  rest = rest.trim();
  let scale = 1;
  const scaleMatch = /^(.*?\d)\s*([A-Za-z][A-Za-z.]*)$/.exec(rest);
  if (scaleMatch) {
    const found = SCALES.find(([pattern]) => pattern.test(scaleMatch[2]!));
    if (!found) return { ok: false, reason: `unknown unit "${scaleMatch[2]}" in "${input.slice(0, 60)}"` };
    scale = found[1];
    rest = scaleMatch[1]!;
  }
  const number = parseNumber(rest, locale);
  if (!number.ok) return { ok: false, reason: `not an amount: "${input.slice(0, 60)}"` };
  return { ok: true, value: { value: Math.round(number.value * scale * 100) / 100, currency } };
}

/** "75%", "75 %", "75,5 %", "%75". */
export function parsePercent(input: string, locale: string): ParseResult<number> {
  const text = input.replace(/[\u00a0\u202f]/g, ' ').trim();
  const stripped = text.replace(/\s*%\s*/, '').trim();
  const number = parseNumber(stripped, locale);
  if (!number.ok) return { ok: false, reason: `not a percentage: "${input.slice(0, 60)}"` };
  if (number.value < 0 || number.value > 100) return { ok: false, reason: `percentage out of range: ${number.value}` };
  return number;
}
