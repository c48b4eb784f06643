import type { Finding } from '../model/verdict';
import { ruleMessageKey } from '../rules/types';
import type { Translate } from './translate';

/** Data values that are ids of ours, not text from the page: shown by their translated labels. */
function translateData(t: Translate, data: Finding['data']): Finding['data'] {
  if (typeof data.criteria !== 'string' || !data.criteria) return data;
  const labels = data.criteria.split(',').map((id) => {
    const key = `criterion_${id.trim().replaceAll('-', '_')}`;
    const label = t(key);
    return label === key ? id.trim() : label; // a custom framework's criterion has no message: show its id
  });
  return { ...data, criteria: labels.join(', ') };
}

/** A finding's message in the user's language, with its data filled in. */
export function findingText(t: Translate, finding: Pick<Finding, 'ruleId' | 'messageId' | 'data'>): string {
  return t(ruleMessageKey(finding.ruleId, finding.messageId), translateData(t, finding.data));
}
