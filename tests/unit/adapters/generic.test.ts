import { describe, expect, it } from 'vitest';
import { genericAdapter, genericDealKey, normaliseLabel, GENERIC_REREAD_MS } from '../../../src/adapters/generic';
import { crmMappingSchema, type CrmMapping, type CrmMappingInput } from '../../../src/model/crm-mapping';
import { dealSnapshotSchema, type DealSnapshot } from '../../../src/model/deal';
import { parsePage } from '../../helpers/fixtures';

const NOW = new Date('2026-11-27T09:00:00Z');

function mappingOf(input: Partial<CrmMappingInput> = {}): CrmMapping {
  return crmMappingSchema.parse({
    id: 'inhouse',
    name: 'In-house CRM',
    matches: ['https://crm.acme.test/*', 'http://127.0.0.1/*'],
    recordId: { pattern: '/deals/(\\d+)' },
    ...input,
  });
}

/** Labels in English, Danish and German, as a team with pages in several languages would map them. */
const LABELS: CrmMappingInput['fields'] = {
  name: { labels: ['Deal', 'Aftale', 'Verkaufschance'] },
  amount: { labels: ['Amount', 'Beløb', 'Betrag'] },
  stage: { labels: ['Stage', 'Fase', 'Phase'] },
  probability: { labels: ['Probability', 'Sandsynlighed', 'Wahrscheinlichkeit'] },
  forecastCategory: { labels: ['Forecast', 'Prognose'] },
  closeDate: { labels: ['Close date', 'Lukkedato', 'Abschlussdatum'] },
  createdDate: { labels: ['Created', 'Oprettet', 'Erstellt'] },
  lastModifiedDate: { labels: ['Last modified', 'Sidst ændret', 'Geändert'] },
  nextStep: { labels: ['Next step', 'Næste skridt', 'Nächster Schritt'] },
  owner: { labels: ['Owner', 'Ejer', 'Besitzer'] },
  contacts: { labels: ['Contacts', 'Kontakter', 'Kontakte'] },
};

function read(html: string, mapping: CrmMapping, url = 'https://crm.acme.test/deals/42', prepare?: (doc: Document) => void) {
  const doc = parsePage(html);
  prepare?.(doc);
  const adapter = genericAdapter(mapping);
  const result = adapter.read(doc, new URL(url), { now: NOW });
  const snapshot = result.snapshots[0]!;
  expect(() => dealSnapshotSchema.parse(snapshot)).not.toThrow();
  return { doc, adapter, result, snapshot, fields: snapshot.fields };
}

const value = (snapshot: DealSnapshot, field: keyof DealSnapshot['fields']) => {
  const got = snapshot.fields[field];
  return got.state === 'value' ? got.value : got;
};

/** Sets form values the way web apps do: as properties, never as attributes. */
function setValue(doc: Document, selector: string, text: string) {
  const element = doc.querySelector(selector) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  element.value = text;
  expect(element.getAttribute('value')).toBeNull();
}

const FORM_EN = `<!doctype html><html lang="en"><body>
  <h1 class="title">Deal page</h1>
  <form>
    <label for="deal-name">Deal</label> <input id="deal-name" name="name">
    <label for="amount">Amount <abbr title="required">*</abbr></label> <input id="amount" name="amount">
    <label>Stage: <select id="stage"><option value="">-- choose --</option><option value="q">Qualification</option><option value="p">Proposal</option></select></label>
    <span id="prob-label">Probability</span> <input id="probability" type="number" aria-labelledby="prob-label">
    <div class="row"><div class="label"><span>Close date</span></div><div class="value"><input id="close" type="date"></div></div>
    <dl><dt>Created:</dt><dd>Nov 2, 2026</dd><dt>Last modified</dt><dd>yesterday</dd></dl>
    <table><tr><th>Owner</th><td>Jane Doe</td></tr><tr><th>Forecast</th><td>Commit</td></tr></table>
    <p><b>Next step:</b> Call Hank (CEO) on 12/02/2026</p>
    <textarea id="contacts" aria-label="Contacts"></textarea>
  </form>
</body></html>`;

