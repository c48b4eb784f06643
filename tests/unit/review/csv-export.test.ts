import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvFileName, guardCell, rowsToCsv } from '../../../src/review/csv-export';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import en from '../../../public/_locales/en/messages.json';
import da from '../../../public/_locales/da/messages.json';
import { amount, date, empty, named, owner, row, stage, unknown } from './deals';

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');

const parse = (csv: string) => {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
};

describe('guardCell', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula', () => {
    for (const dangerous of ['=HYPERLINK("http://x","y")', '+1+cmd|calc', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(guardCell(dangerous)).toBe(`'${dangerous}`);
    }
    for (const safe of ['Acme', ' =not first', '10 %', "'quoted"]) expect(guardCell(safe)).toBe(safe);
  });
});

describe('rowsToCsv', () => {
  const rows = [
    row({
      id: 'A1',
      fields: { name: named('=cmd|"/c calc"!A1'), owner: owner('Dana Seller'), amount: amount(-1500.5), stage: stage('Negotiation/Review', 'commit'), lastActivityDate: date(-30), lastModifiedDate: date(-30) },
    }),
    row({ id: 'B2', fields: { name: named('Hooli, "the big one"'), owner: unknown('owner not on the page'), amount: empty(), closeDate: unknown('unparseable') }, imported: true }),
  ];

  it('writes a header in the UI language and one line per row in the order given', () => {
    const [header, first, second] = parse(rowsToCsv(rows, tEn));
    expect(header).toEqual([
      'Deal', 'Owner', 'Stage', 'Stage group', 'Amount', 'Currency', 'Close date', 'Hygiene', 'Qualification',
      'Critical', 'Warning', 'Info', 'Rules with findings', 'Last seen', 'Source', 'CRM', 'Link',
    ]);
    expect(first!.slice(0, 13)).toEqual(["'=cmd|\"/c calc\"!A1", 'Dana Seller', 'Negotiation/Review', 'Commit', '-1500.5', 'EUR', '2026-07-01', '50', '', '2', '0', '0', `${tEn('rule_stale_activity__name')}; ${tEn('rule_stale_record__name')}`]);
    expect(first!.slice(14)).toEqual(['Seen in the CRM', 'salesforce', 'https://acme.lightning.force.com/lightning/r/Opportunity/A1/view']);
    expect(second!.slice(0, 7)).toEqual(['Hooli, "the big one"', 'Could not read', 'Proposal/Price Quote', 'Propose', '', '', 'Could not read']);
    expect(second![14]).toBe('Imported');
    expect(second![16]).toBe('');
  });

  it('keeps numbers as numbers: a negative amount is not mistaken for a formula', () => {
    const [, first] = parse(rowsToCsv(rows, tEn));
    expect(first![4]).toBe('-1500.5');
  });

  it('translates headers and values', () => {
    const [header, first] = parse(rowsToCsv(rows, tDa));
    expect(header!.slice(0, 3)).toEqual(['Salgsmulighed', 'Ejer', 'Fase']);
    expect(first![14]).toBe('Set i CRM');
  });

  it('names the file by the day', () => {
    expect(csvFileName('2026-06-01')).toBe('deal-hygiene-pipeline-2026-06-01.csv');
  });
});
