import type { Settings } from '../model/settings';
import { OPEN_STAGES } from '../rules/stage';
import { BANT } from './bant';
import { MEDDICC, MEDDPICC } from './meddicc';
import { SPICED } from './spiced';
import { criterionIdForField as criterionIdAmong } from './field-criteria';
import type { Framework, PartialRequiredByStage, RequiredByStage } from './types';

export { normaliseFieldLabel } from './field-criteria';

/** The framework a new installation uses. */
export const DEFAULT_FRAMEWORK_ID = 'meddicc';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Every built-in framework; frozen, since criteria objects are shared between MEDDICC and MEDDPICC. */
export const BUILT_IN_FRAMEWORKS: readonly Framework[] = deepFreeze([MEDDICC, MEDDPICC, BANT, SPICED]);

export const BUILT_IN_FRAMEWORK_IDS: readonly string[] = BUILT_IN_FRAMEWORKS.map((framework) => framework.id);

export const builtInFrameworksById: ReadonlyMap<string, Framework> = new Map(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework]));

/**
 * Criteria of different frameworks that ask the same question under the framework's own name. When a criterion
 * has no evidence of its own (no quick-qualify answer, no CRM field), evidence recorded under one of these ids
 * counts for it, in this order (the rep's answers first, then CRM fields). Answers are kept per criterion id, so
 * a team that switches framework keeps what reps answered, and a CRM field named after one framework's criterion
 * serves the others.
 *
 * - authority ⇄ economic-buyer: BANT's authority is the person who can approve the money — MEDDICC's economic buyer.
 * - need ⇄ identify-pain ⇄ pain: the customer's problem that the solution addresses, in BANT, MEDDICC and SPICED.
 * - metrics ⇄ impact: the quantified value of solving it.
 * - timeline ← critical-event: a critical event is a dated deadline with consequences, so it gives a timeline;
 *   a timeline alone is not a critical event, so not the other way.
 * - decision-criteria ← decision and decision-process ← decision: SPICED's decision covers both; one of them
 *   alone does not cover SPICED's decision, so not the other way.
 * Champion, competition, budget, situation and paper process have no equivalent.
 */
export const EQUIVALENT_CRITERIA: Readonly<Record<string, readonly string[]>> = deepFreeze({
  authority: ['economic-buyer'],
  'economic-buyer': ['authority'],
  need: ['identify-pain', 'pain'],
  'identify-pain': ['pain', 'need'],
  pain: ['identify-pain', 'need'],
  metrics: ['impact'],
  impact: ['metrics'],
  timeline: ['critical-event'],
  'decision-criteria': ['decision'],
  'decision-process': ['decision'],
});

/** Ids whose evidence also counts for `criterionId`, nearest first. */
export function equivalentsOf(criterionId: string): readonly string[] {
  return Object.hasOwn(EQUIVALENT_CRITERIA, criterionId) ? EQUIVALENT_CRITERIA[criterionId]! : [];
}

/**
 * A framework with some stages' requirements replaced, made cumulative (each stage also requires everything an
 * earlier stage requires), limited to the framework's criteria and listed in the framework's order.
 * An override replaces that stage's own list; a requirement of an earlier stage still carries forward, since a
 * deal in commit that no longer needs what qualify needed makes no sense.
 */
export function applyRequiredOverrides(framework: Framework, overrides: PartialRequiredByStage = {}): Framework {
  const order = framework.criteria.map((criterion) => criterion.id);
  const requiredByStage = {} as RequiredByStage;
  const carried = new Set<string>();
  for (const stage of OPEN_STAGES) {
    for (const id of overrides[stage] ?? framework.requiredByStage[stage]) carried.add(id);
    requiredByStage[stage] = order.filter((id) => carried.has(id));
  }
  return { ...framework, requiredByStage };
}

/** The built-in or custom framework with that id, as stored (no overrides applied). */
export function findFramework(settings: Pick<Settings, 'qualification'>, id: string): Framework | undefined {
  return builtInFrameworksById.get(id) ?? settings.qualification.customFrameworks.find((framework) => framework.id === id);
}

/**
 * The framework settings choose (or the one with `id`), with the settings' per-stage overrides applied and its
 * requirements made cumulative. Without `id` it always returns a framework: settings that passed loadSettings
 * name one that exists; should they not, the default built-in is used. With an unknown `id`, undefined.
 */
export function resolveFramework(settings: Pick<Settings, 'qualification'>): Framework;
export function resolveFramework(settings: Pick<Settings, 'qualification'>, id: string): Framework | undefined;
export function resolveFramework(settings: Pick<Settings, 'qualification'>, id?: string): Framework | undefined {
  const wanted = id ?? settings.qualification.framework;
  let framework = findFramework(settings, wanted);
  if (!framework) {
    if (id !== undefined) return undefined;
    framework = builtInFrameworksById.get(DEFAULT_FRAMEWORK_ID)!;
  }
  return applyRequiredOverrides(framework, settings.qualification.requiredByStage[framework.id]);
}

/**
 * The criterion a CRM field holds, by its label or API name (fieldHints), or undefined, among these frameworks'
 * criteria (the built-in ones by default). Adapters use src/qualification/field-criteria.ts directly: the same
 * search over the built-in hints, without the question texts.
 */
export function criterionIdForField(label: string, frameworks: readonly Framework[] = BUILT_IN_FRAMEWORKS): string | undefined {
  return criterionIdAmong(label, frameworks.flatMap((framework) => framework.criteria));
}
