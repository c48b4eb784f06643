import { describe, expect, it } from 'vitest';
import { parseMoney, parseNumber, parsePercent } from '../../../src/read/number';

const NBSP = '\u00a0';
const NNBSP = '\u202f'; // narrow no-break space: French and Nordic group separator in Intl

function expectRejected(result: { ok: boolean; reason?: string }, reason?: RegExp) {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.reason).toBeTruthy();
    if (reason) expect(result.reason).toMatch(reason);
  }
}

describe('parseNumber', () => {
  it.each([
    ['1,234.56', 'en-US', 1234.56],
    ['1.234,56', 'da-DK', 1234.56],
    [`1${NNBSP}234${NNBSP}567,89`, 'fr-FR', 1234567.89],
    [`1${NBSP}234,5`, 'sv-SE', 1234.5],
    ['1 234,5', 'nb-NO', 1234.5],
    ["1'234'567.89", 'de-CH', 1234567.89],
    ['1’234’567.89', 'de-CH', 1234567.89],
    ['12,34,567.00', 'en-IN', 1234567],
    ['12,34,567', 'en-IN', 1234567],
    ['1234567', 'en-US', 1234567],
    ['0.5', 'en-US', 0.5],
    ['-1,234.5', 'en-US', -1234.5],
    ['\u22121 234,5', 'sv-SE', -1234.5],
    ['+42', 'en-US', 42],
    ['(1,000.00)', 'en-US', -1000],
    ['1.234,50-', 'de-DE', -1234.5],
    ['١٬٢٣٤٫٥', 'ar-EG', 1234.5],
    ['۱۲۳٬۴۵۶', 'fa-IR', 123456],
  ])('reads %s in %s', (text, locale, value) => expect(parseNumber(text, locale)).toEqual({ ok: true, value }));

  it('lets the locale decide a lone separator followed by three digits', () => {
    expect(parseNumber('1,234', 'en-US')).toEqual({ ok: true, value: 1234 });
    expect(parseNumber('1,234', 'da-DK')).toEqual({ ok: true, value: 1.234 });
    expect(parseNumber('1.234', 'da-DK')).toEqual({ ok: true, value: 1234 });
    expect(parseNumber('1.234', 'en-US')).toEqual({ ok: true, value: 1.234 });
  });

  it('reads a lone separator as decimal when it cannot be a group separator', () => {
    expect(parseNumber('1.5', 'da-DK')).toEqual({ ok: true, value: 1.5 });
    expect(parseNumber('1,25', 'en-US')).toEqual({ ok: true, value: 1.25 });
    expect(parseNumber('0,250', 'en-US')).toEqual({ ok: true, value: 0.25 });
    expect(parseNumber('1234,567', 'en-US')).toEqual({ ok: true, value: 1234.567 });
    expect(parseNumber('1 234.567', 'fr-FR')).toEqual({ ok: true, value: 1234.567 }); // spaces group, so "." is decimal
  });

  it.each([
    ['', /blank/],
    ['   ', /blank/],
    ['abc', /not a number/],
    ['1.2.3,4,5', /not a number/],
    ['1,2,3', /not a number/],
    ['12 34', /not a number/],
    ['1.234 567', /not a number/],
    ['1,234.567,8', /not a number/],
    ['1e5', /not a number/],
    ['Infinity', /not a number/],
    ['--5', /not a number/],
    ['(-5)', /not a number/],
    ['5.', /not a number/],
    ['.5', /not a number/],
    ['1'.repeat(80), /too long/],
    ['١٬٢٣٤', /not a number/], // Arabic-Indic digits are read on Arabic pages only
  ])('rejects %j', (text, reason) => expectRejected(parseNumber(text, 'en-US'), reason));
});

