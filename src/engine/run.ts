import type { DealSnapshot } from '../model/deal';
import type { Settings } from '../model/settings';
import { formatIssues } from '../model/settings';
import type { CannotCheck, Finding, Verdict } from '../model/verdict';
import { rules as allRules } from '../rules';
import type { Rule } from '../rules/types';
import { isoDateAt } from '../rules/dates';
import { hygieneScore } from './score';
import { deriveHistoryFacts } from '../history/facts';
import { activeSnoozes, type Snooze } from '../model/snooze';
import type { QualificationRecord } from '../qualification/types';
import { buildQualificationContext } from '../qualification/context';
import { resolveFramework } from '../qualification/frameworks';


export interface EngineInput {
  snapshot: DealSnapshot;
  settings: Settings;
  now: Date;
  /** The user's time zone decides which calendar day `now` is; tests pin it. */
  timeZone?: string;
  rules?: readonly Rule<any>[];
  /** The deal's stored snapshots (any order); the current one may be among them. */
  history?: readonly DealSnapshot[];
  /** The rep's quick-qualify record for this deal, if any. */
  qualificationRecord?: QualificationRecord | null;
  /** The deal's snoozes; expired ones are ignored. */
  snoozes?: readonly Snooze[];
}

export interface EngineResult {
  verdict: Verdict;
  /** Rule options in settings that failed the rule's schema; the rule then ran with its defaults. */
  settingsErrors: string[];
  /** Rules that threw; each is listed as "cannot check" in the verdict. */
  ruleErrors: string[];
}

interface ResolvedRule {
  rule: Rule<any>;
  options: unknown;
  severity: Finding['severity'] | undefined;
}

/**
 * Rule options and the framework depend only on the settings object: resolve them once per settings, not once per
 * deal (a review page judges thousands of deals with the same settings). Settings are treated as immutable.
 */
const resolvedBySettings = new WeakMap<Settings, WeakMap<readonly Rule<any>[], { rules: ResolvedRule[]; errors: string[] }>>();
const frameworkBySettings = new WeakMap<Settings, ReturnType<typeof resolveFramework>>();

function resolveRules(settings: Settings, rules: readonly Rule<any>[]) {
  let perRules = resolvedBySettings.get(settings);
  if (!perRules) resolvedBySettings.set(settings, (perRules = new WeakMap()));
  let resolved = perRules.get(rules);
  if (resolved) return resolved;
  resolved = { rules: [], errors: [] };
  for (const rule of rules) {
    const setting = settings.rules[rule.meta.id];
    // Only an explicit `false` disables: settings written without the field keep the rule on.
    if (setting?.enabled === false) continue;
    let options = rule.meta.options.safeParse(setting?.options ?? {});
    if (!options.success) {
      resolved.errors.push(...formatIssues(options.error.issues).map((issue) => `rules.${rule.meta.id}.options.${issue}`));
      options = rule.meta.options.safeParse({});
      if (!options.success) continue;
    }
    resolved.rules.push({ rule, options: options.data, severity: setting?.severity });
  }
  perRules.set(rules, resolved);
  return resolved;
}

function frameworkFor(settings: Settings) {
  let framework = frameworkBySettings.get(settings);
  if (!framework) frameworkBySettings.set(settings, (framework = resolveFramework(settings)));
  return framework;
}

export function runRules({ snapshot, settings, now, timeZone = settings.timeZone, rules = allRules, history = [], qualificationRecord = null, snoozes = [] }: EngineInput): EngineResult {
  const today = isoDateAt(now, timeZone);
  const facts = deriveHistoryFacts(history, snapshot, today, timeZone);
  const qualificationContext = buildQualificationContext({ framework: frameworkFor(settings), record: qualificationRecord, deal: snapshot });
  const resolved = resolveRules(settings, rules);
  const found: Finding[] = [];
  const snoozed: Verdict['snoozed'] = [];
  const snoozedRules = new Map(activeSnoozes(snoozes.filter((s) => s.dealKey === snapshot.key), today).map((s) => [s.ruleId, s]));
  const cannotCheck: CannotCheck[] = [];
  const settingsErrors = [...resolved.errors];
  const ruleErrors: string[] = [];
  for (const { rule, options, severity: userSeverity } of resolved.rules) {
    let result: ReturnType<typeof rule.check>;
    try {
      result = rule.check(snapshot, { now, today, options, history: facts, qualification: qualificationContext });
    } catch (error) {
      // One broken rule must not take the whole verdict down: it could not check, and the log says why.
      ruleErrors.push(`${rule.meta.id}: ${error instanceof Error ? error.message : String(error)}`);
      cannotCheck.push({ ruleId: rule.meta.id, fields: [] });
      continue;
    }
    if (result.kind === 'cannot-check') {
      cannotCheck.push({ ruleId: rule.meta.id, fields: result.fields });
      continue;
    }
    const snooze = snoozedRules.get(rule.meta.id);
    for (const finding of result.findings) {
      const full: Finding = { ...finding, ruleId: rule.meta.id, severity: userSeverity ?? finding.severity ?? rule.meta.severity };
      if (snooze) snoozed.push({ ...full, until: snooze.until, reason: snooze.reason });
      else found.push(full);
    }
  }
  return {
    verdict: {
      dealKey: snapshot.key,
      computedAt: now.toISOString(),
      findings: found,
      cannotCheck,
      hygiene: hygieneScore(found, cannotCheck),
      qualification: qualificationContext.score,
      snoozed,
    },
    settingsErrors,
    ruleErrors,
  };
}
