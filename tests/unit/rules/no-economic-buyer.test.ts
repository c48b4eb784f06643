import rule from '../../../src/rules/no-economic-buyer';
import type { Answer, CriterionEvidence, Framework, QualificationRecord } from '../../../src/qualification/types';
import { defaultQualification, empty, makeDeal, ruleTester, stage, TEST_FRAMEWORK, unknown, unmappedStage } from './rule-tester';

const record = (answers: Record<string, Answer> = {}): QualificationRecord => ({
  dealKey: 'salesforce:acme.lightning.force.com:006Hs00001AbCdEIAX',
  frameworkId: 'test',
  answers: Object.fromEntries(Object.entries(answers).map(([id, answer]) => [id, { answer, note: '', answeredAt: '2026-03-01T10:00:00Z' }])),
  effort: null,
  managementMet: null,
  updatedAt: '2026-03-01T10:00:00Z',
});
const evidence = (id: string, source: CriterionEvidence['source'], answer: Answer) => ({
  [id]: { criterionId: id, source, answer, text: source === 'none' ? '' : `${id} evidence` } satisfies CriterionEvidence,
});
/** The rep answered the economic-buyer question in quick-qualify. */
const repSays = (answer: Answer) => defaultQualification({ record: record({ 'economic-buyer': answer }), evidence: evidence('economic-buyer', 'rep', answer) });

/** A framework that renames the criterion as BANT does ('authority'), and one with no such criterion at all. */
const withCriteria = (ids: string[]): Framework => ({
  ...TEST_FRAMEWORK,
  criteria: ids.map((id) => ({ ...TEST_FRAMEWORK.criteria[0]!, id })),
  requiredByStage: { prospect: [], qualify: [], develop: [], propose: [], commit: [] },
});
const bant = withCriteria(['need', 'timeline', 'authority', 'budget']);
const noBuyerCriterion = withCriteria(['situation', 'pain']);

const roles = (...list: string[]) => ({ count: list.length, roles: list });
const noBuyerRoles = roles('Champion', 'Technical Buyer');
const crmUnread = unknown<Record<string, string>>('no qualification fields are mapped', 'not_supported');
const contactsUnread = unknown<{ count: number; roles: string[] }>('related list not read', 'not_supported');

const missing = (stageId: string, severity?: 'critical') => ({
  messageId: 'missing',
  data: { stage: stageId },
  field: 'contacts' as const,
  ...(severity ? { severity } : {}),
});

