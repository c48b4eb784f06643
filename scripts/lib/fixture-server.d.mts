export const FIXTURES_DIR: string;
export interface FixtureRoute {
  file: string;
  name: string;
  sidecar: { url: string; now: string; crm: string; pageKind: string; snapshots: unknown[] };
}
export function selfSignedCertificate(hosts?: string[]): { key: Buffer; cert: Buffer };
export function fixtureRoutes(): Map<string, FixtureRoute>;
export function shiftDates(html: string, days: number): string;
export function daysSince(sidecarNow: string): number;
export function startFixtureServer(options?: {
  port?: number;
  asOfToday?: boolean;
  extraPages?: ReadonlyMap<string, { html: string; now?: string }>;
  /** Precise mode (#7): also answer each CRM's own API for the fixture deals (scripts/lib/mock-crm-api.mjs). */
  api?: boolean | { refuse?: string[] };
}): Promise<{
  port: number;
  routes: Map<string, FixtureRoute>;
  requests: string[];
  /** `host path` of every mock API request (with `api`). */
  apiRequests: string[];
  close(): Promise<void>;
}>;
