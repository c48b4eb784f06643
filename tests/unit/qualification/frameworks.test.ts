import { describe, expect, it } from 'vitest';
import {
  applyRequiredOverrides,
  BUILT_IN_FRAMEWORKS,
  builtInFrameworksById,
  criterionIdForField,
  DEFAULT_FRAMEWORK_ID,
  EQUIVALENT_CRITERIA,
  normaliseFieldLabel,
  resolveFramework,
} from '../../../src/qualification/frameworks';
import { frameworkSchema, type Framework } from '../../../src/qualification/types';
import { OPEN_STAGES } from '../../../src/rules/stage';
import { defaultSettings, loadSettings, type Settings } from '../../../src/model/settings';

const byId = (id: string) => builtInFrameworksById.get(id)!;
const ids = (framework: Framework) => framework.criteria.map((criterion) => criterion.id);

function settingsWith(qualification: Record<string, unknown>): Settings {
  const loaded = loadSettings({ version: 1, qualification });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

describe('built-in frameworks', () => {
  it('are MEDDICC (the default), MEDDPICC, BANT and SPICED with the criteria the design names', () => {
    expect(BUILT_IN_FRAMEWORKS.map((framework) => framework.id)).toEqual(['meddicc', 'meddpicc', 'bant', 'spiced']);
    expect(DEFAULT_FRAMEWORK_ID).toBe('meddicc');
    expect(ids(byId('bant'))).toEqual(['budget', 'authority', 'need', 'timeline']);
    expect(ids(byId('meddicc'))).toEqual(['metrics', 'economic-buyer', 'decision-criteria', 'decision-process', 'identify-pain', 'champion', 'competition']);
    expect([...ids(byId('meddpicc'))].sort()).toEqual([...ids(byId('meddicc')), 'paper-process'].sort());
    expect(ids(byId('spiced'))).toEqual(['situation', 'pain', 'impact', 'critical-event', 'decision']);
  });

  it.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework] as const))('%s validates with frameworkSchema, unchanged', (_id, framework) => {
    const parsed = frameworkSchema.safeParse(framework);
    expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
    expect(parsed.data).toEqual(framework);
  });

  it.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework] as const))('%s: every criterion has en and da label, 2–4 questions in each and evidence', (_id, framework) => {
    for (const criterion of framework.criteria) {
      for (const lang of ['en', 'da'] as const) {
        expect(criterion.label[lang].trim(), `${criterion.id} label ${lang}`).not.toBe('');
        expect(criterion.evidence[lang].trim(), `${criterion.id} evidence ${lang}`).not.toBe('');
        expect(criterion.questions[lang].length, `${criterion.id} questions ${lang}`).toBeGreaterThanOrEqual(2);
        expect(criterion.questions[lang].length, `${criterion.id} questions ${lang}`).toBeLessThanOrEqual(4);
        // A question, or a prompt ("Tell me about …").
        for (const question of criterion.questions[lang]) expect(question, `${criterion.id} ${lang}`).toMatch(/[?.]$/);
      }
      // The same number of questions in both languages: the Danish ones are the English ones, not a different set.
      expect(criterion.questions.da.length, criterion.id).toBe(criterion.questions.en.length);
      // Danish text is Danish, not a copy of the English (labels may coincide: "Budget", "Situation", "Champion").
      expect(criterion.evidence.da, criterion.id).not.toBe(criterion.evidence.en);
      expect(criterion.questions.da, criterion.id).not.toEqual(criterion.questions.en);
    }
  });

  it.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework] as const))('%s: field hints are lower-case, trimmed and unique', (_id, framework) => {
    for (const criterion of framework.criteria) {
      expect(criterion.fieldHints.length, criterion.id).toBeGreaterThanOrEqual(3);
      for (const hint of criterion.fieldHints) expect(hint, criterion.id).toBe(normaliseFieldLabel(hint));
      expect(new Set(criterion.fieldHints).size, criterion.id).toBe(criterion.fieldHints.length);
    }
  });

  it.each(BUILT_IN_FRAMEWORKS.map((framework) => [framework.id, framework] as const))('%s: required ids exist; later stages require a superset of earlier ones; commit requires every criterion', (_id, framework) => {
    const known = new Set(ids(framework));
    for (const stage of OPEN_STAGES) for (const id of framework.requiredByStage[stage]) expect(known.has(id), `${stage}: ${id}`).toBe(true);
    for (let index = 1; index < OPEN_STAGES.length; index += 1) {
      const earlier = framework.requiredByStage[OPEN_STAGES[index - 1]!];
      const later = new Set(framework.requiredByStage[OPEN_STAGES[index]!]);
      for (const id of earlier) expect(later.has(id), `${OPEN_STAGES[index]} lacks ${id}`).toBe(true);
    }
    expect(framework.requiredByStage.prospect).toEqual([]);
    expect([...framework.requiredByStage.commit].sort()).toEqual([...known].sort());
    // Spelled out in full and in the framework's order already: resolving them changes nothing.
    expect(applyRequiredOverrides(framework).requiredByStage).toEqual(framework.requiredByStage);
  });

  it('follow the design: qualify needs pain/need and timeline, develop the buyer and process, propose criteria, metrics and champion', () => {
    expect(byId('meddicc').requiredByStage.qualify).toEqual(['identify-pain']);
    expect([...byId('meddicc').requiredByStage.develop].sort()).toEqual(['decision-process', 'economic-buyer', 'identify-pain']);
    expect([...byId('meddicc').requiredByStage.propose].sort()).toEqual(['champion', 'decision-criteria', 'decision-process', 'economic-buyer', 'identify-pain', 'metrics']);
    expect(byId('meddicc').requiredByStage.commit).not.toContain('paper-process');
    expect(byId('meddpicc').requiredByStage.commit).toContain('paper-process');
    expect(byId('meddpicc').requiredByStage.propose).not.toContain('paper-process');
    expect(byId('bant').requiredByStage.qualify).toEqual(['need', 'timeline']);
    expect(byId('bant').requiredByStage.develop).toContain('authority');
    expect(byId('spiced').requiredByStage.qualify).toEqual(expect.arrayContaining(['pain', 'critical-event']));
    expect(byId('spiced').requiredByStage.develop).toContain('decision');
  });

  it('share criterion objects between MEDDICC and MEDDPICC, and are frozen', () => {
    for (const criterion of byId('meddicc').criteria) expect(byId('meddpicc').criteria).toContain(criterion);
    expect(Object.isFrozen(byId('bant').criteria[0]!.questions.en)).toBe(true);
  });

  it('use one id per meaning: a criterion id has the same definition wherever it appears', () => {
    const seen = new Map<string, unknown>();
    for (const framework of BUILT_IN_FRAMEWORKS) {
      for (const criterion of framework.criteria) {
        if (seen.has(criterion.id)) expect(criterion, criterion.id).toEqual(seen.get(criterion.id));
        seen.set(criterion.id, criterion);
      }
    }
  });
});

