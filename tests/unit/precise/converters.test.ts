import { describe, expect, it } from 'vitest';
import { apiPayloads, API_FIXTURE_NOW } from '../../../scripts/lib/mock-crm-api.mjs';
import { deriveHistoryFacts } from '../../../src/history/facts';
import { adapterById } from '../../../src/adapters';
import { dealSnapshotSchema, type DealSnapshot } from '../../../src/model/deal';
import { eventsToSnapshots, preferApiValues, type ConvertContext } from '../../../src/precise/common';
import * as salesforce from '../../../src/precise/salesforce';
import * as hubspot from '../../../src/precise/hubspot';
import * as pipedrive from '../../../src/precise/pipedrive';
import * as dynamics from '../../../src/precise/dynamics';
import { known } from '../../../src/model/field';
import { makeSnapshot } from '../../helpers/deals';

const NOW = new Date(API_FIXTURE_NOW);
const TODAY = API_FIXTURE_NOW.slice(0, 10);
const payloads = apiPayloads(0);

const contextFor = (crm: 'salesforce' | 'hubspot' | 'pipedrive' | 'dynamics', key: string, url: string): ConvertContext => ({
  key,
  url,
  now: NOW,
  defaultStageMapping: adapterById(crm)!.defaultStageMapping,
});

/** The API's history, then the API snapshot as the current one: what facts.ts sees on a first visit. */
const factsOf = (history: DealSnapshot[], current: DealSnapshot) => deriveHistoryFacts(history, current, TODAY, 'UTC');

