import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minMaxIndices } from '../../../src/backtest/report/downsample.ts';

describe('minMaxIndices', () => {
  it.each([
    { name: 'fits: every index', values: [3, 1, 2], max: 4, want: [0, 1, 2] },
    { name: 'empty', values: [], max: 4, want: [] },
    // 10 values, max 6 -> 2 buckets over the 8 interior points (1..4, 5..8), plus first and last
    { name: 'min and max per bucket in time order', values: [5, 1, 9, 4, 4, 7, 0, 3, 8, 6], max: 6, want: [0, 1, 2, 6, 8, 9] },
    { name: 'a flat bucket keeps one point', values: [1, 2, 2, 2, 2, 2, 2, 2, 2, 1], max: 6, want: [0, 1, 5, 9] },
  ])('$name', ({ values, max, want }) => {
    expect(minMaxIndices(values, max)).toEqual(want);
  });

  it('keeps a one-sample spike of a long series', () => {
    const values = Float64Array.from({ length: 100_000 }, (_, i) => 100 + Math.sin(i / 500));
    values[73_123] = 250;
    values[12_345] = 10;
    const kept = minMaxIndices(values, 5000);
    expect(kept.length).toBeLessThanOrEqual(5000);
    expect(kept).toContain(73_123);
    expect(kept).toContain(12_345);
  });

  it('rejects a useless maximum', () => {
    expect(() => minMaxIndices([1, 2, 3], 3)).toThrow(/maxPoints must be an integer >= 4, got 3/);
  });

  it('properties: bounded, ascending, keeps ends and the extremes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 400 }),
        fc.integer({ min: 4, max: 60 }),
        (values, max) => {
          const kept = minMaxIndices(values, max);
          expect(kept.length).toBeLessThanOrEqual(Math.max(max, 0));
          kept.slice(1).forEach((k, i) => expect(k).toBeGreaterThan(kept[i]));
          if (values.length === 0) return;
          expect(kept[0]).toBe(0);
          expect(kept[kept.length - 1]).toBe(values.length - 1);
          const keptValues = kept.map((i) => values[i]);
          expect(Math.min(...keptValues)).toBe(Math.min(...values));
          expect(Math.max(...keptValues)).toBe(Math.max(...values));
        },
      ),
    );
  });
});
