import { fieldHintsOf } from './field-criteria';
import type { Criterion, Framework } from './types';

/**
 * MEDDICC and MEDDPICC. MEDDPICC is MEDDICC plus Paper process; it is its own framework ('meddpicc') rather
 * than an optional criterion of MEDDICC, because
 * - teams name the one they run, and the quick-qualify list, the score and "commit requires every criterion"
 *   should mean exactly that list: an optional criterion would leave open whether it counts in the score;
 * - the two share every criterion object (and so every id), so a team that switches keeps every answer.
 */

export const metrics: Criterion = {
  id: 'metrics',
  label: { en: 'Metrics', da: 'Målbar værdi' },
  questions: {
    en: [
      'How will you measure whether this was a success?',
      'What does the problem cost you today, in money or hours?',
      'What improvement would make this worth doing, in numbers?',
    ],
    da: [
      'Hvordan vil I måle, om det her blev en succes?',
      'Hvad koster problemet jer i dag, i kroner eller timer?',
      'Hvilken forbedring skal der til, før det kan betale sig – i tal?',
    ],
  },
  evidence: {
    en: 'The customer has put numbers on it: the value they expect (saving, revenue, time) and how they will measure it.',
    da: 'Kunden har sat tal på: den værdi, de forventer (besparelse, omsætning, tid), og hvordan de vil måle den.',
  },
  fieldHints: fieldHintsOf('metrics'),
};

export const economicBuyer: Criterion = {
  id: 'economic-buyer',
  label: { en: 'Economic buyer', da: 'Økonomisk beslutningstager' },
  questions: {
    en: [
      'Who has the final say on the money for this?',
      'Can that person say yes when others say no, or no when others say yes?',
      'Have they been involved so far, and when can we meet them?',
    ],
    da: [
      'Hvem har det sidste ord om pengene til det her?',
      'Kan vedkommende sige ja, når andre siger nej – eller nej, når andre siger ja?',
      'Har vedkommende været inddraget indtil nu, og hvornår kan vi mødes?',
    ],
  },
  evidence: {
    en: 'The person with final authority over the budget is named, and we have met them or they have confirmed the project is a priority.',
    da: 'Den person, der har det sidste ord over budgettet, er navngivet, og vi har mødt vedkommende, eller vedkommende har bekræftet, at projektet har prioritet.',
  },
  fieldHints: fieldHintsOf('economic-buyer'),
};

export const decisionCriteria: Criterion = {
  id: 'decision-criteria',
  label: { en: 'Decision criteria', da: 'Beslutningskriterier' },
  questions: {
    en: [
      'How will you compare the options you are looking at?',
      'What must a solution do for you to choose it, and what would rule one out?',
      'Who set those criteria, and are they written down?',
    ],
    da: [
      'Hvordan vil I sammenligne de løsninger, I kigger på?',
      'Hvad skal en løsning kunne, for at I vælger den – og hvad udelukker en?',
      'Hvem har fastlagt kriterierne, og er de skrevet ned?',
    ],
  },
  evidence: {
    en: 'We know the technical, commercial and business criteria the customer will decide by, ideally in writing, and how we meet each.',
    da: 'Vi kender de tekniske, kommercielle og forretningsmæssige kriterier, kunden beslutter ud fra – helst på skrift – og hvordan vi lever op til hvert af dem.',
  },
  fieldHints: fieldHintsOf('decision-criteria'),
};

export const decisionProcess: Criterion = {
  id: 'decision-process',
  label: { en: 'Decision process', da: 'Beslutningsproces' },
  questions: {
    en: [
      'What are the steps from here to a signed decision, and who is involved in each?',
      'When do you expect to make the decision?',
      'Have you bought something like this before? How did that go?',
    ],
    da: [
      'Hvad er trinene herfra til en underskrevet beslutning, og hvem er med i hvert trin?',
      'Hvornår regner I med at træffe beslutningen?',
      'Har I købt noget lignende før? Hvordan foregik det?',
    ],
  },
  evidence: {
    en: 'The steps, people and dates from evaluation to a signed decision are known and confirmed by the customer.',
    da: 'Trinene, personerne og datoerne fra evaluering til underskrevet beslutning er kendt og bekræftet af kunden.',
  },
  fieldHints: fieldHintsOf('decision-process'),
};

export const identifyPain: Criterion = {
  id: 'identify-pain',
  label: { en: 'Identified pain', da: 'Identificeret smertepunkt' },
  questions: {
    en: ['What is the biggest problem behind this project?', 'What does it cost you, and who feels it most?', 'What happens if nothing changes?'],
    da: ['Hvad er det største problem bag det her projekt?', 'Hvad koster det jer, og hvem mærker det mest?', 'Hvad sker der, hvis intet ændrer sig?'],
  },
  evidence: {
    en: 'A business problem the customer has named and put a cost or consequence on, and that our solution addresses.',
    da: 'Et forretningsproblem, som kunden selv har nævnt og sat en pris eller konsekvens på, og som vores løsning løser.',
  },
  fieldHints: fieldHintsOf('identify-pain'),
};

