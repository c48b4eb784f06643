import rule from '../../../src/rules/close-date-slipping';
import type { FieldValue } from '../../../src/model/field';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';
import type { DealOverrides } from './rule-tester';

/** The close date first seen in every history below. */
const FIRST = '2026-03-31';
/** The ISO date `days` days after `iso`. */
const plus = (iso: string, days: number) => daysAgo(-days, iso);
/** An earlier visit `daysBefore` days before today, showing `closeDate`. */
const visit = (daysBefore: number, closeDate: string | FieldValue<string>, overrides: DealOverrides = {}) =>
  makeDeal({ ...overrides, closeDate, snapshot: { capturedAt: `${daysAgo(daysBefore)}T09:00:00.000Z` } });
/** Today's visit. */
const today = (closeDate: string | FieldValue<string>, overrides: DealOverrides = {}) => makeDeal({ ...overrides, closeDate });
/** Visits 7 days apart ending a week before today, one per close date (oldest first). */
const weekly = (...closeDates: (string | FieldValue<string>)[]) => closeDates.map((date, i) => visit(7 * (closeDates.length - i), date));

const slipping = (count: number, days: number, largest: number, severity?: 'critical') => ({
  messageId: 'slipping',
  data: { count, days, largest, firstSeen: FIRST },
  field: 'closeDate' as const,
  ...(severity ? { severity } : {}),
});
const pulledIn = (count: number, days: number, largest: number, severity?: 'critical') => ({
  ...slipping(count, days, largest, severity),
  messageId: 'pushedAndPulledIn',
});

