/**
 * The generic adapter: reads a CRM Deal Hygiene has no adapter for, by the user's mapping ("Other CRM" in the
 * options page, src/model/crm-mapping.ts). Nothing here knows any CRM: the mapping says which URLs are record pages
 * (match patterns and a record-id regex over the full URL, #hash included), and where each field is, either by its
 * label texts (any language) or by a CSS selector.
 *
 * Finding a field by label: the elements whose own text is one of the label texts (trimmed, case-insensitive,
 * a trailing ":" or "*" ignored), or a control whose aria-label is; then its value, tried in this order:
 * `label[for]` → that control; a label wrapping a control; `aria-labelledby` pointing at the label; `dt` → `dd`;
 * a table cell or row header → the next cell; the next sibling (from the label or a wrapper holding only it); a
 * form control that follows nearby. Values come from text, from form controls' current `.value` (many web apps
 * set values only as properties), selected options and checkboxes, and from open shadow roots.
 *
 * Unknown is not empty: a field the mapping does not locate is `not_supported`; located but not on the page,
 * `not_on_page`; on the page and blank, empty; there but not understood, `unparseable`.
 */
import type { DealFields, DealSnapshot, FieldName, Money, NextStep, Stage } from '../model/deal';
import { FIELD_NAMES } from '../model/deal-names';
import { empty, known, unknown, type FieldValue, type UnreadCode } from '../model/field-state';
import type { CrmMapping } from '../model/crm-mapping';
import { matchesPattern, recordIdIn, type Locator, type MappableField } from '../model/crm-mapping-base';
import { findDate, parseDate, type ParseResult } from '../read/date';
import { BADGE_HOST_ATTRIBUTE } from '../ui/badges/badges';
import { deepScope, isFormControl, isHidden, pageLocale, shadowRootsUnder, textOf, valueOf } from '../read/dom';
import { parseMoney, parsePercent } from '../read/number';
import { mapStage } from './stage-mapping';
import { defineAdapter, type Adapter, type AnchorTarget, type Detection, type ReadResult } from './types';

/**
 * Setting a form control's `.value` fires no mutation, and web apps often fill their forms that way after loading:
 * pages read through a mapping are read again every few seconds (cheap when nothing changed: nothing is sent).
 */
export const GENERIC_REREAD_MS = 2000;

/** Deal keys: `generic:<mapping id>:<host>:<record id>` (the host with its port: on-premise tools differ by port). */
export function genericDealKey(mappingId: string, url: URL, recordId: string): string {
  return `generic:${mappingId}:${url.host.toLowerCase()}:${recordId}`;
}

/** Longer record ids would not fit a deal key: such a "record id" is not one. */
const MAX_RECORD_ID = 200;

// ---------------------------------------------------------------------------------------------------------
// Labels

/** A label as compared: NFC, single spaces, lower case, no trailing ":" or "*" (and no leading "*"). */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[*\s]+/u, '')
    .replace(/[\s:：*]+$/u, '')
    .toLocaleLowerCase();
}

/** Tags whose text is never a label: scripts, styles, the controls themselves. */
const NOT_LABELS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'OPTION', 'SELECT', 'TEXTAREA', 'BUTTON', 'TITLE', 'HEAD']);
const CONTROLS = 'input:not([type="hidden"]):not([type="password"]):not([type="button"]):not([type="submit"]):not([type="reset"]), select, textarea';
const CELL_TAGS = new Set(['TD', 'TH']);
const CELL_ROLES = new Set(['rowheader', 'cell', 'gridcell', 'columnheader']);
/** Blank as CRMs print it: nothing, or a dash. */
const isBlank = (text: string) => text === '' || /^[-–—]+$/u.test(text);

/** On screen: not hidden by an attribute or inline style, nor by the page's stylesheet (a tab kept in the DOM). */
const shown = (element: Element) => !isHidden(element) && ((element as Element & { checkVisibility?(): boolean }).checkVisibility?.() ?? true);

const isOurs = (element: Element) => element.hasAttribute(BADGE_HOST_ATTRIBUTE) || element.closest(`[${BADGE_HOST_ATTRIBUTE}]`) !== null;

