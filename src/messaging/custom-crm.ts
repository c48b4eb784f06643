import { z } from 'zod';

/**
 * Options page, "Other CRM" ↔ background. The mapping's schema lives in src/model/crm-mapping.ts; here it is
 * `unknown` and checked by the handler, so an invalid mapping gets errors with paths rather than a generic rejection.
 */
export const customCrmMessages = [
  /** The stored custom CRMs changed: register (or unregister) the content script for their match patterns. */
  z.object({ type: z.literal('ui-bg:custom-crms-changed') }),
  /** "Test on this tab": read a tab with a mapping (not saved yet) and return what would be read. */
  z.object({ type: z.literal('ui-bg:test-mapping'), tabId: z.number().int().nonnegative(), mapping: z.unknown() }),
] as const;
