import { dealKey } from '../model/deal-names';
import type { CanonicalStage, DealFields, DealSnapshot, FieldName, Money, Stage } from '../model/deal';
import { clip, empty, known, unknown, type FieldValue, type UnreadCode } from '../model/field-state';
import { crmAnswer, criterionIdForField } from '../qualification/field-criteria';
import { parseDate, type ParseResult } from '../read/date';
import { deepScope, isHidden, pageLocale, textOf, type DeepScope } from '../read/dom';
import { parseMoney, parseNumber, parsePercent } from '../read/number';
import { mapStage } from './stage-mapping';
import { defineAdapter, type AnchorTarget, type Detection } from './types';

/**
 * Dynamics 365 Sales (model-driven app, Unified Interface) on `<org>.crm.dynamics.com` and the regional hosts
 * `crm2`…`crm21`. Pages are `main.aspx?…&pagetype=entityrecord&etn=opportunity&id=<guid>` (a form) and
 * `main.aspx?…&pagetype=entitylist&etn=opportunity` (a view).
 *
 * Forms: every field control carries `data-id="<logicalname>.fieldControl-<control>"` (`header_` in the header,
 * `header_process_` in the business process flow); values live in form controls, so inputs are read through their
 * `value` property and selects through their selected option, never from attributes. Hidden tabs of the same form
 * stay in the DOM and hold the same record's values, so they are read (a visible copy of a field is preferred).
 * Views: the Power Apps grid (AG Grid) renders `[role=row][row-index]` rows whose cells carry `col-id=<logicalname>`;
 * pinned and centre parts of a row share its row-index and are merged.
 */

const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.crm(?:[2-9]|1\d|2[01])?\.dynamics\.com$/i;
const REGIONS = ['crm', ...Array.from({ length: 20 }, (_, i) => `crm${i + 2}`)];
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

const FORM_ROOT = '[data-id="editFormRoot"]';
const DIALOG = '[role="dialog"], [aria-modal="true"]';
/** Parts of a record page that may sit beside the form root rather than in it. */
const FORM_SIDE_PARTS = '[data-id="form-header"], #bpfContainer';
const GRID_ROOTS = [
  '[data-id="entity_control-powerapps_onegrid_control_container"]',
  '[data-id="entity_control-pcf_grid_control_container"]',
  '[data-id="data-set-body-container"]',
].join(', ');
const STAKEHOLDER_GRID = '[id="dataSetRoot_Stakeholders"], [data-id^="Stakeholders-"][data-id$="_control_container"]';

const BPF = 'MscrmControls.Containers.ProcessBreadCrumb';
const BPF_STAGE = `li[id^="${BPF}-processHeaderStage_"]`;
const BPF_STAGE_NAME = `[id^="${BPF}-processHeaderStageName_"], [data-id^="${BPF}-processHeaderStageName_"]`;
/** "Active for 12 days": shown under the active stage only. */
const BPF_STAGE_STATUS = `[id^="${BPF}-stageStatusLabel"], [data-id^="${BPF}-stageStatusLabel"]`;

/** Where a field's controls are: the form body, the header, the business process flow. Visible copies win. */
const PREFIXES = ['', 'header_', 'header_process_'] as const;

type Kind = 'text' | 'money' | 'number' | 'date' | 'option' | 'lookup' | 'boolean';

const CONTROL_SUFFIXES: Record<Exclude<Kind, 'lookup'>, readonly string[]> = {
  text: ['text-box-text'],
  money: ['currency-text-input'],
  number: ['whole-number-text-input', 'decimal-number-text-input', 'floating-point-text-input'],
  date: ['date-time-input'],
  option: ['option-set-select', 'pickliststatus-comboBox'],
  boolean: ['checkbox-select', 'checkbox-toggle', 'toggle-container', 'checkbox-container'],
};

/** Deal field → the opportunity column that holds it. */
const COLUMNS: Partial<Record<FieldName, { name: string; kind: Kind }>> = {
  name: { name: 'name', kind: 'text' },
  amount: { name: 'estimatedvalue', kind: 'money' },
  probability: { name: 'closeprobability', kind: 'number' },
  forecastCategory: { name: 'msdyn_forecastcategory', kind: 'option' },
  closeDate: { name: 'estimatedclosedate', kind: 'date' },
  createdDate: { name: 'createdon', kind: 'date' },
  lastModifiedDate: { name: 'modifiedon', kind: 'date' },
  owner: { name: 'ownerid', kind: 'lookup' },
};

