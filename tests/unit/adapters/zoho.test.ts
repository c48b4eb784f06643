import { describe, expect, it } from 'vitest';
import zoho, { numericDateLocale } from '../../../src/adapters/zoho';
import { mapStage } from '../../../src/adapters/stage-mapping';
import { dealSnapshotSchema, FIELD_NAMES, type FieldName } from '../../../src/model/deal';
import { describeAdapterFixtures } from '../../helpers/adapter-fixtures';
import { loadFixture, parsePage } from '../../helpers/fixtures';

describeAdapterFixtures(zoho);

const NOW = new Date('2026-11-27T09:00:00Z');

function readFixture(name: string, url?: string) {
  const fixture = loadFixture('zoho', name);
  const doc = parsePage(fixture.html);
  const result = zoho.read(doc, new URL(url ?? fixture.sidecar.url), { now: new Date(fixture.sidecar.now) });
  return { fixture, doc, result };
}

function stateOf(name: string, field: FieldName, url?: string): string {
  const value = readFixture(name, url).result.snapshots[0]!.fields[field];
  return value.state === 'unknown' ? `unknown:${value.code}` : value.state;
}

describe('zoho detection', () => {
  const own: [string, 'record' | 'list', string | null][] = [
    ['https://crm.zoho.com/crm/org712345678/tab/Potentials/5725767000001234567', 'record', '5725767000001234567'],
    ['https://crm.zoho.eu/crm/org20098981754/tab/Potentials/718479000004456001?sub_module=Deals', 'record', '718479000004456001'],
    ['https://crm.zoho.in/crm/org60043078423/tab/Potentials/955332000004403609/', 'record', '955332000004403609'],
    ['https://crm.zoho.com.au/crm/org7004062519/tab/Potentials/691602767000000123', 'record', '691602767000000123'],
    ['https://crm.zoho.jp/crm/org90001234/tab/Potentials/400012000000123001', 'record', '400012000000123001'],
    ['https://crm.zoho.com/crm/tab/Potentials/5725767000001234567', 'record', '5725767000001234567'],
    ['https://crm.zoho.in/crm/org60043078423/tab/Potentials/custom-view/955332000000441430/list?page=2', 'list', null],
    ['https://crm.zoho.com.au/crm/org7004062519/tab/Potentials/custom-view/691602767000000087/list', 'list', null],
    ['https://crm.zoho.eu/crm/org20098981754/tab/Potentials', 'list', null],
  ];
  for (const [url, kind, recordId] of own) {
    it(`claims ${url}`, () => expect(zoho.detect(new URL(url))).toEqual({ kind, recordId }));
  }

  const foreign = [
    // Other Zoho modules and pages
    'https://crm.zoho.com/crm/org712345678/tab/Leads/5725767000001234567',
    'https://crm.zoho.eu/crm/org20098981754/tab/Contacts/718479000000988101',
    'https://crm.zoho.in/crm/org60043078423/tab/Leads/custom-view/955332000000441001/list',
    'https://crm.zoho.in/crm/org60043078423/tab/Contacts/custom-view/955332000000441002/list',
    'https://crm.zoho.com/crm/org712345678/tab/Accounts/5725767000000987001',
    'https://crm.zoho.com/crm/org712345678/tab/Potentials/create?layoutId=5725767000000091055',
    'https://crm.zoho.eu/crm/org20098981754/tab/Potentials/custom-view/718479000000031011/kanban?pipeline=718479000000517061',
    'https://crm.zoho.com/crm/org712345678/tab/Home/begin',
    // Not Zoho CRM, look-alikes, plain http
    'http://crm.zoho.com/crm/org712345678/tab/Potentials/5725767000001234567',
    'https://crm.zoho.com.evil.example/crm/org712345678/tab/Potentials/5725767000001234567',
    'https://evil.example/crm.zoho.com/crm/org712345678/tab/Potentials/5725767000001234567',
    'https://desk.zoho.com/crm/org712345678/tab/Potentials/5725767000001234567',
    'https://www.zoho.com/crm/help/opportunities/standard-fields.html',
    // Other CRMs
    'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view',
    'https://app.hubspot.com/contacts/123456/record/0-3/987654321',
    'https://acme.pipedrive.com/deal/42',
    'https://acme.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=6b7a0c1e-0000-0000-0000-000000000001',
  ];
  for (const url of foreign) {
    it(`does not claim ${url}`, () => expect(zoho.detect(new URL(url))).toBeNull());
  }

  it('has a match pattern for every data centre it detects', () => {
    for (const host of ['crm.zoho.com', 'crm.zoho.eu', 'crm.zoho.in', 'crm.zoho.com.au', 'crm.zoho.jp']) {
      expect(zoho.matches).toContain(`https://${host}/*`);
    }
  });
});

