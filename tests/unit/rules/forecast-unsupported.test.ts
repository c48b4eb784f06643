import rule from '../../../src/rules/forecast-unsupported';
import type { Answer, CriterionEvidence, QualificationRecord } from '../../../src/qualification/types';
import { defaultQualification, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

const record = (answers: Record<string, Answer> = {}): QualificationRecord => ({
  dealKey: 'salesforce:acme.lightning.force.com:006Hs00001AbCdEIAX',
  frameworkId: 'test',
  answers: Object.fromEntries(Object.entries(answers).map(([id, answer]) => [id, { answer, note: '', answeredAt: '2026-03-01T10:00:00Z' }])),
  effort: null,
  managementMet: null,
  updatedAt: '2026-03-01T10:00:00Z',
});
const none = (id: string): CriterionEvidence => ({ criterionId: id, source: 'none', answer: 'unknown', text: '' });

/** propose requires need, timeline and economic buyer; the rep has not confirmed the economic buyer. */
const buyerMissing = defaultQualification({
  required: ['need', 'timeline', 'economic-buyer'],
  missingRequired: ['economic-buyer'],
  record: record({ need: 'yes', timeline: 'yes', 'economic-buyer': 'no' }),
});
/** Nothing answered in quick-qualify and the CRM's qualification fields unread: gaps are unknown, not known. */
const gapsUnread = defaultQualification({
  required: ['need', 'timeline', 'economic-buyer'],
  missingRequired: ['need', 'timeline', 'economic-buyer'],
  evidence: { need: none('need'), timeline: none('timeline'), 'economic-buyer': none('economic-buyer') },
});
const crmUnread = unknown<Record<string, string>>('no qualification fields are mapped', 'not_supported');
const noProbability = unknown<number>('not on the layout', 'not_on_page');
const noCategory = unknown<string>('not on the layout', 'not_on_page');

ruleTester.run(rule, {
  valid: [
    { name: 'default deal: best case in propose, nothing missing', deal: makeDeal() },
    {
      name: '69% and pipeline claim nothing, even with the economic buyer missing',
      deal: makeDeal({ probability: 69, forecastCategory: 'Pipeline' }),
      qualification: buyerMissing,
    },
    { name: 'qualify at 20%, pipeline: an early stage with a modest forecast', deal: makeDeal({ stage: stage('qualify'), probability: 20, forecastCategory: 'Pipeline' }) },
    { name: 'commit at 90%, commit, fully qualified', deal: makeDeal({ stage: stage('commit'), probability: 90, forecastCategory: 'Commit' }) },
    { name: 'won deal at 100% in an early-looking context never fires', deal: makeDeal({ stage: stage('won', 'Closed Won'), probability: 100, forecastCategory: 'Closed' }), qualification: buyerMissing },
    { name: 'lost deal', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), probability: 80 }), qualification: buyerMissing },
    {
      name: 'only the probability is readable and it is low: one readable claim is enough',
      deal: makeDeal({ probability: 40, forecastCategory: noCategory }),
      qualification: buyerMissing,
    },
    {
      name: 'unreadable stage, but nothing claims the deal will close',
      deal: makeDeal({ stage: unknown('stage path not rendered'), probability: 30, forecastCategory: 'Pipeline' }),
    },
    {
      name: 'probability and category unreadable, but the stage is late and nothing is missing',
      deal: makeDeal({ probability: noProbability, forecastCategory: noCategory }),
    },
    { name: 'blank probability and blank category are no claim', deal: makeDeal({ probability: empty(), forecastCategory: empty() }), qualification: buyerMissing },
    {
      name: 'minProbability 80: 75% is no longer a claim',
      deal: makeDeal({ probability: 75, forecastCategory: 'Pipeline' }),
      qualification: buyerMissing,
      options: { minProbability: 80 },
    },
    {
      name: 'forecastCategories without best case',
      deal: makeDeal({ probability: 50, forecastCategory: 'Best Case' }),
      qualification: buyerMissing,
      options: { forecastCategories: ['commit'] },
    },
    {
      name: 'earlyStages [prospect]: qualify at 80% with nothing missing is accepted',
      deal: makeDeal({ stage: stage('qualify'), probability: 80 }),
      options: { earlyStages: ['prospect'] },
    },
    {
      name: 'a category that only contains "commit" does not match',
      deal: makeDeal({ probability: 50, forecastCategory: 'Not commit' }),
      qualification: buyerMissing,
    },
  ],
  invalid: [
    {
      name: 'qualify at 80%',
      deal: makeDeal({ stage: stage('qualify', 'Qualification'), probability: 80, forecastCategory: 'Pipeline' }),
      findings: [{ messageId: 'probabilityEarly', data: { probability: 80, stage: 'qualify', stageLabel: 'Qualification' }, field: 'probability' }],
    },
    {
      name: 'exactly at the threshold of 70% counts',
      deal: makeDeal({ stage: stage('prospect', 'Prospecting'), probability: 70, forecastCategory: empty() }),
      findings: [{ messageId: 'probabilityEarly', data: { probability: 70, stage: 'prospect', stageLabel: 'Prospecting' }, field: 'probability' }],
    },
    {
      name: 'prospect forecast as commit (category named over probability)',
      deal: makeDeal({ stage: stage('prospect', 'Prospecting'), probability: 90, forecastCategory: 'Commit' }),
      findings: [{ messageId: 'categoryEarly', data: { category: 'Commit', stage: 'prospect', stageLabel: 'Prospecting' }, field: 'forecastCategory' }],
    },
    {
      name: 'Danish category, any case and spacing: "  BEDSTE  tilfælde "',
      deal: makeDeal({ stage: stage('qualify', 'Kvalificering'), probability: 10, forecastCategory: '  BEDSTE  tilfælde ' }),
      findings: [{ messageId: 'categoryEarly', data: { category: 'BEDSTE  tilfælde', stage: 'qualify', stageLabel: 'Kvalificering' }, field: 'forecastCategory' }],
    },
    {
      name: 'Danish "Forpligtet" in propose with the economic buyer missing',
      deal: makeDeal({ stage: stage('propose', 'Tilbud'), probability: 50, forecastCategory: 'Forpligtet' }),
      qualification: buyerMissing,
      findings: [
        {
          messageId: 'categoryUnqualified',
          data: { category: 'Forpligtet', stage: 'propose', stageLabel: 'Tilbud', criteria: 'economic-buyer', count: 1 },
          field: 'forecastCategory',
        },
      ],
    },
    {
      name: 'propose at 75%, pipeline, economic buyer missing',
      deal: makeDeal({ probability: 75, forecastCategory: 'Pipeline' }),
      qualification: buyerMissing,
      findings: [
        {
          messageId: 'probabilityUnqualified',
          data: { probability: 75, stage: 'propose', stageLabel: 'Proposal/Price Quote', criteria: 'economic-buyer', count: 1 },
          field: 'probability',
        },
      ],
    },
    {
      name: 'probability unreadable, but the category claims best case while criteria are missing',
      deal: makeDeal({ probability: noProbability }),
      qualification: buyerMissing,
      findings: [
        {
          messageId: 'categoryUnqualified',
          data: { category: 'Best Case', stage: 'propose', stageLabel: 'Proposal/Price Quote', criteria: 'economic-buyer', count: 1 },
          field: 'forecastCategory',
        },
      ],
    },
    {
      name: 'CRM qualification unread, but the rep answered: the rep’s gaps are known',
      deal: makeDeal({ stage: stage('commit', 'Negotiation'), probability: 90, forecastCategory: 'Commit', qualification: crmUnread }),
      qualification: defaultQualification({
        required: ['need', 'timeline', 'economic-buyer'],
        missingRequired: ['timeline', 'economic-buyer'],
        record: record({ need: 'yes', timeline: 'partly' }),
      }),
      findings: [
        {
          messageId: 'categoryUnqualified',
          data: { category: 'Commit', stage: 'commit', stageLabel: 'Negotiation', criteria: 'timeline, economic-buyer', count: 2 },
          field: 'forecastCategory',
        },
      ],
    },
    {
      name: 'early stage wins over missing criteria',
      deal: makeDeal({ stage: stage('qualify', 'Qualification'), probability: 80, forecastCategory: 'Pipeline' }),
      qualification: defaultQualification({ required: ['need'], missingRequired: ['need'], record: record({ need: 'no' }) }),
      findings: [{ messageId: 'probabilityEarly', data: { probability: 80, stage: 'qualify', stageLabel: 'Qualification' }, field: 'probability' }],
    },
    {
      name: 'earlyStages [prospect, qualify, develop]: develop at 70% is early',
      deal: makeDeal({ stage: stage('develop', 'Needs Analysis'), probability: 70, forecastCategory: 'Pipeline' }),
      options: { earlyStages: ['prospect', 'qualify', 'develop'] },
      findings: [{ messageId: 'probabilityEarly', data: { probability: 70, stage: 'develop', stageLabel: 'Needs Analysis' }, field: 'probability' }],
    },
    {
      name: 'forecastCategories extended with a custom "Upside"',
      deal: makeDeal({ stage: stage('qualify', 'Qualification'), probability: 20, forecastCategory: 'upside' }),
      options: { forecastCategories: ['commit', 'Upside'] },
      findings: [{ messageId: 'categoryEarly', data: { category: 'upside', stage: 'qualify', stageLabel: 'Qualification' }, field: 'forecastCategory' }],
    },
  ],
  cannotCheck: [
    {
      name: 'probability and category both unreadable in an early stage',
      deal: makeDeal({ stage: stage('qualify'), probability: noProbability, forecastCategory: noCategory }),
      fields: ['probability', 'forecastCategory'],
    },
    {
      name: 'probability and category both unreadable with a criterion missing',
      deal: makeDeal({ probability: noProbability, forecastCategory: noCategory }),
      qualification: buyerMissing,
      fields: ['probability', 'forecastCategory'],
    },
    {
      name: 'probability and category unreadable, and the qualification sources too',
      deal: makeDeal({ probability: noProbability, forecastCategory: noCategory, qualification: crmUnread }),
      qualification: gapsUnread,
      fields: ['probability', 'forecastCategory', 'qualification'],
    },
    { name: 'high claim, unreadable stage: it might be early', deal: makeDeal({ stage: unknown('stage path not rendered'), probability: 80 }), fields: ['stage'] },
    {
      name: 'everything unreadable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), probability: noProbability, forecastCategory: noCategory }),
      fields: ['stage', 'probability', 'forecastCategory'],
    },
    { name: 'high claim, unmapped stage label', deal: makeDeal({ stage: unmappedStage('Negotiation/Review') }), fields: ['stage'] },
    { name: 'high claim, blank stage', deal: makeDeal({ stage: empty() }), fields: ['stage'] },
    {
      name: 'best case in propose, nothing from the rep and CRM qualification fields unread',
      deal: makeDeal({ qualification: crmUnread }),
      qualification: gapsUnread,
      fields: ['qualification'],
    },
  ],
});
