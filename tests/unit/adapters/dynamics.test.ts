import { describe, expect, it, vi } from 'vitest';
import dynamics from '../../../src/adapters/dynamics';
import { mapStage } from '../../../src/adapters/stage-mapping';
import type { DealSnapshot, FieldName } from '../../../src/model/deal';
import { describeAdapterFixtures } from '../../helpers/adapter-fixtures';
import { loadFixture, parsePage } from '../../helpers/fixtures';


describeAdapterFixtures(dynamics);

function readFixture(name: string, change?: (doc: Document) => void) {
  const fixture = loadFixture('dynamics', name);
  const doc = parsePage(fixture.html);
  change?.(doc);
  const url = new URL(fixture.sidecar.url);
  const result = dynamics.read(doc, url, { now: new Date(fixture.sidecar.now) });
  return { doc, url, result, fixture };
}

const fieldOf = (snapshot: DealSnapshot | undefined, field: FieldName) => snapshot!.fields[field];
const codeOf = (snapshot: DealSnapshot | undefined, field: FieldName) => {
  const value = fieldOf(snapshot, field);
  return value.state === 'unknown' ? value.code : value.state;
};

describe('dynamics detection', () => {
  it('detects its own record and view URLs, with the record id lower-cased and without braces', () => {
    for (const testUrl of dynamics.testUrls) {
      expect(dynamics.detect(new URL(testUrl.url))).toEqual({ kind: testUrl.kind, recordId: testUrl.recordId });
    }
    expect(dynamics.detect(new URL('https://acme.crm12.dynamics.com/main.aspx?pageType=EntityRecord&etn=opportunity&id={0F5E2C1A-1B2C-4D3E-8F9A-0B1C2D3E4F5A}'))).toEqual({
      kind: 'record',
      recordId: '0f5e2c1a-1b2c-4d3e-8f9a-0b1c2d3e4f5a',
    });
  });

  it('claims no other tables, pages, hosts or CRMs', () => {
    const id = '7a2f4c1e-9b3d-4e6a-8f10-2c5d7e9a1b3f';
    for (const url of [
      `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=${id}`,
      `https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=${id}`,
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=entitylist&etn=account',
      `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=${id}`,
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=dashboard&id=d201a642-6283-4f1d-81b7-da4b1685e698',
      // A new, unsaved opportunity has no id yet.
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity',
      `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=not-a-guid`,
      `http://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=${id}`,
      `https://contoso.crm.dynamics.com.evil.example/main.aspx?pagetype=entityrecord&etn=opportunity&id=${id}`,
      `https://evil.example/contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=${id}`,
      `https://contoso.operations.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=${id}`,
      `https://contoso.crm.dynamics.com/api/data/v9.2/opportunities(${id})`,
      'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view',
      'https://app.hubspot.com/contacts/123/record/0-3/456',
      'https://acme.pipedrive.com/deal/42',
      'https://crm.zoho.eu/crm/org123/tab/Potentials/456',
    ]) {
      expect(dynamics.detect(new URL(url)), url).toBeNull();
    }
  });

  it('covers every regional host with its match patterns', () => {
    expect(dynamics.matches).toContain('https://*.crm.dynamics.com/main.aspx*');
    expect(dynamics.matches).toContain('https://*.crm4.dynamics.com/main.aspx*');
    expect(dynamics.matches).toContain('https://*.crm11.dynamics.com/main.aspx*');
  });

  it('maps the business process flow stages, Pipeline Phase values and closed statuses in English, German and Danish', () => {
    const map = (label: string) => mapStage(label, dynamics.defaultStageMapping);
    expect(['Qualify', 'Develop', 'Propose', 'Close'].map(map)).toEqual(['qualify', 'develop', 'propose', 'commit']);
    expect(['1-Qualify', '2-Develop', '3-Propose', '4-Close'].map(map)).toEqual(['qualify', 'develop', 'propose', 'commit']);
    expect(['Qualifizieren', 'Entwickeln', 'Vorschlagen', 'Schließen'].map(map)).toEqual(['qualify', 'develop', 'propose', 'commit']);
    expect(['Kvalificer', 'Udvikl', 'Foreslå', 'Luk'].map(map)).toEqual(['qualify', 'develop', 'propose', 'commit']);
    expect(['Won', 'Lost', 'Canceled', 'Out-Sold', 'Gewonnen', 'Verloren', 'Vundet', 'Tabt'].map(map)).toEqual(['won', 'lost', 'lost', 'lost', 'won', 'lost', 'won', 'lost']);
  });
});