const FIELD_LABELS: Record<FieldName, string> = {
  name: 'Topic',
  amount: 'Est. revenue',
  stage: 'Sales stage (business process flow or Pipeline Phase)',
  probability: 'Probability',
  forecastCategory: 'Forecast category',
  closeDate: 'Est. close date',
  createdDate: 'Created On',
  lastActivityDate: 'Last activity',
  lastModifiedDate: 'Modified On',
  nextStep: 'Next step',
  owner: 'Owner',
  contacts: 'Stakeholders',
  qualification: 'BANT fields',
};

const NOT_SUPPORTED: Partial<Record<FieldName, string>> = {
  lastActivityDate: 'opportunities in Dynamics 365 have no last-activity column; activities live in the timeline, which is not read',
  nextStep: 'opportunities in Dynamics 365 have no next-step column',
};

/**
 * The built-in qualification columns (BANT and the purchase process), each mapped to a criterion through
 * criterionIdForField. Choice codes that are an explicit "no" or say nothing are language-independent
 * (the option's numeric value), so they are judged by code where the page shows one.
 */
const QUALIFICATION_COLUMNS: readonly { name: string; kind: Kind; no?: readonly string[]; nothing?: readonly string[] }[] = [
  { name: 'budgetamount', kind: 'money' },
  { name: 'budgetstatus', kind: 'option', no: ['0'] }, // No Committed Budget
  { name: 'decisionmaker', kind: 'boolean', nothing: ['0'] }, // "mark complete": not done yet, the default
  { name: 'purchaseprocess', kind: 'option', nothing: ['2'] }, // Unknown
  { name: 'customerneed', kind: 'text' },
  { name: 'customerpainpoints', kind: 'text' },
  { name: 'need', kind: 'option', no: ['3'] }, // No need
  { name: 'purchasetimeframe', kind: 'option', nothing: ['4'] }, // Unknown
  { name: 'timeline', kind: 'option', nothing: ['4'] }, // Not known
];

/** statecode and statuscode values of closed opportunities (language-independent). */
const CLOSED_CODES: Record<string, Record<string, CanonicalStage>> = {
  statecode: { '1': 'won', '2': 'lost' },
  statuscode: { '3': 'won', '4': 'lost', '5': 'lost' },
};

const defaultStageMapping = {
  // Opportunity Sales Process stages, and the Pipeline Phase (stepname) values the flow writes.
  qualify: 'qualify',
  develop: 'develop',
  propose: 'propose',
  close: 'commit',
  '1-qualify': 'qualify',
  '2-develop': 'develop',
  '3-propose': 'propose',
  '4-close': 'commit',
  // Status and status reason of closed opportunities.
  won: 'won',
  lost: 'lost',
  canceled: 'lost',
  cancelled: 'lost',
  'out-sold': 'lost',
  // German.
  qualifizieren: 'qualify',
  entwickeln: 'develop',
  vorschlagen: 'propose',
  schließen: 'commit',
  abschließen: 'commit',
  gewonnen: 'won',
  verloren: 'lost',
  storniert: 'lost',
  abgebrochen: 'lost',
  // Danish.
  kvalificer: 'qualify',
  udvikl: 'develop',
  foreslå: 'propose',
  luk: 'commit',
  vundet: 'won',
  tabt: 'lost',
  annulleret: 'lost',
} as const satisfies Record<string, CanonicalStage>;

// ---------------------------------------------------------------------------------------------------------
// Detection

function queryParams(url: URL): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of url.searchParams) if (!params.has(key.toLowerCase())) params.set(key.toLowerCase(), value);
  return params;
}

function detectUrl(url: URL): Detection | null {
  if (url.protocol !== 'https:' || !HOST.test(url.hostname) || url.pathname.toLowerCase() !== '/main.aspx') return null;
  const params = queryParams(url);
  if (params.get('etn')?.toLowerCase() !== 'opportunity') return null;
  const pageType = params.get('pagetype')?.toLowerCase();
  if (pageType === 'entitylist') return { kind: 'list', recordId: null };
  if (pageType !== 'entityrecord') return null;
  // A new, unsaved opportunity has no id yet: nothing to check.
  const id = GUID.exec(params.get('id')?.trim() ?? '');
  return id ? { kind: 'record', recordId: id[1]!.toLowerCase() } : null;
}

