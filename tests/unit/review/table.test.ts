import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, filterRows, isFiltered, OWNER_UNREAD, ownerOptions, ruleOptions, type ReviewFilter } from '../../../src/review/filter';
import { DEFAULT_SORT, nextSort, sortRows } from '../../../src/review/sort';
import { amount, date, empty, known, named, owner, row, stage, unknown } from './deals';

const rows = [
  row({ id: 'A1', fields: { name: named('Acme renewal'), owner: owner('Dana Seller'), amount: amount(250_000), stage: stage('Proposal/Price Quote', 'propose') } }),
  // Stale commit: critical stale-activity and stale-record.
  row({
    id: 'B2',
    fields: {
      name: named('Globex expansion'),
      owner: owner('  sam   REP '),
      amount: amount(90_000),
      stage: stage('Negotiation/Review', 'commit'),
      lastActivityDate: date(-30),
      lastModifiedDate: date(-30),
    },
  }),
  // Warnings only: close date past and no next step.
  row({ id: 'C3', fields: { name: named('Initech pilot'), owner: owner('Sam Rep'), amount: unknown('no amount column'), closeDate: date(-12), nextStep: empty() } }),
  row({ id: 'D4', fields: { name: named('Umbrella'), owner: unknown('owner not on the page'), amount: amount(10_000, 'USD'), stage: stage('Closed Won', 'won') }, imported: true }),
  row({ id: 'E5', fields: { name: named('Hooli'), owner: owner('Dana Seller'), amount: empty(), stage: stage('Custom phase', null) }, imported: true }),
];
const byName = (list: typeof rows) => list.map((r) => r.name.value);
const filter = (change: Partial<ReviewFilter>) => byName(filterRows(rows, { ...EMPTY_FILTER, ...change }));

describe('review rows', () => {
  it('flattens a deal: tri-state cells, counts per severity, worst severity and rules', () => {
    const stale = rows[1]!;
    expect(stale.owner).toEqual({ state: 'value', value: '  sam   REP ' });
    expect(stale.ownerKey).toBe('sam rep');
    expect(stale.counts).toEqual({ critical: 2, warning: 0, info: 0 });
    expect(stale.worst).toBe('critical');
    expect([...stale.rules].sort()).toEqual(['stale-activity', 'stale-record']);
    const unread = rows[2]!.amount;
    expect(unread.state).toBe('unknown');
    expect(unread.reason).toBe('no amount column');
    expect(rows[4]!.amount).toEqual({ state: 'empty', value: null });
    expect(rows[3]!.open).toBe(false);
    expect(rows[0]!.worst).toBeNull();
  });

  it('gives no qualification score to a deal without any qualification evidence (unknown, not 0)', () => {
    expect(rows[0]!.deal.verdict.qualification?.value).toBe(0);
    expect(rows[0]!.qualification).toBeNull();
    const evidenced = row({ id: 'Q1', fields: { qualification: known({ 'economic-buyer': 'CFO signs off' }, 'CFO signs off') } });
    expect(evidenced.qualification).toBe(evidenced.deal.verdict.qualification!.value);
    expect(evidenced.qualification).toBeGreaterThan(0);
  });
});

describe('filterRows', () => {
  it('returns every row, in order, without a filter', () => {
    expect(isFiltered(EMPTY_FILTER)).toBe(false);
    expect(filter({})).toEqual(byName(rows));
  });

  it('filters by owner ignoring case and spacing, and by an unreadable owner', () => {
    expect(filter({ owner: 'Sam Rep' })).toEqual(['Globex expansion', 'Initech pilot']);
    expect(filter({ owner: 'dana seller' })).toEqual(['Acme renewal', 'Hooli']);
    expect(filter({ owner: OWNER_UNREAD })).toEqual(['Umbrella']);
  });

  it('filters by stage: open, a canonical stage, unmapped labels', () => {
    expect(filter({ stage: 'open' })).toEqual(['Acme renewal', 'Globex expansion', 'Initech pilot', 'Hooli']);
    expect(filter({ stage: 'commit' })).toEqual(['Globex expansion']);
    expect(filter({ stage: 'won' })).toEqual(['Umbrella']);
    expect(filter({ stage: 'unmapped' })).toEqual(['Hooli']);
  });

  it('filters by severity (has at least one) and by no findings', () => {
    expect(filter({ severity: 'critical' })).toEqual(['Globex expansion']);
    // Hooli's blank amount is a warning (amount-missing).
    expect(filter({ severity: 'warning' })).toEqual(['Initech pilot', 'Hooli']);
    expect(filter({ severity: 'none' })).toEqual(['Acme renewal', 'Umbrella']);
  });

  it('filters by rule and by source', () => {
    expect(filter({ rule: 'close-date-past' })).toEqual(['Initech pilot']);
    expect(filter({ source: 'imported' })).toEqual(['Umbrella', 'Hooli']);
    expect(filter({ source: 'seen' })).toEqual(['Acme renewal', 'Globex expansion', 'Initech pilot']);
  });

  it('matches every word of the search anywhere in name, owner and stage', () => {
    expect(filter({ text: 'GLOBEX' })).toEqual(['Globex expansion']);
    expect(filter({ text: 'dana hoo' })).toEqual(['Hooli']);
    expect(filter({ text: 'negotiation' })).toEqual(['Globex expansion']);
    expect(filter({ text: 'nothing like this' })).toEqual([]);
    // The record id is searchable; the org's host, which every deal shares, is not.
    expect(filter({ text: 'b2' })).toEqual(['Globex expansion']);
    expect(filter({ text: 'acme' })).toEqual(['Acme renewal']);
  });

  it('combines filters', () => {
    expect(filter({ owner: 'Sam Rep', severity: 'warning', text: 'pilot' })).toEqual(['Initech pilot']);
    expect(filter({ owner: 'Sam Rep', source: 'imported' })).toEqual([]);
  });
});

