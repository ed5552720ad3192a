import { describe, expect, it } from 'vitest';
import { downsideDeviation, mean, sampleStdDev } from './stats.ts';

describe('stats', () => {
  it.each([
    { values: [], mean: null, std: null, downside: null },
    { values: [3], mean: 3, std: null, downside: 0 },
    { values: [1, 2, 3], mean: 2, std: 1, downside: 0 },
    { values: [0.1, -0.1, -0.2, 0.05], mean: -0.0375, std: Math.sqrt(0.056875 / 3), downside: Math.sqrt(0.0125) },
  ])('$values', ({ values, mean: m, std, downside }) => {
    const check = (got: number | null, want: number | null): void => {
      if (want === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(want, 12);
    };
    check(mean(values), m);
    check(sampleStdDev(values), std);
    check(downsideDeviation(values), downside);
  });
});
