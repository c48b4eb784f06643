import { describe, expect, it } from 'vitest';
import type { CanonicalStage } from '../../../src/model/deal';
import { scoreSchema } from '../../../src/model/verdict';
import { buildQualificationContext, crmAnswer, meetsRequirement } from '../../../src/qualification/context';
import { BUILT_IN_FRAMEWORKS, builtInFrameworksById } from '../../../src/qualification/frameworks';
import { criterionWeights, qualificationScore } from '../../../src/qualification/score';
import { qualificationRecordSchema, type Answer, type QualificationRecord } from '../../../src/qualification/types';
import { OPEN_STAGES } from '../../../src/rules/stage';
import { empty, known, makeSnapshot, unknown } from '../../helpers/deals';

const MEDDICC = builtInFrameworksById.get('meddicc')!;
const BANT = builtInFrameworksById.get('bant')!;
const SPICED = builtInFrameworksById.get('spiced')!;

function deal(stage: CanonicalStage | null, qualification: Record<string, string> | null = {}, label?: string) {
  const text = label ?? stage ?? 'Negotiation/Review';
  return makeSnapshot({
    fields: {
      stage: known({ label: text, canonical: stage }, text),
      qualification: qualification === null ? unknown('no qualification fields mapped') : known(qualification, Object.values(qualification).join('; ')),
    },
  });
}

function record(answers: Record<string, Answer | [Answer, string]>, frameworkId = 'meddicc'): QualificationRecord {
  return qualificationRecordSchema.parse({
    dealKey: 'salesforce:acme.lightning.force.com:0065g00000AbCdE',
    frameworkId,
    answers: Object.fromEntries(
      Object.entries(answers).map(([id, given]) => {
        const [answer, note] = Array.isArray(given) ? given : [given, ''];
        return [id, { answer, note, answeredAt: '2026-05-30T10:00:00Z' }];
      }),
    ),
    updatedAt: '2026-05-30T10:00:00Z',
  });
}

const sum = (points: number[]) => points.reduce((total, value) => total + value, 0);

