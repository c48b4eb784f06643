import type { Adapter, Detection } from './types';

/**
 * The adapter whose URL detector claims `url`, among `candidates`. Apart from the registry (src/adapters/index.ts,
 * which re-exports it) so a content script built for one CRM can pick among its own adapters without bundling
 * every other CRM's.
 */
export function adapterFor(url: URL, candidates: readonly Adapter[]): { adapter: Adapter; detection: Detection } | null {
  for (const adapter of candidates) {
    const detection = adapter.detect(url);
    if (detection) return { adapter, detection };
  }
  return null;
}
