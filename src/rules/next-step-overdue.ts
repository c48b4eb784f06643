import { z } from 'zod';
import { cannotCheck, defineRule, findings } from './types';
import { daysBetween } from './dates';
import { isOpen } from './stage';
import { dateInText } from './next-step-text';

/** The next step's date has passed: the step was either done and not updated, or not done. */
export default defineRule({
  meta: {
    id: 'next-step-overdue',
    category: 'staleness',
    severity: 'warning',
    messages: ['overdue', 'overdueInText'],
    options: z.object({
      /** Days after the next step's date before it counts as overdue (0: the day after). */
      graceDays: z.number().int().min(0).max(90).default(0),
      /** More than this many days overdue is critical. */
      criticalAfterDays: z.number().int().min(1).max(365).default(14),
      /** When the next step has no date of its own, look for one in its text. */
      readDateFromText: z.boolean().default(true),
    }),
  },
  check(deal, { today, options }) {
    const { nextStep, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires.
    if (open === false) return findings();
    if (nextStep.state === 'unknown') return cannotCheck('nextStep', ...(open === undefined ? (['stage'] as const) : []));
    // No next step, or a date without words, is next-step-missing's finding, not this one's.
    if (nextStep.state === 'empty' || nextStep.value.text.trim() === '') return findings();
    // The date field wins: the text may mention other dates (the last meeting, a go-live).
    const fromText = nextStep.value.date === null;
    const date = fromText ? (options.readDateFromText ? dateInText(nextStep.value.text) : null) : nextStep.value.date;
    if (date === null) return findings();
    const days = daysBetween(date, today);
    if (days <= options.graceDays) return findings();
    // Overdue, but only an open deal needs a next step: without the stage we cannot tell.
    if (open === undefined) return cannotCheck('stage');
    return findings({
      messageId: fromText ? 'overdueInText' : 'overdue',
      data: { days, date },
      field: 'nextStep',
      ...(days > options.criticalAfterDays ? { severity: 'critical' as const } : {}),
    });
  },
});