describe('evidence', () => {
  it("the rep's answer wins over the CRM field, note as text", () => {
    const context = buildQualificationContext({
      framework: MEDDICC,
      record: record({ 'economic-buyer': ['no', 'CFO named in the CRM left in May'] }),
      deal: deal('develop', { 'economic-buyer': 'Jane Doe, CFO' }),
    });
    expect(context.evidence['economic-buyer']).toEqual({ criterionId: 'economic-buyer', source: 'rep', answer: 'no', text: 'CFO named in the CRM left in May' });
  });

  it("a rep's 'unknown' still wins: the rep said so", () => {
    const context = buildQualificationContext({ framework: MEDDICC, record: record({ champion: 'unknown' }), deal: deal('develop', { champion: 'Sam' }) });
    expect(context.evidence.champion).toMatchObject({ source: 'rep', answer: 'unknown' });
  });

  it("a CRM field with text is 'yes' from 'crm'; blank or placeholder text is no evidence; an explicit no is 'no'", () => {
    const context = buildQualificationContext({
      framework: MEDDICC,
      record: null,
      deal: deal('develop', {
        'identify-pain': '  Month-end close takes 9 days ',
        champion: '   ',
        competition: 'TBD',
        metrics: 'n/a',
        'decision-criteria': '-',
        'decision-process': 'No',
      }),
    });
    expect(context.evidence['identify-pain']).toEqual({ criterionId: 'identify-pain', source: 'crm', answer: 'yes', text: 'Month-end close takes 9 days' });
    for (const id of ['champion', 'competition', 'metrics', 'decision-criteria']) {
      expect(context.evidence[id], id).toEqual({ criterionId: id, source: 'none', answer: 'unknown', text: '' });
    }
    expect(context.evidence['decision-process']).toMatchObject({ source: 'crm', answer: 'no', text: 'No' });
  });

  it('crmAnswer reads checkboxes, picklists and free text', () => {
    expect(crmAnswer('Jane Doe (CFO)')).toBe('yes');
    expect(crmAnswer('true')).toBe('yes');
    expect(crmAnswer('Ja')).toBe('yes');
    for (const no of ['No', 'nej', 'FALSE', 'Not checked']) expect(crmAnswer(no), no).toBe('no');
    for (const nothing of ['', '  ', '-', '—', '?', '...', 'TBD', 'N/A', 'unknown', 'Ukendt', 'none', 'Ingen']) expect(crmAnswer(nothing), nothing).toBeNull();
  });

  it('CRM keys match criterion ids ignoring case and spaces', () => {
    const context = buildQualificationContext({ framework: BANT, record: null, deal: deal('qualify', { ' Budget ': '€200k approved' }) });
    expect(context.evidence.budget).toMatchObject({ source: 'crm', answer: 'yes', text: '€200k approved' });
  });

  it('without answers or CRM fields every criterion is none/unknown', () => {
    for (const qualification of [null, {}]) {
      const context = buildQualificationContext({ framework: MEDDICC, record: null, deal: deal('qualify', qualification) });
      expect(Object.keys(context.evidence)).toEqual(MEDDICC.criteria.map((criterion) => criterion.id));
      for (const evidence of Object.values(context.evidence)) expect(evidence).toMatchObject({ source: 'none', answer: 'unknown', text: '' });
    }
    const blank = buildQualificationContext({ framework: MEDDICC, record: null, deal: makeSnapshot({ fields: { qualification: empty('') } }) });
    expect(blank.evidence.metrics?.source).toBe('none');
  });

  it('evidence for an equivalent criterion counts, with `via`: BANT authority from an economic-buyer answer', () => {
    const context = buildQualificationContext({
      framework: BANT,
      record: record({ 'economic-buyer': ['yes', 'Met the CFO on 12 May'], 'identify-pain': 'partly' }),
      deal: deal('develop', { 'critical-event': 'Old system is switched off 1 October' }),
    });
    expect(context.evidence.authority).toEqual({ criterionId: 'authority', source: 'rep', answer: 'yes', text: 'Met the CFO on 12 May', via: 'economic-buyer' });
    expect(context.evidence.need).toMatchObject({ source: 'rep', answer: 'partly', via: 'identify-pain' });
    expect(context.evidence.timeline).toMatchObject({ source: 'crm', answer: 'yes', via: 'critical-event' });
    expect(context.evidence.budget).toMatchObject({ source: 'none' });
    expect(context.evidence.budget?.via).toBeUndefined();
  });

  it("a criterion's own evidence beats an equivalent's; equivalents: rep answers before CRM fields, 'unknown' skipped", () => {
    const own = buildQualificationContext({ framework: BANT, record: record({ 'economic-buyer': 'yes' }), deal: deal('develop', { authority: 'No' }) });
    expect(own.evidence.authority).toMatchObject({ source: 'crm', answer: 'no' });
    expect(own.evidence.authority?.via).toBeUndefined();

    const order = buildQualificationContext({ framework: BANT, record: record({ pain: 'unknown', need: 'unknown', 'identify-pain': 'unknown' }), deal: deal('qualify', { pain: 'Churn' }) });
    // 'need' has its own rep answer ('unknown'): that wins.
    expect(order.evidence.need).toMatchObject({ source: 'rep', answer: 'unknown' });

    const fallthrough = buildQualificationContext({ framework: SPICED, record: record({ 'identify-pain': 'unknown' }), deal: deal('qualify', { need: 'Faster reporting' }) });
    expect(fallthrough.evidence.pain).toMatchObject({ source: 'crm', answer: 'yes', via: 'need' });
  });

  it('a timeline does not make a critical event, and one of decision criteria / process does not make SPICED decision', () => {
    const context = buildQualificationContext({ framework: SPICED, record: record({ timeline: 'yes', 'decision-process': 'yes' }), deal: deal('develop') });
    expect(context.evidence['critical-event']?.source).toBe('none');
    expect(context.evidence.decision?.source).toBe('none');
    const reverse = buildQualificationContext({ framework: MEDDICC, record: record({ decision: 'yes' }), deal: deal('develop') });
    expect(reverse.evidence['decision-process']).toMatchObject({ answer: 'yes', via: 'decision' });
    expect(reverse.evidence['decision-criteria']).toMatchObject({ answer: 'yes', via: 'decision' });
  });

  it('uses answers given under another framework: ids are shared exactly when they mean the same', () => {
    const context = buildQualificationContext({ framework: builtInFrameworksById.get('meddpicc')!, record: record({ champion: 'yes', 'paper-process': 'partly' }, 'meddicc'), deal: deal('commit') });
    expect(context.evidence.champion?.answer).toBe('yes');
    expect(context.evidence['paper-process']?.answer).toBe('partly');
  });

  it('a deal qualified by name (page unreadable): answers count, nothing is required', () => {
    const context = buildQualificationContext({ framework: MEDDICC, record: record({ metrics: 'yes' }), deal: null });
    expect(context.evidence.metrics?.answer).toBe('yes');
    expect(context.required).toEqual([]);
    expect(context.missingRequired).toEqual([]);
  });

  it('does not change its inputs', () => {
    const input = { framework: MEDDICC, record: record({ metrics: 'yes' }), deal: deal('develop', { champion: 'Sam' }) };
    const before = structuredClone(input);
    buildQualificationContext(input);
    expect(input).toEqual(before);
  });
});

