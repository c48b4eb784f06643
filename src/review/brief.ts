/**
 * The weekly pipeline meeting brief, as Markdown: value at risk, deals whose close date slipped this week, stale
 * commits and qualification gaps, for the deals in view. Pure: `now` and the translator are parameters.
 * Deal names and owners are CRM data: every one is escaped, so a name cannot turn into a link, a heading or markup.
 */
import type { Quota } from '../model/settings';
import type { Finding } from '../model/verdict';
import { findingText } from '../i18n/finding';
import type { Translate } from '../i18n/translate';
import { atRisk, openPipeline, quotaCoverage, type CurrencyTotal, type PipelineDeal } from '../pipeline/figures';
import { isoDateAt } from '../rules/dates';
import { rulesById } from '../rules';
import { addDays, formatDate, formatMoney, formatNumber } from './format';
import type { ReviewRow } from './rows';
import { slipBetween, type Slip } from './slippage';

export interface BriefInput {
  /** The deals in view (the table's filtered rows). */
  rows: readonly ReviewRow[];
  /** Deals loaded in all, to say when the brief covers a filtered view. */
  totalDeals: number;
  quotas: readonly Quota[];
  now: Date;
  timeZone?: string;
  t: Translate;
  locale: string;
  /** Deals listed per section before "…and N more". */
  maxPerSection?: number;
}

export interface WeeklyBrief {
  markdown: string;
  /** The calendar days "this week" covers, inclusive. */
  week: { from: string; to: string };
  slipped: number;
  staleCommits: number;
  qualificationGaps: number;
  atRiskDeals: number;
}

/**
 * Escapes Markdown's inline syntax and folds line breaks: CRM text stays text wherever the brief is pasted. Brackets
 * are escaped, so "(…)" can never complete a link and stays readable; text never starts a line, so "#" and "-" are safe.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|~]/g, (char) => `\\${char}`);
}

const categoryOf = (finding: Finding) => rulesById.get(finding.ruleId)?.meta.category;

/** Rows by amount, largest first; deals without a readable amount after them, by name. */
function byAmount(a: ReviewRow, b: ReviewRow): number {
  const x = a.amount.value?.value ?? null;
  const y = b.amount.value?.value ?? null;
  if (x !== y) return x === null ? 1 : y === null ? -1 : y - x;
  return (a.name.value ?? '').localeCompare(b.name.value ?? '');
}

const isCommit = (row: ReviewRow) => {
  const forecast = row.deal.snapshot.fields.forecastCategory;
  return row.stage.value?.canonical === 'commit' || (forecast.state === 'value' && /\bcommit/i.test(forecast.value));
};

