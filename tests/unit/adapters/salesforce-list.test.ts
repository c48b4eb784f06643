import { describe, expect, it, vi } from 'vitest';
import salesforce from '../../../src/adapters/salesforce';
import { dealSnapshotSchema, type DealSnapshot } from '../../../src/model/deal';
import { textOf } from '../../../src/read/dom';
import { loadFixture, parsePage } from '../../helpers/fixtures';

const NOW = new Date('2026-11-27T09:00:00Z');

// Parsing a saved page is the slow part in happy-dom: tests that only read share one parse per fixture; tests that
// change the page take a fresh one.
function freshFixture(name: string) {
  const fixture = loadFixture('salesforce', name);
  const doc = parsePage(fixture.html);
  const url = new URL(fixture.sidecar.url);
  const result = salesforce.read(doc, url, { now: new Date(fixture.sidecar.now) });
  return { fixture, doc, url, result };
}
const shared = new Map<string, ReturnType<typeof freshFixture>>();
function readFixture(name: string) {
  if (!shared.has(name)) shared.set(name, freshFixture(name));
  return shared.get(name)!;
}

const idOf = (snapshot: DealSnapshot) => snapshot.key.split(':').pop()!;
const field = (snapshot: DealSnapshot | undefined, name: keyof DealSnapshot['fields']) => snapshot!.fields[name];

/** A page with one active Lightning view holding `body`. */
function page(body: string, lang = 'en-US'): Document {
  return parsePage(`<html lang="${lang}"><body><div class="windowViewMode-normal oneContent active">${body}</div></body></html>`);
}

const LIST_URL = new URL('https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=AllOpportunities');

describe('salesforce list and board detection', () => {
  it('takes every Opportunity list view URL as a list (the display, table or Kanban, is not in the URL)', () => {
    for (const href of [
      'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=Recent',
      'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=00B5g00000KbNrTEAV&0.source=alohaHeader',
      'https://acme.lightning.force.com/lightning/o/Opportunity/list',
    ]) {
      expect(salesforce.detect(new URL(href))).toEqual({ kind: 'list', recordId: null });
    }
  });

  it('claims no other object’s list and keeps record detection as it was', () => {
    expect(salesforce.detect(new URL('https://acme.lightning.force.com/lightning/o/Account/list?filterName=Recent'))).toBeNull();
    expect(salesforce.detect(new URL('https://acme.lightning.force.com/lightning/o/Opportunity/new'))).toBeNull();
    expect(salesforce.detect(new URL('http://acme.lightning.force.com/lightning/o/Opportunity/list'))).toBeNull();
    expect(salesforce.detect(new URL('https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view'))).toEqual({
      kind: 'record',
      recordId: '0065g00000AcmeQ',
    });
  });
});

