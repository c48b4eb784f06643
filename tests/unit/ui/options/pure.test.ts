import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../../../../src/rules/index';
import { mergeOptions, optionFields, sameValue, withOverride } from '../../../../src/ui/options/option-fields';
import { describeChanges, effectiveOptions, requiredFrom } from '../../../../src/ui/options/changes';
import { checkDraft, fieldId } from '../../../../src/ui/options/validation';
import { currencyForLocale, currentQuarter, mergeQuotas, normalisePeriod, parseQuotaPaste } from '../../../../src/ui/options/quotas';
import { requirementsWith } from '../../../../src/ui/options/QualificationSection';
import { withStage } from '../../../../src/ui/options/StagesSection';
import { mergeSections } from '../../../../src/ui/options/source';
import { defaultSettings, loadSettings, type Settings } from '../../../../src/model/settings';
import { optionLabelKey } from '../../../../src/ui/options/labels';
import { resolveFramework } from '../../../../src/qualification/frameworks';
import { tDa, tEn } from './render';
import en from '../../../../public/_locales/en/messages.json';
import da from '../../../../public/_locales/da/messages.json';

function settingsOf(input: Record<string, unknown>): Settings {
  const loaded = loadSettings({ version: 1, ...input });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.settings;
}

describe('option fields from the rules’ schemas', () => {
  it('describes every option of every rule, so each threshold is editable', () => {
    for (const rule of rules) {
      const defaults = rule.meta.options.parse({}) as Record<string, unknown>;
      expect(optionFields(rule).map((field) => field.key), rule.meta.id).toEqual(Object.keys(defaults));
    }
  });

  it('reads numbers’ limits, per-stage maps, stage choices and lists', () => {
    const fields = optionFields(rulesById.get('stale-activity')!);
    expect(fields[0]).toEqual({
      kind: 'number-map',
      key: 'maxDaysByStage',
      extra: null,
      entries: [
        { key: 'prospect', defaultValue: 45, min: 1, max: 3650, integer: true },
        { key: 'qualify', defaultValue: 30, min: 1, max: 3650, integer: true },
        { key: 'develop', defaultValue: 21, min: 1, max: 3650, integer: true },
        { key: 'propose', defaultValue: 14, min: 1, max: 3650, integer: true },
        { key: 'commit', defaultValue: 7, min: 1, max: 3650, integer: true },
      ],
    });
    expect(fields[2]).toEqual({ kind: 'number', key: 'criticalMultiple', defaultValue: 2, min: 1, max: 10, integer: false });
    expect(fields[3]).toEqual({ kind: 'boolean', key: 'blankMeansNoActivity', defaultValue: true });
    const forecast = optionFields(rulesById.get('forecast-unsupported')!);
    expect(forecast.find((field) => field.key === 'earlyStages')).toEqual({ kind: 'choices', key: 'earlyStages', choices: ['prospect', 'qualify', 'develop', 'propose', 'commit'], defaultValue: ['prospect', 'qualify'] });
    expect(forecast.find((field) => field.key === 'forecastCategories')).toMatchObject({ kind: 'text-list', defaultValue: ['commit', 'best case', 'forpligtet', 'bedste tilfælde'] });
    expect(optionFields(rulesById.get('qualification-gaps')!)[0]).toMatchObject({ kind: 'choice', defaultValue: 'commit' });
    // Per-currency amounts: the user may add currencies of their own.
    expect(optionFields(rulesById.get('effort-out-of-proportion')!).find((field) => field.key === 'hourlyCostByCurrency')).toMatchObject({
      kind: 'number-map',
      extra: { min: 0, max: 1e9, integer: false },
    });
  });

  it('every option has a label in English and Danish', () => {
    for (const rule of rules) {
      for (const field of optionFields(rule)) {
        const key = optionLabelKey(rule.meta.id, field.key) as keyof typeof en;
        expect(en[key]?.message, `en ${key}`).toBeTruthy();
        expect((da as Record<string, { message: string }>)[key]?.message, `da ${key}`).toBeTruthy();
      }
    }
  });

  it('stores only what differs from the defaults, pruning emptied objects', () => {
    const defaults = rulesById.get('stale-record')!.meta.options.parse({});
    let overrides = withOverride({}, ['maxDaysByStage', 'commit'], 5, defaults);
    expect(overrides).toEqual({ maxDaysByStage: { commit: 5 } });
    overrides = withOverride(overrides, ['criticalMultiple'], 3, defaults);
    overrides = withOverride(overrides, ['maxDaysByStage', 'commit'], 7, defaults);
    expect(overrides).toEqual({ criticalMultiple: 3 });
    expect(withOverride(overrides, ['criticalMultiple'], undefined, defaults)).toEqual({});
    // A value being typed (NaN) is kept, to be reported.
    expect(withOverride({}, ['unmappedStageDays'], Number.NaN, defaults)).toEqual({ unmappedStageDays: Number.NaN });
    expect(mergeOptions({ a: { b: 1, c: 2 }, d: [1] }, { a: { c: 3 }, d: [] })).toEqual({ a: { b: 1, c: 3 }, d: [] });
    expect(sameValue({ a: [1, { b: undefined }] }, { a: [1, {}] })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });

  it('shows options being typed as typed, and valid ones with their defaults filled in', () => {
    expect(effectiveOptions('stale-record', { maxDaysByStage: { commit: 5 } })).toMatchObject({ maxDaysByStage: { prospect: 45, commit: 5 }, unmappedStageDays: 30 });
    expect(effectiveOptions('stale-record', { maxDaysByStage: { commit: Number.NaN } })).toMatchObject({ maxDaysByStage: { prospect: 45, commit: Number.NaN } });
  });
});

describe('checking the draft', () => {
  it('maps each error to its field, in the user’s language', () => {
    const draft = {
      ...defaultSettings(),
      rules: { 'stale-record': { enabled: true, options: { maxDaysByStage: { commit: 0 }, criticalMultiple: Number.NaN } }, 'cycle-too-long': { enabled: true, options: { smallBelow: 300_000 } } },
      quotas: [
        { owner: 'Anna', period: '2026-Q3', amount: 10, currency: 'EUR' },
        { owner: ' anna ', period: '2026-Q3', amount: 20, currency: 'EUR' },
        { owner: 'Bo', period: 'Q3', amount: -1, currency: 'eu' },
      ],
    } as Settings;
    const { errors, settings } = checkDraft(draft, tEn);
    expect(settings).toBeNull();
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: ['rules', 'stale-record', 'options', 'maxDaysByStage', 'commit'], message: 'Must be at least 1' },
        { path: ['rules', 'stale-record', 'options', 'criticalMultiple'], message: 'Enter a number' },
        { path: ['rules', 'cycle-too-long', 'options', 'midBelow'], message: 'Must be above the small-deal amount' },
        { path: ['quotas', 1, 'period'], message: 'anna already has a quota for 2026-Q3' },
        { path: ['quotas', 2, 'period'], message: 'Write the period as 2026-Q3 (quarter), 2026-07 (month) or 2026 (year)' },
        { path: ['quotas', 2, 'amount'], message: 'Must be at least 0' },
        { path: ['quotas', 2, 'currency'], message: 'A three-letter currency code such as EUR or DKK' },
      ]),
    );
    expect(checkDraft(draft, tDa).errors[0]!.message).toBe('Skal være mindst 1');
  });

  it('gives valid settings, normalised as they are stored', () => {
    const { errors, settings } = checkDraft({ ...defaultSettings(), stageMapping: { salesforce: { 'Verbal Commit': 'commit' } } }, tEn);
    expect(errors).toEqual([]);
    expect(settings!.stageMapping).toEqual({ salesforce: { 'verbal commit': 'commit' } });
  });

  it('field ids are valid HTML ids for any stage label', () => {
    const id = fieldId(['stageMapping', 'salesforce', 'Proposal/Price Quote. "x"']);
    expect(id).not.toMatch(/[\s."/]/);
    expect(fieldId(['quotas', 0, 'owner'])).toBe('field-quotas-0-owner');
  });
});