describe('required and missing per stage', () => {
  it('prospect requires nothing; qualify requires the stage list; later stages add to it', () => {
    const at = (stage: CanonicalStage) => buildQualificationContext({ framework: MEDDICC, record: null, deal: deal(stage) });
    expect(at('prospect').required).toEqual([]);
    expect(at('qualify').required).toEqual(['identify-pain']);
    expect(at('develop').required).toEqual(MEDDICC.requiredByStage.develop);
    expect(at('commit').required).toEqual(MEDDICC.criteria.map((criterion) => criterion.id));
    for (const stage of OPEN_STAGES) expect(at(stage).missingRequired).toEqual(at(stage).required);
  });

  it('nothing is required when the stage is won, lost, unmapped, blank or unread', () => {
    const cases = [
      deal('won'),
      deal('lost'),
      deal(null, {}, 'Negotiation/Review'),
      makeSnapshot({ fields: { stage: empty('') } }),
      makeSnapshot({ fields: { stage: unknown('stage not on the page') } }),
    ];
    for (const snapshot of cases) {
      const context = buildQualificationContext({ framework: MEDDICC, record: null, deal: snapshot });
      expect(context.required).toEqual([]);
      expect(context.missingRequired).toEqual([]);
    }
  });

  it("missing: required criteria not answered yes — 'no', 'unknown' and no evidence are missing", () => {
    const context = buildQualificationContext({
      framework: MEDDICC,
      record: record({ 'identify-pain': 'yes', 'economic-buyer': 'no', 'decision-process': 'unknown' }),
      deal: deal('develop'),
    });
    expect(context.required).toEqual(['economic-buyer', 'decision-process', 'identify-pain']);
    expect(context.missingRequired).toEqual(['economic-buyer', 'decision-process']);
  });

  it("'partly' meets a requirement in prospect and qualify only", () => {
    const answers = record({ need: 'partly', timeline: 'partly', authority: 'partly', budget: 'partly' }, 'bant');
    const qualify = buildQualificationContext({ framework: BANT, record: answers, deal: deal('qualify') });
    expect(qualify.missingRequired).toEqual([]);
    const develop = buildQualificationContext({ framework: BANT, record: answers, deal: deal('develop') });
    expect(develop.missingRequired).toEqual(['authority', 'need', 'timeline']);
    const prospect = buildQualificationContext({ framework: BANT, record: answers, deal: deal('prospect'), requiredOverride: { prospect: ['need'] } });
    expect(prospect.required).toEqual(['need']);
    expect(prospect.missingRequired).toEqual([]);
    for (const stage of OPEN_STAGES) expect(meetsRequirement('partly', stage), stage).toBe(stage === 'prospect' || stage === 'qualify');
    for (const stage of OPEN_STAGES) expect(meetsRequirement('yes', stage)).toBe(true);
    for (const answer of ['no', 'unknown'] as const) for (const stage of OPEN_STAGES) expect(meetsRequirement(answer, stage)).toBe(false);
  });

  it('CRM evidence and equivalents meet requirements too', () => {
    const context = buildQualificationContext({
      framework: BANT,
      record: record({ 'economic-buyer': 'yes' }),
      deal: deal('develop', { need: 'Faster month-end', timeline: 'Live by Q3' }),
    });
    expect(context.missingRequired).toEqual([]);
  });

  it('requiredOverride replaces a stage and keeps requirements cumulative; the returned framework carries it', () => {
    const context = buildQualificationContext({ framework: MEDDICC, record: null, deal: deal('develop'), requiredOverride: { qualify: ['competition'], develop: ['champion'] } });
    expect(context.required).toEqual(['champion', 'competition']);
    expect(context.framework.requiredByStage.qualify).toEqual(['competition']);
    expect(context.framework.requiredByStage.develop).toEqual(['champion', 'competition']);
    // The rest of the framework is untouched, and so is the built-in.
    expect(context.framework.criteria).toBe(MEDDICC.criteria);
    expect(MEDDICC.requiredByStage.qualify).toEqual(['identify-pain']);
  });
});

