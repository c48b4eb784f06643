// Serves the fixture CRM pages over https, as if from the CRM's own host (the browser maps the host here).
// Used by the end-to-end tests and by `npm start`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_FIXTURE_NOW, handleMockApi } from './mock-crm-api.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES_DIR = join(ROOT, 'tests', 'fixtures');

/** A throwaway self-signed certificate; the test browser is told to accept it. */
export function selfSignedCertificate(hosts = ['*.lightning.force.com', 'localhost']) {
  const dir = mkdtempSync(join(tmpdir(), 'deal-hygiene-cert-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '7',
    '-subj', '/CN=deal-hygiene-fixtures', '-addext', `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
  ], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/** Every fixture page with its sidecar, keyed by the path it is served at. */
export function fixtureRoutes() {
  const routes = new Map();
  for (const crm of readdirSync(FIXTURES_DIR)) {
    const dir = join(FIXTURES_DIR, crm);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const html = join(dir, file.replace(/\.json$/, '.html'));
      if (!existsSync(html)) continue;
      const sidecar = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const url = new URL(sidecar.url);
      const route = { file: html, sidecar, name: `${crm}/${file.replace(/\.json$/, '')}` };
      // Dynamics serves every page at /main.aspx: its query says which, so a page is also found by path + query.
      if (!routes.has(`${url.hostname}${url.pathname}`)) routes.set(`${url.hostname}${url.pathname}`, route);
      routes.set(`${url.hostname}${url.pathname}${url.search}`, route);
    }
  }
  return routes;
}

const ASSETS = {
  '/fixture-shell.js': ['salesforce/fixture-shell.js', 'text/javascript'],
  '/fixture-lightning.css': ['salesforce/fixture-lightning.css', 'text/css'],
};

const DAY = 86_400_000;
const localToday = () => {
  const now = new Date();
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
};

/**
 * Moves every date in a fixture page by `days`, so a page saved "as of" its sidecar's `now` reads the same
 * today ("close date passed 12 days ago" stays 12 days). Handles the formats the fixtures use:
 * M/D/YYYY (en-US) and DD.MM.YYYY (da); impossible dates such as 02/31/2026 are left as they are.
 */
export function shiftDates(html, days) {
  if (!days) return html;
  const shift = (year, month, day, format) => {
    const time = Date.UTC(year, month - 1, day);
    const date = new Date(time);
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
    return format(new Date(time + days * DAY));
  };
  return html
    .replace(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g, (whole, m, d, y) =>
      shift(+y, +m, +d, (t) => `${t.getUTCMonth() + 1}/${t.getUTCDate()}/${t.getUTCFullYear()}`) ?? whole)
    .replace(/\b(\d{2})\.(\d{2})\.(\d{4})\b/g, (whole, d, m, y) =>
      shift(+y, +m, +d, (t) => `${String(t.getUTCDate()).padStart(2, '0')}.${String(t.getUTCMonth() + 1).padStart(2, '0')}.${t.getUTCFullYear()}`) ?? whole);
}

/** Days from a sidecar's `now` to today. */
export function daysSince(sidecarNow) {
  const then = new Date(sidecarNow);
  return Math.round((localToday() - Date.UTC(then.getUTCFullYear(), then.getUTCMonth(), then.getUTCDate())) / DAY);
}

/**
 * Starts the server on a loopback port (0: any free one). With `asOfToday` (the default) each page's dates are
 * moved so the page reads today as it read on its sidecar's `now`. `extraPages` adds generated pages (the benchmark's
 * 500-row list), keyed like the fixture routes by hostname + path, each `{ html, now? }` (dates moved from `now`
 * like a sidecar's); they win over a fixture at the same address. Resolves to { port, close, requests, apiRequests }.
 */
export async function startFixtureServer({ port = 0, asOfToday = true, extraPages = new Map(), api = false } = {}) {
  const routes = fixtureRoutes();
  const requests = [];
  // Precise mode (#7): with `api` (true, or { refuse: [hosts] }) each CRM's own API answers too, on the CRM's hosts,
  // for the fixture deals (scripts/lib/mock-crm-api.mjs); `apiRequests` lists what it was asked. Off by default.
  const apiRequests = [];
  const apiOptions = api ? { shiftDays: asOfToday ? daysSince(API_FIXTURE_NOW) : 0, refuse: new Set(api === true ? [] : (api.refuse ?? [])), log: apiRequests } : null;
  const server = createServer(selfSignedCertificate(), (req, res) => {
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'localhost'}`);
    requests.push(`${url.hostname}${url.pathname}`);
    if (apiOptions && handleMockApi(req, res, url, apiOptions)) return;
    const asset = ASSETS[url.pathname];
    if (asset) {
      res.writeHead(200, { 'content-type': `${asset[1]}; charset=utf-8`, 'cache-control': 'no-store' });
      res.end(readFileSync(join(FIXTURES_DIR, asset[0])));
      return;
    }
    const extra = extraPages.get(`${url.hostname}${url.pathname}`);
    if (extra) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(asOfToday && extra.now ? shiftDates(extra.html, daysSince(extra.now)) : extra.html);
      return;
    }
    const route = routes.get(`${url.hostname}${url.pathname}${url.search}`) ?? routes.get(`${url.hostname}${url.pathname}`);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not a fixture page');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    const html = readFileSync(route.file, 'utf8');
    res.end(asOfToday ? shiftDates(html, daysSince(route.sidecar.now)) : html);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    routes,
    requests,
    apiRequests,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
