import { describe, expect, it } from 'vitest';
import { shiftDates } from '../../../scripts/lib/fixture-server.mjs';

describe('fixture date shifting (keeps e2e fixtures reading the same on any day)', () => {
  it('moves US and Danish dates by whole days, across month and year ends', () => {
    expect(shiftDates('<b>11/15/2026</b> 10/30/2026, 3:04 PM', 20)).toBe('<b>12/5/2026</b> 11/19/2026, 3:04 PM');
    expect(shiftDates('15.12.2026 og 02.10.2026 14.22', 20)).toBe('04.01.2027 og 22.10.2026 14.22');
    expect(shiftDates('1/15/2026', -15)).toBe('12/31/2025');
  });
  it('leaves impossible dates and other numbers alone', () => {
    expect(shiftDates('02/31/2026 and 1.250.000,00 kr. and 75%', 3)).toBe('02/31/2026 and 1.250.000,00 kr. and 75%');
  });
  it('does nothing for a zero shift', () => {
    expect(shiftDates('11/15/2026', 0)).toBe('11/15/2026');
  });
});
