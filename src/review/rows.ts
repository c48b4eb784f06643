/**
 * The review table's rows: each deal flattened once into the values the table shows, sorts and filters by,
 * so a filter over thousands of deals is a loop over plain fields.
 */
import type { CanonicalStage } from '../model/deal';
import type { FieldValue } from '../model/field';
import { severityRank, type Severity } from '../model/verdict';
import type { ReviewDeal } from '../messaging/review';
import { isOpen } from '../rules/stage';

export type FieldState = FieldValue<unknown>['state'];

/** A shown value with its tri-state: `unknown` shows as "could not read" (with the reason), `empty` as blank. */
export interface Cell<T> {
  state: FieldState;
  value: T | null;
  /** Why the field could not be read (adapter or CSV parser detail, in English). */
  reason?: string;
}

export interface ReviewRow {
  key: string;
  deal: ReviewDeal;
  name: Cell<string>;
  owner: Cell<string>;
  /** The owner as compared (case and spacing ignored); null when not readable. */
  ownerKey: string | null;
  stage: Cell<{ label: string; canonical: CanonicalStage | null }>;
  /** True open, false won or lost, undefined when the stage could not be read. */
  open: boolean | undefined;
  amount: Cell<{ value: number; currency: string | null }>;
  closeDate: Cell<string>;
  hygiene: number;
  /** Null when the deal has no qualification evidence at all (none from the CRM, no answer from the rep): unknown, not 0. */
  qualification: number | null;
  /** Active (not snoozed) findings per severity. */
  counts: Record<Severity, number>;
  worst: Severity | null;
  /** Rule ids of the active findings. */
  rules: ReadonlySet<string>;
  lastSeenAt: string;
  imported: boolean;
  /** Lower-cased text the search box matches: name, owner, stage, CRM and record id (not the org's host, which every deal shares). */
  search: string;
}

function cell<T>(field: FieldValue<T>): Cell<T> {
  if (field.state === 'value') return { state: 'value', value: field.value };
  if (field.state === 'empty') return { state: 'empty', value: null };
  return { state: 'unknown', value: null, reason: field.reason };
}

/** Owners are compared as people type them (src/pipeline/quota.ts sameOwner): case and spacing do not matter. */
export const ownerKeyOf = (owner: string): string => owner.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

/** A score built only of criteria nobody answered says nothing yet: shown as unknown rather than as 0. */
function qualificationOf(deal: ReviewDeal): number | null {
  const score = deal.verdict.qualification;
  if (!score) return null;
  const evidence = score.parts.some((part) => part.data.source !== undefined && part.data.source !== 'none');
  return score.parts.length === 0 || evidence ? score.value : null;
}

/** The record id at the end of a key (`crm:host:id`, `crm:import:id`). */
const recordIdOf = (key: string): string => key.slice(key.lastIndexOf(':') + 1);

export function toRow(deal: ReviewDeal): ReviewRow {
  const { fields } = deal.snapshot;
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  let worst: Severity | null = null;
  const rules = new Set<string>();
  for (const finding of deal.verdict.findings) {
    counts[finding.severity] += 1;
    rules.add(finding.ruleId);
    if (worst === null || severityRank[finding.severity] > severityRank[worst]) worst = finding.severity;
  }
  const name = cell(fields.name);
  const owner = cell(fields.owner);
  const stage = cell(fields.stage);
  return {
    key: deal.snapshot.key,
    deal,
    name,
    owner,
    ownerKey: owner.value === null ? null : ownerKeyOf(owner.value),
    stage,
    open: isOpen(fields.stage),
    amount: cell(fields.amount),
    closeDate: cell(fields.closeDate),
    hygiene: deal.verdict.hygiene.value,
    qualification: qualificationOf(deal),
    counts,
    worst,
    rules,
    lastSeenAt: deal.lastSeenAt,
    imported: deal.imported,
    search: [name.value, owner.value, stage.value?.label, deal.snapshot.crm, recordIdOf(deal.snapshot.key)].filter(Boolean).join('\u0001').toLocaleLowerCase(),
  };
}

export const toRows = (deals: readonly ReviewDeal[]): ReviewRow[] => deals.map(toRow);
