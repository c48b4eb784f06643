import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES, parseMessage, senderAllowed, tabStateSchema, type Message, type MessageType } from '../../../src/messaging/protocol';
import { known, makeSnapshot, unknown } from '../../helpers/deals';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;
const PAGE = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view';

const valid: Record<MessageType, Message> = {
  'cs-bg:reading': { type: 'cs-bg:reading', url: PAGE, crm: 'salesforce' },
  'cs-bg:snapshot': { type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [makeSnapshot()] },
  'cs-bg:page-left': { type: 'cs-bg:page-left', url: PAGE },
  'ui-bg:get-tab-state': { type: 'ui-bg:get-tab-state', tabId: 7 },
  'ui-bg:snooze': { type: 'ui-bg:snooze', dealKey: 'salesforce:acme.lightning.force.com:0065g00000AbCdE', ruleId: 'next-step-missing', reason: 'On holiday', days: 7, tabId: 7 },
  'ui-bg:unsnooze': { type: 'ui-bg:unsnooze', dealKey: 'salesforce:acme.lightning.force.com:0065g00000AbCdE', ruleId: 'next-step-missing' },
  'ui-bg:get-qualification': { type: 'ui-bg:get-qualification', dealKey: 'salesforce:acme.lightning.force.com:0065g00000AbCdE' },
  'ui-bg:save-qualification': {
    type: 'ui-bg:save-qualification',
    record: {
      dealKey: 'salesforce:acme.lightning.force.com:0065g00000AbCdE',
      frameworkId: 'meddicc',
      answers: { 'economic-buyer': { answer: 'partly', note: 'CFO signs; not met yet', answeredAt: '2026-11-27T10:00:00.000Z' } },
      effort: { people: 3, hours: 40 },
      managementMet: false,
      updatedAt: '2026-11-27T10:00:00.000Z',
    },
    tabId: 7,
  },
  'ui-bg:list-qualifications': { type: 'ui-bg:list-qualifications' },
  'cs-bg:open-side-panel': { type: 'cs-bg:open-side-panel' },
  'ui-bg:list-deals': { type: 'ui-bg:list-deals' },
  'ui-bg:get-deal-history': { type: 'ui-bg:get-deal-history', dealKey: 'salesforce:acme.lightning.force.com:0065g00000AbCdE' },
  'ui-bg:import-deals': { type: 'ui-bg:import-deals', snapshots: [makeSnapshot({ key: 'salesforce:import:0065g00000AbCdE' })] },
  'ui-bg:remove-imported-deals': { type: 'ui-bg:remove-imported-deals' },
  'ui-bg:export-everything': { type: 'ui-bg:export-everything' },
  'ui-bg:import-everything': { type: 'ui-bg:import-everything', file: { kind: 'deal-hygiene-export' } },
  'ui-bg:delete-everything': { type: 'ui-bg:delete-everything' },
  'ui-bg:get-storage-usage': { type: 'ui-bg:get-storage-usage' },
  'ui-bg:apply-retention': { type: 'ui-bg:apply-retention' },
  'ui-bg:dismiss-storage-notice': { type: 'ui-bg:dismiss-storage-notice' },
  'ui-bg:custom-crms-changed': { type: 'ui-bg:custom-crms-changed' },
  'ui-bg:test-mapping': { type: 'ui-bg:test-mapping', tabId: 7, mapping: { id: 'tryton' } },
  'ui-bg:get-precise-status': { type: 'ui-bg:get-precise-status', dealKey: 'salesforce:acme.lightning.force.com:0065g00000AbCdE' },
  'ui-bg:set-precise-mode': { type: 'ui-bg:set-precise-mode', crm: 'salesforce', enabled: true },
};

function rejected(input: unknown): string {
  const parsed = parseMessage(input);
  expect(parsed.ok).toBe(false);
  return parsed.ok ? '' : parsed.error;
}

