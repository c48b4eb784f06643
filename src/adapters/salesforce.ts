import { dealKey, FIELD_NAMES } from '../model/deal-names';
import type { DealFields, DealSnapshot, FieldName, Money, Stage } from '../model/deal';
import { empty, known, unknown, type FieldValue, type UnreadCode } from '../model/field-state';
import { findDate, parseDate } from '../read/date';
import { deepQueryAll, deepScope, isHidden, pageLocale, textOf, type DeepScope } from '../read/dom';
import { parseMoney, parsePercent } from '../read/number';
import { mapStage } from './stage-mapping';
import { defineAdapter, type AnchorTarget } from './types';

const RECORD_PATH = /^\/lightning\/r\/(?:Opportunity\/)?(006[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\/view\/?$/;
/**
 * An Opportunity list view, `?filterName=<view>`. Salesforce keeps the same URL whether the view is displayed as a
 * table, a Kanban board or a split view (the display is a per-user, per-view preference, not a URL parameter), so a
 * list URL is detected as 'list' and read() tells a Kanban board by its DOM.
 */
const LIST_PATH = /^\/lightning\/o\/Opportunity\/list\/?$/;
const HOST = /(^|\.)lightning\.force\.com$/i;
/** An Opportunity id (key prefix 006), 15 or 18 characters; the first 15 are the id proper. */
const OPPORTUNITY_ID = /^(006[A-Za-z0-9]{12})(?:[A-Za-z0-9]{3})?$/;
const OPPORTUNITY_HREF = /\/lightning\/r\/(?:Opportunity\/)?(006[A-Za-z0-9]{12})(?:[A-Za-z0-9]{3})?\/view(?:[/?#]|$)/;

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
    const selector = selectorFor(apiName);
    const chosen =
      scope.find(selector, (item) => !isHidden(item) && !item.closest(HIGHLIGHTS)) ?? scope.find(selector, (item) => !isHidden(item));
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

interface ParseContext {
  locale: string;
  /** YYYY-MM-DD: the reference day for relative dates ("yesterday"). */
  today: string;
  /** The org's currency when the page says it (record pages), for amounts written without one. */
  orgCurrency: string | null;
}

/** Every field of a deal from its raw texts, parsed the same way on record pages, list rows and Kanban cards. */
function buildFields(raw: (field: FieldName) => Raw, { locale, today, orgCurrency }: ParseContext, rest: Pick<DealFields, 'contacts' | 'qualification'>): DealFields {
  const date = (text: string) => parseDate(text, locale, today);
  // "Jane Doe, 10/30/2026, 3:04 PM" on record pages, "10/30/2026, 3:04 PM" in list columns.
  const dateInUserStamp = (text: string) => findDate(text, locale, today);
  return {
    name: parsed(raw('name'), (text) => ({ ok: true, value: text })),
    amount: parsed<Money>(raw('amount'), (text) => {
      const money = parseMoney(withoutConversion(text), locale);
      return money.ok && money.value.currency === null && orgCurrency ? { ok: true, value: { ...money.value, currency: orgCurrency } } : money;
    }),
    stage: parsed<Stage>(raw('stage'), (text) => ({ ok: true, value: { label: text, canonical: mapStage(text, defaultStageMapping) } })),
    probability: parsed(raw('probability'), (text) => parsePercent(text, locale)),
    forecastCategory: parsed(raw('forecastCategory'), (text) => ({ ok: true, value: text })),
    closeDate: parsed(raw('closeDate'), date),
    createdDate: parsed(raw('createdDate'), dateInUserStamp),
    lastActivityDate: parsed(raw('lastActivityDate'), date),
    lastModifiedDate: parsed(raw('lastModifiedDate'), dateInUserStamp),
    nextStep: parsed(raw('nextStep'), (text) => ({ ok: true, value: { text, date: null } })),
    owner: parsed(raw('owner'), (text) => ({ ok: true, value: text.replace(/\s*Change Owner$/i, '') })),
    ...rest,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// List views and Kanban boards.
//
// Table display (verified against Salesforce's lightning-datatable template and its UTAM page object): a `table` (or,
// in newer releases, a `div[role=grid]`) whose header cells (`th[scope=col]` / `[role=columnheader]`) carry the
// column label in `aria-label`; data rows `tr` / `[role=row]` carry the record id in `data-row-key-value`; cells are
// `th[scope=row]` / `[role=rowheader]` (the name column) and `td` / `[role=gridcell]` with the column label in
// `data-label` and, in newer releases, `data-col-key-value` = "<fieldName>-<type>…". Older Aura list grids have no
// row key: the id comes from the name link (`a[data-recordid]` or its `/lightning/r/…/view` href).
// The status line above the list ("30 items • Sorted by …", "50+ items …") says how many the view holds.
//
// Kanban display: undocumented. The hooks below (Aura-style `forceKanbanColumn` / `forceKanbanColumnHeader` /
// `forceKanbanCard`, a header with the stage and "(count)", card fields labelled by assistive text) are assumed, as
// is the fixture built on them; adjust here when a saved real page says otherwise.
// ---------------------------------------------------------------------------------------------------------------------

/** The first 15 characters of an Opportunity id in an attribute or link, or null. */
function opportunityId(value: string | null | undefined): string | null {
  return value ? (OPPORTUNITY_ID.exec(value.trim())?.[1] ?? null) : null;
}

const linkId = (link: Element): string | null =>
  opportunityId(link.getAttribute('data-recordid')) ?? OPPORTUNITY_HREF.exec(link.getAttribute('href') ?? '')?.[1] ?? null;

/**
 * The Opportunity a row or card shows: from an id attribute of its own, else from its first record link (an account or
 * owner link has another key prefix). `shows()` tells later, cheaply, whether it still shows that one (rows are reused).
 */
function identify(element: Element, attributes: readonly string[]): { id: string; shows(): boolean } | null {
  for (const attribute of attributes) {
    const id = opportunityId(element.getAttribute(attribute));
    if (id) return { id, shows: () => element.isConnected && opportunityId(element.getAttribute(attribute)) === id };
  }
  for (const link of deepQueryAll(element, 'a[data-recordid], a[href]', 50)) {
    const id = linkId(link);
    if (id) return { id, shows: () => element.isConnected && link.isConnected && linkId(link) === id };
  }
  return null;
}

/** Deal field → the list view column's field name (`data-col-key-value` begins with it). */
const COLUMN_API_NAMES: Partial<Record<FieldName, string[]>> = {
  name: ['Name'],
  amount: ['Amount'],
  stage: ['StageName'],
  probability: ['Probability'],
  forecastCategory: ['ForecastCategoryName'],
  closeDate: ['CloseDate'],
  createdDate: ['CreatedDate'],
  lastActivityDate: ['LastActivityDate'],
  lastModifiedDate: ['LastModifiedDate'],
  nextStep: ['NextStep'],
  owner: ['Owner.Name', 'OwnerId'],
};

/** Deal field → column labels, lower-case, English and Danish (list view headers, Kanban card field labels). */
const COLUMN_LABELS: Partial<Record<FieldName, string[]>> = {
  name: ['opportunity name', 'salgsmulighedsnavn'],
  amount: ['amount', 'beløb'],
  stage: ['stage', 'fase'],
  probability: ['probability (%)', 'probability', 'sandsynlighed (%)', 'sandsynlighed'],
  forecastCategory: ['forecast category', 'prognosekategori'],
  closeDate: ['close date', 'lukkedato'],
  createdDate: ['created date', 'oprettet dato', 'oprettelsesdato'],
  lastActivityDate: ['last activity', 'last activity date', 'seneste aktivitet'],
  lastModifiedDate: ['last modified date', 'senest ændret dato', 'dato for seneste ændring'],
  nextStep: ['next step', 'næste trin'],
  owner: ['opportunity owner', 'owner full name', 'ejer af salgsmulighed'],
};

/**
 * The owner's alias ("jdoe") is not the name record pages show ("Jane Doe"): read as the owner it would look like a
 * change of owner every time the deal is seen in a list after its record page. Recognised, to say why owner is unknown.
 */
const OWNER_ALIAS = { apiNames: ['Owner.Alias'], labels: ['opportunity owner alias', 'alias for ejer af salgsmulighed'] };

type ColumnTarget = FieldName | 'ownerAlias';

const normaliseLabel = (label: string) => label.replace(/\s+/g, ' ').trim().replace(/:$/, '').toLocaleLowerCase();

/** The field name a lightning-datatable column key starts with: "CloseDate-date-local-5" → "CloseDate". */
function columnApiName(colKey: string | null): string | null {
  const name = colKey?.split('-')[0] ?? '';
  return /^[A-Za-z][\w.]*$/.test(name) && name !== 'SELECTABLE_CHECKBOX' ? name : null;
}

function columnTarget(apiName: string | null, label: string): ColumnTarget | null {
  if (apiName) {
    for (const [field, names] of Object.entries(COLUMN_API_NAMES) as [FieldName, string[]][]) if (names.includes(apiName)) return field;
    if (OWNER_ALIAS.apiNames.includes(apiName)) return 'ownerAlias';
  }
  const key = normaliseLabel(label);
  if (!key) return null;
  for (const [field, labels] of Object.entries(COLUMN_LABELS) as [FieldName, string[]][]) if (labels.includes(key)) return field;
  return OWNER_ALIAS.labels.includes(key) ? 'ownerAlias' : null;
}

/** One row of a list view or one card of a board, as read from the page. */
interface Item {
  id: string;
  /** Where the row's or card's badge goes: the name cell, the card's title. */
  anchor: Element;
  /** Whether the row or card is still on the page showing this deal. */
  shows(): boolean;
  raw(field: FieldName): Raw;
}

interface View {
  kind: 'list' | 'board';
  items: Item[];
  total?: number;
}

const ROLE_CELLS = new Set(['gridcell', 'rowheader', 'columnheader', 'cell']);
const isCell = (element: Element) => element.tagName === 'TD' || element.tagName === 'TH' || ROLE_CELLS.has(element.getAttribute('role') ?? '');
const cellsOf = (row: Element) => Array.from(row.children).filter(isCell);
const GRID = 'table, [role="grid"], [role="treegrid"]';

function isHeaderRow(row: Element): boolean {
  if (row.getAttribute('data-row-key-value') === 'HEADER' || row.closest('thead')) return true;
  return cellsOf(row).some((cell) => cell.getAttribute('role') === 'columnheader' || (cell.tagName === 'TH' && cell.getAttribute('scope') === 'col'));
}

interface Column {
  label: string;
  apiName: string | null;
}

function headerColumn(cell: Element): Column {
  const label = cell.getAttribute('aria-label') || cell.getAttribute('title') || cell.getAttribute('data-label') || textOf(cell, 200);
  return { label, apiName: columnApiName(cell.getAttribute('data-col-key-value')) };
}

/** Field names as list view columns call them, for the reasons given when a column is missing. */
const COLUMN_NAMES: Record<FieldName, string> = { ...FIELD_LABELS, createdDate: 'Created Date', lastModifiedDate: 'Last Modified Date' };

/** Absent fields of a row or card: not a column (or card field) of this view. */
function absentFrom(where: string, targets: ReadonlySet<ColumnTarget>) {
  return (field: FieldName): Raw => {
    if (field === 'owner' && targets.has('ownerAlias')) {
      return { state: 'absent', reason: `${where} shows only the owner's alias, not the owner's name that record pages show`, code: 'not_on_page' };
    }
    return { state: 'absent', reason: `${COLUMN_NAMES[field]} is not ${where === 'this list view' ? 'a column of' : 'shown on'} ${where}`, code: 'not_on_page' };
  };
}

function readGrid(grid: Element): Item[] {
  const rows = Array.from(grid.querySelectorAll('tr, [role="row"]')).filter((row) => row.closest(GRID) === grid);
  const headerRow = rows.find(isHeaderRow);
  const header = headerRow ? cellsOf(headerRow).map(headerColumn) : [];
  const items: Item[] = [];
  for (const row of rows) {
    if (row === headerRow || isHeaderRow(row) || isHidden(row)) continue;
    const identity = identify(row, ['data-row-key-value']);
    if (!identity) continue;
    const cells = new Map<ColumnTarget, Element>();
    cellsOf(row).forEach((cell, index) => {
      const column = header[index];
      const apiName = columnApiName(cell.getAttribute('data-col-key-value')) ?? column?.apiName ?? null;
      const target = columnTarget(apiName, cell.getAttribute('data-label') || column?.label || '');
      if (target && !cells.has(target)) cells.set(target, cell);
    });
    const targets = new Set(cells.keys());
    const absent = absentFrom('this list view', targets);
    const nameCell = cells.get('name') ?? cellsOf(row).find((cell) => cell.getAttribute('scope') === 'row' || cell.getAttribute('role') === 'rowheader');
    items.push({
      ...identity,
      anchor: nameCell ?? row,
      raw: (field) => {
        const cell = cells.get(field);
        return cell ? { state: 'found', text: textOf(cell), element: cell } : absent(field);
      },
    });
  }
  return items;
}

/** "30 items • Sorted by …": the count; "50+ items" (more load on scrolling) says nothing exact. */
const STATUS = '.countSortedByFilteredBy, force-list-view-manager-status-info, .forceListViewStatusInfo';
const COUNT = /^(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d+)(\+)?(?!\d)/;

function listTotal(deep: DeepScope): number | undefined {
  for (const status of deep.all(STATUS, 20)) {
    if (isHidden(status)) continue;
    const match = COUNT.exec(textOf(status, 300));
    if (match) return match[2] ? undefined : Number(match[1]!.replace(/\D/g, ''));
  }
  return undefined;
}

const KANBAN_COLUMN = '.forceKanbanColumn, [data-aura-class~="forceKanbanColumn"]';
const KANBAN_HEADER = '.forceKanbanColumnHeader, [data-aura-class~="forceKanbanColumnHeader"]';
const KANBAN_CARD = '.forceKanbanCard, [data-aura-class~="forceKanbanCard"]';
const ASSISTIVE = '.slds-assistive-text, .assistiveText';
const HEADER_COUNT = /\((\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+|\d+)(\+)?\)/;

function columnHeader(column: Element): { title: string; count: number | null } {
  const header = deepQueryAll(column, KANBAN_HEADER, 1)[0] ?? null;
  if (!header) return { title: '', count: null };
  const heading = header.querySelector('h2, h3, [role="heading"]');
  const title = (heading?.getAttribute('title') || textOf(heading, 300)).trim();
  const text = textOf(header, 500);
  const match = HEADER_COUNT.exec(title ? text.replace(title, ' ') : text);
  return { title, count: match && !match[2] ? Number(match[1]!.replace(/\D/g, '')) : null };
}

/** The label of a card field: `data-label`, else its assistive text ("Amount"), else its title. */
function cardFieldLabel(field: Element): string {
  const assistive = Array.from(field.querySelectorAll(ASSISTIVE))
    .map((element) => element.textContent ?? '')
    .join(' ');
  return field.getAttribute('data-label') || assistive || field.getAttribute('title') || '';
}

function readBoard(columns: Element[]): View {
  const headers = columns.map(columnHeader);
  // Only a board grouped by Stage says the stage: every column a known stage. Grouped by forecast category or a custom
  // picklist, the column says something else, and custom stage names are not known here: stage stays unknown then.
  const groupedByStage = headers.length > 0 && headers.every((header) => header.title && mapStage(header.title, defaultStageMapping) !== null);
  const counts = headers.map((header) => header.count);
  const total = counts.length && counts.every((count): count is number => count !== null) ? counts.reduce((sum, count) => sum + count, 0) : undefined;
  const items: Item[] = [];
  columns.forEach((column, index) => {
    const stageTitle = headers[index]!.title;
    for (const card of deepQueryAll(column, KANBAN_CARD)) {
      if (isHidden(card)) continue;
      const identity = identify(card, ['data-recordid', 'data-record-id']);
      if (!identity) continue;
      const title = card.querySelector('h3, h2, [role="heading"]') ?? deepQueryAll(card, 'a[data-recordid], a[href*="/lightning/r/"]', 1)[0] ?? null;
      const fields = new Map<ColumnTarget, Element>();
      for (const field of Array.from(card.querySelectorAll('[data-label], li'))) {
        if (title && (field.contains(title) || title.contains(field))) continue;
        const target = columnTarget(null, cardFieldLabel(field));
        if (target && !fields.has(target)) fields.set(target, field);
      }
      const absent = absentFrom('Kanban cards', new Set(fields.keys()));
      items.push({
        ...identity,
        anchor: title ?? card,
        raw: (field) => {
          if (field === 'name' && title) return { state: 'found', text: textOf(title), element: title };
          const element = fields.get(field);
          if (field === 'stage' && !element) {
            return groupedByStage && stageTitle
              ? { state: 'found', text: stageTitle, element: column }
              : { state: 'absent', reason: 'the board is not grouped by a known Stage, and its cards do not show the stage', code: 'not_on_page' };
          }
          return element ? { state: 'found', text: textOf(element), element } : absent(field);
        },
      });
    }
  });
  return total === undefined ? { kind: 'board', items } : { kind: 'board', items, total };
}

/** The list view or board in the active view: its rows or rendered cards, and the count the page gives. */
function readView(root: Element): View {
  const deep = deepScope(root);
  const columns = deep.all(KANBAN_COLUMN).filter((column) => !isHidden(column));
  if (columns.length) return readBoard(columns);
  for (const grid of deep.all(GRID)) {
    if (isHidden(grid)) continue;
    const items = readGrid(grid);
    if (!items.length) continue;
    const total = listTotal(deep);
    return total === undefined ? { kind: 'list', items } : { kind: 'list', items, total };
  }
  return { kind: 'list', items: [] };
}

/**
 * The view last read per root, by deal id. The content script asks for a row anchor per deal right after read(): one
 * read serves them all instead of one read per row. The asked row is checked before use; the view is read again only
 * when that row or card changed or is not remembered.
 */
const lastRead = new WeakMap<Element, Map<string, Item>>();

function remember(root: Element, view: View): Map<string, Item> {
  const byId = new Map<string, Item>();
  for (const item of view.items) if (!byId.has(item.id)) byId.set(item.id, item);
  lastRead.set(root, byId);
  return byId;
}

export default defineAdapter({
  id: 'salesforce',
  name: 'Salesforce Lightning',
  matches: ['https://*.lightning.force.com/*'],
  defaultStageMapping,
  testUrls: [
    { url: 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view', kind: 'record', recordId: '0065g00000AbCdE' },
    { url: 'https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000XyZ12/view', kind: 'record', recordId: '0065g00000XyZ12' },
    { url: 'https://acme.lightning.force.com/lightning/r/0065g00000AbCdEAAV/view', kind: 'record', recordId: '0065g00000AbCdE' },
    { url: 'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=Recent', kind: 'list', recordId: null },
    { url: 'https://acme--uat.sandbox.lightning.force.com/lightning/o/Opportunity/list?filterName=00B5g00000KbNrTEAV', kind: 'list', recordId: null },
  ],

  detect(url) {
    if (url.protocol !== 'https:' || !HOST.test(url.hostname)) return null;
    if (LIST_PATH.test(url.pathname)) return { kind: 'list', recordId: null };
    const match = RECORD_PATH.exec(url.pathname);
    // 15- and 18-character ids name the same record; the first 15 are the id proper.
    return match ? { kind: 'record', recordId: match[1]!.slice(0, 15) } : null;
  },

  read(doc, url, { now }) {
    const detection = this.detect(url);
    const scope = activeScope(doc);
    if (detection?.kind === 'list' || detection?.kind === 'board') {
      if (!scope) return { snapshots: [], scope };
      const view = readView(scope);
      remember(scope, view);
      const context: ParseContext = { locale: pageLocale(doc), today: now.toISOString().slice(0, 10), orgCurrency: null };
      const seen = new Set<string>();
      const snapshots: DealSnapshot[] = [];
      for (const item of view.items) {
        if (seen.has(item.id)) continue; // a row rendered twice (a fixed header copy, a re-render) is one deal
        seen.add(item.id);
        snapshots.push({
          key: dealKey('salesforce', url.hostname, item.id),
          crm: 'salesforce',
          // The deal's own page: where the user goes to fix what a row's badge says.
          url: `${url.origin}/lightning/r/Opportunity/${item.id}/view`,
          capturedAt: now.toISOString(),
          source: 'page',
          fields: buildFields(item.raw, context, {
            contacts: unknown('contact roles are a related list, never shown in list views or on Kanban cards', 'not_supported'),
            qualification: unknown('no qualification fields are mapped for Salesforce yet', 'not_supported'),
          }),
        });
      }
      return { scope, snapshots, kind: view.kind, ...(view.total === undefined ? {} : { total: view.total }) };
    }
    if (!detection?.recordId) return { snapshots: [], scope };
    const key = dealKey('salesforce', url.hostname, detection.recordId);
    const base = { key, crm: 'salesforce' as const, url: url.href, capturedAt: now.toISOString(), source: 'page' as const };
    if (!scope) {
      const reason = 'no active Lightning record view on the page';
      const fields = Object.fromEntries(FIELD_NAMES.map((field) => [field, unknown(reason, 'not_rendered')])) as DealFields;
      return { scope, snapshots: [{ ...base, fields }] };
    }
    // One walk for the shadow roots of the view, shared by every field read below.
    const deep = deepScope(scope);
    const currencyItem = findItem(deep, ['CurrencyIsoCode']);
    const orgCurrency = currencyItem ? textOf(valueElement(currencyItem)).match(/\b[A-Z]{3}\b/)?.[0] ?? null : null;
    const fields = buildFields((field) => rawField(deep, field), { locale: pageLocale(doc), today: now.toISOString().slice(0, 10), orgCurrency }, {
      contacts: unknown('contact roles are a related list, not read on record pages yet', 'not_supported'),
      qualification: unknown('no qualification fields are mapped for Salesforce yet', 'not_supported'),
    });
    if (fields.name.state === 'unknown') {
      const title = deep.all(inHighlights('h1 lightning-formatted-text'), 1)[0];
      const text = textOf(title);
      if (text) fields.name = known(text, text);
    }

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

  rowAnchor(doc, scope, key) {
    const root = scope ?? activeScope(doc);
    if (!root) return null;
    const id = key.slice(key.lastIndexOf(':') + 1);
    // Only the asked row is checked: checking every remembered row on each call made badging a list quadratic.
    let item = lastRead.get(root)?.get(id);
    if (!item || !item.shows() || !item.anchor.isConnected) item = remember(root, readView(root)).get(id);
    return item?.anchor ?? null;
  },
});
