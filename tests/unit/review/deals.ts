import { deriveHistoryFacts } from '../../../src/history/facts';
import { runRules } from '../../../src/engine/run';
import type { ReviewDeal } from '../../../src/messaging/review';
import type { DealFields, DealSnapshot } from '../../../src/model/deal';
import { defaultSettings, type Settings } from '../../../src/model/settings';
import { toRow, type ReviewRow } from '../../../src/review/rows';
import { daysFromToday, empty, known, makeSnapshot, NOW, TODAY, unknown } from '../../helpers/deals';

export { daysFromToday, empty, known, makeSnapshot, NOW, TODAY, unknown };

export interface DealOptions {
  id: string;
  fields?: Partial<DealFields>;
  /** Earlier snapshots of the deal (their key is set to this deal's). */
  history?: { capturedAt: string; fields?: Partial<DealFields> }[];
  imported?: boolean;
  settings?: Settings;
  lastSeenAt?: string;
}

/** A deal as `ui-bg:list-deals` returns it: the real engine's verdict at NOW and the close-date facts of its history. */
export function reviewDeal(options: DealOptions): ReviewDeal {
  const key = options.imported ? `salesforce:import:${options.id}` : `salesforce:acme.lightning.force.com:${options.id}`;
  const url = options.imported ? 'file:///import.csv#line=2' : `https://acme.lightning.force.com/lightning/r/Opportunity/${options.id}/view`;
  const snapshot = makeSnapshot({ key, url, fields: options.fields });
  const history: DealSnapshot[] = (options.history ?? []).map((entry) => makeSnapshot({ key, url, capturedAt: entry.capturedAt, fields: { ...options.fields, ...entry.fields } }));
  const { verdict } = runRules({ snapshot, settings: options.settings ?? defaultSettings(), now: NOW, timeZone: 'UTC', history });
  const facts = deriveHistoryFacts(history, snapshot, TODAY, 'UTC');
  return {
    snapshot,
    verdict,
    firstSeenAt: history[0]?.capturedAt ?? snapshot.capturedAt,
    lastSeenAt: options.lastSeenAt ?? snapshot.capturedAt,
    snapshotCount: history.length + 1,
    imported: Boolean(options.imported),
    closeDate: facts.closeDate,
  };
}

export const row = (options: DealOptions): ReviewRow => toRow(reviewDeal(options));

export const named = (name: string) => known(name, name);
export const owner = (name: string) => known(name, name);
export const stage = (label: string, canonical: 'prospect' | 'qualify' | 'develop' | 'propose' | 'commit' | 'won' | 'lost' | null) => known({ label, canonical }, label);
export const amount = (value: number, currency: string | null = 'EUR') => known({ value, currency }, String(value));
export const date = (days: number) => known(daysFromToday(days), daysFromToday(days));
