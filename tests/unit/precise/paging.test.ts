import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiPayloads, API_FIXTURE_NOW, handleMockApi } from '../../../scripts/lib/mock-crm-api.mjs';
import { adapterById } from '../../../src/adapters';
import { fetchAll, fetchPages, PreciseError, type FetchLike } from '../../../src/precise/client';
import type { ApiRequest, ConvertContext } from '../../../src/precise/common';
import * as pipedrive from '../../../src/precise/pipedrive';
import * as dynamics from '../../../src/precise/dynamics';

const NOW = new Date(API_FIXTURE_NOW);
const payloads = apiPayloads(0);
const DYNAMICS_ID = '7a2f4c1e-9b3d-4e6a-8f10-2c5d7e9a1b3f';

/** A `fetch` answered by the mock CRM API's handler, `pageSize` items per history page at most. */
function mockFetch(pageSize: number) {
  const urls: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    urls.push(url);
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    let status = 404;
    let body = '';
    const res = { writeHead: (code: number) => void (status = code), end: (text: string) => void (body = text) };
    const handled = handleMockApi({ headers } as never, res as never, new URL(url), { pageSize });
    return new Response(handled ? body : 'not mocked', { status: handled ? status : 404 });
  };
  return { fetch, urls };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof PreciseError ? `${error.code} | ${error.detail}` : `other: ${String(error)}`;
  }
}

const contextFor = (crm: 'pipedrive' | 'dynamics', key: string, url: string): ConvertContext => ({ key, url, now: NOW, defaultStageMapping: adapterById(crm)!.defaultStageMapping });

describe('reading a paged request', () => {
  const pageSchema = z.object({ items: z.array(z.number()), next: z.string().nullable() });
  type Page = z.infer<typeof pageSchema>;
  const paged = (maxPages: number): ApiRequest => ({
    name: 'flow',
    url: 'https://crm.example/flow?page=1',
    headers: {},
    credentials: 'include',
    paging: { next: (page) => (page as Page).next, combine: (pages) => ({ items: (pages as Page[]).flatMap((page) => page.items), next: null }), maxPages },
  });
  /** Pages 1…n of the fake server, each pointing at the next with a relative link. */
  const server = (pages: number, link = (n: number) => `/flow?page=${n}`): { fetch: FetchLike; urls: string[] } => {
    const urls: string[] = [];
    return {
      urls,
      fetch: async (url) => {
        urls.push(url);
        const n = Number(new URL(url).searchParams.get('page'));
        return Response.json({ items: [n * 10, n * 10 + 1], next: n < pages ? link(n + 1) : null });
      },
    };
  };

  it('follows the pages in order and combines them', async () => {
    const { fetch, urls } = server(3);
    await expect(fetchPages(paged(10), pageSchema, { fetch })).resolves.toEqual({ payload: { items: [10, 11, 20, 21, 30, 31], next: null }, pages: 3, truncated: false });
    expect(urls).toEqual(['https://crm.example/flow?page=1', 'https://crm.example/flow?page=2', 'https://crm.example/flow?page=3']);
  });

  it('stops at the page limit and says the rest was left out', async () => {
    const { fetch, urls } = server(50);
    const result = await fetchPages(paged(4), pageSchema, { fetch });
    expect(result).toMatchObject({ pages: 4, truncated: true });
    expect(urls).toHaveLength(4);
    const all = await fetchAll([paged(2)], { flow: pageSchema }, { fetch: server(5).fetch });
    expect(all.truncated).toEqual(['flow']);
  });

  it('never follows a next page to another host, nor round in a circle', async () => {
    expect(await codeOf(fetchPages(paged(10), pageSchema, { fetch: server(3, () => 'https://evil.example/flow?page=2').fetch }))).toBe('bad_response | flow: next page is on another host');
    expect(await codeOf(fetchPages(paged(10), pageSchema, { fetch: server(3, () => '/flow?page=1').fetch }))).toBe('bad_response | flow: next page repeats a page');
  });

  it('a page that fails fails the whole history (half a history would look like fewer changes)', async () => {
    const fetch: FetchLike = async (url) => (url.endsWith('page=2') ? new Response('{}', { status: 429 }) : Response.json({ items: [1], next: '/flow?page=2' }));
    expect(await codeOf(fetchPages(paged(10), pageSchema, { fetch }))).toBe('rate_limited | HTTP 429');
    const optional = { ...paged(10), optional: true };
    const result = await fetchAll([optional], { flow: pageSchema }, { fetch });
    expect(result.payloads).toEqual({});
    expect(result.skipped.map((s) => [s.name, s.error.code])).toEqual([['flow', 'rate_limited']]);
  });
});

