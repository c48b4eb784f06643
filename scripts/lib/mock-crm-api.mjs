// A local stand-in for each CRM's own API (precise mode, #7), answering the vendors' documented shapes for the fixture
// deals: the same record ids as the fixture pages' sidecars (tests/fixtures/<crm>/), so the page and the API describe
// the same deal. Each deal's close date was pushed three times before "now", as a slipping deal's history would show.
// Shapes (see src/precise/<crm>.ts for the references): Salesforce REST sObject rows and SOQL query results,
// HubSpot CRM v3 deal with propertiesWithHistory, Pipedrive v1 deal/flow/stages, Dataverse Web API opportunity with
// formatted-value annotations and RetrieveRecordChangeHistory.

const DAY = 86_400_000;

/** The fixture deals' sidecars are "as of" this day; every date below is an offset from it. */
export const API_FIXTURE_NOW = '2026-11-27T09:00:00.000Z';

export const MOCK_API_RECORDS = {
  salesforce: { host: 'acme.my.salesforce.com', id: '0065g00000AcmeQAAR' },
  hubspot: { host: 'app.hubspot.com', portal: '4412345', id: '18234567890' },
  pipedrive: { host: 'acme-sales.pipedrive.com', id: '1842' },
  dynamics: { host: 'contoso.crm.dynamics.com', id: '7a2f4c1e-9b3d-4e6a-8f10-2c5d7e9a1b3f' },
};

/**
 * The payloads of every fixture deal, dated `shiftDays` after the sidecars' day (0 in unit tests; days since then in
 * e2e, as the fixture server moves the pages' dates).
 */
