import type { CannotCheck, Finding, Score, ScorePart, Severity } from '../model/verdict';

/** Points a finding takes off the hygiene score. A critical finding on its own keeps a deal under 80. */
export const SEVERITY_PENALTY: Record<Severity, number> = { info: 3, warning: 10, critical: 25 };

/**
 * Hygiene score: 100 minus a penalty per finding, never below 0. Checks that could not run take nothing
 * off (unknown is not bad) but are listed as parts with 0 points, so the number never hides them.
 */
export function hygieneScore(findings: readonly Finding[], cannotCheck: readonly CannotCheck[]): Score {
  const parts: ScorePart[] = findings.map((finding) => ({
    id: finding.ruleId,
    points: -SEVERITY_PENALTY[finding.severity],
    messageId: 'score_part_finding',
    data: { rule: finding.ruleId, severity: finding.severity },
  }));
  for (const skipped of cannotCheck) {
    parts.push({ id: skipped.ruleId, points: 0, messageId: 'score_part_cannot_check', data: { rule: skipped.ruleId, fields: skipped.fields.join(', ') } });
  }
  const total = parts.reduce((sum, part) => sum + part.points, 100);
  return { value: Math.max(0, Math.min(100, total)), parts };
}
