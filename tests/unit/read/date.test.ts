import { describe, expect, it } from 'vitest';
import { findDate, parseDate } from '../../../src/read/date';

const TODAY = '2026-11-27';

/** Asserts a parse succeeded with `value`, showing the reason when it did not. */
function expectDate(result: ReturnType<typeof parseDate>, value: string) {
  expect(result).toEqual({ ok: true, value });
}

function expectRejected(result: ReturnType<typeof parseDate>, reason?: RegExp) {
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.reason).toBeTruthy();
    if (reason) expect(result.reason).toMatch(reason);
  }
}

describe('parseDate: ISO and numeric dates', () => {
  it.each([
    ['2026-11-27', 'en-US', '2026-11-27'],
    ['2026-11-27T15:04:05Z', 'da-DK', '2026-11-27'],
    ['2026-11-27 15:04', 'de-DE', '2026-11-27'],
    ['2026-1-5', 'en-US', '2026-01-05'],
  ])('reads ISO %s', (text, locale, value) => expectDate(parseDate(text, locale), value));

  it.each([
    // The locale decides the order of day and month.
    ['11/20/2026', 'en-US', '2026-11-20'],
    ['20/11/2026', 'en-GB', '2026-11-20'],
    ['02/10/2026', 'en-US', '2026-02-10'],
    ['02/10/2026', 'en-GB', '2026-10-02'],
    ['02.10.2026', 'da-DK', '2026-10-02'],
    ['2.10.2026', 'de-DE', '2026-10-02'],
    ['02-10-2026', 'nl-NL', '2026-10-02'],
    ['7. 11. 2026', 'cs-CZ', '2026-11-07'],
    ['07. 11. 2026.', 'hr-HR', '2026-11-07'],
    ['2026. 11. 07.', 'hu-HU', '2026-11-07'],
    ['2026/11/07', 'ja-JP', '2026-11-07'],
    ['7.11.26 г.', 'bg-BG', '2026-11-07'],
    // A four-digit first number is the year, whatever the locale.
    ['2026/11/27', 'en-US', '2026-11-27'],
    ['2026.11.27', 'de-DE', '2026-11-27'],
    // An unknown or malformed locale falls back to English.
    ['11/20/2026', 'xx-invalid-locale-!!', '2026-11-20'],
  ])('reads %s in %s', (text, locale, value) => expectDate(parseDate(text, locale), value));

  it.each([
    ['11/20/26', 'en-US', '2026-11-20'],
    ['20.11.26', 'de-DE', '2026-11-20'],
    ['01/02/99', 'en-US', '1999-01-02'],
    ['31.12.69', 'da-DK', '2069-12-31'],
    ['01.01.70', 'da-DK', '1970-01-01'],
    ['26. 11. 7.', 'ko-KR', '2026-11-07'],
    ['27-Nov-26', 'en-US', '2026-11-27'],
  ])('reads the two-digit year in %s (%s) as 1970–2069', (text, locale, value) => expectDate(parseDate(text, locale), value));

  it.each([
    ['31.02.2026', 'da-DK', /no such date/],
    ['02/31/2026', 'en-US', /no such date/],
    ['29.02.2026', 'de-DE', /no such date/],
    ['2026-02-30', 'en-US', /no such date/],
    ['2026-13-01', 'en-US', /month 13/],
    ['13/13/2026', 'en-US', /month 13/],
    ['20/11/2026', 'en-US', /month 20/], // a British date on an American page is not guessed
    ['00.11.2026', 'da-DK', /no such date/],
  ])('rejects the impossible date %s (%s) with a reason', (text, locale, reason) => expectRejected(parseDate(text, locale), reason));

  it('accepts 29 February in a leap year only', () => {
    expectDate(parseDate('29.02.2024', 'da-DK'), '2024-02-29');
    expectRejected(parseDate('29.02.2100', 'da-DK'), /no such date/);
  });

  it.each([
    ['1/2/3', 'en-US'], // one-digit year
    ['11/20/202', 'en-US'], // three-digit year
    ['11/20-2026', 'en-US'], // mixed separators
    ['27 11 2026', 'en-GB'], // spaces only
    ['11/2026/20', 'en-US'],
    ['123/1/2026', 'en-US'],
  ])('rejects the malformed numeric date %s', (text, locale) => expectRejected(parseDate(text, locale)));
});

