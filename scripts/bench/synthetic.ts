import type { CanonicalStage, DealSnapshot } from '../../src/model/deal';
import { empty, known, unknown } from '../../src/model/field';

/** A seeded PRNG (mulberry32): benchmarks see the same deals every run. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAGES: [string, CanonicalStage][] = [
  ['Prospecting', 'prospect'],
  ['Qualification', 'qualify'],
  ['Value Proposition', 'develop'],
  ['Proposal/Price Quote', 'propose'],
  ['Negotiation/Review', 'commit'],
  ['Closed Won', 'won'],
];

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `deals` deals with `snapshotsPerDeal` snapshots each (one per change), the last captured on `today`. */
export function syntheticHistories(deals: number, snapshotsPerDeal: number, today = '2026-11-27', seed = 42): DealSnapshot[][] {
  const random = prng(seed);
  const histories: DealSnapshot[][] = [];
  for (let d = 0; d < deals; d++) {
    const id = `0065g${String(d).padStart(10, '0')}`;
    let closeDate = addDays(today, Math.floor(random() * 120) - 30);
    let stageIndex = Math.floor(random() * 4);
    const amount = Math.round(random() * 500_000);
    const history: DealSnapshot[] = [];
    for (let s = 0; s < snapshotsPerDeal; s++) {
      const day = addDays(today, (s - snapshotsPerDeal + 1) * 7);
      if (random() < 0.3) closeDate = addDays(closeDate, Math.floor(random() * 30));
      if (random() < 0.15 && stageIndex < 5) stageIndex += 1;
      const [label, canonical] = STAGES[stageIndex]!;
      const nextStep = random() < 0.2 ? empty<{ text: string; date: string | null }>() : known({ text: 'Demo for IT on Friday', date: addDays(day, 5) }, 'Demo for IT on Friday');
      history.push({
        key: `salesforce:bench.lightning.force.com:${id}`,
        crm: 'salesforce',
        url: `https://bench.lightning.force.com/lightning/r/Opportunity/${id}/view`,
        capturedAt: `${day}T09:00:00.000Z`,
        source: 'page',
        fields: {
          name: known(`Deal ${d}`, `Deal ${d}`),
          amount: known({ value: amount, currency: 'USD' }, `$${amount}`),
          stage: known({ label, canonical }, label),
          probability: known(Math.min(100, 10 + stageIndex * 20), `${Math.min(100, 10 + stageIndex * 20)}%`),
          forecastCategory: known(stageIndex >= 4 ? 'Commit' : 'Pipeline', 'Pipeline'),
          closeDate: known(closeDate, closeDate),
          createdDate: known(addDays(today, -200), ''),
          lastActivityDate: known(addDays(day, -Math.floor(random() * 40)), ''),
          lastModifiedDate: known(addDays(day, -Math.floor(random() * 20)), ''),
          nextStep,
          owner: known(`Owner ${d % 12}`, `Owner ${d % 12}`),
          contacts: random() < 0.5 ? known({ count: 1 + Math.floor(random() * 4), roles: ['Champion'] }, '') : unknown('related list', 'not_supported'),
          qualification: unknown('not mapped', 'not_supported'),
        },
      });
    }
    histories.push(history);
  }
  return histories;
}
