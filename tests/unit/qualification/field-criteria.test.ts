import { describe, expect, it } from 'vitest';
import { BUILT_IN_FIELD_CRITERIA, crmAnswer, criterionIdForField, fieldHintsOf, normaliseFieldLabel } from '../../../src/qualification/field-criteria';
import * as frameworks from '../../../src/qualification/frameworks';
import * as context from '../../../src/qualification/context';

/**
 * Adapters find qualification evidence with src/qualification/field-criteria.ts, which carries the field hints but
 * none of the frameworks' labels and questions (the content script must stay small, issue #6). It must answer
 * exactly as the frameworks do.
 */
describe('field criteria without the question texts', () => {
  const criteria = frameworks.BUILT_IN_FRAMEWORKS.flatMap((framework) => framework.criteria);

  it('holds the field hints of every built-in criterion, and the frameworks take theirs from it', () => {
    const ids = [...new Set(criteria.map((criterion) => criterion.id))];
    expect(BUILT_IN_FIELD_CRITERIA.map((criterion) => criterion.id)).toEqual(ids);
    for (const criterion of criteria) expect(criterion.fieldHints, criterion.id).toEqual(fieldHintsOf(criterion.id));
    expect(() => fieldHintsOf('no-such-criterion')).toThrow(/no-such-criterion/);
  });

  it('hands out copies: changing one does not change the table', () => {
    const hints = fieldHintsOf('budget');
    hints.push('changed');
    expect(fieldHintsOf('budget')).not.toContain('changed');
  });

  it('finds the same criterion as the frameworks for every hint, id and a few labels', () => {
    const labels = [
      ...criteria.flatMap((criterion) => [criterion.id, ...criterion.fieldHints, criterion.label.en, criterion.label.da, `${criterion.fieldHints[0] ?? ''}:`]),
      'Economic Buyer *',
      '  Decision   Criteria ',
      'Amount',
      'Close date',
      '',
      '   ',
    ];
    for (const label of labels) expect(criterionIdForField(label), label).toBe(frameworks.criterionIdForField(label));
    expect(criterionIdForField('Economic_Buyer__c')).toBe('economic-buyer');
    expect(criterionIdForField('Compelling event')).toBe('critical-event');
    expect(criterionIdForField('Amount')).toBeUndefined();
  });

  it('is what frameworks.ts and context.ts export, so their importers are unchanged', () => {
    expect(frameworks.normaliseFieldLabel).toBe(normaliseFieldLabel);
    expect(context.crmAnswer).toBe(crmAnswer);
  });

  it('reads a field text as an answer', () => {
    expect(crmAnswer('Jane Doe (CFO)')).toBe('yes');
    expect(crmAnswer('Nej')).toBe('no');
    expect(crmAnswer(' TBD ')).toBeNull();
  });
});
