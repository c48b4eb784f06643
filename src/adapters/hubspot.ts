import { dealKey, FIELD_NAMES } from '../model/deal-names';
import type { DealFields, DealSnapshot, FieldName, Money, NextStep, Stage } from '../model/deal';
import { empty, known, unknown, type FieldValue, type UnreadCode } from '../model/field-state';
import { criterionIdForField, normaliseFieldLabel } from '../qualification/field-criteria';
import { findDate, parseDate } from '../read/date';
import { isHidden, pageLocale, textOf } from '../read/dom';
import { parseMoney, parsePercent } from '../read/number';
import { mapStage } from './stage-mapping';
import { defineAdapter, type AnchorTarget, type Detection } from './types';

/*
 * HubSpot deals (object type 0-3).
 *
 * Hooks, never hashed class names (HubSpot's styled-components classes change with every build):
 * - record page: cards carry `data-card-type` / `data-card-id`; the "About this deal" card and custom cards are
 *   PROPERTIES_V3 cards holding `ul[data-selenium-test="profile-properties-list"]`, whose direct children are
 *   `span[data-test-id="<internal name>"]` rows with a `[data-deferred-property-input-root]` child; the value sits in
 *   `[data-selenium-test="property-input-<internal name>"]` (a span, a button while edited, a textarea or input for
 *   text), except owner fields, which render their value as bare text. The highlights strip has
 *   `[data-test-id="highlight-property-display-<name>"]` and the title `[data-test-id="highlight-record-label"]`.
 *   Association cards are `card-wrapper-ASSOCIATION_V3/<object type>`; contacts are 0-1.
 * - index table: `th[data-column-index]` with `data-table-external-id="header-…-<property>"`, rows with a link to
 *   `/record/0-3/<id>` (and `data-test-id="row-<id>"`), cells `td[data-column-index]`; "--" marks a blank cell.
 * - board: columns `[data-test-id="cdb-column"]` (or `framework-data-column-…`) named by `cdb-column-name`, cards
 *   `[data-test-id="cdb-column-item"][data-selenium-id="<id>"]` with `cdbc-title` and `cdbc-property-<n>` rows whose
 *   value is `cdbc-property-value`. Card properties carry no internal name, so they are matched by their label.
 * Earlier records' layouts, hidden views and hidden rows stay in the DOM: only the visible record layout, table and
 * board are read. Inside the visible record's layout, an unselected tab or a collapsed card still shows this record's
 * properties; they are read after the visible ones (so a criterion kept on another tab is not reported missing), and
 * badges only ever go on visible elements.
 */

const HOSTS = new Set(['app.hubspot.com', 'app-eu1.hubspot.com']);
/** New record URL `/contacts/<portal>/record/0-3/<id>` and the older `/contacts/<portal>/deal/<id>`, optionally with a tab path after it. */
const RECORD_PATH = /^\/contacts\/(\d+)\/(?:record\/0-3|deal)\/(\d+)(?:\/.*)?$/;
/** Deal index views: `/contacts/<portal>/objects/0-3/views/<view>/list` and `…/board`. */
const INDEX_PATH = /^\/contacts\/(\d+)\/objects\/0-3\/views\/([^/]+)\/(list|board)\/?$/;
const RECORD_LINK = /\/contacts\/\d+\/(?:record\/0-3|deal)\/(\d+)/;

/** Deal fields read from one HubSpot property (or the first of several that is shown). */
type PropertyField = Exclude<FieldName, 'contacts' | 'qualification'>;

