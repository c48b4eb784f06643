import { z } from 'zod';
import type { FieldName } from '../model/deal';
import { cannotCheck, defineRule, findings } from './types';
import { isOpen, OPEN_STAGES, openStageOf } from './stage';

const amount = z.number().min(0).max(1e12);
const contacts = z.number().int().min(0).max(100);
type Size = 'small' | 'mid' | 'large';

/**
 * Too few people on the customer's side for the size of the deal: one champion who leaves, goes quiet or has no
 * authority takes the whole deal with them. Bigger deals are decided by more people, so they need more contacts.
 */
export default defineRule({
  meta: {
    id: 'single-threaded',
    category: 'qualification',
    severity: 'warning',
    messages: ['singleThreaded', 'noContacts'],
    options: z.object({
      /** Upper bounds (exclusive) of the small and mid bands, in the deal's own currency; larger is large. */
      sizeBands: z.object({ smallBelow: amount.default(25_000), midBelow: amount.default(250_000) }).prefault({}),
      /** Contacts a deal in each band needs at least. */
      minContacts: z.object({ small: contacts.default(1), mid: contacts.default(2), large: contacts.default(3) }).prefault({}),
      /** The first canonical stage that is judged: early on, one contact is how every deal starts. */
      fromStage: z.enum(OPEN_STAGES).default('develop'),
      /** Whether a stage label the mapping does not know (or a blank stage) is judged. */
      checkUnmappedStages: z.boolean().default(true),
    }),
  },
  check(deal, { options }) {
    const { contacts: contactsField, amount: amountField, stage } = deal.fields;
    const open = isOpen(stage);
    // A won or lost deal never fires.
    if (open === false) return findings();
    const current = openStageOf(stage);
    if (current && OPEN_STAGES.indexOf(current) < OPEN_STAGES.indexOf(options.fromStage)) return findings();
    if (open === true && !current && !options.checkUnmappedStages) return findings();

    const { minContacts, sizeBands } = options;
    // The band, or null when the amount could not be read. A blank amount is no amount: the smallest band.
    let size: Size | null = null;
    if (amountField.state === 'empty') size = 'small';
    else if (amountField.state === 'value') {
      const value = amountField.value.value;
      size = value < sizeBands.smallBelow ? 'small' : value < sizeBands.midBelow ? 'mid' : 'large';
    }
    // Known size: its limit. Unknown size: a count under every band's limit fires with the lowest (true for any size),
    // one that meets every band's limit is fine, and anything between needs the amount.
    const lowest = Math.min(minContacts.small, minContacts.mid, minContacts.large);
    const highest = Math.max(minContacts.small, minContacts.mid, minContacts.large);

    if (contactsField.state === 'unknown') {
      const unread: FieldName[] = ['contacts'];
      if (size === null && lowest !== highest) unread.push('amount');
      if (open === undefined) unread.push('stage');
      return cannotCheck(...unread);
    }
    // Contacts shown and blank: nobody is on the deal.
    const count = contactsField.state === 'value' ? contactsField.value.count : 0;
    const limit = size ? minContacts[size] : count < lowest ? lowest : count >= highest ? highest : null;
    if (limit !== null && count >= limit) return findings();
    const unread: FieldName[] = [];
    if (limit === null) unread.push('amount');
    // Below the limit, but only an open deal past the early stages matters: without the stage we cannot tell.
    if (open === undefined) unread.push('stage');
    if (unread.length) return cannotCheck(...unread);
    return findings({
      messageId: count === 0 ? 'noContacts' : 'singleThreaded',
      data: { count, limit: limit!, size: size ?? '' },
      field: 'contacts',
    });
  },
});
