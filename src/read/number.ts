/**
 * Locale-aware parsing of the amounts, numbers and percentages CRMs show. Separators, currency symbols and
 * abbreviations ("mio.", "Mrd.", "万") come from Intl for the page's locale, so every locale it knows works;
 * English forms are always understood too.
 */
import type { ParseResult } from './date';
import type { Money } from '../model/deal';

// ---------------------------------------------------------------------------------------------------------
// Text clean-up shared with date.ts

/** Left-to-right, right-to-left and Arabic letter marks, embeddings and isolates: Intl puts them around numbers and dates in RTL locales. */
const BIDI_MARKS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const APOSTROPHES = /[\u2018\u2019\u02bc\u00b4`]/g;

const nativeZeros = new Map<string, number | null>();

/**
 * The code point of zero in the digits the locale writes when they are not ASCII: "٠" for ar-EG, "۰" for
 * fa-IR, "০" for bn-BD; null for Latin digits. Only the page locale's own digits are read: Arabic-Indic
 * digits on an English page are more likely garbage than data.
 */
export function nativeDigitZero(locale: string): number | null {
  let zero = nativeZeros.get(locale);
  if (zero !== undefined) return zero;
  try {
    const code = new Intl.NumberFormat(locale, { useGrouping: false }).format(0).replace(BIDI_MARKS, '').codePointAt(0);
    zero = code !== undefined && code !== 0x30 ? code : null;
  } catch {
    zero = null;
  }
  nativeZeros.set(locale, zero);
  return zero;
}

/**
 * Lower-cases and tidies text before parsing: NFC, no bidi marks, the locale's native digits (see
 * `nativeDigitZero`) as ASCII, one kind of apostrophe and of comma, and every kind of space (no-break,
 * narrow no-break, thin…) as one plain space.
 */
export function cleanText(text: string, digitZero: number | null = null): string {
  let cleaned = text.normalize('NFC').replace(BIDI_MARKS, '');
  if (digitZero !== null) {
    cleaned = cleaned.replace(/\p{Nd}/gu, (digit) => {
      const offset = digit.codePointAt(0)! - digitZero;
      return offset >= 0 && offset <= 9 ? String(offset) : digit;
    });
  }
  return cleaned
    .replace(APOSTROPHES, "'")
    .replace(/[\u060c\uff0c\u3001]/g, ',') // Arabic, fullwidth and ideographic commas
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Also maps the minus signs and the Arabic separators and percent sign to their ASCII forms. */
function cleanNumberText(text: string, digitZero: number | null): string {
  return cleanText(text, digitZero)
    .replace(/[\u2212\u2012\u2013\ufe63\uff0d]/g, '-')
    .replace(/\u066b/g, '.')
    .replace(/\u066c/g, ',')
    .replace(/[\u066a\uff05]/g, '%');
}

// ---------------------------------------------------------------------------------------------------------
// What each locale prints, taken from Intl once and cached

/** Currencies whose locale symbols are learnt from Intl ("kr." is DKK in Danish, "Dkr" in Swedish, "$" is MXN in Mexico). */
const KNOWN_CURRENCIES = [
  'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'INR', 'KRW', 'BRL', 'MXN', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'ISK',
  'PLN', 'CZK', 'HUF', 'RON', 'BGN', 'TRY', 'RUB', 'UAH', 'ILS', 'ZAR', 'SGD', 'HKD', 'TWD', 'THB', 'IDR', 'MYR', 'PHP',
  'VND', 'AED', 'SAR', 'EGP', 'NGN', 'KES', 'ARS', 'CLP', 'COP', 'PEN',
];

/** ISO currency codes, asked of Intl on first use: not while the content script loads, before any page is read. */
let isoCodes: ReadonlySet<string> | null = null;
const isIsoCode = (code: string) =>
  (isoCodes ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : KNOWN_CURRENCIES)).has(code);

const KRONE_BY_LANGUAGE: Record<string, string> = { da: 'DKK', sv: 'SEK', nb: 'NOK', no: 'NOK', nn: 'NOK', is: 'ISK', fo: 'DKK', kl: 'DKK' };
const DOLLAR_BY_REGION: Record<string, string> = {
  US: 'USD', CA: 'CAD', AU: 'AUD', NZ: 'NZD', SG: 'SGD', HK: 'HKD', MX: 'MXN', AR: 'ARS', CL: 'CLP', CO: 'COP', TW: 'TWD',
};

/**
 * Symbols understood in every locale, after the locale's own (so "¥" is CNY on a Chinese page, JPY elsewhere).
 * A function decides by the page's region and language; null means "an amount, currency unknown".
 */
const COMMON_SYMBOLS: Record<string, string | ((region: string | undefined, language: string) => string | null)> = {
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '￥': 'JPY',
  '円': 'JPY',
  '元': 'CNY',
  '₹': 'INR',
  '₩': 'KRW',
  '₺': 'TRY',
  '₽': 'RUB',
  '₴': 'UAH',
  '₪': 'ILS',
  '₫': 'VND',
  '฿': 'THB',
  '₱': 'PHP',
  'r$': 'BRL',
  'us$': 'USD',
  '$us': 'USD',
  '$ us': 'USD',
  'a$': 'AUD',
  'au$': 'AUD',
  'c$': 'CAD',
  'ca$': 'CAD',
  'nz$': 'NZD',
  'hk$': 'HKD',
  'mx$': 'MXN',
  's$': 'SGD',
  'fr.': 'CHF',
  'sfr': 'CHF',
  'zł': 'PLN',
  'kč': 'CZK',
  'ft': 'HUF',
  'lei': 'RON',
  '$': (region) => DOLLAR_BY_REGION[region ?? ''] ?? 'USD',
  'kr.': (_region, language) => (Object.hasOwn(KRONE_BY_LANGUAGE, language) ? KRONE_BY_LANGUAGE[language]! : null),
  'kr': (_region, language) => (Object.hasOwn(KRONE_BY_LANGUAGE, language) ? KRONE_BY_LANGUAGE[language]! : null),
};

/** A scale word's factor, and the currency symbol it implies ("tkr" is thousands of kroner). */
type Scale = { factor: number; symbol?: string };

/** Scale words understood in every locale, after the locale's own compact forms. */
const COMMON_SCALES: Record<string, Scale> = {
  k: { factor: 1e3 },
  tsd: { factor: 1e3 },
  thousand: { factor: 1e3 },
  tkr: { factor: 1e3, symbol: 'kr' },
  m: { factor: 1e6 },
  mm: { factor: 1e6 },
  mn: { factor: 1e6 },
  mio: { factor: 1e6 },
  mill: { factor: 1e6 },
  mln: { factor: 1e6 },
  million: { factor: 1e6 },
  millions: { factor: 1e6 },
  mkr: { factor: 1e6, symbol: 'kr' },
  b: { factor: 1e9 },
  bn: { factor: 1e9 },
  mia: { factor: 1e9 },
  mrd: { factor: 1e9 },
  billion: { factor: 1e9 },
  billions: { factor: 1e9 },
};

interface NumberLocale {
  digitZero: number | null;
  /** The decimal separator of plain numbers, and of amounts (they differ in Swiss French: "1 234,5" but "1 234.50 €"). */
  decimal: string;
  currencyDecimal: string;
  region: string | undefined;
  language: string;
  resolved: string;
  /** Lower-case currency symbol → ISO code; null when the locale prints it for several currencies. Built on first use (see `symbolsOf`). */
  symbols?: Map<string, string | null>;
  /** Scale words, lower case without a final dot, longest first. Built on first use (see `scalesOf`). */
  scales?: [string, Scale][];
}

/** Built locales, by the locale asked for and by the locale Intl resolved it to. */
const numberLocales = new Map<string, NumberLocale>();
const numberLocalesResolved = new Map<string, NumberLocale>();

function resolveLocale(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale])[0] ?? 'en';
  } catch {
    return 'en';
  }
}

function partValue(parts: Intl.NumberFormatPart[], type: string): string | undefined {
  return parts.find((part) => part.type === type)?.value;
}

function numberLocale(locale: string): NumberLocale {
  const cached = numberLocales.get(locale);
  if (cached) return cached;
  const resolved = resolveLocale(locale);
  const built = numberLocalesResolved.get(resolved) ?? buildNumberLocale(resolved);
  numberLocalesResolved.set(resolved, built);
  numberLocales.set(locale, built);
  return built;
}

/** Separators and language only: what every number needs. Symbols and scale words, needed by amounts only, come later. */
function buildNumberLocale(resolved: string): NumberLocale {
  const intlLocale = new Intl.Locale(resolved).maximize();
  const plain = new Intl.NumberFormat(resolved).formatToParts(1234.5);
  const money = new Intl.NumberFormat(resolved, { style: 'currency', currency: 'EUR' }).formatToParts(1234.5);
  const digitZero = nativeDigitZero(resolved);
  const decimalOf = (parts: Intl.NumberFormatPart[]) => cleanNumberText(partValue(parts, 'decimal') ?? '.', digitZero) || '.';
  return {
    digitZero,
    decimal: decimalOf(plain),
    currencyDecimal: decimalOf(money),
    region: intlLocale.region,
    language: intlLocale.language,
    resolved,
  };
}

/** The locale's currency symbols: one formatter per known currency, so built only when an amount has a symbol to look up. */
function symbolsOf(info: NumberLocale): Map<string, string | null> {
  if (info.symbols) return info.symbols;
  const symbols = new Map<string, string | null>();
  for (const code of KNOWN_CURRENCIES) {
    const symbol = cleanText(partValue(new Intl.NumberFormat(info.resolved, { style: 'currency', currency: code }).formatToParts(1), 'currency') ?? '');
    if (!symbol || symbol === code.toLowerCase()) continue;
    symbols.set(symbol, symbols.has(symbol) && symbols.get(symbol) !== code ? null : code);
  }
  info.symbols = symbols;
  return symbols;
}

/** One language's compact-notation words ("K", "mio.", "Mrd.", "万"), in the order found; once per language (English serves every locale). */
const compactWordsByLanguage = new Map<string, [string, Scale][]>();
function compactWords(language: string): [string, Scale][] {
  const cached = compactWordsByLanguage.get(language);
  if (cached) return cached;
  const digitZero = nativeDigitZero(language);
  const words: [string, Scale][] = [];
  for (const compactDisplay of ['short', 'long'] as const) {
    const format = new Intl.NumberFormat(language, { notation: 'compact', compactDisplay, maximumFractionDigits: 0, useGrouping: false });
    for (let exponent = 3; exponent <= 12; exponent++) {
      const parts = format.formatToParts(10 ** exponent);
      const word = cleanText(partValue(parts, 'compact') ?? '').replace(/\.$/, '');
      const shown = Number(cleanNumberText(parts.filter((p) => p.type === 'integer').map((p) => p.value).join(''), digitZero));
      if (word && shown > 0) words.push([word, { factor: 10 ** exponent / shown }]);
    }
  }
  compactWordsByLanguage.set(language, words);
  return words;
}

/** Compact notation of the locale and of English: "K", "mio.", "Mrd.", "tys.", "万" (10⁴), "L" (lakh), "million"; longest first. */
function scalesOf(info: NumberLocale): [string, Scale][] {
  if (info.scales) return info.scales;
  const scales = new Map<string, Scale>();
  for (const language of [info.resolved, 'en']) for (const [word, scale] of compactWords(language)) if (!scales.has(word)) scales.set(word, scale);
  for (const [word, scale] of Object.entries(COMMON_SCALES)) if (!scales.has(word)) scales.set(word, scale);
  info.scales = [...scales].sort(([a], [b]) => b.length - a.length);
  return info.scales;
}

// ---------------------------------------------------------------------------------------------------------
// Numbers

const NUMBER_BODY = /^\d(?:[\d.,' ]*\d)?$/;
/** Western grouping (1,234,567) or Indian (12,34,567), written here with "," for whichever separator the text uses. */
const VALID_GROUPING = /^\d{1,3}(?:,\d{3})+$|^\d{1,2}(?:,\d{2})+,\d{3}$/;

/**
 * Reads an unsigned number such as "1.234.567,50", "1 234,5", "1'234.50", "12,34,567.00" or "1,234".
 * Spaces and apostrophes only ever group digits. With both "." and "," the last one is the decimal
 * separator. One lone "." or "," followed by exactly three digits ("1,234") is ambiguous: it is a group
 * separator unless it is the locale's decimal separator; with other digit counts it is the decimal one.
 * Groups must be well formed, which rejects "1.2.3" and "12 34".
 */
function readUnsigned(body: string, localeDecimal: string): number | null {
  if (!NUMBER_BODY.test(body)) return null;
  const dots = body.split('.').length - 1;
  const commas = body.split(',').length - 1;
  let decimal: string | null = null;
  if (dots > 0 && commas > 0) decimal = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
  else if (dots + commas === 1) {
    const separator = dots ? '.' : ',';
    const [whole = '', fraction = ''] = body.split(separator);
    const looksGrouped = fraction.length === 3 && /^[1-9]\d{0,2}$/.test(whole);
    decimal = looksGrouped && separator !== localeDecimal ? null : separator;
  }
  const [whole = '', fraction, ...extra] = decimal ? body.split(decimal) : [body];
  if (extra.length > 0 || (fraction !== undefined && !/^\d+$/.test(fraction))) return null;
  if (!/^\d+$/.test(whole)) {
    const groupSeparators = new Set(whole.replace(/\d/g, ''));
    if (groupSeparators.size !== 1) return null; // "1.234 567" mixes two kinds
    const [separator] = groupSeparators;
    if (!VALID_GROUPING.test(whole.split(separator!).join(','))) return null;
  }
  const value = Number(`${whole.replace(/\D/g, '')}${fraction !== undefined ? `.${fraction}` : ''}`);
  return Number.isFinite(value) ? value : null;
}

/** Reads a signed number: "-1 234,5", "(1,000.00)", "+5", "1.234,50-". */
function readSigned(text: string, localeDecimal: string): number | null {
  let body = text.trim();
  let negative = false;
  if (body.startsWith('(') && body.endsWith(')')) {
    negative = true;
    body = body.slice(1, -1).trim();
  }
  const sign = /^([-+]) ?|-$/.exec(body);
  if (sign) {
    if (negative && sign[0].includes('-')) return null;
    negative ||= sign[0].includes('-');
    body = sign.index === 0 ? body.slice(sign[0].length) : body.slice(0, -1).trim();
  }
  const value = readUnsigned(body, localeDecimal);
  return value === null ? null : negative ? -value : value;
}

/**
 * Parses a plain number in the locale's format: "1,234.5" (en), "1.234,5" (da), "1 234,5" (fr),
 * "1'234.5" (de-CH), "12,34,567" (en-IN), "-1 234", "(1,000)". See `readUnsigned` for the separator rules.
 */
export function parseNumber(input: string, locale: string): ParseResult<number> {
  const info = numberLocale(locale);
  const text = cleanNumberText(input, info.digitZero);
  if (!text) return { ok: false, reason: 'blank' };
  if (text.length > 60) return { ok: false, reason: 'too long for a number' };
  const value = readSigned(text, info.decimal);
  return value === null ? { ok: false, reason: `not a number: "${input.slice(0, 60)}"` } : { ok: true, value };
}

// ---------------------------------------------------------------------------------------------------------
// Amounts

/** The digits of an amount with their separators: the one run of digits the text may hold. */
const DIGIT_RUN = /\d(?:[\d.,' ]*\d)?/;

function currencyOf(symbol: string, info: NumberLocale): { known: true; code: string | null } | { known: false } {
  if (!symbol) return { known: true, code: null };
  if (/^[a-z]{3}$/.test(symbol) && isIsoCode(symbol.toUpperCase())) return { known: true, code: symbol.toUpperCase() };
  const symbols = symbolsOf(info);
  if (symbols.has(symbol)) return { known: true, code: symbols.get(symbol) ?? null };
  // Own keys only: page text such as "constructor" must not find Object.prototype's members.
  const own = (key: string) => (Object.hasOwn(COMMON_SYMBOLS, key) ? COMMON_SYMBOLS[key] : undefined);
  const common = own(symbol) ?? own(symbol.replace(/ /g, ''));
  if (common === undefined) return { known: false };
  return { known: true, code: typeof common === 'string' ? common : common(info.region, info.language) };
}

/**
 * Parses an amount as CRMs show it: "$250,000.00", "1.250.000,00 kr.", "DKK 1,250,000.00", "€45K",
 * "1,2 mio. kr.", "(1,000.00)", "US$ -1.234,50". The text is a sign, a currency symbol or ISO code before
 * or after the number, and a scale word after it; anything else makes it not an amount. The currency is
 * null when the text does not say (the caller may know the org's currency).
 */
export function parseMoney(input: string, locale: string): ParseResult<Money> {
  const info = numberLocale(locale);
  const text = cleanNumberText(input, info.digitZero);
  if (!text) return { ok: false, reason: 'blank' };
  if (text.length > 80) return { ok: false, reason: 'too long for an amount' };
  const notAmount = { ok: false, reason: `not an amount: "${input.slice(0, 60)}"` } as const;
  const run = DIGIT_RUN.exec(text);
  if (!run) return notAmount;
  let before = text.slice(0, run.index);
  let after = text.slice(run.index + run[0].length).replace(/^[.,]-/, ''); // "1.250,-"
  if (/\d/.test(before + after)) return notAmount;

  let negative = false;
  // Accounting negatives: "(1,000.00)", "($1,000.00)", "$(1,000.00)".
  if (/^[^()]*\([^()]*$/.test(before) && /^[^()]*\)\s*$/.test(after)) {
    negative = true;
    before = before.replace('(', '');
    after = after.replace(')', '');
  }
  // The sign may sit on either side of a prefixed symbol ("-$5", "$-5", "US$ -5") or trail the number ("5- €", "5 €-").
  const trailingMinus = /^\s*-|-\s*$/;
  const signs = (before.match(/[-+]/g) ?? []).length + (after.match(/-/g) ?? []).length;
  if (signs > 1 || (negative && signs > 0) || (/-/.test(after) && !trailingMinus.test(after))) return notAmount;
  if (signs === 1 && !before.includes('+')) negative = true;
  before = before.replace(/[-+]/, '').trim();
  after = after.replace(trailingMinus, '');

  after = after.trim();
  let factor = 1;
  let symbol = before || after;
  let currency: ReturnType<typeof currencyOf> = before && after ? { known: false } : currencyOf(symbol, info);
  // Not a currency: a scale word, then maybe a currency ("45K", "1,2 mio. kr.", "45 k€", Bengali "৫ কোUS$").
  // Currencies come first so that "45 kr" is kroner, not "45 k" and an "r"; and a scale word counts only if
  // what follows it is a currency, so that Spanish "792 mil MXN" is "mil" and "MXN", not "mil M" and "XN".
  for (const [word, scale] of currency.known ? [] : scalesOf(info)) {
    if (!after.startsWith(word)) continue;
    const rest = after.slice(word.length).replace(/^\./, '').trim();
    const candidate = before && rest ? { known: false as const } : currencyOf(before || rest || (scale.symbol ?? ''), info);
    if (!candidate.known) continue;
    factor = scale.factor;
    symbol = before || rest || (scale.symbol ?? '');
    currency = candidate;
    break;
  }
  if (!currency.known) {
    const unknown = [before, after].filter(Boolean).join('" and "').slice(0, 40);
    return { ok: false, reason: `unknown currency or unit "${unknown}" in "${input.slice(0, 60)}"` };
  }

  const value = readUnsigned(run[0], symbol ? info.currencyDecimal : info.decimal);
  if (value === null) return notAmount;
  // Scaling by a power of ten can leave float noise (0.07 × 1000 = 70.00000000000001): round to cents.
  const scaled = factor === 1 ? value : Math.round(value * factor * 100) / 100;
  return { ok: true, value: { value: negative ? -scaled : scaled, currency: currency.code } };
}

// ---------------------------------------------------------------------------------------------------------
// Percentages

/** "75%", "75 %", "40,5 %", "%75" (Turkish), "% 75" (Basque), "75". Values outside 0–100 are rejected. */
export function parsePercent(input: string, locale: string): ParseResult<number> {
  const info = numberLocale(locale);
  const text = cleanNumberText(input, info.digitZero);
  if (!text) return { ok: false, reason: 'blank' };
  const stripped = text.replace(/^% ?| ?%$/, '');
  if (stripped.includes('%')) return { ok: false, reason: `not a percentage: "${input.slice(0, 60)}"` };
  const value = readSigned(stripped, info.decimal);
  if (value === null) return { ok: false, reason: `not a percentage: "${input.slice(0, 60)}"` };
  if (value < 0 || value > 100) return { ok: false, reason: `percentage out of range: ${value}` };
  return { ok: true, value };
}
