import { z } from 'zod';

/**
 * The call timer: time counted before the last start, plus the running stretch since `startedAt` (epoch ms;
 * null when paused). Plain data, so it can be kept in storage.session and survive moving from popup to side panel.
 */
export const timerStateSchema = z.object({
  startedAt: z.number().finite().nonnegative().nullable(),
  elapsedMs: z.number().finite().nonnegative(),
});
export type TimerState = z.infer<typeof timerStateSchema>;

export const IDLE_TIMER: TimerState = { startedAt: null, elapsedMs: 0 };

export const isRunning = (state: TimerState) => state.startedAt !== null;

export function elapsedMs(state: TimerState, now: number): number {
  return state.elapsedMs + (state.startedAt === null ? 0 : Math.max(0, now - state.startedAt));
}

export function startTimer(state: TimerState, now: number): TimerState {
  return state.startedAt === null ? { ...state, startedAt: now } : state;
}

export function pauseTimer(state: TimerState, now: number): TimerState {
  return state.startedAt === null ? state : { startedAt: null, elapsedMs: elapsedMs(state, now) };
}

/** Reset keeps a running timer running, from zero: a rep who resets mid-call is starting a new call. */
export function resetTimer(state: TimerState, now: number): TimerState {
  return { startedAt: state.startedAt === null ? null : now, elapsedMs: 0 };
}

/** mm:ss, or h:mm:ss from an hour on; whole seconds, rounded down. */
export function formatElapsed(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}
