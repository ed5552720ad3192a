import { describe, expect, it } from 'vitest';
import { alignDown, alignUp, formatTimeframe, parseTimeframe, timeframeMs, TimeframeError } from '../../../src/core/market/timeframe.ts';

describe('parseTimeframe', () => {
  it.each([
    ['1m', 1], ['5m', 5], ['15m', 15], ['30m', 30], ['1h', 60], ['4h', 240], ['1d', 1440], ['1w', 10080],
    [' 60 ', 60], ['1440', 1440], [15, 15], [60, 60],
  ] as const)('%j -> %i minutes', (input, minutes) => {
    expect(parseTimeframe(input)).toBe(minutes);
    expect(timeframeMs(input)).toBe(minutes * 60_000);
  });

  it.each(['', '1x', '0m', '1M', 'h', '-5m', '1.5h', 'abc'] as const)('rejects %j with a clear error', (input) => {
    expect(() => parseTimeframe(input)).toThrow(TimeframeError);
    expect(() => parseTimeframe(input)).toThrow(/invalid timeframe/);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects the number %d', (input) => {
    expect(() => parseTimeframe(input)).toThrow(/positive whole number/);
  });
});

describe('formatTimeframe / align', () => {
  it.each([[1, '1m'], [60, '1h'], [240, '4h'], [1440, '1d'], [10080, '1w'], [90, '90m']] as const)('%i -> %s', (m, s) => {
    expect(formatTimeframe(m)).toBe(s);
    expect(parseTimeframe(s)).toBe(m);
  });

  it('aligns to the UTC epoch, including before 1970', () => {
    expect(alignDown(3_599_999, 3_600_000)).toBe(0);
    expect(alignDown(-1, 3_600_000)).toBe(-3_600_000);
    expect(alignUp(1, 3_600_000)).toBe(3_600_000);
    expect(alignUp(3_600_000, 3_600_000)).toBe(3_600_000);
  });
});