describe('Salesforce: sObject row, SOQL labels and OpportunityHistory', () => {
  const context = contextFor('salesforce', 'salesforce:acme.lightning.force.com:0065g00000AcmeQ', 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view');
  const parsed = {
    opportunity: salesforce.salesforceOpportunitySchema.parse(payloads.salesforce.opportunity),
    labels: salesforce.salesforceLabelsSchema.parse(payloads.salesforce.labels),
    history: salesforce.salesforceHistorySchema.parse(payloads.salesforce.history),
  };

  it('turns the record into an API snapshot with translated labels, the owner and contact roles', () => {
    const snapshot = salesforce.toSnapshot(parsed, context);
    expect(dealSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({ key: context.key, crm: 'salesforce', source: 'api', capturedAt: API_FIXTURE_NOW });
    expect(snapshot.fields.amount).toMatchObject({ state: 'value', value: { value: 480000, currency: 'USD' } });
    expect(snapshot.fields.stage).toMatchObject({ state: 'value', value: { label: 'Proposal/Price Quote', canonical: 'propose' } });
    // The label query's toLabel() value, not the API value "BestCase".
    expect(snapshot.fields.forecastCategory).toMatchObject({ state: 'value', value: 'Best Case' });
    expect(snapshot.fields.closeDate).toMatchObject({ state: 'value', value: '2026-11-15' });
    expect(snapshot.fields.createdDate).toMatchObject({ state: 'value', value: '2026-06-02' });
    expect(snapshot.fields.nextStep).toEqual({ state: 'empty', raw: '' });
    expect(snapshot.fields.owner).toMatchObject({ state: 'value', value: 'Jane Doe' });
    expect(snapshot.fields.contacts).toMatchObject({ state: 'value', value: { count: 2, roles: ['Decision Maker', 'Technical Buyer'] } });
    expect(snapshot.fields.qualification).toMatchObject({ state: 'unknown', code: 'not_supported' });
  });

  it('without the labels query, keeps API values and says the owner and contacts are not known', () => {
    const snapshot = salesforce.toSnapshot({ opportunity: parsed.opportunity }, context);
    expect(snapshot.fields.forecastCategory).toMatchObject({ state: 'value', value: 'BestCase' });
    expect(snapshot.fields.owner).toMatchObject({ state: 'unknown', code: 'not_supported' });
    expect(snapshot.fields.contacts).toMatchObject({ state: 'unknown', code: 'not_supported' });
  });

  it('turns OpportunityHistory into dated full-state snapshots that show three close-date pushes', () => {
    const history = salesforce.toHistory(parsed, context);
    expect(history.map((s) => s.capturedAt)).toEqual([
      '2026-06-02T14:00:00.000Z',
      '2026-07-10T09:00:00.000Z',
      '2026-08-24T11:00:00.000Z',
      '2026-09-26T15:00:00.000Z',
      '2026-10-30T16:00:00.000Z',
    ]);
    expect(history.every((s) => s.source === 'api' && s.key === context.key)).toBe(true);
    expect(history[0]!.fields.name).toMatchObject({ state: 'unknown', code: 'not_supported' });
    expect(history[2]!.fields.amount).toMatchObject({ state: 'value', value: { value: 450000, currency: 'USD' } });
    const facts = factsOf(history, salesforce.toSnapshot(parsed, context));
    expect(facts.closeDate).toMatchObject({ firstSeen: '2026-08-29', current: '2026-11-15', pushCount: 3, totalDriftDays: 78 });
    expect(facts.stage.changes.map((c) => c.to)).toEqual(['Qualification', 'Needs Analysis', 'Proposal/Price Quote']);
    expect(facts.stage.enteredOn?.value).toBe('2026-09-26');
    expect(facts.firstSeenOn).toBe('2026-06-02');
  });

  it('derives the API host from the Lightning host, sandboxes included, and builds Bearer requests', () => {
    expect(salesforce.salesforceApiHost('acme.lightning.force.com')).toBe('acme.my.salesforce.com');
    expect(salesforce.salesforceApiHost('acme--uat.sandbox.lightning.force.com')).toBe('acme--uat.sandbox.my.salesforce.com');
    expect(salesforce.salesforceApiHost('evil.example.com')).toBeNull();
    const requests = salesforce.salesforceRequests('acme.my.salesforce.com', '0065g00000AcmeQ', 'SESSION');
    expect(requests.map((r) => r.name)).toEqual(['opportunity', 'labels', 'history']);
    expect(requests[0]).toMatchObject({ url: 'https://acme.my.salesforce.com/services/data/v61.0/sobjects/Opportunity/0065g00000AcmeQ', credentials: 'omit', headers: { Authorization: 'Bearer SESSION' } });
    expect(decodeURIComponent(requests[2]!.url)).toContain("FROM OpportunityHistory WHERE OpportunityId = '0065g00000AcmeQ' ORDER BY CreatedDate ASC");
    expect(requests[2]!.optional).toBe(true);
    expect(() => salesforce.salesforceRequests('acme.my.salesforce.com', "x' OR Name != '", 'S')).toThrow(/record id/);
  });
});

describe('HubSpot: CRM v3 deal with propertiesWithHistory', () => {
  const context = contextFor('hubspot', 'hubspot:app.hubspot.com:4412345/18234567890', 'https://app.hubspot.com/contacts/4412345/record/0-3/18234567890');
  const parsed = { deal: hubspot.hubspotDealSchema.parse(payloads.hubspot.deal), pipelines: hubspot.hubspotPipelinesSchema.parse(payloads.hubspot.pipelines) };

  it('maps properties to fields: stage label from the pipeline, probability fraction to percent, forecast enum to its label', () => {
    const snapshot = hubspot.toSnapshot(parsed, context);
    expect(snapshot.source).toBe('api');
    expect(snapshot.fields.stage).toMatchObject({ state: 'value', value: { label: 'Decision maker bought-in', canonical: 'propose' }, raw: 'decisionmakerboughtin' });
    expect(snapshot.fields.probability).toMatchObject({ state: 'value', value: 80 });
    expect(snapshot.fields.forecastCategory).toMatchObject({ state: 'value', value: 'Best case' });
    expect(snapshot.fields.amount).toMatchObject({ state: 'value', value: { value: 480000, currency: 'USD' } });
    expect(snapshot.fields.closeDate).toMatchObject({ state: 'value', value: '2026-12-19' });
    expect(snapshot.fields.nextStep).toMatchObject({ state: 'value', value: { text: 'Security review call with Acme IT; send SOC 2 pack', date: '2026-12-02' } });
    expect(snapshot.fields.contacts).toMatchObject({ state: 'value', value: { count: 3, roles: [] } });
    expect(snapshot.fields.owner).toMatchObject({ state: 'unknown', code: 'not_supported' });
  });

  it('falls back to the default pipeline labels without the pipelines payload', () => {
    expect(hubspot.toSnapshot({ deal: parsed.deal }, context).fields.stage).toMatchObject({ value: { label: 'Decision maker bought-in' } });
  });

  it('turns the newest-first property histories into snapshots with three close-date pushes', () => {
    const history = hubspot.toHistory(parsed, context);
    expect(history.map((s) => s.capturedAt)).toEqual(['2026-06-02T08:00:00.000Z', '2026-09-13T09:00:00.000Z', '2026-10-08T10:00:00.000Z', '2026-10-18T09:00:00.000Z', '2026-11-21T09:00:00.000Z']);
    expect(history[0]!.fields).toMatchObject({ stage: { value: { label: 'Qualified to buy' } }, amount: { value: { value: 400000 } }, closeDate: { value: '2026-09-18' } });
    const facts = factsOf(history, hubspot.toSnapshot(parsed, context));
    expect(facts.closeDate).toMatchObject({ pushCount: 3, firstSeen: '2026-09-18', current: '2026-12-19' });
    expect(facts.amount.changePct).toBeCloseTo(20);
  });

  it('builds same-origin requests with the CSRF header and refuses ids that are not numbers', () => {
    const [deal, pipelines] = hubspot.hubspotRequests('app-eu1.hubspot.com', '25990011', '9876543210', 'TOKEN');
    expect(deal!.url).toMatch(/^https:\/\/app-eu1\.hubspot\.com\/api\/crm\/v3\/objects\/deals\/9876543210\?portalId=25990011&/);
    expect(new URL(deal!.url).searchParams.get('propertiesWithHistory')).toBe('closedate,dealstage,amount');
    expect(deal).toMatchObject({ credentials: 'include', headers: { 'X-HubSpot-CSRF-hubspotapi': 'TOKEN' } });
    expect(pipelines!.optional).toBe(true);
    expect(() => hubspot.hubspotRequests('app.hubspot.com', '1', '../owners', 'T')).toThrow();
  });
});

describe('Pipedrive: v1 deal, flow and stages', () => {
  const context = contextFor('pipedrive', 'pipedrive:acme-sales.pipedrive.com:1842', 'https://acme-sales.pipedrive.com/deal/1842');
  const parsed = {
    deal: pipedrive.pipedriveDealSchema.parse(payloads.pipedrive.deal),
    flow: pipedrive.pipedriveFlowSchema.parse(payloads.pipedrive.flow),
    stages: pipedrive.pipedriveStagesSchema.parse(payloads.pipedrive.stages),
  };

  it('maps the deal: stage name from the stages, probability from the stage when the deal has none', () => {
    const snapshot = pipedrive.toSnapshot(parsed, context);
    expect(snapshot.fields).toMatchObject({
      name: { value: 'Globex – 120 seats' },
      amount: { value: { value: 46000, currency: 'USD' } },
      stage: { value: { label: 'Proposal Made', canonical: 'propose' } },
      probability: { value: 60 },
      closeDate: { value: '2026-12-15' },
      createdDate: { value: '2026-06-02' },
      lastActivityDate: { value: '2026-11-24' },
      nextStep: { value: { text: 'Review proposal with Hank (CEO)', date: '2026-11-28' } },
      owner: { value: 'Jane Doe' },
      contacts: { value: { count: 3, roles: [] } },
      forecastCategory: { state: 'unknown', code: 'not_supported' },
    });
  });

  it('an unknown stage id stays unknown instead of showing a number', () => {
    const snapshot = pipedrive.toSnapshot({ deal: parsed.deal }, context);
    expect(snapshot.fields.stage).toMatchObject({ state: 'unknown', code: 'not_supported' });
  });

  it('rebuilds the history from the flow: the values at creation, then each deal change; activities are ignored', () => {
    const history = pipedrive.toHistory(parsed, context);
    expect(history[0]).toMatchObject({ capturedAt: '2026-06-02T09:00:00.000Z' });
    expect(history[0]!.fields).toMatchObject({ closeDate: { value: '2026-10-01' }, stage: { value: { label: 'Qualified' } }, amount: { value: { value: 40000 } } });
    // Creation, then changes on days -100, -46, -40, -35, -12 (stage and value at once) and -2.
    expect(history).toHaveLength(7);
    const facts = factsOf(history, pipedrive.toSnapshot(parsed, context));
    expect(facts.closeDate).toMatchObject({ pushCount: 3, firstSeen: '2026-10-01', current: '2026-12-15', largestPushDays: 30, totalDriftDays: 75 });
    expect(facts.stage.changes.map((c) => c.to)).toEqual(['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made']);
    expect(facts.stage.enteredOn?.value).toBe('2026-11-15');
  });

  it('a deal with no flow has one snapshot: its creation, with today\'s values', () => {
    const history = pipedrive.toHistory({ deal: parsed.deal, stages: parsed.stages }, context);
    expect(history).toHaveLength(1);
    expect(history[0]!.fields.closeDate).toMatchObject({ value: '2026-12-15' });
  });

  it('reads Pipedrive times as UTC', () => {
    expect(pipedrive.pipedriveTime('2026-09-01 10:00:00')).toBe('2026-09-01T10:00:00Z');
    expect(pipedrive.pipedriveRequests('acme-sales.pipedrive.com', '1842').map((r) => r.url)).toEqual([
      'https://acme-sales.pipedrive.com/api/v1/deals/1842',
      'https://acme-sales.pipedrive.com/api/v1/deals/1842/flow?start=0&limit=500',
      'https://acme-sales.pipedrive.com/api/v1/stages',
    ]);
  });
});

describe('Dynamics 365: Web API opportunity and audit history', () => {
  const id = '7a2f4c1e-9b3d-4e6a-8f10-2c5d7e9a1b3f';
  const context = contextFor('dynamics', `dynamics:contoso.crm.dynamics.com:${id}`, `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=${id}`);
  const parsed = { opportunity: dynamics.dynamicsOpportunitySchema.parse(payloads.dynamics.opportunity), audit: dynamics.dynamicsAuditSchema.parse(payloads.dynamics.audit) };

  it('uses the formatted-value annotations for the owner and forecast category, and drops the phase number', () => {
    const snapshot = dynamics.toSnapshot(parsed, context);
    expect(snapshot.fields).toMatchObject({
      amount: { value: { value: 480000, currency: 'USD' }, raw: '$480,000.00' },
      stage: { value: { label: 'Propose', canonical: 'propose' }, raw: '3-Propose' },
      probability: { value: 60 },
      forecastCategory: { value: 'Best case' },
      closeDate: { value: '2026-11-15' },
      owner: { value: 'Jane Doe' },
      lastActivityDate: { state: 'unknown', code: 'not_supported' },
      contacts: { state: 'unknown', code: 'not_supported' },
    });
  });

  it('turns audit details into snapshots, with the oldest old values at creation', () => {
    const history = dynamics.toHistory(parsed, context);
    expect(history[0]).toMatchObject({ capturedAt: '2026-06-02T08:00:00.000Z' });
    expect(history[0]!.fields).toMatchObject({ closeDate: { value: '2026-08-14' }, stage: { value: { label: 'Qualify' } } });
    const facts = factsOf(history, dynamics.toSnapshot(parsed, context));
    expect(facts.closeDate).toMatchObject({ pushCount: 3, firstSeen: '2026-08-14', current: '2026-11-15' });
    expect(facts.stage.changes.map((c) => c.to)).toEqual(['Qualify', 'Develop', 'Propose']);
  });

  it('without auditing there is no history, and the snapshot still stands', () => {
    expect(dynamics.toHistory({ opportunity: parsed.opportunity }, context)).toEqual([]);
    const requests = dynamics.dynamicsRequests('contoso.crm.dynamics.com', id.toUpperCase());
    expect(requests[0]).toMatchObject({ headers: { Prefer: 'odata.include-annotations="*"' }, credentials: 'include' });
    expect(requests[0]!.url).toContain(`/api/data/v9.2/opportunities(${id})?$select=`);
    expect(decodeURIComponent(requests[1]!.url)).toContain(`@target={'@odata.id':'opportunities(${id})'}`);
    expect(() => dynamics.dynamicsRequests('contoso.crm.dynamics.com', 'not-a-guid')).toThrow();
  });
});

describe('shared conversion', () => {
  const context = contextFor('salesforce', 'salesforce:acme.lightning.force.com:0065g00000AbCdE', 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdE/view');

  it('merges events at one instant, carries values forward, and drops events at or after now or with bad times', () => {
    const snapshots = eventsToSnapshots('salesforce', context, [
      { at: '2026-10-01T10:00:00Z', fields: { closeDate: known('2026-11-01', '') } },
      { at: '2026-10-01T10:00:00.000Z', fields: { probability: known(40, '') } },
      { at: '2026-10-05T10:00:00Z', fields: { closeDate: known('2026-12-01', '') } },
      { at: API_FIXTURE_NOW, fields: { closeDate: known('2027-01-01', '') } },
      { at: 'yesterday', fields: { closeDate: known('2027-02-01', '') } },
    ]);
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]!.fields).toMatchObject({ closeDate: { value: '2026-12-01' }, probability: { value: 40 }, name: { state: 'unknown', code: 'not_supported' } });
  });

  it('prefers API values field by field and keeps the page where the API has nothing', () => {
    const page = makeSnapshot({ key: context.key, url: context.url, fields: { closeDate: known('2026-11-15', '11/15/2026'), qualification: known({ metrics: 'x' }, 'x') } });
    const api = salesforce.toSnapshot({ opportunity: salesforce.salesforceOpportunitySchema.parse({ ...(payloads.salesforce.opportunity as object), CloseDate: '2026-12-01' }) }, context);
    const merged = preferApiValues(page, api);
    expect(merged.source).toBe('api');
    expect(merged.capturedAt).toBe(page.capturedAt);
    expect(merged.fields.closeDate).toMatchObject({ value: '2026-12-01' });
    expect(merged.fields.qualification).toEqual(page.fields.qualification);
    expect(merged.fields.owner).toEqual(page.fields.owner);
  });

  it('reads blanks as empty and nonsense as unknown', () => {
    const snapshot = salesforce.toSnapshot(
      { opportunity: salesforce.salesforceOpportunitySchema.parse({ Id: '0065g00000AbCdE', Name: '  ', CloseDate: 'soon', Amount: null, Probability: 140 }) },
      context,
    );
    expect(snapshot.fields.name).toEqual({ state: 'empty', raw: '' });
    expect(snapshot.fields.amount).toEqual({ state: 'empty', raw: '' });
    expect(snapshot.fields.closeDate).toMatchObject({ state: 'unknown', code: 'unparseable' });
    expect(snapshot.fields.probability).toMatchObject({ state: 'unknown', code: 'unparseable' });
  });
});
