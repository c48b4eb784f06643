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