describe('equivalent criteria', () => {
  const allIds = new Set(BUILT_IN_FRAMEWORKS.flatMap(ids));

  it('name only built-in criteria, never themselves, and never a criterion of the same framework', () => {
    for (const [id, others] of Object.entries(EQUIVALENT_CRITERIA)) {
      expect(allIds.has(id), id).toBe(true);
      for (const other of others) {
        expect(allIds.has(other), other).toBe(true);
        expect(other).not.toBe(id);
        for (const framework of BUILT_IN_FRAMEWORKS) expect(ids(framework).includes(id) && ids(framework).includes(other), `${framework.id}: ${id} ~ ${other}`).toBe(false);
      }
    }
  });

  it('map BANT authority to the economic buyer and need to pain, both ways; critical event gives a timeline, not the other way', () => {
    expect(EQUIVALENT_CRITERIA.authority).toEqual(['economic-buyer']);
    expect(EQUIVALENT_CRITERIA['economic-buyer']).toEqual(['authority']);
    expect(EQUIVALENT_CRITERIA.need).toEqual(expect.arrayContaining(['identify-pain', 'pain']));
    expect(EQUIVALENT_CRITERIA.timeline).toEqual(['critical-event']);
    expect(EQUIVALENT_CRITERIA['critical-event']).toBeUndefined();
  });
});

