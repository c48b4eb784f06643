import { z } from 'zod';
import type { FieldName } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen, OPEN_STAGES, openStageOf } from './stage';

const amount = z.number().min(0).max(1e12);

/**
 * A large deal near the finish line where nobody from our management has met the customer: the customer's
 * decision makers are deciding on a big purchase without ever having met anyone who can commit our side.
 */
export default defineRule({
  meta: {
    id: 'no-management-contact',
    category: 'qualification',
    severity: 'warning',
    messages: ['notMet'],
    options: z.object({
      /** Deals of at least this amount, in the deal's own currency (no conversion), need a management meeting. */
      minAmount: amount.default(100_000),
      /** The same limit for particular currencies (ISO codes); a currency not listed uses `minAmount`. */
      minAmountByCurrency: z
        .object({ DKK: amount.default(750_000), NOK: amount.default(1_000_000), SEK: amount.default(1_000_000) })
        .catchall(amount)
        .refine((byCurrency) => Object.keys(byCurrency).every((code) => /^[A-Z]{3}$/.test(code)), {
          message: 'keys are ISO currency codes such as EUR',
        })
        .prefault({}),
      /** Stages in which the meeting should have happened. */
      stages: z.array(z.enum(OPEN_STAGES)).default(['propose', 'commit']),
    }),
  },
  check(deal, { options, qualification }) {
    const { stage, amount: dealAmount } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires.
    if (open === false) return findings();
    // Not recorded (no quick-qualify, or the question skipped) is null: we do not know, so it cannot be checked.
    const met = qualification.record?.managementMet ?? null;
    if (met === true) return findings();
    const current = openStageOf(stage);
    if (current !== null && !options.stages.includes(current)) return findings();
    const limitFor = (currency: string | null) => (currency !== null ? options.minAmountByCurrency[currency] : undefined) ?? options.minAmount;
    if (dealAmount.state === 'value' && dealAmount.value.value < limitFor(dealAmount.value.currency)) return findings();

    const unread: FieldName[] = [];
    // Unread, blank or unmapped stage: it may be one of the listed stages, or not.
    if (current === null) unread.push('stage');
    // A blank amount gives no deal size either (amount-missing reports the blank itself).
    if (dealAmount.state !== 'value') unread.push('amount');
    if (met === null) unread.push('qualification');
    if (current === null || dealAmount.state !== 'value' || met === null) return cannotCheck(...unread);
    const { value, currency } = dealAmount.value;
    return findings({
      messageId: 'notMet',
      data: { amount: value, currency: currency ?? '', limit: limitFor(currency), stage: current },
      field: 'amount',
    });
  },
});
