import { describe, expect, it, vi } from 'vitest';
import { navigationOf, watchLocation, type NavigationEvents } from '../../../src/content/location-watch';

/** A watcher over a hand-moved address, interval and Navigation API. */
function setUp(options: { withNavigation?: boolean } = {}) {
  let url = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AcmeQAAR/view';
  let alive = true;
  const intervals = new Map<number, () => void>();
  let nextId = 1;
  const listeners = new Set<() => void>();
  const navigation: NavigationEvents = {
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
  };
  const onChange = vi.fn();
  const onDead = vi.fn();
  const watch = watchLocation({
    currentUrl: () => url,
    onChange,
    isAlive: () => alive,
    onDead,
    setInterval: (callback) => {
      intervals.set(nextId, callback);
      return nextId++;
    },
    clearInterval: (id) => void intervals.delete(id),
    navigation: options.withNavigation === false ? undefined : navigation,
  });
  return {
    watch,
    onChange,
    onDead,
    intervals,
    listeners,
    go: (next: string) => (url = next),
    kill: () => (alive = false),
    tick: () => [...intervals.values()].forEach((callback) => callback()),
    /** What the browser does during history.pushState, and what a page can do by dispatching the event itself. */
    entryChanged: () => [...listeners].forEach((listener) => listener()),
  };
}

const NEXT = 'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000GlobxAAC/view';

describe('watchLocation', () => {
  it('reports a pushState at once, through the Navigation API, before any poll', () => {
    const w = setUp();
    w.go(NEXT);
    w.entryChanged();
    // As it happened: the page still shows the previous view.
    expect(w.onChange).toHaveBeenCalledExactlyOnceWith(true);
    w.tick(); // the poll finds nothing new
    expect(w.onChange).toHaveBeenCalledTimes(1);
  });

  it('finds the change by polling where the browser has no Navigation API', () => {
    const w = setUp({ withNavigation: false });
    expect(w.listeners.size).toBe(0);
    w.go(NEXT);
    expect(w.onChange).not.toHaveBeenCalled();
    w.tick();
    // Maybe late: the page may show the new view already.
    expect(w.onChange).toHaveBeenCalledExactlyOnceWith(false);
  });

  it('a forged event with the address unchanged reports nothing', () => {
    const w = setUp();
    for (let i = 0; i < 5; i++) w.entryChanged();
    expect(w.onChange).not.toHaveBeenCalled();
  });

  it('stops by itself, once, when the extension context is gone, and says so', () => {
    const w = setUp();
    w.kill();
    w.go(NEXT);
    w.tick();
    expect(w.onDead).toHaveBeenCalledTimes(1);
    expect(w.onChange).not.toHaveBeenCalled();
    expect(w.intervals.size).toBe(0);
    expect(w.listeners.size).toBe(0);
    w.entryChanged();
    w.watch.check();
    expect(w.onDead).toHaveBeenCalledTimes(1);
  });

  it('stop() removes its timer and listener', () => {
    const w = setUp();
    w.watch.stop();
    expect(w.intervals.size).toBe(0);
    expect(w.listeners.size).toBe(0);
    w.go(NEXT);
    w.watch.check();
    expect(w.onChange).not.toHaveBeenCalled();
  });
});

describe('navigationOf', () => {
  it('returns the Navigation API only where it has events', () => {
    const navigation = { addEventListener() {}, removeEventListener() {} };
    expect(navigationOf({ navigation })).toBe(navigation);
    expect(navigationOf({})).toBeUndefined();
    expect(navigationOf({ navigation: {} })).toBeUndefined();
  });
});