export const champion: Criterion = {
  id: 'champion',
  label: { en: 'Champion', da: 'Champion (intern fortaler)' },
  questions: {
    en: [
      'Who inside wants this to happen as much as we do, and why?',
      'Do they have the influence to move the decision, and will they use it?',
      'Will they tell us what is really going on, including what goes against us?',
    ],
    da: [
      'Hvem internt vil det her lige så gerne som os, og hvorfor?',
      'Har vedkommende indflydelse nok til at flytte beslutningen, og vil vedkommende bruge den?',
      'Vil vedkommende fortælle os, hvad der reelt foregår – også det, der går imod os?',
    ],
  },
  evidence: {
    en: 'A named person at the customer with influence, who gains personally and is selling for us internally, and has been tested (arranged a meeting, shared inside information).',
    da: 'En navngiven person hos kunden med indflydelse, som selv har noget at vinde og sælger for os internt, og som er afprøvet (har skaffet et møde eller delt intern viden).',
  },
  fieldHints: fieldHintsOf('champion'),
};

export const competition: Criterion = {
  id: 'competition',
  label: { en: 'Competition', da: 'Konkurrence' },
  questions: {
    en: ['Who else are you talking to about this?', 'What would make you choose one of them, or do nothing?', 'Could you solve it in-house instead?'],
    da: [
      'Hvem taler I ellers med om det her?',
      'Hvad ville få jer til at vælge en af dem – eller lade være med at gøre noget?',
      'Kunne I løse det selv internt i stedet?',
    ],
  },
  evidence: {
    en: 'We know the alternatives the customer is considering (competitors, building it in-house, doing nothing) and why we are ahead or behind.',
    da: 'Vi kender de alternativer, kunden overvejer (konkurrenter, at gøre det selv, at lade være), og hvorfor vi ligger foran eller bagud.',
  },
  fieldHints: fieldHintsOf('competition'),
};

export const paperProcess: Criterion = {
  id: 'paper-process',
  label: { en: 'Paper process', da: 'Kontrakt- og indkøbsproces' },
  questions: {
    en: [
      'Once you have decided, what happens before a contract can be signed: legal, procurement, security review?',
      'Who signs, and how long does that usually take?',
      'Are there standard terms, supplier registration or a purchase order we should start on now?',
    ],
    da: [
      'Når I har besluttet jer, hvad skal der så ske, før kontrakten kan underskrives – jura, indkøb, it-sikkerhed?',
      'Hvem skriver under, og hvor lang tid tager det normalt?',
      'Er der standardvilkår, leverandøroprettelse eller en indkøbsordre, vi bør gå i gang med allerede nu?',
    ],
  },
  evidence: {
    en: 'The steps, people and lead times from a verbal yes to a signed contract and purchase order are known, so none of them comes as a surprise.',
    da: 'Trinene, personerne og tidsforløbet fra et mundtligt ja til underskrevet kontrakt og indkøbsordre er kendt, så intet kommer som en overraskelse.',
  },
  fieldHints: fieldHintsOf('paper-process'),
};

const MEDDICC_CRITERIA = [metrics, economicBuyer, decisionCriteria, decisionProcess, identifyPain, champion, competition];

/**
 * Stage requirements (DESIGN.md §4), the same for both:
 * - prospect: nothing — a prospect is not qualified yet.
 * - qualify: identified pain. MEDDICC has no timeline criterion of its own: the "when" is part of the decision
 *   process, which develop requires. Requiring the whole decision process to leave qualify would be too early.
 * - develop: + economic buyer and decision process.
 * - propose: + decision criteria, metrics and champion: a proposal answers the criteria and prices the value.
 * - commit: every criterion, so competition too (and paper process in MEDDPICC): a committed deal has no unknowns.
 */
const qualify = ['identify-pain'];
const develop = [...qualify, 'economic-buyer', 'decision-process'];
const propose = [...develop, 'decision-criteria', 'metrics', 'champion'];

/** Each stage's requirements listed in the framework's order, as the UI shows them. */
function requiredByStage(criteria: readonly Criterion[]): Framework['requiredByStage'] {
  const ordered = (ids: readonly string[]) => criteria.map((criterion) => criterion.id).filter((id) => ids.includes(id));
  return { prospect: [], qualify: ordered(qualify), develop: ordered(develop), propose: ordered(propose), commit: criteria.map((criterion) => criterion.id) };
}

export const MEDDICC: Framework = {
  id: 'meddicc',
  name: 'MEDDICC',
  criteria: MEDDICC_CRITERIA,
  requiredByStage: requiredByStage(MEDDICC_CRITERIA),
};

/** MEDDICC with Paper process (legal, procurement, signing) after the decision process; commit requires it as well. */
const MEDDPICC_CRITERIA = [metrics, economicBuyer, decisionCriteria, decisionProcess, paperProcess, identifyPain, champion, competition];
export const MEDDPICC: Framework = {
  id: 'meddpicc',
  name: 'MEDDPICC',
  criteria: MEDDPICC_CRITERIA,
  requiredByStage: requiredByStage(MEDDPICC_CRITERIA),
};
