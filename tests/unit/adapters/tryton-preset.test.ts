import { describe, expect, it } from 'vitest';
import { genericAdapter } from '../../../src/adapters/generic';
import { presets } from '../../../src/adapters/presets';
import tryton from '../../../src/adapters/presets/tryton';
import { mapStage } from '../../../src/adapters/stage-mapping';
import { crmMappingSchema, type CrmMapping } from '../../../src/model/crm-mapping';
import { dealSnapshotSchema, FIELD_NAMES, type CanonicalStage } from '../../../src/model/deal';
import { listFixtures, parsePage, type Fixture } from '../../helpers/fixtures';

/**
 * The Tryton preset read by the generic adapter against pages saved from a real Tryton 6.0 (sao), seeded by
 * scripts/tryton/seed.py. The fixtures live with the other mappings' pages (tests/fixtures/generic); a sidecar's
 * `mapping` names the mapping that reads it. The pages' server ran on 127.0.0.1:8124: the preset with that address,
 * as a user sets it for their own server.
 */
const mapping: CrmMapping = { ...tryton, matches: ['http://127.0.0.1/*'] };
const adapter = genericAdapter(mapping);
const fixtures = listFixtures('generic').filter((fixture) => (fixture.sidecar as { mapping?: string }).mapping === 'tryton');

const read = (fixture: Fixture, doc = parsePage(fixture.html), url = fixture.sidecar.url) =>
  adapter.read(doc, new URL(url), { now: new Date(fixture.sidecar.now) });
const fixture = (name: string) => fixtures.find((candidate) => candidate.name === name)!;

describe('the Tryton preset', () => {
  it('is a valid mapping, offered among the presets', () => {
    expect(crmMappingSchema.parse(tryton)).toEqual(tryton);
    expect(presets).toContain(tryton);
    expect(tryton.id).toBe('tryton');
  });

  it('maps only the fields a Tryton opportunity form has', () => {
    expect(Object.keys(tryton.fields).sort()).toEqual(['amount', 'closeDate', 'createdDate', 'name', 'owner', 'probability', 'stage']);
    expect(tryton.qualification).toEqual({});
  });
});

describe('Tryton record addresses', () => {
  const detect = (url: string) => adapter.detect(new URL(url));

  it('finds the opportunity id in sao\'s #hash, with or without its parameters', () => {
    expect(detect('http://127.0.0.1:8000/#deal_hygiene/model/sale.opportunity/12')).toEqual({ kind: 'record', recordId: '12' });
    expect(detect('http://127.0.0.1:8000/#tryton/model/sale.opportunity/7;name=%22Sale%20Opportunity%22&views=%5Bnull%5D')).toEqual({
      kind: 'record',
      recordId: '7',
    });
    expect(detect('http://127.0.0.1:8124/#prod-2026/model/sale.opportunity/9;name="Sales / Leads and Opportunities"')).toEqual({ kind: 'record', recordId: '9' });
  });

  it('claims no list, new record, other model or other server', () => {
    for (const url of [
      'http://127.0.0.1:8000/#tryton/model/sale.opportunity;name=%22Sales%20%2F%20Leads%20and%20Opportunities%22',
      'http://127.0.0.1:8000/#tryton/model/sale.opportunity/-1',
      'http://127.0.0.1:8000/#tryton/model/sale.opportunity.line/4',
      'http://127.0.0.1:8000/#tryton/model/sale.sale/4',
      'http://127.0.0.1:8000/#tryton/model/sale.opportunity/4x',
      'http://127.0.0.1:8000/#tryton',
      'http://crm.example.com/#tryton/model/sale.opportunity/4',
    ]) {
      expect(detect(url), url).toBeNull();
    }
  });

  it('ships with trytond\'s default address, which the user changes to their server\'s', () => {
    expect(genericAdapter(tryton).detect(new URL('http://localhost:8000/#tryton/model/sale.opportunity/3'))).toEqual({ kind: 'record', recordId: '3' });
    expect(genericAdapter(tryton).detect(new URL('http://127.0.0.1:8124/#tryton/model/sale.opportunity/3'))).toBeNull();
  });
});

describe('Tryton pages saved from sao', () => {
  it('has the English, blank and German pages', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual(['tryton-opportunity-blank-en', 'tryton-opportunity-de', 'tryton-opportunity-en']);
  });

  for (const page of fixtures) {
    describe(page.name, () => {
      const result = read(page);
      const expected = page.sidecar.snapshots[0]!;

      it('is a record page, read as one valid snapshot with the sidecar\'s key', () => {
        expect(adapter.detect(new URL(page.sidecar.url))?.kind).toBe(page.sidecar.pageKind);
        expect(result.snapshots.map((snapshot) => snapshot.key)).toEqual([expected.key]);
        expect(() => dealSnapshotSchema.parse(result.snapshots[0])).not.toThrow();
      });

      it('reads every field exactly as the sidecar says; what Tryton lacks is "not supported", never empty', () => {
        const fields = result.snapshots[0]!.fields;
        for (const name of FIELD_NAMES) {
          const want = expected.fields[name]!;
          const got = fields[name];
          expect(got.state, `${name} state`).toBe(want.state);
          if (want.state === 'value') expect(got.state === 'value' && got.value, `${name} value`).toEqual(want.value);
          if (got.state === 'unknown') expect(got.code, `${name} code`).toBe('not_supported');
        }
      });
    });
  }
});

