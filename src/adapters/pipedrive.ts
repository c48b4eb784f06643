/**
 * Pipedrive: the deal detail view (`/deal/<id>`), the pipeline board (`/pipeline/<id>`) and the deals list view
 * (`/deals/list`) of `<company>.pipedrive.com`.
 *
 * What the adapter keys on, and how sure we are of it:
 * - Verified against Pipedrive's knowledge base and scripts people run on live Pipedrive pages: the URLs; the deal's
 *   progress bar of stages with the days spent in each (`button.cui5-stage-selector__stage`, `aria-selected="true"` on
 *   the current one, its text "12 days · Proposal Made"); sidebar field rows with a `[data-testid="field-name"]` label
 *   whose row holds the value in `[data-testid="fields-list-row-field-components"]`, "-" when blank; the Summary
 *   section (value, label, probability, expected close date, contact person, organization), Focus (upcoming
 *   activities) and History; deal cards that link to `/deal/<id>` and show title, contact, value and owner; won and
 *   lost as a deal status, not a stage; field names "Deal created", "Update time", "Last activity date",
 *   "Next activity date".
 * - Assumed (Pipedrive does not document its DOM): the other `data-testid` names below, the header's status and
 *   owner markup, the board's stage headers ("$120,000 · 7 deals"), the list view as an ARIA grid, and (from DESIGN §5)
 *   earlier views kept in the DOM as `.viewContainer`s hidden with `display:none`. Pipedrive uses both `data-test`
 *   and `data-testid`; every hook accepts either.
 * Labels are matched in English and Danish (the languages we ship fixtures for); class names are hashed and never used.
 */
import { dealKey, FIELD_NAMES } from '../model/deal-names';
import type { DealFields, DealSnapshot, FieldName, Money, NextStep, Stage } from '../model/deal';
import { empty, known, unknown, type FieldValue, type UnreadCode } from '../model/field-state';
import { criterionIdForField } from '../qualification/field-criteria';
import { findDate, parseDate, type ParseResult } from '../read/date';
import { isHidden, pageLocale, textOf } from '../read/dom';
import { parseMoney, parsePercent } from '../read/number';
import { mapStage } from './stage-mapping';
import { defineAdapter, type AnchorTarget, type Detection } from './types';

/** Company subdomains; Pipedrive's own sites on other subdomains have no deals. */
const HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.pipedrive\.com$/i;
const NOT_COMPANIES = new Set(['www', 'api', 'developers', 'support', 'oauth', 'marketplace', 'status', 'academy', 'community', 'blog']);
const RECORD_PATH = /^\/deal\/(\d{1,15})\/?$/;
/** `/pipeline`, `/pipeline/1`, `/pipeline/1/user/everyone`, `/pipeline/1/filter/12`. */
const BOARD_PATH = /^\/pipeline(?:\/\d{1,15}(?:\/[a-z]+\/[\w-]+)*)?\/?$/i;
/** `/deals/list`, `/deals/list/user/everyone`, `/deals/list/filter/12`. */
const LIST_PATH = /^\/deals\/list(?:\/[a-z]+\/[\w-]+)*\/?$/i;

/** Pipedrive writes `data-test` in older parts of the app and `data-testid` in newer ones. */
const hook = (id: string) => `[data-testid="${id}"], [data-test="${id}"]`;