describe('parseMessage', () => {
  it('knows every message type', () => {
    expect([...MESSAGE_TYPES].sort()).toEqual(Object.keys(valid).sort());
  });

  it.each(Object.entries(valid))('accepts a valid %s', (_type, message) => {
    const parsed = parseMessage(structuredClone(message));
    expect(parsed).toEqual({ ok: true, message });
  });

  it('accepts list pages with many snapshots and a snapshot with empty and unknown fields', () => {
    const snapshots = [
      makeSnapshot({ key: 'salesforce:acme:1' }),
      makeSnapshot({ key: 'salesforce:acme:2', fields: { nextStep: { state: 'empty', raw: '' }, amount: unknown('not on the card') } }),
    ];
    expect(parseMessage({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'list', snapshots }).ok).toBe(true);
  });

  it('rejects null, primitives, arrays and objects without a type, naming the root', () => {
    for (const input of [null, undefined, 42, 'cs-bg:reading', [], [valid['cs-bg:reading']]]) {
      const error = rejected(input);
      expect(error).toContain('(root)');
    }
    expect(rejected({ url: PAGE })).toMatch(/type \(none\).*type:/);
  });

  it('rejects an unknown type without repeating it', () => {
    const error = rejected({ type: 'cs-bg:steal <b>Acme secret</b>', url: PAGE });
    expect(error).toContain('type:');
    expect(error).toContain('(unknown)');
    expect(error).not.toContain('Acme');
    expect(rejected({ type: 42 })).toContain('(unknown)');
  });

  it('rejects a wrong field type and names its path', () => {
    expect(rejected({ type: 'ui-bg:get-tab-state', tabId: '7' })).toContain('tabId');
    expect(rejected({ type: 'ui-bg:get-tab-state', tabId: -1 })).toContain('tabId');
    expect(rejected({ type: 'ui-bg:get-tab-state', tabId: 1.5 })).toContain('tabId');
    expect(rejected({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'calendar', snapshots: [] })).toContain('pageKind');
  });

  it('rejects missing fields and names each', () => {
    const error = rejected({ type: 'cs-bg:reading' });
    expect(error).toContain('url');
    expect(error).toContain('crm');
    expect(rejected({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record' })).toContain('snapshots');
  });

  it('rejects an extra-long url without echoing it', () => {
    const long = `https://acme.example/${'secret-customer-'.repeat(300)}`;
    const error = rejected({ type: 'cs-bg:page-left', url: long });
    expect(error).toContain('url');
    expect(error).not.toContain('secret-customer');
    expect(error.length).toBeLessThan(500);
  });

  it('rejects a snapshot field with an invalid state, naming the path and not the page data', () => {
    const snapshot = { ...makeSnapshot(), fields: { ...makeSnapshot().fields, name: { state: 'guessed', value: 'Globex secret merger', raw: 'Globex secret merger' } } };
    const error = rejected({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [snapshot] });
    expect(error).toContain('snapshots.0.fields.name.state');
    expect(error).not.toContain('Globex');
  });

  it('rejects invalid values inside a field, naming the path', () => {
    const snapshot = makeSnapshot();
    const bad = {
      ...snapshot,
      fields: {
        ...snapshot.fields,
        amount: { state: 'value', value: { value: 1000, currency: 'kroner' }, raw: '1.000 kroner' },
        closeDate: { state: 'value', value: '27.11.2026', raw: '27.11.2026' },
      },
    };
    const error = rejected({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [bad] });
    expect(error).toContain('snapshots.0.fields.amount.value.currency');
    expect(error).toContain('snapshots.0.fields.closeDate.value');
    expect(error).not.toContain('kroner');
    expect(error).not.toContain('27.11.2026');
  });

  it('does not echo record keys chosen by the page (they are page data)', () => {
    const secretKey = 'Budget approved by Jane Doe at Globex '.repeat(4);
    const snapshot = makeSnapshot();
    const bad = {
      ...snapshot,
      fields: { ...snapshot.fields, qualification: { state: 'value', raw: '', value: { [secretKey]: 'x'.repeat(3000) } } },
    };
    const error = rejected({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [bad] });
    expect(error).toContain('snapshots.0.fields.qualification.value.*');
    expect(error).not.toContain('Jane');
    expect(error).not.toContain('xxxx');
  });

  it('reports at most three problems', () => {
    const error = rejected({ type: 'cs-bg:snapshot', url: 1, pageKind: 2, snapshots: [1, 2, 3, 4, 5] });
    expect(error.split('; ').length).toBeLessThanOrEqual(3);
  });

  it('keeps valid tab states valid', () => {
    const deal = { status: 'unreadable', url: PAGE, crm: 'salesforce', unread: [{ field: 'name', reason: 'not found' }] };
    expect(tabStateSchema.safeParse(deal).success).toBe(true);
    expect(tabStateSchema.safeParse({ status: 'deal', url: PAGE, pageKind: 'record', deals: [{ snapshot: makeSnapshot(), verdict: null }] }).success).toBe(false);
  });

  it('rejects a snapshot whose fields are missing one', () => {
    const { owner: _owner, ...fields } = makeSnapshot({ fields: { name: known('A', 'A') } }).fields;
    const error = rejected({ type: 'cs-bg:snapshot', url: PAGE, pageKind: 'record', snapshots: [{ ...makeSnapshot(), fields }] });
    expect(error).toContain('snapshots.0.fields.owner');
  });
});

describe('senderAllowed', () => {
  const contentScript = { id: EXTENSION_ID, tab: { id: 12 }, url: PAGE };
  const popup = { id: EXTENSION_ID, url: `${ORIGIN}popup.html` };
  const pageInTab = { id: EXTENSION_ID, tab: { id: 13 }, url: `${ORIGIN}review.html` };
  const allowed = (type: MessageType, sender: Parameters<typeof senderAllowed>[1]) => senderAllowed(type, sender, EXTENSION_ID, ORIGIN);
  const csTypes: MessageType[] = ['cs-bg:reading', 'cs-bg:snapshot', 'cs-bg:page-left'];

  it('accepts content-script messages from tabs', () => {
    for (const type of csTypes) expect(allowed(type, contentScript)).toBe(true);
  });

  it('refuses content-script messages from extension pages, with or without a tab', () => {
    for (const type of csTypes) {
      expect(allowed(type, popup)).toBe(false);
      expect(allowed(type, pageInTab)).toBe(false);
    }
  });

  it('refuses content-script messages from no tab or a non-tab context', () => {
    expect(allowed('cs-bg:snapshot', { id: EXTENSION_ID, url: PAGE })).toBe(false);
    expect(allowed('cs-bg:snapshot', { id: EXTENSION_ID, tab: {}, url: PAGE })).toBe(false);
    expect(allowed('cs-bg:snapshot', { id: EXTENSION_ID, tab: { id: -1 }, url: PAGE })).toBe(false);
  });

  it('accepts ui messages only from the extension origin', () => {
    expect(allowed('ui-bg:get-tab-state', popup)).toBe(true);
    expect(allowed('ui-bg:get-tab-state', pageInTab)).toBe(true);
    expect(allowed('ui-bg:get-tab-state', contentScript)).toBe(false);
    expect(allowed('ui-bg:get-tab-state', { id: EXTENSION_ID })).toBe(false);
    // A page whose URL merely starts like our origin with a longer id is not ours.
    expect(allowed('ui-bg:get-tab-state', { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}x/popup.html` })).toBe(false);
    expect(senderAllowed('ui-bg:get-tab-state', { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}x/popup.html` }, EXTENSION_ID, ORIGIN.slice(0, -1))).toBe(
      false,
    );
  });

  it('refuses everything from another extension or without an id', () => {
    const other = 'zyxwvutsrqponmlkzyxwvutsrqponmlk';
    for (const type of [...csTypes, 'ui-bg:get-tab-state'] as MessageType[]) {
      expect(allowed(type, { ...contentScript, id: other })).toBe(false);
      expect(allowed(type, { ...popup, id: other })).toBe(false);
      expect(allowed(type, { ...popup, id: undefined })).toBe(false);
      expect(allowed(type, { id: other, url: `chrome-extension://${other}/popup.html` })).toBe(false);
    }
  });

  it('refuses everything when the extension origin is unknown', () => {
    expect(senderAllowed('ui-bg:get-tab-state', popup, EXTENSION_ID, '')).toBe(false);
  });
});
