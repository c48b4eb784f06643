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
}): Promise<{
  port: number;
  routes: Map<string, FixtureRoute>;
  requests: string[];
  close(): Promise<void>;
}>;