/** Deal field → the HubSpot internal property names that hold it, in order of preference. */
const PROPERTIES: Record<PropertyField, readonly string[]> = {
  name: ['dealname'],
  amount: ['amount'],
  stage: ['dealstage'],
  probability: ['hs_deal_stage_probability'],
  forecastCategory: ['hs_manual_forecast_category'],
  closeDate: ['closedate'],
  createdDate: ['createdate', 'hs_createdate'],
  lastActivityDate: ['notes_last_updated', 'hs_lastactivitydate'],
  lastModifiedDate: ['hs_lastmodifieddate'],
  nextStep: ['hs_next_step'],
  owner: ['hubspot_owner_id'],
};
const CURRENCY_PROPERTY = 'deal_currency_code';
const NEXT_ACTIVITY_PROPERTY = 'notes_next_activity_date';
const CONTACT_COUNT_PROPERTY = 'num_associated_contacts';
/** Properties that are never qualification evidence, whatever their label says. */
const STANDARD_PROPERTIES = new Set([
  ...Object.values(PROPERTIES).flat(),
  CURRENCY_PROPERTY,
  NEXT_ACTIVITY_PROPERTY,
  CONTACT_COUNT_PROPERTY,
  'pipeline',
  'dealtype',
  'description',
  'hs_priority',
  'hs_forecast_probability',
  'hs_forecast_amount',
  'amount_in_home_currency',
]);

/**
 * HubSpot's default labels (English, and German for the German fixture) → property, for surfaces that show labels
 * without internal names (board cards) or index headers without an external id. Lower case, no trailing colon.
 */
const LABELS: Record<string, string> = {
  'deal name': 'dealname',
  amount: 'amount',
  'deal stage': 'dealstage',
  'deal probability': 'hs_deal_stage_probability',
  'forecast category': 'hs_manual_forecast_category',
  'close date': 'closedate',
  'create date': 'createdate',
  'last activity date': 'notes_last_updated',
  'last modified date': 'hs_lastmodifieddate',
  'next step': 'hs_next_step',
  'next activity date': 'notes_next_activity_date',
  'deal owner': 'hubspot_owner_id',
  currency: 'deal_currency_code',
  'number of associated contacts': 'num_associated_contacts',
  dealname: 'dealname',
  betrag: 'amount',
  'deal-phase': 'dealstage',
  'deal-wahrscheinlichkeit': 'hs_deal_stage_probability',
  prognosekategorie: 'hs_manual_forecast_category',
  abschlussdatum: 'closedate',
  erstellungsdatum: 'createdate',
  'datum der letzten aktivität': 'notes_last_updated',
  'datum der letzten änderung': 'hs_lastmodifieddate',
  'nächster schritt': 'hs_next_step',
  'datum der nächsten aktivität': 'notes_next_activity_date',
  'deal-inhaber': 'hubspot_owner_id',
  währung: 'deal_currency_code',
  'anzahl der zugeordneten kontakte': 'num_associated_contacts',
};

/**
 * The default sales pipeline. Appointment scheduled (20 %) is a booked first meeting: prospect. Qualified to buy
 * (40 %): qualify. Presentation scheduled (60 %): the solution is being shaped with the buyer: develop. Decision
 * maker bought-in (80 %): the buyer has accepted the proposal in principle: propose. Contract sent (90 %): paper
 * process under way: commit. German labels: the first four as HubSpot's German knowledge base names them, the rest
 * as the German UI is assumed to show them (closed stages are also caught by mapStage's won/lost words).
 */
const defaultStageMapping = {
  'appointment scheduled': 'prospect',
  'qualified to buy': 'qualify',
  'presentation scheduled': 'develop',
  'decision maker bought-in': 'propose',
  'decision maker bought in': 'propose',
  'contract sent': 'commit',
  'closed won': 'won',
  'closed lost': 'lost',
  'termin geplant': 'prospect',
  'für kauf qualifiziert': 'qualify',
  'präsentation vereinbart': 'develop',
  'entscheidungsträger eingebracht': 'propose',
  'entscheidungsträger eingebunden': 'propose',
  'vertrag gesendet': 'commit',
  'abgeschlossen und gewonnen': 'won',
  'abgeschlossen und verloren': 'lost',
} as const;

/** What HubSpot shows in a blank cell or field. */
const BLANK = /^[-–—]*$/;
/** An owner field without an owner. */
const NO_OWNER = new Set(['no owner', 'unassigned', 'kein inhaber', 'nicht zugewiesen']);

// ---------------------------------------------------------------------------------------------------------
// Reading helpers

type Raw = { state: 'found'; text: string; element: Element } | { state: 'absent'; reason: string; code: UnreadCode };