describe('criterionIdForField', () => {
  it('finds the criterion by English, Danish and API field names, ignoring case, spaces and a trailing colon', () => {
    expect(criterionIdForField('Economic Buyer')).toBe('economic-buyer');
    expect(criterionIdForField('Økonomisk beslutningstager:')).toBe('economic-buyer');
    expect(criterionIdForField('Economic_Buyer__c')).toBe('economic-buyer');
    expect(criterionIdForField('  Decision   Criteria ')).toBe('decision-criteria');
    expect(criterionIdForField('Beslutningsproces')).toBe('decision-process');
    expect(criterionIdForField('Paper_Process__c')).toBe('paper-process');
    expect(criterionIdForField('budgetamount')).toBe('budget');
    expect(criterionIdForField('Compelling event')).toBe('critical-event');
    expect(criterionIdForField('identify-pain')).toBe('identify-pain');
    expect(criterionIdForField('Amount')).toBeUndefined();
    expect(criterionIdForField('   ')).toBeUndefined();
  });

  it('never maps one hint to two different criteria', () => {
    const owner = new Map<string, string>();
    for (const framework of BUILT_IN_FRAMEWORKS) {
      for (const criterion of framework.criteria) {
        for (const hint of [criterion.id, ...criterion.fieldHints]) {
          const key = normaliseFieldLabel(hint);
          if (owner.has(key)) expect(owner.get(key), `"${hint}"`).toBe(criterion.id);
          owner.set(key, criterion.id);
        }
      }
    }
  });
});

describe('resolveFramework', () => {
  it('gives the chosen built-in framework, MEDDICC by default', () => {
    expect(resolveFramework(defaultSettings()).id).toBe('meddicc');
    expect(resolveFramework(defaultSettings()).requiredByStage).toEqual(byId('meddicc').requiredByStage);
    expect(resolveFramework(settingsWith({ framework: 'bant' })).id).toBe('bant');
    expect(resolveFramework(defaultSettings(), 'spiced')?.id).toBe('spiced');
    expect(resolveFramework(defaultSettings(), 'nope')).toBeUndefined();
  });

  it('falls back to the default for settings that name a framework that does not exist', () => {
    const broken = { qualification: { framework: 'gone', requiredByStage: {}, customFrameworks: [] } };
    expect(resolveFramework(broken).id).toBe('meddicc');
  });

  it("applies the settings' per-stage overrides, keeping requirements cumulative and in the framework's order", () => {
    const settings = settingsWith({ framework: 'bant', requiredByStage: { bant: { qualify: ['timeline', 'need', 'budget'] } } });
    const bant = resolveFramework(settings);
    expect(bant.requiredByStage.qualify).toEqual(['budget', 'need', 'timeline']);
    // Develop's own list has no budget, but what qualify requires carries forward.
    expect(bant.requiredByStage.develop).toEqual(['budget', 'authority', 'need', 'timeline']);
    expect(bant.requiredByStage.prospect).toEqual([]);
    // Overrides of another framework do not apply.
    expect(resolveFramework(settings, 'meddicc')!.requiredByStage).toEqual(byId('meddicc').requiredByStage);
    // The built-in stays as it was.
    expect(byId('bant').requiredByStage.qualify).toEqual(['need', 'timeline']);
  });

  it('an override can relax a stage: an empty qualify list requires nothing there, develop keeps its own', () => {
    const meddicc = resolveFramework(settingsWith({ requiredByStage: { meddicc: { qualify: [] } } }));
    expect(meddicc.requiredByStage.qualify).toEqual([]);
    expect(meddicc.requiredByStage.develop).toEqual(['economic-buyer', 'decision-process', 'identify-pain']);
    expect(meddicc.requiredByStage.develop).toEqual(byId('meddicc').requiredByStage.develop);
  });

  it('gives a custom framework, made cumulative, with its overrides', () => {
    const custom = {
      id: 'our-way',
      name: 'Our way',
      criteria: [byId('meddicc').criteria[1]!, byId('bant').criteria[0]!],
      requiredByStage: { prospect: [], qualify: ['budget'], develop: ['economic-buyer'], propose: [], commit: [] },
    };
    const settings = settingsWith({ framework: 'our-way', customFrameworks: [custom], requiredByStage: { 'our-way': { prospect: ['economic-buyer'] } } });
    const resolved = resolveFramework(settings);
    expect(resolved.id).toBe('our-way');
    expect(resolved.requiredByStage).toEqual({
      prospect: ['economic-buyer'],
      qualify: ['economic-buyer', 'budget'],
      develop: ['economic-buyer', 'budget'],
      propose: ['economic-buyer', 'budget'],
      commit: ['economic-buyer', 'budget'],
    });
  });
});
