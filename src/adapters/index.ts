import dynamics from './dynamics';
import hubspot from './hubspot';
import pipedrive from './pipedrive';
import salesforce from './salesforce';
import zoho from './zoho';
import type { Adapter, Detection } from './types';

/** Every CRM adapter. The detection matrix test checks no two claim the same URL. */
export const adapters: readonly Adapter[] = [salesforce, hubspot, pipedrive, dynamics, zoho];

export function adapterFor(url: URL, candidates: readonly Adapter[] = adapters): { adapter: Adapter; detection: Detection } | null {
  for (const adapter of candidates) {
    const detection = adapter.detect(url);
    if (detection) return { adapter, detection };
  }
  return null;
}

export const adapterById = (id: string): Adapter | undefined => adapters.find((adapter) => adapter.id === id);