export function apiPayloads(shiftDays = 0) {
  const base = Date.parse(API_FIXTURE_NOW) + shiftDays * DAY;
  /** Calendar day `n` days from the (shifted) sidecar day. */
  const day = (n) => new Date(base + n * DAY).toISOString().slice(0, 10);
  /** A time `n` days from it, at hh:mm UTC. */
  const at = (n, hh = 10, mm = 0) => `${day(n)}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000Z`;
  const sfTime = (n, hh) => at(n, hh).replace('Z', '+0000');
  const pdTime = (n, hh) => at(n, hh).slice(0, 19).replace('T', ' ');

  // Salesforce: the page shows close date day(-12) (2026-11-15); it was day(-90), day(-60), day(-30) before.
  const sf = MOCK_API_RECORDS.salesforce;
  const sfRecordUrl = `/services/data/v61.0/sobjects/Opportunity/${sf.id}`;
  const salesforce = {
    opportunity: {
      attributes: { type: 'Opportunity', url: sfRecordUrl },
      Id: sf.id,
      Name: 'Acme Corp - 500 Seats',
      Amount: 480000,
      CurrencyIsoCode: 'USD',
      StageName: 'Proposal/Price Quote',
      Probability: 75,
      ForecastCategoryName: 'BestCase',
      CloseDate: day(-12),
      CreatedDate: sfTime(-178, 14),
      LastActivityDate: day(-30),
      LastModifiedDate: sfTime(-28, 16),
      NextStep: null,
      OwnerId: '0055g00000OwnerAAA',
      IsClosed: false,
      IsWon: false,
    },
    labels: {
      totalSize: 1,
      done: true,
      records: [
        {
          attributes: { type: 'Opportunity', url: sfRecordUrl },
          Id: sf.id,
          StageName: 'Proposal/Price Quote',
          ForecastCategoryName: 'Best Case',
          Owner: { attributes: { type: 'User', url: '/services/data/v61.0/sobjects/User/0055g00000OwnerAAA' }, Name: 'Jane Doe' },
          OpportunityContactRoles: {
            totalSize: 2,
            done: true,
            records: [
              { attributes: { type: 'OpportunityContactRole' }, Role: 'Decision Maker', IsPrimary: true, ContactId: '0035g00000Cont1AAA', Contact: { attributes: { type: 'Contact' }, Name: 'Dana Whitfield' } },
              { attributes: { type: 'OpportunityContactRole' }, Role: 'Technical Buyer', IsPrimary: false, ContactId: '0035g00000Cont2AAA', Contact: { attributes: { type: 'Contact' }, Name: 'Marcus Lee' } },
            ],
          },
        },
      ],
    },
    history: {
      totalSize: 5,
      done: true,
      records: [
        { attributes: { type: 'OpportunityHistory' }, StageName: 'Qualification', CloseDate: day(-90), Amount: 400000, Probability: 20, ForecastCategory: 'Pipeline', CreatedDate: sfTime(-178, 14) },
        { attributes: { type: 'OpportunityHistory' }, StageName: 'Needs Analysis', CloseDate: day(-90), Amount: 400000, Probability: 40, ForecastCategory: 'Pipeline', CreatedDate: sfTime(-140, 9) },
        { attributes: { type: 'OpportunityHistory' }, StageName: 'Needs Analysis', CloseDate: day(-60), Amount: 450000, Probability: 40, ForecastCategory: 'Pipeline', CreatedDate: sfTime(-95, 11) },
        { attributes: { type: 'OpportunityHistory' }, StageName: 'Proposal/Price Quote', CloseDate: day(-30), Amount: 480000, Probability: 75, ForecastCategory: 'Best Case', CreatedDate: sfTime(-62, 15) },
        { attributes: { type: 'OpportunityHistory' }, StageName: 'Proposal/Price Quote', CloseDate: day(-12), Amount: 480000, Probability: 75, ForecastCategory: 'Best Case', CreatedDate: sfTime(-28, 16) },
      ],
    },
  };

  // HubSpot: the page shows close date day(22) (2026-12-19).
  const hubspot = {
    deal: {
      id: MOCK_API_RECORDS.hubspot.id,
      properties: {
        dealname: 'Acme Corp – 500 seats',
        amount: '480000',
        deal_currency_code: 'USD',
        dealstage: 'decisionmakerboughtin',
        pipeline: 'default',
        hs_deal_stage_probability: '0.8',
        hs_manual_forecast_category: 'BEST_CASE',
        closedate: at(22, 0),
        createdate: at(-178, 8),
        notes_last_updated: at(-7, 13),
        hs_lastmodifieddate: at(-3, 12),
        hs_next_step: 'Security review call with Acme IT; send SOC 2 pack',
        notes_next_activity_date: at(5, 15),
        hs_object_id: MOCK_API_RECORDS.hubspot.id,
      },
      propertiesWithHistory: {
        closedate: [
          { value: at(22, 0), timestamp: at(-6, 9), sourceType: 'CRM_UI', sourceId: 'userId:1001', updatedByUserId: 1001 },
          { value: at(-8, 0), timestamp: at(-40, 9), sourceType: 'CRM_UI', sourceId: 'userId:1001', updatedByUserId: 1001 },
          { value: at(-38, 0), timestamp: at(-75, 9), sourceType: 'CRM_UI', sourceId: 'userId:1001', updatedByUserId: 1001 },
          { value: at(-70, 0), timestamp: at(-178, 8), sourceType: 'CRM_UI', sourceId: 'userId:1001', updatedByUserId: 1001 },
        ],
        dealstage: [
          { value: 'decisionmakerboughtin', timestamp: at(-50, 10), sourceType: 'CRM_UI', sourceId: 'userId:1001' },
          { value: 'qualifiedtobuy', timestamp: at(-178, 8), sourceType: 'CRM_UI', sourceId: 'userId:1001' },
        ],
        amount: [
          { value: '480000', timestamp: at(-50, 10), sourceType: 'CRM_UI', sourceId: 'userId:1001' },
          { value: '400000', timestamp: at(-178, 8), sourceType: 'CRM_UI', sourceId: 'userId:1001' },
        ],
      },
      createdAt: at(-178, 8),
      updatedAt: at(-3, 12),
      archived: false,
      associations: {
        contacts: {
          results: [
            { id: '5101', type: 'deal_to_contact' },
            { id: '5102', type: 'deal_to_contact' },
            { id: '5103', type: 'deal_to_contact' },
          ],
        },
      },
    },
    pipelines: {
      results: [
        {
          id: 'default',
          label: 'Sales Pipeline',
          displayOrder: 0,
          stages: [
            ['appointmentscheduled', 'Appointment scheduled', '0.2'],
            ['qualifiedtobuy', 'Qualified to buy', '0.4'],
            ['presentationscheduled', 'Presentation scheduled', '0.6'],
            ['decisionmakerboughtin', 'Decision maker bought-in', '0.8'],
            ['contractsent', 'Contract sent', '0.9'],
            ['closedwon', 'Closed won', '1.0'],
            ['closedlost', 'Closed lost', '0.0'],
          ].map(([id, label, probability], displayOrder) => ({ id, label, displayOrder, metadata: { probability, isClosed: String(id.startsWith('closed')) } })),
        },
      ],
    },
  };

  // Pipedrive: the page shows expected close date day(18) (2026-12-15).
  const pd = MOCK_API_RECORDS.pipedrive;
  const change = (id, n, hh, field_key, old_value, new_value) => ({
    object: 'dealChange',
    timestamp: pdTime(n, hh),
    data: { id, item_id: Number(pd.id), user_id: 9001, field_key, old_value, new_value, is_bulk_update_flag: null, log_time: pdTime(n, hh), additional_data: {} },
  });
  const pipedrive = {
    deal: {
      success: true,
      data: {
        id: Number(pd.id),
        title: 'Globex – 120 seats',
        value: 46000,
        currency: 'USD',
        stage_id: 4,
        pipeline_id: 1,
        probability: null,
        expected_close_date: day(18),
        add_time: pdTime(-178, 9),
        update_time: pdTime(-2, 16),
        stage_change_time: pdTime(-12, 10),
        last_activity_date: day(-3),
        next_activity_date: day(1),
        next_activity_subject: 'Review proposal with Hank (CEO)',
        user_id: { id: 9001, name: 'Jane Doe', email: 'jane@example.com', has_pic: 0, active_flag: true, value: 9001 },
        owner_name: 'Jane Doe',
        participants_count: 3,
        status: 'open',
        active: true,
        deleted: false,
      },
      additional_data: { dropbox_email: 'acme-sales+deal1842@pipedrivemail.com' },
    },
    flow: {
      success: true,
      // As the fixture page's own changelog shows its last two entries: Demo Scheduled → Proposal Made on day -12, and
      // the close date moved from day 3 to day 18 on day -2.
      data: [
        change(508, -2, 16, 'expected_close_date', day(3), day(18)),
        { object: 'activity', timestamp: pdTime(-3, 9), data: { id: 77, subject: 'Demo for IT team', type: 'meeting', done: true } },
        change(507, -12, 10, 'stage_id', '3', '4'),
        change(506, -12, 10, 'value', '40000', '46000'),
        change(505, -35, 11, 'stage_id', '2', '3'),
        change(504, -40, 14, 'expected_close_date', day(-27), day(3)),
        change(503, -46, 10, 'stage_id', '1', '2'),
        change(502, -100, 10, 'expected_close_date', day(-57), day(-27)),
      ],
      additional_data: { pagination: { start: 0, limit: 500, more_items_in_collection: false } },
    },
    stages: {
      success: true,
      data: [
        { id: 1, order_nr: 1, name: 'Qualified', active_flag: true, deal_probability: 10, pipeline_id: 1, rotten_flag: false, rotten_days: null },
        { id: 2, order_nr: 2, name: 'Contact Made', active_flag: true, deal_probability: 20, pipeline_id: 1, rotten_flag: false, rotten_days: null },
        { id: 3, order_nr: 3, name: 'Demo Scheduled', active_flag: true, deal_probability: 40, pipeline_id: 1, rotten_flag: false, rotten_days: null },
        { id: 4, order_nr: 4, name: 'Proposal Made', active_flag: true, deal_probability: 60, pipeline_id: 1, rotten_flag: false, rotten_days: null },
        { id: 5, order_nr: 5, name: 'Negotiations Started', active_flag: true, deal_probability: 80, pipeline_id: 1, rotten_flag: false, rotten_days: null },
      ],
    },
  };

  // Dynamics: the page shows estimated close date day(-12) (2026-11-15).
  const dy = MOCK_API_RECORDS.dynamics;
  const F = '@OData.Community.Display.V1.FormattedValue';
  const audit = (n, hh, oldValue, newValue) => ({
    '@odata.type': '#Microsoft.Dynamics.CRM.AttributeAuditDetail',
    OldValue: { '@odata.type': '#Microsoft.Dynamics.CRM.opportunity', ...oldValue },
    NewValue: { '@odata.type': '#Microsoft.Dynamics.CRM.opportunity', ...newValue },
    AuditRecord: { '@odata.type': '#Microsoft.Dynamics.CRM.audit', auditid: `a0000000-0000-0000-0000-00000000${String(200 - n).padStart(4, '0')}`, createdon: at(n, hh), operation: 2, action: 2, objecttypecode: 'opportunity' },
  });
  const dynamics = {
    opportunity: {
      '@odata.context': `https://${dy.host}/api/data/v9.2/$metadata#opportunities(name,estimatedvalue,stepname,closeprobability,msdyn_forecastcategory,estimatedclosedate,createdon,modifiedon,_ownerid_value,_stageid_value,transactioncurrencyid(isocurrencycode))/$entity`,
      '@odata.etag': 'W/"4471250"',
      opportunityid: dy.id,
      name: 'Acme Corp - 500 Seats',
      estimatedvalue: 480000,
      [`estimatedvalue${F}`]: '$480,000.00',
      stepname: '3-Propose',
      closeprobability: 60,
      msdyn_forecastcategory: 100000002,
      [`msdyn_forecastcategory${F}`]: 'Best case',
      estimatedclosedate: day(-12),
      [`estimatedclosedate${F}`]: day(-12),
      createdon: at(-178, 8),
      modifiedon: at(-28, 12),
      _ownerid_value: 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9',
      [`_ownerid_value${F}`]: 'Jane Doe',
      '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'systemuser',
      _stageid_value: '3a275c22-fc45-4e89-97fc-41e5ec578743',
      [`_stageid_value${F}`]: 'Propose',
      transactioncurrencyid: { isocurrencycode: 'USD', transactioncurrencyid: 'e1d2c3b4-a596-4877-9685-74a3b2c1d0e9' },
    },
    audit: {
      '@odata.context': `https://${dy.host}/api/data/v9.2/$metadata#Microsoft.Dynamics.CRM.RetrieveRecordChangeHistoryResponse`,
      AuditDetailCollection: {
        MoreRecords: false,
        PagingCookie: '',
        TotalRecordCount: 4,
        AuditDetails: [
          audit(-28, 12, { estimatedclosedate: day(-40) }, { estimatedclosedate: day(-12) }),
          audit(-55, 9, { stepname: '2-Develop', closeprobability: 40 }, { stepname: '3-Propose', closeprobability: 60 }),
          audit(-70, 15, { estimatedclosedate: day(-75) }, { estimatedclosedate: day(-40) }),
          audit(-110, 10, { estimatedclosedate: day(-105), stepname: '1-Qualify' }, { estimatedclosedate: day(-75), stepname: '2-Develop' }),
        ],
      },
    },
  };

  return { salesforce, hubspot, pipedrive, dynamics };
}

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/** Pipedrive v1 offset paging of the flow: `start`/`limit` in, `additional_data.pagination` out. */
export function pagePipedriveFlow(flow, url, pageSize) {
  const start = Math.max(0, Number.parseInt(url.searchParams.get('start') ?? '0', 10) || 0);
  const asked = Number.parseInt(url.searchParams.get('limit') ?? '100', 10) || 100;
  const limit = Math.min(asked, 500, pageSize);
  const items = flow.data.slice(start, start + limit);
  const more = start + items.length < flow.data.length;
  return {
    ...flow,
    data: items,
    additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + items.length } : {}) } },
  };
}