describe('how sao renders a record', () => {
  it('reads values that live only in the controls\' properties, as sao sets them', () => {
    const page = fixture('tryton-opportunity-en');
    const doc = parsePage(page.html);
    // The saved page carries the values as attributes (copied when saving); the live page has them as properties.
    for (const input of Array.from(doc.querySelectorAll('input'))) {
      const value = input.getAttribute('value') ?? '';
      input.removeAttribute('value');
      input.value = value;
    }
    const select = doc.querySelector<HTMLSelectElement>('#tabcontent > .tab-pane.active select[name="state"]')!;
    const chosen = select.selectedIndex;
    for (const option of Array.from(select.options)) option.removeAttribute('selected');
    select.selectedIndex = chosen;
    expect(read(page, doc).snapshots[0]!.fields).toEqual(read(page).snapshots[0]!.fields);
  });

  it('reads the tab on screen, not another opportunity open in a hidden tab', () => {
    const page = fixture('tryton-opportunity-en');
    const doc = parsePage(page.html);
    const tabs = Array.from(doc.querySelectorAll('#tabcontent > .tab-pane'));
    // sao keeps every open tab in the DOM; only the stylesheet hides the inactive ones.
    expect(tabs.map((tab) => tab.classList.contains('active'))).toEqual([false, true]);
    expect(tabs.map((tab) => tab.querySelector<HTMLInputElement>('.form input[name="description"]')!.value)).toEqual([
      'Globex – 120 seats',
      'Initech – support renewal',
    ]);
    expect(read(page, doc).snapshots[0]!.fields.name).toMatchObject({ state: 'value', value: 'Initech – support renewal' });

    // The user switches to the first tab: sao moves `active` and rewrites the address.
    tabs[1]!.classList.remove('active');
    tabs[0]!.classList.add('active');
    const fields = read(page, doc, 'http://127.0.0.1:8124/#deal_hygiene/model/sale.opportunity/1;name=%22Sale%20Opportunity%22').snapshots[0]!.fields;
    expect(fields.name).toMatchObject({ value: 'Globex – 120 seats' });
    expect(fields.amount).toMatchObject({ value: { value: 46000, currency: null } });
    expect(fields.closeDate).toMatchObject({ value: '2026-12-22' });
  });

  it('reads nothing as blank while sao is still loading the record into the form', () => {
    const page = fixture('tryton-opportunity-en');
    const doc = parsePage(page.html);
    const form = doc.querySelector('#tabcontent > .tab-pane.active .form')!;
    // What sao shows before the record arrives: every widget blank, nothing chosen, Number not marked read-only yet.
    for (const input of Array.from(form.querySelectorAll('input'))) {
      input.removeAttribute('value');
      input.value = '';
    }
    const select = form.querySelector<HTMLSelectElement>('select[name="state"]')!;
    for (const option of Array.from(select.options)) option.removeAttribute('selected');
    select.selectedIndex = -1;
    form.querySelector('input[name="number"]')!.closest('.form-char')!.classList.remove('readonly');

    const fields = read(page, doc).snapshots[0]!.fields;
    for (const name of Object.keys(tryton.fields) as (keyof typeof fields)[]) {
      expect(fields[name], name).toMatchObject({ state: 'unknown', code: 'not_on_page' });
    }
    // Once sao has displayed the record, the same blank widgets are blank fields.
    form.querySelector('input[name="number"]')!.closest('.form-char')!.classList.add('readonly');
    expect(read(page, doc).snapshots[0]!.fields.closeDate).toMatchObject({ state: 'empty' });
  });

  it('puts each field\'s badge next to its control in the tab on screen', () => {
    const page = fixture('tryton-opportunity-en');
    const doc = parsePage(page.html);
    const result = read(page, doc);
    for (const target of ['closeDate', 'amount', 'stage', 'owner'] as const) {
      const place = adapter.anchor(doc, result.scope, target);
      expect(place, target).not.toBeNull();
      expect(place!.closest('#tabcontent > .tab-pane')?.classList.contains('active'), target).toBe(true);
    }
    expect(adapter.anchor(doc, result.scope, 'lastActivityDate')).toBeNull();
  });
});

describe('Tryton states → canonical stages', () => {
  const expectations: [string, CanonicalStage][] = [
    ['Lead', 'prospect'],
    ['Opportunity', 'qualify'],
    ['Converted', 'propose'],
    ['Won', 'won'],
    ['Lost', 'lost'],
    ['Cancelled', 'lost'],
    ['Interessent', 'prospect'],
    ['Verkaufschance', 'qualify'],
    ['Umgewandelt', 'propose'],
    ['Gewonnen', 'won'],
    ['Verlust', 'lost'],
    ['Annulliert', 'lost'],
    ['Opportunité', 'qualify'],
    ['Gagnée', 'won'],
    ['Oportunidad', 'qualify'],
    ['Convertida', 'propose'],
    ['Geannuleerd', 'lost'],
  ];
  it.each(expectations)('%s → %s', (label, stage) => expect(mapStage(label, tryton.stageMapping)).toBe(stage));

  it('maps every state sao offers on the saved pages, in English and German', () => {
    for (const name of ['tryton-opportunity-en', 'tryton-opportunity-de']) {
      const doc = parsePage(fixture(name).html);
      const options = Array.from(doc.querySelectorAll('#tabcontent > .tab-pane.active select[name="state"] option')).map((option) => option.textContent!.trim());
      expect(options).toHaveLength(6);
      for (const label of options) expect(mapStage(label, tryton.stageMapping), `${name}: ${label}`).not.toBeNull();
    }
  });
});