export function buildWeeklyBrief(input: BriefInput): WeeklyBrief {
  const { rows, t, locale, quotas } = input;
  const max = input.maxPerSection ?? 10;
  const today = isoDateAt(input.now, input.timeZone);
  const week = { from: addDays(today, -6), to: today };
  const open = rows.filter((row) => row.open === true);
  const pipelineDeals: PipelineDeal[] = rows.map((row) => ({ snapshot: row.deal.snapshot, verdict: row.deal.verdict }));

  const money = (totals: readonly CurrencyTotal[]) => totals.map((total) => formatMoney(total.amount, total.currency, locale)).join(' + ');
  const date = (iso: string) => formatDate(iso, locale);
  const label = (row: ReviewRow) => {
    const name = row.name.value ? `**${escapeMarkdown(row.name.value)}**` : `**${escapeMarkdown(t('review_unnamed_deal'))}**`;
    const owner = row.owner.value ? escapeMarkdown(row.owner.value) : t(row.owner.state === 'unknown' ? 'review_owner_unread' : 'review_owner_none');
    const amount = row.amount.value
      ? formatMoney(row.amount.value.value, row.amount.value.currency, locale)
      : t(row.amount.state === 'unknown' ? 'review_amount_unread' : 'review_amount_none');
    return `${name} · ${owner} · ${amount}`;
  };
  const findingsText = (findings: readonly Finding[]) => escapeMarkdown(findings.map((finding) => findingText(t, finding)).join('; '));
  const list = <T>(items: readonly T[], line: (item: T) => string): string[] => {
    if (!items.length) return [`_${t('review_brief_none')}_`];
    const lines = items.slice(0, max).map((item) => `- ${line(item)}`);
    if (items.length > max) lines.push(`- ${t('review_brief_more', { count: items.length - max })}`);
    return lines;
  };

  const slipped = open
    .map((row) => ({ row, slip: slipBetween(row.deal.closeDate, week.from, week.to) }))
    .filter((entry): entry is { row: ReviewRow; slip: Slip } => entry.slip !== null)
    .sort((a, b) => b.slip.days - a.slip.days || byAmount(a.row, b.row));
  const staleCommits = open
    .filter(isCommit)
    .map((row) => ({ row, findings: row.deal.verdict.findings.filter((finding) => categoryOf(finding) === 'staleness') }))
    .filter((entry) => entry.findings.length > 0)
    .sort((a, b) => byAmount(a.row, b.row));
  const gaps = open
    .map((row) => ({ row, findings: row.deal.verdict.findings.filter((finding) => categoryOf(finding) === 'qualification') }))
    .filter((entry) => entry.findings.length > 0)
    .sort((a, b) => byAmount(a.row, b.row));
  const pipeline = openPipeline(pipelineDeals);
  const risk = atRisk(pipelineDeals);
  const coverage = quotaCoverage(pipelineDeals, quotas, today).filter((entry) => entry.timing === 'current');

  const openWithAmount = pipeline.byCurrency.reduce((sum, total) => sum + total.deals, 0);
  const lines: string[] = [
    `# ${t('review_brief_title', { date: date(today) })}`,
    '',
    `_${rows.length === input.totalDeals ? t('review_brief_scope_all', { count: rows.length }) : t('review_brief_scope_filtered', { count: rows.length, total: input.totalDeals })}_`,
    '',
    `## ${t('review_brief_glance')}`,
    '',
    `- ${openWithAmount ? t('review_brief_open_pipeline', { amounts: money(pipeline.byCurrency), count: openWithAmount }) : t('review_brief_open_pipeline_none')}`,
    `- ${risk.deals ? t('review_brief_at_risk', { amounts: risk.byCurrency.length ? money(risk.byCurrency) : '–', count: risk.deals }) : t('review_brief_at_risk_none')}`,
    `- ${t('review_brief_slipped_count', { count: slipped.length })}`,
    `- ${t('review_brief_stale_commits_count', { count: staleCommits.length })}`,
    `- ${t('review_brief_gaps_count', { count: gaps.length })}`,
  ];
  if (pipeline.withoutAmount.count) lines.push(`- ${t('review_brief_without_amount', { count: pipeline.withoutAmount.count })}`);

  if (coverage.length) {
    lines.push('', `## ${t('review_brief_coverage')}`, '');
    for (const entry of coverage) {
      const figures = {
        owner: escapeMarkdown(entry.owner),
        period: entry.period,
        pipeline: formatMoney(entry.pipeline, entry.quota.currency, locale),
        quota: formatMoney(entry.quota.amount, entry.quota.currency, locale),
      };
      lines.push(
        `- ${entry.coverage === null ? t('review_brief_coverage_zero', figures) : t('review_brief_coverage_item', { ...figures, coverage: formatNumber(entry.coverage, locale, { maximumFractionDigits: 1 }) })}`,
      );
    }
  }

  lines.push('', `## ${t('review_brief_slipped', { from: date(week.from), to: date(week.to) })}`, '');
  lines.push(
    ...list(slipped, ({ row, slip }) =>
      `${label(row)}: ${t('review_brief_slipped_item', { from: date(slip.from), to: date(slip.to), days: slip.days, pushes: row.deal.closeDate?.pushCount ?? slip.pushes })}`,
    ),
  );
  lines.push('', `## ${t('review_brief_stale_commits')}`, '');
  lines.push(...list(staleCommits, ({ row, findings }) => `${label(row)}: ${findingsText(findings)}`));
  lines.push('', `## ${t('review_brief_gaps')}`, '');
  lines.push(...list(gaps, ({ row, findings }) => `${label(row)}${row.stage.value ? ` · ${escapeMarkdown(row.stage.value.label)}` : ''}: ${findingsText(findings)}`));
  lines.push('', '---', `_${t('review_brief_footer')}_`, '');

  return { markdown: lines.join('\n'), week, slipped: slipped.length, staleCommits: staleCommits.length, qualificationGaps: gaps.length, atRiskDeals: risk.deals };
}
