import { useEffect, useState } from 'react';
import type { Translate } from '../../i18n/translate';
import type { QualifySource } from './source';
import { elapsedMs, formatElapsed, IDLE_TIMER, isRunning, pauseTimer, resetTimer, startTimer, type TimerState } from './timer';

export interface CallTimerControl {
  state: TimerState;
  /** Milliseconds on the clock now. */
  elapsed: number;
  start(): void;
  pause(): void;
  reset(): void;
}

/**
 * The call timer's state, kept in the extension's session storage when there is one (so it keeps running when
 * the popup closes and the side panel opens), ticking once a second while it runs.
 */
export function useCallTimer(store: QualifySource['timer'], now: () => number): CallTimerControl {
  const [state, setState] = useState<TimerState>(IDLE_TIMER);
  const [, setTick] = useState(0);

  useEffect(() => {
    if (!store) return;
    let alive = true;
    void store.load().then((loaded) => alive && setState(loaded));
    const unsubscribe = store.subscribe((next) => setState(next));
    return () => {
      alive = false;
      unsubscribe();
    };
  }, [store]);

  const running = isRunning(state);
  useEffect(() => {
    if (!running) return;
    const interval = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(interval);
  }, [running]);

  const change = (next: TimerState) => {
    setState(next);
    void store?.save(next);
  };
  return {
    state,
    elapsed: elapsedMs(state, now()),
    start: () => change(startTimer(state, now())),
    pause: () => change(pauseTimer(state, now())),
    reset: () => change(resetTimer(state, now())),
  };
}

export function CallTimer({ t, control }: { t: Translate; control: CallTimerControl }) {
  const running = isRunning(control.state);
  const shown = formatElapsed(control.elapsed);
  return (
    <div className={`timer${running ? ' timer--running' : ''}`} role="group" aria-label={t('qualify_timer_label')}>
      <span className="timer__time" role="timer" aria-label={t('qualify_timer_aria', { time: shown })}>
        {shown}
      </span>
      <button type="button" className="timer__button" onClick={running ? control.pause : control.start}>
        {running ? t('qualify_timer_pause') : control.elapsed > 0 ? t('qualify_timer_resume') : t('qualify_timer_start')}
      </button>
      <button type="button" className="timer__button" onClick={control.reset} disabled={control.elapsed === 0 && !running}>
        {t('qualify_timer_reset')}
      </button>
    </div>
  );
}
