import { defineCrmMapping } from '../../model/crm-mapping';

/**
 * Not a CRM: a starting point for an in-house or unlisted CRM, with the labels record pages commonly use in English,
 * Danish and German. The user replaces the address and the record-id pattern with their CRM's, then keeps the
 * labels their pages show ("Test on this tab" says which were found).
 */
export default defineCrmMapping({
  id: 'starter',
  name: 'Common field labels (English, Danish, German)',
  matches: ['https://crm.example.com/*'],
  // The last run of digits in the path or hash, as most CRMs number their records: /deals/1842, #/opportunity/1842.
  recordId: { pattern: '(?:/|#|=)(\\d{1,12})(?:[/?#&]|$)' },
  fields: {
    name: { labels: ['Deal name', 'Opportunity name', 'Name', 'Title', 'Aftalenavn', 'Navn', 'Titel', 'Verkaufschance', 'Name der Verkaufschance'] },
    amount: { labels: ['Amount', 'Value', 'Deal value', 'Expected revenue', 'Beløb', 'Værdi', 'Betrag', 'Wert'] },
    stage: { labels: ['Stage', 'Sales stage', 'Status', 'Fase', 'Salgsfase', 'Phase', 'Verkaufsphase'] },
    probability: { labels: ['Probability', 'Probability (%)', 'Sandsynlighed', 'Wahrscheinlichkeit'] },
    closeDate: { labels: ['Close date', 'Expected close date', 'Closing date', 'Lukkedato', 'Forventet lukkedato', 'Abschlussdatum'] },
    createdDate: { labels: ['Created', 'Created on', 'Date created', 'Oprettet', 'Erstellt am'] },
    lastModifiedDate: { labels: ['Last modified', 'Modified', 'Last updated', 'Sidst ændret', 'Geändert am'] },
    lastActivityDate: { labels: ['Last activity', 'Last activity date', 'Seneste aktivitet', 'Letzte Aktivität'] },
    nextStep: { labels: ['Next step', 'Next action', 'Næste skridt', 'Nächster Schritt'] },
    owner: { labels: ['Owner', 'Deal owner', 'Salesperson', 'Ejer', 'Sælger', 'Besitzer', 'Verkäufer'] },
  },
  stageMapping: {
    prospect: 'prospect',
    lead: 'prospect',
    qualification: 'qualify',
    qualified: 'qualify',
    'needs analysis': 'develop',
    proposal: 'propose',
    quote: 'propose',
    negotiation: 'commit',
    won: 'won',
    'closed won': 'won',
    lost: 'lost',
    'closed lost': 'lost',
    kvalificering: 'qualify',
    tilbud: 'propose',
    forhandling: 'commit',
    vundet: 'won',
    tabt: 'lost',
    angebot: 'propose',
    verhandlung: 'commit',
    gewonnen: 'won',
    verloren: 'lost',
  },
});
