import { z } from 'zod';
import type { FieldName } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen } from './stage';

const cost = z.number().min(0).max(1e9);

/**
 * The effort the rep recorded in quick-qualify costs more than the deal is likely to be worth to us: hours times an
 * hourly cost, against a share of the weighted deal value (amount × probability).
 */
export default defineRule({
  meta: {
    id: 'effort-out-of-proportion',
    category: 'qualification',
    severity: 'warning',
    messages: ['exceedsWeighted', 'exceedsAmount'],
    options: z.object({
      /** What one internal hour costs (salary, overhead), in the deal's own currency. */
      hourlyCost: cost.default(100),
      /** The same for particular currencies (ISO codes); a currency not listed uses `hourlyCost`. */
      hourlyCostByCurrency: z
        .object({ DKK: cost.default(750), NOK: cost.default(1_000), SEK: cost.default(1_000) })
        .catchall(cost)
        .refine((byCurrency) => Object.keys(byCurrency).every((code) => /^[A-Z]{3}$/.test(code)), {
          message: 'keys are ISO currency codes such as EUR',
        })
        .prefault({}),
      /** The effort may cost up to this percentage of the weighted deal value. */
      maxPercentOfWeightedValue: z.number().min(0).max(100).default(10),
    }),
  },
  check(deal, { options, qualification }) {
    const { stage, amount, probability } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires: the effort is spent and the outcome known.
    if (open === false) return findings();
    // No effort recorded: nothing to judge, and no field the page could show would change that.
    const effort = qualification.record?.effort ?? null;
    if (effort === null || effort.hours <= 0) return findings();

    const unread: FieldName[] = [];
    // A blank amount gives no value to weigh the effort against either (amount-missing reports the blank).
    if (amount.state !== 'value') {
      unread.push('amount');
      if (probability.state !== 'value') unread.push('probability');
      if (open === undefined) unread.push('stage');
      return cannotCheck(...unread);
    }
    const { value, currency } = amount.value;
    const hourly = (currency !== null ? options.hourlyCostByCurrency[currency] : undefined) ?? options.hourlyCost;
    const spent = effort.hours * hourly;
    const share = options.maxPercentOfWeightedValue / 100;
    const base = {
      hours: effort.hours,
      people: effort.people,
      cost: Math.round(spent),
      currency: currency ?? '',
      percent: options.maxPercentOfWeightedValue,
    };
    const whole = Math.max(0, value);
    let finding;
    if (probability.state === 'value') {
      const weighted = (whole * probability.value) / 100;
      if (spent <= weighted * share) return findings();
      finding = {
        messageId: 'exceedsWeighted',
        data: { ...base, weighted: Math.round(weighted), limit: Math.round(weighted * share), amount: value, probability: probability.value },
        field: 'amount' as const,
      };
    } else {
      // The weighted value is at most the whole amount: effort beyond its share of the amount is too much at any probability.
      if (spent <= whole * share) return cannotCheck('probability', ...(open === undefined ? (['stage'] as const) : []));
      finding = {
        messageId: 'exceedsAmount',
        data: { ...base, limit: Math.round(whole * share), amount: value },
        field: 'amount' as const,
      };
    }
    // Too much effort, but only an open deal is worth questioning: without the stage we cannot tell.
    if (open === undefined) return cannotCheck('stage');
    return findings(finding);
  },
});
