import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { YEAR_MS, medianInterval, periodsPerYear } from '../../../src/core/metrics/sampling.ts';

describe('sampling', () => {
  it.each([
    { time: [], median: null },
    { time: [5], median: null },
    { time: [0, 1, 2, 10], median: 1 },
    { time: [0, 1, 3, 6, 16], median: 2.5 },
  ])('median interval of $time is $median', ({ time, median }) => {
    expect(medianInterval(time)).toBe(median);
  });

  it.each([
    { name: 'hourly', step: 3_600_000, perYear: 24 * 365.25 },
    { name: 'daily', step: 86_400_000, perYear: 365.25 },
    { name: 'minutely', step: 60_000, perYear: 60 * 24 * 365.25 },
  ])('$name sampling gives $perYear periods a year', ({ step, perYear }) => {
    const time = Float64Array.from({ length: 50 }, (_, i) => i * step);
    expect(periodsPerYear(time)).toBeCloseTo(perYear, 9);
  });

  it('ignores a few gaps', () => {
    const time = [0, 1, 2, 3, 100, 101, 102].map((h) => h * 3_600_000);
    expect(periodsPerYear(time)).toBeCloseTo(24 * 365.25, 9);
  });

  it('property: the median interval is the middle of the sorted gaps (read from the gap counts, not a sort)', () => {
    const sortedMedian = (time: number[]) => {
      const gaps = Float64Array.from(time.slice(1), (t, i) => t - time[i]).sort();
      const mid = gaps.length >> 1;
      return gaps.length % 2 === 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
    };
    // Mostly equal gaps with a few odd ones, as sampled curves have, and arbitrary ones.
    const gap = fc.oneof(fc.constant(3_600_000), fc.constantFrom(60_000, 7_200_000, 0), fc.integer({ min: -1000, max: 10 ** 9 }));
    fc.assert(
      fc.property(fc.array(gap, { minLength: 1, maxLength: 300 }), fc.integer(), (gaps, start) => {
        const time = [start];
        for (const g of gaps) time.push(time[time.length - 1] + g);
        expect(medianInterval(time)).toBe(sortedMedian(time));
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  it('uses 365.25-day years', () => {
    expect(YEAR_MS).toBe(31_557_600_000);
  });
});
