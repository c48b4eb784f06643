import { memo, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { Translate } from '../../i18n/translate';
import type { RuleSetting, Settings } from '../../model/settings';
import { SEVERITIES, type Severity } from '../../model/verdict';
import { rules } from '../../rules/index';
import type { Rule, RuleCategory } from '../../rules/types';
import { ErrorsContext } from './fields';
import { categoryName, ruleName, ruleWhy, severityName } from './labels';
import { optionFields } from './option-fields';
import { RuleOptionsEditor } from './RuleOptionsEditor';
import { fieldId } from './validation';

const CATEGORIES: readonly RuleCategory[] = ['staleness', 'qualification', 'data'];

interface RulesSectionProps {
  t: Translate;
  locale: string;
  rules: Settings['rules'];
  timeZone: string | undefined;
  onChange(rules: Settings['rules']): void;
  /** IANA zones offered for the time zone; the browser's list (Intl.supportedValuesOf). */
  timeZones: readonly string[];
  /** The zone the browser is in, shown for "use the browser's time zone". */
  browserTimeZone: string;
  onTimeZoneChange(zone: string | undefined): void;
}

/** A rule's setting with nothing left that equals the default is no setting: it is removed, keeping storage small. */
export function cleanRuleSetting(setting: RuleSetting): RuleSetting | undefined {
  const empty = setting.enabled && setting.severity === undefined && Object.keys(setting.options).length === 0;
  return empty ? undefined : setting;
}

export const RulesSection = memo(function RulesSection({ t, locale, rules: ruleSettings, timeZone, onChange, timeZones, browserTimeZone, onTimeZoneChange }: RulesSectionProps) {
  const errors = useContext(ErrorsContext);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const fieldsById = useMemo(() => new Map(rules.map((rule) => [rule.meta.id, optionFields(rule)])), []);
  // The latest settings for the stable callback below: each rule's row re-renders only when its own setting changes.
  const latest = useRef({ ruleSettings, onChange });
  latest.current = { ruleSettings, onChange };

  const update = useCallback((id: string, change: Partial<RuleSetting>) => {
    const { ruleSettings: current, onChange: report } = latest.current;
    const next = cleanRuleSetting({ ...(current[id] ?? { enabled: true, options: {} }), ...change });
    const all = { ...current };
    if (next) all[id] = next;
    else delete all[id];
    report(all);
  }, []);

  const toggle = useCallback((id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    }), []);

  const hasErrors = (id: string) => [...errors.keys()].some((key) => key.startsWith(JSON.stringify(['rules', id]).slice(0, -1)));

  return (
    <section id="rules" className="options-section" aria-labelledby="rules-title">
      <h2 id="rules-title">{t('options_rules_title')}</h2>
      <p className="section__intro">{t('options_rules_intro')}</p>

      <TimeZoneField t={t} value={timeZone} zones={timeZones} browserTimeZone={browserTimeZone} onChange={onTimeZoneChange} />

      {CATEGORIES.map((category) => {
        const inCategory = rules.filter((rule) => rule.meta.category === category);
        return (
          <table key={category} className="rules-table">
            <caption>{categoryName(t, category)}</caption>
            <thead>
              <tr>
                <th scope="col" className="rules-table__on">
                  {t('options_rule_on')}
                </th>
                <th scope="col">{t('options_rule')}</th>
                <th scope="col" className="rules-table__severity">
                  {t('options_severity')}
                </th>
                <th scope="col" className="rules-table__thresholds">
                  <span className="visually-hidden">{t('options_thresholds')}</span>
                </th>
              </tr>
            </thead>
            {inCategory.map((rule) => (
              <RuleRows
                key={rule.meta.id}
                t={t}
                locale={locale}
                rule={rule}
                setting={ruleSettings[rule.meta.id]}
                expanded={open.has(rule.meta.id) || hasErrors(rule.meta.id)}
                onToggle={toggle}
                fields={fieldsById.get(rule.meta.id) ?? []}
                onChange={update}
              />
            ))}
          </table>
        );
      })}
    </section>
  );
});