describe('parseDate: month names', () => {
  // Medium and long forms as Intl prints them, and the abbreviations people type.
  it.each([
    ['Nov 27, 2026', 'en-US'],
    ['November 27, 2026', 'en-US'],
    ['27 Nov 2026', 'en-GB'],
    ['27 November 2026', 'en-GB'],
    ['27th November 2026', 'en-GB'],
    ['Friday, 27 November 2026', 'en-GB'],
    ['27-NOV-2026', 'en-US'],
    ['27. nov. 2026', 'da-DK'],
    ['27. november 2026', 'da-DK'],
    ['fredag den 27. november 2026', 'da-DK'],
    ['27. Nov. 2026', 'de-DE'],
    ['27. November 2026', 'de-DE'],
    ['27 nov. 2026', 'fr-FR'],
    ['27 novembre 2026', 'fr-FR'],
    ['27 nov 2026', 'es-ES'],
    ['27 de noviembre de 2026', 'es-ES'],
    ['27 nov 2026', 'nl-NL'],
    ['27 november 2026', 'nl-NL'],
    ['27 nov. 2026', 'sv-SE'],
    ['27 november 2026', 'sv-SE'],
    ['27. nov. 2026', 'nb-NO'],
    ['27. november 2026', 'nb-NO'],
    ['27. marraskuuta 2026', 'fi-FI'],
    ['27. marrask. 2026', 'fi-FI'],
    ['27. marraskuu 2026', 'fi-FI'],
    ['27 nov 2026', 'it-IT'],
    ['27 novembre 2026', 'it-IT'],
    ['27 de novembro de 2026', 'pt-PT'],
    ['27 de nov. de 2026', 'pt-BR'],
    ['sexta-feira, 27 de novembro de 2026', 'pt-BR'],
  ])('reads %s (%s)', (text, locale) => expectDate(parseDate(text, locale), '2026-11-27'));

  it.each([
    ['3 März 2026', 'de-DE', '2026-03-03'],
    ['3. Mär 2026', 'de-DE', '2026-03-03'],
    ['27. Sep 2026', 'de-DE', '2026-09-27'], // a unique prefix of "September"
    ['1er février 2026', 'fr-FR', '2026-02-01'],
    ['3 févr. 2026', 'fr-FR', '2026-02-03'],
    ['3 août 2026', 'fr-FR', '2026-08-03'],
    ['3 de sept. de 2026', 'es-ES', '2026-09-03'],
    ['27 mar 2026', 'es-ES', '2026-03-27'], // "mar" is also Tuesday in Spanish
    ['mar, 27 oct 2026', 'es-ES', '2026-10-27'],
    ['3 mrt 2026', 'nl-NL', '2026-03-03'],
    ['3 maart 2026', 'nl-NL', '2026-03-03'],
    ['3 maj 2026', 'sv-SE', '2026-05-03'],
    ['3. mai 2026', 'nb-NO', '2026-05-03'],
    ['3. toukokuuta 2026', 'fi-FI', '2026-05-03'],
    ['3 mag 2026', 'it-IT', '2026-05-03'],
    ['3 de fev. de 2026', 'pt-PT', '2026-02-03'],
    ['Sept 3, 2026', 'en-US', '2026-09-03'],
    ['3 June 2026', 'en-GB', '2026-06-03'],
  ])('reads the abbreviation or month in %s (%s)', (text, locale, value) => expectDate(parseDate(text, locale), value));

  it('always understands English month names', () => {
    expectDate(parseDate('Nov 27, 2026', 'da-DK'), '2026-11-27');
    expectDate(parseDate('27 November 2026', 'fi-FI'), '2026-11-27');
    expectDate(parseDate('Mar 3, 2026', 'de-DE'), '2026-03-03');
  });

  it.each([
    ['2026年11月27日', 'ja-JP'],
    ['2026年11月27日', 'zh-CN'],
    ['2026년 11월 27일', 'ko-KR'],
    ['2026 m. lapkričio 27 d.', 'lt-LT'],
    ['2026. gada 27. novembris', 'lv-LV'],
    ['27 нояб. 2026 г.', 'ru-RU'],
    ['27 בנוב׳ 2026', 'he-IL'],
    ['٢٧ نوفمبر ٢٠٢٦', 'ar-EG'],
    ['٢٧/١١/٢٠٢٦', 'ar-EG'],
    ['۲۰۲۶-۱۱-۲۷', 'fa-IR'],
    ['27 พ.ย. 2569', 'th-TH'], // Buddhist era
    ['27 thg 11, 2026', 'vi-VN'],
    ['2026(e)ko azaroaren 27(a)', 'eu-ES'],
  ])('reads %s (%s)', (text, locale) => expectDate(parseDate(text, locale), '2026-11-27'));

  it.each([
    ['Nov 27', 'en-US', /no day and year/],
    ['November 2026', 'en-US', /no day and year/],
    ['32 Nov 2026', 'en-GB', /no such date/],
    ['30 February 2026', 'en-GB', /no such date/],
    ['27 Nov Dec 2026', 'en-GB', /not a date/],
    ['27 Foo 2026', 'en-GB', /not a date/],
    ['27 Nov 26 2026', 'en-GB', /no day and year/],
  ])('rejects %s (%s)', (text, locale, reason) => expectRejected(parseDate(text, locale), reason));
});

