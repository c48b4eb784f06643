import { describe, expect, it } from 'vitest';
import pipedrive from '../../../src/adapters/pipedrive';
import salesforce from '../../../src/adapters/salesforce';
import { FIELD_NAMES, type FieldName } from '../../../src/model/deal';
import { describeAdapterFixtures } from '../../helpers/adapter-fixtures';
import { loadFixture, parsePage } from '../../helpers/fixtures';

describeAdapterFixtures(pipedrive);

const NOW = new Date('2026-11-27T09:00:00.000Z');

function readFixture(name: string) {
  const fixture = loadFixture('pipedrive', name);
  const doc = parsePage(fixture.html);
  const url = new URL(fixture.sidecar.url);
  return { doc, url, result: pipedrive.read(doc, url, { now: new Date(fixture.sidecar.now) }) };
}

describe('pipedrive detection', () => {
  const detect = (url: string) => pipedrive.detect(new URL(url));

  it('detects deal pages, pipeline boards and the deals list', () => {
    expect(detect('https://acme-sales.pipedrive.com/deal/1842')).toEqual({ kind: 'record', recordId: '1842' });
    expect(detect('https://acme-sales.pipedrive.com/deal/1842/')).toEqual({ kind: 'record', recordId: '1842' });
    expect(detect('https://ACME-SALES.pipedrive.com/deal/1842#notes')).toEqual({ kind: 'record', recordId: '1842' });
    expect(detect('https://acme-sales.pipedrive.com/pipeline')).toEqual({ kind: 'board', recordId: null });
    expect(detect('https://acme-sales.pipedrive.com/pipeline/3')).toEqual({ kind: 'board', recordId: null });
    expect(detect('https://acme-sales.pipedrive.com/pipeline/3/filter/27?quickFilter=none')).toEqual({ kind: 'board', recordId: null });
    expect(detect('https://nordlys.pipedrive.com/deals/list/user/everyone')).toEqual({ kind: 'list', recordId: null });
  });

  it('does not claim person, organization, lead or activity pages', () => {
    for (const url of [
      'https://acme-sales.pipedrive.com/person/311',
      'https://acme-sales.pipedrive.com/organization/88',
      'https://acme-sales.pipedrive.com/persons/list',
      'https://acme-sales.pipedrive.com/leads/inbox/adf21080-0e10-11eb-879b-05d71fb426ec',
      'https://acme-sales.pipedrive.com/activities/list',
      'https://acme-sales.pipedrive.com/deal/abc',
      'https://acme-sales.pipedrive.com/deal/1842/edit',
      'https://acme-sales.pipedrive.com/',
    ]) {
      expect(detect(url), url).toBeNull();
    }
  });

  it('does not claim other hosts, look-alikes, plain http or Pipedrive’s own sites', () => {
    for (const url of [
      'http://acme-sales.pipedrive.com/deal/1842',
      'https://pipedrive.com/deal/1842',
      'https://www.pipedrive.com/deal/1842',
      'https://developers.pipedrive.com/deal/1842',
      'https://acme.pipedrive.com.evil.example/deal/1842',
      'https://evil.example/acme.pipedrive.com/deal/1842',
      'https://acme.pipedrive.co/deal/1842',
      'https://app.hubspot.com/contacts/123/record/0-3/456',
      'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view',
    ]) {
      expect(detect(url), url).toBeNull();
    }
  });

  it('lets no other adapter claim its URLs, and claims none of theirs', () => {
    for (const { url } of pipedrive.testUrls) expect(salesforce.detect(new URL(url)), url).toBeNull();
    for (const { url } of salesforce.testUrls) expect(pipedrive.detect(new URL(url)), url).toBeNull();
  });
});