describe('dynamics form reading', () => {
  it('reads values from the controls’ value properties, not their attributes', () => {
    const { doc, result } = readFixture('form-en', (page) => {
      const name = page.querySelector<HTMLInputElement>('input[data-id="name.fieldControl-text-box-text"]')!;
      name.value = 'Acme Corp - 750 Seats';
      const probability = page.querySelector<HTMLInputElement>('input[data-id="closeprobability.fieldControl-whole-number-text-input"]')!;
      probability.value = '75';
      const forecast = page.querySelector<HTMLSelectElement>('select[data-id="msdyn_forecastcategory.fieldControl-option-set-select"]')!;
      forecast.value = '100000003';
      const need = page.querySelector<HTMLTextAreaElement>('textarea[data-id="customerneed.fieldControl-text-box-text"]')!;
      need.value = 'Cut average handling time by 20%.';
    });
    // The attributes still hold what the page was loaded with.
    expect(doc.querySelector('input[data-id="name.fieldControl-text-box-text"]')!.getAttribute('value')).toBe('Acme Corp - 500 Seats');
    expect(doc.querySelector('option[value="100000002"]')!.hasAttribute('selected')).toBe(true);
    const [snapshot] = result.snapshots;
    expect(fieldOf(snapshot, 'name')).toMatchObject({ state: 'value', value: 'Acme Corp - 750 Seats' });
    expect(fieldOf(snapshot, 'probability')).toMatchObject({ state: 'value', value: 75 });
    expect(fieldOf(snapshot, 'forecastCategory')).toMatchObject({ state: 'value', value: 'Committed' });
    expect(fieldOf(snapshot, 'qualification')).toMatchObject({ state: 'value', value: { need: 'Cut average handling time by 20%.' } });
  });

  it('reads a value typed into a blank control, and a cleared one as blank', () => {
    const { result } = readFixture('form-missing', (page) => {
      page.querySelector<HTMLInputElement>('input[data-id="estimatedvalue.fieldControl-currency-text-input"]')!.value = '£12,500.00';
      page.querySelector<HTMLInputElement>('input[data-id="name.fieldControl-text-box-text"]')!.value = '';
    });
    const [snapshot] = result.snapshots;
    expect(fieldOf(snapshot, 'amount')).toMatchObject({ state: 'value', value: { value: 12500, currency: 'GBP' } });
    // A blank Topic falls back to the form title.
    expect(fieldOf(snapshot, 'name')).toMatchObject({ state: 'value', value: 'Northwind Traders - renewal' });
  });

  it('prefers a visible copy of a field to the one in a hidden tab, and still reads fields only hidden tabs hold', () => {
    const { doc, result } = readFixture('form-en', (page) => {
      page.querySelector<HTMLInputElement>('input[data-id="estimatedvalue.fieldControl-currency-text-input"]')!.value = '$1.00';
    });
    const hiddenTab = doc.querySelector('[data-id="tabpanel-Details"]') as HTMLElement;
    expect(hiddenTab.style.display).toBe('none');
    const [snapshot] = result.snapshots;
    expect(fieldOf(snapshot, 'amount')).toMatchObject({ state: 'value', value: { value: 480000, currency: 'USD' } });
    expect(fieldOf(snapshot, 'lastModifiedDate')).toMatchObject({ state: 'value', value: '2026-10-30' });
  });

  it('reads the header and process bar when they are rendered beside the form root', () => {
    const { doc, result } = readFixture('form-de');
    const form = doc.querySelector('[data-id="editFormRoot"]')!;
    expect(form.contains(doc.querySelector('#bpfContainer'))).toBe(false);
    expect(result.scope).toBe(form);
    expect(fieldOf(result.snapshots[0], 'stage')).toMatchObject({ state: 'value', value: { label: 'Entwickeln', canonical: 'develop' } });
  });

  it('takes a closed status (won, lost) over the process stage', () => {
    const { result } = readFixture('form-en', (page) => {
      const status = page.querySelector<HTMLSelectElement>('select[data-id="header_statuscode.fieldControl-option-set-select"]')!;
      const won = page.createElement('option');
      won.value = '3';
      won.textContent = 'Won';
      status.append(won);
      status.value = '3';
    });
    expect(fieldOf(result.snapshots[0], 'stage')).toMatchObject({ state: 'value', value: { label: 'Won', canonical: 'won' } });
  });

  it('falls back to Pipeline Phase without a process bar, and says why a field is unknown', () => {
    const { result } = readFixture('form-en', (page) => page.querySelector('#bpfContainer')!.remove());
    expect(fieldOf(result.snapshots[0], 'stage')).toMatchObject({ state: 'value', value: { label: '3-Propose', canonical: 'propose' } });
    const missing = readFixture('form-missing').result.snapshots[0];
    expect(codeOf(missing, 'closeDate')).toBe('not_on_page');
    expect(codeOf(missing, 'lastModifiedDate')).toBe('not_rendered');
    expect(codeOf(missing, 'nextStep')).toBe('not_supported');
    expect(codeOf(missing, 'lastActivityDate')).toBe('not_supported');
  });

  it('does not take an explicit "no" or "unknown" choice as qualification evidence', () => {
    const { result } = readFixture('form-de', (page) => {
      page.querySelector<HTMLSelectElement>('select[data-id="budgetstatus.fieldControl-option-set-select"]')!.value = '0';
    });
    const { qualification } = result.snapshots[0]!.fields;
    expect(qualification.state).toBe('value');
    const record = qualification.state === 'value' ? qualification.value : {};
    // "No Committed Budget" is an explicit no; "Unknown" (purchase timeframe) says nothing.
    expect(record.budget).toBe('No');
    expect(Object.keys(record)).not.toContain('timeline');
  });

  it('ignores another record’s form opened in a dialog over the page', () => {
    const { result } = readFixture('form-en', (page) => {
      const dialog = page.createElement('div');
      dialog.setAttribute('role', 'dialog');
      const other = page.querySelector('[data-id="editFormRoot"]')!.cloneNode(true) as Element;
      other.querySelector<HTMLInputElement>('input[data-id="name.fieldControl-text-box-text"]')!.value = 'Some other record';
      dialog.append(other);
      page.body.append(dialog);
    });
    expect(result.scope?.closest('[role="dialog"]')).toBeNull();
    expect(fieldOf(result.snapshots[0], 'name')).toMatchObject({ state: 'value', value: 'Acme Corp - 500 Seats' });
  });

  it('reads nothing from a form that has not rendered yet', () => {
    const fixture = loadFixture('dynamics', 'form-en');
    const doc = parsePage('<html lang="en-US"><body><div id="mainContent"><div class="pa-shimmer" aria-busy="true"></div></div></body></html>');
    expect(dynamics.read(doc, new URL(fixture.sidecar.url), { now: new Date(fixture.sidecar.now) })).toEqual({ snapshots: [], scope: null });
  });
});

