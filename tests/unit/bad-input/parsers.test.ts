import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { findDate, parseDate, type ParseResult } from '../../../src/read/date';
import { parseMoney, parseNumber, parsePercent } from '../../../src/read/number';
import { BIDI_CONTROLS, hostileText, htmlPayload, impossibleDate, mixedSeparatorNumber, withBidiControls, writeDate, wronglyGroupedNumber, type DateOrder } from './hostile';
import { checkProperty, countCases, writeAreaReport } from './report';

// Generous: property runs are CPU-bound, and the CI machine may be busy; a run never takes this long.
vi.setConfig({ testTimeout: 120_000 });

/**
 * The page parsers on hostile text: they never throw, and return either a well-formed value or "not ok" with a short
 * reason (which the adapter turns into "could not read"). Nothing that is not a date, an amount or a percentage
 * becomes one.
 */

const LOCALES = ['en-US', 'en-GB', 'da', 'de-DE', 'de-CH', 'fr-FR', 'en-IN', 'ar-EG', 'he-IL', 'fa-IR', 'ja-JP', 'th-TH', 'sv', 'pt-BR'];
/** Page `lang` attributes are page data too. */
const locale = fc.oneof({ arbitrary: fc.constantFrom(...LOCALES), weight: 5 }, { arbitrary: fc.constantFrom('', 'xx', 'not a locale', 'en_US', '\u202eda', '<script>'), weight: 1 });
const today = fc.oneof(fc.constant(undefined), fc.constant('2026-11-27'), fc.constantFrom('', 'yesterday', '2026-13-45', '<b>'));

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isRealDay = (iso: string) => ISO_DAY.test(iso) && new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso;

/** A reason is for a log line and an "unknown" field: short, whatever the input was. */
function expectWellFormedFailure(result: ParseResult<unknown>) {
  if (result.ok) return;
  expect(typeof result.reason).toBe('string');
  expect(result.reason.length).toBeGreaterThan(0);
  expect(result.reason.length).toBeLessThanOrEqual(200);
}

