import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGIMES, type Regime } from '../../../../src/core/regime/regime.ts';
import { allocate, REGIME_STRATEGIES, weightsOf } from '../../../../src/core/strategies/regime-portfolio/index.ts';
import { STRATEGY_NAMES } from '../../../../src/core/strategies/regime-portfolio/signals.ts';

describe('selector / allocator', () => {
  it.each<[Regime, number, boolean, string, number, string, number]>([
    ['risk-on', 1, false, 'trend-follower', 0.7, 'volatility-swing', 0.3],
    ['risk-on', 0, false, 'trend-follower', 0.3, 'volatility-swing', 0.7],
    ['neutral', 0.5, false, 'mean-reversion', 0.5, 'stable-allocator', 0.5],
    ['risk-off', 0.6, false, 'cash', 0.5, 'stable-allocator', 0.5], // 0.6 rounds to 0.5; the defensive primary is cash
    ['panic', 0.9, false, 'cash', 0.7, 'recovery', 0.3],
    ['neutral', 0.25, true, 'mean-reversion', 0.4, 'recovery', 0.6], // after a panic, recovery takes the second slot
    ['risk-on', 0.75, true, 'trend-follower', 0.6, 'volatility-swing', 0.4],
  ])('%s at confidence %s (recent panic %s): %s %s / %s %s', (regime, c, recent, p, pw, s, sw) => {
    const a = allocate(regime, c, recent);
    const slots = [...(a.cash > 0 ? [{ name: 'cash', weight: a.cash }] : []), ...a.picks];
    expect(slots.map((x) => x.name)).toEqual([p, s]);
    expect(slots[0].weight).toBeCloseTo(pw, 12);
    expect(slots[1].weight).toBeCloseTo(sw, 12);
    expect(slots.reduce((sum, x) => sum + x.weight, 0)).toBeCloseTo(1, 12);
  });

  it('every strategy is used by some regime', () => {
    const used = new Set(Object.values(REGIME_STRATEGIES).flat());
    for (const n of STRATEGY_NAMES) expect(used.has(n), n).toBe(true);
  });

  it('property: at most two strategies, weights in [0, 1] summing to at most 100%, primary within [min, max]', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REGIMES),
        fc.oneof(fc.double({ noNaN: false }), fc.double({ min: 0, max: 1 })),
        fc.boolean(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (regime, confidence, recent, x, y, step) => {
          const [minWeight, maxWeight] = x <= y ? [x, y] : [y, x];
          const a = allocate(regime, confidence, recent, { minWeight, maxWeight, confidenceStep: step });
          expect(a.picks.length).toBeLessThanOrEqual(2);
          const w = weightsOf(a);
          let sum = 0;
          for (const n of STRATEGY_NAMES) {
            expect(w[n]).toBeGreaterThanOrEqual(0);
            expect(w[n]).toBeLessThanOrEqual(1);
            sum += w[n];
          }
          expect(sum).toBeLessThanOrEqual(1 + 1e-12);
          const primary = REGIME_STRATEGIES[regime][0] === 'cash' ? a.cash : a.picks[0].weight;
          expect(primary).toBeGreaterThanOrEqual(minWeight - 1e-12);
          expect(primary).toBeLessThanOrEqual(maxWeight + 1e-12);
          expect(sum + a.cash).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
