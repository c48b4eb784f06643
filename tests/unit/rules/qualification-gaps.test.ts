import rule from '../../../src/rules/qualification-gaps';
import type { Answer, CriterionEvidence, QualificationRecord } from '../../../src/qualification/types';
import { defaultQualification, empty, makeDeal, ruleTester, stage, TEST_FRAMEWORK, unknown, unmappedStage } from './rule-tester';

/** What quick-qualify stored for the deal; answers by criterion id. */
const record = (answers: Record<string, Answer> = {}): QualificationRecord => ({
  dealKey: 'salesforce:acme.lightning.force.com:006Hs00001AbCdEIAX',
  frameworkId: 'test',
  answers: Object.fromEntries(Object.entries(answers).map(([id, answer]) => [id, { answer, note: '', answeredAt: '2026-03-01T10:00:00Z' }])),
  effort: null,
  managementMet: null,
  updatedAt: '2026-03-01T10:00:00Z',
});
const evidence = (id: string, source: CriterionEvidence['source'], answer: Answer): CriterionEvidence => ({
  criterionId: id,
  source,
  answer,
  text: source === 'none' ? '' : `${id} evidence`,
});
const evidenceMap = (...list: CriterionEvidence[]) => Object.fromEntries(list.map((item) => [item.criterionId, item]));
const allYes = evidenceMap(evidence('need', 'rep', 'yes'), evidence('timeline', 'rep', 'yes'), evidence('economic-buyer', 'crm', 'yes'));

/** A context as the builder makes it for a stage: what it requires, and which of those lack evidence. */
const context = (required: string[], missingRequired: string[], extra: Parameters<typeof defaultQualification>[0] = {}) =>
  defaultQualification({ required, missingRequired, ...extra });

const missing = (criteria: string[], stageId: string, severity?: 'critical') => ({
  messageId: 'missing',
  data: { criteria: criteria.join(', '), count: criteria.length, stage: stageId },
  field: 'stage' as const,
  ...(severity ? { severity } : {}),
});

/** Neither the rep's answers nor the CRM's qualification fields could be read. */
const crmUnread = unknown<Record<string, string>>('no qualification fields are mapped', 'not_supported');

