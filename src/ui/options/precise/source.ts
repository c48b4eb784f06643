import { errorReplySchema } from '../../../messaging/protocol';
import { preciseStatusReplySchema, setPreciseModeReplySchema, type PreciseStatusReply } from '../../../messaging/precise';
import type { PreciseCrm } from '../../../precise/common';
import { PRECISE_PERMISSIONS } from '../../../precise/permissions';

export type PreciseCrmStates = PreciseStatusReply['crms'];

/** What the precise-mode section needs; the real one talks to the browser and the background, tests pass fakes. */
export interface PreciseSource {
  load(): Promise<PreciseCrmStates>;
  /**
   * Asks the browser for the CRM's permission. Call it directly in the click handler, before any `await`: browsers
   * show the prompt only while handling the user's gesture. Resolves to whether it was granted.
   */
  requestPermission(crm: PreciseCrm): Promise<boolean>;
  setMode(crm: PreciseCrm, enabled: boolean): Promise<void>;
}

interface PreciseBrowserApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  permissions: { request(request: { permissions?: string[]; origins?: string[] }): Promise<boolean> };
}

function failure(reply: unknown): Error {
  const failed = errorReplySchema.safeParse(reply);
  return new Error(failed.success ? failed.data.error : 'unexpected reply from the background');
}

export function createPreciseSource(browser: PreciseBrowserApi): PreciseSource {
  return {
    async load() {
      const reply: unknown = await browser.runtime.sendMessage({ type: 'ui-bg:get-precise-status' });
      const parsed = preciseStatusReplySchema.safeParse(reply);
      if (!parsed.success) throw failure(reply);
      return parsed.data.crms;
    },
    requestPermission(crm) {
      const { permissions, origins } = PRECISE_PERMISSIONS[crm];
      return browser.permissions.request(permissions.length ? { permissions, origins } : { origins });
    },
    async setMode(crm, enabled) {
      const reply: unknown = await browser.runtime.sendMessage({ type: 'ui-bg:set-precise-mode', crm, enabled });
      if (!setPreciseModeReplySchema.safeParse(reply).success) throw failure(reply);
    },
  };
}
