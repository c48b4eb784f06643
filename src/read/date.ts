/** Locale-aware parsing of the dates CRMs show. Month names come from Intl, so every locale it knows works. */

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const normalize = (text: string) =>
  text
    .normalize('NFC')
    .toLocaleLowerCase()
    .replace(/[\u200e\u200f]/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .trim();
const monthKey = (name: string) => normalize(name).replace(/\./g, '');

type Order = ('day' | 'month' | 'year')[];
const localeCache = new Map<string, { order: Order; months: Map<string, number> }>();

function localeInfo(locale: string) {
  let info = localeCache.get(locale);
  if (info) return info;
  let resolved = 'en';
  try {
    resolved = Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? 'en';
  } catch {
    resolved = 'en';
  }
  const parts = new Intl.DateTimeFormat(resolved, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(
    new Date(Date.UTC(2026, 10, 27)),
  );
  const order = parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type) as Order;
  const months = new Map<string, number>();
  // English names are always understood: many CRMs show them whatever the user's locale.
  for (const lang of [resolved, 'en']) {
    for (const style of ['long', 'short'] as const) {
      for (const context of ['format', 'standalone'] as const) {
        for (let month = 0; month < 12; month++) {
          const date = new Date(Date.UTC(2026, month, 15));
          const name =
            context === 'format'
              ? new Intl.DateTimeFormat(lang, { day: 'numeric', month: style, timeZone: 'UTC' })
                  .formatToParts(date)
                  .find((p) => p.type === 'month')?.value
              : new Intl.DateTimeFormat(lang, { month: style, timeZone: 'UTC' }).format(date);
          if (name && !/^\d+$/.test(name)) {
            const key = monthKey(name);
            if (!months.has(key)) months.set(key, month + 1);
          }
        }
      }
    }
  }
  info = { order: order.length === 3 ? order : ['month', 'day', 'year'], months };
  localeCache.set(locale, info);
  return info;
}

function iso(year: number, month: number, day: number): ParseResult<string> {
  if (year < 100) year += 2000;
  if (month < 1 || month > 12) return { ok: false, reason: `month ${month} out of range` };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, reason: `no such date: ${year}-${month}-${day}` };
  }
  return { ok: true, value: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const RELATIVE: { pattern: RegExp; days: (n: number) => number }[] = [
  { pattern: /^(today|i dag|heute|aujourd'hui|hoy|vandaag|idag|i dag|tänään|oggi|hoje)$/, days: () => 0 },
  { pattern: /^(yesterday|i går|gestern|hier|ayer|gisteren|igår|eilen|ieri|ontem)$/, days: () => -1 },
  { pattern: /^(tomorrow|i morgen|morgen|demain|mañana|imorgon|huomenna|domani|amanhã)$/, days: () => 1 },
  { pattern: /^(\d+) days? ago$/, days: (n) => -n },
  { pattern: /^for (\d+) dage? siden$/, days: (n) => -n },
  { pattern: /^vor (\d+) tag(?:en)?$/, days: (n) => -n },
  { pattern: /^in (\d+) days?$/, days: (n) => n },
  { pattern: /^om (\d+) dage?$/, days: (n) => n },
];

/**
 * Parses one date as a page shows it: ISO, numeric in the locale's order, with month names, or relative
 * ("yesterday", "for 3 dage siden", which need `today`). Times after the date are ignored.
 */
export function parseDate(input: string, locale: string, today?: string): ParseResult<string> {
  const text = normalize(input).replace(/\s+/g, ' ');
  if (!text) return { ok: false, reason: 'blank' };
  if (text.length > 100) return { ok: false, reason: 'too long for a date' };

  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ][\d:.z+-]*)?$/.exec(text);
  if (isoMatch) return iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));

  for (const { pattern, days } of RELATIVE) {
    const match = pattern.exec(text);
    if (match) {
      if (!today) return { ok: false, reason: 'relative date without a reference day' };
      return { ok: true, value: addDays(today, days(Number(match[1] ?? 0))) };
    }
  }

  // Drop a trailing time ("3:04 pm", "15.04", "kl 15:04") that follows the date.
  const dateOnly = text.replace(/[, ]+(kl |um |à |at )?\d{1,2}[:.]\d{2}([:.]\d{2})?( ?[ap]m)?( [a-z]{2,5})?$/, '').replace(/,$/, '');
  const { order, months } = localeInfo(locale);

  const numeric = /^(\d{1,4})[/.\- ] ?(\d{1,2})[/.\- ] ?(\d{1,4})$/.exec(dateOnly);
  if (numeric) {
    const values = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
    if (numeric[1]!.length === 4) return iso(values[0]!, values[1]!, values[2]!); // year first is unambiguous
    const byPart = Object.fromEntries(order.map((part, i) => [part, values[i]!])) as Record<'day' | 'month' | 'year', number>;
    if (String(byPart.year).length < 2 && numeric[3]!.length < 2) return { ok: false, reason: 'no year' };
    return iso(byPart.year, byPart.month, byPart.day);
  }

  // Text month: tokens are a day, a month name and a year, in any order ("nov 27 2026", "27 nov 2026", "27 de noviembre de 2026").
  const tokens = dateOnly.split(/[\s,/-]+/).filter((t) => t && !['de', 'del', 'den', 'the', 'of', 'à'].includes(t));
  let month: number | undefined;
  const numbers: string[] = [];
  for (const raw of tokens) {
    const token = monthKey(raw);
    if (/^\d+(?:st|nd|rd|th|e|er)?$/.test(token)) {
      numbers.push(token.replace(/\D/g, ''));
      continue;
    }
    const found = months.get(token) ?? (token.length >= 3 ? [...months].find(([name]) => name.startsWith(token))?.[1] : undefined);
    if (found === undefined || month !== undefined) return { ok: false, reason: `not a date: "${input.slice(0, 60)}"` };
    month = found;
  }
  if (month === undefined || numbers.length !== 2) return { ok: false, reason: `not a date: "${input.slice(0, 60)}"` };
  const yearIndex = numbers.findIndex((n) => n.length === 4);
  if (yearIndex < 0) return { ok: false, reason: 'no four-digit year' };
  const day = Number(numbers[1 - yearIndex]);
  return iso(Number(numbers[yearIndex]), month, day);
}

/** Finds a date inside a longer text such as "Jane Doe, 20.11.2026 15.04" (Salesforce's "Last Modified By"). */
export function findDate(input: string, locale: string, today?: string): ParseResult<string> {
  const whole = parseDate(input, locale, today);
  if (whole.ok) return whole;
  const chunks = input.split(',').map((c) => c.trim());
  for (let start = 0; start < chunks.length; start++) {
    for (let end = chunks.length; end > start; end--) {
      const attempt = parseDate(chunks.slice(start, end).join(', '), locale, today);
      if (attempt.ok) return attempt;
    }
  }
  const numeric = /\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/.exec(input);
  if (numeric) return parseDate(numeric[0], locale, today);
  return { ok: false, reason: `no date in "${input.slice(0, 60)}"` };
}