/**
 * RetrieveRecordChangeHistory's paging: `@paginginfo` {PageNumber, Count, PagingCookie} in, MoreRecords and a
 * PagingCookie out. The mock's cookie carries the position, as Dataverse's opaque one carries its continuation token.
 */
export function pageDynamicsAudit(audit, url, pageSize) {
  let paging = null;
  try {
    paging = JSON.parse(url.searchParams.get('@paginginfo') ?? 'null');
  } catch {
    return { error: { code: '0x80060888', message: 'Invalid @paginginfo' } };
  }
  const details = audit.AuditDetailCollection.AuditDetails;
  if (!paging) return audit;
  const count = Math.min(Number(paging.Count) || 5000, pageSize);
  const fromCookie = /offset="(\d+)"/.exec(paging.PagingCookie ?? '');
  const offset = fromCookie ? Number(fromCookie[1]) : ((Number(paging.PageNumber) || 1) - 1) * count;
  const page = details.slice(offset, offset + count);
  const more = offset + page.length < details.length;
  return {
    ...audit,
    AuditDetailCollection: {
      ...audit.AuditDetailCollection,
      MoreRecords: more,
      PagingCookie: more ? `<cookie page="${Number(paging.PageNumber) || 1}" offset="${offset + page.length}" />` : '',
      TotalRecordCount: paging.ReturnTotalRecordCount ? details.length : -1,
      AuditDetails: page,
    },
  };
}

