/**
 * Which qualification criterion a CRM field holds, by its label or API name: what adapters need to fill
 * `fields.qualification` (criterion id → the field's text), and what a field's text says (`crmAnswer`). Free of
 * zod and of the frameworks' labels and questions (src/qualification/frameworks.ts re-exports all of it): the content
 * script reads CRM pages with these and must stay small (issue #6).
 *
 * The field hints live here and nowhere else; each built-in framework's criteria take theirs from
 * `fieldHintsOf` (tests/unit/qualification/field-criteria.test.ts checks the two agree).
 */

/**
 * CRM field names or labels (lower-case, any language) that commonly hold each built-in criterion, in the order the
 * built-in frameworks list them (MEDDICC, MEDDPICC, BANT, SPICED): the first criterion whose id or hint matches wins.
 */
const FIELD_HINTS: readonly (readonly [criterionId: string, hints: readonly string[]])[] = [
  // MEDDICC (MEDDPICC shares these; paper process is its own)
  [
    'metrics',
    [
      'metrics',
      'success metrics',
      'business value',
      'quantified value',
      'value case',
      'metrics__c',
      'meddicc_metrics__c',
      'meddpicc_metrics__c',
      'målbar værdi',
      'nøgletal',
      'succeskriterier',
      'forretningsværdi',
    ],
  ],
  [
    'economic-buyer',
    [
      'economic buyer',
      'economic buyer identified',
      'economic_buyer__c',
      'economic_buyer',
      'economicbuyer',
      'meddicc_economic_buyer__c',
      'budget owner',
      'budget holder',
      'økonomisk beslutningstager',
      'økonomisk køber',
      'budgetansvarlig',
      'budgetejer',
    ],
  ],
  [
    'decision-criteria',
    [
      'decision criteria',
      'decision_criteria__c',
      'decision_criteria',
      'decisioncriteria',
      'selection criteria',
      'evaluation criteria',
      'beslutningskriterier',
      'udvælgelseskriterier',
      'evalueringskriterier',
    ],
  ],
  [
    'decision-process',
    [
      'decision process',
      'decision_process__c',
      'decision_process',
      'decisionprocess',
      'buying process',
      'purchase process',
      'purchaseprocess',
      'approval process',
      'beslutningsproces',
      'købsproces',
      'godkendelsesproces',
    ],
  ],
  [
    'identify-pain',
    [
      'identify pain',
      'identified pain',
      'identify_pain__c',
      'identified_pain__c',
      'implicate the pain',
      'pain points',
      'customer pain points',
      'customerpainpoints',
      'identificeret smertepunkt',
      'smertepunkter',
    ],
  ],
  [
    'champion',
    [
      'champion',
      'champion__c',
      'internal champion',
      'meddicc_champion__c',
      'intern fortaler',
      'intern ambassadør',
      'ambassadør',
    ],
  ],
  [
    'competition',
    [
      'competition',
      'competitors',
      'competitor',
      'main competitor',
      'competition__c',
      'competitors__c',
      'competitor__c',
      'identifycompetitors',
      'konkurrence',
      'konkurrenter',
      'konkurrent',
    ],
  ],
  [
    'paper-process',
    [
      'paper process',
      'paper_process__c',
      'paper_process',
      'paperprocess',
      'procurement process',
      'contract process',
      'signing process',
      'legal review',
      'papirproces',
      'kontraktproces',
      'indkøbsproces',
      'juridisk gennemgang',
    ],
  ],
  // BANT
  [
    'budget',
    [
      'budget',
      'budget confirmed',
      'budget amount',
      'budget status',
      'budget__c',
      'budget_confirmed__c',
      'bant_budget__c',
      'budgetamount',
      'budgetstatus',
      'budget bekræftet',
      'budgetbeløb',
    ],
  ],
  [
    'authority',
    [
      'authority',
      'decision maker',
      'decision maker identified',
      'decisionmaker',
      'decision_maker__c',
      'bant_authority__c',
      'authority__c',
      'beslutningstager',
      'beslutningskompetence',
      'beslutningstager identificeret',
    ],
  ],
  [
    'need',
    [
      'need',
      'customer need',
      'business need',
      'customerneed',
      'need__c',
      'bant_need__c',
      'behov',
      'kundens behov',
      'forretningsbehov',
    ],
  ],
  [
    'timeline',
    [
      'timeline',
      'timeframe',
      'purchase timeframe',
      'purchasetimeframe',
      'timeline__c',
      'bant_timeline__c',
      'tidsplan',
      'tidsramme',
      'købstidsramme',
    ],
  ],
  // SPICED
  [
    'situation',
    [
      'situation',
      'current situation',
      'currentsituation',
      'situation__c',
      'business context',
      'nuværende situation',
      'forretningskontekst',
      'udgangspunkt',
    ],
  ],
  [
    'pain',
    [
      'pain',
      'pain__c',
      'customer pain',
      'business pain',
      'problem',
      'smerte',
      'smertepunkt',
      'kundens problem',
    ],
  ],
  [
    'impact',
    [
      'impact',
      'business impact',
      'expected impact',
      'impact__c',
      'effekt',
      'forretningseffekt',
      'gevinst',
      'forventet gevinst',
    ],
  ],
  [
    'critical-event',
    [
      'critical event',
      'compelling event',
      'critical_event__c',
      'compelling_event__c',
      'criticalevent',
      'kritisk begivenhed',
      'kritisk deadline',
      'tvingende begivenhed',
    ],
  ],
  ['decision', ['decision', 'decision__c', 'spiced_decision__c', 'beslutning']],
];

