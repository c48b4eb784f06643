import { z } from 'zod';
import { PRECISE_CRMS, type PreciseCrm } from './common';

/**
 * Precise mode on or off per CRM, in `browser.storage.local` under `precise` (local, not sync: the permission it
 * needs is granted per browser, so the switch belongs to the browser too). Off by default.
 */
export const PRECISE_STORAGE_KEY = 'precise';

export const preciseSettingsSchema = z.object({
  version: z.literal(1).default(1),
  crms: z
    .object(Object.fromEntries(PRECISE_CRMS.map((crm) => [crm, z.boolean().default(false)])) as Record<PreciseCrm, z.ZodDefault<z.ZodBoolean>>)
    .default({ salesforce: false, hubspot: false, pipedrive: false, dynamics: false }),
});
export type PreciseSettings = z.infer<typeof preciseSettingsSchema>;

export const defaultPreciseSettings = (): PreciseSettings => preciseSettingsSchema.parse({});

export interface LocalStorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Stored settings that no longer validate read as all off (the safe reading: nothing is fetched the user did not allow). */
export async function loadPreciseSettings(storage: LocalStorageArea): Promise<PreciseSettings> {
  const stored = (await storage.get(PRECISE_STORAGE_KEY))[PRECISE_STORAGE_KEY];
  const parsed = preciseSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : defaultPreciseSettings();
}

export async function setPreciseMode(storage: LocalStorageArea, crm: PreciseCrm, enabled: boolean): Promise<PreciseSettings> {
  const current = await loadPreciseSettings(storage);
  const next = preciseSettingsSchema.parse({ ...current, crms: { ...current.crms, [crm]: enabled } });
  await storage.set({ [PRECISE_STORAGE_KEY]: next });
  return next;
}