describe('genericAdapter: reading by labels', () => {
  const mapping = mappingOf({ fields: LABELS, stageMapping: { proposal: 'propose' } });

  it('reads form controls by their current .value, selected options, aria links, dl, tables and text after a label', () => {
    const { snapshot } = read(FORM_EN, mapping, undefined, (doc) => {
      setValue(doc, '#deal-name', 'Globex – 120 seats');
      setValue(doc, '#amount', '$250,000.00');
      setValue(doc, '#stage', 'p');
      setValue(doc, '#probability', '60');
      setValue(doc, '#close', '2026-12-15');
      setValue(doc, '#contacts', 'Hank Scorpio\nMaria Garcia\n\nLisa Chen');
    });
    expect(snapshot.key).toBe('generic:inhouse:crm.acme.test:42');
    expect(snapshot.crm).toBe('generic');
    expect(value(snapshot, 'name')).toBe('Globex – 120 seats');
    expect(value(snapshot, 'amount')).toEqual({ value: 250000, currency: 'USD' });
    expect(value(snapshot, 'stage')).toEqual({ label: 'Proposal', canonical: 'propose' });
    expect(value(snapshot, 'probability')).toBe(60);
    expect(value(snapshot, 'closeDate')).toBe('2026-12-15');
    expect(value(snapshot, 'createdDate')).toBe('2026-11-02');
    expect(value(snapshot, 'lastModifiedDate')).toBe('2026-11-26');
    expect(value(snapshot, 'owner')).toBe('Jane Doe');
    expect(value(snapshot, 'forecastCategory')).toBe('Commit');
    expect(value(snapshot, 'nextStep')).toEqual({ text: 'Call Hank (CEO) on 12/02/2026', date: '2026-12-02' });
    expect(value(snapshot, 'contacts')).toEqual({ count: 3, roles: [] });
    expect(snapshot.fields.lastActivityDate).toMatchObject({ state: 'unknown', code: 'not_supported' });
    expect(snapshot.fields.qualification).toMatchObject({ state: 'unknown', code: 'not_supported' });
  });

  it('reads blank controls and a placeholder option as empty, not unknown', () => {
    const { fields } = read(FORM_EN, mapping);
    expect(fields.name).toEqual({ state: 'empty', raw: '' });
    expect(fields.amount.state).toBe('empty');
    expect(fields.stage.state).toBe('empty'); // "-- choose --" has an empty value
    expect(fields.probability.state).toBe('empty');
    expect(fields.closeDate.state).toBe('empty');
    expect(fields.contacts.state).toBe('empty');
    // Text fields still read.
    expect(fields.owner).toMatchObject({ state: 'value', value: 'Jane Doe' });
  });

  it('reads a Danish page with the Danish labels, in the page language', () => {
    const html = `<!doctype html><html lang="da"><body>
      <div class="felt"><span class="lbl">Aftale</span><span class="val">Nordisk Fjer – fornyelse</span></div>
      <div class="felt"><span class="lbl">Beløb:</span><span class="val">1.250.000,00 kr.</span></div>
      <div class="felt"><span class="lbl">Fase</span><span class="val">Tilbud afgivet</span></div>
      <div class="felt"><span class="lbl">Sandsynlighed</span><span class="val">40 %</span></div>
      <div class="felt"><span class="lbl">Lukkedato</span><span class="val">27.11.2026</span></div>
      <div class="felt"><span class="lbl">Oprettet</span><span class="val">2. okt. 2026</span></div>
      <div class="felt"><span class="lbl">Ejer</span><span class="val">Mette Hansen</span></div>
      <div class="felt"><span class="lbl">Kontakter</span><ul class="val"><li>Lars</li><li>Sofie</li></ul></div>
      <div class="felt"><span class="lbl">Næste skridt</span><span class="val">—</span></div>
    </body></html>`;
    const { snapshot } = read(html, mappingOf({ fields: LABELS, stageMapping: { 'Tilbud afgivet': 'propose' } }));
    expect(value(snapshot, 'name')).toBe('Nordisk Fjer – fornyelse');
    expect(value(snapshot, 'amount')).toEqual({ value: 1250000, currency: 'DKK' });
    expect(value(snapshot, 'stage')).toEqual({ label: 'Tilbud afgivet', canonical: 'propose' });
    expect(value(snapshot, 'probability')).toBe(40);
    expect(value(snapshot, 'closeDate')).toBe('2026-11-27');
    expect(value(snapshot, 'createdDate')).toBe('2026-10-02');
    expect(value(snapshot, 'owner')).toBe('Mette Hansen');
    expect(value(snapshot, 'contacts')).toEqual({ count: 2, roles: [] });
    expect(snapshot.fields.nextStep).toEqual({ state: 'empty', raw: '—' });
    expect(snapshot.fields.lastModifiedDate).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });

  it('reads a German page, and a label matched case-insensitively with a trailing colon or star', () => {
    const html = `<html lang="de"><body><table>
      <tr><td>BETRAG:</td><td>45.000,00 €</td></tr>
      <tr><td>abschlussdatum *</td><td><input id="d"></td></tr>
      <tr><td>Wahrscheinlichkeit</td><td>75 %</td></tr>
    </table></body></html>`;
    const { snapshot } = read(html, mappingOf({ fields: LABELS }), undefined, (doc) => setValue(doc, '#d', '15.01.2027'));
    expect(value(snapshot, 'amount')).toEqual({ value: 45000, currency: 'EUR' });
    expect(value(snapshot, 'closeDate')).toBe('2027-01-15');
    expect(value(snapshot, 'probability')).toBe(75);
  });

  it('reads fields inside open shadow roots, by label and by selector', () => {
    const html = `<html lang="en"><body>
      <deal-card><template shadowrootmode="open">
        <div class="f"><label for="o">Owner</label><input id="o"></div>
        <section><span class="k">Amount</span><span class="v">€ 12.500</span></section>
        <nested-stage><template shadowrootmode="open"><span id="stage-value">Negotiation</span></template></nested-stage>
      </template></deal-card>
    </body></html>`;
    const mapping = mappingOf({ fields: { owner: { labels: ['Owner'] }, amount: { labels: ['Amount'] }, stage: { selector: '#stage-value' } }, locale: 'de-DE' });
    const { snapshot } = read(html, mapping, undefined, (doc) => {
      const input = doc.querySelector('deal-card')!.shadowRoot!.querySelector('#o') as HTMLInputElement;
      input.value = 'Jane Doe';
    });
    expect(value(snapshot, 'owner')).toBe('Jane Doe');
    expect(value(snapshot, 'amount')).toEqual({ value: 12500, currency: 'EUR' });
    expect(value(snapshot, 'stage')).toEqual({ label: 'Negotiation', canonical: null });
  });

  it('prefers a visible label to one in a hidden copy, but reads a hidden tab when that is all there is', () => {
    const html = `<body>
      <div style="display:none"><span>Amount</span><span>$1</span><span>Owner</span><span>Old Owner</span></div>
      <div><span>Amount</span><span>$2</span></div>
    </body>`;
    const { snapshot } = read(html, mappingOf({ fields: { amount: { labels: ['Amount'] }, owner: { labels: ['Owner'] } } }));
    expect(value(snapshot, 'amount')).toEqual({ value: 2, currency: 'USD' });
    expect(value(snapshot, 'owner')).toBe('Old Owner');
  });

  it('reads the tab on screen when the app keeps other tabs in the DOM, hidden by its stylesheet', () => {
    const html = `<html><head><style>.tab-pane:not(.active) { display: none }</style></head><body>
      <div class="tab-pane"><span>Owner</span><span>Other tab's owner</span><span>Stage</span><span id="s1">Lead</span></div>
      <div class="tab-pane active"><span>Owner</span><span>Jane Doe</span><span>Stage</span><span id="s2">Won</span></div>
    </body></html>`;
    const { snapshot } = read(html, mappingOf({ fields: { owner: { labels: ['Owner'] }, stage: { selector: '[id^=s]' } } }));
    expect(value(snapshot, 'owner')).toBe('Jane Doe');
    expect(value(snapshot, 'stage')).toEqual({ label: 'Won', canonical: 'won' });
  });

  it('never takes another field\'s label as a value, and says when a label has no value next to it', () => {
    const html = `<body><div><span>Amount</span></div><div><span>Stage</span><span>Proposal</span></div></body>`;
    const { fields } = read(html, mappingOf({ fields: { amount: { labels: ['Amount'] }, stage: { labels: ['Stage'] } } }));
    expect(fields.amount).toMatchObject({ state: 'unknown', code: 'not_rendered' });
    expect(fields.amount.state === 'unknown' && fields.amount.reason).toMatch(/"Amount" is on the page, but no value next to it/);
    expect(fields.stage).toMatchObject({ state: 'value', value: { label: 'Proposal' } });
  });

  it('tells missing, unsupported, blank and unparseable apart', () => {
    const html = `<body><span>Amount</span><span>about a million</span><span>Close date</span><span>soon</span><span>Owner</span><span> </span></body>`;
    const { fields } = read(html, mappingOf({ fields: { amount: { labels: ['Amount'] }, closeDate: { labels: ['Close date'] }, owner: { labels: ['Owner'] }, stage: { labels: ['Stage'] } } }));
    expect(fields.amount).toMatchObject({ state: 'unknown', code: 'unparseable' });
    expect(fields.closeDate).toMatchObject({ state: 'unknown', code: 'unparseable' });
    expect(fields.owner.state).toBe('empty');
    expect(fields.stage).toMatchObject({ state: 'unknown', code: 'not_on_page' });
    expect(fields.stage.state === 'unknown' && fields.stage.reason).toMatch(/no label "Stage" on this page/);
    expect(fields.probability).toMatchObject({ state: 'unknown', code: 'not_supported' });
    expect(fields.probability.state === 'unknown' && fields.probability.reason).toMatch(/"In-house CRM" mapping does not locate probability/);
  });

  it('does not read its own badges back as values', () => {
    const html = `<body><span>Owner</span><span class="v">Jane<span data-deal-hygiene="field">Stale 30 days</span></span></body>`;
    expect(value(read(html, mappingOf({ fields: { owner: { labels: ['Owner'] } } })).snapshot, 'owner')).toBe('Jane');
  });
});