describe('Pipedrive: the flow over several pages', () => {
  const flowPage = (data: unknown[], pagination: Record<string, unknown>) => pipedrive.pipedriveFlowSchema.parse({ success: true, data, additional_data: { pagination } });
  const base = 'https://acme-sales.pipedrive.com/api/v1/deals/1842/flow?start=0&limit=500';

  it('asks for the next page from next_start while there are more items, keeping the page size', () => {
    expect(pipedrive.pipedriveFlowNextUrl(flowPage([], { start: 0, limit: 500, more_items_in_collection: true, next_start: 500 }), base)).toBe(
      'https://acme-sales.pipedrive.com/api/v1/deals/1842/flow?start=500&limit=500',
    );
    expect(pipedrive.pipedriveFlowNextUrl(flowPage([], { start: 0, limit: 500, more_items_in_collection: false }), base)).toBeNull();
    expect(pipedrive.pipedriveFlowNextUrl(pipedrive.pipedriveFlowSchema.parse({ success: true, data: [] }), base)).toBeNull();
  });

  it('without next_start, continues after the items this page held; a start that does not move ends the paging', () => {
    const items = [{ object: 'note', timestamp: '2026-01-01 00:00:00', data: {} }, { object: 'note', timestamp: '2026-01-01 00:00:00', data: {} }];
    expect(pipedrive.pipedriveFlowNextUrl(flowPage(items, { start: 0, more_items_in_collection: true }), base)).toContain('start=2&');
    expect(pipedrive.pipedriveFlowNextUrl(flowPage([], { start: 0, more_items_in_collection: true }), base)).toBeNull();
  });

  it('asks for pages of 500 (the documented maximum), at most 10', () => {
    const flow = pipedrive.pipedriveRequests('acme-sales.pipedrive.com', '1842').find((request) => request.name === 'flow')!;
    expect(flow.url).toBe(base);
    expect(flow.paging?.maxPages).toBe(pipedrive.PIPEDRIVE_FLOW_MAX_PAGES);
  });

  it('read three items at a time from the mock API, the history is the one a single page gives', async () => {
    const { fetch, urls } = mockFetch(3);
    const requests = pipedrive.pipedriveRequests('acme-sales.pipedrive.com', '1842');
    const { payloads: read, truncated } = await fetchAll(requests, pipedrive.pipedrivePayloadSchemas, { fetch });
    expect(truncated).toEqual([]);
    expect(urls.filter((url) => url.includes('/flow')).map((url) => new URL(url).searchParams.get('start'))).toEqual(['0', '3', '6']);
    const flow = read.flow as z.infer<typeof pipedrive.pipedriveFlowSchema>;
    expect(flow.data).toEqual(pipedrive.pipedriveFlowSchema.parse(payloads.pipedrive.flow).data);
    const context = contextFor('pipedrive', 'pipedrive:acme-sales.pipedrive.com:1842', 'https://acme-sales.pipedrive.com/deal/1842');
    const whole = { deal: pipedrive.pipedriveDealSchema.parse(payloads.pipedrive.deal), flow: pipedrive.pipedriveFlowSchema.parse(payloads.pipedrive.flow), stages: pipedrive.pipedriveStagesSchema.parse(payloads.pipedrive.stages) };
    expect(pipedrive.toHistory(read as never, context)).toEqual(pipedrive.toHistory(whole, context));
    expect(pipedrive.toHistory(read as never, context)).toHaveLength(7);
  });
});

