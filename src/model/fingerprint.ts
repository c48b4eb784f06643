import type { DealFields } from './deal';

/** Values only: a raw text that differs by formatting ("3 days ago" tomorrow) is not a change. */
export function fingerprint(fields: DealFields): string {
  return JSON.stringify(
    Object.entries(fields)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, field]) => [name, field.state, field.state === 'value' ? field.value : null]),
  );
}
