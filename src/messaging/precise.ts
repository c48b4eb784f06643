import { z } from 'zod';

/** Options page, "Precise mode" ↔ background (#7). */
export const preciseMessages = [
  /** Per CRM: on or off, permission granted, last API read and its outcome. */
  z.object({ type: z.literal('ui-bg:get-precise-status') }),
] as const;
