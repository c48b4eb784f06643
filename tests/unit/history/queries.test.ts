import { describe, expect, it } from 'vitest';
import { loadDealsPage, loadJudgingInputs, removeImportedDeals, type StoredDeal } from '../../../src/history/queries';
import { loadHistory, loadQualification, loadSnoozes, openHistoryDb, saveQualification, saveSnapshot, saveSnooze } from '../../../src/history/store';
import { known, makeSnapshot } from '../../helpers/deals';

const snapshot = (key: string, capturedAt: string, name: string) => makeSnapshot({ key, capturedAt, fields: { name: known(name, name) } });

async function seeded() {
  const db = await openHistoryDb(`queries-${Math.random()}`);
  // Three versions of one deal, saved out of time order; one version of the others.
  await saveSnapshot(db, snapshot('salesforce:acme:A', '2026-05-01T09:00:00.000Z', 'A v1'));
  await saveSnapshot(db, snapshot('salesforce:acme:A', '2026-05-20T09:00:00.000Z', 'A v3'));
  await saveSnapshot(db, snapshot('salesforce:acme:A', '2026-05-10T09:00:00.000Z', 'A v2'));
  await saveSnapshot(db, snapshot('salesforce:acme:B', '2026-05-02T09:00:00.000Z', 'B'));
  await saveSnapshot(db, snapshot('salesforce:import:C', '2026-05-03T09:00:00.000Z', 'C'));
  await saveSnapshot(db, snapshot('hubspot:import:D', '2026-05-03T09:00:00.000Z', 'D'));
  return db;
}

const nameOf = (deal: StoredDeal) => {
  const name = deal.snapshots[deal.snapshots.length - 1]!.fields.name;
  return name.state === 'value' ? name.value : null;
};

describe('listLatestDeals', () => {
  it("gives every deal with its latest snapshot by capture time, in key order", async () => {
    const db = await seeded();
    const page = await loadDealsPage(db, { limit: 10 });
    expect(page.total).toBe(4);
    expect(page.next).toBeNull();
    expect(page.deals.map((deal) => deal.record.key)).toEqual(['hubspot:import:D', 'salesforce:acme:A', 'salesforce:acme:B', 'salesforce:import:C']);
    expect(page.deals.map(nameOf)).toEqual(['D', 'A v3', 'B', 'C']);
    expect(page.deals[1]!.record.snapshotCount).toBe(3);
    expect(page.deals[1]!.snapshots.map((stored) => stored.capturedAt)).toEqual(['2026-05-01T09:00:00.000Z', '2026-05-10T09:00:00.000Z', '2026-05-20T09:00:00.000Z']);
    expect(page.deals[1]!.snoozes).toEqual([]);
    expect(page.deals[1]!.qualification).toBeNull();
    db.close();
  });

  it("brings each deal's snoozes and quick-qualify record, and drops rows that no longer validate", async () => {
    const db = await seeded();
    const snooze = { dealKey: 'salesforce:acme:B', ruleId: 'next-step-missing', reason: 'Holiday', until: '2026-06-10', createdAt: '2026-06-01T10:00:00.000Z' };
    await saveSnooze(db, snooze);
    await saveQualification(db, { dealKey: 'salesforce:acme:B', frameworkId: 'bant', answers: {}, effort: null, managementMet: true, updatedAt: '2026-06-01T10:00:00.000Z' });
    // Written by some older version: not a valid record any more.
    await db.put('qualification', { dealKey: 'salesforce:acme:A', frameworkId: 42 } as never);
    const page = await loadDealsPage(db, { limit: 10 });
    const b = page.deals.find((deal) => deal.record.key === 'salesforce:acme:B')!;
    expect(b.snoozes).toEqual([snooze]);
    expect(b.qualification).toMatchObject({ frameworkId: 'bant', managementMet: true });
    expect(page.deals.find((deal) => deal.record.key === 'salesforce:acme:A')!.qualification).toBeNull();
    db.close();
  });

  it('pages through the deals after a key', async () => {
    const db = await seeded();
    const first = await loadDealsPage(db, { limit: 3 });
    expect(first.deals).toHaveLength(3);
    expect(first.next).toBe('salesforce:acme:B');
    const second = await loadDealsPage(db, { after: first.next!, limit: 3 });
    expect(second.deals.map((deal) => deal.record.key)).toEqual(['salesforce:import:C']);
    expect(second.next).toBeNull();
    // A page that ends exactly on the last deal says there is no next page.
    expect((await loadDealsPage(db, { limit: 4 })).next).toBeNull();
    db.close();
  });

  it("gives a middle page only its own deals' snapshots, snoozes and answers, not its neighbours'", async () => {
    const db = await seeded();
    for (const key of ['hubspot:import:D', 'salesforce:acme:B', 'salesforce:import:C']) {
      await saveSnooze(db, { dealKey: key, ruleId: 'next-step-missing', reason: key, until: '2026-06-10', createdAt: '2026-06-01T10:00:00.000Z' });
      await saveQualification(db, { dealKey: key, frameworkId: 'bant', answers: {}, effort: null, managementMet: true, updatedAt: '2026-06-01T10:00:00.000Z' });
    }
    const middle = await loadDealsPage(db, { after: 'hubspot:import:D', limit: 2 });
    expect(middle.deals.map((deal) => deal.record.key)).toEqual(['salesforce:acme:A', 'salesforce:acme:B']);
    expect(middle.deals.map(nameOf)).toEqual(['A v3', 'B']);
    expect(middle.deals[0]!.snapshots.map((stored) => stored.key)).toEqual(['salesforce:acme:A', 'salesforce:acme:A', 'salesforce:acme:A']);
    expect(middle.deals.map((deal) => deal.snoozes.map((snooze) => snooze.reason))).toEqual([[], ['salesforce:acme:B']]);
    expect(middle.deals.map((deal) => deal.qualification?.dealKey ?? null)).toEqual([null, 'salesforce:acme:B']);
    expect(middle.next).toBe('salesforce:acme:B');
    db.close();
  });

  it('gives an empty page for an empty store', async () => {
    const db = await openHistoryDb(`queries-empty-${Math.random()}`);
    expect(await loadDealsPage(db, { limit: 10 })).toEqual({ deals: [], total: 0, next: null });
    db.close();
  });
});

