import { useId } from 'react';
import type { Translate } from '../../i18n/translate';
import {
  EMPTY_FILTER,
  isFiltered,
  OWNER_UNREAD,
  SEVERITY_FILTERS,
  SOURCE_FILTERS,
  STAGE_FILTERS,
  type ReviewFilter,
  type SeverityFilter,
  type SourceFilter,
  type StageFilter,
} from '../../review/filter';
import { ruleMessageKey } from '../../rules/types';

export interface FiltersProps {
  filter: ReviewFilter;
  onChange(filter: ReviewFilter): void;
  owners: { owners: string[]; unread: number };
  rules: { ruleId: string; deals: number }[];
  shown: number;
  total: number;
  t: Translate;
}

const ALL = '';

export function Filters({ filter, onChange, owners, rules, shown, total, t }: FiltersProps) {
  const id = useId();
  const set = (change: Partial<ReviewFilter>) => onChange({ ...filter, ...change });
  return (
    <div role="search" className="filters" aria-label={t('review_filters_label')}>
      <div className="filters__field filters__field--search">
        <label htmlFor={`${id}-text`}>{t('review_filter_search')}</label>
        <input
          id={`${id}-text`}
          type="search"
          value={filter.text}
          placeholder={t('review_filter_search_placeholder')}
          onChange={(event) => set({ text: event.target.value })}
        />
      </div>
      <div className="filters__field">
        <label htmlFor={`${id}-owner`}>{t('review_filter_owner')}</label>
        <select id={`${id}-owner`} value={filter.owner ?? ALL} onChange={(event) => set({ owner: event.target.value === ALL ? null : event.target.value })}>
          <option value={ALL}>{t('review_filter_all_owners')}</option>
          {owners.owners.map((owner) => (
            <option key={owner} value={owner}>
              {owner}
            </option>
          ))}
          {owners.unread > 0 && <option value={OWNER_UNREAD}>{t('review_filter_owner_unread')}</option>}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor={`${id}-stage`}>{t('review_filter_stage')}</label>
        <select id={`${id}-stage`} value={filter.stage} onChange={(event) => set({ stage: event.target.value as StageFilter })}>
          {STAGE_FILTERS.map((stage) => (
            <option key={stage} value={stage}>
              {t(`review_stage_${stage}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor={`${id}-severity`}>{t('review_filter_severity')}</label>
        <select id={`${id}-severity`} value={filter.severity} onChange={(event) => set({ severity: event.target.value as SeverityFilter })}>
          {SEVERITY_FILTERS.map((severity) => (
            <option key={severity} value={severity}>
              {t(`review_severity_filter_${severity}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor={`${id}-rule`}>{t('review_filter_rule')}</label>
        <select id={`${id}-rule`} value={filter.rule ?? ALL} onChange={(event) => set({ rule: event.target.value === ALL ? null : event.target.value })}>
          <option value={ALL}>{t('review_filter_all_rules')}</option>
          {/* A rule chosen before the data changed stays selectable, so the select never shows a value it lacks. */}
          {filter.rule !== null && !rules.some((rule) => rule.ruleId === filter.rule) && <option value={filter.rule}>{t(ruleMessageKey(filter.rule, 'name'))}</option>}
          {rules.map((rule) => (
            <option key={rule.ruleId} value={rule.ruleId}>
              {t('review_filter_rule_option', { rule: t(ruleMessageKey(rule.ruleId, 'name')), count: rule.deals })}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor={`${id}-source`}>{t('review_filter_source')}</label>
        <select id={`${id}-source`} value={filter.source} onChange={(event) => set({ source: event.target.value as SourceFilter })}>
          {SOURCE_FILTERS.map((source) => (
            <option key={source} value={source}>
              {t(`review_source_filter_${source}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__end">
        <p className="filters__count" role="status" aria-live="polite">
          {isFiltered(filter) ? t('review_shown_of_total', { shown, total }) : t('review_deal_count', { count: total })}
        </p>
        {isFiltered(filter) && (
          <button type="button" className="button button--quiet" onClick={() => onChange(EMPTY_FILTER)}>
            {t('review_clear_filters')}
          </button>
        )}
      </div>
    </div>
  );
}
