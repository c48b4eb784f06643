import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useValueAfterPaint } from '../../../../src/ui/review/after-paint';

describe('useValueAfterPaint', () => {
  it('gives the first value at once and a changed one only after the next frame', async () => {
    const { result, rerender } = renderHook(({ value }) => useValueAfterPaint(value), { initialProps: { value: 'all deals' } });
    expect(result.current).toBe('all deals');
    rerender({ value: 'Sam Rep' });
    // The render that changed it still shows the old value: the table paints first.
    expect(result.current).toBe('all deals');
    await waitFor(() => expect(result.current).toBe('Sam Rep'));
  });

  it('settles on the latest of quickly changing values', async () => {
    const { result, rerender } = renderHook(({ value }) => useValueAfterPaint(value), { initialProps: { value: '' } });
    for (const text of ['g', 'gl', 'glo', 'glob']) rerender({ value: text });
    await waitFor(() => expect(result.current).toBe('glob'));
  });
});
