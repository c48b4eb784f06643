import rule from '../../../src/rules/single-threaded';
import { empty, known, makeDeal, ruleTester, stage, unknown, unmappedStage } from './rule-tester';

type Size = 'small' | 'mid' | 'large' | '';
const usd = (value: number) => known({ value, currency: 'USD' }, `$${value}`);
/** `count` contacts, named by role as a CRM's contact roles list shows them. */
const people = (count: number) =>
  known({ count, roles: ['Champion', 'Economic Buyer', 'Technical Buyer', 'User', 'Legal'].slice(0, count) }, `${count} contacts`);

const thin = (count: number, limit: number, size: Size) => ({
  messageId: count === 0 ? 'noContacts' : 'singleThreaded',
  data: { count, limit, size },
  field: 'contacts' as const,
});

ruleTester.run(rule, {
  valid: [
    { name: 'default deal: 480k with 3 contacts', deal: makeDeal() },
    { name: 'small (24,999) with 1 contact', deal: makeDeal({ amount: usd(24_999), contacts: people(1) }) },
    { name: 'mid at its lower bound (25,000) with 2 contacts', deal: makeDeal({ amount: usd(25_000), contacts: people(2) }) },
    { name: 'mid at its upper end (249,999) with 2 contacts', deal: makeDeal({ amount: usd(249_999), contacts: people(2) }) },
    { name: 'large at its lower bound (250,000) with 3 contacts', deal: makeDeal({ amount: usd(250_000), contacts: people(3) }) },
    { name: 'large with 5 contacts', deal: makeDeal({ amount: usd(2_000_000), contacts: people(5) }) },
    { name: 'a count without roles still counts', deal: makeDeal({ amount: usd(100_000), contacts: known({ count: 2, roles: [] }, '2') }) },
    { name: 'blank amount: no amount is the smallest band, 1 contact is enough', deal: makeDeal({ amount: empty(), contacts: people(1) }) },
    { name: 'amount 0 with 1 contact', deal: makeDeal({ amount: usd(0), contacts: people(1) }) },
    { name: 'won deal with no contacts', deal: makeDeal({ stage: stage('won', 'Closed Won'), contacts: people(0) }) },
    { name: 'lost deal with unreadable contacts', deal: makeDeal({ stage: stage('lost', 'Closed Lost'), contacts: unknown('related list not rendered') }) },
    { name: 'prospect: every deal starts with one contact', deal: makeDeal({ stage: stage('prospect'), contacts: people(1) }) },
    { name: 'qualify: one contact is still normal', deal: makeDeal({ stage: stage('qualify'), contacts: people(0) }) },
    { name: 'qualify: unreadable contacts do not matter', deal: makeDeal({ stage: stage('qualify'), contacts: unknown('related list not rendered') }) },
    { name: 'unreadable stage, 3 contacts: enough in any stage and band', deal: makeDeal({ stage: unknown('stage path not rendered') }) },
    { name: 'unreadable stage, small deal with 1 contact', deal: makeDeal({ stage: unknown('stage path not rendered'), amount: usd(10_000), contacts: people(1) }) },
    { name: 'unreadable amount, 3 contacts: enough for every band', deal: makeDeal({ amount: unknown('not on the layout') }) },
    {
      name: 'minContacts large 2: 2 contacts on a large deal (the other bands keep their defaults)',
      deal: makeDeal({ contacts: people(2) }),
      options: { minContacts: { large: 2 } },
    },
    {
      name: 'sizeBands smallBelow 50,000: 40k is small, 1 contact is enough',
      deal: makeDeal({ amount: usd(40_000), contacts: people(1) }),
      options: { sizeBands: { smallBelow: 50_000 } },
    },
    {
      name: 'fromStage commit: propose is not judged yet',
      deal: makeDeal({ contacts: people(1) }),
      options: { fromStage: 'commit' },
    },
    {
      name: 'checkUnmappedStages false: an unmapped stage is not judged',
      deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), contacts: people(1) }),
      options: { checkUnmappedStages: false },
    },
    {
      name: 'every band needs 2: an unreadable amount does not matter with 2 contacts',
      deal: makeDeal({ amount: unknown('not on the layout'), contacts: people(2) }),
      options: { minContacts: { small: 2, mid: 2, large: 2 } },
    },
  ],
  invalid: [
    { name: 'mid at its lower bound (25,000) with 1 contact', deal: makeDeal({ amount: usd(25_000), contacts: people(1) }), findings: [thin(1, 2, 'mid')] },
    { name: 'large at its lower bound (250,000) with 2 contacts', deal: makeDeal({ amount: usd(250_000), contacts: people(2) }), findings: [thin(2, 3, 'large')] },
    { name: 'large (480k) with only the champion', deal: makeDeal({ contacts: people(1) }), findings: [thin(1, 3, 'large')] },
    { name: 'small with no contacts', deal: makeDeal({ amount: usd(5_000), contacts: people(0) }), findings: [thin(0, 1, 'small')] },
    { name: 'contacts shown and blank: nobody on the deal', deal: makeDeal({ contacts: empty() }), findings: [thin(0, 3, 'large')] },
    { name: 'blank amount is the small band: no contacts', deal: makeDeal({ amount: empty(), contacts: people(0) }), findings: [thin(0, 1, 'small')] },
    {
      name: 'unreadable amount, no contacts: under every band, so it fires with the lowest limit',
      deal: makeDeal({ amount: unknown('not on the layout'), contacts: people(0) }),
      findings: [thin(0, 1, '')],
    },
    { name: 'develop is judged', deal: makeDeal({ stage: stage('develop'), amount: usd(100_000), contacts: people(1) }), findings: [thin(1, 2, 'mid')] },
    { name: 'commit is judged', deal: makeDeal({ stage: stage('commit'), contacts: people(2) }), findings: [thin(2, 3, 'large')] },
    { name: 'unmapped stage label is judged', deal: makeDeal({ stage: unmappedStage('Negotiation/Review'), contacts: people(1) }), findings: [thin(1, 3, 'large')] },
    { name: 'blank stage is judged', deal: makeDeal({ stage: empty(), contacts: people(1) }), findings: [thin(1, 3, 'large')] },
    {
      name: 'bands are in the deal\'s own currency: 150,000 DKK is mid',
      deal: makeDeal({ amount: known({ value: 150_000, currency: 'DKK' }, '150.000 kr.'), contacts: people(1) }),
      findings: [thin(1, 2, 'mid')],
    },
    {
      name: 'minContacts large 4: 3 contacts are too few',
      deal: makeDeal(),
      options: { minContacts: { large: 4 } },
      findings: [thin(3, 4, 'large')],
    },
    {
      name: 'minContacts small 2: a small deal needs 2',
      deal: makeDeal({ amount: usd(10_000), contacts: people(1) }),
      options: { minContacts: { small: 2 } },
      findings: [thin(1, 2, 'small')],
    },
    {
      name: 'sizeBands midBelow 1,000,000: 480k is mid (smallBelow keeps its default)',
      deal: makeDeal({ contacts: people(1) }),
      options: { sizeBands: { midBelow: 1_000_000 } },
      findings: [thin(1, 2, 'mid')],
    },
    {
      name: 'fromStage prospect: a large prospect with one contact',
      deal: makeDeal({ stage: stage('prospect'), contacts: people(1) }),
      options: { fromStage: 'prospect' },
      findings: [thin(1, 3, 'large')],
    },
  ],
  cannotCheck: [
    { name: 'contacts unreadable', deal: makeDeal({ contacts: unknown('related list not rendered') }), fields: ['contacts'] },
    {
      name: 'contacts and amount unreadable',
      deal: makeDeal({ amount: unknown('not on the layout'), contacts: unknown('related list not rendered') }),
      fields: ['contacts', 'amount'],
    },
    {
      name: 'contacts and stage unreadable',
      deal: makeDeal({ stage: unknown('stage path not rendered'), contacts: unknown('related list not rendered') }),
      fields: ['contacts', 'stage'],
    },
    { name: 'amount unreadable, 1 contact: enough for small, not for mid', deal: makeDeal({ amount: unknown('not on the layout'), contacts: people(1) }), fields: ['amount'] },
    { name: 'amount unreadable, 2 contacts: enough for mid, not for large', deal: makeDeal({ amount: unknown('not on the layout'), contacts: people(2) }), fields: ['amount'] },
    {
      name: 'large deal with 1 contact, stage unreadable: it might be won, or early',
      deal: makeDeal({ stage: unknown('stage path not rendered'), contacts: people(1) }),
      fields: ['stage'],
    },
    {
      name: 'amount and stage unreadable, 1 contact',
      deal: makeDeal({ stage: unknown('stage path not rendered'), amount: unknown('not on the layout'), contacts: people(1) }),
      fields: ['amount', 'stage'],
    },
    {
      name: 'every band needs 2: unreadable contacts need only the contacts',
      deal: makeDeal({ amount: unknown('not on the layout'), contacts: unknown('related list not rendered') }),
      options: { minContacts: { small: 2, mid: 2, large: 2 } },
      fields: ['contacts'],
    },
  ],
});