describe('describing changes', () => {
  const label = (changes: ReturnType<typeof describeChanges>) => changes.map((change) => change.text);

  it('names rules turned off, severities, thresholds and lists', () => {
    const before = defaultSettings();
    const after = settingsOf({
      rules: {
        'next-step-missing': { enabled: false },
        'stale-record': { severity: 'critical', options: { maxDaysByStage: { commit: 5 }, criticalMultiple: 3 } },
        'next-step-vague': { options: { vaguePhrases: ['follow up', 'maybe later'] } },
        'effort-out-of-proportion': { options: { hourlyCostByCurrency: { EUR: 90 } } },
      },
    });
    expect(label(describeChanges(before, after, tEn, 'en'))).toEqual([
      'Record not updated: severity Default (Warning) → Critical',
      'Record not updated: Days without an update, per stage (Commit) 7 → 5',
      'Record not updated: Critical at this multiple of the limit 2 → 3',
      'Next step missing: turned off',
      expect.stringMatching(/^Vague next step: Vague phrases, one per line: 1 added, \d+ removed$/),
      'Effort out of proportion: Cost of one hour in particular currencies (EUR) — → 90',
    ]);
    expect(describeChanges(after, after, tEn, 'en')).toEqual([]);
  });

  it('names the framework, criteria that moved stage, stage labels, quotas and the time zone', () => {
    const before = settingsOf({ quotas: [{ owner: 'Anna', period: '2026', amount: 1, currency: 'EUR' }] });
    const after = settingsOf({
      qualification: { framework: 'bant', requiredByStage: { meddicc: { develop: ['metrics'] } } },
      stageMapping: { hubspot: { 'verbal yes': 'commit' } },
      quotas: [
        { owner: 'Anna', period: '2026', amount: 2, currency: 'EUR' },
        { owner: 'Bo', period: '2026', amount: 2, currency: 'EUR' },
      ],
      timeZone: 'Europe/Copenhagen',
    });
    const lines = label(describeChanges(before, after, tEn, 'en'));
    expect(lines).toContain('Framework: MEDDICC → BANT');
    expect(lines).toContain('MEDDICC, Metrics: required from Propose → required from Develop');
    expect(lines).toContain('HubSpot: "verbal yes" means Commit');
    expect(lines).toContain('Quotas: 1 added, 1 changed, 0 removed');
    expect(lines).toContain("Time zone: this browser's time zone → Europe/Copenhagen");
  });
});

