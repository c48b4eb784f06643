import { startTransition, useEffect, useState } from 'react';

/**
 * `value`, but only after the browser has painted the render that changed it: charts and figures follow a filter
 * one frame after the table, so the table answers at once however much the charts have to redraw. A value that
 * changes again before then (typing in the search box) replaces the pending one.
 */
export function useValueAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // rAF runs before the next paint; the timeout after it runs once that paint is done.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setShown(value)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}
