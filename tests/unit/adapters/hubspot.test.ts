import { describe, expect, it } from 'vitest';
import hubspot from '../../../src/adapters/hubspot';
import salesforce from '../../../src/adapters/salesforce';
import { mapStage } from '../../../src/adapters/stage-mapping';
import { FIELD_NAMES } from '../../../src/model/deal';
import { describeAdapterFixtures } from '../../helpers/adapter-fixtures';
import { listFixtures, loadFixture, parsePage } from '../../helpers/fixtures';

describeAdapterFixtures(hubspot);

const read = (name: string) => {
  const fixture = loadFixture('hubspot', name);
  const doc = parsePage(fixture.html);
  const url = new URL(fixture.sidecar.url);
  return { doc, url, fixture, ...hubspot.read(doc, url, { now: new Date(fixture.sidecar.now) }) };
};

describe('hubspot fixtures', () => {
  it('cover an English and a German record, a record with blank and missing fields, a 25-row table and a board', () => {
    expect(listFixtures('hubspot').map((fixture) => fixture.name)).toEqual(
      expect.arrayContaining(['record-en', 'record-de', 'record-sparse', 'list-en', 'board-en-gb']),
    );
    expect(read('list-en').snapshots.length).toBeGreaterThanOrEqual(25);
  });

  it('says why each unread field is unknown with the code its sidecar names', () => {
    for (const fixture of listFixtures('hubspot')) {
      const { snapshots } = hubspot.read(parsePage(fixture.html), new URL(fixture.sidecar.url), { now: new Date(fixture.sidecar.now) });
      fixture.sidecar.snapshots.forEach((expected, index) => {
        for (const field of FIELD_NAMES) {
          const want = expected.fields[field] as { state: string; code?: string };
          const got = snapshots[index]!.fields[field];
          if (want.state === 'unknown' && want.code) expect(got.state === 'unknown' && got.code, `${fixture.name} #${index} ${field}`).toBe(want.code);
          if (got.state === 'unknown') expect(got.reason.length).toBeGreaterThan(5);
        }
      });
    }
  });
});

describe('hubspot detection', () => {
  const own: [string, 'record' | 'list' | 'board', string | null][] = [
    ['https://app.hubspot.com/contacts/4412345/record/0-3/18234567890', 'record', '18234567890'],
    ['https://app.hubspot.com/contacts/4412345/record/0-3/18234567890/', 'record', '18234567890'],
    ['https://app.hubspot.com/contacts/4412345/record/0-3/18234567890/view/1?interaction=note', 'record', '18234567890'],
    ['https://app-eu1.hubspot.com/contacts/25990011/record/0-3/9876543210', 'record', '9876543210'],
    ['https://app.hubspot.com/contacts/4412345/deal/18234567890', 'record', '18234567890'],
    ['https://app-eu1.hubspot.com/contacts/25990011/deal/9876543210/', 'record', '9876543210'],
    ['https://app.hubspot.com/contacts/4412345/objects/0-3/views/all/list', 'list', null],
    ['https://app.hubspot.com/contacts/4412345/objects/0-3/views/my/list?query=acme', 'list', null],
    ['https://app-eu1.hubspot.com/contacts/25990011/objects/0-3/views/8820117/list', 'list', null],
    ['https://app.hubspot.com/contacts/4412345/objects/0-3/views/all/board', 'board', null],
    ['https://app-eu1.hubspot.com/contacts/25990011/objects/0-3/views/8820117/board/', 'board', null],
  ];
  for (const [url, kind, recordId] of own) {
    it(`claims ${url}`, () => expect(hubspot.detect(new URL(url))).toEqual({ kind, recordId }));
  }

  const foreign = [
    // Contacts, companies, tickets and custom objects on HubSpot itself.
    'https://app.hubspot.com/contacts/4412345/record/0-1/701',
    'https://app.hubspot.com/contacts/4412345/record/0-2/9001',
    'https://app-eu1.hubspot.com/contacts/25990011/record/0-1/8801',
    'https://app.hubspot.com/contacts/4412345/contact/701',
    'https://app.hubspot.com/contacts/4412345/company/9001',
    'https://app.hubspot.com/contacts/4412345/record/0-5/123',
    'https://app.hubspot.com/contacts/4412345/record/2-1234567/55',
    'https://app.hubspot.com/contacts/4412345/objects/0-1/views/all/list',
    'https://app.hubspot.com/contacts/4412345/objects/0-2/views/all/board',
    'https://app.hubspot.com/reports-dashboard/4412345/view/123',
    'https://app.hubspot.com/contacts/4412345/objects/0-3/views/all/list/extra',
    // Look-alikes and the wrong scheme.
    'http://app.hubspot.com/contacts/4412345/record/0-3/18234567890',
    'https://app.hubspot.com.evil.example/contacts/4412345/record/0-3/18234567890',
    'https://evil.example/app.hubspot.com/contacts/4412345/record/0-3/18234567890',
    'https://knowledge.hubspot.com/contacts/4412345/record/0-3/18234567890',
    'https://www.hubspot.com/products/crm',
    // Other CRMs.
    ...salesforce.testUrls.map((testUrl) => testUrl.url),
    'https://acme.pipedrive.com/deal/42',
    'https://acme.crm4.dynamics.com/main.aspx?appid=1&pagetype=entityrecord&etn=opportunity&id=00000000-0000-0000-0000-000000000001',
    'https://crm.zoho.eu/crm/org20001234/tab/Potentials/5000000012345',
  ];
  for (const url of foreign) {
    it(`does not claim ${url}`, () => expect(hubspot.detect(new URL(url))).toBeNull());
  }

  it('covers every test URL with a match pattern', () => {
    for (const testUrl of hubspot.testUrls) {
      expect(hubspot.matches.some((pattern) => pattern === `${new URL(testUrl.url).origin}/*`)).toBe(true);
    }
  });
});

