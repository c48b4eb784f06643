import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { adapters } from '../../../src/adapters';
import salesforce from '../../../src/adapters/salesforce';
import type { Adapter } from '../../../src/adapters/types';
import { dealSnapshotSchema, FIELD_NAMES, type DealSnapshot, type FieldName } from '../../../src/model/deal';
import { shadowRootsUnder } from '../../../src/read/dom';
import { attachDeclarativeShadowRoots, FIXTURES_DIR, listFixtures, loadFixture, parsePage, type Fixture } from '../../helpers/fixtures';
import { hostileText } from './hostile';
import { checkProperty, countCases, writeAreaReport } from './report';

// Generous: property runs are CPU-bound, and the CI machine may be busy; a run never takes this long.
vi.setConfig({ testTimeout: 120_000 });

/**
 * Every adapter's `read` on its fixture pages after random damage: nodes removed, duplicated, moved, hidden or put
 * into shadow roots; attributes dropped, renamed or garbled; field texts replaced with hostile text. The adapter
 * never throws, returns valid snapshots, never reports a value whose text is not on the page, and never changes the
 * page. Parsing a page in happy-dom is slow (50–150 ms for a record page), so each run applies several mutations and
 * the run counts are per adapter, not per fixture.
 */

const RUNS_PER_ADAPTER_RECORD = 20;
const RUNS_PER_ADAPTER_LIST = 4;

type Pool = 'any' | 'hooked' | 'leaf';
type Mutation =
  | { kind: 'remove'; pool: Pool; at: number }
  | { kind: 'duplicate'; pool: Pool; at: number }
  | { kind: 'move'; pool: Pool; at: number; to: number }
  | { kind: 'hide'; pool: Pool; at: number; how: 'display' | 'hidden' | 'aria' }
  | { kind: 'shadow'; pool: Pool; at: number }
  | { kind: 'attribute'; pool: Pool; at: number; which: number; action: 'drop' | 'rename' | 'garble'; junk: string }
  | { kind: 'text'; pool: Pool; at: number; text: string };

const pool = fc.constantFrom<Pool>('any', 'hooked', 'hooked', 'leaf', 'leaf');
const at = fc.nat({ max: 100_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), pool, at }),
  fc.record({ kind: fc.constant('duplicate' as const), pool, at }),
  fc.record({ kind: fc.constant('move' as const), pool, at, to: at }),
  fc.record({ kind: fc.constant('hide' as const), pool, at, how: fc.constantFrom('display' as const, 'hidden' as const, 'aria' as const) }),
  fc.record({ kind: fc.constant('shadow' as const), pool, at }),
  fc.record({ kind: fc.constant('attribute' as const), pool, at, which: fc.nat(), action: fc.constantFrom('drop' as const, 'rename' as const, 'garble' as const), junk: fc.string({ maxLength: 12 }) }),
  { arbitrary: fc.record({ kind: fc.constant('text' as const), pool, at, text: hostileText }), weight: 3 },
);

/** Elements with CRM hooks (data-* attributes, field classes) are where damage matters; leaves hold the values. */
function candidates(doc: Document, which: Pool): Element[] {
  const all = Array.from(doc.body?.querySelectorAll('*') ?? []);
  if (which === 'any') return all;
  if (which === 'leaf') return all.filter((element) => element.childElementCount === 0 && (element.textContent ?? '').trim() !== '');
  return all.filter((element) => Array.from(element.attributes).some((attribute) => attribute.name.startsWith('data-') || /field|value|label|title/i.test(attribute.value)));
}

function pick(doc: Document, which: Pool, index: number): Element | null {
  const list = candidates(doc, which);
  return list.length ? list[index % list.length]! : null;
}