describe('qualification requirements', () => {
  it('moves a criterion’s start and stores overrides only when they differ from the framework', () => {
    const settings = defaultSettings();
    expect(requiredFrom(settings, 'meddicc').get('metrics')).toBe('propose');
    const earlier = requirementsWith(settings, 'meddicc', 'metrics', 'develop');
    const resolved = resolveFramework({ qualification: earlier });
    expect(resolved.requiredByStage.develop).toContain('metrics');
    expect(resolved.requiredByStage.qualify).not.toContain('metrics');
    expect(requirementsWith({ qualification: earlier }, 'meddicc', 'metrics', 'propose').requiredByStage).toEqual({});
    const never = requirementsWith(settings, 'meddicc', 'competition', null);
    expect(resolveFramework({ qualification: never }).requiredByStage.commit).not.toContain('competition');
  });
});

describe('stage mappings', () => {
  it('keeps only overrides that differ from the CRM’s built-in labels', () => {
    const defaults = { 'negotiation/review': 'commit' } as const;
    expect(withStage({}, defaults, ' Negotiation/Review ', 'propose')).toEqual({ 'negotiation/review': 'propose' });
    expect(withStage({ 'negotiation/review': 'propose' }, defaults, 'negotiation/review', 'commit')).toEqual({});
    expect(withStage({ 'verbal yes': 'commit' }, defaults, 'verbal yes', undefined)).toEqual({});
  });
});

