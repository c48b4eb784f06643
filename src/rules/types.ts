import type { z } from 'zod';
import type { DealSnapshot, FieldName } from '../model/deal';
import type { Finding, Severity } from '../model/verdict';
import type { HistoryFacts } from '../history/facts';
import type { QualificationContext } from '../qualification/types';

export type RuleCategory = 'staleness' | 'qualification' | 'data';

export interface RuleContext<Options> {
  /** The moment the verdict is for; rules never read the clock. */
  now: Date;
  /** Today's calendar date at `now` in the user's time zone, as YYYY-MM-DD. */
  today: string;
  options: Options;
  /** Facts from the deal's stored snapshots (close-date pushes, stage entered, …); a deal seen once has one snapshot. */
  history: HistoryFacts;
  /** Framework, the rep's quick-qualify answers and CRM evidence, and what the current stage still requires. */
  qualification: QualificationContext;
}

/** What a check returns: findings (possibly none), or which fields it needed but could not read. */
/** A rule may raise one finding's severity (e.g. long overdue); the user's severity setting still wins. */
export type RuleFinding = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity };

export type RuleResult =
  | { kind: 'findings'; findings: RuleFinding[] }
  | { kind: 'cannot-check'; fields: FieldName[] };

export interface RuleMeta<Options> {
  /** Equal to the file name. */
  id: string;
  category: RuleCategory;
  severity: Severity;
  /**
   * Message ids this rule reports. Texts live in public/_locales/<lang>/messages.json under the key
   * `rule_<id with _>__<messageId>` (English and Danish), so the browser and the CLI share one source.
   */
  messages: readonly string[];
  /** zod schema with defaults; `parse({})` gives the defaults. */
  options: z.ZodType<Options>;
}

export interface Rule<Options = unknown> {
  meta: RuleMeta<Options>;
  check(deal: DealSnapshot, context: RuleContext<Options>): RuleResult;
}

export function defineRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export function ruleMessageKey(ruleId: string, messageId: string): string {
  return `rule_${ruleId.replaceAll('-', '_')}__${messageId}`;
}

export const findings = (...list: RuleFinding[]): RuleResult => ({ kind: 'findings', findings: list });
export const cannotCheck = (...fields: FieldName[]): RuleResult => ({ kind: 'cannot-check', fields });

