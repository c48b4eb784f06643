// Long tasks on a page, told apart by whether Deal Hygiene's measured work (its `deal-hygiene:*` timeline entries)
// made them long. Times are the page's performance.now() milliseconds.
import { sum } from './report';

/** A long task or a timeline entry: when it started and how long it ran. */
export interface Measure {
  name: string;
  start: number;
  duration: number;
}

export const end = (entry: Measure) => entry.start + entry.duration;

/**
 * Long tasks the content script's measured work (reading, drawing) made long: a reported long task that would not be
 * long without the measured spans inside it, and also measured work that is long by itself where no long task was
 * reported — Chromium was seen not to report tasks that deliver extension messages (the reply a content script
 * draws from) as long tasks. Spans less than a millisecond apart are taken as one task (reading and fingerprinting run back to back).
 */
export function causedByMeasuredWork(longTasks: readonly Measure[], measures: readonly Measure[], longTaskMs = 50): number {
  const overlap = (a: Measure, b: Measure) => Math.max(0, Math.min(end(a), end(b)) - Math.max(a.start, b.start));
  const reported = longTasks.filter((task) => {
    const ours = sum(measures.map((entry) => overlap(entry, task)));
    return ours > 0 && task.duration - ours <= longTaskMs;
  }).length;
  const clusters: Measure[] = [];
  for (const entry of [...measures].sort((a, b) => a.start - b.start)) {
    const last = clusters.at(-1);
    if (last && entry.start - end(last) < 1) last.duration = end(entry) - last.start;
    else clusters.push({ ...entry });
  }
  const unreported = clusters.filter((cluster) => cluster.duration > longTaskMs && !longTasks.some((task) => overlap(task, cluster) > 0)).length;
  return reported + unreported;
}

