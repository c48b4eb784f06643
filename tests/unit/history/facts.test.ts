import { describe, expect, it } from 'vitest';
import { deriveHistoryFacts } from '../../../src/history/facts';
import type { DealSnapshot } from '../../../src/model/deal';
import { empty, known, makeDeal, stage, unknown, unmappedStage } from '../rules/rule-tester';
import type { DealOverrides } from '../rules/rule-tester';

const TODAY = '2026-03-10';
const KEY = 'salesforce:acme.lightning.force.com:006Hs00001AbCdEIAX';

/** The default deal captured at `day` (09:00 UTC unless `day` is a full timestamp), with overrides. */
function seen(day: string, overrides: DealOverrides = {}): DealSnapshot {
  const capturedAt = day.length === 10 ? `${day}T09:00:00.000Z` : day;
  return makeDeal({ ...overrides, snapshot: { capturedAt, ...overrides.snapshot } });
}

/** Facts with the last snapshot as the judged one. */
function factsOf(snapshots: DealSnapshot[], today = TODAY, timeZone?: string) {
  const current = snapshots.at(-1)!;
  return deriveHistoryFacts(snapshots.slice(0, -1), current, today, timeZone);
}

describe('deriveHistoryFacts', () => {
  describe('a deal seen only once', () => {
    const facts = deriveHistoryFacts([], seen('2026-03-04'), TODAY);

    it('counts one snapshot, first seen on its capture day', () => {
      expect(facts.snapshotCount).toBe(1);
      expect(facts.firstSeenOn).toBe('2026-03-04');
    });

    it('knows the close date without any change', () => {
      expect(facts.closeDate).toEqual({
        firstSeen: '2026-04-30',
        current: '2026-04-30',
        pushCount: 0,
        largestPushDays: 0,
        totalDriftDays: 0,
        lastChangedOn: null,
        daysSinceLastChange: 6,
        timeline: [{ on: '2026-03-04', closeDate: '2026-04-30' }],
      });
    });

    it('only knows the stage was entered at least when first seen', () => {
      expect(facts.stage.enteredOn).toEqual({ value: '2026-03-04', source: 'history' });
      expect(facts.stage.enteredBeforeFirstSeen).toBe(true);
      expect(facts.stage.daysInStage).toBe(6);
      expect(facts.stage.changes).toEqual([
        { from: null, to: 'Proposal/Price Quote', fromCanonical: null, toCanonical: 'propose', on: '2026-03-04', backwards: false },
      ]);
    });

    it('has an amount that has not changed, no change since first seen, and an age from the created date', () => {
      expect(facts.amount).toEqual({ first: 480_000, current: 480_000, changePct: 0 });
      expect(facts.daysSinceAnyChange).toBe(6);
      expect(facts.dealAgeDays).toEqual({ value: 57, source: 'page' });
    });

    it('is the same when the judged snapshot is also in the stored history', () => {
      const current = seen('2026-03-04');
      expect(deriveHistoryFacts([current, structuredClone(current)], current, TODAY)).toEqual(facts);
    });

    it('with no close date, no stage and no amount ever read', () => {
      const bare = deriveHistoryFacts([], seen('2026-03-04', { closeDate: empty(), stage: unknown('not rendered'), amount: unknown('hidden') }), TODAY);
      expect(bare.closeDate).toBeNull();
      expect(bare.stage).toEqual({ enteredOn: null, enteredBeforeFirstSeen: true, daysInStage: null, changes: [] });
      expect(bare.amount).toEqual({ first: null, current: null, changePct: null });
    });
  });

  describe('which snapshots count', () => {
    const sequence = [
      seen('2026-02-01', { closeDate: '2026-03-31' }),
      seen('2026-02-10', { closeDate: '2026-04-15' }),
      seen('2026-02-20', { closeDate: '2026-04-10' }),
      seen('2026-03-01', { closeDate: '2026-04-30' }),
    ];

    it('captures given out of order give the same facts as in order', () => {
      const current = sequence.at(-1)!;
      const shuffled = [sequence[2]!, sequence[0]!, sequence[1]!];
      expect(deriveHistoryFacts(shuffled, current, TODAY)).toEqual(factsOf(sequence));
      expect(factsOf(sequence).closeDate?.timeline.map((t) => t.on)).toEqual(['2026-02-01', '2026-02-10', '2026-02-20', '2026-03-01']);
    });

    it('orders captures by time, not by how the timestamp is written', () => {
      const facts = factsOf([
        seen('2026-02-01T10:00:00+02:00', { closeDate: '2026-03-31' }), // 08:00 UTC: first
        seen('2026-02-01T09:00:00Z', { closeDate: '2026-04-30' }),
        seen('2026-02-02T09:00:00.000Z', { closeDate: '2026-04-30' }),
      ]);
      expect(facts.closeDate?.pushCount).toBe(1);
      expect(facts.closeDate?.firstSeen).toBe('2026-03-31');
    });

    it('counts one snapshot per capture time, whatever its precision', () => {
      const current = seen('2026-03-01T09:00:00.000Z');
      const facts = deriveHistoryFacts([seen('2026-02-01'), seen('2026-03-01T09:00:00Z'), seen('2026-02-01T09:00:00Z')], current, TODAY);
      expect(facts.snapshotCount).toBe(2);
    });

    it('ignores snapshots of other deals', () => {
      const other = seen('2026-01-01', { closeDate: '2026-01-31', snapshot: { key: `${KEY}-other` } });
      const facts = deriveHistoryFacts([other], seen('2026-03-04'), TODAY);
      expect(facts.snapshotCount).toBe(1);
      expect(facts.firstSeenOn).toBe('2026-03-04');
      expect(facts.closeDate?.pushCount).toBe(0);
    });

    it('cuts off at the judged snapshot: later captures do not rewrite its past', () => {
      const judged = sequence[1]!;
      const facts = deriveHistoryFacts(sequence, judged, TODAY);
      expect(facts.snapshotCount).toBe(2);
      expect(facts.closeDate).toMatchObject({ current: '2026-04-15', pushCount: 1, largestPushDays: 15, totalDriftDays: 15, lastChangedOn: '2026-02-10' });
    });

    it('repeated identical visits change nothing', () => {
      const facts = factsOf([seen('2026-02-01'), seen('2026-02-08'), seen('2026-02-15'), seen('2026-02-22')]);
      expect(facts.snapshotCount).toBe(4);
      expect(facts.firstSeenOn).toBe('2026-02-01');
      expect(facts.closeDate).toMatchObject({ pushCount: 0, largestPushDays: 0, totalDriftDays: 0, lastChangedOn: null, daysSinceLastChange: 37 });
      expect(facts.closeDate?.timeline).toHaveLength(1);
      expect(facts.stage.changes).toHaveLength(1);
      expect(facts.stage.daysInStage).toBe(37);
      expect(facts.daysSinceAnyChange).toBe(37);
    });

    it('a different raw text for the same value is not a change', () => {
      const facts = factsOf([seen('2026-02-01'), seen('2026-03-01', { closeDate: known('2026-04-30', '30 Apr 2026') })]);
      expect(facts.closeDate?.lastChangedOn).toBeNull();
      expect(facts.daysSinceAnyChange).toBe(37);
    });

    it('turns capture times into days in the user\'s time zone when given one', () => {
      // 23:30 UTC on 28 Feb is 00:30 on 1 March in Copenhagen.
      const snapshots = [seen('2026-02-28T23:30:00.000Z'), seen('2026-03-09T23:30:00.000Z', { closeDate: '2026-05-31' })];
      expect(factsOf(snapshots, TODAY, 'Europe/Copenhagen')).toMatchObject({
        firstSeenOn: '2026-03-01',
        closeDate: { lastChangedOn: '2026-03-10', daysSinceLastChange: 0 },
        daysSinceAnyChange: 0,
      });
      expect(factsOf(snapshots).firstSeenOn).toBe('2026-02-28');
    });
  });

  describe('close date', () => {
    it('counts only moves later as pushes; pull-ins count as changes and drift', () => {
      const facts = factsOf([
        seen('2026-01-05', { closeDate: '2026-02-28' }),
        seen('2026-01-20', { closeDate: '2026-03-31' }), // +31
        seen('2026-02-01', { closeDate: '2026-03-15' }), // −16, a pull-in
        seen('2026-02-10', { closeDate: '2026-03-15' }), // same
        seen('2026-02-25', { closeDate: '2026-04-30' }), // +46
        seen('2026-03-05', { closeDate: '2026-04-30' }),
      ]);
      expect(facts.closeDate).toEqual({
        firstSeen: '2026-02-28',
        current: '2026-04-30',
        pushCount: 2,
        largestPushDays: 46,
        totalDriftDays: 61,
        lastChangedOn: '2026-02-25',
        daysSinceLastChange: 13,
        timeline: [
          { on: '2026-01-05', closeDate: '2026-02-28' },
          { on: '2026-01-20', closeDate: '2026-03-31' },
          { on: '2026-02-01', closeDate: '2026-03-15' },
          { on: '2026-02-25', closeDate: '2026-04-30' },
        ],
      });
    });

    it('a deal only ever pulled in has no push and a negative drift', () => {
      const facts = factsOf([seen('2026-02-01', { closeDate: '2026-06-30' }), seen('2026-02-15', { closeDate: '2026-05-31' }), seen('2026-03-01', { closeDate: '2026-04-30' })]);
      expect(facts.closeDate).toMatchObject({ pushCount: 0, largestPushDays: 0, totalDriftDays: -61, lastChangedOn: '2026-03-01', daysSinceLastChange: 9 });
    });

    it('a push and a pull back to the first date: one push, no drift', () => {
      const facts = factsOf([seen('2026-02-01', { closeDate: '2026-04-30' }), seen('2026-02-15', { closeDate: '2026-05-31' }), seen('2026-03-01', { closeDate: '2026-04-30' })]);
      expect(facts.closeDate).toMatchObject({ pushCount: 1, largestPushDays: 31, totalDriftDays: 0, lastChangedOn: '2026-03-01' });
    });

    it('a close date unread or blank in between is not a change', () => {
      const facts = factsOf([
        seen('2026-02-01', { closeDate: '2026-04-30' }),
        seen('2026-02-10', { closeDate: unknown('not on the layout') }),
        seen('2026-02-20', { closeDate: empty() }),
        seen('2026-03-01', { closeDate: '2026-04-30' }),
      ]);
      expect(facts.closeDate).toMatchObject({ pushCount: 0, lastChangedOn: null, daysSinceLastChange: 37, timeline: [{ on: '2026-02-01', closeDate: '2026-04-30' }] });
    });

    it('a move seen across an unread snapshot is dated by the snapshot that shows it', () => {
      const facts = factsOf([
        seen('2026-02-01', { closeDate: '2026-04-30' }),
        seen('2026-02-10', { closeDate: unknown('not on the layout') }),
        seen('2026-02-20', { closeDate: '2026-05-15' }),
      ]);
      expect(facts.closeDate).toMatchObject({ pushCount: 1, largestPushDays: 15, lastChangedOn: '2026-02-20' });
    });

    it('a judged snapshot that cannot read the close date keeps the drift of the last one known', () => {
      const facts = factsOf([seen('2026-02-01', { closeDate: '2026-04-30' }), seen('2026-02-20', { closeDate: '2026-05-30' }), seen('2026-03-01', { closeDate: unknown('hidden') })]);
      expect(facts.closeDate).toMatchObject({ current: null, pushCount: 1, totalDriftDays: 30, lastChangedOn: '2026-02-20' });
    });

    it('first seen with a close date only from the snapshot that had one', () => {
      const facts = factsOf([seen('2026-02-01', { closeDate: empty() }), seen('2026-02-15', { closeDate: '2026-04-30' }), seen('2026-03-01', { closeDate: '2026-04-30' })]);
      expect(facts.closeDate).toMatchObject({ firstSeen: '2026-04-30', lastChangedOn: null, daysSinceLastChange: 23 });
      expect(facts.firstSeenOn).toBe('2026-02-01');
    });
  });

  describe('stage', () => {
    it('lists changes with the day each was first seen, moves backwards marked', () => {
      const facts = factsOf([
        seen('2026-01-05', { stage: stage('qualify') }),
        seen('2026-01-20', { stage: stage('develop') }),
        seen('2026-02-01', { stage: stage('propose') }),
        seen('2026-02-10', { stage: stage('develop') }), // backwards
        seen('2026-02-20', { stage: stage('develop') }),
        seen('2026-03-01', { stage: stage('propose') }),
      ]);
      expect(facts.stage.changes.map(({ from, to, on, backwards }) => ({ from, to, on, backwards }))).toEqual([
        { from: null, to: 'Qualify', on: '2026-01-05', backwards: false },
        { from: 'Qualify', to: 'Develop', on: '2026-01-20', backwards: false },
        { from: 'Develop', to: 'Propose', on: '2026-02-01', backwards: false },
        { from: 'Propose', to: 'Develop', on: '2026-02-10', backwards: true },
        { from: 'Develop', to: 'Propose', on: '2026-03-01', backwards: false },
      ]);
      expect(facts.stage.changes[3]).toMatchObject({ fromCanonical: 'propose', toCanonical: 'develop' });
      expect(facts.stage.enteredOn).toEqual({ value: '2026-03-01', source: 'history' });
      expect(facts.stage.enteredBeforeFirstSeen).toBe(false);
      expect(facts.stage.daysInStage).toBe(9);
    });

    it('a deal seen several times in one stage was in it at least since first seen', () => {
      const facts = factsOf([seen('2026-01-05', { stage: stage('develop') }), seen('2026-02-05', { stage: stage('develop') }), seen('2026-03-05', { stage: stage('develop') })]);
      expect(facts.stage).toMatchObject({ enteredOn: { value: '2026-01-05' }, enteredBeforeFirstSeen: true, daysInStage: 64 });
    });

    it('reopening a won deal is a move backwards', () => {
      const facts = factsOf([seen('2026-02-01', { stage: stage('won', 'Closed Won') }), seen('2026-03-01', { stage: stage('commit') })]);
      expect(facts.stage.changes.at(-1)).toMatchObject({ fromCanonical: 'won', toCanonical: 'commit', backwards: true });
    });

    it('won to lost, and moves to or from an unmapped label, are not backwards', () => {
      const facts = factsOf([
        seen('2026-01-01', { stage: stage('commit') }),
        seen('2026-01-15', { stage: unmappedStage('Negotiation/Review') }),
        seen('2026-02-01', { stage: stage('qualify') }),
        seen('2026-02-15', { stage: stage('won', 'Closed Won') }),
        seen('2026-03-01', { stage: stage('lost', 'Closed Lost') }),
      ]);
      expect(facts.stage.changes.map((c) => c.backwards)).toEqual([false, false, false, false, false]);
    });

    it('a label change within one canonical stage is a stage change', () => {
      const facts = factsOf([seen('2026-02-01', { stage: stage('develop', 'Needs Analysis') }), seen('2026-02-15', { stage: stage('develop', 'Value Proposition') })]);
      expect(facts.stage.changes.at(-1)).toMatchObject({ from: 'Needs Analysis', to: 'Value Proposition', backwards: false });
      expect(facts.stage.daysInStage).toBe(23);
    });

    it('an unread or blank stage in between is not a change', () => {
      const facts = factsOf([
        seen('2026-02-01', { stage: stage('develop') }),
        seen('2026-02-10', { stage: unknown('stage path not rendered') }),
        seen('2026-02-20', { stage: empty() }),
        seen('2026-03-01', { stage: stage('develop') }),
      ]);
      expect(facts.stage.changes).toHaveLength(1);
      expect(facts.stage.daysInStage).toBe(37);
    });
  });

  describe('amount', () => {
    it('change in per cent from the first known amount', () => {
      const facts = factsOf([
        seen('2026-02-01', { amount: unknown('hidden') }),
        seen('2026-02-10', { amount: { value: 100_000, currency: 'EUR' } }),
        seen('2026-02-20', { amount: { value: 150_000, currency: 'EUR' } }),
        seen('2026-03-01', { amount: { value: 80_000, currency: 'EUR' } }),
      ]);
      expect(facts.amount.first).toBe(100_000);
      expect(facts.amount.current).toBe(80_000);
      expect(facts.amount.changePct).toBeCloseTo(-20);
    });

    it('an increase', () => {
      const facts = factsOf([seen('2026-02-01', { amount: { value: 40_000, currency: 'USD' } }), seen('2026-03-01', { amount: { value: 50_000, currency: 'USD' } })]);
      expect(facts.amount.changePct).toBeCloseTo(25);
    });

    it('no per cent from a first amount of 0, an unread current amount, or another currency', () => {
      expect(factsOf([seen('2026-02-01', { amount: { value: 0, currency: 'USD' } }), seen('2026-03-01')]).amount).toEqual({ first: 0, current: 480_000, changePct: null });
      expect(factsOf([seen('2026-02-01'), seen('2026-03-01', { amount: unknown('hidden') })]).amount).toEqual({ first: 480_000, current: null, changePct: null });
      expect(factsOf([seen('2026-02-01'), seen('2026-03-01', { amount: empty() })]).amount.changePct).toBeNull();
      const converted = factsOf([seen('2026-02-01', { amount: { value: 100_000, currency: 'EUR' } }), seen('2026-03-01', { amount: { value: 745_000, currency: 'DKK' } })]);
      expect(converted.amount.changePct).toBeNull();
    });

    it('a currency shown only once does not stop the comparison', () => {
      const facts = factsOf([seen('2026-02-01', { amount: { value: 100_000, currency: null } }), seen('2026-03-01', { amount: { value: 110_000, currency: 'USD' } })]);
      expect(facts.amount.changePct).toBeCloseTo(10);
    });
  });

  describe('days since any change', () => {
    it('dates the last snapshot where a known value changed', () => {
      const facts = factsOf([
        seen('2026-02-01'),
        seen('2026-02-10', { probability: 70 }),
        seen('2026-02-20', { probability: 70 }),
        seen('2026-03-01', { probability: 70 }),
      ]);
      expect(facts.daysSinceAnyChange).toBe(28);
    });

    it('a field unread in one snapshot is not a change, going or coming back', () => {
      const facts = factsOf([
        seen('2026-02-01'),
        seen('2026-02-10', { owner: unknown('not on the layout'), contacts: unknown('related list collapsed') }),
        seen('2026-03-01'),
      ]);
      expect(facts.daysSinceAnyChange).toBe(37);
    });

    it('a value that changed while unread is a change when it is read again', () => {
      const facts = factsOf([seen('2026-02-01'), seen('2026-02-10', { owner: unknown('not on the layout') }), seen('2026-02-20', { owner: 'Sam Closer' }), seen('2026-03-01', { owner: 'Sam Closer' })]);
      expect(facts.daysSinceAnyChange).toBe(18);
    });

    it('a field first unread then read is not a change', () => {
      const facts = factsOf([seen('2026-02-01', { forecastCategory: unknown('not on the layout') }), seen('2026-03-01')]);
      expect(facts.daysSinceAnyChange).toBe(37);
    });

    it('a value cleared is a change', () => {
      const facts = factsOf([seen('2026-02-01'), seen('2026-02-15', { forecastCategory: empty() })]);
      expect(facts.daysSinceAnyChange).toBe(23);
    });
  });

  describe('deal age', () => {
    it('from the created date when the judged snapshot shows it', () => {
      expect(factsOf([seen('2026-02-01'), seen('2026-03-01', { createdDate: '2025-12-10' })]).dealAgeDays).toEqual({ value: 90, source: 'page' });
    });

    it('from an earlier snapshot\'s created date when the judged one cannot read it', () => {
      expect(factsOf([seen('2026-02-01'), seen('2026-03-01', { createdDate: unknown('not on the list view') })]).dealAgeDays).toEqual({ value: 57, source: 'page' });
    });

    it('from first seen when no snapshot shows a created date', () => {
      const facts = factsOf([seen('2026-02-01', { createdDate: unknown('not on the layout') }), seen('2026-03-01', { createdDate: empty() })]);
      expect(facts.dealAgeDays).toEqual({ value: 37, source: 'history' });
    });

    it('from first seen when the created date is after it (a misread date is not believed)', () => {
      const facts = factsOf([seen('2026-02-01', { createdDate: unknown('not on the layout') }), seen('2026-03-01', { createdDate: '2026-02-15' })]);
      expect(facts.dealAgeDays).toEqual({ value: 37, source: 'history' });
    });

    it('created the day it was first seen', () => {
      expect(deriveHistoryFacts([], seen('2026-03-10', { createdDate: '2026-03-10' }), TODAY).dealAgeDays).toEqual({ value: 0, source: 'page' });
    });
  });
});