describe('pipedrive deal page', () => {
  it('reads the visible view, not the earlier deal Pipedrive keeps hidden', () => {
    const { doc, result } = readFixture('deal-en');
    expect(doc.body.textContent).toContain('Initech – pilot');
    const [snapshot] = result.snapshots;
    expect(snapshot!.fields.name).toMatchObject({ state: 'value', value: 'Globex – 120 seats' });
    expect(snapshot!.fields.amount).toMatchObject({ state: 'value', raw: '$46,000' });
    expect(result.scope?.classList.contains('viewContainer')).toBe(true);
    expect((result.scope as HTMLElement).style.display).not.toBe('none');
  });

  it('does not take the Won and Lost buttons of an open deal for its status', () => {
    const [snapshot] = readFixture('deal-en').result.snapshots;
    expect(snapshot!.fields.stage).toMatchObject({ state: 'value', value: { label: 'Proposal Made', canonical: 'propose' } });
  });

  it('maps a lost deal to the canonical lost stage, keeping the stage it was lost in as its label', () => {
    const [snapshot] = readFixture('deal-sparse-en').result.snapshots;
    expect(snapshot!.fields.stage).toMatchObject({ state: 'value', value: { label: 'Demo Scheduled', canonical: 'lost' } });
  });

  it('says why each unread field is unknown', () => {
    const codeOf = (name: string, field: FieldName) => {
      const value = readFixture(name).result.snapshots[0]!.fields[field];
      return value.state === 'unknown' ? value.code : value.state;
    };
    expect(codeOf('deal-sparse-en', 'probability')).toBe('not_on_page');
    expect(codeOf('deal-sparse-en', 'lastModifiedDate')).toBe('not_on_page');
    expect(codeOf('deal-en', 'forecastCategory')).toBe('not_supported');
    expect(codeOf('deal-sparse-en', 'closeDate')).toBe('empty');
  });

  it('reads a value it cannot parse as unknown, not as empty', () => {
    const doc = parsePage(`<html lang="en-US"><body><div class="viewContainer">
      <h1 data-testid="header-title">Odd deal</h1>
      <div data-testid="fields-list-row"><div data-testid="field-name">Expected close date</div><div data-testid="fields-list-row-field-components">Sometime in Q3</div></div>
      <div data-testid="fields-list-row"><div data-testid="field-name">Probability</div><div data-testid="fields-list-row-field-components">high</div></div>
    </div></body></html>`);
    const [snapshot] = pipedrive.read(doc, new URL('https://acme-sales.pipedrive.com/deal/77'), { now: NOW }).snapshots;
    expect(snapshot!.fields.closeDate).toMatchObject({ state: 'unknown', code: 'unparseable' });
    expect(snapshot!.fields.probability).toMatchObject({ state: 'unknown', code: 'unparseable' });
    expect(snapshot!.fields.name).toMatchObject({ state: 'value', value: 'Odd deal' });
    expect(snapshot!.fields.stage).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });

  it('reads every field as unknown when every view is hidden or the deal has not rendered', () => {
    const url = new URL('https://acme-sales.pipedrive.com/deal/1842');
    for (const html of [
      '<html><body><div class="viewContainer" style="display:none"><h1 data-testid="header-title">Old</h1></div></body></html>',
      '<html><body><div class="viewContainer"><div class="spinner" aria-busy="true"></div></div></body></html>',
    ]) {
      const [snapshot] = pipedrive.read(parsePage(html), url, { now: NOW }).snapshots;
      expect(snapshot!.key).toBe('pipedrive:acme-sales.pipedrive.com:1842');
      for (const field of FIELD_NAMES) expect(snapshot!.fields[field]).toMatchObject({ state: 'unknown', code: 'not_rendered' });
    }
  });

  it('keeps hostile text as text', () => {
    const doc = parsePage(`<html><body><div class="viewContainer">
      <h1 data-testid="header-title"><span data-test="deal-title">&lt;img src=x onerror=alert(1)&gt; Deal</span></h1>
    </div></body></html>`);
    const [snapshot] = pipedrive.read(doc, new URL('https://acme-sales.pipedrive.com/deal/5'), { now: NOW }).snapshots;
    expect(snapshot!.fields.name).toMatchObject({ state: 'value', value: '<img src=x onerror=alert(1)> Deal' });
    expect(doc.querySelectorAll('img')).toHaveLength(0);
  });

  it('finds anchors in the visible view for the title and fields on the page, none for fields that are not', () => {
    const { doc, result } = readFixture('deal-en');
    const inView = (element: Element | null) => expect(element && result.scope?.contains(element)).toBe(true);
    const title = pipedrive.anchor(doc, result.scope, 'title');
    expect(title?.textContent).toBe('Globex – 120 seats');
    inView(title);
    const closeDate = pipedrive.anchor(doc, result.scope, 'closeDate');
    expect(closeDate?.textContent).toBe('Dec 15, 2026');
    inView(closeDate);
    expect(pipedrive.anchor(doc, result.scope, 'stage')?.getAttribute('aria-selected')).toBe('true');
    expect(pipedrive.anchor(doc, result.scope, 'nextStep')?.textContent).toContain('Review proposal with Hank');
    expect(pipedrive.anchor(doc, result.scope, 'owner')?.textContent).toBe('Jane Doe');
    expect(pipedrive.anchor(doc, result.scope, 'qualification')?.textContent).toContain('Hank Scorpio');
    expect(pipedrive.anchor(doc, result.scope, 'forecastCategory')).toBeNull();
    // Without a scope the adapter finds the visible view itself.
    expect(pipedrive.anchor(doc, null, 'amount')?.textContent).toBe('$46,000');

    const sparse = readFixture('deal-sparse-en');
    expect(pipedrive.anchor(sparse.doc, sparse.result.scope, 'probability')).toBeNull();
    expect(pipedrive.anchor(sparse.doc, sparse.result.scope, 'owner')?.textContent).toContain('Ken Adams');
  });
});

