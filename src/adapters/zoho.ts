import { dealKey, FIELD_NAMES } from '../model/deal-names';
import type { DealFields, FieldName, Money, Stage } from '../model/deal';
import { empty, known, unknown, type FieldValue, type UnreadCode } from '../model/field-state';
import { criterionIdForField, normaliseFieldLabel } from '../qualification/field-criteria';
import { findDate, parseDate, type ParseResult } from '../read/date';
import { deepScope, isHidden, pageLocale, textOf, type DeepScope } from '../read/dom';
import { parseMoney, parseNumber, parsePercent } from '../read/number';
import { mapStage } from './stage-mapping';
import { defineAdapter, type AnchorTarget, type Detection } from './types';

/*
 * Zoho CRM. Deals are the "Potentials" module; the web client is built of Lyte web components and Zoho's CRUX
 * component library.
 *
 * What this adapter keys on, and how sure we are:
 * - URLs (verified against public links and Zoho's data-centre list): `https://crm.zoho.<dc>/crm/org<orgid>/tab/Potentials/<id>`
 *   (single-org accounts also without the `org<orgid>` segment), lists at `…/tab/Potentials/custom-view/<cvid>/list`.
 *   Kanban (`…/kanban`) and sheet views are not read yet.
 * - Record page (CRUX `crux-detailpage-sections` source, public): each field is a row with a label
 *   `[data-zcqa="dtVw_lbl_<COLUMN_NAME>"]#field_label_<fieldId>` and a value container `#field_<fieldId>.dvValueContainer`;
 *   the business card on top uses the same with a `bc_` prefix; `crux-detailpage-wrapper[cx-prop-entity-id]` names
 *   the record; the title is `#recHeader1`. CRUX does not render Created Time, Modified Time or Last Activity Time in
 *   the detail view, so dates come from "Created By" / "Modified By" (name and time) and Last Activity stays unknown
 *   unless a layout shows it.
 * - The column names below (POTENTIALNAME, CLOSINGDATE, …) are assumed; every field is also found by its label, in
 *   English and Danish, which is what custom fields (the qualification ones) always need.
 * - List page (CRUX `crux-list-view` source, public): `lyte-exptable` rows `lyte-exptable-tr[data-zcqa="detailView"]`,
 *   header cells `lyte-exptable-th`, the view's record count in `.cxLvRecordCount` ("###" until the user asks for it).
 *   Columns are matched by their header label.
 * - The Contact Roles related list (`crm-relatedlist`) is an assumed shape: a title, a count and a table.
 * Dates are shown in the user's date format, which Zoho sets from the user's country, not the page language: the
 * day/month order is taken from the page's own dates when any of them settles it (see `numericDateLocale`).
 */