describe('genericAdapter: reading by selector', () => {
  it('reads the matched element: its text, or its control value', () => {
    const html = `<body><h1 id="t">Acme renewal</h1><div id="amt"><input></div><select id="own"><option>Ann</option><option>Bo</option></select>
      <div class="ghost" hidden>9</div><div class="ghost">10</div></body>`;
    const mapping = mappingOf({ fields: { name: { selector: '#t' }, amount: { selector: '#amt' }, owner: { selector: '#own' }, probability: { selector: '.ghost' }, stage: { selector: '.nope' } } });
    const { snapshot } = read(html, mapping, undefined, (doc) => {
      (doc.querySelector('#amt input') as HTMLInputElement).value = '1200';
      setValue(doc, '#own', 'Bo');
    });
    expect(value(snapshot, 'name')).toBe('Acme renewal');
    expect(value(snapshot, 'amount')).toEqual({ value: 1200, currency: null });
    expect(value(snapshot, 'owner')).toBe('Bo');
    expect(value(snapshot, 'probability')).toBe(10); // the visible one
    expect(snapshot.fields.stage).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });

  it('adds the mapping\'s currency to amounts shown without one, and reads number inputs as numbers whatever the locale', () => {
    const html = `<html lang="da"><body><input id="a" type="number"><input id="p" type="number"></body></html>`;
    const mapping = mappingOf({ fields: { amount: { selector: '#a' }, probability: { selector: '#p' } }, currency: 'DKK' });
    const { snapshot } = read(html, mapping, undefined, (doc) => {
      setValue(doc, '#a', '125.500');
      setValue(doc, '#p', '12.5');
    });
    expect(value(snapshot, 'amount')).toEqual({ value: 125.5, currency: 'DKK' });
    expect(value(snapshot, 'probability')).toBe(12.5);
  });
});

