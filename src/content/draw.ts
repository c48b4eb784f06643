import type { Adapter, AnchorTarget } from '../adapters/types';
import type { FieldName } from '../model/deal';
import { severityRank, worstSeverity } from '../model/severity';
import type { Finding, Verdict } from '../model/verdict';
import { findingText } from '../i18n/finding';
import type { Translate } from '../i18n/translate';
import type { BadgeSpec } from '../ui/badges/badges';


/**
 * Turns a record page's verdict into badges: one per field that has findings, plus the summary chip, which opens
 * quick-qualify in the side panel (`onChipActivate`) when given.
 */
export function badgeSpecs(doc: Document, adapter: Adapter, scope: Element | null, verdict: Verdict, t: Translate, onChipActivate?: () => void): BadgeSpec[] {
  const specs: BadgeSpec[] = [];
  const byField = new Map<string, Finding[]>();
  const unanchored: Finding[] = [];
  for (const finding of verdict.findings) {
    if (!finding.field) {
      unanchored.push(finding);
      continue;
    }
    byField.set(finding.field, [...(byField.get(finding.field) ?? []), finding]);
  }
  for (const [field, list] of byField) {
    const anchor = adapter.anchor(doc, scope, field as FieldName);
    if (!anchor) {
      unanchored.push(...list);
      continue;
    }
    const sorted = [...list].sort((a, b) => severityRank[b.severity] - severityRank[a.severity]);
    const texts = sorted.map((finding) => findingText(t, finding));
    const severity = sorted[0]!.severity;
    specs.push({
      anchor,
      kind: 'field',
      severity,
      label: texts.length > 1 ? `${texts[0]} +${texts.length - 1}` : texts[0]!,
      ariaLabel: sorted.map((finding, i) => t('badge_finding_aria', { severity: t(`severity_${finding.severity}`), message: texts[i]! })).join('. '),
      details: texts,
    });
  }
  const titleAnchor = adapter.anchor(doc, scope, 'title' satisfies AnchorTarget);
  if (titleAnchor) {
    const worst = worstSeverity(verdict.findings);
    const score = verdict.hygiene.value;
    specs.push({
      anchor: titleAnchor,
      kind: 'chip',
      severity: worst ?? 'ok',
      label: t('badge_chip_label', { score }),
      ariaLabel: onChipActivate ? `${t('badge_chip_aria', { score, count: verdict.findings.length })}. ${t('badge_chip_open_hint')}` : t('badge_chip_aria', { score, count: verdict.findings.length }),
      details: [...verdict.findings.map((finding) => findingText(t, finding)), ...(onChipActivate ? [t('badge_chip_open_hint')] : [])],
      ...(onChipActivate ? { onActivate: onChipActivate } : {}),
    });
  }
  return specs;
}

/**
 * Lists and boards: one compact badge per row or card with findings (worst severity and count), and a quiet check
 * on clean ones, so a manager scanning a long list sees at once which deals need attention. Hovering or focusing a
 * badge lists its findings.
 */
export function rowBadgeSpecs(doc: Document, adapter: Adapter, scope: Element | null, verdicts: readonly Verdict[], t: Translate): BadgeSpec[] {
  if (!adapter.rowAnchor) return [];
  const specs: BadgeSpec[] = [];
  for (const verdict of verdicts) {
    const anchor = adapter.rowAnchor(doc, scope, verdict.dealKey);
    if (!anchor) continue;
    const worst = worstSeverity(verdict.findings);
    const texts = [...verdict.findings]
      .sort((a, b) => severityRank[b.severity] - severityRank[a.severity])
      .map((finding) => `${t(`severity_${finding.severity}`)}: ${findingText(t, finding)}`);
    specs.push({
      anchor,
      kind: 'row',
      severity: worst ?? 'ok',
      label: worst ? String(verdict.findings.length) : '✓',
      ariaLabel: worst ? `${t('badge_row_aria', { count: verdict.findings.length, score: verdict.hygiene.value })}. ${texts.join('. ')}` : t('badge_row_clean_aria'),
      details: worst ? texts : [t('badge_row_clean_aria')],
    });
  }
  return specs;
}
