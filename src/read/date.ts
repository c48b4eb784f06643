/**
 * Locale-aware parsing of the dates CRMs show. Everything locale-specific (day/month/year order, month and
 * weekday names, the words around dates, "yesterday" and "3 days ago", time connectors such as "kl." or
 * "at") comes from Intl, so every locale it knows works; English forms are always understood too.
 */
import { cleanText, nativeDigitZero } from './number';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

type Part = 'day' | 'month' | 'year';

interface DateLocale {
  /** Order of the numeric short date: ['day', 'month', 'year'] for da, ['month', 'day', 'year'] for en-US. */
  order: Part[];
  /** The locale's own digits when not ASCII (see `nativeDigitZero`). */
  digitZero: number | null;
  /** Thai pages count years in the Buddhist era (2569 = 2026). */
  buddhistEra: boolean;
  /** Month name or abbreviation, lower case without a final dot → 1–12. */
  months: Map<string, number>;
  /** Finds any of `months` as a whole word (optionally followed by a dot), longest first. */
  monthPattern: RegExp;
  /** Weekday names, eras and the words Intl prints around dates ("de", "del", "г", "gada", "m", "d"), without final dots. */
  ignorable: Set<string>;
  weekdays: Set<string>;
  /** What Intl glues to a day or year besides ordinals: Basque "2026(e)ko" and "7(a)". */
  numberSuffixes: Set<string>;
  resolved: string;
  /** A trailing time, with the connectors the locale uses before it ("kl.", "um", "at", "alle ore"). */
  timeTail: RegExp;
}

const stripDot = (word: string) => word.replace(/\.$/, '');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const unique = <T>(items: T[]) => [...new Set(items)];


/** Languages whose relative words ("i går", "vor 3 Tagen") are understood on any page, as before this module used Intl. */
const RELATIVE_LANGUAGES = ['en', 'da', 'de', 'fr', 'es', 'nl', 'sv', 'nb', 'fi', 'it', 'pt'];
/** Common spellings Intl does not print. */
const EXTRA_RELATIVE_WORDS: [string, number][] = [
  ['idag', 0],
  ['igår', -1],
  ['imorgon', 1],
];
const EXTRA_RELATIVE_TEMPLATES: [string, 1 | -1][] = [
  ['for#dager siden', -1], // Norwegian: Intl says "døgn"
  ['om#dager', 1],
];
const EXTRA_MONTHS: [string, number][] = [['sept', 9]];
const EXTRA_IGNORABLE = ['the', 'of', 'on', 'º', 'ª'];
const EXTRA_CONNECTORS = ['at', 'um', 'à', 'às', 'a las', 'alle', 'alle ore', 'om', 'kl.', 'kl', 'klo', 'o', 'v', 'в', '@', '-', '|'];
/** AM/PM markers besides the locale's own; Korean, Japanese and Chinese ones are common even where Intl prints "AM". */
const EXTRA_DAY_PERIODS = ['am', 'pm', 'a.m.', 'p.m.', '오전', '오후', '午前', '午後', '上午', '下午'];
const VALUE_PARTS = new Set(['day', 'month', 'year', 'relatedYear', 'yearName']);
const TIME_PARTS = new Set(['hour', 'minute', 'second', 'dayPeriod']);
const DATE_PARTS = new Set(['year', 'month', 'day', 'weekday', 'era']);

/** Built locales, by the locale asked for and by the locale Intl resolved it to ("da" and "da-DK" built once each at most). */
const dateLocales = new Map<string, DateLocale>();
const dateLocalesResolved = new Map<string, DateLocale>();

function resolveLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? 'en';
  } catch {
    return 'en';
  }
}

