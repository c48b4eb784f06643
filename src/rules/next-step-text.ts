import { findDate, parseDate } from '../read/date';

/** Reading a next step's free text, in the two languages the extension speaks (English and Danish). */
const LOCALES = ['en', 'da'] as const;

/**
 * The date a next step's text names, when English and Danish readings agree. Numeric dates are read month-first in
 * English and day-first in Danish, so "03.05.2026" (3 May or 5 March?) is ambiguous and ignored, while "25.03.2026",
 * "2026-03-25", "25 March 2026" and "12. marts 2026" are not. Relative words ("tomorrow", "i morgen") are never read:
 * nobody knows when the text was written. The first date found counts.
 */
export function dateInText(text: string): string | null {
  const readings = LOCALES.map((locale) => findDate(text, locale)).flatMap((result) => (result.ok ? [result.value] : []));
  return readings.length > 0 && readings.every((date) => date === readings[0]) ? readings[0]! : null;
}

/** Whether the text names any day at all, ambiguous or relative ("tomorrow", "in 3 days", "i morgen", "om 3 dage"). */
export function mentionsDate(text: string, today: string): boolean {
  if (LOCALES.some((locale) => findDate(text, locale, today).ok)) return true;
  // findDate reads a relative day only when it fills a comma-separated piece: look for one in runs of up to four words.
  const words = text.slice(0, 300).split(/[\s,;:()]+/).filter(Boolean);
  for (let size = 1; size <= Math.min(4, words.length); size++) {
    for (let start = 0; start + size <= words.length; start++) {
      const run = words.slice(start, start + size).join(' ');
      if (LOCALES.some((locale) => parseDate(run, locale, today).ok)) return true;
    }
  }
  return false;
}

/** Lower case, letters and digits only, single spaces: "Follow-up!" → "follow up". */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

/** Words with at least one letter: a bare number or date is not a word. */
export function wordsOf(normalized: string): string[] {
  return normalized.split(' ').filter((word) => /\p{L}/u.test(word));
}