/** The direct text of an element, its children's left out ("Amount" in `<label>Amount <abbr>*</abbr></label>`). */
function ownText(element: Element): string {
  let text = '';
  element.childNodes.forEach((node) => {
    if (node.nodeType === 3) text += node.nodeValue ?? '';
  });
  return text;
}

/** The label texts looked for, normalised, with what lets a page's text be passed over without normalising it. */
interface WantedLabels {
  texts: ReadonlySet<string>;
  /** Lower-cased first letters of the texts: most of a page's text starts with another. */
  initials: ReadonlySet<string>;
  longest: number;
}

function wantedLabels(texts: Iterable<string>): WantedLabels {
  const set = new Set(texts);
  return { texts: set, initials: new Set([...set].map((text) => text.charAt(0))), longest: Math.max(0, ...[...set].map((text) => text.length)) };
}

/** The first character of a text as normaliseLabel would leave it, without normalising the whole text. */
function initialOf(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '*' || !char.trim()) continue;
    // ASCII (and not followed by a combining mark) needs no Unicode normalisation: the fast, common case.
    if (char < '\u0080' && !(text.charCodeAt(i + 1) >= 0x300)) return char.toLowerCase();
    return text.slice(i, i + 2).normalize('NFC').toLocaleLowerCase().charAt(0);
  }
  return '';
}

/**
 * Elements whose own text (or aria-label, on a control) is one of the wanted labels, in document order, under one
 * root. This walks every text of the page on each read, so most texts are dismissed by their length and first
 * letter before anything costlier (measured: 12,000 elements in a few milliseconds in Chromium).
 */
function labelElementsIn(root: Document | ShadowRoot, wanted: WantedLabels): Element[] {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument!;
  const found = new Set<Element>();
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  // A label's own text may be split around a child (`Amount<abbr>*</abbr>`), so a piece may be shorter, never
  // longer than the label with a marker (" *:") and the indentation of hand-written HTML.
  const maxLength = wanted.longest + 4;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue ?? '';
    if (value.length > 400 || !wanted.initials.has(initialOf(value))) continue;
    if (value.length > maxLength && value.replace(/\s+/g, ' ').trim().length > maxLength) continue;
    const parent = node.parentElement;
    if (!parent || found.has(parent) || NOT_LABELS.has(parent.tagName)) continue;
    if (wanted.texts.has(normaliseLabel(ownText(parent)))) found.add(parent);
  }
  for (const control of Array.from(root.querySelectorAll('input[aria-label], select[aria-label], textarea[aria-label]'))) {
    if (wanted.texts.has(normaliseLabel(labelTextOf(control)))) found.add(control);
  }
  return sortInDocumentOrder([...found]);
}

/** The text that made an element a label: a control's aria-label, else its own text. */
const labelTextOf = (element: Element) => (isFormControl(element) ? (element.getAttribute('aria-label') ?? '') : ownText(element));

function sortInDocumentOrder(elements: Element[]): Element[] {
  return elements.sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & 4 /* FOLLOWING */ ? -1 : 1));
}

/**
 * The element that stands for the label: the matched element, widened to wrappers that hold nothing else
 * (`<div class="label"><span>Amount</span></div>`), so that "the next sibling" is the wrapper's.
 */
function labelBox(element: Element): Element {
  let box = element;
  const wanted = normaliseLabel(textOf(element, 400));
  for (let depth = 0; depth < 3; depth++) {
    const parent = box.parentElement;
    // Never wider than a label or a table cell, which have their own ways to point at the value.
    if (!parent || parent.tagName === 'BODY' || box.tagName === 'LABEL' || CELL_TAGS.has(box.tagName)) break;
    if (parent.querySelector(CONTROLS) || normaliseLabel(textOf(parent, 400)) !== wanted) break;
    box = parent;
  }
  return box;
}

const nextElement = (element: Element): Element | null => {
  let next = element.nextElementSibling;
  // Our badges, and decorations such as a lone ":" or "*", are not the value.
  while (next && (isOurs(next) || /^[:*]$/u.test(textOf(next, 5)))) next = next.nextElementSibling;
  return next;
};