/**
 * Answers a request if it is one of the mock APIs' (returns true), else leaves it to the caller (false).
 * `refuse`: hosts whose API answers as an org with API access refused (Salesforce API_DISABLED_FOR_ORG, 403 elsewhere).
 * `log`: every API request is pushed here as `host path`, so tests can tell whether the API was read at all.
 * `pageSize`: the most items a paged history (Pipedrive's flow, Dynamics' audit) answers at once, whatever was asked.
 * Servers may answer less than asked; the small default makes every test read those histories over several pages.
 */
export function handleMockApi(req, res, url, { shiftDays = 0, refuse = new Set(), log = [], pageSize = 3 } = {}) {
  const host = url.hostname;
  const path = url.pathname;
  const payloads = () => apiPayloads(shiftDays);

  const sf = MOCK_API_RECORDS.salesforce;
  if (host.endsWith('.my.salesforce.com') && path.startsWith('/services/data/')) {
    log.push(`${host} ${path}`);
    if (refuse.has(host)) return json(res, 403, [{ message: 'The REST API is not enabled for this Organization.', errorCode: 'API_DISABLED_FOR_ORG' }]), true;
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return json(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]), true;
    const p = payloads().salesforce;
    const record = /\/sobjects\/Opportunity\/([A-Za-z0-9]{15,18})$/.exec(path);
    if (record) {
      if (host !== sf.host || !sf.id.startsWith(record[1].slice(0, 15))) return json(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]), true;
      return json(res, 200, p.opportunity), true;
    }
    if (path.endsWith('/query')) {
      const q = url.searchParams.get('q') ?? '';
      const forRecord = q.includes(`'${sf.id.slice(0, 15)}`) && host === sf.host;
      if (/FROM OpportunityHistory/i.test(q)) return json(res, 200, forRecord ? p.history : { totalSize: 0, done: true, records: [] }), true;
      if (/FROM Opportunity\b/i.test(q)) return json(res, 200, forRecord ? p.labels : { totalSize: 0, done: true, records: [] }), true;
      return json(res, 400, [{ message: 'unsupported query in the mock', errorCode: 'MALFORMED_QUERY' }]), true;
    }
    return json(res, 404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]), true;
  }

  const hs = MOCK_API_RECORDS.hubspot;
  if ((host === 'app.hubspot.com' || host === 'app-eu1.hubspot.com') && path.startsWith('/api/crm/v3/')) {
    log.push(`${host} ${path}`);
    if (refuse.has(host)) return json(res, 403, { status: 'error', message: 'This app hasn\'t been granted all required scopes', category: 'MISSING_SCOPES', correlationId: 'mock' }), true;
    if (!req.headers['x-hubspot-csrf-hubspotapi']) return json(res, 401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION', correlationId: 'mock' }), true;
    if (path === `/api/crm/v3/objects/deals/${hs.id}` && url.searchParams.get('portalId') === hs.portal) return json(res, 200, payloads().hubspot.deal), true;
    if (path === '/api/crm/v3/pipelines/deals') return json(res, 200, payloads().hubspot.pipelines), true;
    return json(res, 404, { status: 'error', message: 'Object not found.', category: 'OBJECT_NOT_FOUND', correlationId: 'mock' }), true;
  }

  const pd = MOCK_API_RECORDS.pipedrive;
  if (host.endsWith('.pipedrive.com') && path.startsWith('/api/v1/')) {
    log.push(`${host} ${path}`);
    if (refuse.has(host)) return json(res, 403, { success: false, error: 'Forbidden', errorCode: 403 }), true;
    const p = payloads().pipedrive;
    if (host === pd.host && path === `/api/v1/deals/${pd.id}`) return json(res, 200, p.deal), true;
    if (host === pd.host && path === `/api/v1/deals/${pd.id}/flow`) return json(res, 200, pagePipedriveFlow(p.flow, url, pageSize)), true;
    if (path === '/api/v1/stages') return json(res, 200, p.stages), true;
    return json(res, 404, { success: false, error: 'Deal not found', errorCode: 404, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.' }), true;
  }

  const dy = MOCK_API_RECORDS.dynamics;
  if (host.endsWith('.dynamics.com') && path.startsWith('/api/data/v9.2/')) {
    log.push(`${host} ${path}`);
    if (refuse.has(host)) return json(res, 403, { error: { code: '0x80040220', message: 'Principal user is missing prvReadOpportunity privilege' } }), true;
    const p = payloads().dynamics;
    if (host === dy.host && path === `/api/data/v9.2/opportunities(${dy.id})`) return json(res, 200, p.opportunity), true;
    if (host === dy.host && path.startsWith('/api/data/v9.2/RetrieveRecordChangeHistory(') && (url.searchParams.get('@target') ?? '').includes(dy.id)) {
      const page = pageDynamicsAudit(p.audit, url, pageSize);
      return json(res, page.error ? 400 : 200, page), true;
    }
    return json(res, 404, { error: { code: '0x80040217', message: 'opportunity With Id = … Does Not Exist' } }), true;
  }
  return false;
}