describe('hubspot record pages', () => {
  it('reads the visible record, not the earlier one HubSpot kept in the DOM, hidden', () => {
    const { doc, snapshots } = read('record-en');
    expect(doc.body.textContent).toContain('Initech – Renewal 2027');
    expect(snapshots[0]!.fields.name).toMatchObject({ state: 'value', value: 'Acme Corp – 500 seats' });
    expect(snapshots[0]!.fields.owner).toMatchObject({ state: 'value', value: 'Jane Doe' });
  });

  it('reads an unselected tab of the same record after the visible cards, but never anchors there', () => {
    const { doc, scope, snapshots } = read('record-en');
    const { nextStep, qualification } = snapshots[0]!.fields;
    expect(nextStep).toMatchObject({ state: 'value', value: { text: 'Security review call with Acme IT; send SOC 2 pack' } });
    // Decision criteria are only on the hidden Overview tab: still evidence, not a gap.
    expect(qualification.state === 'value' && qualification.value['decision-criteria']).toBe('SSO, EU data residency, rollout in under two weeks');
    expect(hubspot.anchor(doc, scope, 'nextStep')?.closest('[hidden]')).toBeNull();
    expect(hubspot.anchor(doc, scope, 'nextStep')?.closest('[data-test-id="left-sidebar"]')).not.toBeNull();
    // Forecast category is only on the hidden tab: read, but no badge goes there.
    expect(snapshots[0]!.fields.forecastCategory).toMatchObject({ state: 'value', value: 'Best case' });
    expect(hubspot.anchor(doc, scope, 'forecastCategory')).toBeNull();
    // The companies card's property list belongs to the company, not the deal.
    expect(doc.querySelector('[data-test-id="card-wrapper-ASSOCIATION_V3/0-2"] [data-selenium-test="property-input-name"]')).not.toBeNull();
    expect(snapshots[0]!.fields.name).toMatchObject({ value: 'Acme Corp – 500 seats' });
  });

  it('reads only visible cards when the page has no record layout to scope to', () => {
    const doc = parsePage(`<html lang="en-US"><body>
      <div data-card-type="PROPERTIES_V3" data-card-id="PROPERTIES_V3/0-3/V2"><ul data-selenium-test="profile-properties-list">
        <span data-test-id="dealname"><div data-deferred-property-input-root="true"><label>Deal name</label><div><span data-selenium-test="property-input-dealname">Visible deal</span></div></div></span>
      </ul></div>
      <div style="display: none"><div data-card-type="PROPERTIES_V3" data-card-id="PROPERTIES_V3/0-3/V2"><ul data-selenium-test="profile-properties-list">
        <span data-test-id="amount"><div data-deferred-property-input-root="true"><label>Amount</label><div><span data-selenium-test="property-input-amount">$1.00</span></div></div></span>
      </ul></div></div>
    </body></html>`);
    const [snapshot] = hubspot.read(doc, new URL('https://app.hubspot.com/contacts/1/record/0-3/2'), { now: new Date('2026-11-27T09:00:00Z') }).snapshots;
    expect(snapshot!.fields.name).toMatchObject({ state: 'value', value: 'Visible deal' });
    expect(snapshot!.fields.amount).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });

  it('reads the properties card rather than the abbreviated highlights strip, and falls back to the strip', () => {
    const { doc, scope } = read('record-en');
    expect(hubspot.anchor(doc, scope, 'amount')?.textContent).toBe('$480,000.00');
    const strip = parsePage(`<html lang="en-US"><body><div data-test-id="record-highlight-content">
      <h2 data-test-id="highlight-record-label">Hooli – XYZ</h2>
      <div data-test-id="highlight-property-item-amount">Amount: <span data-test-id="highlight-property-display-amount">$12,500.00</span></div>
      <div data-test-id="highlight-property-item-closedate">Close date: <span data-test-id="highlight-property-display-closedate">--</span></div>
    </div></body></html>`);
    const url = new URL('https://app.hubspot.com/contacts/1/record/0-3/2');
    const [snapshot] = hubspot.read(strip, url, { now: new Date('2026-11-27T09:00:00Z') }).snapshots;
    expect(snapshot!.fields.name).toMatchObject({ state: 'value', value: 'Hooli – XYZ' });
    expect(snapshot!.fields.amount).toMatchObject({ state: 'value', value: { value: 12500, currency: 'USD' } });
    expect(snapshot!.fields.closeDate.state).toBe('empty');
    expect(snapshot!.fields.stage).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });

  it('reads nothing before the record has rendered', () => {
    const doc = parsePage('<html lang="en"><body><div data-test-id="left-sidebar" style="display: none"></div><div class="loading">Loading…</div></body></html>');
    const [snapshot] = hubspot.read(doc, new URL('https://app.hubspot.com/contacts/1/record/0-3/2'), { now: new Date('2026-11-27T09:00:00Z') }).snapshots;
    expect(snapshot!.key).toBe('hubspot:app.hubspot.com:1/2');
    for (const field of FIELD_NAMES) expect(snapshot!.fields[field]).toMatchObject({ state: 'unknown', code: 'not_rendered' });
  });

  it('keeps hostile text as text', () => {
    const doc = parsePage(`<html lang="en-US"><body><div data-card-type="PROPERTIES_V3" data-card-id="PROPERTIES_V3/0-3/V2"><ul data-selenium-test="profile-properties-list">
      <span data-test-id="dealname"><div data-deferred-property-input-root="true"><label>Deal name</label><div><span data-selenium-test="property-input-dealname">&lt;img src=x onerror=alert(1)&gt; Evil deal</span></div></div></span>
      <span data-test-id="amount"><div data-deferred-property-input-root="true"><label>Amount</label><div><span data-selenium-test="property-input-amount">lots</span></div></div></span>
    </ul></div></body></html>`);
    const [snapshot] = hubspot.read(doc, new URL('https://app.hubspot.com/contacts/1/record/0-3/2'), { now: new Date('2026-11-27T09:00:00Z') }).snapshots;
    expect(snapshot!.fields.name).toMatchObject({ state: 'value', value: '<img src=x onerror=alert(1)> Evil deal' });
    expect(snapshot!.fields.amount).toMatchObject({ state: 'unknown', code: 'unparseable' });
    expect(doc.querySelectorAll('img')).toHaveLength(0);
  });

  it('finds anchors for the title and the fields on the page, none for fields that are not', () => {
    const { doc, scope } = read('record-en');
    const visibleLayout = (element: Element | null) => element?.closest('[data-test-id="left-sidebar"], [data-test-id="middle-pane"], [data-test-id="records-right-sidebar"]')?.parentElement;
    const title = hubspot.anchor(doc, scope, 'title');
    expect(title?.textContent).toBe('Acme Corp – 500 seats');
    expect((visibleLayout(title) as HTMLElement).style.display).not.toBe('none');
    const closeDate = hubspot.anchor(doc, scope, 'closeDate');
    expect(closeDate?.getAttribute('data-selenium-test')).toBe('property-input-closedate');
    expect(closeDate?.textContent).toBe('12/19/2026');
    expect(hubspot.anchor(doc, scope, 'owner')?.textContent).toBe('Jane Doe');
    expect(hubspot.anchor(doc, scope, 'stage')?.tagName).toBe('BUTTON');
    expect(hubspot.anchor(doc, scope, 'contacts')?.textContent).toBe('Contacts (3)');
    expect(hubspot.anchor(doc, scope, 'qualification')?.closest('[data-card-id="4773"]')).not.toBeNull();

    const sparse = read('record-sparse');
    expect(hubspot.anchor(sparse.doc, sparse.scope, 'probability')).toBeNull();
    expect(hubspot.anchor(sparse.doc, sparse.scope, 'contacts')).toBeNull();
    expect(hubspot.anchor(sparse.doc, sparse.scope, 'qualification')).toBeNull();
    expect(hubspot.anchor(sparse.doc, sparse.scope, 'amount')?.tagName).toBe('INPUT');
  });

  it('takes the contact count from a collapsed association card, and roles only from visible labels', () => {
    const { snapshots } = read('record-de');
    expect(snapshots[0]!.fields.contacts).toMatchObject({ state: 'value', value: { count: 2, roles: [] } });
  });

  it('maps the default pipeline, in English and German, onto canonical stages', () => {
    const expected: Record<string, string> = {
      'Appointment scheduled': 'prospect',
      'Qualified to buy': 'qualify',
      'Presentation scheduled': 'develop',
      'Decision maker bought-in': 'propose',
      'Contract sent': 'commit',
      'Closed won': 'won',
      'Closed lost': 'lost',
      'Termin geplant': 'prospect',
      'Für Kauf qualifiziert': 'qualify',
      'Präsentation vereinbart': 'develop',
      'Vertrag gesendet': 'commit',
      'Abgeschlossen und gewonnen': 'won',
      'Abgeschlossen und verloren': 'lost',
    };
    for (const [label, canonical] of Object.entries(expected)) expect(mapStage(label, hubspot.defaultStageMapping), label).toBe(canonical);
  });
});

