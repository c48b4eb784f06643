import pipedrive from '../adapters/pipedrive';
import type { CanonicalStage, CrmId } from '../model/deal';
import salesforce from '../adapters/salesforce';

/**
 * What a CSV column can feed: the deal fields an export can hold, plus the record id (for the key),
 * a separate currency column, a status column (Pipedrive keeps won/lost there, not in the stage) and
 * a next-step date. Contacts and qualification evidence are not read from exports.
 */
export const IMPORT_FIELDS = [
  'id',
  'name',
  'amount',
  'currency',
  'stage',
  'status',
  'probability',
  'forecastCategory',
  'closeDate',
  'createdDate',
  'lastActivityDate',
  'lastModifiedDate',
  'nextStep',
  'nextStepDate',
  'owner',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const PRESET_IDS = ['salesforce', 'hubspot', 'pipedrive'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  id: PresetId | 'generic';
  crm: CrmId;
  name: string;
  /** Column titles per field, in order of preference; compared by `normaliseHeader`. */
  columns: Partial<Record<ImportField, readonly string[]>>;
  /** Stage label (lower case) → canonical stage for the CRM's default pipeline; settings win over it. */
  stageMapping: Readonly<Record<string, CanonicalStage>>;
}

/** Header cells compared without case, repeated spaces or Pipedrive's "Deal - " prefix ("Deal - Title"). */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase()
    .replace(/^deal - /, '');
}

/** A Salesforce opportunity report exported as CSV ("Details Only"). */
const salesforcePreset: Preset = {
  id: 'salesforce',
  crm: 'salesforce',
  name: 'Salesforce opportunity report',
  columns: {
    id: ['Opportunity ID', 'Opportunity ID (18)', 'Id'],
    name: ['Opportunity Name'],
    amount: ['Amount'],
    // Multi-currency orgs export the currency beside a plain amount.
    currency: ['Amount Currency', 'Opportunity Currency', 'Currency'],
    stage: ['Stage'],
    probability: ['Probability (%)', 'Probability'],
    forecastCategory: ['Forecast Category'],
    closeDate: ['Close Date'],
    createdDate: ['Created Date'],
    lastActivityDate: ['Last Activity'],
    lastModifiedDate: ['Last Modified Date'],
    nextStep: ['Next Step'],
    owner: ['Opportunity Owner'],
  },
  stageMapping: salesforce.defaultStageMapping,
};

/** A HubSpot deals export (CRM → Deals → Export). */
const hubspotPreset: Preset = {
  id: 'hubspot',
  crm: 'hubspot',
  name: 'HubSpot deals export',
  columns: {
    id: ['Record ID', 'Deal ID'],
    name: ['Deal Name'],
    amount: ['Amount'],
    currency: ['Currency', 'Deal currency code'],
    stage: ['Deal Stage'],
    forecastCategory: ['Forecast category'],
    closeDate: ['Close Date'],
    createdDate: ['Create Date'],
    lastActivityDate: ['Last Activity Date'],
    lastModifiedDate: ['Last Modified Date'],
    nextStep: ['Next step'],
    owner: ['Deal owner'],
  },
  // HubSpot's default sales pipeline, whose stage probabilities run 20 / 40 / 60 / 80 / 90 %.
  stageMapping: {
    'appointment scheduled': 'prospect',
    'qualified to buy': 'qualify',
    'presentation scheduled': 'develop',
    'decision maker bought-in': 'propose',
    'contract sent': 'commit',
    'closed won': 'won',
    'closed lost': 'lost',
  },
};

/** A Pipedrive deals export (Deals → … → Export), with or without the "Deal - " prefix on each column. */
const pipedrivePreset: Preset = {
  id: 'pipedrive',
  crm: 'pipedrive',
  name: 'Pipedrive deals export',
  columns: {
    id: ['ID'],
    name: ['Title'],
    amount: ['Value'],
    currency: ['Currency'],
    stage: ['Stage'],
    status: ['Status'],
    probability: ['Probability'],
    closeDate: ['Expected close date'],
    createdDate: ['Deal created'],
    lastActivityDate: ['Last activity date'],
    lastModifiedDate: ['Update time'],
    // No next step: the export's "Next activity date" has no text, and a date alone is no step (map one with `nextStep`).
    owner: ['Owner'],
  },
  // The adapter's mapping of Pipedrive's default pipeline; won and lost are the Status column, not a stage.
  stageMapping: pipedrive.defaultStageMapping,

};

/** Any other export: the common column titles of all three, plus plain ones. Map the rest with `mapping`. */
const genericPreset: Preset = {
  id: 'generic',
  crm: 'generic',
  name: 'CSV export',
  columns: {
    id: ['ID', 'Record ID', 'Deal ID', 'Opportunity ID'],
    name: ['Name', 'Deal Name', 'Opportunity Name', 'Deal', 'Title'],
    amount: ['Amount', 'Value', 'Deal value'],
    currency: ['Currency'],
    stage: ['Stage', 'Deal Stage'],
    status: ['Status'],
    probability: ['Probability', 'Probability (%)'],
    forecastCategory: ['Forecast Category'],
    closeDate: ['Close Date', 'Expected close date', 'Closing date'],
    createdDate: ['Created Date', 'Create Date', 'Created', 'Deal created'],
    lastActivityDate: ['Last Activity', 'Last Activity Date'],
    lastModifiedDate: ['Last Modified Date', 'Last Modified', 'Update time', 'Updated'],
    nextStep: ['Next Step'],
    nextStepDate: ['Next Step Date', 'Next activity date'],
    owner: ['Owner', 'Deal owner', 'Opportunity Owner'],
  },
  stageMapping: {},
};

export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  salesforce: salesforcePreset,
  hubspot: hubspotPreset,
  pipedrive: pipedrivePreset,
};
export const GENERIC_PRESET = genericPreset;

/** Columns that name one CRM's export; shared titles ("Amount", "Stage") prove nothing. */
const SIGNATURES: Record<PresetId, readonly string[]> = {
  salesforce: ['Opportunity Name', 'Opportunity Owner', 'Opportunity ID', 'Probability (%)', 'Forecast Category', 'Last Activity'],
  hubspot: ['Deal Name', 'Deal Stage', 'Deal owner', 'Record ID', 'Create Date'],
  pipedrive: ['Title', 'Value', 'Expected close date', 'Deal created', 'Update time', 'Owner'],
};

/**
 * The preset whose own column titles the header holds most of (at least two); null when none or a tie.
 */
export function detectPreset(header: readonly string[]): PresetId | null {
  const present = new Set(header.map(normaliseHeader));
  let best: PresetId | null = null;
  let bestScore = 1;
  let tie = false;
  for (const id of PRESET_IDS) {
    const score = SIGNATURES[id].filter((title) => present.has(normaliseHeader(title))).length;
    if (score > bestScore) {
      best = id;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && best !== null) {
      tie = true;
    }
  }
  return tie ? null : best;
}
