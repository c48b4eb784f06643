import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { classifyResponse, fetchAll, fetchPayload, PreciseError, type FetchLike } from '../../../src/precise/client';
import type { ApiRequest } from '../../../src/precise/common';

const request = (name = 'deal', optional = false): ApiRequest => ({ name, url: `https://crm.example/${name}`, headers: { Accept: 'application/json' }, credentials: 'include', optional });
const schema = z.object({ id: z.number() });
const answer = (status: number, body: unknown): FetchLike => async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof PreciseError ? `${error.code} | ${error.detail}` : `other: ${String(error)}`;
  }
}

describe('classifying the CRMs\' error answers', () => {
  it.each([
    [403, [{ message: 'The REST API is not enabled for this Organization.', errorCode: 'API_DISABLED_FOR_ORG' }], 'api_disabled', 'HTTP 403 API_DISABLED_FOR_ORG'],
    [403, [{ message: 'API is disabled', errorCode: 'API_CURRENTLY_DISABLED' }], 'api_disabled', 'HTTP 403 API_CURRENTLY_DISABLED'],
    [401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 'not_signed_in', 'HTTP 401 INVALID_SESSION_ID'],
    [403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], 'rate_limited', 'HTTP 403 REQUEST_LIMIT_EXCEEDED'],
    [403, [{ message: 'insufficient access rights on object id', errorCode: 'INSUFFICIENT_ACCESS' }], 'forbidden', 'HTTP 403 INSUFFICIENT_ACCESS'],
    [401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' }, 'not_signed_in', 'HTTP 401 INVALID_AUTHENTICATION'],
    [429, { status: 'error', category: 'RATE_LIMITS' }, 'rate_limited', 'HTTP 429 RATE_LIMITS'],
    [404, { success: false, error: 'Deal not found', errorCode: 404 }, 'not_found', 'HTTP 404'],
    [403, { error: { code: '0x80040220', message: 'Principal user is missing prvReadOpportunity privilege' } }, 'forbidden', 'HTTP 403 0x80040220'],
    [500, null, 'bad_response', 'HTTP 500'],
  ])('HTTP %i %j → %s', (status, body, code, detail) => {
    const error = classifyResponse(status, body);
    expect(error.code).toBe(code);
    expect(error.detail).toBe(detail);
  });

  it('never puts the CRM\'s message text (it may quote page data) in the detail', () => {
    expect(classifyResponse(403, [{ message: 'secret deal name', errorCode: 'INSUFFICIENT_ACCESS' }]).detail).not.toContain('secret');
  });
});

describe('fetching one payload', () => {
  it('returns the parsed payload and sends the request as built', async () => {
    const seen: RequestInit[] = [];
    const fetch: FetchLike = async (_url, init) => {
      seen.push(init);
      return new Response(JSON.stringify({ id: 7, extra: true }), { status: 200 });
    };
    await expect(fetchPayload(request(), schema, { fetch })).resolves.toEqual({ id: 7 });
    expect(seen[0]).toMatchObject({ method: 'GET', credentials: 'include', redirect: 'manual', headers: { Accept: 'application/json' } });
  });

  it('a redirect (to the login page) means signed out', async () => {
    const redirect: FetchLike = async () => ({ type: 'opaqueredirect', status: 0, ok: false }) as Response;
    expect(await codeOf(fetchPayload(request(), schema, { fetch: redirect }))).toBe('not_signed_in | redirected (HTTP 0)');
  });

  it('tells network failures, timeouts, non-JSON and unexpected shapes apart', async () => {
    const offline: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await codeOf(fetchPayload(request(), schema, { fetch: offline }))).toBe('network | TypeError');
    const hanging: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    expect(await codeOf(fetchPayload(request(), schema, { fetch: hanging, timeoutMs: 20 }))).toBe('timeout | no answer in time');
    expect(await codeOf(fetchPayload(request(), schema, { fetch: answer(200, '<html>login</html>') }))).toBe('bad_response | HTTP 200, not JSON');
    expect(await codeOf(fetchPayload(request(), schema, { fetch: answer(200, { id: 'seven' }) }))).toMatch(/^bad_response \| deal: id /);
  });
});

describe('fetching a read\'s requests', () => {
  it('leaves out a failed optional part and says why; a failed required part fails the read', async () => {
    const fetch: FetchLike = async (url) => (url.endsWith('/history') ? new Response('[{"errorCode":"INSUFFICIENT_ACCESS"}]', { status: 403 }) : new Response('{"id":1}'));
    const result = await fetchAll([request('deal'), request('history', true)], { deal: schema, history: schema }, { fetch });
    expect(result.payloads).toEqual({ deal: { id: 1 } });
    expect(result.skipped.map((s) => [s.name, s.error.code])).toEqual([['history', 'forbidden']]);
    const failing: FetchLike = async (url) => (url.endsWith('/deal') ? new Response('{}', { status: 401 }) : new Response('{"id":1}'));
    expect(await codeOf(fetchAll([request('deal'), request('history', true)], { deal: schema, history: schema }, { fetch: failing }))).toBe('not_signed_in | HTTP 401');
  });
});
