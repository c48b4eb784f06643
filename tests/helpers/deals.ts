import { dealSnapshotSchema, FIELD_NAMES, type DealFields, type DealSnapshot } from '../../src/model/deal';
import { empty, known, unknown } from '../../src/model/field';

/** The moment tests evaluate deals at: 1 June 2026, midday UTC (a calendar day in every time zone tests pin). */
export const NOW = new Date('2026-06-01T12:00:00Z');
export const TODAY = '2026-06-01';

/** An ISO date `days` after (negative: before) TODAY. */
export function daysFromToday(days: number): string {
  const date = new Date(`${TODAY}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A healthy open Salesforce deal: every rule passes on it at NOW. */
export function defaultFields(): DealFields {
  return {
    name: known('Acme – 500 seats', 'Acme – 500 seats'),
    amount: known({ value: 250_000, currency: 'EUR' }, '€250,000.00'),
    stage: known({ label: 'Proposal/Price Quote', canonical: 'propose' }, 'Proposal/Price Quote'),
    probability: known(75, '75%'),
    forecastCategory: known('Best Case', 'Best Case'),
    closeDate: known(daysFromToday(30), '7/1/2026'),
    createdDate: known(daysFromToday(-60), '4/2/2026'),
    lastActivityDate: known(daysFromToday(-2), '5/30/2026'),
    lastModifiedDate: known(daysFromToday(-1), '5/31/2026'),
    nextStep: known({ text: 'Pricing call with the CFO', date: null }, 'Pricing call with the CFO'),
    owner: known('Dana Seller', 'Dana Seller'),
    contacts: unknown('contact roles are a related list, not read on record pages yet'),
    qualification: unknown('no qualification fields mapped'),
  };
}

export type SnapshotOverrides = Partial<Omit<DealSnapshot, 'fields'>> & { fields?: Partial<DealFields> };

/** A valid DealSnapshot; `fields` overrides are merged into the healthy defaults. Throws if the result is invalid. */
export function makeSnapshot(overrides: SnapshotOverrides = {}): DealSnapshot {
  const { fields, ...rest } = overrides;
  return dealSnapshotSchema.parse({
    key: 'salesforce:acme.lightning.force.com:0065g00000AbCdE',
    crm: 'salesforce',
    url: 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view',
    capturedAt: NOW.toISOString(),
    source: 'page',
    ...rest,
    fields: { ...defaultFields(), ...fields },
  });
}

/** Every field unknown, as an adapter reports a page it could not read. */
export function unreadableFields(reason = 'field not found on the page'): DealFields {
  return Object.fromEntries(FIELD_NAMES.map((field) => [field, unknown(reason)])) as DealFields;
}

export { empty, known, unknown };
