import { expect, it } from 'vitest';
import rule from '../../../src/rules/cycle-too-long';
import type { Segment } from '../../../src/rules/cycle-too-long';
import type { DealSnapshot } from '../../../src/model/deal';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';
import type { DealOverrides } from './rule-tester';

/** The documented defaults: typical cycle per segment, and an amount in each segment. */
const CYCLE: Record<Segment, number> = { small: 60, mid: 120, large: 180 };
const AMOUNT: Record<Segment, number> = { small: 12_000, mid: 90_000, large: 480_000 };
const SEGMENTS = Object.keys(CYCLE) as Segment[];

const money = (value: number, currency: string | null = 'USD') => ({ value, currency });
/** A deal of `segment` size created `age` days ago. */
const deal = (segment: Segment, age: number, overrides: DealOverrides = {}) =>
  makeDeal({ amount: money(AMOUNT[segment]), createdDate: daysAgo(age), ...overrides });
/** The deal as it was `days` days ago. */
const visit = (days: number, overrides: DealOverrides = {}): DealSnapshot =>
  makeDeal({ ...overrides, snapshot: { capturedAt: `${daysAgo(days)}T09:00:00.000Z` } });
const noCreated = { createdDate: unknown<string>('not on the layout') };

const tooLong = (days: number, limit: number, segment: Segment | '', severity?: 'critical') => ({
  messageId: 'tooLong',
  data: { days, limit, segment, since: 'created' },
  field: 'createdDate' as const,
  ...(severity ? { severity } : {}),
});
const atLeast = (days: number, limit: number, segment: Segment | '') => ({
  messageId: 'tooLongAtLeast',
  data: { days, limit, segment, since: 'firstSeen' },
  field: 'createdDate' as const,
});

it('refuses a small-deal threshold at or above the mid-deal one', () => {
  expect(rule.meta.options.safeParse({ smallBelow: 300_000 }).success).toBe(false);
  expect(rule.meta.options.safeParse({ smallBelow: 100_000, midBelow: 100_000 }).success).toBe(false);
  expect(rule.meta.options.safeParse({ smallBelow: 100_000, midBelow: 1_000_000 }).success).toBe(true);
});