describe('filter options', () => {
  it('lists owners once each, sorted, and counts unreadable owners', () => {
    expect(ownerOptions(rows, 'en')).toEqual({ owners: ['Dana Seller', 'sam   REP'], unread: 1 });
  });

  it('lists the rules with findings, most deals first', () => {
    expect(ruleOptions(rows)).toEqual([
      { ruleId: 'amount-missing', deals: 1 },
      { ruleId: 'close-date-past', deals: 1 },
      { ruleId: 'next-step-missing', deals: 1 },
      { ruleId: 'stale-activity', deals: 1 },
      { ruleId: 'stale-record', deals: 1 },
    ]);
  });
});

describe('sortRows', () => {
  it('sorts by hygiene score, worst first by default', () => {
    const sorted = sortRows(rows, DEFAULT_SORT, 'en');
    expect(sorted[0]!.name.value).toBe('Globex expansion');
    expect(sorted.map((r) => r.hygiene)).toEqual([...sorted.map((r) => r.hygiene)].sort((a, b) => a - b));
  });

  it('puts missing values last in both directions', () => {
    const up = byName(sortRows(rows, { column: 'amount', direction: 'ascending' }, 'en'));
    const down = byName(sortRows(rows, { column: 'amount', direction: 'descending' }, 'en'));
    expect(up).toEqual(['Umbrella', 'Globex expansion', 'Acme renewal', 'Hooli', 'Initech pilot']);
    expect(down).toEqual(['Acme renewal', 'Globex expansion', 'Umbrella', 'Hooli', 'Initech pilot']);
  });

  it('sorts names with the locale collator, stages in pipeline order, findings by worst severity', () => {
    expect(byName(sortRows(rows, { column: 'name', direction: 'descending' }, 'en'))).toEqual(['Umbrella', 'Initech pilot', 'Hooli', 'Globex expansion', 'Acme renewal']);
    // propose (A1, C3: default stage) < commit < won < unmapped.
    expect(byName(sortRows(rows, { column: 'stage', direction: 'ascending' }, 'en'))).toEqual(['Acme renewal', 'Initech pilot', 'Globex expansion', 'Umbrella', 'Hooli']);
    expect(byName(sortRows(rows, { column: 'findings', direction: 'descending' }, 'en')).slice(0, 2)).toEqual(['Globex expansion', 'Initech pilot']);
  });

  it('does not change the input', () => {
    const before = byName(rows);
    sortRows(rows, { column: 'name', direction: 'descending' }, 'en');
    expect(byName(rows)).toEqual(before);
  });

  it('a header click flips the same column and starts another in its own direction', () => {
    expect(nextSort({ column: 'name', direction: 'ascending' }, 'name')).toEqual({ column: 'name', direction: 'descending' });
    expect(nextSort({ column: 'name', direction: 'descending' }, 'amount')).toEqual({ column: 'amount', direction: 'descending' });
    expect(nextSort({ column: 'amount', direction: 'descending' }, 'closeDate')).toEqual({ column: 'closeDate', direction: 'ascending' });
  });
});

describe('5,000 deals', () => {
  // Time is measured by the benchmark (scripts/bench/review-page.ts), not asserted here.
  it('filters a sorted 5,000-deal table and keeps its order', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...rows[i % rows.length]!, key: `k${String(i).padStart(4, '0')}`, search: `${rows[i % rows.length]!.search} deal${i}` }));
    const sorted = sortRows(many, DEFAULT_SORT, 'en');
    const result = filterRows(sorted, { ...EMPTY_FILTER, owner: 'Sam Rep', severity: 'critical', text: 'globex' });
    expect(result).toHaveLength(1000);
    expect(result.every((r) => r.name.value === 'Globex expansion')).toBe(true);
    // The sorted order survives: keys of equal rows stay in key order.
    expect(result.map((r) => r.key)).toEqual([...result.map((r) => r.key)].sort());
  });
});
