import { z } from 'zod';
import { cannotCheck, defineRule, findings } from './types';
import type { RuleFinding } from './types';
import { isOpen } from './stage';
import { mentionsDate, normalizeText, wordsOf } from './next-step-text';

/** Phrases that promise contact but no outcome, in English and Danish. Matched as whole words, case and punctuation ignored. */
export const VAGUE_PHRASES = [
  'follow up',
  'followup',
  'check in',
  'touch base',
  'circle back',
  'keep in touch',
  'stay in touch',
  'reach out',
  'ping',
  'chase',
  'wait',
  'waiting',
  'awaiting',
  'pending',
  'hear back',
  'get back to',
  'see what happens',
  'in progress',
  'ongoing',
  'tbd',
  'tba',
  'tbc',
  'to be decided',
  'to be confirmed',
  'følg op',
  'følge op',
  'følger op',
  'opfølgning',
  'afvent',
  'afventer',
  'venter',
  'tjek ind',
  'tjekke ind',
  'høre nærmere',
  'hører nærmere',
  'vender tilbage',
  'rykke',
  'rykker',
  'holde kontakten',
  'løbende dialog',
  'i dialog',
  'ved ikke',
  'afklares',
];

/**
 * Beginnings of words that name an action (a verb, or a meeting or document that is itself the step), in English and
 * Danish: "send" matches "sends" and "sending", "mød" matches "møde" and "mødes".
 */
export const ACTION_WORDS = [
  // English
  'agree', 'align', 'approv', 'book', 'call', 'close', 'complete', 'confirm', 'contract', 'decid', 'decision', 'deliver',
  'demo', 'discuss', 'draft', 'email', 'mail', 'escalat', 'finali', 'hold', 'install', 'introduc', 'invite', 'kick',
  'meet', 'negotiat', 'onboard', 'order', 'phone', 'pilot', 'plan', 'poc', 'prepar', 'present', 'pricing', 'proposal',
  'purchase', 'quote', 'review', 'run', 'schedule', 'send', 'share', 'sign', 'submit', 'test', 'trial', 'visit',
  'walk', 'workshop', 'write',
  // Danish
  'afhold', 'afslut', 'aftal', 'bekræft', 'beslut', 'besøg', 'bestil', 'dele', 'diskut', 'forbered', 'forhandl',
  'fremsend', 'gennemg', 'godkend', 'indkald', 'indsend', 'introducer', 'invit', 'kontrakt', 'køb', 'lever', 'luk',
  'mød', 'opsæt', 'opstart', 'planlæg', 'pris', 'præsent', 'ring', 'signer', 'skriv', 'tilbud', 'underskr',
];

/** Words that say nothing about what happens: not counted next to a vague phrase ("follow up with the customer"). */
const FILLER_WORDS = new Set(
  [
    'a', 'an', 'the', 'and', 'or', 'to', 'for', 'from', 'with', 'on', 'at', 'by', 'in', 'of', 'about', 'up', 'again', 'next',
    'week', 'soon', 'later', 'customer', 'client', 'them', 'him', 'her', 'us', 'we', 'they', 'i',
    'en', 'et', 'den', 'det', 'de', 'og', 'eller', 'til', 'fra', 'med', 'på', 'af', 'om', 'igen', 'næste', 'uge', 'snart',
    'senere', 'kunden', 'kunde', 'ham', 'hende', 'dem', 'os', 'vi', 'jeg', 'han', 'hun',
  ],
);

const phrase = z.string().trim().min(1).max(100);

/**
 * A next step nobody can act on: a stock phrase ("follow up", "afventer"), a single word, or neither an action nor a
 * date. A good next step says what happens and when: "Pricing review with the CFO on 17 March".
 */
export default defineRule({
  meta: {
    id: 'next-step-vague',
    category: 'staleness',
    severity: 'warning',
    messages: ['vaguePhrase', 'tooShort', 'noAction'],
    options: z.object({
      /** Stock phrases that make a next step vague unless it also has a date and at least `minWords` other words. */
      vaguePhrases: z.array(phrase).max(500).default(VAGUE_PHRASES),
      /** Fewer words than this (words with letters; numbers and dates do not count) is too short. */
      minWords: z.number().int().min(1).max(20).default(2),
      /** Flag a next step with neither a date nor any of `actionWords`. */
      requireActionOrDate: z.boolean().default(true),
      /** Word beginnings that count as an action. */
      actionWords: z.array(phrase).max(500).default(ACTION_WORDS),
    }),
  },
  check(deal, { today, options }) {
    const { nextStep, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires.
    if (open === false) return findings();
    if (nextStep.state === 'unknown') return cannotCheck('nextStep', ...(open === undefined ? (['stage'] as const) : []));
    // No next step at all is next-step-missing's finding.
    if (nextStep.state === 'empty' || nextStep.value.text.trim() === '') return findings();
    const finding = vagueness(nextStep.value.text, nextStep.value.date !== null, today, options);
    if (!finding) return findings();
    // Vague, but only an open deal needs a next step: without the stage we cannot tell.
    if (open === undefined) return cannotCheck('stage');
    return findings(finding);
  },
});

interface VagueOptions {
  vaguePhrases: string[];
  minWords: number;
  requireActionOrDate: boolean;
  actionWords: string[];
}

/** The first reason a next step's text is vague, or null. */
export function vagueness(text: string, hasDateField: boolean, today: string, options: VagueOptions): RuleFinding | null {
  const normalized = normalizeText(text);
  const padded = ` ${normalized} `;
  const words = wordsOf(normalized);
  let dated: boolean | undefined;
  const isDated = () => (dated ??= hasDateField || mentionsDate(text, today));

  const matched = options.vaguePhrases.filter((p) => normalizeText(p) !== '' && padded.includes(` ${normalizeText(p)} `));
  if (matched.length) {
    // The phrase is fine inside a step that also says when, and enough else (not counting filler) to say what.
    let rest = padded;
    for (const p of matched) {
      const match = ` ${normalizeText(p)} `;
      while (rest.includes(match)) rest = rest.replace(match, ' ');
    }
    const said = wordsOf(rest.trim()).filter((word) => !FILLER_WORDS.has(word));
    if (!isDated() || said.length < options.minWords) {
      return { messageId: 'vaguePhrase', data: { phrase: matched[0]! }, field: 'nextStep' };
    }
    return null;
  }
  if (words.length < options.minWords) {
    return { messageId: 'tooShort', data: { words: words.length, min: options.minWords }, field: 'nextStep' };
  }
  if (options.requireActionOrDate && !isDated()) {
    const actions = options.actionWords.map(normalizeText).filter(Boolean);
    if (!actions.some((action) => padded.includes(` ${action}`))) return { messageId: 'noAction', data: {}, field: 'nextStep' };
  }
  return null;
}
