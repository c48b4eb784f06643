import { z } from 'zod';
import type { FieldValue } from '../model/field';
import type { CanonicalStage, Stage } from '../model/deal';

export const OPEN_STAGES = ['prospect', 'qualify', 'develop', 'propose', 'commit'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];

/**
 * Whether the deal is still open. A stage the page showed but the mapping does not know counts as open
 * (a closed deal is nearly always labelled won or lost); an unread stage is undefined: the rule cannot check.
 */
export function isOpen(stage: FieldValue<Stage>): boolean | undefined {
  if (stage.state !== 'value') return stage.state === 'empty' ? true : undefined;
  return stage.value.canonical !== 'won' && stage.value.canonical !== 'lost';
}

export function openStageOf(stage: FieldValue<Stage>): OpenStage | null {
  if (stage.state !== 'value') return null;
  const canonical: CanonicalStage | null = stage.value.canonical;
  return canonical && (OPEN_STAGES as readonly string[]).includes(canonical) ? (canonical as OpenStage) : null;
}

/**
 * How long a deal may go without an update or customer activity in each open stage (shared by stale-record and
 * stale-activity): later stages move faster, so their limits are shorter. Each stage has its own default, so settings
 * may change one stage and keep the others.
 */
export function staleDaysByStage() {
  const days = z.number().int().min(1).max(3650);
  return z
    .object({
      prospect: days.default(45),
      qualify: days.default(30),
      develop: days.default(21),
      propose: days.default(14),
      commit: days.default(7),
    })
    .prefault({});
}