ruleTester.run(rule, {
  valid: [
    { name: 'default deal seen once: no history, nothing can have slipped', deal: makeDeal() },
    { name: 'seen once with an unreadable close date: no history, so no finding and no cannot-check', deal: today(unknown('not on the layout')) },
    { name: 'seen once, closed-looking date far out: still nothing to compare', deal: today(plus(FIRST, 400)) },
    { name: 'repeated identical visits: the date never moved', deal: today(FIRST), history: weekly(FIRST, FIRST, FIRST, FIRST) },
    { name: 'one push of 29 days: under both thresholds', deal: today(plus(FIRST, 29)), history: weekly(FIRST) },
    { name: 'one push of 29 days seen over several identical visits', deal: today(plus(FIRST, 29)), history: weekly(FIRST, FIRST, plus(FIRST, 29)) },
    {
      name: 'pulled in three times: pull-ins are not pushes',
      deal: today(plus(FIRST, -30)),
      history: weekly(FIRST, plus(FIRST, -10), plus(FIRST, -20)),
    },
    { name: 'pushed once and pulled back: one push, no drift', deal: today(FIRST), history: weekly(FIRST, plus(FIRST, 20)) },
    {
      name: 'unread close dates in between are not changes',
      deal: today(FIRST),
      history: weekly(FIRST, unknown('not rendered'), FIRST, unknown('not rendered')),
    },
    { name: 'a blank close date in between is not a push', deal: today(FIRST), history: weekly(FIRST, empty(), FIRST) },
    { name: 'blank on every visit: close-date-missing reports that', deal: today(empty()), history: weekly(empty(), empty()) },
    {
      name: 'won deal pushed five times: a closed deal never fires',
      deal: today(plus(FIRST, 100), { stage: stage('won', 'Closed Won') }),
      history: weekly(FIRST, plus(FIRST, 20), plus(FIRST, 40), plus(FIRST, 60), plus(FIRST, 80)),
    },
    {
      name: 'lost deal with an unreadable close date: closed deals never fire',
      deal: today(unknown('not on the layout'), { stage: stage('lost', 'Closed Lost') }),
      history: weekly(FIRST, plus(FIRST, 20), plus(FIRST, 40)),
    },
    {
      name: 'unreadable stage, but the date never slipped: fine in any stage',
      deal: today(plus(FIRST, 7), { stage: unknown('stage path not rendered') }),
      history: weekly(FIRST),
    },
    {
      name: 'captures after the current one do not rewrite its past',
      deal: today(FIRST),
      history: [visit(-7, plus(FIRST, 30)), visit(-14, plus(FIRST, 60)), visit(-21, plus(FIRST, 120))],
    },
    {
      name: "another deal's snapshots are not this deal's history",
      deal: today(FIRST),
      history: weekly(plus(FIRST, -60), plus(FIRST, -30)).map((s) => ({ ...s, key: 'salesforce:acme.lightning.force.com:006OTHER' })),
    },
    {
      name: 'minPushes 3, criticalPushes 4: two small pushes are fine',
      deal: today(plus(FIRST, 14)),
      history: weekly(FIRST, plus(FIRST, 7)),
      options: { minPushes: 3, criticalPushes: 4 },
    },
    {
      name: 'minDriftDays 60: one push of 45 days is fine',
      deal: today(plus(FIRST, 45)),
      history: weekly(FIRST),
      options: { minDriftDays: 60 },
    },
  ],
  invalid: [
    {
      name: 'two pushes of a week: warning at the default 2 pushes',
      deal: today(plus(FIRST, 14)),
      history: weekly(FIRST, plus(FIRST, 7)),
      findings: [slipping(2, 14, 7)],
    },
    { name: 'one push of exactly 30 days: warning at the default drift', deal: today(plus(FIRST, 30)), history: weekly(FIRST), findings: [slipping(1, 30, 30)] },
    {
      name: 'three pushes: critical at the default 3',
      deal: today(plus(FIRST, 47)),
      history: weekly(FIRST, plus(FIRST, 7), plus(FIRST, 14)),
      findings: [slipping(3, 47, 33, 'critical')],
    },
    { name: 'one push of exactly 90 days: critical by drift', deal: today(plus(FIRST, 90)), history: weekly(FIRST), findings: [slipping(1, 90, 90, 'critical')] },
    { name: 'two pushes, 89 days in total: still a warning', deal: today(plus(FIRST, 89)), history: weekly(FIRST, plus(FIRST, 60)), findings: [slipping(2, 89, 60)] },
    {
      name: 'push, pull-in, push: two pushes, net drift',
      deal: today(plus(FIRST, 40)),
      history: weekly(FIRST, plus(FIRST, 30), plus(FIRST, 20)),
      findings: [slipping(2, 40, 30)],
    },
    {
      name: 'repeated identical visits between pushes count each push once',
      deal: today(plus(FIRST, 21)),
      history: weekly(FIRST, FIRST, plus(FIRST, 7), plus(FIRST, 7), plus(FIRST, 7), plus(FIRST, 21)),
      findings: [slipping(2, 21, 14)],
    },
    {
      name: 'history in any order',
      deal: today(plus(FIRST, 14)),
      history: weekly(FIRST, plus(FIRST, 7)).reverse(),
      findings: [slipping(2, 14, 7)],
    },
    {
      name: 'unread close dates between pushes do not break the count',
      deal: today(plus(FIRST, 14)),
      history: weekly(FIRST, unknown('not rendered'), plus(FIRST, 7), unknown('not rendered')),
      findings: [slipping(2, 14, 7)],
    },
    {
      name: 'pushed twice and pulled back to the first date: the date keeps moving',
      deal: today(FIRST),
      history: weekly(FIRST, plus(FIRST, 14), FIRST, plus(FIRST, 14)),
      findings: [pulledIn(2, 0, 14)],
    },
    {
      name: 'pushed three times but earlier than first seen overall: critical, pulled in',
      deal: today(plus(FIRST, -5)),
      history: weekly(FIRST, plus(FIRST, 10), plus(FIRST, -10), plus(FIRST, 5), plus(FIRST, -15)),
      findings: [pulledIn(3, -5, 15, 'critical')],
    },
    {
      name: 'blank close date today after two pushes: the pushes still happened (drift to the last date seen)',
      deal: today(empty()),
      history: weekly(FIRST, plus(FIRST, 7), plus(FIRST, 21)),
      findings: [slipping(2, 21, 14)],
    },
    {
      name: 'unmapped stage label counts as open',
      deal: today(plus(FIRST, 14), { stage: unmappedStage('Negotiation/Review') }),
      history: weekly(FIRST, plus(FIRST, 7)),
      findings: [slipping(2, 14, 7)],
    },
    {
      name: 'blank stage counts as open',
      deal: today(plus(FIRST, 14), { stage: empty() }),
      history: weekly(FIRST, plus(FIRST, 7)),
      findings: [slipping(2, 14, 7)],
    },
    {
      name: 'stage closed in the past, open again now: judged as open',
      deal: today(plus(FIRST, 14)),
      history: [visit(14, FIRST), visit(7, plus(FIRST, 7), { stage: stage('lost', 'Closed Lost') })],
      findings: [slipping(2, 14, 7)],
    },
    {
      name: 'minPushes 1: a single push of a week fires',
      deal: today(plus(FIRST, 7)),
      history: weekly(FIRST),
      options: { minPushes: 1 },
      findings: [slipping(1, 7, 7)],
    },
    {
      name: 'minDriftDays 14: one push of 14 days fires',
      deal: today(plus(FIRST, 14)),
      history: weekly(FIRST),
      options: { minDriftDays: 14 },
      findings: [slipping(1, 14, 14)],
    },
    {
      name: 'criticalPushes 5: three pushes stay a warning',
      deal: today(plus(FIRST, 21)),
      history: weekly(FIRST, plus(FIRST, 7), plus(FIRST, 14)),
      options: { criticalPushes: 5 },
      findings: [slipping(3, 21, 7)],
    },
    {
      name: 'criticalDriftDays 60: 60 days in one push is critical',
      deal: today(plus(FIRST, 60)),
      history: weekly(FIRST),
      options: { criticalDriftDays: 60 },
      findings: [slipping(1, 60, 60, 'critical')],
    },
    {
      name: 'a critical threshold below the warning one still fires, as critical',
      deal: today(plus(FIRST, 7)),
      history: weekly(FIRST),
      options: { minPushes: 2, criticalPushes: 1 },
      findings: [slipping(1, 7, 7, 'critical')],
    },
  ],
  cannotCheck: [
    {
      name: 'close date unreadable today: one more push or a pull-in would change the count and drift',
      deal: today(unknown('not on the layout')),
      history: weekly(FIRST, plus(FIRST, 7)),
      fields: ['closeDate'],
    },
    {
      name: 'close date unreadable today even after three pushes',
      deal: today(unknown('not on the layout')),
      history: weekly(FIRST, plus(FIRST, 7), plus(FIRST, 14), plus(FIRST, 21)),
      fields: ['closeDate'],
    },
    {
      name: 'slipped, stage unreadable: it might be won',
      deal: today(plus(FIRST, 14), { stage: unknown('stage path not rendered') }),
      history: weekly(FIRST, plus(FIRST, 7)),
      fields: ['stage'],
    },
    {
      name: 'neither close date nor stage readable, with history',
      deal: today(unknown('not on the layout'), { stage: unknown('stage path not rendered') }),
      history: weekly(FIRST, plus(FIRST, 7)),
      fields: ['closeDate', 'stage'],
    },
    {
      name: 'unmapped stage, close date unreadable, with history',
      deal: today(unknown('not on the layout'), { stage: unmappedStage('Negotiation/Review') }),
      history: weekly(FIRST),
      fields: ['closeDate'],
    },
  ],
});
