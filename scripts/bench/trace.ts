// Which main-thread work in a Chromium trace is the extension's: the content script's compile and evaluation, and
// CPU-profile samples whose stack runs through the content script (timers, message replies, observers alike).

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  cat?: string;
  args?: any;
}

export interface TaskShare {
  /** Trace clock, milliseconds. */
  startMs: number;
  durationMs: number;
  /** How much of the task ran the extension's code (sampled, so ± one sampling interval). */
  extensionMs: number;
}

export interface TraceAttribution {
  /** False when the trace shows no extension code on the page at all (it did not run, or was not traced). */
  found: boolean;
  /** Main-thread time spent in the extension's code over the whole trace. */
  extensionMs: number;
  /** Of that, compiling the content script (a V8 code cache makes later page loads cheaper). */
  compileMs: number;
  /** Top-level main-thread tasks longer than the long-task threshold, with the extension's share of each. */
  longTasks: TaskShare[];
}

/** Categories the attribution needs; everything else is left out to keep the trace small and cheap. */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler'];

const TASK = 'ThreadControllerImpl::RunTask';
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'v8.compile', 'FunctionCall']);
/** A sample stands for the time until the next one, but never more than this (gaps are idle time, not work). */
const MAX_SAMPLE_US = 2000;

const urlOf = (event: TraceEvent): string | undefined => event.args?.data?.url ?? event.args?.fileName;

interface ProfileNode {
  url: string;
  parent: number | undefined;
}

/** CPU-profile samples of one thread: when each was taken, how long it stands for, and whether it ran `isOurs` code. */
function profileSamples(events: readonly TraceEvent[], pid: number, tid: number, isOurs: (url: string) => boolean) {
  const profile = events.find((event) => event.name === 'Profile' && event.pid === pid && event.tid === tid);
  if (!profile) return [];
  const nodes = new Map<number, ProfileNode>();
  const ids: number[] = [];
  const deltas: number[] = [];
  for (const chunk of events) {
    if (chunk.name !== 'ProfileChunk' || chunk.pid !== pid || chunk.id !== profile.id) continue;
    const data = chunk.args?.data ?? {};
    for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, { url: node.callFrame?.url ?? '', parent: node.parent });
    ids.push(...(data.cpuProfile?.samples ?? []));
    deltas.push(...(data.timeDeltas ?? []));
  }
  const ours = new Map<number, boolean>();
  const isOursNode = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const node = nodes.get(id);
    const result = node ? (node.url !== '' && isOurs(node.url)) || (node.parent !== undefined && isOursNode(node.parent)) : false;
    ours.set(id, result);
    return result;
  };
  const samples: { ts: number; us: number; ours: boolean }[] = [];
  let ts = profile.args?.data?.startTime ?? profile.ts;
  for (let index = 0; index < ids.length; index++) {
    ts += deltas[index] ?? 0;
    const next = deltas[index + 1] ?? 0;
    samples.push({ ts, us: Math.min(Math.max(next, 0), MAX_SAMPLE_US), ours: isOursNode(ids[index]!) });
  }
  return samples;
}

/**
 * Attributes a page's main-thread work to the extension whose scripts `isOurs` recognises by URL
 * (`chrome-extension://<id>/…`). The page's main thread is the one that evaluated our content script.
 */
export function attributeTrace(events: readonly TraceEvent[], isOurs: (url: string) => boolean, longTaskMs = 50): TraceAttribution {
  const evaluation = events.find((event) => (event.name === 'EvaluateScript' || event.name === 'v8.compile' || event.name === 'FunctionCall') && isOurs(urlOf(event) ?? ''));
  if (!evaluation) return { found: false, extensionMs: 0, compileMs: 0, longTasks: [] };
  const { pid, tid } = evaluation;
  const onMain = events.filter((event) => event.pid === pid && event.tid === tid && event.ph === 'X');
  // Our script's own trace events (evaluation, compile, calls into it) count whole; samples fill in the rest
  // (promise continuations and observer callbacks have no URL in the trace, but their stacks run through our code).
  const spans: [number, number][] = [];
  for (const event of onMain.filter((e) => SCRIPT_EVENTS.has(e.name) && isOurs(urlOf(e) ?? '')).sort((a, b) => a.ts - b.ts)) {
    const end = event.ts + (event.dur ?? 0);
    const last = spans.at(-1);
    if (last && event.ts < last[1]) last[1] = Math.max(last[1], end);
    else spans.push([event.ts, end]);
  }
  const inSpan = (ts: number) => spans.some(([start, end]) => ts >= start && ts < end);
  const samples = profileSamples(events, pid, tid, isOurs).filter((sample) => sample.ours && !inSpan(sample.ts));
  const compileUs = onMain.filter((event) => event.name === 'v8.compile' && isOurs(urlOf(event) ?? '')).reduce((total, event) => total + (event.dur ?? 0), 0);
  // Outermost tasks only: a nested run loop's tasks are part of the task that spun it.
  const tasks: TraceEvent[] = [];
  for (const task of onMain.filter((event) => event.name === TASK).sort((a, b) => a.ts - b.ts)) {
    const last = tasks.at(-1);
    if (last && task.ts < last.ts + (last.dur ?? 0)) continue;
    tasks.push(task);
  }
  const oursWithin = (start: number, end: number) =>
    spans.reduce((total, [from, to]) => total + Math.max(0, Math.min(to, end) - Math.max(from, start)), 0) +
    samples.filter((sample) => sample.ts >= start && sample.ts < end).reduce((total, sample) => total + sample.us, 0);
  const longTasks = tasks
    .filter((task) => (task.dur ?? 0) / 1000 > longTaskMs)
    .map((task) => {
      const duration = task.dur ?? 0;
      return { startMs: task.ts / 1000, durationMs: duration / 1000, extensionMs: Math.min(duration, oursWithin(task.ts, task.ts + duration)) / 1000 };
    });
  const totalUs = oursWithin(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  return { found: true, extensionMs: totalUs / 1000, compileMs: compileUs / 1000, longTasks };
}

/** A long task is the extension's doing when, without the extension's part, it would not have been long. */
export const causedByExtension = (task: TaskShare, longTaskMs = 50) => task.extensionMs > 0 && task.durationMs - task.extensionMs <= longTaskMs;
