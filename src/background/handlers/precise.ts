import { PRECISE_CRMS, type PreciseCrm } from '../../precise/common';
import { PRECISE_PERMISSIONS, type PermissionRequest } from '../../precise/permissions';
import { loadPreciseSettings, setPreciseMode, type LocalStorageArea } from '../../precise/settings';
import type { PreciseStatusReply } from '../../messaging/precise';
import { clearApiCache, loadApiCache } from '../precise';
import type { AreaHandlers } from './types';

/** What the precise-mode handlers need of the browser (fakes in tests). */
export interface PrecisePlatform {
  storage: LocalStorageArea;
  /** Whether the extension holds these permissions now (the user can revoke them in the browser at any time). */
  contains(request: PermissionRequest): Promise<boolean>;
}

export function preciseHandlers(platform: PrecisePlatform): AreaHandlers {
  return {
    async 'ui-bg:get-precise-status'(message, _sender, context) {
      const settings = await loadPreciseSettings(platform.storage);
      const entries = await Promise.all(
        PRECISE_CRMS.map(async (crm) => [crm, { enabled: settings.crms[crm], granted: await platform.contains(PRECISE_PERMISSIONS[crm]).catch(() => false) }] as const),
      );
      const deal = message.dealKey ? ((await loadApiCache(await context.db(), message.dealKey))?.status ?? null) : null;
      const reply: PreciseStatusReply = { ok: true, crms: Object.fromEntries(entries) as PreciseStatusReply['crms'], deal };
      return reply;
    },
    async 'ui-bg:set-precise-mode'(message, _sender, context) {
      const crm: PreciseCrm = message.crm;
      if (message.enabled && !(await platform.contains(PRECISE_PERMISSIONS[crm]).catch(() => false))) {
        return { ok: false, error: 'the permission precise mode needs was not granted' };
      }
      const settings = await setPreciseMode(platform.storage, crm, message.enabled);
      // Turning it off (or on again) forgets the last reads, so the next visit reads afresh; the history stays.
      try {
        await clearApiCache(await context.db(), crm);
      } catch (error) {
        context.log(`precise mode: cache not cleared (${error instanceof Error ? error.name : 'error'})`);
      }
      return { ok: true, settings };
    },
  };
}
