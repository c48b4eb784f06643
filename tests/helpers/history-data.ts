import type { IDBPDatabase } from 'idb';
import { openHistoryDb, saveQualification, saveSnapshot, saveSnooze, type HistoryDb } from '../../src/history/store';
import type { DealSnapshot } from '../../src/model/deal';
import type { Snooze } from '../../src/model/snooze';
import type { QualificationRecord } from '../../src/qualification/types';
import { known, makeSnapshot } from './deals';

/** Deal keys of the stored-history tests. */
export const ACME = 'salesforce:acme.lightning.force.com:0065g00000AcmeQ';
export const GLOBEX = 'salesforce:acme.lightning.force.com:0065g00000GlobX';
export const INITECH = 'hubspot:app.hubspot.com:4711';

let counter = 0;
/** A database of its own for each test (fake-indexeddb keeps databases for the whole file). */
export function openTestDb(): Promise<IDBPDatabase<HistoryDb>> {
  counter += 1;
  return openHistoryDb(`history-data-test-${Date.now()}-${counter}`);
}

/** One visit to a deal that showed `closeDate`: a new snapshot whenever the close date differs from the last visit. */
export function visit(key: string, capturedAt: string, closeDate: string, name = 'Acme – 500 seats'): DealSnapshot {
  const crm = key.split(':')[0] as DealSnapshot['crm'];
  const url = crm === 'hubspot' ? 'https://app.hubspot.com/contacts/123/record/0-3/4711' : `https://acme.lightning.force.com/lightning/r/Opportunity/${key.split(':')[2]}AAR/view`;
  return makeSnapshot({ key, crm, url, capturedAt, fields: { closeDate: known(closeDate, closeDate), name: known(name, name) } });
}

export async function saveVisits(db: IDBPDatabase<HistoryDb>, visits: readonly DealSnapshot[]): Promise<void> {
  for (const snapshot of visits) await saveSnapshot(db, snapshot);
}

export function answers(dealKey: string, updatedAt: string, dealName?: string): QualificationRecord {
  return {
    dealKey,
    ...(dealName ? { dealName } : {}),
    frameworkId: 'meddicc',
    answers: { 'economic-buyer': { answer: 'partly', note: 'CFO signs; not met yet', answeredAt: updatedAt } },
    effort: { people: 2, hours: 30 },
    managementMet: false,
    updatedAt,
  };
}

export function snooze(dealKey: string, ruleId: string, createdAt: string, until: string): Snooze {
  return { dealKey, ruleId, reason: 'Customer on holiday', createdAt, until };
}

export { saveQualification, saveSnooze };
