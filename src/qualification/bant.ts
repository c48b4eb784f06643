import { fieldHintsOf } from './field-criteria';
import type { Criterion, Framework } from './types';

/**
 * BANT. Its criteria keep BANT's own ids; where another framework asks the same thing, EQUIVALENT_CRITERIA in
 * frameworks.ts lets that evidence count: 'authority' is met by 'economic-buyer' evidence (and the other way round),
 * 'need' by 'identify-pain' or 'pain', 'timeline' by 'critical-event' (a dated event is a timeline; a timeline is
 * not necessarily a critical event, so not the other way round).
 */

export const budget: Criterion = {
  id: 'budget',
  label: { en: 'Budget', da: 'Budget' },
  questions: {
    en: [
      'Is there budget set aside for this, and roughly how much?',
      'Which budget does it come from, and who owns it?',
      'If the budget is not there yet, how would you get it approved?',
    ],
    da: [
      'Er der afsat budget til det her, og omtrent hvor meget?',
      'Hvilket budget skal det komme fra, og hvem ejer det?',
      'Hvis budgettet ikke er på plads endnu, hvordan får I det så godkendt?',
    ],
  },
  evidence: {
    en: 'The customer has confirmed a budget (an amount or a range) and where it comes from, or a concrete way to get one approved.',
    da: 'Kunden har bekræftet et budget (et beløb eller et interval) og hvor det kommer fra, eller en konkret vej til at få det godkendt.',
  },
  fieldHints: fieldHintsOf('budget'),
};

export const authority: Criterion = {
  id: 'authority',
  label: { en: 'Authority', da: 'Beslutningskompetence' },
  questions: {
    en: [
      'Besides you, who is involved in deciding on this?',
      'Who signs off on the budget for a purchase like this?',
      'Have we met that person, or can you help us get a meeting?',
    ],
    da: [
      'Hvem er ud over dig med til at beslutte det her?',
      'Hvem godkender budgettet til et køb som det her?',
      'Har vi mødt vedkommende, eller kan du hjælpe os med at få et møde?',
    ],
  },
  evidence: {
    en: 'We know by name who can approve the purchase and its budget, and we have met them or have a meeting booked. Evidence of the economic buyer counts.',
    da: 'Vi kender navnet på den, der kan godkende købet og budgettet, og vi har mødt vedkommende eller har et møde i kalenderen. Belæg for den økonomiske beslutningstager tæller med.',
  },
  // Fields naming the economic buyer are hinted under 'economic-buyer' and count here through the equivalence.
  fieldHints: fieldHintsOf('authority'),
};

export const need: Criterion = {
  id: 'need',
  label: { en: 'Need', da: 'Behov' },
  questions: {
    en: ['What problem are you trying to solve, and what happens if you do not?', 'How do you handle it today?', 'Why is this a priority now?'],
    da: ['Hvilket problem prøver I at løse, og hvad sker der, hvis I ikke gør det?', 'Hvordan håndterer I det i dag?', 'Hvorfor har det prioritet lige nu?'],
  },
  evidence: {
    en: 'The customer has described, in their own words, a problem our solution addresses, and it matters to them.',
    da: 'Kunden har med egne ord beskrevet et problem, som vores løsning løser, og det betyder noget for dem.',
  },
  fieldHints: fieldHintsOf('need'),
};

export const timeline: Criterion = {
  id: 'timeline',
  label: { en: 'Timeline', da: 'Tidsplan' },
  questions: {
    en: [
      'When do you need this in place, and why then?',
      'What has to happen between now and then for you to make it?',
      'What happens if it slips by a quarter?',
    ],
    da: ['Hvornår skal det være på plads, og hvorfor netop da?', 'Hvad skal der ske fra nu og til da, for at I når det?', 'Hvad sker der, hvis det skrider et kvartal?'],
  },
  evidence: {
    en: 'A date the customer has committed to for deciding or going live, with a reason behind it.',
    da: 'En dato, som kunden har forpligtet sig til for beslutning eller idriftsættelse, med en grund bag.',
  },
  fieldHints: fieldHintsOf('timeline'),
};

/**
 * Stage requirements, mapped from DESIGN.md §4 (BANT has no decision process, decision criteria, metrics or champion):
 * - prospect: nothing.
 * - qualify: need and timeline — exactly the design's "pain/need and timeline".
 * - develop: + authority (the design's "economic buyer identified").
 * - propose: + budget. A proposal carries a price: sending one before the customer has confirmed a budget is
 *   how deals stall at propose. This also makes propose require every BANT criterion.
 * - commit: every criterion (the same four).
 */
export const BANT: Framework = {
  id: 'bant',
  name: 'BANT',
  criteria: [budget, authority, need, timeline],
  requiredByStage: {
    prospect: [],
    qualify: ['need', 'timeline'],
    develop: ['authority', 'need', 'timeline'],
    propose: ['budget', 'authority', 'need', 'timeline'],
    commit: ['budget', 'authority', 'need', 'timeline'],
  },
};
