import { describe, expect, it } from 'vitest';
import { buildWeeklyBrief, escapeMarkdown } from '../../../src/review/brief';
import { createTranslator, lookupFromFile } from '../../../src/i18n/translate';
import en from '../../../public/_locales/en/messages.json';
import da from '../../../public/_locales/da/messages.json';
import { amount, date, daysFromToday, known, named, NOW, owner, row, stage } from './deals';

const tEn = createTranslator(lookupFromFile(en), 'en');
const tDa = createTranslator(lookupFromFile(da), 'da');

const closeOn = (days: number) => ({ closeDate: known(daysFromToday(days), daysFromToday(days)) });

const slipped = row({
  id: 'S1',
  fields: { name: named('Acme – 500 seats'), owner: owner('Dana Seller'), amount: amount(250_000), ...closeOn(29) },
  history: [
    { capturedAt: '2026-05-01T09:00:00.000Z', fields: closeOn(4) },
    // Pushed on 20 May: before this week.
    { capturedAt: '2026-05-20T09:00:00.000Z', fields: closeOn(10) },
  ],
});
const staleCommit = row({
  id: 'C1',
  fields: {
    name: named('Globex *expansion* [v2](http://evil.example)'),
    owner: owner('Sam Rep'),
    amount: amount(90_000),
    stage: stage('Negotiation/Review', 'commit'),
    lastActivityDate: date(-30),
    lastModifiedDate: date(-30),
  },
});
const gap = row({
  id: 'G1',
  fields: {
    name: named('Initech pilot'),
    owner: owner('Dana Seller'),
    amount: amount(40_000),
    stage: stage('Qualification', 'qualify'),
    probability: known(90, '90%'),
    forecastCategory: known('Pipeline', 'Pipeline'),
  },
});
const won = row({ id: 'W1', fields: { name: named('Umbrella'), amount: amount(10_000), stage: stage('Closed Won', 'won'), lastModifiedDate: date(-90), lastActivityDate: date(-90) } });
const rows = [slipped, staleCommit, gap, won];
const quotas = [{ owner: 'Dana Seller', period: '2026-Q2', amount: 100_000, currency: 'EUR' }];

describe('buildWeeklyBrief', () => {
  const brief = buildWeeklyBrief({ rows, totalDeals: rows.length, quotas, now: NOW, timeZone: 'UTC', t: tEn, locale: 'en-US' });

  it('covers the last seven days up to today', () => {
    expect(brief.week).toEqual({ from: '2026-05-26', to: '2026-06-01' });
    expect(brief.markdown).toContain('# Weekly pipeline brief · Jun 1, 2026');
    expect(brief.markdown).toContain('## Slipped this week (May 26, 2026 – Jun 1, 2026)');
  });

  it('lists a deal whose close date moved later this week, with the move and the pushes in all', () => {
    expect(brief.slipped).toBe(1);
    expect(brief.markdown).toContain('- **Acme – 500 seats** · Dana Seller · €250,000: close date Jun 11, 2026 → Jun 30, 2026 (+19 days; pushed 2 times in all)');
  });

  it('lists open commit deals with staleness findings, with the findings as text', () => {
    expect(brief.staleCommits).toBe(1);
    const section = brief.markdown.split('## Stale commits')[1]!.split('##')[0]!;
    expect(section).toContain('Sam Rep · €90,000:');
    expect(section).toMatch(/No customer activity for 30 days|30 days/);
    expect(section).not.toContain('Initech');
  });

  it('lists open deals with qualification findings and their stage', () => {
    expect(brief.qualificationGaps).toBe(1);
    const section = brief.markdown.split('## Qualification gaps')[1]!;
    expect(section).toContain('**Initech pilot** · Dana Seller · €40,000 · Qualification:');
  });

  it('sums open pipeline and value at risk per currency, leaving closed deals out', () => {
    expect(brief.markdown).toContain('- Open pipeline: €380,000 (3 deals)');
    expect(brief.markdown).toContain('- Value at risk: €90,000 in 1 deal with critical findings');
    expect(brief.atRiskDeals).toBe(1);
  });

  it('shows coverage of the current quota periods', () => {
    // Dana's open deals closing in Q2 (by 30 June): Acme 250,000 and Initech 40,000 (closing 1 July by default) → Acme only.
    expect(brief.markdown).toContain('## Coverage against quota');
    expect(brief.markdown).toMatch(/- Dana Seller · 2026-Q2: 2\.5× \(€250,000 of €100,000\)/);
  });

  it('escapes CRM text so a deal name cannot become a link or markup', () => {
    expect(brief.markdown).toContain('**Globex \\*expansion\\* \\[v2\\](http://evil.example)**');
    expect(brief.markdown).not.toContain('[v2](http');
    expect(escapeMarkdown('a\nb  <script>|x')).toBe('a b \\<script\\>\\|x');
  });

  it('says when the brief covers a filtered view, and says "None." for an empty section', () => {
    const filtered = buildWeeklyBrief({ rows: [gap], totalDeals: 4, quotas: [], now: NOW, timeZone: 'UTC', t: tEn, locale: 'en-US' });
    expect(filtered.markdown).toContain('_1 of 4 deals (filtered view)_');
    expect(filtered.markdown.split('## Stale commits')[1]!.split('##')[0]).toContain('_None._');
    expect(filtered.markdown).not.toContain('Coverage against quota');
  });

  it('cuts long sections with "…and N more"', () => {
    const many = Array.from({ length: 13 }, (_, i) => row({ ...{ id: `G${i}` }, fields: { name: named(`Gap ${i}`), stage: stage('Qualification', 'qualify'), probability: known(90, '90%') } }));
    const long = buildWeeklyBrief({ rows: many, totalDeals: 13, quotas: [], now: NOW, timeZone: 'UTC', t: tEn, locale: 'en-US', maxPerSection: 10 });
    expect(long.markdown).toContain('- …and 3 more');
  });

  it('is written in the UI language, with its dates and money', () => {
    const danish = buildWeeklyBrief({ rows, totalDeals: rows.length, quotas, now: NOW, timeZone: 'UTC', t: tDa, locale: 'da-DK' });
    expect(danish.markdown).toContain('# Ugentlig pipeline-briefing · 1. jun. 2026');
    expect(danish.markdown).toContain('## Forældede commits');
    expect(danish.markdown).toMatch(/250\.000\s€/);
  });
});