// Gregorian names and order even where the locale's calendar differs (Thai, Persian…).
const gregorian = (language: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC', calendar: 'gregory' });

/** Words are kept whole and in pieces: dates are split at spaces and commas, month-name dates also at "." "/" "-" (Portuguese "quinta-feira" is "quinta" and "feira" there). */
function addWords(text: string, into: Set<string>): void {
  for (const word of cleanText(text).split(/[\s,]+/)) {
    for (const piece of [word, ...word.split(/[./-]+/)]) if (/\p{L}/u.test(piece)) into.add(stripDot(piece));
  }
}

interface LanguageNames {
  /** Month names as found, in order, lower case without a final dot (duplicates kept: the first one wins when merged). */
  months: [string, number][];
  weekdays: Set<string>;
}

/**
 * Month and weekday names of one language, built once per language: every locale also understands English, which was
 * otherwise rebuilt for each locale a page used.
 */
const namesByLanguage = new Map<string, LanguageNames>();
function languageNames(language: string): LanguageNames {
  const cached = namesByLanguage.get(language);
  if (cached) return cached;
  const months: [string, number][] = [];
  const addMonth = (name: string, month: number) => {
    const key = stripDot(cleanText(name));
    if (key && !/^\d+$/.test(key)) months.push([key, month]);
  };
  const weekdays = new Set<string>();
  const monthFormats = (['long', 'short'] as const).flatMap((month) => [
    gregorian(language, { month }),
    gregorian(language, { day: 'numeric', month }), // the form used with a day: genitive "ноября", Finnish "marraskuuta"
    gregorian(language, { year: 'numeric', month }),
  ]);
  const styleFormats = (['medium', 'long', 'full'] as const).map((dateStyle) => gregorian(language, { dateStyle }));
  for (let month = 1; month <= 12; month++) {
    const date = Date.UTC(2026, month - 1, 15);
    for (const formatter of [...monthFormats, ...styleFormats]) {
      const parts = formatter.formatToParts(date);
      parts.forEach((part, i) => {
        if (part.type !== 'month') return;
        addMonth(part.value, month);
        // Letters glued to the month count as part of it: Hebrew "7 בנוב׳ 2026" (ב = "in"), Basque "otsailaren".
        const before = /\p{L}+$/u.exec(parts[i - 1]?.value ?? '');
        if (before) addMonth(before[0] + part.value, month);
        const after = /^\p{L}+/u.exec(parts[i + 1]?.value ?? '');
        if (after) addMonth(part.value + after[0], month);
      });
    }
  }
  const weekdayFormats = (['long', 'short'] as const).map((weekday) => gregorian(language, { weekday }));
  for (let day = 0; day < 7; day++) {
    const date = Date.UTC(2026, 10, 15 + day);
    for (const formatter of weekdayFormats) addWords(formatter.format(date), weekdays);
    addWords(styleFormats[2]!.formatToParts(date).find((p) => p.type === 'weekday')?.value ?? '', weekdays);
  }
  const names = { months, weekdays };
  namesByLanguage.set(language, names);
  return names;
}

function dateLocale(locale: string): DateLocale {
  const cached = dateLocales.get(locale);
  if (cached) return cached;
  const resolved = resolveLocale(locale);
  const built = dateLocalesResolved.get(resolved) ?? buildDateLocale(resolved);
  dateLocalesResolved.set(resolved, built);
  dateLocales.set(locale, built);
  return built;
}

function buildDateLocale(resolved: string): DateLocale {
  const languages = unique([resolved, 'en']);
  const orderParts = gregorian(resolved, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(Date.UTC(2026, 10, 27));
  const order = orderParts.map((p) => p.type).filter((type): type is Part => type === 'day' || type === 'month' || type === 'year');

  const months = new Map<string, number>();
  const addMonth = (name: string, month: number) => {
    const key = stripDot(cleanText(name));
    if (key && !/^\d+$/.test(key) && !months.has(key)) months.set(key, month);
  };
  const ignorable = new Set(EXTRA_IGNORABLE);
  const numberSuffixes = new Set<string>();
  const weekdays = new Set<string>();
  for (const language of languages) {
    const names = languageNames(language);
    for (const [name, month] of names.months) if (!months.has(name)) months.set(name, month);
    for (const weekday of names.weekdays) weekdays.add(weekday);
  }
  for (const [name, month] of EXTRA_MONTHS) addMonth(name, month);
  // Everything but the day, month and year in the locale's dates, in Gregorian and its own calendar (Thai "พ.ศ."):
  // literals, weekdays with what is glued to them (Thai "วันพฤหัสบดีที่"), eras.
  const ownCalendar = (language: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' });
  for (const make of [gregorian, ownCalendar]) {
    for (const dateStyle of ['short', 'medium', 'long', 'full'] as const) {
      const formatter = make(resolved, { dateStyle });
      for (let day = 0; day < 7; day++) {
        const parts = formatter.formatToParts(Date.UTC(2026, 10, 15 + day));
        addWords(parts.map((p) => (VALUE_PARTS.has(p.type) ? ' ' : p.value)).join(''), ignorable);
        parts.forEach((part, i) => {
          const next = parts[i + 1];
          if ((part.type !== 'day' && part.type !== 'year') || next?.type !== 'literal') return;
          const glued = /^[^\s,./-]+/.exec(next.value);
          if (glued && /\p{L}/u.test(glued[0])) numberSuffixes.add(cleanText(glued[0]));
        });
      }
    }
  }
  const monthNames = [...months.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const monthPattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${monthNames.join('|')})\\.?(?![\\p{L}\\p{M}\\p{N}])`, 'gu');

  const info: DateLocale = {
    order: order.length === 3 ? order : ['month', 'day', 'year'],
    buddhistEra: new Intl.DateTimeFormat(resolved).resolvedOptions().calendar === 'buddhist',
    months,
    monthPattern,
    ignorable,
    weekdays,
    numberSuffixes,
    resolved,
    digitZero: nativeDigitZero(resolved),
    timeTail: timeTail(languages),
  };
  return info;
}

/**
 * Relative day words ("yesterday" → -1, "i forgårs" → -2) of one language, from Intl.RelativeTimeFormat. Built once per
 * language, and only when a text is looked up in it.
 */
const relativeWordsByLanguage = new Map<string, Map<string, number>>();
function relativeWords(language: string): Map<string, number> {
  let words = relativeWordsByLanguage.get(language);
  if (words) return words;
  words = new Map();
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  for (let days = -2; days <= 2; days++) {
    const word = cleanText(format.format(days, 'day'));
    if (!/\d/.test(word) && !words.has(word)) words.set(word, days);
  }
  relativeWordsByLanguage.set(language, words);
  return words;
}

/** "for#dage siden" → -1 (days in the past), "om#dage" → 1 for one language; built once per language, on first use. */
const relativeTemplatesByLanguage = new Map<string, Map<string, 1 | -1>>();
function relativeTemplates(language: string): Map<string, 1 | -1> {
  let templates = relativeTemplatesByLanguage.get(language);
  if (templates) return templates;
  templates = new Map();
  const numeric = new Intl.RelativeTimeFormat(language, { numeric: 'always' });
  // Enough counts to meet every plural form (one, two, few, many, other).
  for (const count of [1, 2, 3, 5, 11, 21, 22, 100]) {
    for (const sign of [1, -1] as const) {
      const parts = numeric.formatToParts(sign * count, 'day');
      const template = templateOf(cleanText(parts.map((p) => (p.type === 'literal' ? p.value : '#')).join('')));
      if (!templates.has(template)) templates.set(template, sign);
    }
  }
  relativeTemplatesByLanguage.set(language, templates);
  return templates;
}

const EXTRA_WORDS = new Map(EXTRA_RELATIVE_WORDS);
const EXTRA_TEMPLATES = new Map(EXTRA_RELATIVE_TEMPLATES);

/**
 * What a relative text means in the page's own language first, then in RELATIVE_LANGUAGES in order, then in the extra
 * spellings. The languages' tables are built one at a time and only as far as the lookup goes.
 */
function lookUpRelative<T>(key: string, resolved: string, table: (language: string) => Map<string, T>, extra: Map<string, T>): T | undefined {
  for (const language of [resolved, ...RELATIVE_LANGUAGES]) {
    const found = table(language).get(key);
    if (found !== undefined) return found;
  }
  return extra.get(key);
}

/** "for 3 dage siden" → "for#dage siden": spacing around the number varies ("3日前", "3 日前"). */
const templateOf = (text: string) => text.replace(/ ?#+ ?/, '#');

/** The connectors ("kl.", "um", "at") one language puts between a date and a time, and its AM/PM markers; once per language. */
const timeWordsByLanguage = new Map<string, { connectors: string[]; periods: string[] }>();
function timeWords(language: string): { connectors: string[]; periods: string[] } {
  const cached = timeWordsByLanguage.get(language);
  if (cached) return cached;
  const connectors: string[] = [];
  const periods: string[] = [];
  for (const dateStyle of ['short', 'medium', 'long', 'full'] as const) {
    const parts = new Intl.DateTimeFormat(language, { dateStyle, timeStyle: 'short', timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 10, 15, 15, 4));
    const lastDate = parts.findLastIndex((p) => DATE_PARTS.has(p.type));
    const firstTime = parts.findIndex((p) => TIME_PARTS.has(p.type));
    if (lastDate < 0 || firstTime < lastDate) continue;
    const between = cleanText(parts.slice(lastDate + 1, firstTime).map((p) => p.value).join('')).replace(/^[\s,]+|[\s,]+$/g, '');
    if (between) connectors.push(between);
  }
  const hour12 = new Intl.DateTimeFormat(language, { hour: 'numeric', hour12: true, timeZone: 'UTC' });
  for (const hour of [3, 15]) {
    const period = hour12.formatToParts(Date.UTC(2026, 0, 1, hour)).find((p) => p.type === 'dayPeriod')?.value;
    if (period) periods.push(cleanText(period));
  }
  const words = { connectors, periods };
  timeWordsByLanguage.set(language, words);
  return words;
}

/** A regex for a time at the end of a date: ", 3:04 PM", " kl. 14.22", " um 15:04:05 Uhr", " 오후 3:04", " à 15 h 04". */
function timeTail(languages: string[]): RegExp {
  const connectors = new Set(EXTRA_CONNECTORS);
  const periods = new Set(EXTRA_DAY_PERIODS);
  for (const language of languages) {
    const words = timeWords(language);
    for (const connector of words.connectors) connectors.add(connector);
    for (const period of words.periods) periods.add(period);
  }
  const alternation = (items: Set<string>) => [...items].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const period = `(?:${alternation(periods)})`;
  return new RegExp(
    `(?: ?, ?| )(?:(?:${alternation(connectors)}) ?)?(?:${period} ?)?` +
      `(?:[01]?\\d|2[0-3])(?:[:.][0-5]\\d(?:[:.][0-5]\\d)?| ?h ?[0-5]\\d)(?: ?${period})?(?: ?(?:uhr|h))?` + // 3:04, 14.22, 15:04:05, 15 h 04
      `(?: ?(?:(?:utc|gmt)?[+-]\\d{1,2}(?::?\\d{2})?|[a-z]{2,5}))?$`, // time zone: "+01:00", "cet", "pst"
    'u',
  );
}

function isoDate(year: number, month: number, day: number): ParseResult<string> {
  if (year < 1000 || year > 9999) return { ok: false, reason: `year ${year} out of range` };
  if (month < 1 || month > 12) return { ok: false, reason: `month ${month} out of range` };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, reason: `no such date: ${year}-${month}-${day}` };
  }
  return { ok: true, value: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/**
 * A year as written: four digits as is; two digits in 1970–2069 (CRM dates cluster around today, and a
 * fixed pivot keeps results independent of the clock). Thai Buddhist-era years are converted.
 */
function fullYear(digits: string, info: DateLocale): number | null {
  const year = Number(digits);
  if (digits.length === 4) return info.buddhistEra && year >= 2400 ? year - 543 : year;
  if (digits.length !== 2) return null;
  if (info.buddhistEra) return 2500 + year - 543;
  return year < 70 ? 2000 + year : 1900 + year;
}

function addDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ][\d:.]*(?:z|[+-][\d:]+)?)?$/;
/** Three numbers with the same separator each time: "27.11.2026", "11/27/26", "2026. 11. 27.", "27-11-2026". */
const NUMERIC_DATE = /^(\d{1,4}) ?([./-]) ?(\d{1,2}) ?\2 ?(\d{1,4})\.?$/;
/** Chinese, Japanese and Korean year/month/day markers: "2026年11月27日", "2026년 11월 27일". */
const CJK_DATE = /(\d{1,4}) ?[年년] ?(\d{1,2}) ?[月월] ?(\d{1,2}) ?[日일]?/;
/** A day or year next to a month name: "27", "27th", "1er" (dots are split off before). */
const NUMBER_TOKEN = /^(\d{1,4})(\D*)$/;
const ORDINAL_SUFFIXES = new Set(['', 'st', 'nd', 'rd', 'th', 'er', 're', 'e']);
const EDGE_PUNCTUATION = /^[\s,;:]+|[\s,;:]+$/g;

function numericDate(tokens: [string, string, string], info: DateLocale): ParseResult<string> {
  // A four-digit first or last number is the year; otherwise the locale's order says where it is.
  const yearAt = tokens[0].length === 4 ? 0 : tokens[2].length === 4 ? 2 : info.order.indexOf('year');
  const year = fullYear(tokens[yearAt]!, info);
  if (year === null) return { ok: false, reason: `no year in "${tokens.join('/')}"` };
  const [first, second] = tokens.filter((_, i) => i !== yearAt) as [string, string];
  if (first.length > 2 || second.length > 2) return { ok: false, reason: `not a date: "${tokens.join('/')}"` };
  // Year first is always year-month-day; otherwise day and month keep the locale's relative order.
  const dayFirst = yearAt !== 0 && info.order.indexOf('day') < info.order.indexOf('month');
  return dayFirst ? isoDate(year, Number(second), Number(first)) : isoDate(year, Number(first), Number(second));
}

function relativeDate(text: string, info: DateLocale, today: string | undefined): ParseResult<string> | null {
  let days = lookUpRelative(text, info.resolved, relativeWords, EXTRA_WORDS);
  if (days === undefined) {
    const count = /\d{1,5}/.exec(text);
    if (!count || /\d/.test(text.slice(count.index + count[0].length))) return null;
    const template = templateOf(text.replace(count[0], '#'));
    const sign = lookUpRelative(template, info.resolved, relativeTemplates, EXTRA_TEMPLATES);
    if (sign === undefined) return null;
    days = sign * Number(count[0]);
  }
  if (!today) return { ok: false, reason: 'relative date without a reference day' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) return { ok: false, reason: `reference day "${today}" is not YYYY-MM-DD` };
  return { ok: true, value: addDays(today, days) };
}

/** Day, month name and year in any order: "nov 27 2026", "27. nov. 2026", "27 de noviembre de 2026", "2026 m. lapkričio 27 d.". */
function textDate(text: string, info: DateLocale, notDate: ParseResult<string>): ParseResult<string> {
  let found = [...text.matchAll(info.monthPattern)];
  // Spanish "mar" is both Tuesday and March: with two candidates, the weekday is not the month.
  if (found.length > 1) found = found.filter((match) => !info.weekdays.has(stripDot(match[0])));
  if (found.length > 1) return notDate;
  let month: number | undefined;
  let rest = text;
  if (found.length === 1) {
    const match = found[0]!;
    month = info.months.get(stripDot(match[0]));
    rest = text.slice(0, match.index) + ' ' + text.slice(match.index + match[0].length);
  }
  const numbers: string[] = [];
  for (const token of rest.split(/[\s,./-]+/)) {
    if (!token || info.ignorable.has(token) || info.weekdays.has(token)) continue;
    const number = NUMBER_TOKEN.exec(token);
    if (number && (ORDINAL_SUFFIXES.has(number[2]!) || info.numberSuffixes.has(number[2]!))) {
      numbers.push(number[1]!);
      continue;
    }
    // An abbreviation Intl does not print ("Sep" for "September" in German): a unique prefix of a name.
    const candidates = token.length >= 3 && month === undefined ? unique([...info.months].filter(([name]) => name.startsWith(token)).map(([, m]) => m)) : [];
    if (candidates.length !== 1) return notDate;
    month = candidates[0];
  }
  if (month === undefined) return notDate;
  if (numbers.length !== 2) return { ok: false, reason: `no day and year in "${text.slice(0, 60)}"` };
  // The four-digit number is the year; with two two-digit numbers, the locale's order decides.
  const yearFirst = numbers[0]!.length === 4 || (numbers[1]!.length !== 4 && info.order.indexOf('year') < info.order.indexOf('day'));
  const [yearDigits, dayDigits] = yearFirst ? [numbers[0]!, numbers[1]!] : [numbers[1]!, numbers[0]!];
  const year = fullYear(yearDigits, info);
  if (year === null || dayDigits.length > 2) return notDate;
  return isoDate(year, month, Number(dayDigits));
}

/**
 * Parses one date as a page shows it: ISO, numeric in the locale's order, with month names, or relative
 * ("yesterday", "for 3 dage siden", which need `today` as YYYY-MM-DD). A time after the date is ignored.
 */
export function parseDate(input: string, locale: string, today?: string): ParseResult<string> {
  return parse(input, locale, today, true);
}

function parse(input: string, locale: string, today: string | undefined, relative: boolean): ParseResult<string> {
  const info = dateLocale(locale);
  let text = cleanText(input, info.digitZero).replace(EDGE_PUNCTUATION, '').replace(/^\((.*)\)$/, '$1');
  if (!text) return { ok: false, reason: 'blank' };
  if (text.length > 100) return { ok: false, reason: 'too long for a date' };
  const notDate: ParseResult<string> = { ok: false, reason: `not a date: "${input.slice(0, 60)}"` };

  const iso = ISO_DATE.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));

  // Without weekday names and the words Intl prints around dates ("7.11.26 г."), is it a numeric date?
  const numericCore = (candidate: string) =>
    NUMERIC_DATE.exec(
      candidate
        .split(/[\s,]+/)
        .filter((word) => !info.ignorable.has(stripDot(word)) && !info.weekdays.has(stripDot(word)))
        .join(' '),
    );
  // Tried before dropping a trailing time, which "Sa. 07.11.26" would otherwise look like.
  let numeric = numericCore(text);
  if (!numeric) {
    text = text.replace(info.timeTail, '').replace(CJK_DATE, '$1-$2-$3 ').trim();
    numeric = numericCore(text);
  }
  if (numeric) return numericDate([numeric[1]!, numeric[3]!, numeric[4]!], info);

  const byName = /\d/.test(text) ? textDate(text, info, notDate) : notDate;
  if (byName.ok) return byName;
  // Relative forms last: they are built on first use, and no numeric or month-name date is relative.
  return (relative ? relativeDate(text, info, today) : null) ?? byName;
}

/**
 * Finds a date inside a longer text such as "Jane Doe, 11/20/2026, 3:04 PM" or "Mette Hansen, 02.10.2026 14.22"
 * (Salesforce's "Created By" / "Last Modified By"): first comma-separated pieces, then runs of up to six words,
 * longest first. A relative date must fill a comma-separated piece: "yesterday at noon-ish" is no date.
 */
export function findDate(input: string, locale: string, today?: string): ParseResult<string> {
  const whole = parseDate(input, locale, today);
  if (whole.ok) return whole;
  const text = input.slice(0, 300);
  const chunks = text.split(',').map((chunk) => chunk.trim());
  for (let start = 0; start < chunks.length; start++) {
    for (let end = chunks.length; end > start; end--) {
      if (start === 0 && end === chunks.length) continue; // the whole text, tried above
      const attempt = parseDate(chunks.slice(start, end).join(', '), locale, today);
      if (attempt.ok) return attempt;
    }
  }
  const words = text.split(/\s+/).filter(Boolean);
  for (let size = Math.min(6, words.length); size >= 1; size--) {
    for (let start = 0; start + size <= words.length; start++) {
      const attempt = parse(words.slice(start, start + size).join(' '), locale, today, false);
      if (attempt.ok) return attempt;
    }
  }
  return { ok: false, reason: `no date in "${input.slice(0, 60)}"` };
}