describe('salesforce list view reading', { timeout: 30_000 }, () => {
  it('reads one valid snapshot per row of the active view, keyed by the 15-character id, linking to the deal', () => {
    const { result, fixture } = readFixture('list-en');
    expect(result.snapshots).toHaveLength(30);
    for (const snapshot of result.snapshots) {
      expect(() => dealSnapshotSchema.parse(snapshot)).not.toThrow();
      expect(idOf(snapshot)).toMatch(/^006[A-Za-z0-9]{12}$/);
      expect(snapshot.url).toBe(`https://acme.lightning.force.com/lightning/r/Opportunity/${idOf(snapshot)}/view`);
      expect(snapshot.capturedAt).toBe(fixture.sidecar.now);
    }
    expect(result.total).toBe(30);
  });

  it('ignores the earlier list view Lightning keeps in the DOM, hidden', () => {
    const { doc, result } = readFixture('list-en');
    // The hidden "Recently Viewed" list has stale values for Acme and a count of 3.
    expect(doc.body.textContent).toContain('3 items • Updated 12 minutes ago');
    const acme = result.snapshots.find((snapshot) => idOf(snapshot) === '0065g00000AcmeQ');
    expect(field(acme, 'amount')).toMatchObject({ state: 'value', value: { value: 480000, currency: 'USD' } });
    expect(field(acme, 'stage')).toMatchObject({ state: 'value', value: { label: 'Proposal/Price Quote', canonical: 'propose' } });
    expect(result.snapshots.filter((snapshot) => idOf(snapshot) === '0065g00000AcmeQ')).toHaveLength(1);
    expect(result.total).toBe(30);
    expect(result.scope?.classList.contains('active')).toBe(true);
  });

  it('says why each field it did not read is unknown: not a column, only the owner alias, never in lists', () => {
    const en = readFixture('list-en').result.snapshots[0]!;
    expect(en.fields.createdDate).toMatchObject({ state: 'unknown', code: 'not_on_page' });
    expect(en.fields.forecastCategory).toMatchObject({ state: 'unknown', code: 'not_on_page', reason: expect.stringContaining('not a column') });
    expect(en.fields.contacts).toMatchObject({ state: 'unknown', code: 'not_supported' });
    expect(en.fields.qualification).toMatchObject({ state: 'unknown', code: 'not_supported' });
    const da = readFixture('list-da').result.snapshots[0]!;
    expect(da.fields.owner).toMatchObject({ state: 'unknown', code: 'not_on_page', reason: expect.stringContaining('alias') });
    expect(da.fields.nextStep).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });

  it('tells a blank cell (empty) from a missing column (unknown)', () => {
    const { result } = readFixture('list-en');
    const cyberdyne = result.snapshots.find((snapshot) => idOf(snapshot) === '0065g00000Hq6Rc');
    expect(field(cyberdyne, 'amount').state).toBe('empty');
    expect(field(cyberdyne, 'nextStep').state).toBe('empty');
    expect(field(cyberdyne, 'lastActivityDate').state).toBe('empty');
    expect(field(cyberdyne, 'createdDate').state).toBe('unknown');
  });

  it('reads a column by its field name when an admin renamed its label (Danish, div grid in shadow roots)', () => {
    const { doc, result } = readFixture('list-da');
    const header = doc.querySelector('lightning-datatable')!.shadowRoot!.querySelector('[data-col-key-value^="Amount-"]')!;
    expect(header.getAttribute('aria-label')).toBe('Kontraktværdi');
    expect(field(result.snapshots[0], 'amount')).toMatchObject({ state: 'value', value: { value: 1250000, currency: 'DKK' } });
    // Multi-currency: the converted amount in brackets is dropped, the deal's own currency kept.
    const vestkyst = result.snapshots.find((snapshot) => idOf(snapshot) === '0067Q00000Nd4Gh');
    expect(field(vestkyst, 'amount')).toMatchObject({ state: 'value', value: { value: 85000, currency: 'EUR' } });
    expect(field(vestkyst, 'lastModifiedDate')).toMatchObject({ state: 'value', value: '2026-11-25' });
  });

  it('gives no total when the list says only "50+" (more rows load on scrolling), and reads exact counts in any locale', () => {
    const { fixture, result } = readFixture('list-da');
    expect(result.total).toBeUndefined();
    const exact = parsePage(fixture.html.replace('50+ elementer', '1.234 elementer'));
    expect(salesforce.read(exact, new URL(fixture.sidecar.url), { now: NOW }).total).toBe(1234);
    const en = readFixture('list-en').fixture;
    const more = parsePage(en.html.replace('30 items • Sorted by Close Date', '50+ items • Sorted by Close Date'));
    const read = salesforce.read(more, new URL(en.sidecar.url), { now: NOW });
    expect(read.total).toBeUndefined();
    expect(read.snapshots).toHaveLength(30);
  });

  it('ignores a hidden Kanban display kept in the view and reads the table the user sees', () => {
    const { doc, result } = readFixture('list-da');
    expect(doc.querySelector('.active .forceKanbanColumn')).not.toBeNull();
    expect(result.snapshots).toHaveLength(12);
    expect(field(result.snapshots[0], 'stage')).toMatchObject({ state: 'value', value: { label: 'Værdiforslag' } });
    expect(field(result.snapshots[0], 'amount')).not.toMatchObject({ value: { value: 999000 } });
  });

  it('reads an older Aura list grid: no row keys, labels from header text, ids from the name links', () => {
    const doc = page(`
      <span class="countSortedByFilteredBy">2 items • Sorted by Close Date</span>
      <div class="forceListViewManagerGrid"><table class="slds-table forceRecordLayout">
        <thead><tr><th scope="col"><span class="slds-assistive-text">Sort</span><span title="Opportunity Name">Opportunity Name</span></th>
          <th scope="col"><span title="Account Name">Account Name</span></th><th scope="col"><span>Close Date</span></th><th scope="col"><span>Stage</span></th></tr></thead>
        <tbody>
          <tr><th scope="row"><a href="/lightning/r/0065g00000Aura1AAA/view" data-recordid="0065g00000Aura1AAA">Aura One</a></th>
            <td><a href="/lightning/r/0015g00000AccntAAA/view" data-recordid="0015g00000AccntAAA">Acme</a></td><td><span class="uiOutputDate">12/1/2026</span></td><td>Prospecting</td></tr>
          <tr><th scope="row"><a href="/lightning/r/Opportunity/0065g00000Aura2AAA/view">Aura Two</a></th>
            <td></td><td><span class="uiOutputDate">1/5/2027</span></td><td>Closed Won</td></tr>
          <tr><th scope="row"><a href="/lightning/r/Account/0015g00000OtherAAA/view">Not a deal</a></th><td></td><td></td><td></td></tr>
        </tbody></table></div>`);
    const { snapshots, total } = salesforce.read(doc, LIST_URL, { now: NOW });
    expect(snapshots.map(idOf)).toEqual(['0065g00000Aura1', '0065g00000Aura2']);
    expect(total).toBe(2);
    expect(snapshots[0]!.fields.name).toMatchObject({ state: 'value', value: 'Aura One' });
    expect(snapshots[0]!.fields.closeDate).toMatchObject({ state: 'value', value: '2026-12-01' });
    expect(snapshots[1]!.fields.stage).toMatchObject({ state: 'value', value: { label: 'Closed Won', canonical: 'won' } });
    expect(snapshots[1]!.fields.amount).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });

  it('reads nothing, without error, from a list that has not rendered yet', () => {
    const doc = page('<div class="forceListViewManager"><div class="slds-spinner_container">Loading…</div></div>');
    expect(salesforce.read(doc, LIST_URL, { now: NOW })).toMatchObject({ snapshots: [] });
    expect(salesforce.read(doc, LIST_URL, { now: NOW }).total).toBeUndefined();
  });

  it('keeps hostile cell text as text', () => {
    const doc = page(`<table role="grid"><thead><tr><th scope="col" aria-label="Opportunity Name"></th><th scope="col" aria-label="Next Step"></th></tr></thead>
      <tbody><tr data-row-key-value="0065g00000EvilXAAQ"><th scope="row" data-label="Opportunity Name">&lt;img src=x onerror=alert(1)&gt;</th><td data-label="Next Step">&lt;script&gt;x()&lt;/script&gt;</td></tr></tbody></table>`);
    const [snapshot] = salesforce.read(doc, LIST_URL, { now: NOW }).snapshots;
    expect(snapshot!.fields.name).toMatchObject({ state: 'value', value: '<img src=x onerror=alert(1)>' });
    expect(snapshot!.fields.nextStep).toMatchObject({ state: 'value', value: { text: '<script>x()</script>' } });
    expect(doc.querySelector('img, script')).toBeNull();
  });
});

