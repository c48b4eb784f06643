import type { Answer } from '../../qualification/types';

export type KeyAction =
  | { type: 'answer'; answer: Answer }
  | { type: 'clear' }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'note' };

/** Keys for the answers: digits in the order shown, and the English initials (the same keys in every language). */
export const ANSWER_KEYS: Readonly<Record<string, Answer>> = {
  '1': 'yes',
  y: 'yes',
  '2': 'partly',
  p: 'partly',
  '3': 'no',
  n: 'no',
  '4': 'unknown',
  u: 'unknown',
  '?': 'unknown',
};

export interface KeyEventLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target: EventTarget | null;
}

/** Where a key belongs to what the rep is typing (or to the control's own keys), not to quick-qualify. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  // A criterion's heading: Enter goes to its note rather than "clicking" the heading that is already open.
  if (element.dataset?.qqKeys === 'all') return false;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (element as HTMLInputElement).type;
    // Radios keep their arrow keys (moving within the group); letters and digits are ours.
    if (type === 'radio' || type === 'checkbox') return key.startsWith('Arrow') || key === ' ';
    return true;
  }
  // Buttons, links and summaries keep Enter and Space.
  if (tag === 'button' || tag === 'a' || tag === 'summary') return key === 'Enter' || key === ' ';
  return false;
}

/**
 * What a key press does in quick-qualify, or null when it is not ours: 1–4 or y/p/n/u answer the current
 * criterion, x clears it, j/k or ↓/↑ move to the next or previous one, Enter (or e) goes to its note.
 * Keys typed into a text field, or with Ctrl, Alt or Meta, are never taken.
 */
export function keyAction(event: KeyEventLike): KeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (ownsKey(event.target, event.key)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const answer = Object.hasOwn(ANSWER_KEYS, key) ? ANSWER_KEYS[key] : undefined;
  if (answer) return { type: 'answer', answer };
  switch (key) {
    case 'x':
      return { type: 'clear' };
    case 'j':
    case 'ArrowDown':
      return { type: 'next' };
    case 'k':
    case 'ArrowUp':
      return { type: 'previous' };
    case 'Enter':
    case 'e':
      return { type: 'note' };
    default:
      return null;
  }
}