const absent = (reason: string, code: UnreadCode = 'not_on_page'): Raw => ({ state: 'absent', reason, code });

/** Text of a value element; form controls keep theirs in `value`. */
function valueText(element: Element): string {
  if (element.tagName === 'INPUT' || element.tagName === 'TEXTAREA') {
    const control = element as HTMLInputElement;
    return (control.value || element.getAttribute('value') || element.textContent || '').replace(/\s+/g, ' ').trim();
  }
  return textOf(element);
}

const found = (element: Element): Raw => ({ state: 'found', text: valueText(element), element });

function parsed<T>(raw: Raw, parse: (text: string) => { ok: true; value: T } | { ok: false; reason: string }): FieldValue<T> {
  if (raw.state === 'absent') return unknown(raw.reason, raw.code);
  if (BLANK.test(raw.text)) return empty(raw.text);
  const result = parse(raw.text);
  return result.ok ? known(result.value, raw.text) : unknown(result.reason);
}

const visible = (elements: Iterable<Element>) => Array.from(elements).filter((element) => !isHidden(element));

/** The deal id in a key made by `keyFor`. */
const recordIdOfKey = (key: string) => key.slice(key.lastIndexOf('/') + 1);
const keyFor = (host: string, portal: string, id: string) => dealKey('hubspot', host, `${portal}/${id}`);

function linkId(element: Element | null): string | null {
  const href = element?.getAttribute('href');
  return href ? (RECORD_LINK.exec(href)?.[1] ?? null) : null;
}

/** A label as LABELS and criterionIdForField spell it. */
const normalLabel = (label: string) => normaliseFieldLabel(label.replace(/\s*:\s*$/, ''));