const HOSTS = ['crm.zoho.com', 'crm.zoho.eu', 'crm.zoho.in', 'crm.zoho.com.au', 'crm.zoho.jp', 'crm.zoho.com.cn', 'crm.zohocloud.ca'] as const;
const HOST_SET: ReadonlySet<string> = new Set(HOSTS);
const RECORD_PATH = /^\/crm\/(?:org\d{1,20}\/)?tab\/Potentials\/(\d{6,25})\/?$/;
const LIST_PATH = /^\/crm\/(?:org\d{1,20}\/)?tab\/Potentials(?:\/custom-view\/\d{1,25}\/list)?\/?$/;
/** A deal link in a list row or related list. */
const RECORD_LINK = /\/tab\/Potentials\/(\d{6,25})(?:[/?#]|$)/;

/** Fields the page shows, by Zoho column name and by label (lower case, as normaliseFieldLabel spells them). */
type ZohoField =
  | 'name'
  | 'amount'
  | 'currency'
  | 'stage'
  | 'probability'
  | 'forecastCategory'
  | 'closeDate'
  | 'nextStep'
  | 'owner'
  | 'contactName'
  | 'createdBy'
  | 'modifiedBy'
  | 'createdTime'
  | 'modifiedTime'
  | 'lastActivityTime';

const ZOHO_FIELDS: Record<ZohoField, { columns: readonly string[]; labels: readonly string[] }> = {
  name: { columns: ['POTENTIALNAME'], labels: ['deal name', 'potential name', 'opportunity name', 'handelsnavn', 'aftalenavn'] },
  amount: { columns: ['AMOUNT'], labels: ['amount', 'beløb'] },
  currency: { columns: ['CURRENCY', 'CURRENCYCODE'], labels: ['currency', 'valuta'] },
  stage: { columns: ['STAGE'], labels: ['stage', 'fase'] },
  probability: { columns: ['PROBABILITY'], labels: ['probability (%)', 'probability', 'sandsynlighed (%)', 'sandsynlighed'] },
  forecastCategory: { columns: ['FORECASTCATEGORY', 'FORECAST_CATEGORY'], labels: ['forecast category', 'prognosekategori'] },
  closeDate: { columns: ['CLOSINGDATE'], labels: ['closing date', 'expected close date', 'lukkedato', 'forventet lukkedato'] },
  nextStep: { columns: ['NEXTSTEP'], labels: ['next step', 'næste trin', 'næste skridt'] },
  owner: { columns: ['SMOWNERID'], labels: ['deal owner', 'potential owner', 'opportunity owner', 'handelsejer', 'aftaleejer'] },
  contactName: { columns: ['CONTACTID'], labels: ['contact name', 'kontaktnavn'] },
  createdBy: { columns: ['SMCREATORID'], labels: ['created by', 'oprettet af'] },
  modifiedBy: { columns: ['MODIFIEDBY'], labels: ['modified by', 'ændret af'] },
  createdTime: { columns: ['CREATEDTIME'], labels: ['created time', 'oprettelsestidspunkt', 'oprettet tidspunkt'] },
  modifiedTime: { columns: ['MODIFIEDTIME'], labels: ['modified time', 'ændringstidspunkt', 'ændret tidspunkt'] },
  lastActivityTime: { columns: ['LASTACTIVITYTIME'], labels: ['last activity time', 'sidste aktivitetstidspunkt', 'sidste aktivitet'] },
};
const ZOHO_FIELD_NAMES = Object.keys(ZOHO_FIELDS) as ZohoField[];

/** The deal fields an anchor can point at, in order of preference. */
const ANCHOR_FIELDS: Partial<Record<FieldName, ZohoField[]>> = {
  name: ['name'],
  amount: ['amount'],
  stage: ['stage'],
  probability: ['probability'],
  forecastCategory: ['forecastCategory'],
  closeDate: ['closeDate'],
  createdDate: ['createdTime', 'createdBy'],
  lastActivityDate: ['lastActivityTime'],
  lastModifiedDate: ['modifiedTime', 'modifiedBy'],
  nextStep: ['nextStep'],
  owner: ['owner'],
};

const CONTACT_ROLES_LABELS = new Set(['contact roles', 'kontaktroller']);
const ROLE_COLUMN_LABELS = new Set(['contact role', 'role', 'kontaktrolle', 'rolle']);
const NAME_COLUMN_LABELS = new Set(['contact name', 'name', 'kontaktnavn', 'navn']);
/** Zoho's placeholder for an unset picklist or lookup. */
const BLANK_VALUES = new Set(['-none-', '- none -', '—', '–', '-', '--']);

const defaultStageMapping = {
  qualification: 'qualify',
  'needs analysis': 'qualify',
  'value proposition': 'develop',
  'identify decision makers': 'develop',
  'id. decision makers': 'develop',
  'perception analysis': 'develop',
  'proposal/price quote': 'propose',
  'negotiation/review': 'commit',
  'closed won': 'won',
  'closed lost': 'lost',
  'closed-lost to competition': 'lost',
  'closed lost to competition': 'lost',
  // Danish labels of the default pipeline, as in the Danish fixture (assumed translations).
  kvalificering: 'qualify',
  behovsanalyse: 'qualify',
  værdiforslag: 'develop',
  'identificer beslutningstagere': 'develop',
  opfattelsesanalyse: 'develop',
  'forslag/pristilbud': 'propose',
  'forhandling/gennemgang': 'commit',
  'lukket vundet': 'won',
  'lukket tabt': 'lost',
  'lukket-tabt til konkurrent': 'lost',
  'lukket tabt til konkurrent': 'lost',
} as const;

// ---------------------------------------------------------------------------------------------------------
// Reading helpers

type Contacts = Extract<DealFields['contacts'], { state: 'value' }>['value'];

type Raw = { state: 'found'; text: string; element: Element } | { state: 'absent'; reason: string; code: UnreadCode };

const absent = (reason: string, code: UnreadCode = 'not_on_page'): Raw => ({ state: 'absent', reason, code });

function cleanValue(text: string): string {
  return BLANK_VALUES.has(text.trim().toLowerCase()) ? '' : text;
}

function parsed<T>(raw: Raw, parse: (text: string) => ParseResult<T>): FieldValue<T> {
  if (raw.state === 'absent') return unknown(raw.reason, raw.code);
  if (!raw.text) return empty(raw.text);
  const result = parse(raw.text);
  return result.ok ? known(result.value, raw.text) : unknown(result.reason);
}

const asText = (text: string): ParseResult<string> => ({ ok: true, value: text });

/** Multi-currency orgs add the home-currency amount in brackets: "DKK 1.250.000,00 (€ 167.500,00)". */
const withoutConversion = (text: string) => text.replace(/\s*\([^)]*\)\s*$/, '');

/** A day, a month and a year that are not year-first ("27/11/2026", "11-27-26"). */
const NUMERIC_DATE = /(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])/g;