ruleTester.run(rule, {
  valid: [
    { name: 'default deal: a contact has the Economic Buyer role', deal: makeDeal() },
    ...['Decision Maker', 'Economic Decision Maker', 'economic-buyer', 'Økonomisk beslutningstager', 'BESLUTNINGSTAGER', 'Decision-maker (CFO)'].map((role) => ({
      name: `contact role "${role}" names the economic buyer`,
      deal: makeDeal({ stage: stage('commit'), contacts: roles('Champion', role) }),
    })),
    { name: 'prospect without an economic buyer: too early to ask', deal: makeDeal({ stage: stage('prospect'), contacts: noBuyerRoles }) },
    { name: 'qualify without an economic buyer: too early to ask', deal: makeDeal({ stage: stage('qualify'), contacts: noBuyerRoles }), qualification: repSays('no') },
    { name: 'won deal never fires', deal: makeDeal({ stage: stage('won', 'Closed Won'), contacts: noBuyerRoles }) },
    { name: 'lost deal never fires', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), contacts: contactsUnread }) },
    { name: 'the rep answered yes in quick-qualify', deal: makeDeal({ contacts: noBuyerRoles }), qualification: repSays('yes') },
    {
      name: 'a CRM field named after the criterion has text',
      deal: makeDeal({ contacts: noBuyerRoles }),
      qualification: defaultQualification({ evidence: evidence('economic-buyer', 'crm', 'partly') }),
    },
    {
      name: 'BANT: authority answered yes',
      deal: makeDeal({ contacts: contactsUnread, qualification: crmUnread }),
      qualification: defaultQualification({ framework: bant, record: record({ authority: 'yes' }), evidence: evidence('authority', 'rep', 'yes') }),
    },
    {
      name: 'contacts unreadable, but the rep confirmed the economic buyer',
      deal: makeDeal({ stage: stage('commit'), contacts: contactsUnread }),
      qualification: repSays('yes'),
    },
    {
      name: 'unreadable stage, but the economic buyer is a contact: no stage would fire',
      deal: makeDeal({ stage: unknown('stage path not rendered') }),
    },
    { name: 'fromStage propose: develop is still too early', deal: makeDeal({ stage: stage('develop'), contacts: noBuyerRoles }), options: { fromStage: 'propose' } },
    {
      name: 'contactRoles extended with CFO',
      deal: makeDeal({ contacts: roles('Champion', 'CFO') }),
      options: { contactRoles: ['economic buyer', 'cfo'] },
    },
    {
      name: 'criteria option: a custom criterion id counts',
      deal: makeDeal({ contacts: noBuyerRoles }),
      qualification: defaultQualification({
        framework: withCriteria(['signer']),
        record: record({ signer: 'yes' }),
        evidence: evidence('signer', 'rep', 'yes'),
      }),
      options: { criteria: ['economic-buyer', 'signer'] },
    },
  ],
  invalid: [
    { name: 'develop, contacts without an economic buyer role, nothing from the rep', deal: makeDeal({ stage: stage('develop'), contacts: noBuyerRoles }), findings: [missing('develop')] },
    { name: 'propose, the rep answered partly', deal: makeDeal({ contacts: noBuyerRoles }), qualification: repSays('partly'), findings: [missing('propose')] },
    { name: 'commit without an economic buyer is critical', deal: makeDeal({ stage: stage('commit'), contacts: noBuyerRoles }), findings: [missing('commit', 'critical')] },
    {
      name: 'contacts unreadable, the rep said no: one readable source is enough',
      deal: makeDeal({ contacts: contactsUnread, qualification: crmUnread }),
      qualification: repSays('no'),
      findings: [missing('propose')],
    },
    {
      name: 'contacts on the page and blank, CRM qualification unread',
      deal: makeDeal({ contacts: empty(), qualification: crmUnread }),
      findings: [missing('propose')],
    },
    {
      name: 'the rep said unknown',
      deal: makeDeal({ contacts: roles() }),
      qualification: repSays('unknown'),
      findings: [missing('propose')],
    },
    {
      name: 'CRM evidence that reads as no does not count',
      deal: makeDeal({ contacts: noBuyerRoles }),
      qualification: defaultQualification({ evidence: evidence('economic-buyer', 'crm', 'no') }),
      findings: [missing('propose')],
    },
    {
      name: 'BANT: authority not confirmed',
      deal: makeDeal({ stage: stage('develop'), contacts: noBuyerRoles }),
      qualification: defaultQualification({ framework: bant, record: record({ authority: 'no' }), evidence: evidence('authority', 'rep', 'no') }),
      findings: [missing('develop')],
    },
    {
      name: 'a framework without an economic-buyer criterion: the contacts decide',
      deal: makeDeal({ contacts: noBuyerRoles, qualification: crmUnread }),
      qualification: defaultQualification({ framework: noBuyerCriterion }),
      findings: [missing('propose')],
    },
    {
      name: 'fromStage qualify',
      deal: makeDeal({ stage: stage('qualify'), contacts: noBuyerRoles }),
      options: { fromStage: 'qualify' },
      findings: [missing('qualify')],
    },
    {
      name: 'criticalFromStage propose',
      deal: makeDeal({ contacts: noBuyerRoles }),
      options: { criticalFromStage: 'propose' },
      findings: [missing('propose', 'critical')],
    },
    {
      name: 'contactRoles without decision maker: "Decision Maker" no longer counts',
      deal: makeDeal({ contacts: roles('Decision Maker') }),
      options: { contactRoles: ['economic buyer'] },
      findings: [missing('propose')],
    },
  ],
  cannotCheck: [
    {
      name: 'contacts unreadable, no quick-qualify, CRM qualification unread: nothing could be read',
      deal: makeDeal({ contacts: contactsUnread, qualification: crmUnread }),
      fields: ['contacts', 'qualification'],
    },
    {
      name: 'a framework without the criterion and contacts unreadable',
      deal: makeDeal({ contacts: contactsUnread }),
      qualification: defaultQualification({ framework: noBuyerCriterion }),
      fields: ['contacts'],
    },
    { name: 'unreadable stage, no economic buyer among the contacts', deal: makeDeal({ stage: unknown('stage path not rendered'), contacts: noBuyerRoles }), fields: ['stage'] },
    { name: 'unmapped stage, no economic buyer', deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), contacts: noBuyerRoles }), fields: ['stage'] },
    { name: 'blank stage, no economic buyer', deal: makeDeal({ stage: empty(), contacts: noBuyerRoles }), fields: ['stage'] },
    {
      name: 'nothing readable at all',
      deal: makeDeal({ stage: unknown('stage path not rendered'), contacts: contactsUnread, qualification: crmUnread }),
      fields: ['stage', 'contacts', 'qualification'],
    },
  ],
});
