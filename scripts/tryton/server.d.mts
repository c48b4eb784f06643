export const TRYTOND: string;
export function trytonInstalled(): boolean;
export interface TrytonServer {
  url: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** With `german: true`: a user whose language is German. */
  german: { user: string; password: string } | null;
  /** Seeded opportunity ids by role (fresh, past_close, no_amount, lead, no_close_date, converted, won, lost, bare_lead, cancelled). */
  opportunities: Record<string, number>;
  /** The day the seed's dates are relative to (YYYY-MM-DD). */
  today: string;
  dir: string;
  logFile: string;
  /** Milliseconds; `cached` says which database came from the cache: the initialised one, or the seeded one. */
  timings: { initMs: number; seedMs: number; startMs: number; cached: false | 'init' | 'seeded' };
  recordUrl(model: string, id: number): string;
  stop(): Promise<void>;
}
export function startTryton(options?: { port?: number; dir?: string; german?: boolean; cache?: boolean; today?: string }): Promise<TrytonServer>;