describe('zoho record pages', () => {
  it('reads the active record, not the earlier one of the same layout kept hidden in the DOM', () => {
    const { doc, result } = readFixture('record-en');
    expect(doc.body.textContent).toContain('Initech - Pilot');
    const fields = result.snapshots[0]!.fields;
    expect(fields.name).toMatchObject({ state: 'value', value: 'Acme Corp - 500 Seats' });
    expect(fields.closeDate).toMatchObject({ state: 'value', value: '2026-11-28' });
    expect(result.scope?.getAttribute('style')).toBeNull();
  });

  it('reads a record whose view still shows another record as unknown, not as that record', () => {
    // The URL already names the earlier record; the visible view is still Acme's.
    const { result } = readFixture('record-en', 'https://crm.zoho.com/crm/org712345678/tab/Potentials/5725767000001111111');
    const snapshot = result.snapshots[0]!;
    expect(snapshot.key).toBe('zoho:crm.zoho.com:5725767000001111111');
    expect(() => dealSnapshotSchema.parse(snapshot)).not.toThrow();
    for (const field of FIELD_NAMES) expect(snapshot.fields[field]).toMatchObject({ state: 'unknown', code: 'not_rendered' });
  });

  it('says why each unread field is unknown', () => {
    expect(stateOf('record-missing-blank', 'probability')).toBe('unknown:not_on_page');
    expect(stateOf('record-missing-blank', 'createdDate')).toBe('unknown:not_on_page');
    expect(stateOf('record-en', 'lastActivityDate')).toBe('unknown:not_on_page');
    expect(stateOf('record-da', 'forecastCategory')).toBe('unknown:not_on_page');
    // Shown and blank is empty, not unknown: "-None-" is Zoho's blank picklist.
    expect(stateOf('record-missing-blank', 'amount')).toBe('empty');
    expect(stateOf('record-missing-blank', 'qualification')).toBe('empty');
  });

  it('reads every field as unknown while the record has not rendered', () => {
    const doc = parsePage('<html lang="en"><body><crm-detailview><div class="cxDetailLoadingDiv"></div></crm-detailview></body></html>');
    const [snapshot] = zoho.read(doc, new URL('https://crm.zoho.com/crm/org1/tab/Potentials/5725767000001234567'), { now: NOW }).snapshots;
    for (const field of FIELD_NAMES) expect(snapshot!.fields[field]).toMatchObject({ state: 'unknown', code: 'not_rendered' });
  });

  it('turns garbage into unknown with a reason, never a wrong value', () => {
    const row = (column: string, label: string, value: string, id: string) =>
      `<div class="cxDvBcInfoFormRow"><div id="field_label_${id}" data-zcqa="dtVw_lbl_${column}">${label}</div><div id="field_${id}" class="dvValueContainer">${value}</div></div>`;
    const doc = parsePage(
      `<html lang="en"><body><crm-detailview><crux-detailpage-wrapper cx-prop-entity-id="5725767000001234567">${row('AMOUNT', 'Amount', 'about a million', '1')}${row('CLOSINGDATE', 'Closing Date', '31/02/2026', '2')}${row('PROBABILITY', 'Probability (%)', '250', '3')}${row('POTENTIALNAME', 'Deal Name', '&lt;img src=x onerror=alert(1)&gt;', '4')}</crux-detailpage-wrapper></crm-detailview></body></html>`,
    );
    const [snapshot] = zoho.read(doc, new URL('https://crm.zoho.com/crm/org1/tab/Potentials/5725767000001234567'), { now: NOW }).snapshots;
    expect(() => dealSnapshotSchema.parse(snapshot)).not.toThrow();
    for (const field of ['amount', 'closeDate', 'probability'] as const) expect(snapshot!.fields[field]).toMatchObject({ state: 'unknown', code: 'unparseable' });
    expect(snapshot!.fields.name).toMatchObject({ state: 'value', value: '<img src=x onerror=alert(1)>' });
    expect(doc.querySelector('img')).toBeNull();
    // Neither Contact Name nor Contact Roles: contacts cannot be read.
    expect(snapshot!.fields.contacts).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });

  it('counts the deal’s Contact Name once more when it is not among its contact roles', () => {
    const fixture = loadFixture('zoho', 'record-en');
    const html = fixture.html.replace(/(data-zcqa="dtVw_lbl_CONTACTID"[\s\S]*?data-zcqa="value_Contact Name">)Dana Whitfield/, '$1Ravi Menon');
    const [snapshot] = zoho.read(parsePage(html), new URL(fixture.sidecar.url), { now: NOW }).snapshots;
    expect(snapshot!.fields.contacts).toMatchObject({ state: 'value', value: { count: 4 } });
  });

  it('finds anchors in the active view: title, field values (not the business card), shadow-root sections; none for absent fields', () => {
    const { doc, result } = readFixture('record-en');
    const { scope } = result;
    expect(zoho.anchor(doc, scope, 'title')?.textContent).toContain('Acme Corp - 500 Seats');
    const closeDate = zoho.anchor(doc, scope, 'closeDate');
    expect(closeDate?.textContent?.trim()).toBe('11/28/2026');
    expect(closeDate?.id).toBe('field_5725767000000002571');
    expect(closeDate?.closest('crm-detailview')).toBe(scope);
    expect(zoho.anchor(doc, scope, 'createdDate')?.id).toBe('field_5725767000000002583');
    expect(zoho.anchor(doc, scope, 'contacts')?.textContent).toBe('Contact Roles');
    const qualification = zoho.anchor(doc, scope, 'qualification');
    expect(qualification?.getRootNode()).toBeInstanceOf(ShadowRoot);
    expect(zoho.anchor(doc, scope, 'lastActivityDate')).toBeNull();

    const missing = readFixture('record-missing-blank');
    expect(zoho.anchor(missing.doc, missing.result.scope, 'probability')).toBeNull();
    expect(zoho.anchor(missing.doc, missing.result.scope, 'contacts')?.id).toBe('field_5725767000000002567');
  });

  it('reads a very large page (20,000 extra nodes, 40 earlier records kept hidden) without error', () => {
    const fixture = loadFixture('zoho', 'record-en');
    const noise = Array.from({ length: 4000 }, (_, i) => `<div class="_n${i}"><span>row ${i}</span><i></i><b>${i}</b><em></em></div>`).join('');
    const earlier = fixture.html.match(/<crm-detailview[^>]*style="display: none;"[\s\S]*?<\/crm-detailview>/)![0];
    const html = fixture.html.replace('<div id="maincontent"', `<div class="noise">${noise}</div>${earlier.repeat(40)}<div id="maincontent"`);
    const doc = parsePage(html);
    expect(doc.querySelectorAll('*').length).toBeGreaterThan(20_000);
    const [snapshot] = zoho.read(doc, new URL(fixture.sidecar.url), { now: NOW }).snapshots;
    expect(snapshot!.fields.closeDate).toMatchObject({ state: 'value', value: '2026-11-28' });
    expect(snapshot!.fields.amount).toMatchObject({ state: 'value', value: { value: 480000 } });
  }, 30_000); // parsing the page takes most of it; other suites load the machine

  it('finds anchors without a scope, in the visible view', () => {
    const { doc } = readFixture('record-en');
    expect(zoho.anchor(doc, null, 'amount')?.closest('crm-detailview')?.getAttribute('style')).toBeNull();
  });
});

