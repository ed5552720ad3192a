import { describe, expect, it } from 'vitest';
import { firstCompleteOpen, isCompleteCandle } from '../../../src/core/market/partial-candles.ts';

const M5 = 300_000;

describe('partial candle rule', () => {
  const cases: [string, number, number, number, boolean][] = [
    // name, openTime, watchedFrom, watchedTo, complete
    ['watched from its open to its end', 600_000, 600_000, 900_000, true],
    ['watched from before its open, past its end', 600_000, 1, 2_000_000, true],
    ['watching began inside it (first trade mid-interval)', 600_000, 600_001, 2_000_000, false],
    ['watching stopped before its end (last candle of a file)', 600_000, 0, 899_999, false],
    ['the data is final (watchedTo = Infinity)', 600_000, 0, Infinity, true],
    ['nothing seen yet (watchedFrom = Infinity)', 600_000, Infinity, Infinity, false],
  ];
  it.each(cases)('%s', (_name, open, from, to, complete) => {
    expect(isCompleteCandle(open, M5, { watchedFrom: from, watchedTo: to })).toBe(complete);
  });
  it('the first complete candle opens at the next boundary at or after the start of watching', () => {
    expect([firstCompleteOpen(600_000, M5), firstCompleteOpen(600_001, M5), firstCompleteOpen(899_999, M5)]).toEqual([600_000, 900_000, 900_000]);
  });
});
