import { defineCrmMapping } from '../../model/crm-mapping';

/**
 * Tryton's sales opportunities (module sale_opportunity) in its web client, sao. Checked against Tryton 6.0 as
 * Debian ships it (tests/fixtures/generic/tryton-*.html, tests/e2e/tryton.e2e.ts).
 *
 * Why CSS selectors and not label texts:
 * - sao gives every form widget the field's technical name (`<input name="end_date">`, `<select name="state">`),
 *   the same in every language, so one mapping serves all of Tryton's translations (its labels, "End Date:",
 *   "Enddatum:", "Date de fin:", are the translators' and an administrator may rename them).
 * - sao keeps every open tab in the DOM; the inactive ones are hidden only by Bootstrap's stylesheet
 *   (`.tab-pane:not(.active)`), not by an attribute or inline style. With two opportunities open, label texts
 *   would find the first tab's fields, not the one on screen; `#tabcontent > .tab-pane.active` is the tab shown,
 *   and the one the address names (sao rewrites the #hash when the user switches tabs).
 * - `.form` is the record's form (sao swaps a tab's list view out of the DOM while the form is shown).
 * - While a record loads (a second or more on a busy server), sao already shows its form, every widget blank and
 *   read-only. Read then, a deal with a close date and an amount would look as if it had neither. The form counts
 *   only once sao has displayed a record in it, which it marks on the always read-only Number field: its widget gets
 *   the `readonly` class then (`<div class="form-char readonly">`), not before. Until then every field is "not on
 *   the page", which is unknown, never empty.
 * Values live in the controls' properties (sao sets `.value`, never the attribute); the amount's currency symbol
 * sits in a separate add-on (`.symbol-start` "€" in English, `.symbol-end` in German), so amounts are read
 * without a currency unless the mapping names one: set `currency` to your company's (ISO code) if you like.
 *
 * Not on Tryton's opportunity form, so not mapped (shown as "not supported", never as missing): last activity
 * and last modification (sao shows them only in the "View Logs" dialog), next step, forecast category, contacts
 * (its "Contact" is one contact mechanism of the party, not the people involved) and qualification evidence.
 */
const LOADED_FORM = '#tabcontent > .tab-pane.active .form:has(.form-char.readonly input[name="number"])';
const field = (name: string, tag = 'input') => ({ selector: `${LOADED_FORM} ${tag}[name="${name}"]` });

export default defineCrmMapping({
  id: 'tryton',
  name: 'Tryton (sales opportunities)',
  // trytond's default port; the Debian package's service listens there. Change to your server's address.
  matches: ['http://localhost:8000/*', 'http://127.0.0.1:8000/*'],
  // sao's record addresses: #<database>/model/sale.opportunity/<id>;name=…&views=… (a new, unsaved record has a
  // negative id and no deal yet).
  recordId: { pattern: '#[^/#]+/model/sale\\.opportunity/(\\d+)(?=[;&?]|$)' },
  fields: {
    // The opportunity's own title ("Globex – 120 seats"); the number is a sequence and the party the customer.
    name: field('description'),
    amount: field('amount'),
    stage: field('state', 'select'),
    // Shown as a percentage (the field stores 0–1 and the form multiplies by 100).
    probability: field('conversion_probability'),
    // "End Date": when the deal is expected to close; Tryton sets it to the day it is won, lost or cancelled.
    closeDate: field('end_date'),
    // "Start Date": the day the lead came in (today by default, editable while a lead): the deal's age.
    createdDate: field('start_date'),
    // The salesperson: an employee of the company.
    owner: field('employee'),
  },
  /*
   * Tryton's states → canonical stages. Tryton has no pipeline stages of its own, only a workflow:
   * - Lead: not qualified yet → prospect.
   * - Opportunity: "Convert to Opportunity" is the qualification step, and the state lasts until a quotation is
   *   made → qualify. Not later: the per-stage rules would then ask every fresh opportunity for an economic buyer
   *   and a champion it has had no time to find.
   * - Converted: "Convert to Sale" creates a draft sale (the quotation) → propose. Tryton moves it on to Won when
   *   the sale is confirmed, and back when every sale is cancelled.
   * - Won → won. Lost → lost. Cancelled (dropped, a duplicate) → lost: closed without a sale, out of the pipeline.
   * Labels in English, and in German, French, Spanish, Catalan, Dutch and Italian as Tryton 6.0 translates them
   * (Danish has no translation: Danish users see English; several translations leave "Leads" and "Opportunities"
   * as placeholders, mapped too). The editor lists each label: users of other languages add theirs there.
   */
  stageMapping: {
    lead: 'prospect',
    leads: 'prospect',
    opportunity: 'qualify',
    opportunities: 'qualify',
    converted: 'propose',
    won: 'won',
    lost: 'lost',
    cancelled: 'lost',
    // German
    interessent: 'prospect',
    verkaufschance: 'qualify',
    umgewandelt: 'propose',
    gewonnen: 'won',
    verlust: 'lost',
    annulliert: 'lost',
    // French
    contact: 'prospect',
    opportunité: 'qualify',
    convertie: 'propose',
    gagnée: 'won',
    perdue: 'lost',
    annulée: 'lost',
    // Spanish and Catalan
    iniciativa: 'prospect',
    oportunidad: 'qualify',
    oportunitat: 'qualify',
    convertida: 'propose',
    ganada: 'won',
    guanyat: 'won',
    perdida: 'lost',
    perduda: 'lost',
    cancelada: 'lost',
    'cancel·lada': 'lost',
    // Dutch ("Gewonnen" as in German)
    geinteresseerden: 'prospect',
    opportunitieiten: 'qualify',
    geconverteerd: 'propose',
    verloren: 'lost',
    geannuleerd: 'lost',
    // Italian ("lead" and "opportunity" as in English)
    convertito: 'propose',
    conseguito: 'won',
    perso: 'lost',
    annullato: 'lost',
  },
});