/** The opportunity a link points to, or null. */
function recordIdOfLink(href: string | null, base: URL): string | null {
  if (!href) return null;
  try {
    const detection = detectUrl(new URL(href, base));
    return detection?.kind === 'record' ? detection.recordId : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Values as the page shows them

type Raw = { state: 'found'; text: string; code: string | null; element: Element } | { state: 'absent'; reason: string; code: UnreadCode };

/** Dynamics shows "---" for an empty choice, lookup or read-only value. */
const blank = (text: string) => (/^[-–—]{2,3}$/.test(text) ? '' : text);

/** What a control shows: an input's `value` property, a select's selected option, a checkbox's state, or text. */
function controlValue(element: Element): { text: string; code: string | null } {
  const tag = element.tagName;
  if (tag === 'SELECT') {
    const select = element as HTMLSelectElement;
    const option = select.selectedIndex >= 0 ? select.options[select.selectedIndex] : undefined;
    if (!option || option.value === '' || option.value === '-1') return { text: '', code: null };
    return { text: blank(textOf(option) || option.label.trim()), code: option.value };
  }
  if (tag === 'INPUT' || tag === 'TEXTAREA') {
    const input = element as HTMLInputElement;
    if (tag === 'INPUT' && (input.type === 'checkbox' || input.type === 'radio')) return { text: input.checked ? 'Yes' : 'No', code: input.checked ? '1' : '0' };
    return { text: blank(input.value.replace(/\s+/g, ' ').trim()), code: null };
  }
  const checkbox = element.querySelector('input[type="checkbox"]');
  if (checkbox) return controlValue(checkbox);
  const checked = element.getAttribute('aria-checked') ?? element.querySelector('[aria-checked]')?.getAttribute('aria-checked');
  const text = blank(textOf(element));
  if (checked === 'true' || checked === 'false') return { text: text || (checked === 'true' ? 'Yes' : 'No'), code: checked === 'true' ? '1' : '0' };
  // A lookup's selected tag or a read-only display; Fluent choice buttons keep the label as text.
  return { text, code: null };
}

/** Queries over several roots (the form, and a header or process bar rendered beside it). */
function multiScope(roots: readonly Element[]): DeepScope {
  const scopes = roots.map((root) => deepScope(root));
  const all = (selector: string, limit = 5000) => {
    const found: Element[] = [];
    for (const scope of scopes) {
      for (const element of scope.all(selector, limit - found.length)) if (!found.includes(element)) found.push(element);
      if (found.length >= limit) break;
    }
    return found;
  };
  const find = (selector: string, accept: (element: Element) => boolean) => {
    for (const scope of scopes) {
      const found = scope.find(selector, accept);
      if (found) return found;
    }
    return null;
  };
  return { all, find, first: (selector) => find(selector, () => true) };
}

interface FieldInstance {
  prefix: string;
  /** The element holding the value, or null when the field is on the form but its control is not rendered. */
  value: Element | null;
  /** Any element of the field (control or its container), for anchors. */
  any: Element;
  hidden: boolean;
}

function fieldInstances(parts: DeepScope, name: string, kind: Kind): FieldInstance[] {
  const instances: FieldInstance[] = [];
  for (const prefix of PREFIXES) {
    const controls = parts.all(`[data-id^="${prefix}${name}.fieldControl"]`, 200);
    const container = parts.first(`[data-id="${prefix}${name}-FieldSectionItemContainer"]`);
    if (!controls.length && !container) continue;
    const wanted =
      kind === 'lookup'
        ? [`${prefix}${name}.fieldControl-LookupResultsDropdown_${name}_selected_tag_text`]
        : CONTROL_SUFFIXES[kind].map((suffix) => `${prefix}${name}.fieldControl-${suffix}`);
    let values = controls.filter((control) => wanted.includes(control.getAttribute('data-id') ?? ''));
    // An empty lookup has no selected tag, only its search box: blank, not missing.
    if (!values.length && kind === 'lookup') values = controls.filter((control) => /_textInputBox/.test(control.getAttribute('data-id') ?? ''));
    if (!values.length) {
      const any = controls[0] ?? container!;
      instances.push({ prefix, value: null, any, hidden: isHidden(any) });
    }
    // The same field may sit in several tabs of the form: each copy is an instance.
    for (const value of values) instances.push({ prefix, value, any: value, hidden: isHidden(value) });
  }
  // Stable: visible copies first, body before header before process bar.
  return [...instances.filter((instance) => !instance.hidden), ...instances.filter((instance) => instance.hidden)];
}

function formRaw(parts: DeepScope, name: string, kind: Kind, label: string): Raw {
  const instances = fieldInstances(parts, name, kind);
  if (!instances.length) return { state: 'absent', reason: `${label} (${name}) is not on this form`, code: 'not_on_page' };
  const rendered = instances.find((instance) => instance.value);
  if (!rendered) return { state: 'absent', reason: `${label} (${name}) is on the form but its control is not rendered`, code: 'not_rendered' };
  const element = rendered.value!;
  if (kind === 'lookup' && /_textInputBox/.test(element.getAttribute('data-id') ?? '')) return { state: 'found', text: '', code: null, element };
  const value = controlValue(element);
  return { state: 'found', text: value.text, code: value.code, element };
}

// ---------------------------------------------------------------------------------------------------------
// Turning raw values into fields

interface Context {
  locale: string;
  today: string;
  /** Finds a column's value on the page (a form control or a grid cell). */
  raw(name: string, kind: Kind, label: string): Raw;
}

function parsed<T>(raw: Raw, parse: (text: string) => ParseResult<T>): FieldValue<T> {
  if (raw.state === 'absent') return unknown(raw.reason, raw.code);
  if (!raw.text) return empty(raw.text);
  const result = parse(raw.text);
  return result.ok ? known(result.value, raw.text) : unknown(result.reason);
}

let currencyNames: Map<string, string> | null = null;
/** "US Dollar", "Euro", "Dänische Krone" (the currency lookup's text) → ISO code, from Intl's currency names. */
function currencyByName(name: string, locale: string): string | null {
  const wanted = name.trim().toLocaleLowerCase();
  if (/^[a-z]{3}$/i.test(wanted)) return wanted.toUpperCase();
  currencyNames ??= new Map();
  for (const language of [locale, 'en']) {
    const key = `${language}|`;
    if (!currencyNames.has(key)) {
      currencyNames.set(key, '');
      try {
        const names = new Intl.DisplayNames([language], { type: 'currency' });
        const codes = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency') ?? [];
        for (const code of codes) {
          const display = names.of(code)?.toLocaleLowerCase();
          if (display && !currencyNames.has(`${language}|${display}`)) currencyNames.set(`${language}|${display}`, code);
        }
      } catch {
        // No currency names in this runtime: the amount keeps a null currency.
      }
    }
    const code = currencyNames.get(`${language}|${wanted}`);
    if (code) return code;
  }
  return null;
}

function moneyField(context: Context, name: string, label: string, currency: () => string | null): FieldValue<Money> {
  return parsed<Money>(context.raw(name, 'money', label), (text) => {
    const money = parseMoney(text, context.locale);
    if (!money.ok || money.value.currency !== null) return money;
    const code = currency();
    return code ? { ok: true, value: { ...money.value, currency: code } } : money;
  });
}

const stageOf = (label: string, canonical?: CanonicalStage | null): Stage => ({ label, canonical: canonical ?? mapStage(label, defaultStageMapping) });

/** A closed opportunity's status (Won, Lost, Canceled, Out-Sold) outranks any process stage. */
function closedStatus(context: Context): FieldValue<Stage> | null {
  for (const name of ['statecode', 'statuscode'] as const) {
    const raw = context.raw(name, 'option', name === 'statecode' ? 'Status' : 'Status Reason');
    if (raw.state !== 'found' || !raw.text) continue;
    const canonical = raw.code !== null ? CLOSED_CODES[name]![raw.code] : mapStage(raw.text, defaultStageMapping);
    if (canonical === 'won' || canonical === 'lost') return known(stageOf(raw.text, canonical), raw.text);
  }
  return null;
}

function textField(raw: Raw): FieldValue<string> {
  return parsed(raw, (text) => ({ ok: true, value: text }));
}

/** Criterion id → evidence text from the built-in qualification columns the page shows. */
function qualificationField(context: Context): FieldValue<Record<string, string>> {
  // Criterion → the texts that say yes; an empty list means the page says no.
  const evidence = new Map<string, string[]>();
  const seen: string[] = [];
  for (const column of QUALIFICATION_COLUMNS) {
    const criterion = criterionIdForField(column.name);
    if (!criterion) continue;
    const raw = context.raw(column.name, column.kind, column.name);
    if (raw.state !== 'found') continue;
    seen.push(column.name);
    if (!raw.text || (raw.code !== null && column.nothing?.includes(raw.code))) continue;
    const answer = raw.code !== null && column.no?.includes(raw.code) ? 'no' : crmAnswer(raw.text);
    if (!answer) continue;
    const yes = evidence.get(criterion) ?? [];
    if (answer === 'yes') yes.push(raw.text);
    evidence.set(criterion, yes);
  }
  if (!seen.length) return unknown('none of the built-in qualification columns (BANT, purchase process) is on this page', 'not_on_page');
  if (!evidence.size) return empty('');
  const record: Record<string, string> = {};
  for (const [criterion, yes] of evidence) record[criterion] = clip(yes.length ? yes.join('; ') : 'No');
  return known(record, Object.entries(record).map(([criterion, text]) => `${criterion}: ${text}`).join(' | '));
}

function commonFields(context: Context, stage: FieldValue<Stage>, contacts: DealFields['contacts']): DealFields {
  const { locale, today } = context;
  const column = (field: FieldName) => {
    const spec = COLUMNS[field]!;
    return context.raw(spec.name, spec.kind, FIELD_LABELS[field]);
  };
  const date = (field: FieldName) => parsed<string>(column(field), (text) => parseDate(text, locale, today));
  const currency = () => {
    const raw = context.raw('transactioncurrencyid', 'lookup', 'Currency');
    return raw.state === 'found' && raw.text ? currencyByName(raw.text, locale) : null;
  };
  const notSupported = (field: FieldName) => unknown<never>(NOT_SUPPORTED[field]!, 'not_supported');
  return {
    name: textField(column('name')),
    amount: moneyField(context, 'estimatedvalue', FIELD_LABELS.amount, currency),
    stage,
    probability: parsed(column('probability'), (text) => parsePercent(text, locale)),
    forecastCategory: textField(column('forecastCategory')),
    closeDate: date('closeDate'),
    createdDate: date('createdDate'),
    lastActivityDate: notSupported('lastActivityDate'),
    lastModifiedDate: date('lastModifiedDate'),
    nextStep: notSupported('nextStep'),
    owner: textField(column('owner')),
    contacts,
    qualification: qualificationField(context),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Forms

/** The page's form: visible, and not a form opened in a dialog over it (another record's, as a rule). */
function formScope(doc: Document): Element | null {
  const forms = Array.from(doc.querySelectorAll(FORM_ROOT)).filter((form) => !isHidden(form) && !form.closest(DIALOG));
  return forms[forms.length - 1] ?? null;
}

/** The form and any visible header or process bar rendered outside it. */
function formParts(doc: Document, form: Element): DeepScope {
  const side = Array.from(doc.querySelectorAll(FORM_SIDE_PARTS)).filter(
    (part) => !form.contains(part) && !part.contains(form) && !isHidden(part) && !part.closest(DIALOG),
  );
  return multiScope([form, ...side]);
}

/** The active stage of the business process flow: the one showing "Active for N days", else the selected one. */
function activeBpfStage(parts: DeepScope): { name: Element | null; stage: Element } | null | 'none' {
  const stages = parts.all(BPF_STAGE, 50).filter((stage) => !isHidden(stage));
  if (!stages.length) return null;
  const active =
    stages.find((stage) => Array.from(stage.querySelectorAll(BPF_STAGE_STATUS)).some((label) => textOf(label))) ??
    stages.find((stage) => stage.getAttribute('data-selected-stage') === 'true');
  if (!active) return 'none';
  return { name: active.querySelector(BPF_STAGE_NAME), stage: active };
}

function formStage(context: Context, parts: DeepScope): FieldValue<Stage> {
  const closed = closedStatus(context);
  if (closed) return closed;
  const bpf = activeBpfStage(parts);
  if (bpf && bpf !== 'none') {
    const label = textOf(bpf.name);
    if (label) return known(stageOf(label), label);
  }
  const step = context.raw('stepname', 'text', 'Pipeline Phase');
  if (step.state === 'found' && step.text) return known(stageOf(step.text), step.text);
  if (bpf) return unknown('the business process flow shows no active stage', 'not_rendered');
  if (step.state === 'found') return empty(step.text);
  return unknown('neither a business process flow nor the Pipeline Phase (stepname) field is on this form', 'not_on_page');
}

/** The grid's cells by column and record id, one entry per row index (pinned and centre parts merged). */
interface GridRow {
  index: number;
  id: string | null;
  link: string | null;
  cells: Map<string, Element>;
  /** The row element that holds the most cells (AG Grid's centre part). */
  main: Element;
  /** The link or row element the id was taken from: it says later, cheaply, whether the row still shows that record. */
  idSource: Element | null;
}

/** Whether a row found earlier still shows the record `id` (the grid recycles row elements as it scrolls). */
function stillShows(row: GridRow, id: string, base: URL): boolean {
  const source = row.idSource;
  if (!source?.isConnected || !row.main.isConnected) return false;
  if (source.matches('a[href]')) return recordIdOfLink(source.getAttribute('href'), base) === id;
  return GUID.exec(source.getAttribute('row-id') ?? '')?.[1]?.toLowerCase() === id;
}

/** The rows last found in each grid by id, so badging a view looks the grid over once, not once per row. */
const lastRows = new WeakMap<Element, Map<string, GridRow>>();

function rememberRows(grid: Element, rows: readonly GridRow[]): Map<string, GridRow> {
  const byId = new Map<string, GridRow>();
  for (const row of rows) if (row.id && !byId.has(row.id)) byId.set(row.id, row);
  lastRows.set(grid, byId);
  return byId;
}

function gridRows(grid: Element, base: URL): GridRow[] {
  const rows = new Map<number, GridRow>();
  for (const element of Array.from(grid.querySelectorAll('[role="row"][row-index]'))) {
    if (isHidden(element)) continue;
    const index = Number(element.getAttribute('row-index'));
    if (!Number.isInteger(index) || index < 0) continue;
    const cells = Array.from(element.querySelectorAll('[role="gridcell"][col-id]'));
    let row = rows.get(index);
    if (!row) {
      row = { index, id: null, link: null, cells: new Map(), main: element, idSource: null };
      rows.set(index, row);
    }
    if (cells.length > row.cells.size) row.main = element;
    for (const cell of cells) {
      const column = cell.getAttribute('col-id')!;
      if (!row.cells.has(column)) row.cells.set(column, cell);
    }
    for (const link of Array.from(element.querySelectorAll('a[href]'))) {
      const id = recordIdOfLink(link.getAttribute('href'), base);
      if (id && !row.id) {
        row.id = id;
        row.link = new URL(link.getAttribute('href')!, base).href;
        row.idSource = link;
      }
    }
    const rowId = GUID.exec(element.getAttribute('row-id') ?? '');
    if (!row.id && rowId) {
      row.id = rowId[1]!.toLowerCase();
      row.idSource = element;
    }
  }
  return [...rows.values()].sort((a, b) => a.index - b.index);
}

/** "Rows: 137" (Power Apps grid), "1 - 50 of 137 (0 selected)" (older grid); "5000+" is a cap, not a count. */
function gridTotal(grid: Element, locale: string): number | undefined {
  // The footer is in the grid control, or beside it in the data set's container.
  const siblings = Array.from(grid.parentElement?.children ?? []).filter((sibling) => sibling !== grid);
  const candidates = [grid, ...siblings].flatMap((part) => [part, ...Array.from(part.querySelectorAll('*'))]);
  for (const element of candidates) {
    if (element.children.length || element.closest('[role="row"], [role="columnheader"]')) continue;
    const text = textOf(element);
    const labelled = /^[\p{L}][\p{L} .]{0,30}:\s*(\d[\d.,\s\u00a0\u202f']*?)\s*(\+)?$/u.exec(text);
    const paged = /^\d[\d.,]*\s*[-–]\s*\d[\d.,]*\s+\p{L}+\s+(\d[\d.,\u00a0\u202f']*)(\+)?(?:\s*\(.*\))?$/u.exec(text);
    const match = labelled ?? paged;
    if (!match) continue;
    if (match[2]) return undefined;
    const count = parseNumber(match[1]!.trim(), locale);
    if (count.ok && Number.isInteger(count.value) && count.value >= 0) return count.value;
  }
  return undefined;
}

/** Stakeholders (connections) and the opportunity's Contact: how many people, and the roles they play. */
function formContacts(context: Context, parts: DeepScope, base: URL): DealFields['contacts'] {
  const contact = context.raw('parentcontactid', 'lookup', 'Contact');
  const contactName = contact.state === 'found' ? contact.text : '';
  const grid = parts.all(STAKEHOLDER_GRID, 10).find((candidate) => !isHidden(candidate)) ?? parts.first(STAKEHOLDER_GRID);
  if (!grid) {
    if (contact.state !== 'found') return unknown('neither the Stakeholders subgrid nor the Contact field is on this form', 'not_on_page');
    return contactName ? known({ count: 1, roles: [] }, contactName) : empty('');
  }
  const names = new Set<string>();
  const roles: string[] = [];
  for (const row of gridRows(grid, base)) {
    const nameCell = row.cells.get('record2id') ?? row.cells.get('name');
    const name = blank(textOf(nameCell));
    if (name) names.add(name.toLocaleLowerCase());
    const role = blank(textOf(row.cells.get('record2roleid')));
    if (role && !roles.includes(role)) roles.push(role);
  }
  if (contactName) names.add(contactName.toLocaleLowerCase());
  const count = Math.max(names.size, gridTotal(grid, context.locale) ?? 0);
  return known({ count, roles }, `${count} ${roles.join(', ')}`.trim());
}

function readForm(doc: Document, url: URL, now: Date, recordId: string): { snapshot: DealSnapshot; scope: Element } | null {
  const form = formScope(doc);
  if (!form) return null;
  const parts = formParts(doc, form);
  const context: Context = {
    locale: pageLocale(doc),
    today: now.toISOString().slice(0, 10),
    raw: (name, kind, label) => formRaw(parts, name, kind, label),
  };
  let fields = commonFields(context, formStage(context, parts), formContacts(context, parts, url));
  if (fields.name.state !== 'value') {
    const title = formTitle(parts);
    const text = title?.getAttribute('title')?.trim() || textOf(title);
    if (text) fields = { ...fields, name: known(text, text) };
  }
  return {
    scope: form,
    snapshot: { key: dealKey('dynamics', url.hostname, recordId), crm: 'dynamics', url: url.href, capturedAt: now.toISOString(), source: 'page', fields },
  };
}

function formTitle(parts: DeepScope): Element | null {
  const titles = parts.all('h1[data-id="header_title"]', 10);
  return titles.find((title) => !isHidden(title)) ?? titles[0] ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Views

function gridScope(doc: Document): Element | null {
  const grids = Array.from(doc.querySelectorAll(GRID_ROOTS)).filter((grid) => !isHidden(grid) && !grid.closest(FORM_ROOT));
  return grids[0] ?? null;
}

function gridHeaders(grid: Element): Set<string> {
  return new Set(Array.from(grid.querySelectorAll('[role="columnheader"][col-id]')).map((header) => header.getAttribute('col-id')!));
}

function rowRaw(row: GridRow, headers: Set<string>, name: string, label: string): Raw {
  const cell = row.cells.get(name);
  if (cell) return { state: 'found', text: blank(textOf(cell)), code: null, element: cell };
  if (headers.has(name)) return { state: 'absent', reason: `the ${label} (${name}) cell is not rendered (scrolled out of view)`, code: 'not_rendered' };
  return { state: 'absent', reason: `${label} (${name}) is not a column of this view`, code: 'not_on_page' };
}

function rowStage(context: Context): FieldValue<Stage> {
  const closed = closedStatus(context);
  if (closed) return closed;
  const step = context.raw('stepname', 'text', 'Pipeline Phase');
  if (step.state === 'absent') return unknown(step.code === 'not_on_page' ? 'the view has no Pipeline Phase (stepname) column' : step.reason, step.code);
  return step.text ? known(stageOf(step.text), step.text) : empty(step.text);
}

function readGrid(doc: Document, url: URL, now: Date): { snapshots: DealSnapshot[]; scope: Element | null; total?: number } {
  const grid = gridScope(doc);
  if (!grid) return { snapshots: [], scope: null };
  const locale = pageLocale(doc);
  const today = now.toISOString().slice(0, 10);
  const headers = gridHeaders(grid);
  const snapshots: DealSnapshot[] = [];
  const seen = new Set<string>();
  for (const row of gridRows(grid, url)) {
    if (!row.id || seen.has(row.id)) continue;
    seen.add(row.id);
    const context: Context = { locale, today, raw: (name, _kind, label) => rowRaw(row, headers, name, label) };
    const contacts = unknown<never>('views do not show stakeholders', 'not_supported');
    const recordUrl = row.link ?? recordUrlFor(url, row.id);
    snapshots.push({
      key: dealKey('dynamics', url.hostname, row.id),
      crm: 'dynamics',
      url: recordUrl,
      capturedAt: now.toISOString(),
      source: 'page',
      fields: commonFields(context, rowStage(context), contacts),
    });
  }
  const total = gridTotal(grid, locale);
  return total === undefined ? { snapshots, scope: grid } : { snapshots, scope: grid, total };
}

function recordUrlFor(listUrl: URL, id: string): string {
  const record = new URL('/main.aspx', listUrl.origin);
  const appId = queryParams(listUrl).get('appid');
  if (appId) record.searchParams.set('appid', appId);
  record.searchParams.set('pagetype', 'entityrecord');
  record.searchParams.set('etn', 'opportunity');
  record.searchParams.set('id', id);
  return record.href;
}

// ---------------------------------------------------------------------------------------------------------
// Anchors

/** Links in the grid may be relative: resolve them against the page, or else the org host the key names. */
function linkBase(doc: Document, key: string): URL {
  const location = doc.location?.href ?? '';
  try {
    return new URL(/^https:/.test(location) ? location : `https://${key.split(':')[1] ?? ''}/`);
  } catch {
    return new URL('https://invalid.example/');
  }
}

/** Next to the field's label: controls are inputs, which cannot hold a badge. */
function fieldAnchor(instance: FieldInstance): Element | null {
  const container = instance.any.closest('[data-id$="-FieldSectionItemContainer"]');
  const label = container?.querySelector('label[id$="-field-label"]');
  return label?.parentElement ?? container ?? instance.any.parentElement;
}

function firstFieldAnchor(parts: DeepScope, columns: readonly { name: string; kind: Kind }[]): Element | null {
  for (const { name, kind } of columns) {
    const [instance] = fieldInstances(parts, name, kind);
    if (instance) return fieldAnchor(instance);
  }
  return null;
}

function formAnchor(parts: DeepScope, target: AnchorTarget): Element | null {
  if (target === 'title') return formTitle(parts);
  if (target === 'stage') {
    const bpf = activeBpfStage(parts);
    if (bpf && bpf !== 'none') return bpf.name ?? bpf.stage;
    return firstFieldAnchor(parts, [{ name: 'stepname', kind: 'text' }]);
  }
  if (target === 'contacts') {
    const grid = parts.all(STAKEHOLDER_GRID, 10).find((candidate) => !isHidden(candidate));
    return grid ?? firstFieldAnchor(parts, [{ name: 'parentcontactid', kind: 'lookup' }]);
  }
  if (target === 'qualification') return firstFieldAnchor(parts, QUALIFICATION_COLUMNS);
  const spec = COLUMNS[target];
  return spec ? firstFieldAnchor(parts, [spec]) : null;
}

export default defineAdapter({
  id: 'dynamics',
  name: 'Microsoft Dynamics 365 Sales',
  matches: REGIONS.map((region) => `https://*.${region}.dynamics.com/main.aspx*`),
  defaultStageMapping,
  testUrls: [
    {
      url: 'https://contoso.crm.dynamics.com/main.aspx?appid=4f1c5a0e-2b7d-4e8a-9c3f-1d2e3f4a5b6c&pagetype=entityrecord&etn=opportunity&id=7a2f4c1e-9b3d-4e6a-8f10-2c5d7e9a1b3f',
      kind: 'record',
      recordId: '7a2f4c1e-9b3d-4e6a-8f10-2c5d7e9a1b3f',
    },
    {
      url: 'https://fabrikam.crm4.dynamics.com/main.aspx?etn=opportunity&pagetype=entityrecord&id=%7B5E0C2A91-7D4B-4F3A-B2C1-0A9E8D7C6B5A%7D',
      kind: 'record',
      recordId: '5e0c2a91-7d4b-4f3a-b2c1-0a9e8d7c6b5a',
    },
    {
      url: 'https://contoso.crm.dynamics.com/main.aspx?appid=4f1c5a0e-2b7d-4e8a-9c3f-1d2e3f4a5b6c&pagetype=entitylist&etn=opportunity&viewid=00000000-0000-0000-00aa-000010003001&viewType=1039',
      kind: 'list',
      recordId: null,
    },
    { url: 'https://adatum.crm2.dynamics.com/main.aspx?pagetype=entitylist&etn=opportunity', kind: 'list', recordId: null },
  ],

  detect: detectUrl,

  read(doc, url, { now }) {
    const detection = detectUrl(url);
    if (!detection) return { snapshots: [], scope: null };
    if (detection.kind === 'list') return readGrid(doc, url, now);
    // A form that has not rendered yet says nothing: the caller reads again when the page changes.
    const form = readForm(doc, url, now, detection.recordId!);
    return form ? { snapshots: [form.snapshot], scope: form.scope } : { snapshots: [], scope: null };
  },

  anchor(doc, scope, target) {
    const form = scope?.matches(FORM_ROOT) ? scope : formScope(doc);
    return form ? formAnchor(formParts(doc, form), target) : null;
  },

  rowAnchor(doc, scope, key) {
    const grid = scope ?? gridScope(doc);
    if (!grid) return null;
    const id = key.slice(key.lastIndexOf(':') + 1);
    const base = linkBase(doc, key);
    // Only the asked row is checked; the grid is looked over again when it no longer shows that record.
    let row = lastRows.get(grid)?.get(id);
    if (!row || !stillShows(row, id, base)) row = rememberRows(grid, gridRows(grid, base)).get(id);
    if (!row) return null;
    const cell = row.cells.get('name') ?? row.main.querySelector('[role="gridcell"][col-id]:not([col-id="checkbox"])');
    return cell ? (cell.firstElementChild ?? cell) : null;
  },
});
