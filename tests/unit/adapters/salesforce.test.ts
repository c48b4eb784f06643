import { describe, expect, it } from 'vitest';
import salesforce from '../../../src/adapters/salesforce';
import { dealSnapshotSchema, FIELD_NAMES } from '../../../src/model/deal';
import { listFixtures, parsePage } from '../../helpers/fixtures';

const fixtures = listFixtures('salesforce');

describe('salesforce adapter against its fixture pages', () => {
  it('has fixtures for layouts, Dynamic Forms, Danish, unreadable and hostile pages', () => {
    expect(fixtures.map((fixture) => fixture.name)).toEqual(
      expect.arrayContaining(['record-layout-en', 'record-dynamic-forms-da', 'record-unreadable', 'record-garbage']),
    );
  });

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      const doc = parsePage(fixture.html);
      const url = new URL(fixture.sidecar.url);
      const { snapshots } = salesforce.read(doc, url, { now: new Date(fixture.sidecar.now) });

      it('reads one valid snapshot with the expected key', () => {
        expect(snapshots).toHaveLength(fixture.sidecar.snapshots.length);
        expect(() => dealSnapshotSchema.parse(snapshots[0])).not.toThrow();
        expect(snapshots[0]!.key).toBe(fixture.sidecar.snapshots[0]!.key);
        expect(snapshots[0]!.capturedAt).toBe(fixture.sidecar.now);
      });

      for (const field of FIELD_NAMES) {
        it(`reads ${field} exactly as the sidecar says`, () => {
          const expected = fixture.sidecar.snapshots[0]!.fields[field];
          expect(expected, `sidecar lacks ${field}`).toBeDefined();
          const actual = snapshots[0]!.fields[field];
          expect(actual.state).toBe(expected!.state);
          if (expected!.state === 'value') expect(actual.state === 'value' && actual.value).toEqual(expected!.value);
          if (actual.state === 'unknown') expect(actual.reason.length).toBeGreaterThan(5);
        });
      }
    });
  }

  it('ignores the earlier, hidden view Lightning keeps in the DOM', () => {
    const fixture = fixtures.find((f) => f.name === 'record-layout-en')!;
    const doc = parsePage(fixture.html);
    expect(doc.body.textContent).toContain('Initech - Pilot');
    const [snapshot] = salesforce.read(doc, new URL(fixture.sidecar.url), { now: new Date(fixture.sidecar.now) }).snapshots;
    expect(snapshot!.fields.name).toMatchObject({ state: 'value', value: 'Acme Corp - 500 Seats' });
  });

  it('reads the detail section, not the truncated highlights panel', () => {
    const fixture = fixtures.find((f) => f.name === 'record-layout-en')!;
    const doc = parsePage(fixture.html);
    expect(doc.querySelector('.active records-highlights2')!.textContent).toContain('$480,0…');
    const [snapshot] = salesforce.read(doc, new URL(fixture.sidecar.url), { now: new Date(fixture.sidecar.now) }).snapshots;
    expect(snapshot!.fields.amount).toMatchObject({ state: 'value', value: { value: 480000, currency: 'USD' } });
  });

  it('finds anchors for the title and for fields on the page, none for fields that are not', () => {
    const fixture = fixtures.find((f) => f.name === 'record-layout-en')!;
    const doc = parsePage(fixture.html);
    const { scope } = salesforce.read(doc, new URL(fixture.sidecar.url), { now: new Date(fixture.sidecar.now) });
    expect(salesforce.anchor(doc, scope, 'title')?.textContent).toContain('Acme Corp - 500 Seats');
    // Field badges go next to the value, in the active view's detail section.
    const closeDate = salesforce.anchor(doc, scope, 'closeDate');
    expect(closeDate?.textContent).toBe('11/15/2026');
    expect(closeDate?.closest('.windowViewMode-normal.active')).not.toBeNull();
    expect(closeDate?.closest('records-highlights2')).toBeNull();
    // Next step sits in a shadow root: its anchor is found there.
    const nextStep = salesforce.anchor(doc, scope, 'nextStep');
    expect(nextStep?.classList.contains('test-id__field-value')).toBe(true);
    expect(nextStep?.getRootNode()).toBeInstanceOf(ShadowRoot);
    expect(salesforce.anchor(doc, scope, 'contacts')).toBeNull();
  });

  it('says why each unread field is unknown, as a code the UI translates', () => {
    const codeOf = (name: string, field: (typeof FIELD_NAMES)[number]) => {
      const fixture = fixtures.find((f) => f.name === name)!;
      const [snapshot] = salesforce.read(parsePage(fixture.html), new URL(fixture.sidecar.url), { now: new Date(fixture.sidecar.now) }).snapshots;
      const value = snapshot!.fields[field];
      return value.state === 'unknown' ? value.code : value.state;
    };
    expect(codeOf('record-unreadable', 'closeDate')).toBe('not_on_page');
    expect(codeOf('record-layout-en', 'contacts')).toBe('not_supported');
    expect(codeOf('record-garbage', 'closeDate')).toBe('unparseable');
    expect(codeOf('record-layout-en-globex', 'createdDate')).toBe('not_on_page');
  });

  it('keeps hostile text as text', () => {
    const fixture = fixtures.find((f) => f.name === 'record-garbage')!;
    const doc = parsePage(fixture.html);
    const [snapshot] = salesforce.read(doc, new URL(fixture.sidecar.url), { now: new Date(fixture.sidecar.now) }).snapshots;
    expect(snapshot!.fields.name).toMatchObject({ state: 'value' });
    expect(doc.querySelectorAll('img[src="x"]')).toHaveLength(0);
  });

  it('reads a Lightning page without any active view as entirely unknown', () => {
    const doc = parsePage('<html lang="en"><body><div class="windowViewMode-normal oneContent"></div></body></html>');
    const [snapshot] = salesforce.read(doc, new URL('https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view'), {
      now: new Date('2026-11-27T09:00:00Z'),
    }).snapshots;
    for (const field of FIELD_NAMES) expect(snapshot!.fields[field].state).toBe('unknown');
  });
});