/** Pipedrive's single-page app keeps earlier views in the DOM, hidden; the visible one is the page the user sees. */
const VIEW = '.viewContainer';
const DEAL_LINK = 'a[href*="/deal/"]';
const DEAL_ID_IN_HREF = /\/deal\/(\d{1,15})(?:[/?#]|$)/;

const SEL = {
  title: `${hook('header-title')}`,
  titleText: `${hook('deal-title')}`,
  ownerName: hook('deal-owner-name'),
  owner: hook('deal-owner'),
  status: hook('deal-status'),
  stageSelected: 'button.cui5-stage-selector__stage[aria-selected="true"]',
  stageButton: 'button.cui5-stage-selector__stage',
  fieldName: hook('field-name'),
  fieldRow: hook('fields-list-row'),
  fieldValue: hook('fields-list-row-field-components'),
  focus: hook('focus'),
  focusActivity: hook('focus-activity'),
  focusEmpty: hook('focus-empty-state'),
  activitySubject: hook('activity-subject'),
  activityDue: hook('activity-due-date'),
  participants: hook('sidebar-section-participants'),
  participantsCount: hook('participants-count'),
  participant: hook('participant'),
  // Board
  stageColumn: hook('pipeline-stage-column'),
  stageName: hook('stage-name'),
  stageSummary: hook('stage-summary'),
  dealTile: hook('pipeline-deal-tile'),
  tileValue: hook('deal-tile-value'),
  tileOwner: hook('deal-tile-owner'),
  tileActivity: hook('deal-tile-activity'),
  // List
  listSummary: hook('list-summary'),
} as const;

/** A label as compared: lower case, single spaces, no trailing colon. */
const normalize = (label: string) =>
  label
    .replace(/[\s:]+$/u, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLocaleLowerCase();

/** The labels of Pipedrive's deal fields, in English and Danish (Pipedrive's Danish wording is assumed). */
const LABELS = {
  title: ['title', 'deal title', 'titel'],
  amount: ['value', 'deal value', 'værdi'],
  currency: ['currency', 'valuta'],
  probability: ['probability', 'deal probability', 'sandsynlighed'],
  closeDate: ['expected close date', 'forventet lukkedato'],
  createdDate: ['deal created', 'created', 'add time', 'handel oprettet', 'oprettet'],
  lastActivityDate: ['last activity date', 'last activity', 'dato for seneste aktivitet', 'seneste aktivitet'],
  lastModifiedDate: ['update time', 'last updated', 'opdateringstidspunkt', 'sidst opdateret'],
  owner: ['owner', 'deal owner', 'ejer'],
  person: ['contact person', 'person', 'kontaktperson'],
  stage: ['stage', 'fase'],
  status: ['status'],
  nextActivity: ['next activity', 'next activity subject', 'næste aktivitet'],
  nextActivityDate: ['next activity date', 'næste aktivitetsdato'],
} as const satisfies Record<string, readonly string[]>;
type LabelKey = keyof typeof LABELS;
const LABEL_KEY = new Map<string, LabelKey>(
  (Object.entries(LABELS) as [LabelKey, readonly string[]][]).flatMap(([key, labels]) => labels.map((label) => [label, key] as const)),
);

/** Why a field stays unknown on each kind of page, in words for bug reports (the code is what the UI shows). */
const FIELD_WORDS: Record<FieldName, string> = {
  name: 'Title',
  amount: 'Value',
  stage: 'Stage',
  probability: 'Probability',
  forecastCategory: 'Forecast category',
  closeDate: 'Expected close date',
  createdDate: 'Deal created',
  lastActivityDate: 'Last activity date',
  lastModifiedDate: 'Update time',
  nextStep: 'Next activity',
  owner: 'Owner',
  contacts: 'Participants',
  qualification: 'Qualification fields',
};

const defaultStageMapping = {
  // Pipedrive's default pipeline (older accounts have "Lead In" and "Needs Defined"); won and lost are a status.
  lead: 'prospect',
  'lead in': 'prospect',
  qualified: 'qualify',
  'contact made': 'qualify',
  'needs defined': 'develop',
  'demo scheduled': 'develop',
  'proposal made': 'propose',
  'negotiations started': 'commit',
  won: 'won',
  lost: 'lost',
  // The same stages as a Danish account names them (our fixture's wording; Pipedrive's own translation is assumed).
  'lead ind': 'prospect',
  kvalificeret: 'qualify',
  'kontakt etableret': 'qualify',
  'behov defineret': 'develop',
  'demo planlagt': 'develop',
  'tilbud afgivet': 'propose',
  'forhandlinger startet': 'commit',
  vundet: 'won',
  tabt: 'lost',
} as const;

type Status = 'open' | 'won' | 'lost' | 'deleted';
const STATUS_WORDS: Record<string, Status> = {
  open: 'open',
  åben: 'open',
  won: 'won',
  vundet: 'won',
  lost: 'lost',
  tabt: 'lost',
  deleted: 'deleted',
  slettet: 'deleted',
};

function statusOf(text: string): Status | null {
  const key = normalize(text);
  if (!key) return null;
  const known = STATUS_WORDS[key];
  if (known) return known;
  const mapped = mapStage(key);
  return mapped === 'won' || mapped === 'lost' ? mapped : null;
}

/** A shown value that means "nothing here": Pipedrive prints a dash in blank sidebar fields. */
const isBlank = (text: string) => text === '' || /^[-–—]$/.test(text);

function activeScope(doc: Document): Element | null {
  const views = Array.from(doc.querySelectorAll(VIEW)).filter((view) => !isHidden(view));
  if (views.length) return views[views.length - 1]!;
  // A saved page without Pipedrive's view containers is one view; containers that are all hidden mean nothing is shown.
  return doc.querySelector(VIEW) ? null : doc.body;
}

const visible = (root: ParentNode, selector: string) => Array.from(root.querySelectorAll(selector)).filter((el) => !isHidden(el));
const firstVisible = (root: ParentNode, selector: string): Element | null => visible(root, selector)[0] ?? null;

function dealIdOf(link: Element | null | undefined): string | null {
  const href = link?.getAttribute('href') ?? '';
  return DEAL_ID_IN_HREF.exec(href)?.[1] ?? null;
}

/** Text found on the page for one field: its element, or why it is not there. */
type Raw = { state: 'found'; text: string; element: Element } | { state: 'absent'; reason: string; code: UnreadCode };
const absent = (field: FieldName | string, where: string, code: UnreadCode = 'not_on_page'): Raw => ({
  state: 'absent',
  reason: `${field in FIELD_WORDS ? FIELD_WORDS[field as FieldName] : field} is not shown ${where}`,
  code,
});
const found = (element: Element, text = textOf(element)): Raw => ({ state: 'found', text, element });

function parsed<T>(raw: Raw, parse: (text: string) => ParseResult<T>): FieldValue<T> {
  if (raw.state === 'absent') return unknown(raw.reason, raw.code);
  if (isBlank(raw.text)) return empty(raw.text);
  const result = parse(raw.text);
  return result.ok ? known(result.value, raw.text) : unknown(result.reason, 'unparseable');
}

const asText = (text: string): ParseResult<string> => ({ ok: true, value: text });

interface Parsers {
  locale: string;
  today: string;
  date(text: string): ParseResult<string>;
  /** Timestamps ("Jun 2, 2026 10:15 AM", "Tomorrow · 10:00 AM"): the date in them. */
  stamp(text: string): ParseResult<string>;
  money(text: string, currency?: string | null): ParseResult<Money>;
  percent(text: string): ParseResult<number>;
}

function parsersFor(doc: Document, now: Date): Parsers {
  const locale = pageLocale(doc);
  const today = now.toISOString().slice(0, 10);
  const date = (text: string) => parseDate(text, locale, today);
  return {
    locale,
    today,
    date,
    stamp(text) {
      // Pipedrive joins a date and a time with "·", which the shared parser does not split at: try each piece first.
      for (const piece of text.split(/\s*[·•]\s*/)) {
        const result = date(piece);
        if (result.ok) return result;
      }
      return findDate(text, locale, today);
    },
    money(text, currency) {
      const money = parseMoney(text, locale);
      if (money.ok && money.value.currency === null && currency && /^[A-Z]{3}$/.test(currency)) {
        return { ok: true, value: { ...money.value, currency } };
      }
      return money;
    },
    percent: (text) => parsePercent(text, locale),
  };
}

function stageValue(label: Raw, status: Status | null, statusText: string): FieldValue<Stage> {
  const closed = status === 'won' || status === 'lost' ? status : null;
  if (label.state === 'absent' || isBlank(label.text)) {
    // The deal's stage is not shown, but its status says it closed: that is its canonical stage.
    if (closed) return known({ label: statusText, canonical: closed }, statusText);
    return label.state === 'absent' ? unknown(label.reason, label.code) : empty(label.text);
  }
  return known({ label: label.text, canonical: closed ?? mapStage(label.text, defaultStageMapping) }, label.text);
}

const noQualification = (where: string) => unknown<Record<string, string>>(`no fields named after qualification criteria ${where}`, 'not_on_page');

/** Qualification evidence from fields named after a framework's criteria (BANT, MEDDICC…): criterion id → text. */
function qualificationOf(fields: { label: string; text: string }[], where: string): FieldValue<Record<string, string>> {
  const evidence: Record<string, string> = {};
  const raws: string[] = [];
  let seen = false;
  for (const { label, text } of fields) {
    const criterion = criterionIdForField(label);
    if (!criterion) continue;
    seen = true;
    if (isBlank(text) || criterion in evidence) continue;
    evidence[criterion] = text;
    raws.push(`${label}: ${text}`);
  }
  if (!seen) return noQualification(where);
  return raws.length ? known(evidence, raws.join('; ')) : empty('');
}

function base(url: URL, recordId: string, now: Date, href = url.href): Omit<DealSnapshot, 'fields'> {
  return { key: dealKey('pipedrive', url.hostname, recordId), crm: 'pipedrive', url: href, capturedAt: now.toISOString(), source: 'page' };
}

const allUnknown = (reason: string, code: UnreadCode): DealFields =>
  Object.fromEntries(FIELD_NAMES.map((field) => [field, unknown(reason, code)])) as DealFields;

// ---------------------------------------------------------------------------------------------------------
// Deal detail view

interface FieldRow {
  label: string;
  labelElement: Element;
  value: Element | null;
}

/** Every visible sidebar field row of the view, with its label and value element. */
function fieldRows(scope: Element): FieldRow[] {
  return visible(scope, SEL.fieldName).map((labelElement) => {
    const row = labelElement.closest(SEL.fieldRow) ?? labelElement.parentElement;
    return { label: textOf(labelElement), labelElement, value: row?.querySelector(SEL.fieldValue) ?? null };
  });
}

function rowFor(rows: FieldRow[], key: LabelKey): FieldRow | undefined {
  return rows.find((row) => LABEL_KEY.get(normalize(row.label)) === key);
}

function rawRow(rows: FieldRow[], key: LabelKey, field: FieldName | string): Raw {
  const row = rowFor(rows, key);
  if (!row) return absent(field, 'in the sidebar of this deal');
  if (!row.value) return absent(field, 'as a value in its sidebar row', 'not_rendered');
  return found(row.value);
}

/** The current stage in the progress bar: "12 days · Proposal Made" → "Proposal Made". */
function rawStage(scope: Element): Raw {
  const buttons = visible(scope, SEL.stageButton);
  if (!buttons.length) return absent('stage', 'as a progress bar on this deal');
  const selected = buttons.find((button) => button.getAttribute('aria-selected') === 'true');
  if (!selected) return { state: 'absent', reason: 'no stage is marked current in the progress bar', code: 'unparseable' };
  const text = textOf(selected).replace(/^\d+\s*[\p{L}.]*\s*[·•]\s*/u, '');
  return found(selected, text);
}

function nextStepOnRecord(scope: Element, parsers: Parsers): FieldValue<NextStep> {
  const focus = firstVisible(scope, SEL.focus);
  if (!focus) return unknown('the Focus section (upcoming activities) is not shown on this deal', 'not_on_page');
  // Focus lists upcoming activities soonest (or most overdue) first; pinned notes and drafts are not steps.
  const activity = visible(focus, SEL.focusActivity)[0];
  if (!activity) return empty(textOf(firstVisible(focus, SEL.focusEmpty), 200));
  const subject = textOf(activity.querySelector(SEL.activitySubject));
  if (!subject) return unknown('the next activity has no subject element', 'not_rendered');
  const due = textOf(activity.querySelector(SEL.activityDue));
  const when = due ? parsers.stamp(due) : null;
  // An unreadable due date leaves the step undated rather than unknown.
  return known({ text: subject, date: when?.ok ? when.value : null }, due ? `${subject} · ${due}` : subject);
}

function contactsOnRecord(scope: Element, rows: FieldRow[]): FieldValue<{ count: number; roles: string[] }> {
  // Pipedrive has no contact roles: only a count. Participants include the contact person.
  const section = firstVisible(scope, SEL.participants);
  if (section) {
    const countText = textOf(section.querySelector(SEL.participantsCount));
    const count = /^\d{1,4}$/.test(countText) ? Number(countText) : visible(section, SEL.participant).length;
    return count > 0 ? known({ count, roles: [] }, `${count}`) : empty(countText);
  }
  const person = rawRow(rows, 'person', 'Contact person');
  if (person.state === 'absent') return unknown('neither participants nor a contact person are shown on this deal', person.code);
  return isBlank(person.text) ? empty(person.text) : known({ count: 1, roles: [] }, person.text);
}

function readRecord(doc: Document, url: URL, now: Date, recordId: string): { snapshot: DealSnapshot; scope: Element | null } {
  const scope = activeScope(doc);
  const snapshotBase = base(url, recordId, now);
  if (!scope) return { scope, snapshot: { ...snapshotBase, fields: allUnknown('no Pipedrive view is shown', 'not_rendered') } };
  const rows = fieldRows(scope);
  const titleElement = firstVisible(scope, SEL.title);
  if (!titleElement && !rows.length && !firstVisible(scope, SEL.stageButton)) {
    return { scope, snapshot: { ...snapshotBase, fields: allUnknown('the deal view has not rendered yet', 'not_rendered') } };
  }
  const parsers = parsersFor(doc, now);
  const row = (key: LabelKey, field: FieldName) => rawRow(rows, key, field);

  const titleText = titleElement ? (titleElement.querySelector(SEL.titleText) ?? titleElement) : null;
  const statusElement = firstVisible(scope, SEL.status);
  const statusText = textOf(statusElement);
  const status = statusOf(statusText);

  const ownerElement = firstVisible(scope, SEL.ownerName);
  const ownerRaw = ownerElement ? found(ownerElement) : row('owner', 'owner');

  const standard = new Set(Object.values(LABELS).flat().map(String));
  const custom = rows.filter((r) => !standard.has(normalize(r.label))).map((r) => ({ label: r.label, text: r.value ? textOf(r.value) : '' }));

  const fields: DealFields = {
    name: parsed(titleText ? found(titleText) : absent('name', 'as a title on this deal'), asText),
    amount: parsed(row('amount', 'amount'), (text) => parsers.money(text)),
    stage: stageValue(rawStage(scope), status, statusText),
    probability: parsed(row('probability', 'probability'), parsers.percent),
    forecastCategory: unknown('Pipedrive has no forecast category', 'not_supported'),
    closeDate: parsed(row('closeDate', 'closeDate'), parsers.date),
    createdDate: parsed(row('createdDate', 'createdDate'), parsers.stamp),
    lastActivityDate: parsed(row('lastActivityDate', 'lastActivityDate'), parsers.stamp),
    lastModifiedDate: parsed(row('lastModifiedDate', 'lastModifiedDate'), parsers.stamp),
    nextStep: nextStepOnRecord(scope, parsers),
    owner: parsed(ownerRaw, asText),
    contacts: contactsOnRecord(scope, rows),
    qualification: qualificationOf(custom, 'on this deal'),
  };
  return { scope, snapshot: { ...snapshotBase, fields } };
}

// ---------------------------------------------------------------------------------------------------------
// Pipeline board

/** "$120,000 · 7 deals" → 7: the count after the last "·". */
function dealCount(text: string): number | null {
  const last = text.split(/[·•|]/).pop() ?? '';
  const digits = /(\d[\d.,\u00a0 ]*)/u.exec(last)?.[1]?.replace(/\D/g, '');
  return digits ? Number(digits) : null;
}

const boardUnread = <T>(field: FieldName): FieldValue<T> => unknown(`${FIELD_WORDS[field]} is not shown on pipeline deal cards`, 'not_on_page');

function readBoard(doc: Document, url: URL, now: Date): { snapshots: DealSnapshot[]; scope: Element | null; total?: number } {
  const scope = activeScope(doc);
  if (!scope) return { snapshots: [], scope };
  const parsers = parsersFor(doc, now);
  const snapshots: DealSnapshot[] = [];
  const seen = new Set<string>();
  const counts: (number | null)[] = [];
  for (const column of visible(scope, SEL.stageColumn)) {
    const stageLabel = textOf(column.querySelector(SEL.stageName));
    counts.push(dealCount(textOf(column.querySelector(SEL.stageSummary))));
    for (const tile of visible(column, SEL.dealTile)) {
      const link = tile.querySelector(DEAL_LINK);
      const id = dealIdOf(link);
      if (!id || seen.has(id)) continue;
      seen.add(id);
      const valueElement = tile.querySelector(SEL.tileValue);
      const ownerElement = tile.querySelector(SEL.tileOwner);
      const ownerName = ownerElement
        ? (ownerElement.getAttribute('title') ?? ownerElement.getAttribute('aria-label') ?? ownerElement.querySelector('img')?.getAttribute('alt') ?? textOf(ownerElement))
        : null;
      const fields: DealFields = {
        name: parsed(link ? found(link) : absent('name', 'on the card'), asText),
        amount: parsed(valueElement ? found(valueElement) : absent('amount', 'on this deal card'), (text) => parsers.money(text)),
        stage: stageLabel ? known({ label: stageLabel, canonical: mapStage(stageLabel, defaultStageMapping) }, stageLabel) : unknown('the stage column has no name', 'not_rendered'),
        probability: boardUnread('probability'),
        forecastCategory: unknown('Pipedrive has no forecast category', 'not_supported'),
        closeDate: boardUnread('closeDate'),
        createdDate: boardUnread('createdDate'),
        lastActivityDate: boardUnread('lastActivityDate'),
        lastModifiedDate: boardUnread('lastModifiedDate'),
        nextStep: nextStepOnTile(tile),
        owner: ownerName === null ? boardUnread('owner') : parsed(found(ownerElement!, ownerName.trim()), asText),
        contacts: unknown('deal cards show the contact person, not the participants', 'not_on_page'),
        qualification: noQualification('on pipeline deal cards'),
      };
      snapshots.push({ ...base(url, id, now, new URL(`/deal/${id}`, url.origin).href), fields });
    }
  }
  // The board renders cards as the user scrolls; each column header says how many deals the stage holds.
  const total = counts.length && counts.every((count) => count !== null) ? counts.reduce<number>((sum, count) => sum + count!, 0) : undefined;
  return total === undefined ? { snapshots, scope } : { snapshots, scope, total };
}

/** The card's activity icon says whether anything is scheduled; only "nothing scheduled" is a readable next step. */
function nextStepOnTile(tile: Element): FieldValue<NextStep> {
  const indicator = tile.querySelector(SEL.tileActivity);
  if (!indicator) return boardUnread('nextStep');
  const label = indicator.getAttribute('aria-label') ?? indicator.getAttribute('title') ?? '';
  if (/\bno (?:upcoming )?activit|ingen (?:kommende |planlagte )?aktivitet/i.test(label)) return empty(label);
  return unknown('deal cards show only whether an activity is scheduled, not which', 'not_on_page');
}

// ---------------------------------------------------------------------------------------------------------
// Deals list view

function readList(doc: Document, url: URL, now: Date): { snapshots: DealSnapshot[]; scope: Element | null; total?: number } {
  const scope = activeScope(doc);
  if (!scope) return { snapshots: [], scope };
  const grid = firstVisible(scope, '[role="grid"], [role="table"], table');
  if (!grid) return { snapshots: [], scope };
  const parsers = parsersFor(doc, now);
  const headers = visible(grid, '[role="columnheader"], th').map((header) => textOf(header));
  const columnOf = (key: LabelKey) => headers.findIndex((header) => LABEL_KEY.get(normalize(header)) === key);
  const snapshots: DealSnapshot[] = [];
  const seen = new Set<string>();
  for (const rowElement of visible(grid, '[role="row"], tr')) {
    const cells = Array.from(rowElement.querySelectorAll('[role="gridcell"], [role="cell"], td'));
    if (!cells.length) continue;
    const titleColumn = columnOf('title');
    const link = (titleColumn >= 0 ? cells[titleColumn]?.querySelector(DEAL_LINK) : null) ?? rowElement.querySelector(DEAL_LINK);
    const id = dealIdOf(link);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const cell = (key: LabelKey, field: FieldName | string): Raw => {
      const index = columnOf(key);
      if (index < 0) return absent(field, 'as a column of this list view');
      const element = cells[index];
      return element ? found(element) : absent(field, 'in this row', 'not_rendered');
    };
    const currency = cell('currency', 'currency');
    const statusRaw = cell('status', 'status');
    const statusText = statusRaw.state === 'found' ? statusRaw.text : '';
    const custom = headers
      .map((label, index) => ({ label, text: textOf(cells[index]) }))
      .filter(({ label }) => !LABEL_KEY.has(normalize(label)));

    const fields: DealFields = {
      name: parsed(link ? found(link) : absent('name', 'in this row'), asText),
      amount: parsed(cell('amount', 'amount'), (text) => parsers.money(text, currency.state === 'found' ? currency.text : null)),
      stage: stageValue(cell('stage', 'stage'), statusOf(statusText), statusText),
      probability: parsed(cell('probability', 'probability'), parsers.percent),
      forecastCategory: unknown('Pipedrive has no forecast category', 'not_supported'),
      closeDate: parsed(cell('closeDate', 'closeDate'), parsers.date),
      createdDate: parsed(cell('createdDate', 'createdDate'), parsers.stamp),
      lastActivityDate: parsed(cell('lastActivityDate', 'lastActivityDate'), parsers.stamp),
      lastModifiedDate: parsed(cell('lastModifiedDate', 'lastModifiedDate'), parsers.stamp),
      nextStep: nextStepInRow(cell('nextActivity', 'nextStep'), cell('nextActivityDate', 'Next activity date'), parsers),
      owner: parsed(cell('owner', 'owner'), asText),
      contacts: contactsInRow(cell('person', 'Contact person')),
      qualification: qualificationOf(custom, 'among the columns of this list view'),
    };
    snapshots.push({ ...base(url, id, now, new URL(`/deal/${id}`, url.origin).href), fields });
  }
  const count = dealCount(textOf(firstVisible(scope, SEL.listSummary)));
  return count === null ? { snapshots, scope } : { snapshots, scope, total: count };
}

function nextStepInRow(subject: Raw, due: Raw, parsers: Parsers): FieldValue<NextStep> {
  const dueText = due.state === 'found' && !isBlank(due.text) ? due.text : '';
  if (subject.state === 'found' && !isBlank(subject.text)) {
    const date = dueText ? parsers.stamp(dueText) : null;
    return known({ text: subject.text, date: date?.ok ? date.value : null }, dueText ? `${subject.text} · ${dueText}` : subject.text);
  }
  if (subject.state === 'absent' && due.state === 'absent') return unknown('the next activity is not a column of this list view', 'not_on_page');
  // A next-activity column is shown and blank: nothing is scheduled.
  if (!dueText) return empty(subject.state === 'found' ? subject.text : due.state === 'found' ? due.text : '');
  return unknown('the list shows the next activity date, not its subject', 'not_on_page');
}

function contactsInRow(person: Raw): FieldValue<{ count: number; roles: string[] }> {
  if (person.state === 'absent') return unknown('the contact person is not a column of this list view', person.code);
  // One contact person per deal is all a row shows; participants are not a column.
  return isBlank(person.text) ? empty(person.text) : known({ count: 1, roles: [] }, person.text);
}

// ---------------------------------------------------------------------------------------------------------

const dealIdFromKey = (key: string) => /:(\d{1,15})$/.exec(key)?.[1] ?? null;

function recordAnchor(scope: Element, target: AnchorTarget): Element | null {
  const rows = fieldRows(scope);
  const rowValue = (key: LabelKey) => {
    const row = rowFor(rows, key);
    return row ? (row.value ?? row.labelElement) : null;
  };
  switch (target) {
    case 'title':
    case 'name':
      return firstVisible(scope, SEL.title);
    case 'amount':
      return rowValue('amount');
    case 'stage':
      return visible(scope, SEL.stageButton).find((button) => button.getAttribute('aria-selected') === 'true') ?? null;
    case 'probability':
      return rowValue('probability');
    case 'closeDate':
      return rowValue('closeDate');
    case 'createdDate':
      return rowValue('createdDate');
    case 'lastActivityDate':
      return rowValue('lastActivityDate');
    case 'lastModifiedDate':
      return rowValue('lastModifiedDate');
    case 'nextStep': {
      const focus = firstVisible(scope, SEL.focus);
      return focus ? (visible(focus, SEL.focusActivity)[0] ?? focus) : null;
    }
    case 'owner':
      return firstVisible(scope, SEL.ownerName) ?? rowValue('owner');
    case 'contacts':
      return firstVisible(scope, SEL.participants) ?? rowValue('person');
    case 'qualification': {
      const row = rows.find((r) => criterionIdForField(r.label));
      return row ? (row.value ?? row.labelElement) : null;
    }
    case 'forecastCategory':
      return null;
  }
}

function detect(url: URL): Detection | null {
  if (url.protocol !== 'https:' || !HOST.test(url.hostname)) return null;
  if (NOT_COMPANIES.has(url.hostname.split('.')[0]!.toLowerCase())) return null;
  const record = RECORD_PATH.exec(url.pathname);
  if (record) return { kind: 'record', recordId: record[1]! };
  if (BOARD_PATH.test(url.pathname)) return { kind: 'board', recordId: null };
  if (LIST_PATH.test(url.pathname)) return { kind: 'list', recordId: null };
  return null;
}

export default defineAdapter({
  id: 'pipedrive',
  name: 'Pipedrive',
  matches: ['https://*.pipedrive.com/*'],
  defaultStageMapping,
  testUrls: [
    { url: 'https://acme-sales.pipedrive.com/deal/1842', kind: 'record', recordId: '1842' },
    { url: 'https://nordlys.pipedrive.com/deal/3107?tab=notes', kind: 'record', recordId: '3107' },
    { url: 'https://acme-sales.pipedrive.com/pipeline/1', kind: 'board', recordId: null },
    { url: 'https://acme-sales.pipedrive.com/pipeline/2/user/everyone', kind: 'board', recordId: null },
    { url: 'https://nordlys.pipedrive.com/deals/list', kind: 'list', recordId: null },
    { url: 'https://nordlys.pipedrive.com/deals/list/filter/12', kind: 'list', recordId: null },
  ],

  detect,

  read(doc, url, { now }) {
    const detection = detect(url);
    if (!detection) return { snapshots: [], scope: activeScope(doc) };
    if (detection.kind === 'board') return readBoard(doc, url, now);
    if (detection.kind === 'list') return readList(doc, url, now);
    const { snapshot, scope } = readRecord(doc, url, now, detection.recordId!);
    return { snapshots: [snapshot], scope };
  },

  anchor(doc, scope, target) {
    const root = scope ?? activeScope(doc);
    return root ? recordAnchor(root, target) : null;
  },

  rowAnchor(doc, scope, key) {
    const root = scope ?? activeScope(doc);
    const id = dealIdFromKey(key);
    if (!root || !id) return null;
    // The title link of the card or row: on the board it is the card's first line, in the list its title cell.
    // The id first, visibility (a walk up the ancestors) only for links to this deal: not for every link on each call.
    return (
      Array.from(root.querySelectorAll(DEAL_LINK)).find(
        (link) => dealIdOf(link) === id && (link.closest(SEL.dealTile) ?? link.closest('[role="row"], tr')) && !isHidden(link),
      ) ?? null
    );
  },
});