describe('zoho list pages', () => {
  it('reads one snapshot per visible row, skips the hidden row and the hidden list of another module', () => {
    const { doc, result } = readFixture('list-en-in');
    expect(result.snapshots).toHaveLength(30);
    expect(result.total).toBe(132);
    expect(doc.body.textContent).toContain('Deleted Draft Deal');
    expect(result.snapshots.map((snapshot) => snapshot.fields.name)).not.toContainEqual(expect.objectContaining({ value: 'Deleted Draft Deal' }));
    expect(result.snapshots[0]!.url).toBe('https://crm.zoho.in/crm/org60043078423/tab/Potentials/955332000004403609');
  });

  it('reads dates in the user’s day-first format on an English page', () => {
    const { result } = readFixture('list-en-in');
    // "04/12/2026" would be April 12 in US English: the page's other dates prove day-first.
    expect(result.snapshots[1]!.fields.closeDate).toMatchObject({ state: 'value', value: '2026-12-04' });
  });

  it('leaves total undefined while Zoho has not counted the view', () => {
    const fixture = loadFixture('zoho', 'list-en-in');
    const html = fixture.html.replace('cxLvRecordCount">132<', 'cxLvRecordCount">###<');
    expect(zoho.read(parsePage(html), new URL(fixture.sidecar.url), { now: NOW }).total).toBeUndefined();
  });

  it('finds each row’s anchor, the deal-name cell, by the snapshot key', () => {
    const { doc, result } = readFixture('list-en-in');
    for (const snapshot of [result.snapshots[0]!, result.snapshots[29]!]) {
      const cell = zoho.rowAnchor!(doc, result.scope, snapshot.key);
      expect(cell?.localName).toBe('lyte-exptable-td');
      expect(cell?.textContent).toBe(snapshot.fields.name.state === 'value' ? snapshot.fields.name.value : '');
    }
    expect(zoho.rowAnchor!(doc, result.scope, 'zoho:crm.zoho.in:955332000004249999')).toBeNull();
    expect(zoho.rowAnchor!(doc, result.scope, 'zoho:crm.zoho.in:1')).toBeNull();
    expect(zoho.rowAnchor!(doc, null, result.snapshots[3]!.key)?.textContent).toBe('Baskar Logistics Fleet');
  });

  it('reads nothing from a list of another module left visible while the URL already names Deals', () => {
    const doc = parsePage(
      '<html lang="en"><body><crux-list-view cx-prop-module="Leads"><lyte-exptable><lyte-exptable-thead><lyte-exptable-tr><lyte-exptable-th>Lead Name</lyte-exptable-th></lyte-exptable-tr></lyte-exptable-thead><lyte-exptable-tbody><lyte-exptable-tr><lyte-exptable-td><a href="/crm/org1/tab/Leads/5725767000000111001">A lead</a></lyte-exptable-td></lyte-exptable-tr></lyte-exptable-tbody></lyte-exptable></crux-list-view></body></html>',
    );
    const result = zoho.read(doc, new URL('https://crm.zoho.com/crm/org1/tab/Potentials/custom-view/5725767000000087545/list'), { now: NOW });
    expect(result.snapshots).toEqual([]);
    expect(result.scope).toBeNull();
  });
});