describe('parseMoney', () => {
  it.each([
    ['$250,000.00', 'en-US', 250000, 'USD'],
    ['1.250.000,00 kr.', 'da-DK', 1250000, 'DKK'],
    ['DKK 1,250,000.00', 'da-DK', 1250000, 'DKK'],
    ['DKK 1,250,000.00', 'en-US', 1250000, 'DKK'],
    ['€45K', 'en-US', 45000, 'EUR'],
    ['1,2 mio. kr.', 'da-DK', 1200000, 'DKK'],
    [`250${NNBSP}000 €`, 'fr-FR', 250000, 'EUR'],
    [`250${NBSP}000,50${NBSP}€`, 'fr-FR', 250000.5, 'EUR'],
    ["CHF 1'250.50", 'de-CH', 1250.5, 'CHF'],
    ["CHF 1'250.50", 'en-US', 1250.5, 'CHF'],
    ['1.250.000,00 kr', 'sv-SE', 1250000, 'SEK'],
    ['1 250 000 kr', 'nb-NO', 1250000, 'NOK'],
    ['kr 1.250', 'sv-SE', 1250, 'SEK'],
    ['1.250,- kr.', 'da-DK', 1250, 'DKK'],
    ['Dkr 100', 'sv-SE', 100, 'DKK'],
    ['£1,000', 'en-GB', 1000, 'GBP'],
    ['$1,000', 'en-GB', 1000, 'USD'],
    ['$1,000', 'en-CA', 1000, 'CAD'],
    ['$250,000.00', 'es-MX', 250000, 'MXN'],
    ['US$ 1.234,50', 'pt-BR', 1234.5, 'USD'],
    ['R$ 1.234,50', 'pt-BR', 1234.5, 'BRL'],
    ['1 234,50 $ US', 'fr-CA', 1234.5, 'USD'],
    ['1 234,50 $', 'fr-CA', 1234.5, 'CAD'],
    ['¥1,234', 'ja-JP', 1234, 'JPY'],
    ['¥1,234', 'zh-CN', 1234, 'CNY'],
    ['￥1,234', 'ja-JP', 1234, 'JPY'],
    ['12,34,567.50 ₹', 'en-IN', 1234567.5, 'INR'],
    ['1 234,50 zł', 'pl-PL', 1234.5, 'PLN'],
    ['1 234,50 Kč', 'cs-CZ', 1234.5, 'CZK'],
    ['usd 100', 'en-US', 100, 'USD'],
    ['100 eur', 'de-DE', 100, 'EUR'],
  ])('reads %s (%s) as %d %s', (text, locale, value, currency) => expect(parseMoney(text, locale)).toEqual({ ok: true, value: { value, currency } }));

  it.each([
    ['-$1,234.50', 'en-US', -1234.5, 'USD'],
    ['$-1,234.50', 'en-US', -1234.5, 'USD'],
    ['($1,234.50)', 'en-US', -1234.5, 'USD'],
    ['$(1,234.50)', 'en-US', -1234.5, 'USD'],
    ['(1,000.00)', 'en-US', -1000, null],
    ['US$ -1.234,50', 'nl-NL', -1234.5, 'USD'],
    ['\u22121 234,50 €', 'fr-FR', -1234.5, 'EUR'],
    ['1.234,50- €', 'de-DE', -1234.5, 'EUR'],
    ['1.234,50 €-', 'de-DE', -1234.5, 'EUR'],
  ])('reads the negative amount %s (%s)', (text, locale, value, currency) =>
    expect(parseMoney(text, locale)).toEqual({ ok: true, value: { value, currency } }),
  );

  it.each([
    ['1.2M', 'en-US', 1200000, null],
    ['1.2m', 'en-US', 1200000, null],
    ['$1.2MM', 'en-US', 1200000, 'USD'],
    ['USD 1.2M', 'en-US', 1200000, 'USD'],
    ['€45K', 'de-DE', 45000, 'EUR'],
    ['45 k€', 'fr-FR', 45000, 'EUR'],
    ['1,5 Mrd. €', 'de-DE', 1500000000, 'EUR'],
    ['1,5 Mio. €', 'de-DE', 1500000, 'EUR'],
    ['3,4 mia. kr.', 'da-DK', 3400000000, 'DKK'],
    ['45 t kr.', 'da-DK', 45000, 'DKK'],
    ['45 tkr', 'sv-SE', 45000, 'SEK'],
    ['2 mkr', 'sv-SE', 2000000, 'SEK'],
    ['1,2 mln zł', 'pl-PL', 1200000, 'PLN'],
    ['792 mil MXN', 'es-ES', 792000, 'MXN'],
    ['120万円', 'ja-JP', 1200000, 'JPY'],
    ['€12L', 'en-IN', 1200000, 'EUR'],
    ['1.2 million', 'en-US', 1200000, null],
    ['0.07K', 'en-US', 70, null], // no float noise
  ])('reads the abbreviated amount %s (%s)', (text, locale, value, currency) =>
    expect(parseMoney(text, locale)).toEqual({ ok: true, value: { value, currency } }),
  );

  it('leaves the currency unknown when the symbol does not say which', () => {
    expect(parseMoney('1,250 kr.', 'en-US')).toEqual({ ok: true, value: { value: 1250, currency: null } });
    expect(parseMoney('1,250.00', 'en-US')).toEqual({ ok: true, value: { value: 1250, currency: null } });
  });

  it('keeps the cents of three-decimal currencies', () => {
    expect(parseMoney('KWD 1.234', 'en-US')).toEqual({ ok: true, value: { value: 1.234, currency: 'KWD' } });
  });

  it.each([
    ['lots of money', /not an amount/],
    ['1.2.3,4,5', /not an amount/],
    ['', /blank/],
    ['$', /not an amount/],
    ['100 apples', /unknown currency or unit "apples"/],
    ['EUR 100 USD', /unknown currency or unit/],
    ['5 %', /unknown currency or unit/],
    ['ABC 100', /unknown currency or unit/],
    ['$1,000 and $2,000', /not an amount/],
    ['1 2 3', /not an amount/],
    ['--5 €', /not an amount/],
    ['5 €-€', /not an amount/],
    ['-5 €-', /not an amount/],
    ['-(5) €', /unknown currency or unit/],
    ['12 34 €', /not an amount/],
    ['1.234.5 €', /not an amount/],
    ['x'.repeat(100), /too long/],
  ])('rejects %j', (text, reason) => expectRejected(parseMoney(text, 'en-US'), reason));
});

describe('parsePercent', () => {
  it.each([
    ['75%', 'en-US', 75],
    ['75 %', 'fr-FR', 75],
    [`75${NBSP}%`, 'da-DK', 75],
    [`40,5${NNBSP}%`, 'fr-FR', 40.5],
    ['40,5 %', 'da-DK', 40.5],
    ['40.5%', 'en-US', 40.5],
    ['%41', 'tr-TR', 41],
    ['% 41', 'eu-ES', 41],
    ['٤١٪', 'ar-EG', 41],
    ['0%', 'en-US', 0],
    ['100%', 'en-US', 100],
    ['75', 'en-US', 75],
  ])('reads %s (%s)', (text, locale, value) => expect(parsePercent(text, locale)).toEqual({ ok: true, value }));

  it.each([
    ['1000%', /out of range/],
    ['100.5%', /out of range/],
    ['-5%', /out of range/],
    ['abc%', /not a percentage/],
    ['75%%', /not a percentage/],
    ['%', /not a percentage/],
    ['', /blank/],
  ])('rejects %j', (text, reason) => expectRejected(parsePercent(text, 'en-US'), reason));
});
