import { describe, expect, it } from 'vitest';
import { chunks, emptyMapping, exampleOf, presetMapping, previewImport, readHeader } from '../../../src/review/import-flow';

const SALESFORCE = [
  'Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Opportunity ID,Probability (%)',
  'Dana Seller,Acme – 500 seats,Proposal/Price Quote,"€250,000.00",7/1/2026,0065g00000AbCdE,60',
  'Sam Rep,Globex,Negotiation/Review,"€90,000.00",not a date,0065g00000XyZ12,80',
  ',,,,,,',
  'Sam Rep,Initech,Prospecting,100,7/1/2026,,10',
  'just,two',
].join('\n');

const CUSTOM = ['Deal;Eier;Verdi;Lukkes', 'Fjord AS;Kari;1.250.000,00 kr.;27.11.2026', 'Nordlys;Ola;300.000,00 kr.;01.12.2026'].join('\n');

describe('readHeader', () => {
  it('reads the header, detects the export and keeps sample rows', () => {
    const read = readHeader(SALESFORCE);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.header[1]).toBe('Opportunity Name');
    expect(read.detected).toBe('salesforce');
    // Blank lines are no example; the short row is.
    expect(read.sample.map((cells) => cells[1])).toEqual(['Acme – 500 seats', 'Globex', 'Initech']);
    expect(exampleOf(read.header, read.sample, 'Amount')).toBe('€250,000.00');
    expect(exampleOf(read.header, read.sample, 'Missing')).toBe('');
  });

  it('recognises no layout in a custom export, and reports an empty file', () => {
    const read = readHeader(CUSTOM);
    expect(read.ok && read.detected).toBeNull();
    expect(readHeader('\n\n')).toEqual({ ok: false, error: 'the file is empty: no header row' });
  });
});

describe('presetMapping', () => {
  it("maps each field to the preset's column and leaves the others unmapped", () => {
    const read = readHeader(SALESFORCE);
    if (!read.ok) throw new Error('unreadable');
    const mapping = presetMapping(read.header, 'salesforce');
    expect(mapping).toMatchObject({ id: 'Opportunity ID', name: 'Opportunity Name', owner: 'Opportunity Owner', amount: 'Amount', closeDate: 'Close Date', probability: 'Probability (%)', nextStep: '' });
    expect(Object.keys(mapping).sort()).toEqual(Object.keys(emptyMapping()).sort());
  });

  it("takes the generic layout's plain titles", () => {
    const read = readHeader(CUSTOM);
    if (!read.ok) throw new Error('unreadable');
    expect(presetMapping(read.header, 'generic')).toEqual({ ...emptyMapping(), name: 'Deal' });
  });

  it('maps the columns it finds even when no column names the deal', () => {
    expect(presetMapping(['Kunde', 'Amount', 'Eier'], 'generic')).toEqual({ ...emptyMapping(), amount: 'Amount' });
    expect(presetMapping(['Kunde', 'Eier'], 'hubspot')).toEqual(emptyMapping());
    expect(presetMapping([], 'hubspot')).toEqual(emptyMapping());
  });
});

describe('previewImport', () => {
  const base = { preset: 'salesforce' as const, locale: 'en-US', defaultCurrency: '', capturedAt: '2026-06-01T12:00:00.000Z' };

  it('imports the good rows, reports the bad ones by line, and marks unreadable values', () => {
    const read = readHeader(SALESFORCE);
    if (!read.ok) throw new Error('unreadable');
    const preview = previewImport(SALESFORCE, { ...base, mapping: presetMapping(read.header, 'salesforce') });
    if (!preview.ok) throw new Error(preview.error);
    expect(preview.result.rows.map((row) => row.snapshot.key)).toEqual(['salesforce:import:0065g00000AbCdE', 'salesforce:import:0065g00000XyZ12', expect.stringMatching(/^salesforce:import:row-/)]);
    expect(preview.result.rows[1]!.snapshot.fields.closeDate.state).toBe('unknown');
    expect(preview.result.rows[0]!.snapshot.fields.amount).toMatchObject({ state: 'value', value: { value: 250_000, currency: 'EUR' } });
    expect(preview.result.problems).toEqual([{ line: 6, error: 'has 2 columns, the header has 7' }]);
  });

  it('reads a custom export with the columns the user chose, its locale and a default currency', () => {
    const mapping = { ...emptyMapping(), name: 'Deal', owner: 'Eier', amount: 'Verdi', closeDate: 'Lukkes' };
    const preview = previewImport(CUSTOM, { ...base, preset: 'generic', mapping, locale: 'nb-NO', defaultCurrency: 'nok' });
    if (!preview.ok) throw new Error(preview.error);
    const [fjord] = preview.result.rows;
    expect(fjord!.snapshot.key).toMatch(/^generic:import:row-/);
    expect(fjord!.snapshot.fields.amount).toMatchObject({ state: 'value', value: { value: 1_250_000, currency: 'NOK' } });
    expect(fjord!.snapshot.fields.closeDate).toMatchObject({ state: 'value', value: '2026-11-27' });
    expect(fjord!.snapshot.fields.stage.state).toBe('unknown');
  });

  it('says why a mapping cannot import the file', () => {
    const preview = previewImport(CUSTOM, { ...base, preset: 'generic', mapping: { ...emptyMapping(), name: '' } });
    expect(preview.ok).toBe(false);
    expect(!preview.ok && preview.error).toMatch(/no column for the deal name or record id/);
    const wrong = previewImport(CUSTOM, { ...base, preset: 'generic', mapping: { ...emptyMapping(), name: 'Nope' } });
    expect(!wrong.ok && wrong.error).toMatch(/no such column/);
  });
});

describe('chunks', () => {
  it('splits into pieces of at most the size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });
});
