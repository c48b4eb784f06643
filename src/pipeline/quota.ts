import { formatIssues, QUOTA_PERIOD, quotasSchema, type Quota } from '../model/settings';

export type { Quota };

/** Validates quotas from a settings or rule-pack file; each error carries its path ("quotas.2.period: …"). */
export function readQuotas(input: unknown, path = 'quotas'): { ok: true; quotas: Quota[] } | { ok: false; errors: string[] } {
  if (input === undefined || input === null) return { ok: true, quotas: [] };
  const parsed = quotasSchema.safeParse(input);
  if (parsed.success) return { ok: true, quotas: parsed.data };
  return { ok: false, errors: formatIssues(parsed.error.issues).map((issue) => (issue.startsWith('(root)') ? `${path}${issue.slice(6)}` : `${path}.${issue}`)) };
}

/** First and last calendar day (YYYY-MM-DD, inclusive) of a quota period, or null for a malformed one. */
export function periodRange(period: string): { from: string; to: string } | null {
  const match = QUOTA_PERIOD.exec(period);
  if (!match) return null;
  const year = Number(match[1]);
  const [firstMonth, lastMonth] = match[2] ? [Number(match[2]) * 3 - 2, Number(match[2]) * 3] : match[3] ? [Number(match[3]), Number(match[3])] : [1, 12];
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** Owners are compared as people type them: case, surrounding and repeated spaces do not matter. */
export function sameOwner(a: string, b: string): boolean {
  const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return norm(a) === norm(b);
}
