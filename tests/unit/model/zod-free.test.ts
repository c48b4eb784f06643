import { describe, expect, it } from 'vitest';
import * as deal from '../../../src/model/deal';
import * as dealNames from '../../../src/model/deal-names';
import * as field from '../../../src/model/field';
import * as fieldState from '../../../src/model/field-state';
import * as severity from '../../../src/model/severity';
import * as verdict from '../../../src/model/verdict';
import * as mapping from '../../../src/model/crm-mapping';
import * as mappingBase from '../../../src/model/crm-mapping-base';

/**
 * The content script imports the zod-free halves of the model (issue #6); everything else keeps importing the
 * schema modules, which re-export those halves. The two must stay one and the same.
 */
describe('the zod-free model modules', () => {
  it('name exactly the fields of the deal schema, in its order', () => {
    expect(dealNames.FIELD_NAMES).toEqual(Object.keys(deal.dealFieldsSchema.shape));
  });

  it('name exactly the stages, CRM ids, unread codes and severities the schemas accept', () => {
    expect(deal.canonicalStageSchema.options).toEqual([...dealNames.CANONICAL_STAGES]);
    expect(deal.crmIdSchema.options).toEqual([...dealNames.CRM_IDS]);
    expect(field.unreadCodeSchema.options).toEqual([...fieldState.UNREAD_CODES]);
    expect(verdict.severitySchema.options).toEqual([...severity.SEVERITIES]);
  });

  it('are re-exported by the schema modules (same objects, so importers need not change)', () => {
    expect(deal.FIELD_NAMES).toBe(dealNames.FIELD_NAMES);
    expect(deal.dealKey).toBe(dealNames.dealKey);
    expect([field.known, field.empty, field.unknown, field.clip]).toEqual([fieldState.known, fieldState.empty, fieldState.unknown, fieldState.clip]);
    expect([verdict.severityRank, verdict.worstSeverity]).toEqual([severity.severityRank, severity.worstSeverity]);
    expect([mapping.CUSTOM_CRMS_KEY, mapping.matchesPattern, mapping.recordIdIn, mapping.mappingIssues, mapping.MAPPABLE_FIELDS]).toEqual([
      mappingBase.CUSTOM_CRMS_KEY,
      mappingBase.matchesPattern,
      mappingBase.recordIdIn,
      mappingBase.mappingIssues,
      mappingBase.MAPPABLE_FIELDS,
    ]);
  });

  it('build field values that the schemas accept', () => {
    const schema = field.fieldValueSchema(deal.moneySchema);
    expect(schema.safeParse(fieldState.known({ value: 5, currency: 'EUR' }, '€5')).success).toBe(true);
    expect(schema.safeParse(fieldState.empty('')).success).toBe(true);
    expect(schema.parse(fieldState.unknown('x'.repeat(900), 'not_on_page'))).toEqual({ state: 'unknown', reason: `${'x'.repeat(499)}…`, code: 'not_on_page' });
  });

  it('find the worst severity', () => {
    expect(severity.worstSeverity([])).toBeNull();
    expect(severity.worstSeverity([{ severity: 'info' }, { severity: 'critical' }, { severity: 'warning' }])).toBe('critical');
  });
});
