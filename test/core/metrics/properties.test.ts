import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src/core/metrics/compute-metrics.ts';
import { periodReturns } from '../../../src/core/metrics/period-returns.ts';
import { downsideDeviation } from './stats.ts';
import type { Metrics } from '../../../src/core/metrics/types.ts';

const STEPS = [60_000, 3_600_000, 86_400_000];

/** A random curve: start date, a sampling step (with occasional gaps), per-period returns. */
const curveArb = fc
  .record({
    start: fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }),
    step: fc.constantFrom(...STEPS),
    equity0: fc.double({ min: 1, max: 1e7, noNaN: true }),
    moves: fc.array(
      fc.record({ ret: fc.double({ min: -0.5, max: 0.5, noNaN: true }), gap: fc.integer({ min: 1, max: 40 }) }),
      { minLength: 0, maxLength: 80 },
    ),
  })
  .map(({ start, step, equity0, moves }) => {
    const time = [start];
    const equity = [equity0];
    for (const { ret, gap } of moves) {
      time.push(time[time.length - 1] + step * gap);
      equity.push(equity[equity.length - 1] * (1 + ret));
    }
    return { time, equity };
  });

const close = (a: number | null, b: number | null, tol = 1e-9): boolean =>
  a === null || b === null ? a === b : Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

describe('metrics properties', () => {
  it('scaling equity by a power of two (exact in floating point) leaves every metric identical', () => {
    fc.assert(
      fc.property(curveArb, fc.integer({ min: -20, max: 20 }), (curve, power) => {
        const k = 2 ** power;
        const a = computeMetrics({ curve, tradedNotional: 1000 });
        const b = computeMetrics({ curve: { time: curve.time, equity: curve.equity.map((e) => e * k) }, tradedNotional: 1000 * k });
        expect({ ...b, startEquity: a.startEquity, endEquity: a.endEquity }).toEqual(a);
      }),
    );
  });

  it('scaling equity by any constant leaves returns and ratios unchanged up to rounding', () => {
    fc.assert(
      fc.property(curveArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (curve, k) => {
        const a = computeMetrics({ curve });
        const b = computeMetrics({ curve: { time: curve.time, equity: curve.equity.map((e) => e * k) } });
        for (const f of ['totalReturn', 'cagr', 'maxDrawdown'] as const) {
          expect(close(a[f], b[f], 1e-9), `${f}: ${a[f]} vs ${b[f]}`).toBe(true);
        }
        // Sharpe = mean/std is ill-conditioned when returns are nearly constant (std << |mean|):
        // compare it only where rounding in the scaled curve cannot move it.
        const periodStd = a.volatility !== null && a.periodsPerYear !== null ? a.volatility / Math.sqrt(a.periodsPerYear) : 0;
        if (periodStd > 1e-6) {
          for (const f of ['volatility', 'sharpe'] as const) {
            expect(close(a[f], b[f], 1e-6), `${f}: ${a[f]} vs ${b[f]}`).toBe(true);
          }
        }
        if ((downsideDeviation(periodReturns(curve).returns) ?? 0) > 1e-6) {
          expect(close(a.sortino, b.sortino, 1e-6), `sortino: ${a.sortino} vs ${b.sortino}`).toBe(true);
        }
      }),
    );
  });

  it('a deposit into a flat curve does not change its time-weighted return', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 50 }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        fc.double({ min: -0.9, max: 10, noNaN: true }),
        fc.nat(),
        (n, level, depositShare, where) => {
          const at = 1 + (where % (n - 1));
          const amount = level * depositShare;
          const time = Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 3_600_000);
          const equity = time.map((_, i) => (i >= at ? level + amount : level));
          const m = computeMetrics({ curve: { time, equity }, cashFlows: [{ time: time[at], amount }] });
          expect(Math.abs(m.totalReturn ?? NaN)).toBeLessThan(1e-12);
          expect(m.maxDrawdown).toBe(0);
          expect(m.sharpe).toBeNull();
          expect(m.netCashFlow).toBeCloseTo(amount, 6);
        },
      ),
    );
  });

  it('max drawdown is in [0, 1] and its dates are ordered', () => {
    fc.assert(
      fc.property(curveArb, (curve) => {
        const m = computeMetrics({ curve });
        expect(m.maxDrawdown).toBeGreaterThanOrEqual(0);
        expect(m.maxDrawdown).toBeLessThanOrEqual(1);
        if (m.maxDrawdown > 0) {
          expect(m.maxDrawdownPeakTime!).toBeLessThan(m.maxDrawdownTroughTime!);
          if (m.maxDrawdownRecoveryTime !== null) expect(m.maxDrawdownTroughTime!).toBeLessThan(m.maxDrawdownRecoveryTime);
        }
      }),
    );
  });

  it('monthly returns compound to the yearly and the total return', () => {
    fc.assert(
      fc.property(curveArb, (curve) => {
        const m = computeMetrics({ curve });
        const compound = (rs: readonly { return: number }[]): number => rs.reduce((g, r) => g * (1 + r.return), 1) - 1;
        expect(close(compound(m.monthlyReturns), m.totalReturn, 1e-9)).toBe(true);
        expect(close(compound(m.yearlyReturns), m.totalReturn, 1e-9)).toBe(true);
        for (const y of m.yearlyReturns) {
          expect(close(compound(m.monthlyReturns.filter((r) => r.year === y.year)), y.return, 1e-9)).toBe(true);
        }
        const keys = m.monthlyReturns.map((r) => r.year * 12 + r.month);
        keys.slice(1).forEach((k, i) => expect(k).toBeGreaterThan(keys[i]));
      }),
    );
  });

  it('never returns NaN; every ratio is a finite number or null', () => {
    fc.assert(
      fc.property(curveArb, (curve) => {
        const m: Metrics = computeMetrics({ curve, exposure: curve.time.map((_, i) => i % 2 === 0) });
        for (const [key, value] of Object.entries(m)) {
          if (typeof value === 'number') expect(Number.isNaN(value), key).toBe(false);
        }
        for (const f of ['sharpe', 'sortino', 'volatility', 'calmar'] as const) {
          const v = m[f];
          expect(v === null || Number.isFinite(v), f).toBe(true);
        }
        if (m.exposure !== null) {
          expect(m.exposure).toBeGreaterThanOrEqual(0);
          expect(m.exposure).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
