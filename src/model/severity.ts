/**
 * How bad a finding is, and which of several is worst. The zod-free half of src/model/verdict.ts (which re-exports
 * it and holds the schemas): the content script orders its badges with these and must not load zod classic.
 */

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityRank: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export function worstSeverity(findings: readonly { severity: Severity }[]): Severity | null {
  let worst: Severity | null = null;
  for (const finding of findings) {
    if (worst === null || severityRank[finding.severity] > severityRank[worst]) worst = finding.severity;
  }
  return worst;
}