function dayBeforeMonth(locale: string): boolean {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 10, 27));
    return parts.findIndex((part) => part.type === 'day') < parts.findIndex((part) => part.type === 'month');
  } catch {
    return false;
  }
}

/**
 * The locale to read numeric dates with. Zoho prints dates in the user's date format, which follows the user's country
 * ("27/11/2026" for an English-speaking user in India), not the language the page is in. A numeric date whose first
 * number is over 12 proves day-first, one whose second is over 12 proves month-first; when the page's dates settle it
 * and it differs from the page locale's order, an English locale with that order reads them. Otherwise the page locale.
 */
export function numericDateLocale(locale: string, dateTexts: readonly string[]): string {
  let dayFirst = false;
  let monthFirst = false;
  for (const text of dateTexts) {
    for (const match of text.slice(0, 200).matchAll(NUMERIC_DATE)) {
      const first = Number(match[1]);
      const second = Number(match[3]);
      if (first > 12 && second <= 12) dayFirst = true;
      if (second > 12 && first <= 12) monthFirst = true;
    }
  }
  if (dayFirst === monthFirst) return locale; // no evidence, or contradicting evidence
  if (dayFirst === dayBeforeMonth(locale)) return locale;
  return dayFirst ? 'en-GB' : 'en-US';
}

interface DateReaders {
  date: (text: string) => ParseResult<string>;
  dateIn: (text: string) => ParseResult<string>;
}