describe('salesforce Kanban reading', { timeout: 30_000 }, () => {
  it('reads one snapshot per rendered card; total is the sum of the column header counts', () => {
    const { doc, result } = readFixture('kanban-en');
    const columns = Array.from(doc.querySelectorAll('.active .forceKanbanColumn'));
    expect(columns.length).toBeGreaterThanOrEqual(4);
    const counts = columns.map((column) => Number(/\((\d+)\)/.exec(column.querySelector('.forceKanbanColumnHeader')!.textContent!)![1]));
    const rendered = columns.map((column) => column.querySelectorAll('.forceKanbanCard').length);
    expect(rendered.every((n, i) => n <= counts[i]!)).toBe(true);
    expect(rendered.filter((n) => n === 12).length).toBeGreaterThanOrEqual(4);
    expect(result.total).toBe(counts.reduce((a, b) => a + b, 0));
    expect(result.total).toBe(127);
    expect(result.snapshots).toHaveLength(rendered.reduce((a, b) => a + b, 0));
    expect(result.snapshots.length).toBeLessThan(result.total!);
  });

  it('takes each card’s stage from its column; cards show few fields, the rest is unknown (not on the page)', () => {
    const { result } = readFixture('kanban-en');
    const stages = new Set(result.snapshots.map((snapshot) => (snapshot.fields.stage.state === 'value' ? snapshot.fields.stage.value.label : null)));
    expect([...stages]).toEqual(['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review']);
    for (const snapshot of result.snapshots) {
      expect(snapshot.fields.closeDate.state).toBe('value');
      expect(snapshot.fields.owner.state).toBe('value');
      for (const name of ['probability', 'nextStep', 'lastModifiedDate', 'lastActivityDate', 'forecastCategory', 'createdDate'] as const) {
        expect(snapshot.fields[name]).toMatchObject({ state: 'unknown', code: 'not_on_page' });
      }
    }
  });

  it('ignores the earlier table display of the same view, hidden in the DOM', () => {
    const { doc, result } = readFixture('kanban-en');
    const hiddenRow = doc.querySelector('.windowViewMode-normal:not(.active) tr[data-row-key-value]')!;
    const id = hiddenRow.getAttribute('data-row-key-value')!.slice(0, 15);
    const card = result.snapshots.find((snapshot) => idOf(snapshot) === id);
    expect(field(card, 'stage')).toMatchObject({ state: 'value', value: { label: 'Proposal/Price Quote', canonical: 'propose' } });
    expect(field(card, 'amount')).not.toMatchObject({ value: { value: 1 } });
  });

  it('gives no total when a column header gives no exact count', () => {
    const { fixture } = readFixture('kanban-en');
    const url = new URL(fixture.sidecar.url);
    const noCount = parsePage(fixture.html.replace('<span class="slds-text-body_small slds-text-color_weak columnCount">(7)</span>', ''));
    expect(salesforce.read(noCount, url, { now: NOW }).total).toBeUndefined();
    const capped = parsePage(fixture.html.replace('columnCount">(41)', 'columnCount">(200+)'));
    expect(salesforce.read(capped, url, { now: NOW }).total).toBeUndefined();
  });

  it('does not read a column as the stage when the board is grouped by something else', () => {
    const column = (title: string, id: string) => `<div class="forceKanbanColumn"><div class="forceKanbanColumnHeader"><h2 title="${title}">${title}</h2><span>(3)</span></div>
      <ul><li class="forceKanbanCard" data-recordid="${id}"><h3><a href="/lightning/r/Opportunity/${id}/view">Deal ${id}</a></h3>
      <ul><li><span class="slds-assistive-text">Stage</span>Qualification</li><li><span class="slds-assistive-text">Amount</span>$5,000.00</li></ul></li></ul></div>`;
    const doc = page(`<div class="forceKanbanBoard">${column('Pipeline', '0065g00000Fc001AAA')}${column('Best Case', '0065g00000Fc002AAA')}</div>`);
    const { snapshots, total } = salesforce.read(doc, LIST_URL, { now: NOW });
    expect(total).toBe(6);
    // The stage is a field on these cards: read from the card, not from the forecast-category column.
    expect(snapshots[0]!.fields.stage).toMatchObject({ state: 'value', value: { label: 'Qualification' } });
    const withoutStageField = page(`<div class="forceKanbanBoard">${column('Pipeline', '0065g00000Fc001AAA').replace('<li><span class="slds-assistive-text">Stage</span>Qualification</li>', '')}</div>`);
    expect(salesforce.read(withoutStageField, LIST_URL, { now: NOW }).snapshots[0]!.fields.stage).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });
});

