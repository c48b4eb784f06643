/**
 * One running copy of the content script per page. The script can arrive twice in one tab: the manifest injects it
 * while the background also injects it into open tabs after an install or update (src/background/reinject.ts), and
 * Firefox injects into open tabs by itself. Copies of the same extension share the content-script world (its global
 * object is not the page's, so the page cannot see or take the claim). A copy whose extension context is gone
 * (the old version, after an update) gives way to the new one.
 */

export interface PageClaim {
  /** Whether this copy's extension context is still there. */
  alive(): boolean;
  /** Stops this copy: badges removed, listeners off. */
  stop(): void;
}

const CLAIM = Symbol.for('deal-hygiene:content-script');

/** Takes the page for `mine`; false when a live copy already has it (then `mine` must not start). */
export function claimPage(world: object, mine: PageClaim): boolean {
  const slots = world as Record<symbol, PageClaim | undefined>;
  const earlier = slots[CLAIM];
  if (earlier && earlier !== mine) {
    let earlierAlive = false;
    try {
      earlierAlive = earlier.alive();
    } catch {
      // its context is gone in a way that throws: it is not alive
    }
    if (earlierAlive) return false;
    try {
      earlier.stop();
    } catch {
      // stopping an orphaned copy is best effort; the new copy clears stray badges as it draws
    }
  }
  slots[CLAIM] = mine;
  return true;
}