const RuleRows = memo(function RuleRows({
  t,
  locale,
  rule,
  setting,
  expanded,
  onToggle,
  fields,
  onChange,
}: {
  t: Translate;
  locale: string;
  rule: Rule<any>;
  setting: RuleSetting | undefined;
  expanded: boolean;
  onToggle(id: string): void;
  fields: ReturnType<typeof optionFields>;
  onChange(id: string, change: Partial<RuleSetting>): void;
}) {
  const id = rule.meta.id;
  const name = ruleName(t, id);
  const enabled = setting?.enabled ?? true;
  const overrides = setting?.options ?? {};
  const changedCount = Object.keys(overrides).length;
  const panelId = `rule-${id}-thresholds`;
  const severityId = fieldId(['rules', id, 'severity']);
  return (
    <tbody className={`rule${enabled ? '' : ' rule--off'}`} data-rule={id}>
      <tr>
        <td className="rules-table__on">
          <input
            id={fieldId(['rules', id, 'enabled'])}
            type="checkbox"
            role="switch"
            className="switch"
            checked={enabled}
            aria-label={t('options_rule_switch', { rule: name })}
            onChange={(event) => onChange(id, { enabled: event.target.checked })}
          />
        </td>
        <td>
          <div className="rule__name">{name}</div>
          <div className="rule__why">{ruleWhy(t, id)}</div>
        </td>
        <td className="rules-table__severity">
          <select
            id={severityId}
            className="input"
            value={setting?.severity ?? ''}
            aria-label={t('options_rule_severity', { rule: name })}
            onChange={(event) => onChange(id, { severity: (event.target.value || undefined) as Severity | undefined })}
          >
            <option value="">{t('options_severity_default', { severity: severityName(t, rule.meta.severity) })}</option>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severityName(t, severity)}
              </option>
            ))}
          </select>
        </td>
        <td className="rules-table__thresholds">
          {changedCount > 0 && (
            <span className="tag" id={`${panelId}-changed`}>
              {t('options_changed_count', { count: changedCount })}
            </span>
          )}
          {fields.length > 0 && (
            <button
              type="button"
              className="button button--quiet"
              aria-expanded={expanded}
              aria-controls={panelId}
              // The rule's name tells the many "Thresholds" buttons apart; how many are changed is said by the tag.
              aria-label={t('options_rule_thresholds_label', { rule: name })}
              aria-describedby={changedCount > 0 ? `${panelId}-changed` : undefined}
              onClick={() => onToggle(id)}
            >
              <span className="chevron" aria-hidden="true">
                ▶
              </span>
              {t('options_thresholds')}
            </button>
          )}
        </td>
      </tr>
      {expanded && fields.length > 0 && (
        <tr className="rule__panel">
          <td colSpan={4} id={panelId}>
            <RuleOptionsEditor t={t} locale={locale} rule={rule} fields={fields} overrides={overrides} onChange={(options) => onChange(id, { options })} />
            {changedCount > 0 && (
              <button type="button" className="link-button" onClick={() => onChange(id, { options: {} })}>
                {t('options_rule_reset', { rule: name })}
              </button>
            )}
          </td>
        </tr>
      )}
    </tbody>
  );
});

function TimeZoneField({
  t,
  value,
  zones,
  browserTimeZone,
  onChange,
}: {
  t: Translate;
  value: string | undefined;
  zones: readonly string[];
  browserTimeZone: string;
  onChange(zone: string | undefined): void;
}) {
  const id = fieldId(['timeZone']);
  // A stored zone the list lacks (an alias such as Europe/Kiev) is still offered, so the select shows it.
  const all = value && !zones.includes(value) ? [value, ...zones] : zones;
  return (
    <div className="field field--time-zone">
      <label htmlFor={id}>{t('options_time_zone')}</label>
      <select id={id} className="input" value={value ?? ''} aria-describedby={`${id}-hint`} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">{t('options_time_zone_browser', { zone: browserTimeZone })}</option>
        {all.map((zone) => (
          <option key={zone} value={zone}>
            {zone.replaceAll('_', ' ')}
          </option>
        ))}
      </select>
      <p className="field__hint" id={`${id}-hint`}>
        {t('options_time_zone_hint')}
      </p>
    </div>
  );
}