describe('parseDate: relative dates', () => {
  it.each([
    ['today', 'en-US', '2026-11-27'],
    ['Yesterday', 'en-US', '2026-11-26'],
    ['tomorrow', 'en-GB', '2026-11-28'],
    ['3 days ago', 'en-US', '2026-11-24'],
    ['1 day ago', 'en-US', '2026-11-26'],
    ['in 5 days', 'en-US', '2026-12-02'],
    ['i dag', 'da-DK', '2026-11-27'],
    ['i går', 'da-DK', '2026-11-26'],
    ['i forgårs', 'da-DK', '2026-11-25'],
    ['for 3 dage siden', 'da-DK', '2026-11-24'],
    ['for 1 dag siden', 'da-DK', '2026-11-26'],
    ['om 3 dage', 'da-DK', '2026-11-30'],
    ['vor 3 Tagen', 'de-DE', '2026-11-24'],
    ['gestern', 'de-DE', '2026-11-26'],
    ["aujourd'hui", 'fr-FR', '2026-11-27'],
    ['aujourd’hui', 'fr-FR', '2026-11-27'],
    ['il y a 3 jours', 'fr-FR', '2026-11-24'],
    ['hace 2 días', 'es-ES', '2026-11-25'],
    ['3 dagen geleden', 'nl-NL', '2026-11-24'],
    ['igår', 'sv-SE', '2026-11-26'],
    ['för 3 dagar sedan', 'sv-SE', '2026-11-24'],
    ['i morgen', 'nb-NO', '2026-11-28'],
    ['for 3 dager siden', 'nb-NO', '2026-11-24'],
    ['3 päivää sitten', 'fi-FI', '2026-11-24'],
    ['2 giorni fa', 'it-IT', '2026-11-25'],
    ['há 2 dias', 'pt-BR', '2026-11-25'],
    ['przedwczoraj', 'pl-PL', '2026-11-25'], // the page's own language, from Intl
    ['3 дня назад', 'ru-RU', '2026-11-24'],
    ['3日前', 'ja-JP', '2026-11-24'],
    ['yesterday at 3:04 PM', 'en-US', '2026-11-26'],
    ['i går kl. 14.22', 'da-DK', '2026-11-26'],
    ['for 40 dage siden', 'da-DK', '2026-10-18'], // across a month end
  ])('reads %s (%s)', (text, locale, value) => expectDate(parseDate(text, locale, TODAY), value));

  it('understands the common languages on any page', () => {
    expectDate(parseDate('yesterday', 'da-DK', TODAY), '2026-11-26');
    expectDate(parseDate('i går', 'en-US', TODAY), '2026-11-26');
  });

  it('needs a reference day', () => {
    expectRejected(parseDate('yesterday', 'en-US'), /reference day/);
    expectRejected(parseDate('for 3 dage siden', 'da-DK'), /reference day/);
    expectRejected(parseDate('yesterday', 'en-US', '27/11/2026'), /YYYY-MM-DD/);
  });

  it.each(['3 weeks and 2 days ago', 'some days ago', 'ago', 'for dage siden', '3 4 days ago'])('rejects %s', (text) =>
    expectRejected(parseDate(text, 'en-US', TODAY)),
  );
});

