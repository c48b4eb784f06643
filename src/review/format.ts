/** Money, dates and numbers for the review page, formatted with Intl in the UI locale. Formatters are cached. */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n\u0000${locale}\u0000${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d\u0000${locale}\u0000${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

/** An amount in its currency, without cents; an amount whose currency the CRM did not say is a plain number. */
export function formatMoney(value: number, currency: string | null, locale: string, compact = false): string {
  const options: Intl.NumberFormatOptions = compact ? { notation: 'compact', maximumFractionDigits: 1 } : { maximumFractionDigits: 0 };
  if (!currency) return numberFormat(locale, options).format(value);
  try {
    return numberFormat(locale, { ...options, style: 'currency', currency }).format(value);
  } catch {
    // A well-formed code Intl does not know: the number and the code.
    return `${numberFormat(locale, options).format(value)} ${currency}`;
  }
}

export function formatNumber(value: number, locale: string, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(locale, options).format(value);
}

/** A calendar date (YYYY-MM-DD): it has no time zone, so it is formatted as the same day everywhere. */
export function formatDate(iso: string, locale: string, style: 'medium' | 'short' = 'medium'): string {
  const time = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (!Number.isFinite(time)) return iso;
  return dateFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(time);
}

/** A moment (ISO date-time), as the date and time in the user's zone. */
export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(time);
}

/** A moment (ISO date-time), as the calendar date in the user's zone. */
export function formatDateIn(iso: string, locale: string, timeZone?: string): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  return dateFormat(locale, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(time);
}

/** Calendar arithmetic on ISO dates, in UTC so no zone or DST shifts a day. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Day number since 1970-01-01 of an ISO date (the drift chart's axis). */
export const dayNumber = (iso: string): number => Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000);
export const isoOfDayNumber = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
