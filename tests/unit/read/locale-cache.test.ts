import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Locale data comes from Intl formatters, which are slow to build: these tests count what is built, on a fresh copy of
// the modules each time (their caches are module state).

type Counted = 'DateTimeFormat' | 'NumberFormat' | 'RelativeTimeFormat';
interface Construction {
  kind: Counted;
  locale: string;
  options: Record<string, unknown>;
}

let built: Construction[] = [];
const originals = { DateTimeFormat: Intl.DateTimeFormat, NumberFormat: Intl.NumberFormat, RelativeTimeFormat: Intl.RelativeTimeFormat };

beforeEach(() => {
  built = [];
  vi.resetModules();
  for (const kind of Object.keys(originals) as Counted[]) {
    const original = originals[kind] as unknown as new (...args: unknown[]) => object;
    (Intl as unknown as Record<Counted, unknown>)[kind] = new Proxy(original, {
      construct(target, args: unknown[]) {
        built.push({ kind, locale: String(args[0] ?? ''), options: (args[1] ?? {}) as Record<string, unknown> });
        return Reflect.construct(target, args) as object;
      },
    });
  }
});

afterEach(() => {
  Object.assign(Intl, originals);
});

const date = () => import('../../../src/read/date');
const number = () => import('../../../src/read/number');
const of = (kind: Counted) => built.filter((construction) => construction.kind === kind);
const TODAY = '2026-11-27';

describe('date locales are built once and only as far as needed', () => {
  it('builds a locale once, whatever its spelling: later dates in it construct no formatter', async () => {
    const { parseDate } = await date();
    expect(parseDate('27.11.2026', 'nb-NO')).toEqual({ ok: true, value: '2026-11-27' });
    expect(of('DateTimeFormat').length).toBeGreaterThan(0);
    built = [];
    expect(parseDate('1. desember 2026', 'nb-NO')).toEqual({ ok: true, value: '2026-12-01' });
    expect(parseDate('02.12.2026', 'nb-no')).toEqual({ ok: true, value: '2026-12-02' });
    expect(built).toEqual([]);
  });

  it('builds the English names every locale also understands once, not once per locale', async () => {
    const { parseDate } = await date();
    expect(parseDate('27.11.2026', 'de-DE')).toEqual({ ok: true, value: '2026-11-27' });
    expect(of('DateTimeFormat').some((construction) => construction.locale === 'en')).toBe(true);
    built = [];
    // A second locale still understands English month names, without building them again.
    expect(parseDate('27 November 2026', 'fi-FI')).toEqual({ ok: true, value: '2026-11-27' });
    expect(of('DateTimeFormat').length).toBeGreaterThan(0);
    expect(of('DateTimeFormat').filter((construction) => construction.locale === 'en')).toEqual([]);
  });

  it('looks a relative word up in the page language first and builds no other language when it is found there', async () => {
    const { parseDate } = await date();
    expect(parseDate('ieri', 'it-IT', TODAY)).toEqual({ ok: true, value: '2026-11-26' });
    expect(of('RelativeTimeFormat').map((construction) => construction.locale)).toEqual(['it-IT']);
  });

  it('builds "N days ago" templates only for a text with a number in it, and still knows the common languages', async () => {
    const { parseDate } = await date();
    expect(parseDate('not a date', 'it-IT', TODAY).ok).toBe(false);
    expect(of('RelativeTimeFormat').every((construction) => construction.options.numeric === 'auto')).toBe(true);
    // A Danish phrase on an Italian page: the common languages are consulted, in order, up to Danish.
    expect(parseDate('for 3 dage siden', 'it-IT', TODAY)).toEqual({ ok: true, value: '2026-11-24' });
    const templateLanguages = of('RelativeTimeFormat')
      .filter((construction) => construction.options.numeric === 'always')
      .map((construction) => construction.locale);
    expect(templateLanguages).toEqual(['it-IT', 'en', 'da']);
  });
});

describe('number locales build amount data only for amounts', () => {
  it('reads plain numbers without building currency symbols or scale words', async () => {
    const { parseNumber } = await number();
    expect(parseNumber('1.234,5', 'de-DE')).toEqual({ ok: true, value: 1234.5 });
    expect(of('NumberFormat').filter((construction) => construction.options.notation === 'compact')).toEqual([]);
    // One currency formatter: the decimal separator of amounts.
    expect(of('NumberFormat').filter((construction) => construction.options.style === 'currency')).toHaveLength(1);
  });

  it('builds symbols on the first amount, once per locale, and English scale words once for all locales', async () => {
    const { parseMoney } = await number();
    expect(parseMoney('1.234,50 kr.', 'da-DK')).toEqual({ ok: true, value: { value: 1234.5, currency: 'DKK' } });
    expect(of('NumberFormat').filter((construction) => construction.options.style === 'currency').length).toBeGreaterThan(10);
    built = [];
    expect(parseMoney('2.000,00 kr.', 'da-DK')).toEqual({ ok: true, value: { value: 2000, currency: 'DKK' } });
    expect(built).toEqual([]);
    expect(parseMoney('€45K', 'fr-FR')).toEqual({ ok: true, value: { value: 45_000, currency: 'EUR' } });
    expect(parseMoney('45 Mio. €', 'de-DE')).toEqual({ ok: true, value: { value: 45_000_000, currency: 'EUR' } });
    const englishCompact = of('NumberFormat').filter((construction) => construction.locale === 'en' && construction.options.notation === 'compact');
    expect(englishCompact).toHaveLength(2); // short and long, shared by fr-FR and de-DE
  });
});
