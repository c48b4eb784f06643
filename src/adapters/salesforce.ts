import { dealKey, FIELD_NAMES, type DealFields, type FieldName, type Money, type Stage } from '../model/deal';
import { empty, known, unknown, type FieldValue, type UnreadCode } from '../model/field';
import { findDate, parseDate } from '../read/date';
import { deepQueryAll, deepScope, isHidden, pageLocale, textOf, type DeepScope } from '../read/dom';
import { parseMoney, parsePercent } from '../read/number';
import { mapStage } from './stage-mapping';
import { defineAdapter, type AnchorTarget } from './types';

const RECORD_PATH = /^\/lightning\/r\/(?:Opportunity\/)?(006[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\/view\/?$/;
const HOST = /(^|\.)lightning\.force\.com$/i;

/** Lightning keeps earlier pages in the DOM; only the active view is the page the user sees. */
const ACTIVE_VIEW = '.windowViewMode-normal.active, .windowViewMode-maximized.active';
/** The highlights panel truncates values; read the detail section. */
const HIGHLIGHTS_PARTS = ['records-highlights2', 'records-lwc-highlights-panel', '.slds-page-header'];
const HIGHLIGHTS = HIGHLIGHTS_PARTS.join(', ');
/** `part` inside any of the highlights containers. */
const inHighlights = (part: string) => HIGHLIGHTS_PARTS.map((container) => `${container} ${part}`).join(', ');

const selectorFor = (apiName: string) => `[data-target-selection-name="sfdc:RecordField.Opportunity.${apiName}"]`;

/** Deal field → the Opportunity fields that hold it, in order of preference. */
const API_NAMES: Partial<Record<FieldName, string[]>> = {
  name: ['Name'],
  amount: ['Amount'],
  stage: ['StageName'],
  probability: ['Probability'],
  forecastCategory: ['ForecastCategoryName'],
  closeDate: ['CloseDate'],
  createdDate: ['CreatedById', 'CreatedDate'],
  lastActivityDate: ['LastActivityDate'],
  lastModifiedDate: ['LastModifiedById', 'LastModifiedDate'],
  nextStep: ['NextStep'],
  owner: ['OwnerId'],
};

const FIELD_LABELS: Record<FieldName, string> = {
  name: 'Opportunity Name',
  amount: 'Amount',
  stage: 'Stage',
  probability: 'Probability',
  forecastCategory: 'Forecast Category',
  closeDate: 'Close Date',
  createdDate: 'Created By',
  lastActivityDate: 'Last Activity',
  lastModifiedDate: 'Last Modified By',
  nextStep: 'Next Step',
  owner: 'Opportunity Owner',
  contacts: 'Contact Roles',
  qualification: 'qualification fields',
};

function activeScope(doc: Document): Element | null {
  const views = Array.from(doc.querySelectorAll(ACTIVE_VIEW)).filter((view) => !isHidden(view));
  if (views.length) return views[views.length - 1]!;
  // A page without Lightning's view containers (a saved single record, for instance) is one view.
  return doc.querySelector('.windowViewMode-normal, .windowViewMode-maximized') ? null : doc.body;
}

/** The detail-section item for a field: visible, and outside the truncating highlights panel if possible. */
function findItem(scope: DeepScope, apiNames: readonly string[]): Element | null {
  for (const apiName of apiNames) {
    const items = scope.all(selectorFor(apiName), 50).filter((item) => !isHidden(item));
    const detail = items.find((item) => !item.closest(HIGHLIGHTS));
    const chosen = detail ?? items[0];
    if (chosen) return chosen;
  }
  return null;
}

function valueElement(item: Element): Element | null {
  return deepQueryAll(item, '.test-id__field-value', 1)[0] ?? null;
}

type Raw = { state: 'found'; text: string; element: Element } | { state: 'absent'; reason: string; code: UnreadCode };

function rawField(scope: DeepScope, field: FieldName): Raw {
  const apiNames = API_NAMES[field];
  if (!apiNames) return { state: 'absent', reason: `${FIELD_LABELS[field]} is not read from Salesforce record pages`, code: 'not_supported' };
  const item = findItem(scope, apiNames);
  if (!item) return { state: 'absent', reason: `${FIELD_LABELS[field]} is not on this page layout`, code: 'not_on_page' };
  const value = valueElement(item);
  if (!value) return { state: 'absent', reason: `${FIELD_LABELS[field]} has no value element`, code: 'not_rendered' };
  return { state: 'found', text: textOf(value), element: value };
}

function parsed<T>(raw: Raw, parse: (text: string) => { ok: true; value: T } | { ok: false; reason: string }): FieldValue<T> {
  if (raw.state === 'absent') return unknown(raw.reason, raw.code);
  if (!raw.text) return empty(raw.text);
  const result = parse(raw.text);
  return result.ok ? known(result.value, raw.text) : unknown(result.reason);
}

const defaultStageMapping = {
  prospecting: 'prospect',
  qualification: 'qualify',
  'needs analysis': 'qualify',
  'value proposition': 'develop',
  'id. decision makers': 'develop',
  'perception analysis': 'develop',
  'proposal/price quote': 'propose',
  'negotiation/review': 'commit',
  'closed won': 'won',
  'closed lost': 'lost',
  // Danish translations of the standard picklist.
  prospektering: 'prospect',
  kvalificering: 'qualify',
  kvalifikation: 'qualify',
  behovsanalyse: 'qualify',
  værdiforslag: 'develop',
  'id. beslutningstagere': 'develop',
  'identificer beslutningstagere': 'develop',
  opfattelsesanalyse: 'develop',
  'forslag/pristilbud': 'propose',
  'tilbud/pristilbud': 'propose',
  'forhandling/gennemgang': 'commit',
  'lukket vundet': 'won',
  'lukket tabt': 'lost',
} as const;

/** Multi-currency orgs show the converted amount in brackets: "DKK 1,250,000.00 (USD 180,000.00)". */
const withoutConversion = (text: string) => text.replace(/\s*\([^)]*\)\s*$/, '');

export default defineAdapter({
  id: 'salesforce',
  name: 'Salesforce Lightning',
  matches: ['https://*.lightning.force.com/*'],
  defaultStageMapping,
  testUrls: [
    { url: 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view', kind: 'record', recordId: '0065g00000AbCdE' },
    { url: 'https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000XyZ12/view', kind: 'record', recordId: '0065g00000XyZ12' },
    { url: 'https://acme.lightning.force.com/lightning/r/0065g00000AbCdEAAV/view', kind: 'record', recordId: '0065g00000AbCdE' },
  ],

  detect(url) {
    if (url.protocol !== 'https:' || !HOST.test(url.hostname)) return null;
    const match = RECORD_PATH.exec(url.pathname);
    // 15- and 18-character ids name the same record; the first 15 are the id proper.
    return match ? { kind: 'record', recordId: match[1]!.slice(0, 15) } : null;
  },

  read(doc, url, { now }) {
    const detection = this.detect(url);
    const scope = activeScope(doc);
    if (!detection?.recordId) return { snapshots: [], scope };
    const key = dealKey('salesforce', url.hostname, detection.recordId);
    const base = { key, crm: 'salesforce' as const, url: url.href, capturedAt: now.toISOString(), source: 'page' as const };
    if (!scope) {
      const reason = 'no active Lightning record view on the page';
      const fields = Object.fromEntries(FIELD_NAMES.map((field) => [field, unknown(reason, 'not_rendered')])) as DealFields;
      return { scope, snapshots: [{ ...base, fields }] };
    }
    const locale = pageLocale(doc);
    const today = now.toISOString().slice(0, 10);
    const date = (text: string) => parseDate(text, locale, today);
    const dateInUserStamp = (text: string) => findDate(text, locale, today);
    // One walk for the shadow roots of the view, shared by every field read below.
    const deep = deepScope(scope);
    const raw = (field: FieldName) => rawField(deep, field);

    const nameRaw = raw('name');
    let name = parsed(nameRaw, (text) => ({ ok: true, value: text }));
    if (name.state === 'unknown') {
      const title = deep.all(inHighlights('h1 lightning-formatted-text'), 1)[0];
      const text = textOf(title);
      if (text) name = known(text, text);
    }

    const currencyItem = findItem(deep, ['CurrencyIsoCode']);
    const orgCurrency = currencyItem ? textOf(valueElement(currencyItem)).match(/\b[A-Z]{3}\b/)?.[0] ?? null : null;
    const amount = parsed<Money>(raw('amount'), (text) => {
      const money = parseMoney(withoutConversion(text), locale);
      return money.ok && money.value.currency === null && orgCurrency ? { ok: true, value: { ...money.value, currency: orgCurrency } } : money;
    });

    const stage = parsed<Stage>(raw('stage'), (text) => ({ ok: true, value: { label: text, canonical: mapStage(text, defaultStageMapping) } }));
    const nextStepText = parsed(raw('nextStep'), (text) => ({ ok: true, value: { text, date: null } }));

    const fields: DealFields = {
      name,
      amount,
      stage,
      probability: parsed(raw('probability'), (text) => parsePercent(text, locale)),
      forecastCategory: parsed(raw('forecastCategory'), (text) => ({ ok: true, value: text })),
      closeDate: parsed(raw('closeDate'), date),
      createdDate: parsed(raw('createdDate'), dateInUserStamp),
      lastActivityDate: parsed(raw('lastActivityDate'), date),
      lastModifiedDate: parsed(raw('lastModifiedDate'), dateInUserStamp),
      nextStep: nextStepText,
      owner: parsed(raw('owner'), (text) => ({ ok: true, value: text.replace(/\s*Change Owner$/i, '') })),
      contacts: unknown('contact roles are a related list, not read on record pages yet', 'not_supported'),
      qualification: unknown('no qualification fields are mapped for Salesforce yet', 'not_supported'),
    };

    return {
      scope,
      snapshots: [{ ...base, fields }],
    };
  },

  anchor(doc, scope, target: AnchorTarget) {
    const root = scope ?? activeScope(doc);
    if (!root) return null;
    if (target === 'title') {
      return deepQueryAll(root, inHighlights('h1'), 1)[0] ?? null;
    }
    const apiNames = API_NAMES[target];
    if (!apiNames) return null;
    const item = findItem(deepScope(root), apiNames);
    // Next to the value: Lightning's label column is narrow, the value column has room.
    return item ? (valueElement(item) ?? deepQueryAll(item, '.test-id__field-label-container', 1)[0] ?? null) : null;
  },
});
