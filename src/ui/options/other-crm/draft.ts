/**
 * The "Other CRM" form as the user edits it (text the way it is typed: one pattern or label per line), and the
 * mapping it becomes. Pure: the section renders drafts, `mappingFromDraft` checks them with the model's schema.
 */
import type { CanonicalStage } from '../../../model/deal';
import {
  MAPPABLE_FIELDS,
  mappingIdFor,
  parseCrmMapping,
  type CrmMapping,
  type Locator,
  type MappableField,
  type MappingCheck,
} from '../../../model/crm-mapping';

export type LocatorMode = 'labels' | 'selector' | 'off';

export interface LocatorDraft {
  mode: LocatorMode;
  /** One label text per line. */
  labels: string;
  selector: string;
}

export interface CriterionDraft extends LocatorDraft {
  /** A stable key for React while the criterion id is being chosen. */
  key: string;
  criterion: string;
}

export interface StageRowDraft {
  key: string;
  label: string;
  stage: CanonicalStage;
}

export interface MappingDraft {
  /** The id of the mapping being edited; null for a new one (it gets an id from its name when saved). */
  id: string | null;
  name: string;
  /** One match pattern per line. */
  matches: string;
  recordIdPattern: string;
  /** Only for the live check in the form; never saved. */
  exampleUrl: string;
  fields: Record<MappableField, LocatorDraft>;
  qualification: CriterionDraft[];
  stages: StageRowDraft[];
  locale: string;
  dateOrder: '' | 'dmy' | 'mdy' | 'ymd';
  currency: string;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

let keys = 0;
export const nextKey = () => `k${++keys}`;

const locatorDraft = (locator: Locator | undefined): LocatorDraft =>
  !locator ? { mode: 'off', labels: '', selector: '' } : 'labels' in locator ? { mode: 'labels', labels: locator.labels.join('\n'), selector: '' } : { mode: 'selector', labels: '', selector: locator.selector };

/** A new CRM: every field ready for its labels (a field left blank is not read). */
export function emptyDraft(): MappingDraft {
  return {
    id: null,
    name: '',
    matches: '',
    recordIdPattern: '',
    exampleUrl: '',
    fields: Object.fromEntries(MAPPABLE_FIELDS.map((field) => [field, { mode: 'labels', labels: '', selector: '' }])) as Record<MappableField, LocatorDraft>,
    qualification: [],
    stages: [],
    locale: '',
    dateOrder: '',
    currency: '',
  };
}

/** A draft of a stored (or imported, or preset) mapping. `id` null makes it a new mapping (a preset's copy). */
export function draftFromMapping(mapping: CrmMapping, id: string | null = mapping.id): MappingDraft {
  return {
    id,
    name: mapping.name,
    matches: mapping.matches.join('\n'),
    recordIdPattern: mapping.recordId.pattern,
    exampleUrl: '',
    fields: Object.fromEntries(MAPPABLE_FIELDS.map((field) => [field, locatorDraft(mapping.fields[field])])) as Record<MappableField, LocatorDraft>,
    qualification: Object.entries(mapping.qualification).map(([criterion, locator]) => ({ key: nextKey(), criterion, ...locatorDraft(locator) })),
    stages: Object.entries(mapping.stageMapping).map(([label, stage]) => ({ key: nextKey(), label, stage })),
    locale: mapping.locale ?? '',
    dateOrder: mapping.dateOrder ?? '',
    currency: mapping.currency ?? '',
  };
}

/** What a row becomes in the mapping; labels left blank mean the field is not read. */
function locatorInput(draft: LocatorDraft): unknown {
  if (draft.mode === 'labels') return lines(draft.labels).length ? { labels: lines(draft.labels) } : undefined;
  if (draft.mode === 'selector') return { selector: draft.selector.trim() };
  return undefined;
}

/**
 * The mapping a draft describes, checked; errors name their path as in a file (`fields.amount.labels: …`).
 * A new mapping's id comes from its name, unlike `taken` ids; an edited one keeps its id (it is in every deal key).
 */
export function mappingFromDraft(draft: MappingDraft, taken: readonly string[] = []): MappingCheck {
  const fields: Record<string, unknown> = {};
  for (const field of MAPPABLE_FIELDS) {
    const locator = locatorInput(draft.fields[field]);
    if (locator) fields[field] = locator;
  }
  const qualification: Record<string, unknown> = {};
  for (const row of draft.qualification) {
    const locator = locatorInput(row);
    if (locator && row.criterion) qualification[row.criterion] = locator;
  }
  const stageMapping: Record<string, CanonicalStage> = {};
  for (const row of draft.stages) if (row.label.trim()) stageMapping[row.label] = row.stage;
  return parseCrmMapping({
    id: draft.id ?? mappingIdFor(draft.name, taken),
    name: draft.name,
    matches: lines(draft.matches),
    recordId: { pattern: draft.recordIdPattern.trim() },
    fields,
    qualification,
    stageMapping,
    ...(draft.locale.trim() ? { locale: draft.locale.trim() } : {}),
    ...(draft.dateOrder ? { dateOrder: draft.dateOrder } : {}),
    ...(draft.currency.trim() ? { currency: draft.currency.trim().toUpperCase() } : {}),
  });
}

/** The part of the form an error is about, from its path: `fields.amount.labels: …` → `fields.amount`. */
export function errorTarget(error: string): string {
  const path = error.slice(0, error.indexOf(': ') < 0 ? undefined : error.indexOf(': '));
  const [first = '', second] = path.split('.');
  if (first === 'fields' && second) return `fields.${second}`;
  if (first === 'qualification' && second) return `qualification.${second}`;
  return first;
}

/** The error text without its path, for showing next to the input it is about. */
export const errorText = (error: string) => (error.includes(': ') ? error.slice(error.indexOf(': ') + 2) : error);
