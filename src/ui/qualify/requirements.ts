import type { DealSnapshot } from '../../model/deal';
import { meetsRequirement } from '../../qualification/context';
import { BUILT_IN_FRAMEWORKS } from '../../qualification/frameworks';
import type { Criterion, QualificationContext } from '../../qualification/types';
import { OPEN_STAGES, type OpenStage } from '../../rules/stage';

export type UiLanguage = 'en' | 'da';

/** The language of framework texts (labels, questions) for the UI's translator. */
export function uiLanguage(localeCode: string): UiLanguage {
  return localeCode.toLowerCase().startsWith('da') ? 'da' : 'en';
}

export const criterionLabel = (criterion: Pick<Criterion, 'label'>, lang: UiLanguage) => criterion.label[lang];

/** Where the deal stands: an open stage (with the CRM's own label), closed, or not known (unread, unmapped, by name). */
export type DealStage = { kind: 'open'; stage: OpenStage; label: string } | { kind: 'closed'; label: string } | { kind: 'unknown'; label: string | null };

export function dealStage(snapshot: DealSnapshot | null): DealStage {
  const stage = snapshot?.fields.stage;
  if (stage?.state !== 'value') return { kind: 'unknown', label: null };
  const { label, canonical } = stage.value;
  if (canonical === 'won' || canonical === 'lost') return { kind: 'closed', label };
  if (canonical && (OPEN_STAGES as readonly string[]).includes(canonical)) return { kind: 'open', stage: canonical as OpenStage, label };
  return { kind: 'unknown', label };
}

export interface StageStep {
  stage: OpenStage;
  /** Criterion ids the stage requires (cumulative), in the framework's order. */
  required: string[];
  /** Required criteria whose evidence does not meet this stage yet. */
  missing: string[];
}

/** Every open stage with what it requires and what is still missing, so a deal of unknown stage still shows where it stands. */
export function stageLadder(context: QualificationContext): StageStep[] {
  return OPEN_STAGES.map((stage) => {
    const required = context.framework.requiredByStage[stage];
    const missing = required.filter((id) => !meetsRequirement(context.evidence[id]?.answer ?? 'unknown', stage));
    return { stage, required, missing };
  });
}

/**
 * The labels of criterion ids in the UI's language: from the framework, else from a built-in one (evidence recorded
 * under an equivalent criterion of another framework, such as BANT's authority answered as economic buyer).
 */
export function criteriaLabels(context: QualificationContext, ids: readonly string[], lang: UiLanguage): string[] {
  return ids.map((id) => {
    const criterion =
      context.framework.criteria.find((candidate) => candidate.id === id) ??
      BUILT_IN_FRAMEWORKS.flatMap((framework) => framework.criteria).find((candidate) => candidate.id === id);
    return criterion ? criterionLabel(criterion, lang) : id;
  });
}
