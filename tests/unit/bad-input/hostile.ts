import fc from 'fast-check';

/**
 * Generators of the text a hostile or broken page can show in a field: random Unicode, right-to-left text with bidi
 * controls, HTML and script payloads, huge strings, numbers with separators no locale uses, dates that do not exist.
 */

/** Every bidi control the parsers must ignore: marks, embeddings, overrides, isolates, the Arabic letter mark. */
export const BIDI_CONTROLS = ['\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

export const HTML_PAYLOADS = [
  '<script>document.title="pwned"</script>',
  '<img src=x onerror="document.title=\'pwned\'">',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '<iframe srcdoc="<script>parent.pwned=1</script>"></iframe>',
  '<style>*{display:none}</style>',
  '&lt;b&gt;bold&lt;/b&gt; &amp; &#x3C;script&#x3E;',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '<a href="javascript:alert(1)">27.11.2026</a>',
  '<template shadowrootmode="open"><img src=x onerror=alert(1)></template>',
  '__proto__',
  'constructor',
  '\u0000\u0001\u0007\u001b[31m',
];

const rtlLetters = fc.constantFrom(...'אבגדהוזחטיכלמנסעפצקרשתابتثجحخدذرزسشصضطظعغفقكلمنهوي'.split(''));
const arabicDigits = fc.constantFrom(...'٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹'.split(''));

/** Right-to-left text: Hebrew and Arabic letters, Arabic-Indic and Persian digits, separators and bidi controls. */
export const rtlText = fc.string({
  unit: fc.oneof(rtlLetters, arabicDigits, fc.constantFrom(...BIDI_CONTROLS), fc.constantFrom(' ', '/', '.', ',', '-', '٫', '٬', '،', '%', '٪', 'ر.س', '₪')),
  maxLength: 40,
});

/** Inserts bidi controls at random places of a text. */
export function withBidiControls(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(text, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BIDI_CONTROLS)), { maxLength: 6 }))
    .map(([base, inserts]) => {
      let out = base;
      for (const [at, control] of inserts) {
        const i = out.length ? at % (out.length + 1) : 0;
        out = out.slice(0, i) + control + out.slice(i);
      }
      return out;
    });
}

/** A string of about a megabyte: one generated chunk repeated (building a fresh random megabyte per run would be slow). */
export const hugeText = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), fc.constantFrom(1_000_000, 1_048_576))
  .map(([chunk, size]) => chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size));

export const htmlPayload = fc.oneof(
  fc.constantFrom(...HTML_PAYLOADS),
  fc.tuple(fc.constantFrom(...HTML_PAYLOADS), fc.string({ maxLength: 20 })).map(([payload, tail]) => `${payload}${tail}`),
);

/**
 * Digit groups joined by a separator in a way no locale writes numbers: a group (after the first) of one digit or of
 * four to six, so neither Western (1,234,567) nor Indian (12,34,567) grouping fits. With "." or "," the separator
 * appears at least twice, so it cannot be read as a single decimal separator.
 */
export const wronglyGroupedNumber = fc
  .record({
    first: fc.integer({ min: 1, max: 999 }),
    groups: fc.array(fc.oneof(fc.integer({ min: 1, max: 1 }), fc.integer({ min: 2, max: 6 })), { minLength: 1, maxLength: 4 }),
    bad: fc.oneof(fc.constant(1), fc.integer({ min: 4, max: 6 })),
    badAt: fc.nat(),
    separator: fc.constantFrom('.', ',', ' ', "'", '\u00a0', '\u202f'),
    digits: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 40, maxLength: 40 }),
  })
  .map(({ first, groups, bad, badAt, separator, digits }) => {
    const lengths = [...groups];
    lengths[badAt % lengths.length] = bad;
    if (separator === '.' || separator === ',') while (lengths.length < 2) lengths.push(bad === 1 ? 1 : 3);
    let k = 0;
    const group = (length: number) => Array.from({ length }, () => digits[k++ % digits.length]).join('');
    return [String(first), ...lengths.map(group)].join(separator);
  });

/** Two different separators used for grouping in one number ("1.234 567", "1,234.567.890"). */
export const mixedSeparatorNumber = fc
  .tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom(['.', ' '], [',', ' '], ["'", '.'], [' ', ',']))
  .map(([a, b, c, [s1, s2]]) => `${a}${s1}${String(b).padStart(3, '0')}${s2}${String(c).padStart(3, '0')}${s1}${String(c).padStart(3, '0')}`);

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A day, month and year that do not make a date: 31.02.2026, 29.02.2027, 31.04.2026, 30.02.2028, 0 or 32 as a day. */
export const impossibleDate = fc
  .record({ year: fc.integer({ min: 1990, max: 2099 }), month: fc.integer({ min: 1, max: 12 }), over: fc.integer({ min: 1, max: 3 }), zero: fc.boolean() })
  .map(({ year, month, over, zero }) => {
    const day = zero ? 0 : Math.min(daysIn(year, month) + over, 32);
    return { year, month, day };
  })
  .filter(({ year, month, day }) => day === 0 || day > daysIn(year, month));

/** Ways pages write a day, month and year, by the locale's order; the `order` says which locale order a format uses. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';
export function writeDate({ year, month, day }: { year: number; month: number; day: number }, order: DateOrder, separator: string, pad: boolean): string {
  const two = (n: number) => (pad ? String(n).padStart(2, '0') : String(n));
  if (order === 'ymd') return `${year}${separator}${two(month)}${separator}${two(day)}`;
  if (order === 'dmy') return `${two(day)}${separator}${two(month)}${separator}${year}`;
  return `${two(month)}${separator}${two(day)}${separator}${year}`;
}

/** Any text a field may show, hostile or broken, with the huge strings rare enough to keep runs fast. */
export const hostileText = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 80 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: rtlText, weight: 3 },
  { arbitrary: withBidiControls(fc.string({ maxLength: 30 })), weight: 2 },
  { arbitrary: htmlPayload, weight: 3 },
  { arbitrary: wronglyGroupedNumber, weight: 2 },
  { arbitrary: mixedSeparatorNumber, weight: 1 },
  { arbitrary: impossibleDate.map((date) => writeDate(date, 'dmy', '.', true)), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 2000, maxLength: 6000 }), weight: 1 },
  { arbitrary: hugeText, weight: 1 },
);
