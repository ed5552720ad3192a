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

  it('uses 365.25-day years', () => {
    expect(YEAR_MS).toBe(31_557_600_000);
  });
});
