import dynamics from './dynamics';
import hubspot from './hubspot';
import pipedrive from './pipedrive';
import salesforce from './salesforce';
import zoho from './zoho';
import { adapterFor as pickAdapter } from './pick';
import type { Adapter, Detection } from './types';

/** Every CRM adapter. The detection matrix test checks no two claim the same URL. */
export const adapters: readonly Adapter[] = [salesforce, hubspot, pipedrive, dynamics, zoho];

/** The adapter whose URL detector claims `url` (src/adapters/pick.ts), among every registered CRM by default. */
export function adapterFor(url: URL, candidates: readonly Adapter[] = adapters): { adapter: Adapter; detection: Detection } | null {
  return pickAdapter(url, candidates);
}

export const adapterById = (id: string): Adapter | undefined => adapters.find((adapter) => adapter.id === id);