describe('qualification score', () => {
  it('weights criteria equally in whole points that sum to 100', () => {
    for (const framework of BUILT_IN_FRAMEWORKS) {
      const weights = Object.values(criterionWeights(framework));
      expect(sum(weights), framework.id).toBe(100);
      expect(Math.max(...weights) - Math.min(...weights), framework.id).toBeLessThanOrEqual(1);
    }
    expect(criterionWeights(BANT)).toEqual({ budget: 25, authority: 25, need: 25, timeline: 25 });
    expect(Object.values(criterionWeights(MEDDICC))).toEqual([15, 15, 14, 14, 14, 14, 14]);
  });

  it('one named part per criterion in framework order; yes full, partly half, no and unknown nothing; parts sum to the value', () => {
    const context = buildQualificationContext({
      framework: BANT,
      record: record({ budget: 'yes', authority: 'partly', need: 'no' }, 'bant'),
      deal: deal('develop'),
    });
    const { score } = context;
    expect(scoreSchema.parse(score)).toEqual(score);
    expect(score.parts).toEqual([
      { id: 'budget', points: 25, messageId: 'qualification_part', data: { criterion: 'budget', answer: 'yes', source: 'rep', max: 25, via: '' } },
      { id: 'authority', points: 12.5, messageId: 'qualification_part', data: { criterion: 'authority', answer: 'partly', source: 'rep', max: 25, via: '' } },
      { id: 'need', points: 0, messageId: 'qualification_part', data: { criterion: 'need', answer: 'no', source: 'rep', max: 25, via: '' } },
      { id: 'timeline', points: 0, messageId: 'qualification_part', data: { criterion: 'timeline', answer: 'unknown', source: 'none', max: 25, via: '' } },
    ]);
    expect(score.value).toBe(37.5);
    expect(sum(score.parts.map((part) => part.points))).toBe(score.value);
  });

  it('a part counted through an equivalent criterion says so', () => {
    const { score } = buildQualificationContext({ framework: BANT, record: record({ 'economic-buyer': 'yes' }), deal: deal('develop') });
    expect(score.parts.find((part) => part.id === 'authority')).toEqual({
      id: 'authority',
      points: 25,
      messageId: 'qualification_part_via',
      data: { criterion: 'authority', answer: 'yes', source: 'rep', max: 25, via: 'economic-buyer' },
    });
  });

  it('is 0 with no evidence and 100 with every criterion yes, in every framework', () => {
    for (const framework of BUILT_IN_FRAMEWORKS) {
      const none = buildQualificationContext({ framework, record: null, deal: deal('commit') }).score;
      expect(none.value, framework.id).toBe(0);
      expect(none.parts).toHaveLength(framework.criteria.length);
      const all = record(Object.fromEntries(framework.criteria.map((criterion) => [criterion.id, 'yes' as const])), framework.id);
      const full = buildQualificationContext({ framework, record: all, deal: deal('commit') });
      expect(full.score.value, framework.id).toBe(100);
      expect(full.missingRequired).toEqual([]);
    }
  });

  it('the parts sum exactly to the value for any mix of answers', () => {
    const answers: Answer[] = ['yes', 'partly', 'no', 'unknown'];
    for (const framework of BUILT_IN_FRAMEWORKS) {
      for (let seed = 0; seed < 50; seed += 1) {
        const given = Object.fromEntries(framework.criteria.map((criterion, index) => [criterion.id, answers[(seed * 7 + index * (seed + 3)) % 4]!]));
        const { score } = buildQualificationContext({ framework, record: record(given, framework.id), deal: deal('propose') });
        expect(sum(score.parts.map((part) => part.points))).toBe(score.value);
        expect(score.value).toBeGreaterThanOrEqual(0);
        expect(score.value).toBeLessThanOrEqual(100);
        expect(Number.isInteger(score.value * 2)).toBe(true);
      }
    }
  });

  it('scores every criterion whatever the stage: the stage decides what is required, not what it is worth', () => {
    const answers = record({ competition: 'yes' });
    const early = buildQualificationContext({ framework: MEDDICC, record: answers, deal: deal('qualify') }).score;
    const closed = buildQualificationContext({ framework: MEDDICC, record: answers, deal: deal('won') }).score;
    expect(early).toEqual(closed);
    expect(early.value).toBe(14);
  });

  it('qualificationScore takes missing evidence as unknown', () => {
    expect(qualificationScore(BANT, {}).value).toBe(0);
    expect(qualificationScore(BANT, {}).parts.map((part) => part.data.source)).toEqual(['none', 'none', 'none', 'none']);
  });
});
