import type { IncomingMessage, ServerResponse } from 'node:http';

export const API_FIXTURE_NOW: string;
export const MOCK_API_RECORDS: {
  salesforce: { host: string; id: string };
  hubspot: { host: string; portal: string; id: string };
  pipedrive: { host: string; id: string };
  dynamics: { host: string; id: string };
};
/** The documented payloads of each fixture deal, keyed by CRM then by payload name (see src/precise/<crm>.ts). */
export function apiPayloads(shiftDays?: number): {
  salesforce: { opportunity: unknown; labels: unknown; history: unknown };
  hubspot: { deal: unknown; pipelines: unknown };
  pipedrive: { deal: unknown; flow: unknown; stages: unknown };
  dynamics: { opportunity: unknown; audit: unknown };
};
export function handleMockApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options?: { shiftDays?: number; refuse?: Set<string>; log?: string[]; pageSize?: number },
): boolean;
/** Pipedrive's v1 offset paging applied to a flow payload, at most `pageSize` items a page. */
export function pagePipedriveFlow(flow: unknown, url: URL, pageSize: number): unknown;
/** RetrieveRecordChangeHistory's PagingInfo paging applied to an audit payload, at most `pageSize` details a page. */
export function pageDynamicsAudit(audit: unknown, url: URL, pageSize: number): unknown;