describe('loadJudgingInputs', () => {
  it("gives each key's snapshots oldest first, snoozes and answers, in the keys' order; nothing for an unknown key", async () => {
    const db = await seeded();
    await saveSnooze(db, { dealKey: 'salesforce:acme:B', ruleId: 'next-step-missing', reason: 'Holiday', until: '2026-06-10', createdAt: '2026-06-01T10:00:00.000Z' });
    await saveQualification(db, { dealKey: 'salesforce:acme:A', frameworkId: 'bant', answers: {}, effort: null, managementMet: true, updatedAt: '2026-06-01T10:00:00.000Z' });
    const inputs = await loadJudgingInputs(db, ['salesforce:acme:B', 'salesforce:unknown:Z', 'salesforce:acme:A']);
    expect(inputs.map((input) => input.snapshots.map((stored) => stored.fields.name.state === 'value' && stored.fields.name.value))).toEqual([['B'], [], ['A v1', 'A v2', 'A v3']]);
    expect(inputs.map((input) => input.snoozes.length)).toEqual([1, 0, 0]);
    expect(inputs.map((input) => input.qualification?.frameworkId ?? null)).toEqual([null, null, 'bant']);
    expect(await loadJudgingInputs(db, [])).toEqual([]);
    db.close();
  });
});

describe('removeImportedDeals', () => {
  it('forgets imported deals with their snapshots, snoozes and answers, and keeps deals seen on pages', async () => {
    const db = await seeded();
    await saveSnooze(db, { dealKey: 'salesforce:import:C', ruleId: 'next-step-missing', reason: 'x', until: '2026-06-10', createdAt: '2026-06-01T10:00:00.000Z' });
    await saveSnooze(db, { dealKey: 'salesforce:acme:A', ruleId: 'next-step-missing', reason: 'y', until: '2026-06-10', createdAt: '2026-06-01T10:00:00.000Z' });
    await saveQualification(db, { dealKey: 'salesforce:import:C', frameworkId: 'bant', answers: {}, effort: null, managementMet: true, updatedAt: '2026-06-01T10:00:00.000Z' });
    expect(await loadQualification(db, 'salesforce:import:C')).not.toBeNull();
    expect(await removeImportedDeals(db)).toBe(2);
    const left = await loadDealsPage(db, { limit: 10 });
    expect(left.deals.map((deal) => deal.record.key)).toEqual(['salesforce:acme:A', 'salesforce:acme:B']);
    expect(await loadHistory(db, 'salesforce:import:C')).toEqual([]);
    expect(await loadHistory(db, 'salesforce:acme:A')).toHaveLength(3);
    expect(await loadSnoozes(db, 'salesforce:import:C')).toEqual([]);
    expect(await loadSnoozes(db, 'salesforce:acme:A')).toHaveLength(1);
    expect(await loadQualification(db, 'salesforce:import:C')).toBeNull();
    expect(await removeImportedDeals(db)).toBe(0);
    db.close();
  });

  it('does not take a key that only contains ":import:" further in (a page deal whose id says import)', async () => {
    const db = await openHistoryDb(`queries-keys-${Math.random()}`);
    await saveSnapshot(db, snapshot('salesforce:acme.lightning.force.com:import:1', '2026-05-01T09:00:00.000Z', 'X'));
    expect(await removeImportedDeals(db)).toBe(0);
    db.close();
  });
});
