import { memo } from 'react';
import type { Translate } from '../../i18n/translate';
import type { QualificationSettings, Settings } from '../../model/settings';
import { BUILT_IN_FRAMEWORKS, findFramework } from '../../qualification/frameworks';
import type { PartialRequiredByStage } from '../../qualification/types';
import { OPEN_STAGES, type OpenStage } from '../../rules/stage';
import { requiredFrom } from './changes';
import { useFieldError } from './fields';
import { criterionName, stageName } from './labels';
import { sameValue } from './option-fields';
import { fieldId } from './validation';

interface QualificationSectionProps {
  t: Translate;
  locale: string;
  qualification: QualificationSettings;
  onChange(qualification: QualificationSettings): void;
}

/**
 * Requirements per stage are edited the way they are read: cumulative. "From which stage on is this criterion
 * required" is one choice per criterion; the grid shows it as a row of checkboxes, and ticking or clearing one moves
 * that start. Overrides are stored only when they differ from the framework's defaults, spelled out for every stage.
 */
export function requirementsWith(settings: Pick<Settings, 'qualification'>, frameworkId: string, criterionId: string, from: OpenStage | null): QualificationSettings {
  const qualification = settings.qualification;
  const framework = findFramework(settings, frameworkId);
  if (!framework) return qualification;
  const starts = requiredFrom(settings, frameworkId);
  starts.set(criterionId, from);
  const rank = (stage: OpenStage) => OPEN_STAGES.indexOf(stage);
  const byStage = Object.fromEntries(
    OPEN_STAGES.map((stage) => [stage, framework.criteria.map((criterion) => criterion.id).filter((id) => {
      const start = starts.get(id);
      return start != null && rank(start) <= rank(stage);
    })]),
  ) as Required<PartialRequiredByStage>;
  const defaults = requiredFrom({ qualification: { ...qualification, requiredByStage: {} } }, frameworkId);
  const requiredByStage = { ...qualification.requiredByStage };
  if (sameValue(Object.fromEntries(starts), Object.fromEntries(defaults))) delete requiredByStage[frameworkId];
  else requiredByStage[frameworkId] = byStage;
  return { ...qualification, requiredByStage };
}

export const QualificationSection = memo(function QualificationSection({ t, locale, qualification, onChange }: QualificationSectionProps) {
  const settings = { qualification };
  const frameworks = [...BUILT_IN_FRAMEWORKS, ...qualification.customFrameworks];
  const framework = findFramework(settings, qualification.framework);
  const starts = requiredFrom(settings, qualification.framework);
  const overridden = qualification.requiredByStage[qualification.framework] !== undefined;
  const frameworkError = useFieldError(['qualification', 'framework']);
  const selectId = fieldId(['qualification', 'framework']);

  const setStart = (criterionId: string, from: OpenStage | null) => onChange(requirementsWith(settings, qualification.framework, criterionId, from));
  const toggle = (criterionId: string, stage: OpenStage, checked: boolean) => {
    const index = OPEN_STAGES.indexOf(stage);
    // Ticking a stage requires the criterion from there on; clearing one leaves it required only after it.
    setStart(criterionId, checked ? stage : (OPEN_STAGES[index + 1] ?? null));
  };

  return (
    <section id="qualification" className="options-section" aria-labelledby="qualification-title">
      <h2 id="qualification-title">{t('options_qualification_title')}</h2>
      <p className="section__intro">{t('options_qualification_intro')}</p>

      <div className="field">
        <label htmlFor={selectId}>{t('options_framework')}</label>
        <select
          id={selectId}
          className="input"
          value={qualification.framework}
          aria-invalid={Boolean(frameworkError) || undefined}
          aria-describedby={frameworkError ? `${selectId}-error` : undefined}
          onChange={(event) => onChange({ ...qualification, framework: event.target.value })}
        >
          {frameworks.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
              {BUILT_IN_FRAMEWORKS.includes(candidate) ? '' : ` (${t('options_framework_custom')})`}
            </option>
          ))}
        </select>
        {frameworkError && (
          <p className="field__error" id={`${selectId}-error`}>
            {frameworkError}
          </p>
        )}
      </div>

      {framework && (
        <>
          <p className="field__hint" id="requirements-explained">
            {t('options_requirements_cumulative')}
          </p>
          <div className="table-scroll">
            <table className="requirements" aria-describedby="requirements-explained">
              <caption>{t('options_requirements_caption', { framework: framework.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('options_criterion')}</th>
                  {OPEN_STAGES.map((stage) => (
                    <th scope="col" key={stage}>
                      {stageName(t, stage)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {framework.criteria.map((criterion) => {
                  const name = criterionName(t, locale, criterion.id, framework);
                  const start = starts.get(criterion.id) ?? null;
                  return (
                    <tr key={criterion.id}>
                      <th scope="row">{name}</th>
                      {OPEN_STAGES.map((stage) => {
                        const checked = start !== null && OPEN_STAGES.indexOf(stage) >= OPEN_STAGES.indexOf(start);
                        return (
                          <td key={stage} className={checked ? 'requirements__cell requirements__cell--on' : 'requirements__cell'}>
                            <input
                              type="checkbox"
                              checked={checked}
                              aria-label={t('options_required_in', { criterion: name, stage: stageName(t, stage) })}
                              onChange={(event) => toggle(criterion.id, stage, event.target.checked)}
                            />
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="section__actions">
            <button
              type="button"
              className="button"
              disabled={!overridden}
              onClick={() => {
                const requiredByStage = { ...qualification.requiredByStage };
                delete requiredByStage[qualification.framework];
                onChange({ ...qualification, requiredByStage });
              }}
            >
              {t('options_requirements_reset', { framework: framework.name })}
            </button>
            {overridden ? <span className="tag">{t('options_requirements_customised')}</span> : <span className="muted">{t('options_requirements_default')}</span>}
          </div>
        </>
      )}

      {qualification.customFrameworks.length > 0 && (
        <div className="custom-frameworks">
          <h3>{t('options_custom_frameworks')}</h3>
          <p className="field__hint">{t('options_custom_frameworks_hint')}</p>
          <ul className="plain-list">
            {qualification.customFrameworks.map((custom) => (
              <li key={custom.id} className="custom-framework">
                <span>
                  {custom.name} <span className="muted">({t('options_criteria_count', { count: custom.criteria.length })})</span>
                </span>
                <button
                  type="button"
                  className="button button--quiet"
                  disabled={custom.id === qualification.framework}
                  title={custom.id === qualification.framework ? t('options_custom_framework_in_use') : undefined}
                  onClick={() => {
                    const requiredByStage = { ...qualification.requiredByStage };
                    delete requiredByStage[custom.id];
                    onChange({ ...qualification, requiredByStage, customFrameworks: qualification.customFrameworks.filter((other) => other.id !== custom.id) });
                  }}
                >
                  {t('options_remove_framework', { framework: custom.name })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
});