describe('salesforce row anchors', { timeout: 30_000 }, () => {
  for (const fixtureName of ['list-en', 'list-da', 'kanban-en']) {
    it(`${fixtureName}: finds each row's or card's anchor, in the active view, naming the deal`, () => {
      const { doc, result } = readFixture(fixtureName);
      expect(result.snapshots.length).toBeGreaterThan(0);
      for (const snapshot of result.snapshots) {
        const anchor = salesforce.rowAnchor!(doc, result.scope, snapshot.key);
        expect(anchor, snapshot.key).not.toBeNull();
        const name = snapshot.fields.name.state === 'value' ? snapshot.fields.name.value : '';
        expect(textOf(anchor)).toContain(name);
        // Inside the active view (across the datatable's shadow root where there is one).
        let host: Node = anchor!;
        while (host.getRootNode() instanceof ShadowRoot) host = (host.getRootNode() as ShadowRoot).host;
        expect((host as Element).closest('.windowViewMode-normal.active')).not.toBeNull();
        if (fixtureName.startsWith('kanban')) expect(anchor!.closest('.forceKanbanCard')).not.toBeNull();
      }
    });
  }

  it('anchors a row on its name cell, a card on its title', () => {
    const en = readFixture('list-en');
    const first = salesforce.rowAnchor!(en.doc, en.result.scope, en.result.snapshots[0]!.key)!;
    expect(first.tagName).toBe('TH');
    expect(first.getAttribute('data-label')).toBe('Opportunity Name');
    const da = readFixture('list-da');
    const cell = salesforce.rowAnchor!(da.doc, da.result.scope, da.result.snapshots[0]!.key)!;
    expect(cell.getAttribute('role')).toBe('rowheader');
    expect(cell.getRootNode()).toBeInstanceOf(ShadowRoot);
    const board = readFixture('kanban-en');
    const title = salesforce.rowAnchor!(board.doc, board.result.scope, board.result.snapshots[0]!.key)!;
    expect(title.tagName).toBe('H3');
  });

  it('finds no anchor for a deal that is not on the page, and never one in a hidden view', () => {
    const { doc, result } = readFixture('list-en');
    expect(salesforce.rowAnchor!(doc, result.scope, 'salesforce:acme.lightning.force.com:0065g00000ZzZzZ')).toBeNull();
    // The hidden table of the Kanban page has a row for a deal that is also a card on the board: the card is the anchor.
    const board = readFixture('kanban-en');
    const hiddenRow = board.doc.querySelector('.windowViewMode-normal:not(.active) tr[data-row-key-value]')!;
    const anchor = salesforce.rowAnchor!(board.doc, board.result.scope, `salesforce:umbrella.lightning.force.com:${hiddenRow.getAttribute('data-row-key-value')!.slice(0, 15)}`);
    expect(anchor?.closest('.windowViewMode-normal.active .forceKanbanCard')).toBeTruthy();
    expect(hiddenRow.contains(anchor)).toBe(false);
    // Without a scope, the active view is found the same way.
    expect(salesforce.rowAnchor!(board.doc, null, board.result.snapshots[0]!.key)).toBe(salesforce.rowAnchor!(board.doc, board.result.scope, board.result.snapshots[0]!.key));
  });

  it('checks only the asked row: one changed row does not make every other row read the view again', () => {
    const { doc, result } = freshFixture('list-en');
    const scope = result.scope!;
    const removed = result.snapshots.at(-1)!;
    doc.querySelector(`.active tr[data-row-key-value^="${idOf(removed)}"]`)!.remove();
    // Reading the view queries the scope; answering from what read() remembered does not.
    const viewReads = vi.spyOn(scope, 'querySelectorAll');
    for (const snapshot of result.snapshots.slice(0, -1)) expect(salesforce.rowAnchor!(doc, scope, snapshot.key), snapshot.key).not.toBeNull();
    expect(viewReads).not.toHaveBeenCalled();
    // The removed row's deal is no longer remembered as shown: the view is read again, and it is not found.
    expect(salesforce.rowAnchor!(doc, scope, removed.key)).toBeNull();
    expect(viewReads).toHaveBeenCalled();
    viewReads.mockRestore();
  });

  it('follows the page when rows are re-rendered or removed after the read', () => {
    const { doc, result } = freshFixture('list-en');
    const [first, second] = result.snapshots;
    const row = doc.querySelector(`.active tr[data-row-key-value^="${idOf(first!)}"]`)!;
    const copy = row.cloneNode(true) as Element;
    row.replaceWith(copy);
    const anchor = salesforce.rowAnchor!(doc, result.scope, first!.key);
    expect(anchor?.isConnected).toBe(true);
    expect(copy.contains(anchor!)).toBe(true);
    doc.querySelector(`.active tr[data-row-key-value^="${idOf(second!)}"]`)!.remove();
    expect(salesforce.rowAnchor!(doc, result.scope, second!.key)).toBeNull();
    // A virtualised row reused for another deal no longer anchors the first one.
    copy.setAttribute('data-row-key-value', '0065g00000ReusdAAA');
    expect(salesforce.rowAnchor!(doc, result.scope, first!.key)).toBeNull();
  });
});
