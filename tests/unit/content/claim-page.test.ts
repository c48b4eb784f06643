import { describe, expect, it, vi } from 'vitest';
import { claimPage } from '../../../src/content/claim-page';

describe('claimPage: one running copy of the content script per page', () => {
  it('the first copy takes the page; a second copy while the first is alive does not start', () => {
    const world = {};
    const first = { alive: () => true, stop: vi.fn() };
    const second = { alive: () => true, stop: vi.fn() };
    expect(claimPage(world, first)).toBe(true);
    expect(claimPage(world, second)).toBe(false);
    expect(first.stop).not.toHaveBeenCalled();
  });

  it('a copy whose extension is gone (the old version after an update) is stopped and replaced', () => {
    const world = {};
    const old = { alive: () => false, stop: vi.fn() };
    const fresh = { alive: () => true, stop: vi.fn() };
    claimPage(world, old);
    expect(claimPage(world, fresh)).toBe(true);
    expect(old.stop).toHaveBeenCalledTimes(1);
    // …and the new one holds the page now.
    expect(claimPage(world, { alive: () => true, stop: vi.fn() })).toBe(false);
  });

  it('an old copy that throws when asked or stopped does not keep the new one out', () => {
    const world = {};
    claimPage(world, {
      alive: () => {
        throw new Error('Extension context invalidated.');
      },
      stop: () => {
        throw new Error('Extension context invalidated.');
      },
    });
    expect(claimPage(world, { alive: () => true, stop: vi.fn() })).toBe(true);
  });

  it('keeps the claim where the page cannot see it: under a symbol, not an enumerable name', () => {
    const world: Record<string, unknown> = {};
    claimPage(world, { alive: () => true, stop: vi.fn() });
    expect(Object.keys(world)).toEqual([]);
  });
});
