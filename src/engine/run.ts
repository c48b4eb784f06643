import type { DealSnapshot } from '../model/deal';
import type { Settings } from '../model/settings';
import { formatIssues } from '../model/settings';
import type { CannotCheck, Finding, Verdict } from '../model/verdict';
import { rules as allRules } from '../rules';
import type { Rule } from '../rules/types';
import { isoDateAt } from '../rules/dates';
import { hygieneScore } from './score';
import { deriveHistoryFacts } from '../history/facts';
import type { QualificationContext } from '../qualification/types';

const NO_QUALIFICATION: QualificationContext = {
  framework: { id: 'none', name: '', criteria: [], requiredByStage: { prospect: [], qualify: [], develop: [], propose: [], commit: [] } },
  record: null,
  evidence: {},
  missingRequired: [],
  required: [],
  score: { value: 0, parts: [] },
};

export interface EngineInput {
  snapshot: DealSnapshot;
  settings: Settings;
  now: Date;
  /** The user's time zone decides which calendar day `now` is; tests pin it. */
  timeZone?: string;
  rules?: readonly Rule<any>[];
  /** The deal's stored snapshots (any order); the current one may be among them. */
  history?: readonly DealSnapshot[];
  /** Built by the caller until the engine builds it from settings and the rep's answers (wired with the frameworks). */
  qualification?: QualificationContext;
}

export interface EngineResult {
  verdict: Verdict;
  /** Rule options in settings that failed the rule's schema; the rule then ran with its defaults. */
  settingsErrors: string[];
  /** Rules that threw; each is listed as "cannot check" in the verdict. */
  ruleErrors: string[];
}

export function runRules({ snapshot, settings, now, timeZone, rules = allRules, history = [], qualification }: EngineInput): EngineResult {
  const today = isoDateAt(now, timeZone);
  const facts = deriveHistoryFacts(history, snapshot, today);
  const qualificationContext = qualification ?? NO_QUALIFICATION;
  const found: Finding[] = [];
  const cannotCheck: CannotCheck[] = [];
  const settingsErrors: string[] = [];
  const ruleErrors: string[] = [];
  for (const rule of rules) {
    const setting = settings.rules[rule.meta.id];
    // Only an explicit `false` disables: settings written without the field keep the rule on.
    if (setting?.enabled === false) continue;
    let options = rule.meta.options.safeParse(setting?.options ?? {});
    if (!options.success) {
      settingsErrors.push(...formatIssues(options.error.issues).map((issue) => `rules.${rule.meta.id}.options.${issue}`));
      options = rule.meta.options.safeParse({});
      if (!options.success) continue;
    }
    let result: ReturnType<typeof rule.check>;
    try {
      result = rule.check(snapshot, { now, today, options: options.data, history: facts, qualification: qualificationContext });
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
    for (const finding of result.findings) {
      found.push({
        ...finding,
        ruleId: rule.meta.id,
        severity: setting?.severity ?? finding.severity ?? rule.meta.severity,
      });
    }
  }
  return {
    verdict: {
      dealKey: snapshot.key,
      computedAt: now.toISOString(),
      findings: found,
      cannotCheck,
      hygiene: hygieneScore(found, cannotCheck),
      qualification: null,
    },
    settingsErrors,
    ruleErrors,
  };
}