const NO_CHILDREN = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'IMG', 'BR', 'HR', 'META', 'LINK', 'SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME']);
const SHADOW_HOSTS = new Set(['ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'DIV', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'MAIN', 'NAV', 'P', 'SECTION', 'SPAN']);

function apply(doc: Document, change: Mutation): void {
  const target = pick(doc, change.pool, change.at);
  if (!target || target === doc.body) return;
  switch (change.kind) {
    case 'remove':
      target.remove();
      return;
    case 'duplicate':
      target.after(target.cloneNode(true));
      return;
    case 'move': {
      const destination = pick(doc, 'any', change.to);
      // Form controls and void elements never hold elements on a real page (the parser puts them elsewhere).
      if (destination && !target.contains(destination) && !NO_CHILDREN.has(destination.tagName)) destination.append(target);
      return;
    }
    case 'hide':
      if (change.how === 'display') (target as HTMLElement).style.display = 'none';
      else if (change.how === 'hidden') target.setAttribute('hidden', '');
      else target.setAttribute('aria-hidden', 'true');
      return;
    case 'shadow': {
      const custom = target.tagName.includes('-');
      if ((!custom && !SHADOW_HOSTS.has(target.tagName)) || target.shadowRoot) return;
      try {
        const shadow = target.attachShadow({ mode: 'open' });
        shadow.append(...Array.from(target.childNodes));
      } catch {
        // some elements refuse a shadow root; the mutation is then a no-op
      }
      return;
    }
    case 'attribute': {
      const attributes = Array.from(target.attributes);
      if (!attributes.length) return;
      const attribute = attributes[change.which % attributes.length]!;
      if (change.action === 'drop') target.removeAttribute(attribute.name);
      else if (change.action === 'garble') target.setAttribute(attribute.name, `${attribute.value.slice(0, Math.floor(attribute.value.length / 2))}${change.junk}`);
      else {
        target.removeAttribute(attribute.name);
        try {
          target.setAttribute(`${attribute.name}-renamed`, attribute.value);
        } catch {
          // not a valid attribute name; dropping it is damage enough
        }
      }
      return;
    }
    case 'text':
      target.textContent = change.text;
      return;
  }
}

/** Every text node and attribute value of the page, shadow roots included, whitespace collapsed: what a value can come from. */
function pageTexts(root: Node, out: string[] = []): string[] {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument!;
  const walker = doc.createTreeWalker(root, 1 | 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      out.push((node.nodeValue ?? '').replace(/\s+/g, ' '));
      continue;
    }
    const element = node as Element;
    for (const attribute of Array.from(element.attributes)) out.push(attribute.value.replace(/\s+/g, ' '));
    if (element.shadowRoot) pageTexts(element.shadowRoot, out);
  }
  return out;
}

/** The texts a field value says it read: its raw text, and every string inside the value. */
function textsOf(field: FieldName, value: Extract<DealSnapshot['fields'][FieldName], { state: 'value' }>): string[] {
  const strings: string[] = [];
  const walk = (item: unknown) => {
    if (typeof item === 'string') strings.push(item);
    else if (Array.isArray(item)) item.forEach(walk);
    else if (item && typeof item === 'object') Object.values(item).forEach(walk);
  };
  // The stage's canonical id and the currency code are ours, not the page's; contacts and qualification raws are summaries.
  if (field === 'stage') walk((value.value as { label: string }).label);
  else if (field === 'amount' || field === 'closeDate' || field === 'createdDate' || field === 'lastActivityDate' || field === 'lastModifiedDate') {
    // parsed values: only the raw text is the page's
  } else if (field === 'nextStep') walk((value.value as { text: string }).text);
  else walk(value.value);
  if (field !== 'contacts' && field !== 'qualification') strings.push(value.raw);
  return strings;
}

/** Words of a value that appear nowhere on the page (a clipped text ends in "…", which is ours). */
function wordsNotOnPage(snapshot: DealSnapshot, corpus: string): string[] {
  const missing: string[] = [];
  for (const field of FIELD_NAMES) {
    const value = snapshot.fields[field];
    if (value.state !== 'value') continue;
    for (const text of textsOf(field, value)) {
      for (const word of text.replace(/…$/, '').split(/\s+/).filter(Boolean)) {
        if (!corpus.includes(word)) missing.push(`${field}: "${word.slice(0, 40)}"`);
      }
    }
  }
  return missing;
}

/** A fixture as a document ready to copy: parsing is the slow part, copying about half of it. */
interface Prepared {
  fixture: Fixture;
  base: Document;
}

function prepare(fixtures: Fixture[]): Prepared[] {
  return fixtures.map((fixture) => ({ fixture, base: parsePage(fixture.html, { shadowRoots: false }) }));
}

/** A copy of the parsed page in a new document (happy-dom's Document.cloneNode keeps the old ownerDocument on the copies). */
function fresh(prepared: Prepared): Document {
  const doc = document.implementation.createHTMLDocument('');
  doc.replaceChildren(doc.importNode(prepared.base.documentElement, true));
  attachDeclarativeShadowRoots(doc);
  return doc;
}

function readDamaged(adapter: Adapter, prepared: Prepared, changes: Mutation[]): void {
  const { fixture } = prepared;
  const doc = fresh(prepared);
  for (const change of changes) apply(doc, change);
  const url = new URL(fixture.sidecar.url);
  const elementsBefore = doc.getElementsByTagName('*').length;
  const corpus = pageTexts(doc).join('\u0000');

  const result = adapter.read(doc, url, { now: new Date(fixture.sidecar.now) });
  expect(Array.isArray(result.snapshots)).toBe(true);
  for (const snapshot of result.snapshots) {
    const checked = dealSnapshotSchema.safeParse(snapshot);
    expect(checked.success, checked.success ? '' : checked.error.message).toBe(true);
    expect(snapshot.crm).toBe(adapter.id);
    const invented = wordsNotOnPage(snapshot, corpus);
    expect(invented, `${fixture.name}: ${invented.join('; ')}`).toEqual([]);
  }
  if (result.total !== undefined) expect(Number.isInteger(result.total) && result.total >= 0).toBe(true);

  // Badge anchors are looked up on the same damaged page; they must be elements of it, or null.
  for (const target of [...FIELD_NAMES, 'title' as const]) {
    const anchor = adapter.anchor(doc, result.scope, target);
    if (anchor) expect(anchor.ownerDocument).toBe(doc);
  }
  for (const snapshot of result.snapshots) {
    const anchor = adapter.rowAnchor?.(doc, result.scope, snapshot.key);
    if (anchor) expect(anchor.ownerDocument).toBe(doc);
  }
  // Reading never changes the page.
  expect(doc.getElementsByTagName('*').length).toBe(elementsBefore);
  expect(doc.querySelector('[data-deal-hygiene]')).toBeNull();
}

describe('adapters on damaged pages', () => {
  for (const adapter of adapters) {
    const hasFixtures = existsSync(join(FIXTURES_DIR, adapter.id));
    it.runIf(hasFixtures)(`${adapter.id}: record pages with random damage never throw or invent values`, () => {
      const records = prepare(listFixtures(adapter.id).filter((fixture) => fixture.sidecar.pageKind === 'record'));
      if (!records.length) return;
      checkProperty(
        'adapters',
        `${adapter.id}: damaged record pages`,
        fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 10 }), (which, changes) => readDamaged(adapter, records[which % records.length]!, changes)),
        RUNS_PER_ADAPTER_RECORD,
      );
    }, 120_000);

    it.runIf(hasFixtures)(`${adapter.id}: list and board pages with random damage never throw or invent values`, () => {
      const views = prepare(listFixtures(adapter.id).filter((fixture) => fixture.sidecar.pageKind !== 'record'));
      if (!views.length) return;
      checkProperty(
        'adapters',
        `${adapter.id}: damaged list and board pages`,
        fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 12 }), (which, changes) => readDamaged(adapter, views[which % views.length]!, changes)),
        RUNS_PER_ADAPTER_LIST,
      );
    }, 120_000);
  }

  it('salesforce: a field whose item is removed or renamed reads as "could not read" (not on page), never empty', () => {
    const acme = loadFixture('salesforce', 'record-layout-en');
    const url = new URL(acme.sidecar.url);
    const now = new Date(acme.sidecar.now);
    // Not the name: the record's title in the page header says it too, and is read when the detail item is gone.
    const apiNames: Partial<Record<FieldName, string>> = {
      amount: 'Amount',
      stage: 'StageName',
      probability: 'Probability',
      forecastCategory: 'ForecastCategoryName',
      closeDate: 'CloseDate',
      lastActivityDate: 'LastActivityDate',
      nextStep: 'NextStep',
      owner: 'OwnerId',
    };
    const cases = Object.entries(apiNames).flatMap(([field, api]) => (['remove', 'rename'] as const).map((how) => ({ field: field as FieldName, api: api!, how })));
    countCases('adapters', 'salesforce: removed or renamed field items', cases, ({ field, api, how }) => {
      const doc = parsePage(acme.html);
      for (const item of Array.from(doc.querySelectorAll(`[data-target-selection-name="sfdc:RecordField.Opportunity.${api}"]`))) {
        if (how === 'remove') item.remove();
        else item.setAttribute('data-target-selection-name', `sfdc:RecordField.Opportunity.${api}__c`);
      }
      const [snapshot] = salesforce.read(doc, url, { now }).snapshots;
      expect(snapshot!.fields[field]).toMatchObject({ state: 'unknown', code: 'not_on_page' });
      // The other fields are still read.
      expect(snapshot!.fields.closeDate.state === 'value' || field === 'closeDate').toBe(true);
    });
  });

  it('every field showing the name of an Object.prototype property ("constructor", "__proto__ 5"): no throw, valid snapshots', () => {
    const cases = adapters.flatMap((adapter) =>
      existsSync(join(FIXTURES_DIR, adapter.id))
        ? listFixtures(adapter.id)
            .filter((fixture) => fixture.sidecar.pageKind === 'record')
            .flatMap((fixture) => ['constructor', '__proto__ 5', 'hasOwnProperty'].map((text) => ({ adapter: adapter.id, fixture: fixture.name, text })))
        : [],
    );
    countCases('adapters', 'field texts naming Object.prototype properties', cases, (names) => {
      const adapter = adapters.find((candidate) => candidate.id === names.adapter)!;
      const fixture = loadFixture(adapter.id, names.fixture);
      const text = names.text;
      const url = new URL(fixture.sidecar.url);
      const now = new Date(fixture.sidecar.now);
      const doc = parsePage(fixture.html);
      // Where the page shows each value: the leaf elements whose text is a raw text the adapter read.
      const raws = new Set(adapter.read(doc, url, { now }).snapshots.flatMap((snapshot) => FIELD_NAMES.map((field) => snapshot.fields[field]).flatMap((value) => (value.state === 'value' ? [value.raw] : []))));
      const leaves = [doc, ...shadowRootsUnder(doc)].flatMap((root) => Array.from(root.querySelectorAll('*'))).filter((element) => element.childElementCount === 0 && raws.has((element.textContent ?? '').replace(/\s+/g, ' ').trim()));
      for (const leaf of leaves) leaf.textContent = text;
      const result = adapter.read(doc, url, { now });
      for (const snapshot of result.snapshots) {
        const checked = dealSnapshotSchema.safeParse(snapshot);
        expect(checked.success, checked.success ? '' : `${adapter.id} ${fixture.name}: ${checked.error.issues.map((issue) => issue.path.join('.')).join(', ')}`).toBe(true);
      }
    });
  });

  it('reports its cases', () => {
    const { report } = writeAreaReport('adapters');
    expect(report.cases).toBeGreaterThan(0);
  });
});
