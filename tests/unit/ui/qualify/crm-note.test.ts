import { describe, expect, it } from 'vitest';
import { createTranslator, lookupFromFile } from '../../../../src/i18n/translate';
import { buildQualificationContext } from '../../../../src/qualification/context';
import { resolveFramework } from '../../../../src/qualification/frameworks';
import { defaultSettings } from '../../../../src/model/settings';
import type { QualificationRecord } from '../../../../src/qualification/types';
import { crmNoteText } from '../../../../src/ui/qualify/crm-note';
import { dealStage } from '../../../../src/ui/qualify/requirements';
import { known, makeSnapshot } from '../../../helpers/deals';
import en from '../../../../public/_locales/en/messages.json';
import da from '../../../../public/_locales/da/messages.json';

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');
const NOW = new Date('2026-11-27T10:00:00.000Z');
const settings = defaultSettings();
const meddicc = resolveFramework(settings, 'meddicc')!;
const at = NOW.toISOString();

const record: QualificationRecord = {
  dealKey: 'salesforce:acme.lightning.force.com:0065g00000AcmeQ',
  frameworkId: 'meddicc',
  answers: {
    metrics: { answer: 'yes', note: 'Saves 2 FTE in support\nsigned off by COO', answeredAt: at },
    'economic-buyer': { answer: 'partly', note: 'CFO signs; not met yet', answeredAt: at },
    'identify-pain': { answer: 'yes', note: '', answeredAt: at },
    champion: { answer: 'no', note: '', answeredAt: at },
  },
  effort: { people: 3, hours: 40 },
  managementMet: false,
  updatedAt: at,
};

describe('copy as CRM note', () => {
  it('lists every criterion with answer and note, effort, management and what the stage still requires (English)', () => {
    const deal = makeSnapshot({ fields: { qualification: known({ 'decision-process': 'Board approves in January' }, '') } });
    const context = buildQualificationContext({ framework: meddicc, record, deal });
    const text = crmNoteText({ t: tEn, lang: 'en', locale: 'en-US', timeZone: 'UTC', context, dealName: 'Acme – 500 seats', stage: dealStage(deal), now: NOW, callMs: 754_000 });
    expect(text).toBe(
      [
        'Qualification (MEDDICC): Acme – 500 seats',
        'Nov 27, 2026 · qualification score 50.5/100',
        'Call length: 12:34',
        '',
        'Metrics: Yes – Saves 2 FTE in support; signed off by COO',
        'Economic buyer: Partly – CFO signs; not met yet',
        'Decision criteria: not answered',
        'Decision process: Yes (from the CRM)',
        'Identified pain: Yes',
        'Champion: No',
        'Competition: not answered',
        '',
        'Internal effort: 3 people, 40 hours',
        'Management has met the customer: No',
        'Still missing for Proposal/Price Quote: Economic buyer, Decision criteria, Champion',
      ].join('\n'),
    );
  });

  it('writes Danish with Danish criterion labels and dates, one person in the singular, and no call line without a call', () => {
    const context = buildQualificationContext({ framework: meddicc, record: { ...record, effort: { people: 1, hours: 1 }, managementMet: null }, deal: null });
    const text = crmNoteText({ t: tDa, lang: 'da', locale: 'da-DK', timeZone: 'UTC', context, dealName: 'Globex fornyelse', stage: dealStage(null), now: NOW });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Kvalificering (MEDDICC): Globex fornyelse');
    expect(lines[1]).toBe('27. nov. 2026 · kvalificeringsscore 36,5/100');
    expect(lines[2]).toBe('');
    expect(text).toContain('Målbar værdi: Ja – Saves 2 FTE in support; signed off by COO');
    expect(text).toContain('Beslutningskriterier: ikke besvaret');
    expect(text).toContain('Intern indsats: 1 person, 1 time');
    expect(text).toContain('Ledelsen har mødt kunden: Ikke registreret');
    // Stage unknown (qualified by name): the first stage not yet met, and what it lacks.
    expect(lines.at(-1)).toBe('Mangler stadig til Udvikling: Økonomisk beslutningstager, Beslutningsproces');
    expect(text).not.toContain('Samtalens længde');
  });

  it('names evidence recorded under an equivalent criterion, and says when nothing is recorded', () => {
    const bant = resolveFramework(settings, 'bant')!;
    const context = buildQualificationContext({ framework: bant, record: { ...record, frameworkId: 'bant', effort: null }, deal: null });
    const text = crmNoteText({ t: tEn, lang: 'en', locale: 'en-US', timeZone: 'UTC', context, dealName: null, stage: dealStage(null), now: NOW });
    expect(text.split('\n')[0]).toBe('Qualification (BANT)');
    expect(text).toContain('Authority: Partly (answered as Economic buyer)');
    expect(text).toContain('Need: Yes (answered as Identified pain)');
    expect(text).toContain('Internal effort: not recorded');
    expect(text.split('\n').at(-1)).toBe('Still missing for Qualify: Timeline');
  });

  it('says so when the stage has everything it requires, and leaves out requirements of a closed deal', () => {
    const everything = Object.fromEntries(meddicc.criteria.map((criterion) => [criterion.id, { answer: 'yes' as const, note: '', answeredAt: at }]));
    const deal = makeSnapshot();
    const full = buildQualificationContext({ framework: meddicc, record: { ...record, answers: everything }, deal });
    expect(crmNoteText({ t: tEn, lang: 'en', locale: 'en-US', context: full, dealName: 'A', stage: dealStage(deal), now: NOW }).split('\n').at(-1)).toBe(
      'Everything Proposal/Price Quote requires is qualified.',
    );
    const won = makeSnapshot({ fields: { stage: known({ label: 'Closed Won', canonical: 'won' }, 'Closed Won') } });
    const closed = buildQualificationContext({ framework: meddicc, record, deal: won });
    expect(crmNoteText({ t: tEn, lang: 'en', locale: 'en-US', context: closed, dealName: 'A', stage: dealStage(won), now: NOW }).split('\n').at(-1)).toBe('Management has met the customer: No');
  });
});