describe('hubspot lists and boards', () => {
  it('reads each visible table row once, names from the record link, not the hidden view or the Preview button', () => {
    const { doc, snapshots, total } = read('list-en');
    expect(total).toBe(132);
    expect(doc.body.textContent).toContain('OLD VIEW 0');
    expect(doc.body.textContent).toContain('MEASURING ROW');
    expect(snapshots).toHaveLength(25);
    for (const snapshot of snapshots) {
      expect(snapshot.fields.name.state === 'value' && snapshot.fields.name.value).not.toMatch(/Preview|OLD VIEW|MEASURING/);
      // The row's key is the key of the deal's own record page.
      const detection = hubspot.detect(new URL(snapshot.url));
      expect(detection?.kind).toBe('record');
      const [fromRecordPage] = hubspot.read(parsePage('<html><body></body></html>'), new URL(snapshot.url), { now: new Date() }).snapshots;
      expect(fromRecordPage!.key).toBe(snapshot.key);
    }
  });

  it('puts each row badge on the visible row’s record link', () => {
    const { doc, scope, snapshots } = read('list-en');
    for (const snapshot of snapshots) {
      const anchor = hubspot.rowAnchor!(doc, scope, snapshot.key);
      expect(anchor?.tagName).toBe('A');
      expect(anchor?.getAttribute('href')).toContain(`/record/0-3/${snapshot.key.split('/').pop()}`);
      expect(anchor?.closest('[style*="display: none"]')).toBeNull();
    }
    expect(hubspot.rowAnchor!(doc, scope, 'hubspot:app.hubspot.com:4412345/17100000000')).toBeNull();
    expect(hubspot.rowAnchor!(doc, null, snapshots[3]!.key)?.textContent).toBe(
      snapshots[3]!.fields.name.state === 'value' ? snapshots[3]!.fields.name.value : '',
    );
  });

  it('reads the board’s rendered cards with their column’s stage, and the total from the column counts', () => {
    const { doc, snapshots, total } = read('board-en-gb');
    expect(total).toBe(105);
    expect(snapshots.length).toBeLessThan(total!);
    expect(doc.body.textContent).toContain('DRAG PREVIEW');
    expect(snapshots.map((snapshot) => (snapshot.fields.name.state === 'value' ? snapshot.fields.name.value : ''))).not.toContain('DRAG PREVIEW');
    expect(snapshots.some((snapshot) => snapshot.key.endsWith('/999000111'))).toBe(false);
  });

  it('gives no board total when a column does not show its count', () => {
    const fixture = loadFixture('hubspot', 'board-en-gb');
    const doc = parsePage(fixture.html);
    doc.querySelector('[data-test-id="cdb-column-count"]')!.remove();
    expect(hubspot.read(doc, new URL(fixture.sidecar.url), { now: new Date(fixture.sidecar.now) }).total).toBeUndefined();
  });

  it('puts each card badge on the card title', () => {
    const { doc, scope, snapshots } = read('board-en-gb');
    for (const snapshot of snapshots) {
      const anchor = hubspot.rowAnchor!(doc, scope, snapshot.key);
      expect(anchor?.getAttribute('data-test-id')).toBe('board-card-section-title-link');
      expect(anchor?.closest('[aria-hidden="true"]')).toBeNull();
    }
  });
});
