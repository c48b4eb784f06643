import { z } from 'zod';
import type { ApiRequest } from './common';

/**
 * Fetching for precise mode, with an injected `fetch` (tests pass fakes), a timeout per request, and failures sorted
 * into a few kinds the user can act on. The reason codes are translated in the UI (`precise_error_<code>`); `detail`
 * is the technical part (HTTP status, the CRM's error code) for bug reports, never page data.
 */
export const PRECISE_ERROR_CODES = [
  /** The CRM answered 401, or redirected to its login page: the session expired or the user is signed out. */
  'not_signed_in',
  /** Salesforce: the org refuses API access with a browser session (API_DISABLED_FOR_ORG, API access control). */
  'api_disabled',
  /** 403: the user's profile may not read this through the API. */
  'forbidden',
  'not_found',
  /** 429, or Salesforce's REQUEST_LIMIT_EXCEEDED. */
  'rate_limited',
  /** No answer in time. */
  'timeout',
  'network',
  /** An answer, but not the documented shape. */
  'bad_response',
  /** The extension lacks the permission (cookies, or the API host) the read needs: turn precise mode on again. */
  'no_permission',
] as const;
export const preciseErrorCodeSchema = z.enum(PRECISE_ERROR_CODES);
export type PreciseErrorCode = z.infer<typeof preciseErrorCodeSchema>;

export class PreciseError extends Error {
  constructor(
    readonly code: PreciseErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'PreciseError';
  }
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

const SALESFORCE_DISABLED = new Set(['API_DISABLED_FOR_ORG', 'API_CURRENTLY_DISABLED', 'FUNCTIONALITY_NOT_ENABLED']);

/** The CRM's own error code, where its error body says one (Salesforce, Pipedrive, Dynamics, HubSpot shapes). */
export function errorCodeOf(body: unknown): string | null {
  const first = Array.isArray(body) ? body[0] : body;
  if (!first || typeof first !== 'object') return null;
  const record = first as Record<string, unknown>;
  for (const key of ['errorCode', 'category', 'code']) {
    if (typeof record[key] === 'string') return (record[key] as string).slice(0, 80);
  }
  const nested = record.error;
  if (nested && typeof nested === 'object' && typeof (nested as Record<string, unknown>).code === 'string') return ((nested as Record<string, unknown>).code as string).slice(0, 80);
  return null;
}

/** Sorts a non-OK answer into a kind the user can act on. */
export function classifyResponse(status: number, body: unknown): PreciseError {
  const crmCode = errorCodeOf(body);
  const detail = `HTTP ${status}${crmCode ? ` ${crmCode}` : ''}`;
  if (crmCode && SALESFORCE_DISABLED.has(crmCode)) return new PreciseError('api_disabled', detail);
  if (crmCode === 'REQUEST_LIMIT_EXCEEDED' || status === 429) return new PreciseError('rate_limited', detail);
  if (status === 401 || crmCode === 'INVALID_SESSION_ID') return new PreciseError('not_signed_in', detail);
  if (status === 403) return new PreciseError('forbidden', detail);
  if (status === 404 || crmCode === 'NOT_FOUND') return new PreciseError('not_found', detail);
  return new PreciseError('bad_response', detail);
}

async function bodyOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export interface FetchOptions {
  fetch: FetchLike;
  timeoutMs?: number;
}

/**
 * One GET, parsed with its schema. Redirects are not followed: a CRM answers an expired session with a redirect to its
 * login page, and a followed redirect to another host would drop the Authorization header anyway.
 */
export async function fetchPayload<T extends z.ZodType>(request: ApiRequest, schema: T, options: FetchOptions): Promise<z.infer<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
  let response: Response;
  try {
    response = await options.fetch(request.url, {
      method: 'GET',
      headers: request.headers,
      credentials: request.credentials,
      redirect: 'manual',
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch (error) {
    const aborted = error instanceof Error && error.name === 'AbortError';
    throw new PreciseError(aborted ? 'timeout' : 'network', aborted ? 'no answer in time' : error instanceof Error ? error.name : 'fetch failed');
  } finally {
    clearTimeout(timer);
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new PreciseError('not_signed_in', `redirected (HTTP ${response.status})`);
  }
  const body = await bodyOf(response);
  if (!response.ok) throw classifyResponse(response.status, body);
  if (body === null) throw new PreciseError('bad_response', `HTTP ${response.status}, not JSON`);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PreciseError('bad_response', `${request.name}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'unexpected shape'}`.slice(0, 300));
  }
  return parsed.data;
}

/** What a paged request gave: its pages combined, and whether pages were left unread at the limit. */
export interface PagedPayload {
  payload: unknown;
  pages: number;
  truncated: boolean;
}

/**
 * One request with its pages (see `Paging` in common.ts), one page after the other (each needs the last one's answer).
 * A failing page fails the request as a whole: half a history would read as a deal that changed less than it did.
 * The next URL must stay on the first request's origin (the session and CSRF header go with it) and must not repeat.
 */
export async function fetchPages(request: ApiRequest, schema: z.ZodType, options: FetchOptions): Promise<PagedPayload> {
  const first = await fetchPayload(request, schema, options);
  const paging = request.paging;
  if (!paging) return { payload: first, pages: 1, truncated: false };
  const origin = new URL(request.url).origin;
  const seen = new Set([request.url]);
  const pages: unknown[] = [first];
  let url = request.url;
  let next = paging.next(first, url);
  while (next !== null && pages.length < paging.maxPages) {
    let nextUrl: URL;
    try {
      nextUrl = new URL(next, url);
    } catch {
      throw new PreciseError('bad_response', `${request.name}: next page is not a URL`);
    }
    if (nextUrl.origin !== origin) throw new PreciseError('bad_response', `${request.name}: next page is on another host`);
    if (seen.has(nextUrl.href)) throw new PreciseError('bad_response', `${request.name}: next page repeats a page`);
    seen.add(nextUrl.href);
    url = nextUrl.href;
    const page = await fetchPayload({ ...request, url }, schema, options);
    pages.push(page);
    next = paging.next(page, url);
  }
  return { payload: paging.combine(pages), pages: pages.length, truncated: next !== null };
}

/**
 * Every request of one read. A required request's failure fails the read; an optional one's (history where auditing
 * is off, a labels query a profile may not run) leaves its payload out, and its error is returned for the status.
 * `truncated` names the paged requests whose history went beyond the page limit (their newest pages are kept).
 */
export async function fetchAll(
  requests: readonly ApiRequest[],
  schemas: Readonly<Record<string, z.ZodType>>,
  options: FetchOptions,
): Promise<{ payloads: Record<string, unknown>; skipped: { name: string; error: PreciseError }[]; truncated: string[] }> {
  const payloads: Record<string, unknown> = {};
  const skipped: { name: string; error: PreciseError }[] = [];
  const truncated: string[] = [];
  const results = await Promise.allSettled(
    requests.map((request) => {
      const schema = schemas[request.name];
      if (!schema) return Promise.reject(new PreciseError('bad_response', `no schema for ${request.name}`));
      return fetchPages(request, schema, options);
    }),
  );
  results.forEach((result, index) => {
    const request = requests[index]!;
    if (result.status === 'fulfilled') {
      payloads[request.name] = result.value.payload;
      if (result.value.truncated) truncated.push(request.name);
      return;
    }
    const error = result.reason instanceof PreciseError ? result.reason : new PreciseError('network', 'request failed');
    if (!request.optional) throw error;
    skipped.push({ name: request.name, error });
  });
  return { payloads, skipped, truncated };
}