ruleTester.run(rule, {
  valid: [
    { name: 'default deal: nothing required is missing', deal: makeDeal() },
    {
      name: 'commit with every criterion answered yes',
      deal: makeDeal({ stage: stage('commit') }),
      qualification: context(['need', 'timeline', 'economic-buyer'], [], { record: record({ need: 'yes', timeline: 'yes', 'economic-buyer': 'yes' }), evidence: allYes }),
    },
    { name: 'prospect requires nothing', deal: makeDeal({ stage: stage('prospect') }), qualification: context([], []) },
    {
      name: 'won deal never fires, whatever is missing',
      deal: makeDeal({ stage: stage('won', 'Closed Won') }),
      qualification: context([], ['need', 'timeline', 'economic-buyer']),
    },
    { name: 'lost deal never fires', deal: makeDeal({ stage: stage('lost', 'Closed Lost') }), qualification: context([], ['need']) },
    {
      name: 'unreadable stage, but even commit’s requirements are met: no stage would fire',
      deal: makeDeal({ stage: unknown('stage path not rendered') }),
      qualification: context([], [], { evidence: allYes }),
    },
    {
      name: 'unmapped stage, no framework requirements at all (no framework chosen)',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review') }),
      qualification: context([], [], {
        framework: { ...TEST_FRAMEWORK, requiredByStage: { prospect: [], qualify: [], develop: [], propose: [], commit: [] } },
      }),
    },
    {
      name: 'CRM qualification fields unread, but the rep answered everything the stage needs',
      deal: makeDeal({ stage: stage('develop'), qualification: crmUnread }),
      qualification: context(['need', 'timeline'], [], { record: record({ need: 'yes', timeline: 'yes' }), evidence: allYes }),
    },
  ],
  invalid: [
    {
      name: 'develop: the rep said no to timeline',
      deal: makeDeal({ stage: stage('develop') }),
      qualification: context(['need', 'timeline'], ['timeline'], {
        record: record({ need: 'yes', timeline: 'no' }),
        evidence: evidenceMap(evidence('need', 'rep', 'yes'), evidence('timeline', 'rep', 'no')),
      }),
      findings: [missing(['timeline'], 'develop')],
    },
    {
      name: 'propose: two criteria missing, listed in the order the context gives them',
      deal: makeDeal({ stage: stage('propose') }),
      qualification: context(['need', 'timeline', 'economic-buyer'], ['timeline', 'economic-buyer'], {
        record: record({ need: 'yes', timeline: 'unknown' }),
        evidence: evidenceMap(evidence('need', 'rep', 'yes'), evidence('timeline', 'rep', 'unknown'), evidence('economic-buyer', 'none', 'unknown')),
      }),
      findings: [missing(['timeline', 'economic-buyer'], 'propose')],
    },
    {
      name: 'commit with a gap is critical (default criticalFromStage commit)',
      deal: makeDeal({ stage: stage('commit') }),
      qualification: context(['need', 'timeline', 'economic-buyer'], ['economic-buyer'], {
        record: record({ need: 'yes', timeline: 'yes', 'economic-buyer': 'partly' }),
        evidence: evidenceMap(evidence('need', 'rep', 'yes'), evidence('timeline', 'rep', 'yes'), evidence('economic-buyer', 'rep', 'partly')),
      }),
      findings: [missing(['economic-buyer'], 'commit', 'critical')],
    },
    {
      name: 'no quick-qualify, but the CRM qualification fields were read and hold nothing for need',
      deal: makeDeal({ stage: stage('qualify') }),
      qualification: context(['need'], ['need'], { evidence: evidenceMap(evidence('need', 'none', 'unknown')) }),
      findings: [missing(['need'], 'qualify')],
    },
    {
      name: 'no quick-qualify, CRM qualification fields on the page and blank',
      deal: makeDeal({ stage: stage('develop'), qualification: empty() }),
      qualification: context(['need', 'timeline'], ['need', 'timeline']),
      findings: [missing(['need', 'timeline'], 'develop')],
    },
    {
      name: 'CRM fields unread, but the rep used quick-qualify: what the rep left unanswered is not qualified',
      deal: makeDeal({ stage: stage('develop'), qualification: crmUnread }),
      qualification: context(['need', 'timeline'], ['timeline'], {
        record: record({ need: 'yes' }),
        evidence: evidenceMap(evidence('need', 'rep', 'yes'), evidence('timeline', 'none', 'unknown')),
      }),
      findings: [missing(['timeline'], 'develop')],
    },
    {
      name: 'criticalFromStage propose: a propose gap is critical',
      deal: makeDeal({ stage: stage('propose') }),
      qualification: context(['need', 'timeline', 'economic-buyer'], ['economic-buyer'], { record: record({ 'economic-buyer': 'no' }) }),
      options: { criticalFromStage: 'propose' },
      findings: [missing(['economic-buyer'], 'propose', 'critical')],
    },
    {
      name: 'criticalFromStage propose: a develop gap stays a warning',
      deal: makeDeal({ stage: stage('develop') }),
      qualification: context(['need', 'timeline'], ['need'], { record: record({ need: 'no' }) }),
      options: { criticalFromStage: 'propose' },
      findings: [missing(['need'], 'develop')],
    },
  ],
  cannotCheck: [
    { name: 'unreadable stage: which criteria it requires is unknown', deal: makeDeal({ stage: unknown('stage path not rendered') }), fields: ['stage'] },
    {
      name: 'unreadable stage with a partly answered framework',
      deal: makeDeal({ stage: unknown('stage path not rendered') }),
      qualification: context([], [], { record: record({ need: 'yes' }), evidence: evidenceMap(evidence('need', 'rep', 'yes')) }),
      fields: ['stage'],
    },
    { name: 'unmapped stage label', deal: makeDeal({ stage: unmappedStage('Negotiation/Review') }), fields: ['stage'] },
    { name: 'blank stage', deal: makeDeal({ stage: empty() }), fields: ['stage'] },
    {
      name: 'unreadable stage, and neither quick-qualify nor CRM qualification fields',
      deal: makeDeal({ stage: unknown('stage path not rendered'), qualification: crmUnread }),
      fields: ['stage', 'qualification'],
    },
    {
      name: 'develop, no quick-qualify and CRM qualification fields unread: missing is unknown, not absent',
      deal: makeDeal({ stage: stage('develop'), qualification: crmUnread }),
      qualification: context(['need', 'timeline'], ['need', 'timeline'], {
        evidence: evidenceMap(evidence('need', 'none', 'unknown'), evidence('timeline', 'none', 'unknown')),
      }),
      fields: ['qualification'],
    },
  ],
});