describe('genericAdapter: dates in the mapping\'s order', () => {
  const html = `<html lang="en-US"><body><span>Close date</span><span>03/04/2026</span></body></html>`;
  it.each([
    [undefined, '2026-03-04'],
    ['dmy', '2026-04-03'],
    ['mdy', '2026-03-04'],
  ] as const)('dateOrder %s reads 03/04/2026 as %s', (dateOrder, expected) => {
    expect(value(read(html, mappingOf({ fields: { closeDate: { labels: ['Close date'] } }, ...(dateOrder ? { dateOrder } : {}) })).snapshot, 'closeDate')).toBe(expected);
  });

  it('takes the mapping\'s locale over the page\'s', () => {
    expect(value(read(html, mappingOf({ fields: { closeDate: { labels: ['Close date'] } }, locale: 'en-GB' })).snapshot, 'closeDate')).toBe('2026-04-03');
  });

  it('reads ymd dates with two-digit years', () => {
    const page = `<body><span>Close date</span><span>26-11-27</span></body>`;
    expect(value(read(page, mappingOf({ fields: { closeDate: { labels: ['Close date'] } }, dateOrder: 'ymd' })).snapshot, 'closeDate')).toBe('2026-11-27');
  });
});

describe('genericAdapter: qualification evidence', () => {
  const html = `<body>
    <label><input type="checkbox" id="eb"> Economic buyer met</label>
    <span>Pain</span><textarea id="pain"></textarea>
    <span>Champion</span><span></span>
  </body>`;
  const mapping = mappingOf({
    qualification: { 'economic-buyer': { selector: '#eb' }, 'identify-pain': { labels: ['Pain'] }, champion: { labels: ['Champion'] }, competition: { labels: ['Competitor'] } },
  });

  it('reads ticked boxes and filled fields as evidence by criterion', () => {
    const { fields } = read(html, mapping, undefined, (doc) => {
      (doc.querySelector('#eb') as HTMLInputElement).checked = true;
      setValue(doc, '#pain', 'Manual provisioning costs two FTEs');
    });
    expect(fields.qualification).toMatchObject({ state: 'value', value: { 'economic-buyer': 'true', 'identify-pain': 'Manual provisioning costs two FTEs' } });
  });

  it('is empty when every criterion found is blank, unknown when none is on the page', () => {
    expect(read(html, mapping).fields.qualification.state).toBe('empty');
    expect(read('<body></body>', mapping).fields.qualification).toMatchObject({ state: 'unknown', code: 'not_on_page' });
  });
});

