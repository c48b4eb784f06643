/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so time zones and DST never shift a day. */
export function daysBetween(fromIso: string, toIso: string): number {
  const from = Date.parse(`${fromIso.slice(0, 10)}T00:00:00Z`);
  const to = Date.parse(`${toIso.slice(0, 10)}T00:00:00Z`);
  return Math.round((to - from) / 86_400_000);
}

// Building an Intl.DateTimeFormat costs far more than using one: keep one per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date of `now` in a time zone (default: the runtime's). */
export function isoDateAt(now: Date, timeZone?: string): string {
  if (timeZone === 'UTC') return now.toISOString().slice(0, 10);
  const cacheKey = timeZone ?? '';
  let formatter = formatters.get(cacheKey);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(cacheKey, formatter);
  }
  const parts = formatter.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