function dateReaders(locale: string, numericLocale: string, today: string): DateReaders {
  const localeFor = (text: string) => (numericLocale !== locale && /\d{1,2}[./-]\d{1,2}[./-]\d{2}/.test(text) ? numericLocale : locale);
  return {
    date: (text) => parseDate(text, localeFor(text), today),
    dateIn: (text) => findDate(text, localeFor(text), today),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Record pages

interface DetailItem {
  column: string;
  label: string;
  value: Element | null;
}

/** Visible elements matching `selector`: light DOM first, shadow roots only when the light DOM has none. */
function visibleViews(doc: Document, selector: string): Element[] {
  const light = Array.from(doc.querySelectorAll(selector));
  return (light.length ? light : deepScope(doc).all(selector, 50)).filter((view) => !isHidden(view));
}

function entityIdOf(view: Element): string | null {
  const wrapper = view.querySelector('crux-detailpage-wrapper[cx-prop-entity-id]') ?? (view.matches('[cx-prop-entity-id]') ? view : null);
  return wrapper?.getAttribute('cx-prop-entity-id')?.trim() || null;
}

type RecordScope = { scope: Element; stale: false } | { scope: Element | null; stale: true; shown: string };

function recordScope(doc: Document, recordId: string | null): RecordScope {
  const views = visibleViews(doc, 'crm-detailview');
  if (!views.length) {
    // A page without CRUX's detail view (a saved single record, say) is one view; elsewhere nothing is rendered yet.
    return { scope: doc.body, stale: false };
  }
  if (recordId) {
    const exact = views.filter((view) => entityIdOf(view) === recordId);
    if (exact.length) return { scope: exact[exact.length - 1]!, stale: false };
    const unnamed = views.filter((view) => entityIdOf(view) === null);
    if (unnamed.length) return { scope: unnamed[unnamed.length - 1]!, stale: false };
    // Zoho changes the URL before it renders the next record: what is shown is still the previous one.
    return { scope: views[views.length - 1]!, stale: true, shown: entityIdOf(views[views.length - 1]!) ?? '' };
  }
  return { scope: views[views.length - 1]!, stale: false };
}

/**
 * The value container that belongs to a label: `#field_<id>` next to `#field_label_<id>` in the same row. Looked up in
 * the row, never the document: an earlier record kept hidden in the DOM has the same layout, so the same ids.
 */
function valueOfLabel(label: Element, prefix: string): Element | null {
  const id = label.id.startsWith(`${prefix}field_label_`) ? label.id.slice(`${prefix}field_label_`.length) : '';
  const row = label.parentElement;
  if (row && /^[\w-]{1,40}$/.test(id)) {
    const byId = row.querySelector(`[id="${prefix}field_${id}"]`);
    if (byId) return byId;
  }
  let sibling = label.nextElementSibling;
  while (sibling && !sibling.classList.contains('dvValueContainer')) sibling = sibling.nextElementSibling;
  return sibling;
}

function detailItems(deep: DeepScope, businessCard: boolean): DetailItem[] {
  const prefix = businessCard ? 'bc_' : '';
  const attribute = `${prefix}dtVw_lbl_`;
  return deep
    .all(`[data-zcqa^="${attribute}"]`, 2000)
    .filter((label) => !isHidden(label))
    .map((label) => ({
      column: (label.getAttribute('data-zcqa') ?? '').slice(attribute.length).toUpperCase(),
      label: normaliseFieldLabel(textOf(label, 200)),
      value: valueOfLabel(label, prefix),
    }));
}

function matchesField(item: { column?: string; label: string }, field: ZohoField): boolean {
  const spec = ZOHO_FIELDS[field];
  return (item.column !== undefined && spec.columns.includes(item.column)) || spec.labels.includes(item.label);
}

/** Custom fields' column names ("POTENTIALCF11" in Zoho's classic API; assumed to hold in the Lyte client). */
const CUSTOM_COLUMN = /CF\d+$|^CUSTOMFIELD/i;

function standardFieldOf(item: { column?: string; label: string }): ZohoField | undefined {
  // The column name decides first: a custom field labelled "Stage" is not the stage.
  const byColumn = item.column ? ZOHO_FIELD_NAMES.find((field) => ZOHO_FIELDS[field].columns.includes(item.column!)) : undefined;
  if (byColumn || (item.column && CUSTOM_COLUMN.test(item.column))) return byColumn;
  return ZOHO_FIELD_NAMES.find((field) => ZOHO_FIELDS[field].labels.includes(item.label));
}

class RecordFields {
  private readonly sections: DetailItem[];
  private readonly card: DetailItem[];

  constructor(readonly deep: DeepScope) {
    this.sections = detailItems(deep, false);
    this.card = detailItems(deep, true);
  }

  get rendered(): boolean {
    return this.sections.length + this.card.length > 0;
  }

  /** The detail section's row for a field, else the business card's. */
  item(field: ZohoField): DetailItem | undefined {
    const find = (items: DetailItem[]) => items.find((item) => standardFieldOf(item) === field);
    return find(this.sections) ?? find(this.card);
  }

  raw(field: ZohoField, label: string): Raw {
    const item = this.item(field);
    if (!item) return absent(`${label} is not on this page layout`);
    if (!item.value) return absent(`${label} has no value element`, 'not_rendered');
    return { state: 'found', text: cleanValue(textOf(item.value)), element: item.value };
  }

  /** Custom fields named after a qualification criterion, by criterion id. */
  qualificationItems(): { criterion: string; item: DetailItem }[] {
    const found: { criterion: string; item: DetailItem }[] = [];
    for (const item of this.sections.length ? this.sections : this.card) {
      if (standardFieldOf(item)) continue;
      const criterion = criterionIdForField(item.label);
      if (criterion) found.push({ criterion, item });
    }
    return found;
  }
}

/** The Contact Roles related list of a record page, if it is rendered. */
function contactRolesList(deep: DeepScope): Element | null {
  const lists = deep.all('crm-relatedlist', 100).filter((list) => !isHidden(list));
  return (
    lists.find((list) => /^contact_?roles$/i.test(list.getAttribute('cx-prop-related-list-api-name') ?? '')) ??
    lists.find((list) => CONTACT_ROLES_LABELS.has(normaliseFieldLabel(textOf(list.querySelector('.cxRlTitle, [data-zcqa="rlTitle"]'), 200)))) ??
    null
  );
}

interface TableRows {
  headers: string[];
  rows: Element[][];
  rowElements: Element[];
}

/** A Lyte expandable table's header labels and visible body rows (cells by position), looking inside shadow roots. */
function lyteTable(root: Element): TableRows {
  const deep = deepScope(root);
  const headerRow = deep.all('lyte-exptable-thead lyte-exptable-tr, lyte-exptable-tr#cxLvTableHeaderRow, lyte-exptable-tr#listviewHeaderRow', 1)[0];
  const headers = headerRow ? Array.from(headerRow.children).filter((cell) => cell.localName === 'lyte-exptable-th').map((cell) => normaliseFieldLabel(textOf(cell, 200))) : [];
  const rowElements = deep
    .all('lyte-exptable-tr', 5000)
    .filter((row) => row !== headerRow && !row.closest('lyte-exptable-thead') && !isHidden(row))
    .filter((row) => Array.from(row.children).some((cell) => cell.localName === 'lyte-exptable-td'));
  const rows = rowElements.map((row) => Array.from(row.children).filter((cell) => cell.localName === 'lyte-exptable-td'));
  return { headers, rows, rowElements };
}

function readContacts(list: Element | null, contactName: Raw): FieldValue<Contacts> {
  const nameText = contactName.state === 'found' ? contactName.text : '';
  if (list) {
    const { headers, rows } = lyteTable(list);
    const roleAt = headers.findIndex((header) => ROLE_COLUMN_LABELS.has(header));
    const nameAt = headers.findIndex((header) => NAME_COLUMN_LABELS.has(header));
    const roles = [...new Set(rows.map((cells) => (roleAt >= 0 ? cleanValue(textOf(cells[roleAt])) : '')).filter(Boolean))];
    const names = new Set(rows.map((cells) => (nameAt >= 0 ? textOf(cells[nameAt]).toLowerCase() : '')).filter(Boolean));
    const countText = textOf(list.querySelector('.cxRlCount, [data-zcqa="rlCount"]'), 20).replace(/[()]/g, '');
    const shown = /^\d{1,4}$/.test(countText) ? Number(countText) : rows.length;
    // The deal's Contact Name is often not among its contact roles: it is one more person on the deal.
    const extra = nameText && rows.length === shown && !names.has(nameText.toLowerCase()) ? 1 : 0;
    const count = shown + extra;
    const raw = `${shown} contact role${shown === 1 ? '' : 's'}${extra ? ` + ${nameText}` : ''}`;
    return count === 0 ? empty(raw) : known({ count, roles }, raw);
  }
  if (contactName.state === 'absent') {
    return unknown('neither Contact Name nor the Contact Roles related list is on this page', contactName.code);
  }
  return nameText ? known({ count: 1, roles: [] }, nameText) : empty('');
}

function readQualification(entries: { criterion: string; text: string }[], where: string): FieldValue<Record<string, string>> {
  if (!entries.length) return unknown(`no fields named after BANT or MEDDICC criteria ${where}`, 'not_on_page');
  const value: Record<string, string> = {};
  for (const { criterion, text } of entries) if (text && !value[criterion]) value[criterion] = text;
  const raw = entries.map(({ criterion, text }) => `${criterion}: ${text}`).join('; ');
  return Object.keys(value).length ? known(value, raw) : empty(raw);
}

// ---------------------------------------------------------------------------------------------------------
// List pages

function moduleOf(view: Element): string {
  return view.getAttribute('cx-prop-module') ?? view.querySelector('[cx-prop-module]')?.getAttribute('cx-prop-module') ?? '';
}

function listScope(doc: Document): Element | null {
  const views = visibleViews(doc, 'crux-list-view');
  const deals = views.filter((view) => /^(potentials|deals)$/i.test(moduleOf(view)));
  if (deals.length) return deals[deals.length - 1]!;
  // A list that names another module is a stale one (Zoho swaps views after the URL changes).
  return views.filter((view) => !moduleOf(view)).pop() ?? null;
}

function recordIdOfRow(row: Element): { id: string; link: Element } | null {
  for (const link of Array.from(row.querySelectorAll('a[href]'))) {
    const match = RECORD_LINK.exec(link.getAttribute('href') ?? '');
    if (match) return { id: match[1]!, link };
  }
  const byId = row.querySelector('[id^="listView_"]');
  const id = byId?.id.slice('listView_'.length) ?? '';
  return byId && /^\d{6,25}$/.test(id) ? { id, link: byId } : null;
}

function listTotal(scope: Element, locale: string): number | undefined {
  const text = textOf(scope.querySelector('.cxLvRecordCount'), 40);
  if (!/\d/.test(text)) return undefined; // "###" until the user asks Zoho to count
  const count = parseNumber(text, locale);
  return count.ok && Number.isInteger(count.value) && count.value >= 0 ? count.value : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Building a snapshot

interface FieldSource {
  raw(field: ZohoField, label: string): Raw;
}

const LABELS: Record<ZohoField, string> = {
  name: 'Deal Name',
  amount: 'Amount',
  currency: 'Currency',
  stage: 'Stage',
  probability: 'Probability (%)',
  forecastCategory: 'Forecast Category',
  closeDate: 'Closing Date',
  nextStep: 'Next Step',
  owner: 'Deal Owner',
  contactName: 'Contact Name',
  createdBy: 'Created By',
  modifiedBy: 'Modified By',
  createdTime: 'Created Time',
  modifiedTime: 'Modified Time',
  lastActivityTime: 'Last Activity Time',
};

/** The fields every page kind reads the same way; contacts and qualification are read by the caller. */
function commonFields(source: FieldSource, locale: string, dates: DateReaders): Omit<DealFields, 'contacts' | 'qualification'> {
  const raw = (field: ZohoField) => source.raw(field, LABELS[field]);
  const currencyRaw = raw('currency');
  const fieldCurrency = currencyRaw.state === 'found' ? (currencyRaw.text.match(/\b[A-Z]{3}\b/)?.[0] ?? null) : null;
  const amount = parsed<Money>(raw('amount'), (text) => {
    const money = parseMoney(withoutConversion(text), locale);
    return money.ok && money.value.currency === null && fieldCurrency ? { ok: true, value: { ...money.value, currency: fieldCurrency } } : money;
  });

  // An exact time column wins over "Created By: name, time".
  const either = (exact: ZohoField, byUser: ZohoField): FieldValue<string> => {
    const exactRaw = raw(exact);
    if (exactRaw.state === 'found') return parsed(exactRaw, dates.date);
    const userRaw = raw(byUser);
    if (userRaw.state === 'found') return parsed(userRaw, dates.dateIn);
    return unknown(`neither ${LABELS[exact]} nor ${LABELS[byUser]} is on this page`, 'not_on_page');
  };

  const lastActivityRaw = raw('lastActivityTime');
  return {
    name: parsed(raw('name'), asText),
    amount,
    stage: parsed<Stage>(raw('stage'), (text) => ({ ok: true, value: { label: text, canonical: mapStage(text, defaultStageMapping) } })),
    probability: parsed(raw('probability'), (text) => parsePercent(text, locale)),
    forecastCategory: parsed(raw('forecastCategory'), asText),
    closeDate: parsed(raw('closeDate'), dates.date),
    createdDate: either('createdTime', 'createdBy'),
    lastActivityDate:
      lastActivityRaw.state === 'absent'
        ? unknown(`${LABELS.lastActivityTime} is not on this page (Zoho's record view does not show it)`, lastActivityRaw.code)
        : parsed(lastActivityRaw, dates.date),
    lastModifiedDate: either('modifiedTime', 'modifiedBy'),
    nextStep: parsed(raw('nextStep'), (text) => ({ ok: true, value: { text, date: null } })),
    owner: parsed(raw('owner'), asText),
  };
}

function allUnknown(reason: string, code: UnreadCode): DealFields {
  return Object.fromEntries(FIELD_NAMES.map((field) => [field, unknown(reason, code)])) as DealFields;
}

const DATE_FIELDS: ZohoField[] = ['closeDate', 'createdBy', 'modifiedBy', 'createdTime', 'modifiedTime', 'lastActivityTime'];

// ---------------------------------------------------------------------------------------------------------
// The adapter

export default defineAdapter({
  id: 'zoho',
  name: 'Zoho CRM',
  matches: HOSTS.map((host) => `https://${host}/*`),
  defaultStageMapping,
  testUrls: [
    { url: 'https://crm.zoho.com/crm/org712345678/tab/Potentials/5725767000001234567', kind: 'record', recordId: '5725767000001234567' },
    { url: 'https://crm.zoho.eu/crm/org20098981754/tab/Potentials/718479000004456001', kind: 'record', recordId: '718479000004456001' },
    { url: 'https://crm.zoho.in/crm/org60043078423/tab/Potentials/955332000004403609', kind: 'record', recordId: '955332000004403609' },
    { url: 'https://crm.zoho.com.au/crm/org7004062519/tab/Potentials/691602767000000123', kind: 'record', recordId: '691602767000000123' },
    { url: 'https://crm.zoho.com/crm/tab/Potentials/5725767000001234567', kind: 'record', recordId: '5725767000001234567' },
    { url: 'https://crm.zoho.in/crm/org60043078423/tab/Potentials/custom-view/955332000000441430/list?page=1', kind: 'list', recordId: null },
    { url: 'https://crm.zoho.eu/crm/org20098981754/tab/Potentials/custom-view/718479000000031011/list', kind: 'list', recordId: null },
  ],

  detect(url): Detection | null {
    if (url.protocol !== 'https:' || !HOST_SET.has(url.hostname.toLowerCase())) return null;
    const record = RECORD_PATH.exec(url.pathname);
    if (record) return { kind: 'record', recordId: record[1]! };
    return LIST_PATH.test(url.pathname) ? { kind: 'list', recordId: null } : null;
  },

  read(doc, url, { now }) {
    const detection = this.detect(url);
    if (!detection) return { snapshots: [], scope: null };
    const locale = pageLocale(doc);
    const today = now.toISOString().slice(0, 10);
    const capturedAt = now.toISOString();
    const host = url.hostname.toLowerCase();

    if (detection.kind === 'list') {
      const scope = listScope(doc);
      if (!scope) return { snapshots: [], scope: null };
      const { headers, rows, rowElements } = lyteTable(scope);
      const columnOf = (field: ZohoField) => headers.findIndex((header) => matchesField({ label: header }, field));
      const columns = Object.fromEntries(ZOHO_FIELD_NAMES.map((field) => [field, columnOf(field)])) as Record<ZohoField, number>;
      const qualificationColumns = headers
        .map((header, index) => ({ index, criterion: standardFieldOf({ label: header }) ? undefined : criterionIdForField(header) }))
        .filter((column): column is { index: number; criterion: string } => column.criterion !== undefined);
      const dateTexts = DATE_FIELDS.flatMap((field) => (columns[field] >= 0 ? rows.map((cells) => textOf(cells[columns[field]], 200)) : []));
      const dates = dateReaders(locale, numericDateLocale(locale, dateTexts), today);

      const snapshots = rows.flatMap((cells, index) => {
        const identity = recordIdOfRow(rowElements[index]!);
        if (!identity) return [];
        const source: FieldSource = {
          raw(field, label) {
            const at = columns[field];
            if (at < 0) return absent(`${label} is not a column of this list view`);
            const cell = cells[at];
            if (!cell) return absent(`${label} has no cell in this row`, 'not_rendered');
            return { state: 'found', text: cleanValue(textOf(cell)), element: cell };
          },
        };
        const fields: DealFields = {
          ...commonFields(source, locale, dates),
          contacts: readContacts(null, source.raw('contactName', LABELS.contactName)),
          qualification: readQualification(
            qualificationColumns.map(({ index: at, criterion }) => ({ criterion, text: cleanValue(textOf(cells[at])) })),
            'among the columns of this list view',
          ),
        };
        const recordUrl = new URL(identity.link.getAttribute('href') ?? '', url);
        return [{ key: dealKey('zoho', host, identity.id), crm: 'zoho' as const, url: RECORD_LINK.test(recordUrl.pathname) ? recordUrl.href : url.href, capturedAt, source: 'page' as const, fields }];
      });
      return { snapshots, scope, total: listTotal(scope, locale) };
    }

    const recordId = detection.recordId!;
    const base = { key: dealKey('zoho', host, recordId), crm: 'zoho' as const, url: url.href, capturedAt, source: 'page' as const };
    const found = recordScope(doc, recordId);
    if (found.stale) {
      const reason = `the page still shows another record (${found.shown || 'unnamed'}), not ${recordId}`;
      return { scope: found.scope, snapshots: [{ ...base, fields: allUnknown(reason, 'not_rendered') }] };
    }
    const deep = deepScope(found.scope);
    const record = new RecordFields(deep);
    if (!record.rendered) {
      return { scope: found.scope, snapshots: [{ ...base, fields: allUnknown('the record details have not rendered', 'not_rendered') }] };
    }
    const dateTexts = DATE_FIELDS.map((field) => record.raw(field, LABELS[field])).flatMap((raw) => (raw.state === 'found' ? [raw.text] : []));
    const dates = dateReaders(locale, numericDateLocale(locale, dateTexts), today);
    const common = commonFields(record, locale, dates);
    if (common.name.state === 'unknown') {
      const title = textOf(deep.first('#recHeader1'), 500);
      if (title) common.name = known(title, title);
    }
    const fields: DealFields = {
      ...common,
      contacts: readContacts(contactRolesList(deep), record.raw('contactName', LABELS.contactName)),
      qualification: readQualification(
        record.qualificationItems().map(({ criterion, item }) => ({ criterion, text: item.value ? cleanValue(textOf(item.value)) : '' })),
        'on this page layout',
      ),
    };
    return { scope: found.scope, snapshots: [{ ...base, fields }] };
  },

  anchor(doc, scope, target: AnchorTarget) {
    const root = scope ?? recordScope(doc, null).scope;
    if (!root) return null;
    const deep = deepScope(root);
    if (target === 'title') return deep.first('#recHeader1');
    const record = new RecordFields(deep);
    if (target === 'contacts') {
      const list = contactRolesList(deep);
      const title = list?.querySelector('.cxRlTitle, [data-zcqa="rlTitle"]');
      return title ?? list ?? record.item('contactName')?.value ?? null;
    }
    if (target === 'qualification') return record.qualificationItems()[0]?.item.value ?? null;
    for (const field of ANCHOR_FIELDS[target] ?? []) {
      const item = record.item(field);
      if (item?.value) return item.value;
    }
    return null;
  },

  rowAnchor(doc, scope, key) {
    const root = scope ?? listScope(doc);
    if (!root) return null;
    const id = key.split(':').pop() ?? '';
    if (!/^\d{6,25}$/.test(id)) return null;
    const cellOf = (link: Element) => {
      const row = link.closest('lyte-exptable-tr');
      return row && !isHidden(row) ? (link.closest('lyte-exptable-td') ?? link) : null;
    };
    // The row's link in the light DOM, as Zoho renders it; the whole table (shadow roots too) only when that fails.
    for (const link of Array.from(root.querySelectorAll(`a[id="listView_${id}"], a[href*="/tab/Potentials/${id}"]`))) {
      const cell = cellOf(link);
      if (cell && recordIdOfRow(link.closest('lyte-exptable-tr')!)?.id === id) return cell;
    }
    for (const row of lyteTable(root).rowElements) {
      const identity = recordIdOfRow(row);
      if (identity?.id === id) return cellOf(identity.link);
    }
    return null;
  },
});