function firstInt(text: string): number | null {
  const match = /\d[\d.,\u00a0\u202f' ]*/.exec(text);
  if (!match) return null;
  const value = Number(match[0].replace(/\D/g, ''));
  return Number.isSafeInteger(value) ? value : null;
}

/** "25 of 132 records", "1–25 von 1.320", "132 records": the number of deals the view holds. */
function totalIn(text: string): number | null {
  const of = /(?:\bof|\bvon|\baf)\s+(\d[\d.,\u00a0\u202f' ]*)/i.exec(text);
  return firstInt(of ? of[1]! : text);
}

// ---------------------------------------------------------------------------------------------------------
// Surfaces: where a deal's properties are read from (a record page, a table row, a board card)

interface Surface {
  /** The first of the properties that the surface shows. */
  property(names: readonly string[]): Raw;
  contacts(): FieldValue<{ count: number; roles: string[] }>;
  qualification(): FieldValue<Record<string, string>>;
  /** Used when the stage comes from somewhere other than a property (a board column). */
  stage?(): Raw;
}

interface PropertyRow {
  name: string;
  label: string;
  /** The value element (the property input, or the value part of an owner row). */
  value: Element;
  row: Element;
  /** In a tab that is not selected or a collapsed card: the record's data, but nowhere to put a badge. */
  hidden: boolean;
}

/**
 * The properties cards' rows: direct children of a card's list, with the per-row marker, names cross-checked, visible
 * ones first. With `withHidden`, rows of unselected tabs and collapsed cards follow them (only ever within the visible
 * record's layout: an earlier record's layout is outside the scope).
 */
function propertyRows(scope: ParentNode, withHidden: boolean): PropertyRow[] {
  const rows: PropertyRow[] = [];
  for (const card of Array.from(scope.querySelectorAll('[data-card-type="PROPERTIES_V3"]'))) {
    // A card id that names an object type must name deals (custom cards carry a bare number).
    const objectType = /^[^/]+\/(\d+-\d+)(?:\/|$)/.exec(card.getAttribute('data-card-id') ?? '')?.[1];
    if (objectType && objectType !== '0-3') continue;
    for (const list of Array.from(card.querySelectorAll('ul[data-selenium-test="profile-properties-list"]'))) {
      for (const row of Array.from(list.children)) {
        const name = row.getAttribute('data-test-id');
        const root = Array.from(row.children).find((child) => child.getAttribute('data-deferred-property-input-root') === 'true');
        if (!name || !root || row.tagName !== 'SPAN' || name === 'skeleton') continue;
        const hidden = isHidden(row);
        if (hidden && !withHidden) continue;
        const inputs = Array.from(root.querySelectorAll('[data-selenium-test^="property-input-"]'));
        const own = inputs.find((input) => input.getAttribute('data-selenium-test') === `property-input-${name}`);
        // A property input for another name is a control nested in this row: the row is not what it says.
        if (!own && inputs.length > 0) continue;
        const labelElement = root.querySelector('label');
        const value = own ?? bareValue(root, labelElement);
        if (!value) continue;
        rows.push({ name, label: textOf(labelElement), value, row, hidden });
      }
    }
  }
  return [...rows.filter((row) => !row.hidden), ...rows.filter((row) => row.hidden)];
}

/** Owner rows render their value as bare text: the last part of the row that is neither label nor hover controls. */
function bareValue(root: Element, label: Element | null): Element | null {
  const parts = Array.from(root.children).filter(
    (child) => !(label && child.contains(label)) && child.getAttribute('data-test-id') !== 'hover-content-wrapper' && child.tagName !== 'BUTTON',
  );
  return parts[parts.length - 1] ?? null;
}

function recordSurface(scope: Element, withHidden: boolean): Surface {
  const rows = propertyRows(scope, withHidden);
  const byName = new Map<string, PropertyRow>();
  for (const row of rows) if (!byName.has(row.name)) byName.set(row.name, row);
  const highlights = visible(scope.querySelectorAll('[data-test-id="record-highlight-content"]'));

  return {
    property(names) {
      for (const name of names) {
        const row = byName.get(name);
        if (row) return found(row.value);
      }
      // The highlights strip shows a few properties too (no label/value pair: the element is the value).
      for (const name of names) {
        for (const strip of highlights) {
          const element = visible(strip.querySelectorAll(`[data-test-id="highlight-property-display-${name}"]`))[0];
          if (element) return found(element);
        }
      }
      return absent(`${names[0]} is not shown on this record page`);
    },

    contacts() {
      const card = visible(scope.querySelectorAll('[data-test-id="card-wrapper-ASSOCIATION_V3/0-1"], [data-test-id="card-wrapper-ASSOCIATION_TABLE/0-1"]'))[0];
      if (card) {
        const heading = card.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"]');
        const count = /\((\d+)\)/.exec(textOf(heading))?.[1];
        if (count !== undefined) {
          const roles = visible(card.querySelectorAll('[data-test-id="association-label"]')).map((chip) => textOf(chip)).filter(Boolean);
          return known({ count: Number(count), roles: [...new Set(roles)] }, textOf(heading));
        }
      }
      const property = byName.get(CONTACT_COUNT_PROPERTY);
      if (property) {
        const text = valueText(property.value);
        if (BLANK.test(text)) return empty(text);
        const count = firstInt(text);
        return count === null ? unknown(`not a contact count: "${text.slice(0, 60)}"`) : known({ count, roles: [] }, text);
      }
      if (card) return unknown('the contacts card shows no count', 'unparseable');
      return unknown('the associated contacts card is not on this record page', 'not_on_page');
    },

    qualification() {
      const evidence: Record<string, string> = {};
      let seen = 0;
      for (const row of rows) {
        if (STANDARD_PROPERTIES.has(row.name)) continue;
        const criterion = criterionIdForField(row.label) ?? criterionIdForField(row.name);
        if (!criterion) continue;
        seen++;
        const text = valueText(row.value);
        if (!BLANK.test(text) && !(criterion in evidence)) evidence[criterion] = text;
      }
      if (seen === 0) return unknown('no properties named after qualification criteria on this record page', 'not_on_page');
      return Object.keys(evidence).length ? known(evidence, Object.values(evidence).join(' | ')) : empty();
    },
  };
}

/** A surface of label → value pairs (a table row or a board card): properties by name, qualification by label. */
function pairSurface(pairs: { property: string | null; label: string; element: Element }[], stage?: Raw): Surface {
  const byProperty = new Map<string, Element>();
  for (const pair of pairs) if (pair.property && !byProperty.has(pair.property)) byProperty.set(pair.property, pair.element);
  return {
    property(names) {
      for (const name of names) {
        const element = byProperty.get(name);
        if (element) return found(element);
      }
      return absent(`${names[0]} is not a column or card property of this view`);
    },
    contacts() {
      const element = byProperty.get(CONTACT_COUNT_PROPERTY);
      if (!element) return unknown('associated contacts are not shown in this view', 'not_on_page');
      const text = valueText(element);
      if (BLANK.test(text)) return empty(text);
      const count = firstInt(text);
      return count === null ? unknown(`not a contact count: "${text.slice(0, 60)}"`) : known({ count, roles: [] }, text);
    },
    qualification() {
      const evidence: Record<string, string> = {};
      let seen = 0;
      for (const pair of pairs) {
        if (pair.property && STANDARD_PROPERTIES.has(pair.property)) continue;
        const criterion = criterionIdForField(pair.label) ?? (pair.property ? criterionIdForField(pair.property) : undefined);
        if (!criterion) continue;
        seen++;
        const text = valueText(pair.element);
        if (!BLANK.test(text) && !(criterion in evidence)) evidence[criterion] = text;
      }
      if (seen === 0) return unknown('no qualification properties in this view', 'not_on_page');
      return Object.keys(evidence).length ? known(evidence, Object.values(evidence).join(' | ')) : empty();
    },
    ...(stage ? { stage: () => stage } : {}),
  };
}

function readFields(surface: Surface, locale: string, today: string): DealFields {
  const raw = (field: PropertyField) => surface.property(PROPERTIES[field]);
  const date = (text: string) => parseDate(text, locale, today);
  // Date-time properties show a time (and zone) after the date; findDate also copes with words around it.
  const dateTime = (text: string) => findDate(text, locale, today);

  const currencyRaw = surface.property([CURRENCY_PROPERTY]);
  const currency = currencyRaw.state === 'found' ? (/\b[A-Z]{3}\b/.exec(currencyRaw.text)?.[0] ?? null) : null;
  const amount = parsed<Money>(raw('amount'), (text) => {
    const money = parseMoney(text, locale);
    return money.ok && money.value.currency === null && currency ? { ok: true, value: { ...money.value, currency } } : money;
  });

  const stageRaw = surface.stage?.() ?? raw('stage');
  const stage = parsed<Stage>(stageRaw, (text) => ({ ok: true, value: { label: text, canonical: mapStage(text, defaultStageMapping) } }));

  // The next activity date (the next task or meeting scheduled on the deal) is the next step's date.
  const nextActivity = surface.property([NEXT_ACTIVITY_PROPERTY]);
  const nextDate = nextActivity.state === 'found' && !BLANK.test(nextActivity.text) ? dateTime(nextActivity.text) : null;
  const nextStep = parsed<NextStep>(raw('nextStep'), (text) => ({ ok: true, value: { text, date: nextDate?.ok ? nextDate.value : null } }));

  const ownerRaw = raw('owner');
  const owner =
    ownerRaw.state === 'found' && NO_OWNER.has(ownerRaw.text.toLocaleLowerCase()) ? empty<string>(ownerRaw.text) : parsed(ownerRaw, (text) => ({ ok: true, value: text }));

  return {
    name: parsed(raw('name'), (text) => ({ ok: true, value: text })),
    amount,
    stage,
    probability: parsed(raw('probability'), (text) => parsePercent(text, locale)),
    forecastCategory: parsed(raw('forecastCategory'), (text) => ({ ok: true, value: text })),
    closeDate: parsed(raw('closeDate'), date),
    createdDate: parsed(raw('createdDate'), dateTime),
    lastActivityDate: parsed(raw('lastActivityDate'), dateTime),
    lastModifiedDate: parsed(raw('lastModifiedDate'), dateTime),
    nextStep,
    owner,
    contacts: surface.contacts(),
    qualification: surface.qualification(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Scopes

/** The record page the user sees: the visible left sidebar's layout (earlier records may linger, hidden). */
function recordScope(doc: Document): Element | null {
  const sidebars = visible(doc.querySelectorAll('[data-test-id="left-sidebar"]'));
  const sidebar = sidebars[sidebars.length - 1];
  if (!sidebar) {
    // A page without the three-column layout (a saved fragment) is one view, if it shows deal properties at all.
    return visible(doc.querySelectorAll('[data-card-type="PROPERTIES_V3"], [data-test-id="record-highlight-content"]')).length ? doc.body : null;
  }
  // The sidebar's layout row: the nearest ancestor that also holds a middle pane (or just the sidebar's parent).
  for (let layout = sidebar.parentElement, depth = 0; layout && layout !== doc.body && depth < 6; layout = layout.parentElement, depth++) {
    if (layout.querySelector('[data-test-id="middle-pane"]')) return layout;
  }
  return sidebar.parentElement ?? doc.body;
}

/** Whether hidden parts of the scope (unselected tabs, collapsed cards) belong to the one record it shows. */
const oneRecord = (doc: Document, scope: Element) => scope !== doc.body && scope.querySelectorAll('[data-test-id="left-sidebar"]').length === 1;

const TABLES = '[data-test-id="framework-data-table"], [data-test-id="crm-object-table"], table[role="grid"]';
const COLUMNS = '[data-test-id="cdb-column"], [data-test-id^="framework-data-column-"]';
const CARDS = '[data-test-id="cdb-column-item"]';

function tableScope(doc: Document): Element | null {
  return visible(doc.querySelectorAll(TABLES))[0] ?? null;
}

/** The board: the parent of its visible columns. */
function boardScope(doc: Document): Element | null {
  return visible(doc.querySelectorAll(COLUMNS))[0]?.parentElement ?? null;
}

/** The visible view's record count ("132 records", "25 of 132"), when the page shows one. */
function viewCount(doc: Document): number | null {
  for (const element of visible(doc.querySelectorAll('[data-test-id="record-count"], [data-test-id$="-record-count"], [data-selenium-test="record-count"]'))) {
    const total = totalIn(textOf(element));
    if (total !== null) return total;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Lists and boards

interface Column {
  index: string;
  property: string | null;
  label: string;
}

function tableColumns(table: Element): Column[] {
  return Array.from(table.querySelectorAll('th[data-column-index]')).map((header) => {
    const label = textOf(header.querySelector('[data-test-id="truncated-object-label"]') ?? header);
    const external = /^header-(?:[A-Z_]+-)?(.+)$/.exec(header.getAttribute('data-table-external-id') ?? '')?.[1];
    return { index: header.getAttribute('data-column-index')!, property: external?.toLowerCase() ?? LABELS[normalLabel(label)] ?? null, label };
  });
}

/** The element holding a cell's value: the record link in the name cell, HubSpot's truncated label elsewhere. */
function cellValue(cell: Element): Element {
  return cell.querySelector('a[href*="/record/0-3/"], a[href*="/deal/"]') ?? cell.querySelector('[data-test-id="truncated-object-label"]') ?? cell;
}

function rowId(row: Element): string | null {
  return linkId(row.querySelector('a[href*="/record/0-3/"], a[href*="/deal/"]')) ?? /^row-(\d+)$/.exec(row.getAttribute('data-test-id') ?? '')?.[1] ?? null;
}

function cardId(card: Element): string | null {
  const id = card.getAttribute('data-selenium-id');
  return id && /^\d+$/.test(id) ? id : linkId(card.querySelector('a[href*="/record/0-3/"], a[href*="/deal/"]'));
}

function cardTitle(card: Element): Element | null {
  const title = card.querySelector('[data-test-id="cdbc-title"]');
  return title?.querySelector('a') ?? title ?? card.querySelector('a[data-test-id="board-card-section-title-link"]');
}

function readTableRows(table: Element): { id: string; surface: Surface }[] {
  const columns = tableColumns(table);
  const out: { id: string; surface: Surface }[] = [];
  for (const row of visible(table.querySelectorAll('tbody tr'))) {
    const id = rowId(row);
    if (!id) continue;
    const pairs = columns.flatMap((column) => {
      const cell = row.querySelector(`td[data-column-index="${column.index}"]`);
      return cell ? [{ property: column.property, label: column.label, element: cellValue(cell) }] : [];
    });
    out.push({ id, surface: pairSurface(pairs) });
  }
  return out;
}

function readBoardCards(board: Element): { id: string; surface: Surface }[] {
  const out: { id: string; surface: Surface }[] = [];
  for (const column of visible(board.querySelectorAll(COLUMNS))) {
    const nameElement = column.querySelector('[data-test-id="cdb-column-name"]');
    const stage: Raw = nameElement ? found(nameElement) : absent('the board column has no name', 'not_rendered');
    for (const card of visible(column.querySelectorAll(CARDS))) {
      const id = cardId(card);
      if (!id) continue;
      const pairs: { property: string | null; label: string; element: Element }[] = [];
      const title = cardTitle(card);
      if (title) pairs.push({ property: 'dealname', label: 'Deal name', element: title });
      for (const property of visible(card.querySelectorAll('[data-test-id^="cdbc-property-"]'))) {
        if (!/^cdbc-property-\d+$/.test(property.getAttribute('data-test-id') ?? '')) continue;
        const value = property.querySelector('[data-test-id="cdbc-property-value"]');
        if (!value) continue;
        const labelElement = property.querySelector('[data-test-id="cdbc-property-label"]');
        const label = labelElement ? textOf(labelElement) : textOf(property).slice(0, Math.max(0, textOf(property).indexOf(':')));
        pairs.push({ property: LABELS[normalLabel(label)] ?? null, label: label.replace(/\s*:\s*$/, ''), element: value });
      }
      out.push({ id, surface: pairSurface(pairs, stage) });
    }
  }
  return out;
}

/** Each visible column's deal count, summed, when every column shows one. */
function boardTotal(board: Element): number | null {
  let total = 0;
  const columns = visible(board.querySelectorAll(COLUMNS));
  if (!columns.length) return null;
  for (const column of columns) {
    const count = column.querySelector('[data-test-id="cdb-column-count"]');
    const value = count ? firstInt(textOf(count)) : null;
    if (value === null) return null;
    total += value;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------

function snapshotFor(host: string, portal: string, id: string, url: string, now: Date, fields: DealFields): DealSnapshot {
  return { key: keyFor(host, portal, id), crm: 'hubspot', url, capturedAt: now.toISOString(), source: 'page', fields };
}

function detectPath(url: URL): (Detection & { portal: string }) | null {
  if (url.protocol !== 'https:' || !HOSTS.has(url.hostname.toLowerCase())) return null;
  const record = RECORD_PATH.exec(url.pathname);
  if (record) return { kind: 'record', recordId: record[2]!, portal: record[1]! };
  const index = INDEX_PATH.exec(url.pathname);
  if (index) return { kind: index[3] as 'list' | 'board', recordId: null, portal: index[1]! };
  return null;
}

export default defineAdapter({
  id: 'hubspot',
  name: 'HubSpot',
  matches: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*'],
  defaultStageMapping,
  testUrls: [
    { url: 'https://app.hubspot.com/contacts/4412345/record/0-3/18234567890', kind: 'record', recordId: '18234567890' },
    { url: 'https://app-eu1.hubspot.com/contacts/25990011/record/0-3/9876543210/', kind: 'record', recordId: '9876543210' },
    { url: 'https://app.hubspot.com/contacts/4412345/deal/18234567890', kind: 'record', recordId: '18234567890' },
    { url: 'https://app.hubspot.com/contacts/4412345/objects/0-3/views/all/list', kind: 'list', recordId: null },
    { url: 'https://app-eu1.hubspot.com/contacts/25990011/objects/0-3/views/8820117/board', kind: 'board', recordId: null },
  ],

  detect(url) {
    const detection = detectPath(url);
    return detection ? { kind: detection.kind, recordId: detection.recordId } : null;
  },

  read(doc, url, { now }) {
    const detection = detectPath(url);
    if (!detection) return { snapshots: [], scope: null };
    const host = url.hostname.toLowerCase();
    const locale = pageLocale(doc);
    const today = now.toISOString().slice(0, 10);

    if (detection.kind === 'record') {
      const scope = recordScope(doc);
      if (!scope) {
        const reason = 'the HubSpot record page has not rendered its properties yet';
        const fields = Object.fromEntries(FIELD_NAMES.map((field) => [field, unknown(reason, 'not_rendered')])) as DealFields;
        return { scope, snapshots: [snapshotFor(host, detection.portal, detection.recordId!, url.href, now, fields)] };
      }
      // Within the visible record's layout, unselected tabs and collapsed cards hold this record's data too.
      const surface = recordSurface(scope, oneRecord(doc, scope));
      const fields = readFields(surface, locale, today);
      if (fields.name.state === 'unknown') {
        const title = titleElement(scope);
        const text = textOf(title);
        if (text) fields.name = known(text, text);
      }
      return { scope, snapshots: [snapshotFor(host, detection.portal, detection.recordId!, url.href, now, fields)] };
    }

    const scope = detection.kind === 'list' ? tableScope(doc) : boardScope(doc);
    if (!scope) return { scope, snapshots: [] };
    const items = detection.kind === 'list' ? readTableRows(scope) : readBoardCards(scope);
    const seen = new Set<string>();
    const snapshots: DealSnapshot[] = [];
    for (const item of items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      const recordUrl = `${url.origin}/contacts/${detection.portal}/record/0-3/${item.id}`;
      snapshots.push(snapshotFor(host, detection.portal, item.id, recordUrl, now, readFields(item.surface, locale, today)));
    }
    const total = detection.kind === 'list' ? viewCount(doc) : (boardTotal(scope) ?? viewCount(doc));
    return { scope, snapshots, ...(total === null ? {} : { total }) };
  },

  anchor(doc, scope, target: AnchorTarget) {
    const root = scope ?? recordScope(doc);
    if (!root) return null;
    if (target === 'title') return titleElement(root);
    if (target === 'contacts') {
      const card = visible(root.querySelectorAll('[data-test-id="card-wrapper-ASSOCIATION_V3/0-1"], [data-test-id="card-wrapper-ASSOCIATION_TABLE/0-1"]'))[0];
      if (card) return card.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"]') ?? card;
      return propertyRows(root, false).find((row) => row.name === CONTACT_COUNT_PROPERTY)?.value ?? null;
    }
    if (target === 'qualification') {
      return (
        propertyRows(root, false).find((row) => !STANDARD_PROPERTIES.has(row.name) && (criterionIdForField(row.label) ?? criterionIdForField(row.name)))?.value ?? null
      );
    }
    // Badges go on what the user sees: never into a hidden tab.
    const raw = recordSurface(root, false).property(PROPERTIES[target]);
    return raw.state === 'found' ? raw.element : null;
  },

  rowAnchor(doc, scope, key) {
    const id = recordIdOfKey(key);
    if (!/^\d+$/.test(id)) return null;
    const root = scope ?? tableScope(doc) ?? boardScope(doc);
    if (!root) return null;
    // The id first, visibility (a walk up the ancestors) only for the row that has it: one row per call, not every row.
    for (const row of Array.from(root.querySelectorAll('tbody tr'))) {
      if (rowId(row) !== id || isHidden(row)) continue;
      return row.querySelector('a[href*="/record/0-3/"], a[href*="/deal/"]') ?? row.querySelector('td[data-column-index]') ?? row;
    }
    for (const card of Array.from(root.querySelectorAll(CARDS))) {
      if (cardId(card) === id && !isHidden(card)) return cardTitle(card) ?? card;
    }
    return null;
  },
});

function titleElement(root: Element): Element | null {
  return visible(root.querySelectorAll('[data-test-id="highlight-record-label"], [data-selenium-test="highlightTitle"]'))[0] ?? null;
}