describe('saving only the sections edited here', () => {
  it('keeps sections changed elsewhere meanwhile, and privacy, which this page does not edit', () => {
    const stored = settingsOf({ quotas: [{ owner: 'Other device', period: '2026', amount: 1, currency: 'EUR' }], privacy: { retentionDays: 90 } });
    const draft = settingsOf({ rules: { 'stale-record': { enabled: false } }, timeZone: 'UTC' });
    const merged = mergeSections(stored, draft, ['rules']);
    expect(merged.rules).toEqual(draft.rules);
    expect(merged.quotas).toEqual(stored.quotas);
    expect(merged.privacy).toEqual({ retentionDays: 90 });
    expect('timeZone' in merged).toBe(false);
    expect(mergeSections(settingsOf({ timeZone: 'UTC' }), defaultSettings(), ['timeZone']).timeZone).toBeUndefined();
  });
});

describe('quotas', () => {
  it('normalises periods as people write them', () => {
    expect(['2026-q3', 'Q3 2026', '2026 Q3', 'q3/2026', '2026Q3'].map(normalisePeriod)).toEqual(Array(5).fill('2026-Q3'));
    expect(normalisePeriod('2026-7')).toBe('2026-07');
    expect(normalisePeriod(' 2026 ')).toBe('2026');
    expect(normalisePeriod('soon')).toBe('SOON');
  });

  it('starts a new quota in the current quarter of the user’s zone', () => {
    expect(currentQuarter(new Date('2026-03-31T23:30:00Z'), 'UTC')).toBe('2026-Q1');
    expect(currentQuarter(new Date('2026-03-31T23:30:00Z'), 'Europe/Copenhagen')).toBe('2026-Q2');
  });

  it('picks a currency from the locale', () => {
    expect(currencyForLocale('da')).toBe('DKK');
    expect(currencyForLocale('en-GB')).toBe('GBP');
    expect(currencyForLocale('de-DE')).toBe('EUR');
    expect(currencyForLocale('en')).toBe('USD');
  });

  it('reads pasted spreadsheet cells and CSV, skipping a heading line', () => {
    const tabbed = 'Owner\tPeriod\tAmount\tCurrency\nAnna Berg\t2026-Q3\t1.250.000\tDKK\nBo  Lund\tQ4 2026\t900.000 kr.\n';
    expect(parseQuotaPaste(tabbed, 'da', 'EUR')).toEqual({
      quotas: [
        { owner: 'Anna Berg', period: '2026-Q3', amount: 1_250_000, currency: 'DKK' },
        { owner: 'Bo Lund', period: '2026-Q4', amount: 900_000, currency: 'DKK' },
      ],
      problems: [],
    });
    expect(parseQuotaPaste('Anna;2026;1 000,5', 'fr', 'EUR').quotas).toEqual([{ owner: 'Anna', period: '2026', amount: 1000.5, currency: 'EUR' }]);
  });

  it('names each line it cannot read', () => {
    const pasted = parseQuotaPaste('Di,2026,5\nAnna,2026-Q3,lots\nBo,next year,5\nCy,2026\nEd,2026,5,euro\nDi,2026,6', 'en', 'EUR');
    expect(pasted.problems).toEqual([
      { line: 2, code: 'amount', text: 'lots' },
      { line: 3, code: 'invalid', field: 'period' },
      { line: 4, code: 'columns' },
      { line: 5, code: 'invalid', field: 'currency' },
      { line: 6, code: 'repeated', owner: 'Di', period: '2026' },
    ]);
    // A first line whose amount is not a number is a heading, not a problem.
    expect(parseQuotaPaste('Sælger;Periode;Beløb\nAnna;2026;5', 'da', 'DKK')).toEqual({ quotas: [{ owner: 'Anna', period: '2026', amount: 5, currency: 'DKK' }], problems: [] });
  });

  it('merges pasted quotas: same owner and period replaces, others are added', () => {
    const existing = [{ owner: 'Anna', period: '2026', amount: 1, currency: 'EUR' }];
    const merged = mergeQuotas(existing, [
      { owner: 'ANNA', period: '2026', amount: 2, currency: 'EUR' },
      { owner: 'Bo', period: '2026', amount: 3, currency: 'EUR' },
    ]);
    expect(merged).toMatchObject({ added: 1, updated: 1 });
    expect(merged.quotas.map((quota) => quota.amount)).toEqual([2, 3]);
  });
});
