import { describe, expect, it } from 'vitest';
import { applyStageMapping } from '../../../src/adapters/stage-mapping';
import { defaultSettings, type Settings } from '../../../src/model/settings';
import { known, makeSnapshot } from '../../helpers/deals';

const withShared = (mapping: Record<string, 'prospect' | 'qualify' | 'develop' | 'propose' | 'commit' | 'won' | 'lost'>): Settings => ({
  ...defaultSettings(),
  stageMapping: { generic: mapping },
});

const genericDeal = (label: string, canonical: 'qualify' | null) =>
  makeSnapshot({ key: 'generic:tryton:127.0.0.1:8000:7', crm: 'generic', fields: { stage: known({ label, canonical }, label) } });

describe('applyStageMapping for a CRM the user mapped', () => {
  it("keeps the stage the CRM's own mapping gave, over the shared settings for other CRMs", () => {
    const mapped = applyStageMapping(genericDeal('Opportunity', 'qualify'), withShared({ opportunity: 'propose' }));
    expect(mapped.fields.stage).toMatchObject({ state: 'value', value: { canonical: 'qualify' } });
  });

  it('fills in a stage its own mapping leaves unmapped from the shared settings', () => {
    const mapped = applyStageMapping(genericDeal('Negotiation', null), withShared({ negotiation: 'commit' }));
    expect(mapped.fields.stage).toMatchObject({ state: 'value', value: { canonical: 'commit' } });
  });

  it('still lets the settings override a built-in CRM adapter', () => {
    const deal = makeSnapshot({ fields: { stage: known({ label: 'Prospecting', canonical: 'prospect' }, 'Prospecting') } });
    const mapped = applyStageMapping(deal, { ...defaultSettings(), stageMapping: { salesforce: { prospecting: 'qualify' } } });
    expect(mapped.fields.stage).toMatchObject({ state: 'value', value: { canonical: 'qualify' } });
  });
});
