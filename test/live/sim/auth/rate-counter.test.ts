import { describe, expect, it } from 'vitest';
import { cancelPenalty, DecayingCounter } from '../../../../src/live/sim/auth/rate-counter.ts';

describe('DecayingCounter', () => {
  it('trips at the maximum and recovers as it decays', () => {
    const c = new DecayingCounter(15, 0.33, 0);
    for (let i = 0; i < 15; i++) expect(c.tryAdd(1, 0)).toBe(true);
    expect(c.tryAdd(1, 0)).toBe(false);
    expect(c.current(0)).toBe(15); // a refused call is not counted
    expect(c.tryAdd(1, 2000)).toBe(false); // decayed 0.66: not enough for a cost of 1
    expect(c.tryAdd(1, 4000)).toBe(true); // decayed 1.32
    expect(c.current(1_000_000)).toBe(0);
  });

  it.each([
    [0, 8],
    [4999, 8],
    [5000, 6],
    [14_000, 5],
    [44_000, 4],
    [89_000, 2],
    [299_000, 1],
    [300_000, 0],
  ])('cancel penalty for an order aged %d ms is %d', (age, cost) => {
    expect(cancelPenalty(age)).toBe(cost);
  });
});
