import rule from '../../../src/rules/next-step-missing';
import { OPEN_STAGES } from '../../../src/rules/stage';
import { empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

const missing = { messageId: 'missing', data: {}, field: 'nextStep' as const };

ruleTester.run(rule, {
  valid: [
    { name: 'default deal with a dated next step', deal: makeDeal() },
    { name: 'a next step without a date is still a next step', deal: makeDeal({ nextStep: { text: 'Send the security questionnaire', date: null } }) },
    { name: 'won deal without a next step', deal: makeDeal({ stage: stage('won', 'Closed Won'), nextStep: empty() }) },
    { name: 'lost deal without a next step', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), nextStep: empty() }) },
    {
      name: 'won deal with an unreadable next step: a closed deal never fires',
      deal: makeDeal({ stage: stage('won', 'Closed Won'), nextStep: unknown('field not on the layout') }),
    },
    {
      name: 'unreadable stage, but a next step is written: fine in any stage',
      deal: makeDeal({ stage: unknown('stage path not rendered') }),
    },
    {
      name: 'ignoreStages prospect: no next step in prospect is tolerated',
      deal: makeDeal({ stage: stage('prospect'), nextStep: empty() }),
      options: { ignoreStages: ['prospect'] },
    },
    {
      name: 'ignoreStages prospect: an unreadable next step in prospect does not matter',
      deal: makeDeal({ stage: stage('prospect'), nextStep: unknown('field not on the layout') }),
      options: { ignoreStages: ['prospect'] },
    },
    {
      name: 'ignoreStages with several stages',
      deal: makeDeal({ stage: stage('qualify'), nextStep: { text: '  ', date: null } }),
      options: { ignoreStages: ['prospect', 'qualify'] },
    },
  ],
  invalid: [
    ...OPEN_STAGES.map((open) => ({
      name: `open stage ${open}, next step blank`,
      deal: makeDeal({ stage: stage(open), nextStep: empty() }),
      findings: [missing],
    })),
    { name: 'whitespace-only next step counts as missing', deal: makeDeal({ nextStep: { text: ' \n\t ', date: null } }), findings: [missing] },
    {
      name: 'a date without words is not a next step',
      deal: makeDeal({ nextStep: { text: '', date: '2026-03-17' } }),
      findings: [missing],
    },
    {
      name: 'unmapped stage label counts as open',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), nextStep: empty() }),
      findings: [missing],
    },
    { name: 'blank stage counts as open', deal: makeDeal({ stage: empty(), nextStep: empty() }), findings: [missing] },
    {
      name: 'ignoreStages prospect does not cover qualify',
      deal: makeDeal({ stage: stage('qualify'), nextStep: empty() }),
      options: { ignoreStages: ['prospect'] },
      findings: [missing],
    },
    {
      name: 'ignoreStages cannot match an unmapped stage label',
      deal: makeDeal({ stage: unmappedStage('Prospecting (EMEA)'), nextStep: empty() }),
      options: { ignoreStages: ['prospect'] },
      findings: [missing],
    },
  ],
  cannotCheck: [
    { name: 'open deal, next step unreadable', deal: makeDeal({ nextStep: unknown('field not on the layout') }), fields: ['nextStep'] },
    {
      name: 'no next step, stage unreadable: it might be closed',
      deal: makeDeal({ stage: unknown('stage path not rendered'), nextStep: empty() }),
      fields: ['stage'],
    },
    {
      name: 'whitespace next step, stage unreadable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), nextStep: { text: '   ', date: null } }),
      fields: ['stage'],
    },
    {
      name: 'neither next step nor stage readable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), nextStep: unknown('field not on the layout') }),
      fields: ['nextStep', 'stage'],
    },
    {
      name: 'ignored stages do not help when the stage is not one of them',
      deal: makeDeal({ stage: stage('commit'), nextStep: unknown('field not on the layout') }),
      options: { ignoreStages: ['prospect'] },
      fields: ['nextStep'],
    },
  ],
});