describe('Dynamics 365: audit history over several pages', () => {
  const origin = 'https://contoso.crm.dynamics.com';
  const firstUrl = dynamics.dynamicsAuditUrl(origin, DYNAMICS_ID, { PageNumber: 1, Count: 500, ReturnTotalRecordCount: false });
  const paramsOf = (url: string) => new URL(url).searchParams;

  it('asks with the Target and PagingInfo parameter aliases, written as Microsoft documents them', () => {
    expect(firstUrl.startsWith(`${origin}/api/data/v9.2/RetrieveRecordChangeHistory(Target=@target,PagingInfo=@paginginfo)?@target=`)).toBe(true);
    expect(paramsOf(firstUrl).get('@target')).toBe(`{'@odata.id':'opportunities(${DYNAMICS_ID})'}`);
    expect(JSON.parse(paramsOf(firstUrl).get('@paginginfo')!)).toEqual({ PageNumber: 1, Count: 500, ReturnTotalRecordCount: false });
    const request = dynamics.dynamicsRequests('contoso.crm.dynamics.com', DYNAMICS_ID).find((r) => r.name === 'audit')!;
    expect(request).toMatchObject({ url: firstUrl, optional: true, paging: { maxPages: dynamics.DYNAMICS_AUDIT_MAX_PAGES } });
  });

  it('while MoreRecords, asks for the next page number with the answer\'s PagingCookie', () => {
    const page = dynamics.dynamicsAuditSchema.parse({ AuditDetailCollection: { MoreRecords: true, PagingCookie: '<cookie page="1" />', AuditDetails: [] } });
    const next = dynamics.dynamicsAuditNextUrl(page, firstUrl)!;
    expect(JSON.parse(paramsOf(next).get('@paginginfo')!)).toEqual({ PageNumber: 2, Count: 500, ReturnTotalRecordCount: false, PagingCookie: '<cookie page="1" />' });
    expect(paramsOf(next).get('@target')).toBe(paramsOf(firstUrl).get('@target'));
    const third = dynamics.dynamicsAuditNextUrl(page, next)!;
    expect(JSON.parse(paramsOf(third).get('@paginginfo')!)).toMatchObject({ PageNumber: 3 });
  });

  it('stops without MoreRecords or without a cookie, and follows an @odata.nextLink where one is given', () => {
    const parse = (value: unknown) => dynamics.dynamicsAuditSchema.parse(value);
    expect(dynamics.dynamicsAuditNextUrl(parse({ AuditDetailCollection: { MoreRecords: false, PagingCookie: 'x', AuditDetails: [] } }), firstUrl)).toBeNull();
    expect(dynamics.dynamicsAuditNextUrl(parse({ AuditDetailCollection: { MoreRecords: true, PagingCookie: null, AuditDetails: [] } }), firstUrl)).toBeNull();
    const linked = parse({ '@odata.nextLink': `${origin}/api/data/v9.2/next-page`, AuditDetailCollection: { MoreRecords: true, AuditDetails: [] } });
    expect(dynamics.dynamicsAuditNextUrl(linked, firstUrl)).toBe(`${origin}/api/data/v9.2/next-page`);
  });

  it('read three details at a time from the mock API, the history is the one a single page gives', async () => {
    const { fetch, urls } = mockFetch(3);
    const { payloads: read } = await fetchAll(dynamics.dynamicsRequests('contoso.crm.dynamics.com', DYNAMICS_ID), dynamics.dynamicsPayloadSchemas, { fetch });
    const auditPages = urls.filter((url) => url.includes('RetrieveRecordChangeHistory')).map((url) => JSON.parse(paramsOf(url).get('@paginginfo')!));
    expect(auditPages.map((paging) => paging.PageNumber)).toEqual([1, 2]);
    expect(auditPages[1].PagingCookie).toMatch(/^<cookie /);
    const audit = read.audit as z.infer<typeof dynamics.dynamicsAuditSchema>;
    expect(audit.AuditDetailCollection.AuditDetails).toHaveLength(4);
    expect(audit.AuditDetailCollection.MoreRecords).toBe(false);
    const context = contextFor('dynamics', `dynamics:contoso.crm.dynamics.com:${DYNAMICS_ID}`, `${origin}/main.aspx?pagetype=entityrecord&etn=opportunity&id=${DYNAMICS_ID}`);
    const whole = { opportunity: dynamics.dynamicsOpportunitySchema.parse(payloads.dynamics.opportunity), audit: dynamics.dynamicsAuditSchema.parse(payloads.dynamics.audit) };
    expect(dynamics.toHistory(read as never, context)).toEqual(dynamics.toHistory(whole, context));
  });

  it('a detail without its audit record (no time) is left out of the history instead of failing it', () => {
    const context = contextFor('dynamics', `dynamics:contoso.crm.dynamics.com:${DYNAMICS_ID}`, `${origin}/main.aspx?pagetype=entityrecord&etn=opportunity&id=${DYNAMICS_ID}`);
    const opportunity = dynamics.dynamicsOpportunitySchema.parse(payloads.dynamics.opportunity);
    const details = dynamics.dynamicsAuditSchema.parse(payloads.dynamics.audit).AuditDetailCollection.AuditDetails;
    const undated = { ...details[0], AuditRecord: undefined };
    const audit = dynamics.dynamicsAuditSchema.parse({ AuditDetailCollection: { MoreRecords: false, AuditDetails: [undated, ...details.slice(1)] } });
    const withAll = dynamics.toHistory({ opportunity, audit: dynamics.dynamicsAuditSchema.parse(payloads.dynamics.audit) }, context);
    const withoutNewest = dynamics.toHistory({ opportunity, audit }, context);
    expect(withoutNewest).toHaveLength(withAll.length - 1);
    expect(withoutNewest.at(-1)!.fields.closeDate).toMatchObject({ value: '2026-10-18' });
  });
});
