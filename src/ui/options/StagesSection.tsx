import { memo, useState } from 'react';
import type { Translate } from '../../i18n/translate';
import { CANONICAL_STAGES, CRM_IDS, type CanonicalStage, type CrmId } from '../../model/deal';
import type { Settings } from '../../model/settings';
import { adapters } from '../../adapters/index';
import { crmName, stageName } from './labels';
import { fieldId } from './validation';

type Mapping = Readonly<Record<string, CanonicalStage>>;

/** Each CRM's built-in stage labels; the generic CRM ("Other CRM") has none of its own here. */
export const DEFAULT_STAGE_MAPPINGS: Readonly<Partial<Record<CrmId, Mapping>>> = Object.fromEntries(adapters.map((adapter) => [adapter.id, adapter.defaultStageMapping]));

/** A stage label as mappings keep it: trimmed, lower-cased (mapStage matches labels that way). */
export const stageKey = (label: string) => label.trim().toLocaleLowerCase();

/**
 * The user's mapping for one CRM after setting `label` to `stage`: an override that equals the built-in default is
 * no override, so it is removed; `stage` undefined removes the label.
 */
export function withStage(mapping: Mapping, defaults: Mapping, label: string, stage: CanonicalStage | undefined): Record<string, CanonicalStage> {
  const key = stageKey(label);
  const next = { ...mapping };
  if (stage === undefined || defaults[key] === stage) delete next[key];
  else next[key] = stage;
  return next;
}

interface StagesSectionProps {
  t: Translate;
  stageMapping: Settings['stageMapping'];
  onChange(stageMapping: Settings['stageMapping']): void;
}

export const StagesSection = memo(function StagesSection({ t, stageMapping, onChange }: StagesSectionProps) {
  const [crm, setCrm] = useState<CrmId>('salesforce');
  const defaults = DEFAULT_STAGE_MAPPINGS[crm] ?? {};
  const mine = stageMapping[crm] ?? {};
  const setMapping = (mapping: Record<string, CanonicalStage>) => {
    const all = { ...stageMapping };
    if (Object.keys(mapping).length) all[crm] = mapping;
    else delete all[crm];
    onChange(all);
  };
  const added = Object.keys(mine).filter((label) => !(label in defaults));
  const rows = [...added, ...Object.keys(defaults)];

  return (
    <section id="stages" className="options-section" aria-labelledby="stages-title">
      <h2 id="stages-title">{t('options_stages_title')}</h2>
      <p className="section__intro">{t('options_stages_intro')}</p>

      <div className="crm-tabs" role="group" aria-label={t('options_stages_crm')}>
        {CRM_IDS.map((id) => {
          const count = Object.keys(stageMapping[id] ?? {}).length;
          return (
            <button key={id} type="button" className="crm-tab" aria-pressed={crm === id} onClick={() => setCrm(id)}>
              {crmName(t, id)}
              {count > 0 && <span className="tag">{t('options_changed_count', { count })}</span>}
            </button>
          );
        })}
      </div>
      {crm === 'generic' && <p className="field__hint">{t('options_stages_generic_hint')}</p>}

      <AddStage t={t} crm={crm} defaults={defaults} mine={mine} onAdd={(label, stage) => setMapping(withStage(mine, defaults, label, stage))} />

      {rows.length === 0 ? (
        <p className="muted">{t('options_stages_empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="stages-table">
            <caption className="visually-hidden">{t('options_stages_caption', { crm: crmName(t, crm) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('options_stage_label')}</th>
                <th scope="col">{t('options_canonical_stage')}</th>
                <th scope="col">{t('options_stage_source')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('options_actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((label) => {
                const builtIn = defaults[label];
                const stage = mine[label] ?? builtIn!;
                const overridden = mine[label] !== undefined;
                return (
                  <tr key={label} className={overridden ? 'stages-table__row--mine' : undefined}>
                    <th scope="row" className="stage-label">
                      {label}
                    </th>
                    <td>
                      <select
                        id={fieldId(['stageMapping', crm, label])}
                        className="input"
                        value={stage}
                        aria-label={t('options_stage_for', { label })}
                        onChange={(event) => setMapping(withStage(mine, defaults, label, event.target.value as CanonicalStage))}
                      >
                        {CANONICAL_STAGES.map((canonical) => (
                          <option key={canonical} value={canonical}>
                            {stageName(t, canonical)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="muted">
                      {!overridden
                        ? t('options_stage_source_default')
                        : builtIn
                          ? t('options_stage_source_changed', { stage: stageName(t, builtIn) })
                          : t('options_stage_source_mine')}
                    </td>
                    <td>
                      {overridden && (
                        <button
                          type="button"
                          className="button button--quiet"
                          aria-label={t(builtIn ? 'options_stage_reset_label' : 'options_stage_remove_label', { label })}
                          onClick={() => setMapping(withStage(mine, defaults, label, undefined))}
                        >
                          {t(builtIn ? 'options_stage_reset' : 'options_remove')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
});

function AddStage({ t, crm, defaults, mine, onAdd }: { t: Translate; crm: CrmId; defaults: Mapping; mine: Mapping; onAdd(label: string, stage: CanonicalStage): void }) {
  const [label, setLabel] = useState('');
  const [stage, setStage] = useState<CanonicalStage>('qualify');
  const [error, setError] = useState<string | null>(null);
  const labelId = `add-stage-${crm}-label`;
  const stageId = `add-stage-${crm}-stage`;
  const add = () => {
    const key = stageKey(label);
    if (!key) return setError(t('options_error_required'));
    if (key.length > 200) return setError(t('options_error_too_long', { max: 200 }));
    if (mine[key] !== undefined) return setError(t('options_stage_already_mine', { label: key }));
    if (defaults[key] === stage) return setError(t('options_stage_already_default', { label: key, stage: stageName(t, stage) }));
    setError(null);
    setLabel('');
    onAdd(key, stage);
  };
  return (
    <div className="add-row" role="group" aria-label={t('options_stage_add_title')}>
      <div className="field">
        <label htmlFor={labelId}>{t('options_stage_label')}</label>
        <input
          id={labelId}
          className="input"
          value={label}
          autoComplete="off"
          aria-invalid={Boolean(error) || undefined}
          aria-describedby={error ? `${labelId}-error` : undefined}
          onChange={(event) => setLabel(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={stageId}>{t('options_canonical_stage')}</label>
        <select id={stageId} className="input" value={stage} onChange={(event) => setStage(event.target.value as CanonicalStage)}>
          {CANONICAL_STAGES.map((canonical) => (
            <option key={canonical} value={canonical}>
              {stageName(t, canonical)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button" onClick={add}>
        {t('options_stage_add')}
      </button>
      {error && (
        <p className="field__error add-row__error" id={`${labelId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
