import amountMissing from './amount-missing';
import closeDateMissing from './close-date-missing';
import closeDateParked from './close-date-parked';
import closeDatePast from './close-date-past';
import closeDateSlipping from './close-date-slipping';
import cycleTooLong from './cycle-too-long';
import effortOutOfProportion from './effort-out-of-proportion';
import forecastUnsupported from './forecast-unsupported';
import nextStepMissing from './next-step-missing';
import nextStepOverdue from './next-step-overdue';
import nextStepVague from './next-step-vague';
import noEconomicBuyer from './no-economic-buyer';
import noManagementContact from './no-management-contact';
import qualificationGaps from './qualification-gaps';
import singleThreaded from './single-threaded';
import stageStuck from './stage-stuck';
import staleActivity from './stale-activity';
import staleRecord from './stale-record';
import type { Rule } from './types';

/**
 * Every rule, in the order of the warning signs they answer (DESIGN.md §4): CRM not updated, no progress,
 * close date slipping, weeks become months, unrealistic qualification, no access to decision makers, effort, bad data.
 * The conformance test checks each has a file, a test, a doc and messages.
 */
export const rules: readonly Rule<any>[] = [
  staleActivity,
  staleRecord,
  stageStuck,
  nextStepMissing,
  nextStepOverdue,
  nextStepVague,
  closeDatePast,
  closeDateSlipping,
  closeDateParked,
  cycleTooLong,
  qualificationGaps,
  forecastUnsupported,
  noEconomicBuyer,
  singleThreaded,
  noManagementContact,
  effortOutOfProportion,
  amountMissing,
  closeDateMissing,
];

export const rulesById: ReadonlyMap<string, Rule<any>> = new Map(rules.map((rule) => [rule.meta.id, rule]));