describe('dynamics anchors', () => {
  it('puts the title chip on the form title and field badges next to visible labels, never into inputs', () => {
    const { doc, result } = readFixture('form-en');
    const title = dynamics.anchor(doc, result.scope, 'title');
    expect(title?.getAttribute('data-id')).toBe('header_title');
    for (const field of ['name', 'amount', 'probability', 'forecastCategory', 'closeDate', 'owner', 'qualification'] as const) {
      const anchor = dynamics.anchor(doc, result.scope, field);
      expect(anchor, field).not.toBeNull();
      expect(['INPUT', 'SELECT', 'TEXTAREA'], field).not.toContain(anchor!.tagName);
      expect(anchor!.closest('[style*="display: none"]'), field).toBeNull();
    }
    expect(dynamics.anchor(doc, result.scope, 'closeDate')?.textContent).toContain('Est. close date');
    expect(dynamics.anchor(doc, result.scope, 'stage')?.textContent).toBe('Propose');
    expect(dynamics.anchor(doc, result.scope, 'contacts')?.getAttribute('data-id')).toBe('dataSetRoot_Stakeholders');
    expect(dynamics.anchor(doc, result.scope, 'lastActivityDate')).toBeNull();
    expect(dynamics.anchor(doc, result.scope, 'nextStep')).toBeNull();
  });

  it('anchors a field only hidden tabs hold inside that tab, and none for a field the form lacks', () => {
    const { doc, result } = readFixture('form-en');
    expect(dynamics.anchor(doc, result.scope, 'createdDate')?.closest('[data-id="tabpanel-Details"]')).not.toBeNull();
    const missing = readFixture('form-missing');
    expect(dynamics.anchor(missing.doc, missing.result.scope, 'closeDate')).toBeNull();
  });

  it('finds each row’s name cell by the snapshot key, in the grid’s centre part', () => {
    const { doc, result } = readFixture('view-en');
    expect(result.snapshots).toHaveLength(30);
    for (const snapshot of result.snapshots) {
      const anchor = dynamics.rowAnchor!(doc, result.scope, snapshot.key);
      expect(anchor, snapshot.key).not.toBeNull();
      expect(anchor!.closest('[role="gridcell"]')?.getAttribute('col-id')).toBe('name');
      expect(anchor!.closest('.ag-center-cols-container')).not.toBeNull();
      expect(anchor!.textContent).toBe(snapshot.fields.name.state === 'value' ? snapshot.fields.name.value : '');
    }
    expect(dynamics.rowAnchor!(doc, result.scope, 'dynamics:contoso.crm.dynamics.com:00000000-0000-0000-0000-000000000000')).toBeNull();
  });
});