describe('page parsers on hostile text', () => {
  it('parseDate never throws; a result is a real calendar day', () => {
    checkProperty(
      'parsers',
      'parseDate: any text → real day or short reason',
      fc.property(hostileText, locale, today, (text, lang, day) => {
        const result = parseDate(text, lang, day);
        if (result.ok) expect(isRealDay(result.value), result.value).toBe(true);
        expectWellFormedFailure(result);
      }),
      500,
    );
  });

  it('findDate (dates inside "Jane Doe, 11/20/2026, 3:04 PM") never throws; a result is a real calendar day', () => {
    checkProperty(
      'parsers',
      'findDate: any text → real day or short reason',
      fc.property(hostileText, locale, today, (text, lang, day) => {
        const result = findDate(text, lang, day);
        if (result.ok) expect(isRealDay(result.value), result.value).toBe(true);
        expectWellFormedFailure(result);
      }),
      300,
    );
  });

  it('parseMoney, parsePercent and parseNumber never throw; results are finite and in range', () => {
    checkProperty(
      'parsers',
      'parseMoney/parsePercent/parseNumber: any text → finite value or short reason',
      fc.property(hostileText, locale, (text, lang) => {
        const money = parseMoney(text, lang);
        if (money.ok) {
          expect(Number.isFinite(money.value.value)).toBe(true);
          if (money.value.currency !== null) expect(money.value.currency).toMatch(/^[A-Z]{3}$/);
        }
        expectWellFormedFailure(money);
        const percent = parsePercent(text, lang);
        if (percent.ok) expect(percent.value >= 0 && percent.value <= 100).toBe(true);
        expectWellFormedFailure(percent);
        const number = parseNumber(text, lang);
        if (number.ok) expect(Number.isFinite(number.value)).toBe(true);
        expectWellFormedFailure(number);
      }),
      400,
    );
  });

  it('never turns a day that does not exist (31.02.2026, 29.02.2027, 31.04.2026, day 0) into a date, in any order or locale', () => {
    const monthName = (lang: string, month: number) => new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, month - 1, 15));
    checkProperty(
      'parsers',
      'impossible dates stay unknown',
      fc.property(
        impossibleDate,
        fc.constantFrom<DateOrder>('dmy', 'mdy', 'ymd'),
        fc.constantFrom('.', '/', '-', '. '),
        fc.boolean(),
        fc.constantFrom('en-US', 'en-GB', 'da', 'de-DE', 'fr-FR', 'ja-JP', 'sv', 'nl'),
        fc.boolean(),
        (date, order, separator, pad, lang, named) => {
          const text = named
            ? order === 'mdy'
              ? `${monthName(lang, date.month)} ${date.day}, ${date.year}`
              : `${date.day}. ${monthName(lang, date.month)} ${date.year}`
            : writeDate(date, order, separator, pad);
          const result = parseDate(text, lang, '2026-11-27');
          expect(result.ok, `${text} (${lang}) read as ${result.ok ? result.value : ''}`).toBe(false);
          const inStamp = findDate(`Jane Doe, ${text}, 3:04 PM`, lang, '2026-11-27');
          expect(inStamp.ok, `stamp with ${text} (${lang}) read as ${inStamp.ok ? inStamp.value : ''}`).toBe(false);
        },
      ),
      800,
    );
    countCases('parsers', 'impossible dates named in the issue', ['31.02.2026', '30.02.2026', '29.02.2027', '31.04.2026', '31.06.2026', '31.09.2026', '31.11.2026', '00.01.2026', '32.01.2026'], (text) => {
      for (const lang of ['da', 'de-DE', 'en-US', 'en-GB', 'fr-FR']) expect(parseDate(text, lang).ok, `${text} in ${lang}`).toBe(false);
    });
  });

  it('ignores bidi controls: a date or amount reads the same with them inserted anywhere', () => {
    const stamp = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true });
    const styles = fc.constantFrom<Intl.DateTimeFormatOptions>({ dateStyle: 'short' }, { dateStyle: 'medium' }, { dateStyle: 'long' }, { year: 'numeric', month: '2-digit', day: '2-digit' });
    const rtlLocales = fc.constantFrom('ar-EG', 'he-IL', 'fa-IR', 'ar-SA', 'da', 'en-US', 'de-DE');
    checkProperty(
      'parsers',
      'bidi controls do not change what a date or amount reads as',
      fc.property(stamp, styles, rtlLocales, fc.integer({ min: 0, max: 1e9 }), fc.nat(), (when, style, lang, amount, seed) => {
        const dateText = new Intl.DateTimeFormat(lang, { ...style, timeZone: 'UTC' }).format(when);
        const moneyText = new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' }).format(amount / 100);
        const [noisyDate, noisyMoney] = fc.sample(fc.tuple(withBidiControls(fc.constant(dateText)), withBidiControls(fc.constant(moneyText))), { seed, numRuns: 1 })[0]!;
        const strip = (r: ParseResult<unknown>) => (r.ok ? { ok: true, value: r.value } : { ok: false });
        expect(strip(parseDate(noisyDate, lang))).toEqual(strip(parseDate(dateText, lang)));
        expect(strip(parseMoney(noisyMoney, lang))).toEqual(strip(parseMoney(moneyText, lang)));
      }),
      300,
    );
  });

  it('reads no HTML or script payload as a date, amount or percentage', () => {
    checkProperty(
      'parsers',
      'HTML/script payloads are never values',
      fc.property(htmlPayload, fc.constantFrom(...LOCALES), (payload, lang) => {
        expect(parseDate(payload, lang, '2026-11-27').ok).toBe(false);
        expect(parseMoney(payload, lang).ok).toBe(false);
        expect(parsePercent(payload, lang).ok).toBe(false);
      }),
      300,
    );
  });

  it('takes no property of Object.prototype for a currency or a unit ("constructor 5", "5 toString")', () => {
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'toLocaleString', '__defineGetter__'];
    const texts = names.flatMap((name) => [`${name} 5`, `5 ${name}`, `${name}5`, `5 k${name}`]);
    countCases('parsers', 'Object.prototype names as currency text', texts, (text) => {
      for (const lang of ['en-US', 'da', 'de-DE']) {
        const money = parseMoney(text, lang);
        expect(money.ok && !(money.value.currency === null || /^[A-Z]{3}$/.test(money.value.currency)), `${text} (${lang}) gave currency ${money.ok ? String(money.value.currency) : ''}`).toBe(false);
        expect(money.ok, `${text} (${lang}) read as an amount`).toBe(false);
      }
    });
  });

  it('reads no number with separators in places no locale puts them', () => {
    checkProperty(
      'parsers',
      'wrongly grouped and mixed-separator numbers are not numbers',
      fc.property(fc.oneof(wronglyGroupedNumber, mixedSeparatorNumber), fc.constantFrom(...LOCALES), fc.constantFrom('', ' kr.', ' €', '$', 'USD '), (text, lang, currency) => {
        expect(parseNumber(text, lang).ok, `${text} in ${lang}`).toBe(false);
        const amount = currency.startsWith(' ') ? `${text}${currency}` : `${currency}${text}`;
        expect(parseMoney(amount, lang).ok, `${amount} in ${lang}`).toBe(false);
      }),
      500,
    );
  });

  it('answers a megabyte of text (or of bidi controls) quickly and without echoing it', () => {
    const huge = ['7'.repeat(1_048_576), '1,'.repeat(524_288), BIDI_CONTROLS.join('').repeat(90_000), '<script>'.repeat(131_072), `${'\u202e'.repeat(500_000)}27.11.2026`];
    countCases('parsers', 'megabyte strings', huge, (text) => {
      for (const result of [parseDate(text, 'da', '2026-11-27'), findDate(text, 'en-US'), parseMoney(text, 'da'), parsePercent(text, 'en-US'), parseNumber(text, 'de-DE')]) {
        expectWellFormedFailure(result);
      }
    });
  }, 30_000);

  it('reports its cases', () => {
    const { report } = writeAreaReport('parsers');
    expect(report.cases).toBeGreaterThan(0);
  });
});