/** The built-in criteria as `criterionIdForField` searches them: id and field hints, in framework order. */
export const BUILT_IN_FIELD_CRITERIA: readonly FieldCriterion[] = FIELD_HINTS.map(([id, fieldHints]) => ({ id, fieldHints }));

export interface FieldCriterion {
  id: string;
  fieldHints: readonly string[];
}

const hintsById = new Map(FIELD_HINTS);

/** A built-in criterion's field hints, as a fresh list (frameworks are frozen and handed out; this stays private). */
export function fieldHintsOf(criterionId: string): string[] {
  const hints = hintsById.get(criterionId);
  if (!hints) throw new Error(`no field hints for criterion "${criterionId}"`);
  return [...hints];
}

/** A CRM field label or API name as fieldHints spell them: lower-case, single spaces, no trailing colon, "*" or "?". */
export function normaliseFieldLabel(label: string): string {
  return label
    .trim()
    .replace(/[\s:*?]+$/u, '')
    .replace(/\s+/gu, ' ')
    .toLocaleLowerCase();
}

/**
 * The criterion a CRM field holds, by its label or API name (fieldHints), or undefined. Adapters use it to fill
 * `fields.qualification` (criterion id → the field's text). Hints never name two different criteria (tested).
 */
export function criterionIdForField(label: string, criteria: readonly FieldCriterion[] = BUILT_IN_FIELD_CRITERIA): string | undefined {
  const wanted = normaliseFieldLabel(label);
  if (!wanted) return undefined;
  for (const criterion of criteria) {
    if (criterion.id === wanted || criterion.fieldHints.some((hint) => normaliseFieldLabel(hint) === wanted)) return criterion.id;
  }
  return undefined;
}

// CRM fields are free text, checkboxes and picklists: a few values say "no" or say nothing at all.
const CRM_NO = new Set(['no', 'nej', 'false', 'falsk', 'not checked', 'unchecked', 'ikke markeret', 'not identified', 'ikke identificeret']);
const CRM_NOTHING = new Set(['n/a', 'na', 'tbd', 'tbc', 'unknown', 'ukendt', 'not known', 'ikke kendt', 'none', 'ingen', 'null', 'undefined']);

/**
 * What a CRM field's text says about its criterion: null when it says nothing (blank, "TBD", "n/a", "-", "?",
 * "unknown", "none" — "none" is ambiguous, e.g. "no competitors" or "no economic buyer", so it is not taken as
 * evidence either way), 'no' for an explicit no ("No", "Nej", "false", an unticked checkbox), and otherwise 'yes':
 * the field was filled in.
 */
export function crmAnswer(text: string): 'yes' | 'no' | null {
  const value = text.trim().replace(/\s+/gu, ' ').toLocaleLowerCase();
  if (!value || /^[\s\-–—?.]*$/u.test(value) || CRM_NOTHING.has(value)) return null;
  return CRM_NO.has(value) ? 'no' : 'yes';
}
