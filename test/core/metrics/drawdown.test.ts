import { describe, expect, it } from 'vitest';
import { drawdownSeries, maxDrawdown } from '../../../src/core/metrics/drawdown.ts';

describe('maxDrawdown', () => {
  it.each([
    { name: 'recovers at a new high', wealth: [1, 1.2, 0.9, 1.0, 1.3, 1.1], depth: 0.25, peak: 1, trough: 2, recovery: 4 },
    { name: 'never recovers', wealth: [1, 0.8, 0.9], depth: 0.2, peak: 0, trough: 1, recovery: null },
    { name: 'last sample at the high is the peak; equal level is a recovery', wealth: [1, 1, 0.5, 1], depth: 0.5, peak: 1, trough: 2, recovery: 3 },
    { name: 'equal depths: the first one counts', wealth: [1, 0.9, 1, 0.9], depth: 0.1, peak: 0, trough: 1, recovery: 2 },
    { name: 'the deeper of two', wealth: [1, 0.9, 1.1, 0.55, 0.6], depth: 0.5, peak: 2, trough: 3, recovery: null },
    { name: 'total loss', wealth: [1, 0, 0], depth: 1, peak: 0, trough: 1, recovery: null },
    { name: 'only up', wealth: [1, 1.1, 1.2], depth: 0, peak: null, trough: null, recovery: null },
    { name: 'empty', wealth: [], depth: 0, peak: null, trough: null, recovery: null },
    { name: 'float noise is not a drawdown', wealth: [1, 1 - 1e-15, 1], depth: 0, peak: null, trough: null, recovery: null },
  ])('$name', ({ wealth, depth, peak, trough, recovery }) => {
    const dd = maxDrawdown(wealth);
    expect(dd.depth).toBeCloseTo(depth, 12);
    expect(dd.peakIndex).toBe(peak);
    expect(dd.troughIndex).toBe(trough);
    expect(dd.recoveryIndex).toBe(recovery);
  });
});

describe('drawdownSeries', () => {
  it('is the distance below the running peak', () => {
    const dd = Array.from(drawdownSeries([1, 1.2, 0.9, 1.0, 1.3, 1.1]));
    [0, 0, 0.25, 1 / 6, 0, 2 / 13].forEach((want, i) => expect(dd[i]).toBeCloseTo(want, 12));
  });
});