describe('zoho dates and stages', () => {
  it('takes the day/month order from the page’s own dates when they settle it', () => {
    expect(numericDateLocale('en', ['27/11/2026'])).toBe('en-GB');
    expect(numericDateLocale('en', ['11/27/2026 03:04 PM'])).toBe('en');
    expect(numericDateLocale('da', ['11-27-2026'])).toBe('en-US');
    expect(numericDateLocale('da', ['27-11-2026'])).toBe('da');
    expect(numericDateLocale('en', ['04/11/2026', '2026-11-27'])).toBe('en');
    expect(numericDateLocale('en', ['27/11/2026', '11/27/2026'])).toBe('en');
  });

  it('maps every default Zoho stage, in English and Danish, to a canonical stage', () => {
    const english = ['Qualification', 'Needs Analysis', 'Value Proposition', 'Identify Decision Makers', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost', 'Closed-Lost to Competition'];
    const danish = ['Kvalificering', 'Behovsanalyse', 'Værdiforslag', 'Identificer beslutningstagere', 'Forslag/pristilbud', 'Forhandling/gennemgang', 'Lukket vundet', 'Lukket tabt', 'Lukket-tabt til konkurrent'];
    const expected = ['qualify', 'qualify', 'develop', 'develop', 'propose', 'commit', 'won', 'lost', 'lost'];
    expect(english.map((label) => mapStage(label, zoho.defaultStageMapping))).toEqual(expected);
    expect(danish.map((label) => mapStage(label, zoho.defaultStageMapping))).toEqual(expected);
  });
});