describe('dynamics row anchors on a whole view', () => {
  it('looks the grid over once for all rows, not once per row', () => {
    const { doc, result } = readFixture('view-en');
    const lookups = vi.spyOn(Element.prototype, 'querySelectorAll');
    try {
      for (const snapshot of result.snapshots) expect(dynamics.rowAnchor!(doc, result.scope, snapshot.key)).not.toBeNull();
      const gridScans = lookups.mock.calls.filter(([selector]) => selector === '[role="row"][row-index]').length;
      expect(gridScans).toBe(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('looks again when the grid reuses a row for another record', () => {
    const { doc, result } = readFixture('view-en');
    const [first, second] = result.snapshots;
    const anchor = dynamics.rowAnchor!(doc, result.scope, first!.key)!;
    const row = anchor.closest('[role="row"]')!;
    const rowIndex = row.getAttribute('row-index');
    // Scrolled: the row elements of the first record now show a record no other row shows.
    const otherId = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    const firstId = first!.key.slice(first!.key.lastIndexOf(':') + 1);
    for (const part of Array.from(doc.querySelectorAll(`[role="row"][row-index="${rowIndex}"]`))) {
      for (const link of Array.from(part.querySelectorAll('a[href]'))) link.setAttribute('href', link.getAttribute('href')!.replace(new RegExp(firstId, 'i'), otherId));
      part.setAttribute('row-id', (part.getAttribute('row-id') ?? '').replace(new RegExp(firstId, 'i'), otherId));
    }
    expect(dynamics.rowAnchor!(doc, result.scope, first!.key)).toBeNull();
    const moved = dynamics.rowAnchor!(doc, result.scope, first!.key.replace(firstId, otherId));
    expect(moved?.closest('[role="row"]')?.getAttribute('row-index')).toBe(rowIndex);
    expect(dynamics.rowAnchor!(doc, result.scope, second!.key)).not.toBeNull();
  });
});

describe('dynamics view reading', () => {
  it('reads one snapshot per rendered row in row order, each pointing at its record', () => {
    const { result } = readFixture('view-en');
    const [first] = result.snapshots;
    expect(first!.url).toMatch(/^https:\/\/contoso\.crm\.dynamics\.com\/main\.aspx\?.*etn=opportunity&id=[0-9a-f-]{36}$/);
    expect(result.total).toBe(137);
  });

  it('reports no total when the grid caps its count ("5000+")', () => {
    const { result } = readFixture('view-en', (page) => {
      page.querySelector('[data-id="grid-footer"] span')!.textContent = 'Rows: 5000+';
    });
    expect(result.total).toBeUndefined();
    expect(result.snapshots).toHaveLength(30);
  });

  it('says a column the view lacks is not on the page', () => {
    const { result } = readFixture('view-en');
    expect(codeOf(result.snapshots[0], 'createdDate')).toBe('not_on_page');
    expect(codeOf(result.snapshots[0], 'contacts')).toBe('not_supported');
  });
});
