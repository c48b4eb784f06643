import { describe, expect, it } from 'vitest';
import { keyAction } from '../../../../src/ui/qualify/keys';

const on = (tag: string, attributes: Record<string, string> = {}) => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  return element;
};

describe('quick-qualify keys', () => {
  it('answers with 1–4 and with y/p/n/u (either case)', () => {
    const body = document.body;
    expect(['1', 'y', 'Y', '2', 'p', '3', 'n', '4', 'u', '?'].map((key) => keyAction({ key, target: body }))).toEqual([
      { type: 'answer', answer: 'yes' },
      { type: 'answer', answer: 'yes' },
      { type: 'answer', answer: 'yes' },
      { type: 'answer', answer: 'partly' },
      { type: 'answer', answer: 'partly' },
      { type: 'answer', answer: 'no' },
      { type: 'answer', answer: 'no' },
      { type: 'answer', answer: 'unknown' },
      { type: 'answer', answer: 'unknown' },
      { type: 'answer', answer: 'unknown' },
    ]);
  });

  it('moves with j/k and the up and down arrows, clears with x, goes to the note with Enter or e', () => {
    const body = document.body;
    expect(keyAction({ key: 'j', target: body })).toEqual({ type: 'next' });
    expect(keyAction({ key: 'ArrowDown', target: body })).toEqual({ type: 'next' });
    expect(keyAction({ key: 'k', target: body })).toEqual({ type: 'previous' });
    expect(keyAction({ key: 'ArrowUp', target: body })).toEqual({ type: 'previous' });
    expect(keyAction({ key: 'x', target: body })).toEqual({ type: 'clear' });
    expect(keyAction({ key: 'Enter', target: body })).toEqual({ type: 'note' });
    expect(keyAction({ key: 'e', target: body })).toEqual({ type: 'note' });
    expect(keyAction({ key: 'q', target: body })).toBeNull();
  });

  it('leaves keys typed into text fields, selects and editable content alone', () => {
    for (const target of [on('textarea'), on('input'), on('input', { type: 'number' }), on('select'), on('div', { contenteditable: 'true' })]) {
      expect(keyAction({ key: 'y', target })).toBeNull();
      expect(keyAction({ key: 'j', target })).toBeNull();
    }
  });

  it('leaves a radio its arrow keys and Space, but takes letters and digits on it', () => {
    const radio = on('input', { type: 'radio' });
    expect(keyAction({ key: 'ArrowDown', target: radio })).toBeNull();
    expect(keyAction({ key: ' ', target: radio })).toBeNull();
    expect(keyAction({ key: '2', target: radio })).toEqual({ type: 'answer', answer: 'partly' });
    expect(keyAction({ key: 'j', target: radio })).toEqual({ type: 'next' });
  });

  it('leaves Enter to buttons and links, and never takes keys with Ctrl, Alt or Meta', () => {
    expect(keyAction({ key: 'Enter', target: on('button') })).toBeNull();
    expect(keyAction({ key: 'Enter', target: on('a') })).toBeNull();
    expect(keyAction({ key: 'y', target: on('button') })).toEqual({ type: 'answer', answer: 'yes' });
    expect(keyAction({ key: 'y', ctrlKey: true, target: document.body })).toBeNull();
    expect(keyAction({ key: 'q', altKey: true, target: document.body })).toBeNull();
    expect(keyAction({ key: 'c', metaKey: true, target: document.body })).toBeNull();
  });

  it("takes Enter on a criterion's heading (it opens the note), though the heading is a button", () => {
    expect(keyAction({ key: 'Enter', target: on('button', { 'data-qq-keys': 'all' }) })).toEqual({ type: 'note' });
  });
});
