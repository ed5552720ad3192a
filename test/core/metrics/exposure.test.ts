import { describe, expect, it } from 'vitest';
import { timeWeightedExposure } from './exposure.ts';

describe('timeWeightedExposure', () => {
  it.each([
    { name: 'flags, each holding until the next sample', time: [0, 1, 3, 4], x: [true, false, true, true], want: 0.5 },
    { name: 'fractions', time: [0, 1, 3, 4], x: [0.5, 1, 0, 0.3], want: 0.625 },
    { name: 'always in', time: [0, 10], x: [1, 0], want: 1 },
    { name: 'one sample', time: [0], x: [1], want: null },
    { name: 'empty', time: [], x: [], want: null },
  ])('$name', ({ time, x, want }) => {
    expect(timeWeightedExposure(time, x as number[] | boolean[])).toBe(want);
  });
});
