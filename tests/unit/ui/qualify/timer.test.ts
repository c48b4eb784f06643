import { describe, expect, it } from 'vitest';
import { elapsedMs, formatElapsed, IDLE_TIMER, isRunning, pauseTimer, resetTimer, startTimer, timerStateSchema } from '../../../../src/ui/qualify/timer';

describe('call timer', () => {
  it('counts while running, keeps the time when paused, and adds up across restarts', () => {
    const started = startTimer(IDLE_TIMER, 1_000);
    expect(isRunning(started)).toBe(true);
    expect(elapsedMs(started, 61_000)).toBe(60_000);
    const paused = pauseTimer(started, 91_000);
    expect(paused).toEqual({ startedAt: null, elapsedMs: 90_000 });
    expect(elapsedMs(paused, 500_000)).toBe(90_000);
    const again = startTimer(paused, 600_000);
    expect(elapsedMs(again, 630_000)).toBe(120_000);
    expect(startTimer(again, 999_999)).toBe(again);
    expect(pauseTimer(paused, 999_999)).toBe(paused);
  });

  it('resets to zero, and keeps running when reset while running', () => {
    expect(resetTimer(pauseTimer(startTimer(IDLE_TIMER, 0), 5_000), 9_000)).toEqual(IDLE_TIMER);
    expect(resetTimer(startTimer(IDLE_TIMER, 0), 9_000)).toEqual({ startedAt: 9_000, elapsedMs: 0 });
  });

  it('never shows negative time when the clock goes back', () => {
    expect(elapsedMs(startTimer(IDLE_TIMER, 10_000), 5_000)).toBe(0);
  });

  it('shows mm:ss, and h:mm:ss from an hour on', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(59_999)).toBe('00:59');
    expect(formatElapsed(754_000)).toBe('12:34');
    expect(formatElapsed(3_600_000 + 65_000)).toBe('1:01:05');
    expect(formatElapsed(-5)).toBe('00:00');
  });

  it('rejects stored timer states that are not numbers', () => {
    expect(timerStateSchema.safeParse({ startedAt: 'yesterday', elapsedMs: 0 }).success).toBe(false);
    expect(timerStateSchema.safeParse({ startedAt: null, elapsedMs: -1 }).success).toBe(false);
    expect(timerStateSchema.parse({ startedAt: 5, elapsedMs: 10 })).toEqual({ startedAt: 5, elapsedMs: 10 });
  });
});