const rootOf = (element: Element) => element.getRootNode() as Document | ShadowRoot;

/** A container that holds a form control stands for that control (`<div class="value"><input></div>`). */
function valueElement(candidate: Element | null): Element | null {
  if (!candidate || isFormControl(candidate)) return candidate;
  return candidate.querySelector(CONTROLS) ?? candidate;
}

/** A value element, and its text when that is only part of the element's (`<p><b>Stage:</b> Proposal</p>`). */
type Value = { element: Element; text?: string };

/** Where the value of the field a label names is, or null. `otherLabels` are never taken as a value. */
function valueForLabel(label: Element, otherLabels: ReadonlySet<Element>): Value | null {
  if (isFormControl(label)) return { element: label }; // matched by its aria-label
  const acceptable = (candidate: Element | null): Value | null => {
    if (!candidate || otherLabels.has(candidate) || isOurs(candidate)) return null;
    for (const other of otherLabels) if (other !== label && candidate.contains(other)) return null;
    return { element: valueElement(candidate)! };
  };
  const root = rootOf(label);
  const box = labelBox(label);
  // <label for="x"> and <label><input></label>
  const labelElement = box.tagName === 'LABEL' ? box : label.closest('label');
  if (labelElement) {
    const target = labelElement.getAttribute('for');
    const control = target ? (root.getElementById?.(target) ?? null) : labelElement.querySelector(CONTROLS);
    if (control) return { element: control };
  }
  // aria-labelledby="… label-id …"
  for (const id of [label.id, box.id].filter(Boolean)) {
    const labelled = Array.from(root.querySelectorAll('[aria-labelledby]')).find((element) =>
      (element.getAttribute('aria-labelledby') ?? '').split(/\s+/).includes(id),
    );
    const value = labelled ? acceptable(labelled) : null;
    if (value) return value;
  }
  // <dt>Amount</dt><dd>…</dd>
  const term = box.tagName === 'DT' ? box : box.closest('dt');
  if (term) {
    let next = term.nextElementSibling;
    while (next && next.tagName !== 'DD' && next.tagName !== 'DT') next = next.nextElementSibling;
    return next?.tagName === 'DD' ? acceptable(next) : null;
  }
  // <th>Amount</th><td>…</td>, and ARIA grids
  const cell = CELL_TAGS.has(box.tagName) || CELL_ROLES.has(box.getAttribute('role') ?? '') ? box : box.closest('td, th, [role="rowheader"], [role="cell"], [role="gridcell"]');
  if (cell) {
    const next = nextElement(cell);
    if (next) return acceptable(next);
  }
  // The next sibling of the label, or of the wrapper it sits alone in.
  const sibling = acceptable(nextElement(box));
  if (sibling) return sibling;
  // Text right after the label in the same element: "<p><b>Stage:</b> Proposal</p>".
  const parent = box.parentElement;
  if (parent && !nextElement(box)) {
    let after = '';
    for (let node = box.nextSibling; node; node = node.nextSibling) if (node.nodeType === 3) after += node.nodeValue ?? '';
    if (after.trim()) return { element: parent, text: after.replace(/\s+/g, ' ').trim() };
  }
  // A control that follows within the label's container ("<div><span>Amount</span><br><input></div>").
  for (let container = parent, depth = 0; container && depth < 2; container = container.parentElement, depth++) {
    const control = Array.from(container.querySelectorAll(CONTROLS)).find((element) => box.compareDocumentPosition(element) & 4 /* FOLLOWING */);
    if (control) return acceptable(control);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Finding every mapped field on a page

type Locate = { state: 'found'; element: Element; text?: string } | { state: 'absent'; reason: string; code: UnreadCode };

/** A key for each thing a mapping locates: a deal field, or `q:<criterion>` for qualification evidence. */
type LocatorKey = MappableField | `q:${string}`;

interface PageIndex {
  locate(key: LocatorKey, locator: Locator): Locate;
}

/**
 * Finds all of a mapping's label texts in one walk of the page's text, and its shadow roots only when the light DOM
 * lacks one of them (most pages have no shadow roots, and walking for them is the costly part).
 */
function indexPage(doc: Document, locators: ReadonlyMap<LocatorKey, Locator>): PageIndex {
  const wanted = wantedLabels([...locators.values()].flatMap((locator) => ('labels' in locator ? locator.labels.map(normaliseLabel) : [])));
  let labels: Element[] = wanted.texts.size ? labelElementsIn(doc, wanted) : [];
  // A field none of whose labels (in any of its languages) is in the light DOM may be inside a shadow root.
  const present = new Set(labels.map((element) => normaliseLabel(labelTextOf(element))));
  const someFieldMissing = [...locators.values()].some((locator) => 'labels' in locator && !locator.labels.some((label) => present.has(normaliseLabel(label))));
  if (someFieldMissing) labels = [...labels, ...shadowRootsUnder(doc).flatMap((root) => labelElementsIn(root, wanted))];
  const allLabels = new Set(labels);
  const scope = deepScope(doc);

  function byLabels(texts: string[], what: string): Locate {
    const keys = new Set(texts.map(normaliseLabel));
    const matches = labels.filter((element) => keys.has(normaliseLabel(labelTextOf(element))));
    if (!matches.length) return { state: 'absent', reason: `no label ${texts.map((text) => `"${text}"`).join(' or ')} on this page (${what})`, code: 'not_on_page' };
    // A visible label first; a form keeps real values in hidden tabs too, so a hidden one next.
    const ordered = [...matches.filter(shown), ...matches.filter((element) => !shown(element))];
    for (const label of ordered) {
      const value = valueForLabel(label, allLabels);
      if (value) return { state: 'found', ...value };
    }
    return { state: 'absent', reason: `the label "${textOf(matches[0], 100)}" is on the page, but no value next to it (${what})`, code: 'not_rendered' };
  }

  function bySelector(selector: string, what: string): Locate {
    let matches: Element[];
    try {
      matches = scope.all(selector, 50).filter((element) => !isOurs(element));
    } catch {
      return { state: 'absent', reason: `the CSS selector of ${what} is not valid`, code: 'unparseable' };
    }
    if (!matches.length) return { state: 'absent', reason: `nothing on this page matches the CSS selector of ${what}`, code: 'not_on_page' };
    const element = matches.find(shown) ?? matches[0]!;
    return { state: 'found', element: valueElement(element)! };
  }

  return {
    locate(key, locator) {
      const what = key.startsWith('q:') ? `qualification ${key.slice(2)}` : key;
      return 'labels' in locator ? byLabels(locator.labels, what) : bySelector(locator.selector, what);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

const NUMERIC_DATE = /^(\d{1,4})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{1,4})\.?(?=$|[\sT,])/;

/** A numeric date in the mapping's order ("03/04/2026" as dmy), as ISO; null when the text is not one. */
function orderedDate(text: string, order: NonNullable<CrmMapping['dateOrder']>): string | null {
  const match = NUMERIC_DATE.exec(text.trim());
  if (!match) return null;
  const numbers = [match[1]!, match[3]!, match[4]!];
  const at = (part: 'd' | 'm' | 'y') => numbers[order.indexOf(part)]!;
  const [yearText, month, day] = [at('y'), at('m'), at('d')];
  if (month.length > 2 || day.length > 2 || (yearText.length !== 4 && yearText.length !== 2)) return null;
  const year = yearText.length === 2 ? (Number(yearText) < 70 ? 2000 : 1900) + Number(yearText) : Number(yearText);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

interface Parsers {
  date(text: string): ParseResult<string>;
  money(text: string, element: Element): ParseResult<Money>;
  percent(text: string, element: Element): ParseResult<number>;
}

/** `<input type="number">` always holds "1234.5", whatever the page's language. */
const numericControl = (element: Element) => element.tagName === 'INPUT' && ['number', 'range'].includes((element as HTMLInputElement).type);

function parsersFor(mapping: CrmMapping, doc: Document, now: Date): Parsers {
  const locale = mapping.locale ?? (doc.documentElement.getAttribute('lang')?.trim() ? pageLocale(doc) : (globalThis.navigator?.language ?? 'en'));
  const today = now.toISOString().slice(0, 10);
  const date = (text: string): ParseResult<string> => {
    const ordered = mapping.dateOrder ? orderedDate(text, mapping.dateOrder) : null;
    const result = parseDate(ordered ?? text, locale, today);
    // "27.11.2026 14:22 by Jane": the date inside a longer text.
    return result.ok || ordered ? result : findDate(text, locale, today);
  };
  return {
    date,
    money(text, element) {
      const money = parseMoney(text, numericControl(element) ? 'en' : locale);
      if (money.ok && money.value.currency === null && mapping.currency) return { ok: true, value: { ...money.value, currency: mapping.currency } };
      return money;
    },
    percent: (text, element) => parsePercent(text, numericControl(element) ? 'en' : locale),
  };
}

/** How many contacts a field lists: a multiple select's choices, list items, chips, or comma/semicolon/line separated names. */
function countContacts(element: Element, text: string): number {
  if (element.tagName === 'SELECT') return Array.from((element as HTMLSelectElement).selectedOptions ?? []).filter((option) => option.value !== '').length;
  if (/^\d{1,4}$/.test(text)) return Number(text);
  const items = element.querySelectorAll('li');
  if (items.length) return Array.from(items).filter((item) => textOf(item, 200) !== '').length;
  const raw = element.tagName === 'TEXTAREA' ? (element as HTMLTextAreaElement).value : text;
  const children = Array.from(element.children).filter((child) => !isOurs(child) && textOf(child, 200) !== '');
  if (children.length > 1 && !ownText(element).trim()) return children.length;
  return raw.split(/\s*[,;\n]\s*/u).filter((part) => !isBlank(part.trim())).length;
}

// ---------------------------------------------------------------------------------------------------------
// The adapter

export function genericAdapter(mapping: CrmMapping): Adapter {
  const fieldLocators = new Map<LocatorKey, Locator>(Object.entries(mapping.fields) as [MappableField, Locator][]);
  const allLocators = new Map<LocatorKey, Locator>([
    ...fieldLocators,
    ...Object.entries(mapping.qualification).map(([criterion, locator]) => [`q:${criterion}` as const, locator] as const),
  ]);
  /** What the last read found, so that badges go where the values were read (re-found when the page replaced them). */
  let lastFound = new Map<LocatorKey, Element>();

  function detect(url: URL): Detection | null {
    if (!mapping.matches.some((pattern) => matchesPattern(pattern, url))) return null;
    const recordId = recordIdIn(mapping.recordId.pattern, url.href);
    if (!recordId || recordId.length > MAX_RECORD_ID) return null;
    return { kind: 'record', recordId };
  }

  function read(doc: Document, url: URL, { now }: { now: Date }): ReadResult {
    const detection = detect(url);
    if (!detection?.recordId) return { snapshots: [], scope: null };
    const index = indexPage(doc, allLocators);
    const parsers = parsersFor(mapping, doc, now);
    const found = new Map<LocatorKey, Element>();

    const locate = (key: LocatorKey): Locate | null => {
      const locator = allLocators.get(key);
      if (!locator) return null;
      const result = index.locate(key, locator);
      if (result.state === 'found') found.set(key, result.element);
      return result;
    };

    function field<T>(key: MappableField, parse: (text: string, element: Element) => ParseResult<T>): FieldValue<T> {
      const result = locate(key);
      if (!result) return unknown(`the "${mapping.name}" mapping does not locate ${key}`, 'not_supported');
      if (result.state === 'absent') return unknown(result.reason, result.code);
      const text = result.text ?? valueOf(result.element);
      if (isBlank(text)) return empty(text);
      const parsed = parse(text, result.element);
      return parsed.ok ? known(parsed.value, text) : unknown(`${key}: ${parsed.reason}`, 'unparseable');
    }

    const asText = (text: string): ParseResult<string> => ({ ok: true, value: text });
    const stage = (text: string): ParseResult<Stage> => ({ ok: true, value: { label: text, canonical: mapStage(text, mapping.stageMapping) } });
    // "Call Hank on 28.11.2026": the step, and its date when the text carries one.
    const nextStep = (text: string): ParseResult<NextStep> => {
      const date = parsers.date(text);
      return { ok: true, value: { text, date: date.ok ? date.value : null } };
    };
    const contacts = (text: string, element: Element): ParseResult<{ count: number; roles: string[] }> => ({ ok: true, value: { count: countContacts(element, text), roles: [] } });

    const fields: DealFields = {
      name: field('name', asText),
      amount: field('amount', parsers.money),
      stage: field('stage', stage),
      probability: field('probability', parsers.percent),
      forecastCategory: field('forecastCategory', asText),
      closeDate: field('closeDate', parsers.date),
      createdDate: field('createdDate', parsers.date),
      lastActivityDate: field('lastActivityDate', parsers.date),
      lastModifiedDate: field('lastModifiedDate', parsers.date),
      nextStep: field('nextStep', nextStep),
      owner: field('owner', asText),
      contacts: field('contacts', contacts),
      qualification: qualification(),
    };

    function qualification(): FieldValue<Record<string, string>> {
      const criteria = Object.keys(mapping.qualification);
      if (!criteria.length) return unknown(`the "${mapping.name}" mapping locates no qualification fields`, 'not_supported');
      const evidence: Record<string, string> = {};
      const raws: string[] = [];
      let seen = 0;
      const reasons: string[] = [];
      for (const criterion of criteria) {
        const result = locate(`q:${criterion}`)!;
        if (result.state === 'absent') {
          reasons.push(result.reason);
          continue;
        }
        seen += 1;
        const text = result.text ?? valueOf(result.element);
        if (isBlank(text)) continue;
        evidence[criterion] = text;
        raws.push(`${criterion}: ${text}`);
      }
      if (!seen) return unknown(reasons.join('; '), 'not_on_page');
      return raws.length ? known(evidence, raws.join('; ')) : empty('');
    }

    lastFound = found;
    const snapshot: DealSnapshot = {
      key: genericDealKey(mapping.id, url, detection.recordId),
      crm: 'generic',
      url: url.href,
      capturedAt: now.toISOString(),
      source: 'page',
      fields,
    };
    // The scope is where the first value was found: while a single-page app still shows the previous record's
    // elements after navigating, the controller waits for the new ones instead of reading old values as the new deal.
    const scope = FIELD_NAMES.map((name) => found.get(name as MappableField)).find(Boolean) ?? found.values().next().value ?? null;
    return { snapshots: [snapshot], scope };
  }

  function anchor(doc: Document, _scope: Element | null, target: AnchorTarget): Element | null {
    const keys: LocatorKey[] =
      target === 'title' ? ['name'] : target === 'qualification' ? [...allLocators.keys()].filter((key) => key.startsWith('q:')) : [target as FieldName as MappableField];
    for (const key of keys) {
      let element: Element | null | undefined = lastFound.get(key);
      if (!element?.isConnected) {
        const locator = allLocators.get(key);
        const result = locator ? indexPage(doc, new Map([[key, locator]])).locate(key, locator) : null;
        element = result?.state === 'found' ? result.element : null;
      }
      if (element) return badgePlace(element);
    }
    if (target !== 'title') return null;
    // No name mapped: the page's main heading carries the score chip.
    return deepScope(doc).find('h1', shown);
  }

  return defineAdapter({
    id: 'generic',
    name: mapping.name,
    matches: mapping.matches,
    detect,
    read,
    anchor,
    defaultStageMapping: mapping.stageMapping,
    testUrls: [],
    rereadEveryMs: GENERIC_REREAD_MS,
  });
}

/** A badge goes inside the value element; a form control cannot hold one, so it goes right after it, in its parent. */
function badgePlace(element: Element): Element | null {
  if (!isFormControl(element) && !['IMG', 'BR', 'HR'].includes(element.tagName)) return element;
  return element.parentElement ?? (element.parentNode?.nodeType === 11 ? (element.parentNode as ShadowRoot).host : null);
}