describe('genericAdapter: detection and keys', () => {
  const adapter = genericAdapter(mappingOf({ recordId: { pattern: '#[^/]+/model/crm\\.opportunity/(\\d+)' } }));

  it('is a record page only when a pattern covers the URL and the record id pattern finds an id (hash included)', () => {
    expect(adapter.detect(new URL('http://127.0.0.1:8000/#acme/model/crm.opportunity/7'))).toEqual({ kind: 'record', recordId: '7' });
    expect(adapter.detect(new URL('http://127.0.0.1:8000/#acme/model/crm.opportunity'))).toBeNull();
    expect(adapter.detect(new URL('https://elsewhere.test/#acme/model/crm.opportunity/7'))).toBeNull();
    expect(adapter.read(parsePage('<body></body>'), new URL('https://elsewhere.test/'), { now: NOW }).snapshots).toEqual([]);
  });

  it('keys deals by mapping, host with port, and record id', () => {
    expect(genericDealKey('tryton', new URL('http://127.0.0.1:8000/#x'), '7')).toBe('generic:tryton:127.0.0.1:8000:7');
    expect(adapter.id).toBe('generic');
    expect(adapter.name).toBe('In-house CRM');
    expect(adapter.matches).toEqual(['https://crm.acme.test/*', 'http://127.0.0.1/*']);
    expect(adapter.rereadEveryMs).toBe(GENERIC_REREAD_MS);
  });

  it('compares labels trimmed, case-insensitively, without trailing ":" or "*"', () => {
    expect(normaliseLabel('  Close   Date *: ')).toBe('close date');
    expect(normaliseLabel('* Beløb')).toBe('beløb');
    expect(normaliseLabel('Ｅtape：')).toBe('ｅtape');
  });
});

describe('genericAdapter: anchors', () => {
  const html = `<body><h1>Deal 42</h1>
    <div class="f"><label for="amount">Amount</label><span class="wrap"><input id="amount"></span></div>
    <div class="f"><span>Stage</span><span id="stage">Proposal</span></div></body>`;

  it('puts a field\'s badge in its value element, or beside a form control, and the chip on the name or the main heading', () => {
    const mapping = mappingOf({ fields: { amount: { labels: ['Amount'] }, stage: { labels: ['Stage'] } } });
    const { doc, adapter, result } = read(html, mapping);
    expect(adapter.anchor(doc, result.scope, 'stage')).toBe(doc.querySelector('#stage'));
    expect(adapter.anchor(doc, result.scope, 'amount')).toBe(doc.querySelector('.wrap'));
    expect(adapter.anchor(doc, result.scope, 'owner')).toBeNull();
    expect(adapter.anchor(doc, result.scope, 'title')).toBe(doc.querySelector('h1'));
    const named = genericAdapter(mappingOf({ fields: { name: { selector: '#stage' } } }));
    expect(named.anchor(doc, null, 'title')).toBe(doc.querySelector('#stage'));
  });

  it('finds the element again when the page replaced it after the read', () => {
    const mapping = mappingOf({ fields: { stage: { labels: ['Stage'] } } });
    const { doc, adapter, result } = read(html, mapping);
    const old = doc.querySelector('#stage')!;
    const replacement = doc.createElement('span');
    replacement.textContent = 'Negotiation';
    old.replaceWith(replacement);
    expect(adapter.anchor(doc, result.scope, 'stage')).toBe(replacement);
  });
});