ruleTester.run(rule, {
  valid: [
    { name: 'default deal: large, created 57 days ago', deal: makeDeal() },
    ...SEGMENTS.map((segment) => ({ name: `${segment}: exactly its typical ${CYCLE[segment]} days`, deal: deal(segment, CYCLE[segment]) })),
    { name: 'just below 25,000 is small: 60 days fine', deal: makeDeal({ amount: money(24_999.99), createdDate: daysAgo(60) }) },
    { name: '25,000 is mid: 120 days fine', deal: makeDeal({ amount: money(25_000), createdDate: daysAgo(120) }) },
    { name: '250,000 is large: 180 days fine', deal: makeDeal({ amount: money(250_000), createdDate: daysAgo(180) }) },
    { name: 'an amount of 0 is small', deal: makeDeal({ amount: money(0), createdDate: daysAgo(60) }) },
    { name: 'currency does not matter: 150,000 DKK is mid', deal: makeDeal({ amount: money(150_000, 'DKK'), createdDate: daysAgo(120) }) },
    { name: 'won deal open for two years', deal: deal('small', 730, { stage: stage('won', 'Closed Won') }) },
    { name: 'lost deal', deal: deal('mid', 400, { stage: stage('lost', 'Closed Lost') }) },
    { name: 'won deal, amount and created date unreadable', deal: makeDeal({ stage: stage('won', 'Closed Won'), amount: unknown('hidden'), ...noCreated }) },
    { name: 'amount unreadable, but younger than every typical cycle', deal: makeDeal({ amount: unknown('hidden'), createdDate: daysAgo(60) }) },
    { name: 'blank amount: judged by the longest cycle (180)', deal: makeDeal({ amount: empty(), createdDate: daysAgo(180) }) },
    { name: 'stage unreadable, but younger than the cycle', deal: deal('large', 100, { stage: unknown('stage path not rendered') }) },
    { name: 'unmapped stage, within the cycle', deal: deal('mid', 100, { stage: unmappedStage('Negotiation/Review') }) },
    {
      name: 'created date unreadable now, but shown on an earlier visit',
      deal: makeDeal({ amount: money(AMOUNT.small), ...noCreated }),
      history: [visit(30, { createdDate: daysAgo(50) })],
    },
    { name: 'edited small cycle of 90 days', deal: deal('small', 90), options: { maxDaysBySegment: { small: 90 } } },
    { name: 'editing one segment keeps the others (mid still 120)', deal: deal('mid', 120), options: { maxDaysBySegment: { small: 30 } } },
    { name: 'midBelow 500,000: 480,000 is mid', deal: makeDeal({ createdDate: daysAgo(120) }), options: { midBelow: 500_000 } },
  ],
  invalid: [
    ...SEGMENTS.map((segment) => ({
      name: `${segment}: one day past its typical ${CYCLE[segment]} days`,
      deal: deal(segment, CYCLE[segment] + 1),
      findings: [tooLong(CYCLE[segment] + 1, CYCLE[segment], segment)],
    })),
    ...SEGMENTS.map((segment) => ({
      name: `${segment}: one day short of twice its cycle is a warning`,
      deal: deal(segment, 2 * CYCLE[segment] - 1),
      findings: [tooLong(2 * CYCLE[segment] - 1, CYCLE[segment], segment)],
    })),
    ...SEGMENTS.map((segment) => ({
      name: `${segment}: at twice its cycle it turns critical`,
      deal: deal(segment, 2 * CYCLE[segment]),
      findings: [tooLong(2 * CYCLE[segment], CYCLE[segment], segment, 'critical')],
    })),
    { name: 'just below 25,000 is small: 61 days', deal: makeDeal({ amount: money(24_999), createdDate: daysAgo(61) }), findings: [tooLong(61, 60, 'small')] },
    { name: 'unmapped stage label counts as open', deal: deal('small', 70, { stage: unmappedStage('Negotiation/Review') }), findings: [tooLong(70, 60, 'small')] },
    { name: 'blank stage counts as open', deal: deal('small', 70, { stage: empty() }), findings: [tooLong(70, 60, 'small')] },
    { name: 'amount unreadable, older than every cycle', deal: makeDeal({ amount: unknown('hidden'), createdDate: daysAgo(181) }), findings: [tooLong(181, 180, '')] },
    { name: 'blank amount, older than the longest cycle', deal: makeDeal({ amount: empty(), createdDate: daysAgo(200) }), findings: [tooLong(200, 180, '')] },
    {
      name: 'created date unreadable, first seen 61 days ago: a small deal at least 61 days old',
      deal: makeDeal({ amount: money(AMOUNT.small), ...noCreated }),
      history: [visit(61, noCreated), visit(20, noCreated)],
      findings: [atLeast(61, 60, 'small')],
    },
    {
      name: 'a deal seen once, long before the day it is judged, without a created date',
      deal: visit(200, noCreated),
      findings: [atLeast(200, 180, 'large')],
    },
    {
      name: 'a created date after the day the deal was first seen is not believed',
      deal: makeDeal({ amount: money(AMOUNT.small), createdDate: daysAgo(10) }),
      history: [visit(70, noCreated)],
      findings: [atLeast(70, 60, 'small')],
    },
    { name: 'smallBelow 50,000: 40,000 is small', deal: makeDeal({ amount: money(40_000), createdDate: daysAgo(61) }), options: { smallBelow: 50_000 }, findings: [tooLong(61, 60, 'small')] },
    { name: 'edited large cycle of 90 days', deal: deal('large', 91), options: { maxDaysBySegment: { large: 90 } }, findings: [tooLong(91, 90, 'large')] },
    { name: 'criticalMultiple 3: small at 179 days is a warning', deal: deal('small', 179), options: { criticalMultiple: 3 }, findings: [tooLong(179, 60, 'small')] },
    { name: 'criticalMultiple 3: small at 180 days is critical', deal: deal('small', 180), options: { criticalMultiple: 3 }, findings: [tooLong(180, 60, 'small', 'critical')] },
  ],
  cannotCheck: [
    { name: 'amount unreadable, age between the shortest and longest cycle', deal: makeDeal({ amount: unknown('hidden'), createdDate: daysAgo(90) }), fields: ['amount'] },
    { name: 'created date unreadable, seen only today', deal: makeDeal(noCreated), fields: ['createdDate'] },
    {
      name: 'created date unreadable, first seen 50 days ago: a small deal may be older than 60',
      deal: makeDeal({ amount: money(AMOUNT.small), ...noCreated }),
      history: [visit(50, noCreated)],
      fields: ['createdDate'],
    },
    { name: 'neither amount nor created date readable', deal: makeDeal({ amount: unknown('hidden'), ...noCreated }), fields: ['amount', 'createdDate'] },
    { name: 'too long, but the stage is unreadable: it might be closed', deal: deal('small', 61, { stage: unknown('stage path not rendered') }), fields: ['stage'] },
    {
      name: 'stage and created date unreadable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), ...noCreated }),
      fields: ['createdDate', 'stage'],
    },
    {
      name: 'stage and amount unreadable, age in between',
      deal: makeDeal({ stage: unknown('stage path not rendered'), amount: unknown('hidden'), createdDate: daysAgo(100) }),
      fields: ['amount', 'stage'],
    },
  ],
});