describe('parseDate: times and noise', () => {
  it.each([
    ['11/27/2026, 3:04 PM', 'en-US'],
    ['11/27/2026 3:04 pm PST', 'en-US'],
    ['Nov 27, 2026 at 3:04:05 PM', 'en-US'],
    ['27.11.2026 14.22', 'da-DK'],
    ['27.11.2026, 14.22', 'da-DK'],
    ['27. nov. 2026 kl. 14.22', 'da-DK'],
    ['27.11.2026, 15:04', 'de-DE'],
    ['27. November 2026 um 15:04 Uhr', 'de-DE'],
    ['27/11/2026 15:04', 'fr-FR'],
    ['27 novembre 2026 à 15:04:05', 'fr-FR'],
    ['27.11.2026 klo 0.00', 'fi-FI'],
    ['27 novembre 2026 alle ore 15:04', 'it-IT'],
    ['27 de novembro de 2026 às 15:04', 'pt-BR'],
    ['2026. 11. 27. 오후 3:04', 'ko-KR'],
    ['2026年11月27日 15:04', 'zh-CN'],
    ['27 нояб. 2026 г., 15:04', 'ru-RU'],
    ['  27.11.2026  ', 'da-DK'],
    ['(11/27/2026)', 'en-US'],
    ['27.11.2026,', 'da-DK'],
    ['\u200f27.11.2026\u200f', 'he-IL'],
  ])('ignores the time or noise in %s (%s)', (text, locale) => expectDate(parseDate(text, locale, TODAY), '2026-11-27'));

  it('does not mistake a short date after a weekday for a time', () => {
    expectDate(parseDate('Sa. 07.11.26', 'de-DE'), '2026-11-07');
  });

  it.each(['', '   ', 'hello', '2026', 'N/A', '—', 'x'.repeat(200), 'Nov', '15:04'])('rejects %j', (text) =>
    expectRejected(parseDate(text, 'en-US', TODAY)),
  );

  it('reads only the page locale\'s own digits besides ASCII', () => {
    expectRejected(parseDate('٣/١٥/٢٠٢٦', 'en-US'));
    expectRejected(parseDate('𝟙𝟚/𝟙𝟝/𝟚𝟘𝟚𝟞', 'en-US'));
    expectDate(parseDate('١٥/٣/٢٠٢٦', 'ar-EG'), '2026-03-15'); // ar-EG is day/month/year
  });
});

describe('findDate', () => {
  it.each([
    ['Jane Doe, 11/20/2026, 3:04 PM', 'en-US', '2026-11-20'],
    ['Mette Hansen, 02.10.2026 14.22', 'da-DK', '2026-10-02'],
    ['Jane Doe, 20.11.2026 15.04', 'de-DE', '2026-11-20'],
    ['Jane Doe 11/20/2026 3:04 PM', 'en-US', '2026-11-20'],
    ['Created by Jane on 27 Nov 2026 at 15:04', 'en-GB', '2026-11-27'],
    ['May Smith, 11/20/2026', 'en-US', '2026-11-20'], // a name that is a month
    ['Jane Doe, yesterday at 3:04 PM', 'en-US', '2026-11-26'],
    ['Mette Hansen, i går kl. 14.22', 'da-DK', '2026-11-26'],
    ['11/20/2026', 'en-US', '2026-11-20'],
    ['Jane Doe, (11/20/2026)', 'en-US', '2026-11-20'],
  ])('finds the date in %s', (text, locale, value) => expectDate(findDate(text, locale, TODAY), value));

  it.each([
    'Jane Doe',
    'Jane Doe, 3:04 PM',
    '',
    'Jane Doe, 02/31/2026, 3:04 PM',
    'Jane Doe, yesterday at noon-ish', // a relative word must fill its comma-separated piece
  ])('finds none in %j', (text) =>
    expectRejected(findDate(text, 'en-US', TODAY)),
  );
});