describe('pipedrive pipeline board', () => {
  it('reads one snapshot per visible card, none from the hidden board of another pipeline', () => {
    const { result } = readFixture('board-en');
    expect(result.snapshots.length).toBeGreaterThanOrEqual(25);
    const keys = result.snapshots.map((snapshot) => snapshot.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain('pipedrive:acme-sales.pipedrive.com:901');
    // The hidden deal view links deal 2128; it is on the board once, as a card.
    expect(keys.filter((key) => key.endsWith(':2128'))).toHaveLength(1);
    expect(result.snapshots[0]!.url).toBe('https://acme-sales.pipedrive.com/deal/2107');
  });

  it('takes the total from the stage column counts, more than the cards rendered', () => {
    const { result } = readFixture('board-en');
    expect(result.total).toBe(44);
    expect(result.snapshots.length).toBeLessThan(result.total!);
  });

  it('reads a card without any activity scheduled as a blank next step, and a scheduled one as unknown', () => {
    const { result } = readFixture('board-en');
    const states = new Set(result.snapshots.map((snapshot) => snapshot.fields.nextStep.state));
    expect(states).toEqual(new Set(['empty', 'unknown']));
  });

  it('anchors each card badge on the card’s title link', () => {
    const { doc, result } = readFixture('board-en');
    for (const snapshot of result.snapshots) {
      const anchor = pipedrive.rowAnchor!(doc, result.scope, snapshot.key);
      expect(anchor?.textContent, snapshot.key).toBe(snapshot.fields.name.state === 'value' ? snapshot.fields.name.value : '');
      expect(anchor?.closest('[data-testid="pipeline-deal-tile"]')).not.toBeNull();
      expect(result.scope?.contains(anchor!)).toBe(true);
    }
    expect(pipedrive.rowAnchor!(doc, result.scope, 'pipedrive:acme-sales.pipedrive.com:901')).toBeNull();
  });

  it('gives no total when a column does not say how many deals it holds', () => {
    const doc = parsePage(`<html><body><div class="viewContainer">
      <div data-testid="pipeline-stage-column"><h2 data-testid="stage-name">Qualified</h2><span data-testid="stage-summary">$10,000 · 2 deals</span>
        <div data-testid="pipeline-deal-tile"><a href="/deal/1">One</a><span data-testid="deal-tile-value">$5,000</span></div></div>
      <div data-testid="pipeline-stage-column"><h2 data-testid="stage-name">Contact Made</h2></div>
    </div></body></html>`);
    const result = pipedrive.read(doc, new URL('https://acme-sales.pipedrive.com/pipeline/1'), { now: NOW });
    expect(result.snapshots).toHaveLength(1);
    expect(result.total).toBeUndefined();
    expect(result.snapshots[0]!.fields.owner).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });
});

describe('pipedrive deals list', () => {
  it('reads won and lost from the Status column, and leaves a stage no mapping knows unmapped', () => {
    const { result } = readFixture('list-da');
    const byId = (id: string) => result.snapshots.find((snapshot) => snapshot.key.endsWith(`:${id}`))!;
    expect(byId('3140').fields.stage).toMatchObject({ state: 'value', value: { label: 'Forhandlinger startet', canonical: 'won' } });
    expect(byId('3144').fields.stage).toMatchObject({ state: 'value', value: { canonical: 'lost' } });
    expect(byId('3158').fields.stage).toMatchObject({ state: 'value', value: { label: 'Kontrakt sendt', canonical: null } });
  });

  it('anchors each row badge on the row’s title link, and says how many deals the list holds', () => {
    const { doc, result } = readFixture('list-da');
    expect(result.total).toBe(57);
    for (const snapshot of result.snapshots) {
      const anchor = pipedrive.rowAnchor!(doc, result.scope, snapshot.key);
      expect(anchor?.closest('[role="row"]'), snapshot.key).not.toBeNull();
      expect(result.scope?.contains(anchor!)).toBe(true);
    }
  });
});

describe('pipedrive stage mapping', () => {
  it('maps the default pipeline in English and Danish', () => {
    const mapping = pipedrive.defaultStageMapping;
    expect(['qualified', 'contact made', 'demo scheduled', 'proposal made', 'negotiations started'].map((label) => mapping[label])).toEqual([
      'qualify',
      'qualify',
      'develop',
      'propose',
      'commit',
    ]);
    expect(['kvalificeret', 'kontakt etableret', 'demo planlagt', 'tilbud afgivet', 'forhandlinger startet'].map((label) => mapping[label])).toEqual([
      'qualify',
      'qualify',
      'develop',
      'propose',
      'commit',
    ]);
  });
});
