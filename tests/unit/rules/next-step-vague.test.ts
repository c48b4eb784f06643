import rule, { VAGUE_PHRASES } from '../../../src/rules/next-step-vague';
import { OPEN_STAGES } from '../../../src/rules/stage';
import { daysAgo, empty, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

const DATE = daysAgo(-7);
/** A next step with text, dated a week ahead unless told otherwise. */
const step = (text: string, date: string | null = DATE) => ({ nextStep: { text, date } });

const phrase = (text: string) => ({ messageId: 'vaguePhrase', data: { phrase: text }, field: 'nextStep' as const });
const tooShort = (words: number, min = 2) => ({ messageId: 'tooShort', data: { words, min }, field: 'nextStep' as const });
const noAction = { messageId: 'noAction', data: {}, field: 'nextStep' as const };

ruleTester.run(rule, {
  valid: [
    { name: 'default deal: "Pricing review with the CFO", dated', deal: makeDeal() },
    { name: 'concrete and undated: an action is enough', deal: makeDeal(step('Send the security questionnaire', null)) },
    { name: 'Danish, concrete and undated', deal: makeDeal(step('Møde med økonomidirektøren om budget', null)) },
    { name: 'Danish action word in another form', deal: makeDeal(step('Tilbud sendes til indkøb', null)) },
    { name: 'no action word, but a date in the text', deal: makeDeal(step('Budget from finance 2026-03-20', null)) },
    { name: 'no action word, but a relative day', deal: makeDeal(step('Budget fra økonomi i morgen', null)) },
    { name: 'no action word, but a date field', deal: makeDeal(step('Budget from finance')) },
    { name: 'a vague phrase with a date and enough else to say what', deal: makeDeal(step('Follow up with the CFO on pricing')) },
    { name: 'a vague phrase with a date in the text and enough else', deal: makeDeal(step('Følg op med IT-chefen om sikkerhed 12. marts 2026', null)) },
    { name: 'a phrase inside another word does not count ("pricing" is not "ping")', deal: makeDeal(step('Pricing review', null)) },
    { name: 'a word that begins like a phrase does not count ("pingdom" is not "ping")', deal: makeDeal(step('Pingdom demo for IT')) },
    { name: 'won deal with "follow up"', deal: makeDeal({ stage: stage('won', 'Closed Won'), ...step('follow up') }) },
    { name: 'lost deal with "TBD"', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), ...step('TBD') }) },
    {
      name: 'won deal with an unreadable next step: a closed deal never fires',
      deal: makeDeal({ stage: stage('won', 'Closed Won'), nextStep: unknown('field not on the layout') }),
    },
    { name: 'no next step: next-step-missing reports it', deal: makeDeal({ nextStep: empty() }) },
    { name: 'only whitespace: next-step-missing reports it', deal: makeDeal(step('   ')) },
    { name: 'unreadable stage, concrete next step: fine in any stage', deal: makeDeal({ stage: unknown('stage path not rendered') }) },
    { name: 'vaguePhrases replaced: "follow up" no longer counts', deal: makeDeal(step('Follow up')), options: { vaguePhrases: ['tbd'], minWords: 1 } },
    { name: 'minWords 1: a single action word is enough', deal: makeDeal(step('Call', null)), options: { minWords: 1 } },
    { name: 'requireActionOrDate off', deal: makeDeal(step('Budget next quarter', null)), options: { requireActionOrDate: false } },
    { name: 'actionWords extended', deal: makeDeal(step('Escalation to the VP', null)), options: { actionWords: ['escalation'] } },
  ],
  invalid: [
    ...OPEN_STAGES.map((open) => ({
      name: `open stage ${open}, "Follow up"`,
      deal: makeDeal({ stage: stage(open), ...step('Follow up') }),
      findings: [phrase('follow up')],
    })),
    { name: '"Follow-up!" (punctuation and case ignored)', deal: makeDeal(step('Follow-up!')), findings: [phrase('follow up')] },
    { name: '"check in" undated', deal: makeDeal(step('Check in with the champion', null)), findings: [phrase('check in')] },
    { name: '"touch base" with only filler besides', deal: makeDeal(step('Touch base with the customer')), findings: [phrase('touch base')] },
    { name: '"Waiting for legal", dated: one word besides the phrase', deal: makeDeal(step('Waiting for legal')), findings: [phrase('waiting')] },
    { name: '"TBD"', deal: makeDeal(step('TBD')), findings: [phrase('tbd')] },
    { name: '"Demo TBD with IT": a date still to be decided', deal: makeDeal(step('Demo TBD with IT', null)), findings: [phrase('tbd')] },
    { name: 'Danish "opfølgning"', deal: makeDeal(step('Opfølgning')), findings: [phrase('opfølgning')] },
    { name: 'Danish "Afventer kunden"', deal: makeDeal(step('Afventer kunden', null)), findings: [phrase('afventer')] },
    { name: 'Danish "Følg op med IT"', deal: makeDeal(step('Følg op med IT', null)), findings: [phrase('følg op')] },
    { name: 'Danish "Løbende dialog med kunden", dated', deal: makeDeal(step('Løbende dialog med kunden')), findings: [phrase('løbende dialog')] },
    { name: '"Check in tomorrow": a day but nothing else', deal: makeDeal(step('Check in tomorrow', null)), findings: [phrase('check in')] },
    { name: 'a single word', deal: makeDeal(step('Call')), findings: [tooShort(1)] },
    { name: 'punctuation only', deal: makeDeal(step('?')), findings: [tooShort(0)] },
    { name: 'a date alone is not words', deal: makeDeal(step('2026-03-20', null)), findings: [tooShort(0)] },
    { name: 'minWords 4', deal: makeDeal(step('Send the proposal')), options: { minWords: 4 }, findings: [tooShort(3, 4)] },
    { name: 'no action, no date', deal: makeDeal(step('Budget next quarter', null)), findings: [noAction] },
    { name: 'Danish, no action, no date', deal: makeDeal(step('Budget næste kvartal', null)), findings: [noAction] },
    { name: 'unmapped stage label counts as open', deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), ...step('waiting') }), findings: [phrase('waiting')] },
    { name: 'blank stage counts as open', deal: makeDeal({ stage: empty(), ...step('tbd') }), findings: [phrase('tbd')] },
    {
      name: 'vaguePhrases edited: a team\'s own stock phrase',
      deal: makeDeal(step('Nurture')),
      options: { vaguePhrases: [...VAGUE_PHRASES, 'nurture'] },
      findings: [phrase('nurture')],
    },
    {
      name: 'with minWords 3 a phrase needs three other words',
      deal: makeDeal(step('Follow up with the CFO on pricing')),
      options: { minWords: 3 },
      findings: [phrase('follow up')],
    },
    {
      name: 'actionWords emptied: every undated step without a date is vague',
      deal: makeDeal(step('Send the security questionnaire', null)),
      options: { actionWords: [] },
      findings: [noAction],
    },
  ],
  cannotCheck: [
    { name: 'open deal, next step unreadable', deal: makeDeal({ nextStep: unknown('field not on the layout') }), fields: ['nextStep'] },
    { name: 'vague next step, stage unreadable: it might be closed', deal: makeDeal({ stage: unknown('stage path not rendered'), ...step('follow up') }), fields: ['stage'] },
    {
      name: 'neither next step nor stage readable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), nextStep: unknown('field not on the layout') }),
      fields: ['nextStep', 'stage'],
    },
  ],
});
