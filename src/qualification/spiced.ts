import { fieldHintsOf } from './field-criteria';
import type { Criterion, Framework } from './types';

/**
 * SPICED (Winning by Design). Equivalences with the other frameworks (EQUIVALENT_CRITERIA in frameworks.ts):
 * 'pain' ≡ MEDDICC's 'identify-pain' ≡ BANT's 'need'; 'impact' ≡ 'metrics'; 'critical-event' meets BANT's
 * 'timeline'; 'decision' (criteria and process together) meets 'decision-criteria' and 'decision-process'.
 */

export const situation: Criterion = {
  id: 'situation',
  label: { en: 'Situation', da: 'Situation' },
  questions: {
    en: [
      'Tell me about your business and where this fits in.',
      'How do you do it today: which tools, people and steps?',
      'What has changed recently that made you look at this?',
    ],
    da: [
      'Fortæl om jeres forretning, og hvor det her passer ind.',
      'Hvordan gør I det i dag – hvilke værktøjer, personer og trin?',
      'Hvad har ændret sig for nylig, siden I kigger på det her nu?',
    ],
  },
  evidence: {
    en: "We can describe the customer's business, current setup and the facts around the problem, and the customer has confirmed them.",
    da: 'Vi kan beskrive kundens forretning, nuværende opsætning og fakta omkring problemet, og kunden har bekræftet dem.',
  },
  fieldHints: fieldHintsOf('situation'),
};

export const pain: Criterion = {
  id: 'pain',
  label: { en: 'Pain', da: 'Smertepunkt' },
  questions: {
    en: ['What is not working today, and why does it matter?', 'Who is affected, and how much?', 'What have you already tried?'],
    da: ['Hvad fungerer ikke i dag, og hvorfor er det vigtigt?', 'Hvem bliver ramt af det, og hvor meget?', 'Hvad har I allerede prøvet?'],
  },
  evidence: {
    en: 'The customer has named the problem, who it affects and why it matters, in their own words.',
    da: 'Kunden har med egne ord sat navn på problemet, hvem det rammer, og hvorfor det er vigtigt.',
  },
  fieldHints: fieldHintsOf('pain'),
};

export const impact: Criterion = {
  id: 'impact',
  label: { en: 'Impact', da: 'Effekt' },
  questions: {
    en: ['If this is solved, what changes for the business, in numbers?', 'What is that worth per year?', 'How will your manager judge whether it worked?'],
    da: ['Hvis det her bliver løst, hvad ændrer sig så for forretningen – i tal?', 'Hvad er det værd om året?', 'Hvordan vil din chef vurdere, om det virkede?'],
  },
  evidence: {
    en: 'The customer has agreed on the measurable effect of solving the pain (money, time, risk), and it outweighs the cost.',
    da: 'Kunden har bekræftet den målbare effekt af at løse problemet (penge, tid, risiko), og den er større end prisen.',
  },
  fieldHints: fieldHintsOf('impact'),
};

export const criticalEvent: Criterion = {
  id: 'critical-event',
  label: { en: 'Critical event', da: 'Kritisk begivenhed' },
  questions: {
    en: [
      'What date or event means this has to be in place by a certain time?',
      'What happens to you if that date is missed?',
      'Working back from that date, when do we need to sign?',
    ],
    da: [
      'Hvilken dato eller begivenhed gør, at det skal være på plads til en bestemt tid?',
      'Hvad sker der for jer, hvis den dato ikke nås?',
      'Hvis vi regner baglæns fra datoen, hvornår skal vi så have skrevet under?',
    ],
  },
  evidence: {
    en: 'A dated event with a real consequence if it is missed (a contract expiring, a regulation, a launch), confirmed by the customer.',
    da: 'En begivenhed med en dato og en reel konsekvens, hvis den ikke nås (en kontrakt, der udløber, et lovkrav, en lancering), bekræftet af kunden.',
  },
  fieldHints: fieldHintsOf('critical-event'),
};

export const decision: Criterion = {
  id: 'decision',
  label: { en: 'Decision', da: 'Beslutning' },
  questions: {
    en: ['How will you decide, and who is involved?', 'Which criteria will the decision be made on?', 'What are the steps and dates up to signing?'],
    da: ['Hvordan træffer I beslutningen, og hvem er med?', 'Hvilke kriterier bliver beslutningen truffet ud fra?', 'Hvad er trinene og datoerne frem til underskrift?'],
  },
  evidence: {
    en: 'We know who decides, by which criteria, and the steps and dates to a signed decision.',
    da: 'Vi ved, hvem der beslutter, ud fra hvilke kriterier, og hvilke trin og datoer der er frem til en underskrevet beslutning.',
  },
  fieldHints: fieldHintsOf('decision'),
};

/**
 * Stage requirements, mapped from DESIGN.md §4:
 * - prospect: nothing.
 * - qualify: situation, pain and critical event. Pain is the design's "pain/need", the critical event is
 *   SPICED's timeline; situation comes first in SPICED and is the easiest to know, and pain found without it is a guess.
 * - develop: + decision (SPICED's decision holds both the economic buyer and the decision process).
 * - propose: + impact (the design's metrics; decision criteria are in decision, SPICED has no champion).
 *   This makes propose require every SPICED criterion.
 * - commit: every criterion (the same five).
 */
export const SPICED: Framework = {
  id: 'spiced',
  name: 'SPICED',
  criteria: [situation, pain, impact, criticalEvent, decision],
  requiredByStage: {
    prospect: [],
    qualify: ['situation', 'pain', 'critical-event'],
    develop: ['situation', 'pain', 'critical-event', 'decision'],
    propose: ['situation', 'pain', 'impact', 'critical-event', 'decision'],
    commit: ['situation', 'pain', 'impact', 'critical-event', 'decision'],
  },
};
