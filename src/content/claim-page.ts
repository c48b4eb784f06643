/**
 * One running copy of each content script per page, and the built-in CRMs first. There is one script per built-in
 * CRM (entrypoints/<crm>.content.ts) and one for the CRMs a user maps ("Other CRM", entrypoints/custom-crm.content.ts).
 *
 * - A script can arrive twice in one tab: the manifest injects it while the background also injects it into open tabs
 *   after an install or update (src/background/reinject.ts), and Firefox injects into open tabs by itself. A second
 *   copy of the same script yields to a live first one; a copy whose extension context is gone (the old version, after
 *   an update) gives way to the new one.
 * - A user's mapping may cover a built-in CRM's site. Before the split, one controller picked the built-in adapter
 *   first; now the custom script asks, for each address, whether a live built-in script reads it
 *   (`readByBuiltInScript`) and leaves that address alone, and hears when a built-in script claims the page after it
 *   started (`onPageClaimed`) so that it can drop what it drew there.
 *
 * Copies of one extension's scripts share the content-script world (its global object is not the page's, so the page
 * cannot see or take a claim). Claims live there under a registry symbol.
 */

export interface PageClaim {
  /** Which content script: a built-in CRM's adapter id, or CUSTOM_CRM_SCRIPT. */
  script: string;
  /** Whether this copy's extension context is still there. */
  alive(): boolean;
  /** Stops this copy: badges removed, listeners off. */
  stop(): void;
  /** A built-in CRM's script: whether it reads this address (its adapter detects a page there). */
  reads?(url: URL): boolean;
}

/** The custom CRMs' script ("Other CRM"): it yields to the built-in scripts. */
export const CUSTOM_CRM_SCRIPT = 'custom-crm';

interface ClaimRegistry {
  claims: Map<string, PageClaim>;
  listeners: Set<(claim: PageClaim) => void>;
}

const REGISTRY = Symbol.for('deal-hygiene:content-scripts');
/** Where the single script of earlier versions kept its claim: an old copy left in an open tab is retired from there. */
const LEGACY_CLAIM = Symbol.for('deal-hygiene:content-script');

type World = Record<symbol, unknown>;

function registryOf(world: object): ClaimRegistry {
  const slots = world as World;
  const existing = slots[REGISTRY] as ClaimRegistry | undefined;
  if (existing) return existing;
  const created: ClaimRegistry = { claims: new Map(), listeners: new Set() };
  slots[REGISTRY] = created;
  return created;
}

function isAlive(claim: PageClaim | { alive(): boolean }): boolean {
  try {
    return claim.alive();
  } catch {
    return false; // its context is gone in a way that throws: it is not alive
  }
}

function stopQuietly(claim: { stop(): void }): void {
  try {
    claim.stop();
  } catch {
    // stopping an orphaned copy is best effort; the new copy clears stray badges as it draws
  }
}

/** An earlier version's single script: stopped once dead; while alive (it reads every CRM) nothing else starts. */
function legacyHoldsPage(world: object): boolean {
  const slots = world as World;
  const legacy = slots[LEGACY_CLAIM] as { alive(): boolean; stop(): void } | undefined;
  if (!legacy) return false;
  if (isAlive(legacy)) return true;
  stopQuietly(legacy);
  delete slots[LEGACY_CLAIM];
  return false;
}

/**
 * Takes the page for `mine`; false when a live copy of the same script already has it (then `mine` must not start).
 * A claim by another script does not keep `mine` out: the custom script decides per address what to leave to them.
 */
export function claimPage(world: object, mine: PageClaim): boolean {
  if (legacyHoldsPage(world)) return false;
  const registry = registryOf(world);
  const earlier = registry.claims.get(mine.script);
  if (earlier && earlier !== mine) {
    if (isAlive(earlier)) return false;
    stopQuietly(earlier);
  }
  registry.claims.set(mine.script, mine);
  for (const listener of [...registry.listeners]) {
    try {
      listener(mine);
    } catch {
      // one script's listener failing must not keep the claim from the others
    }
  }
  return true;
}

/** Whether a live built-in CRM's script on this page reads `url`: the custom script then leaves it alone. */
export function readByBuiltInScript(world: object, url: URL): boolean {
  for (const claim of registryOf(world).claims.values()) {
    if (claim.script === CUSTOM_CRM_SCRIPT || !claim.reads || !isAlive(claim)) continue;
    try {
      if (claim.reads(url)) return true;
    } catch {
      // a detector that throws reads nothing
    }
  }
  return false;
}

/** Calls `listener` with each claim made from now on (another script started on the page); returns the way to stop. */
export function onPageClaimed(world: object, listener: (claim: PageClaim) => void): () => void {
  const { listeners } = registryOf(world);
  listeners.add(listener);
  return () => listeners.delete(listener);
}
