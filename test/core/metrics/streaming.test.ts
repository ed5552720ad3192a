import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarAccumulator } from '../../../src/core/metrics/calendar-returns.ts';
import { computeMetrics } from '../../../src/core/metrics/compute-metrics.ts';
import { DrawdownTracker, maxDrawdown } from '../../../src/core/metrics/drawdown.ts';
import { MetricsAccumulator } from '../../../src/core/metrics/metrics-accumulator.ts';
import { IntervalCounts, medianInterval } from '../../../src/core/metrics/sampling.ts';
import type { CashFlow, ClosedTrade, MetricsInput } from '../../../src/core/metrics/types.ts';
import { batchCalendarReturns, batchMaxDrawdown, batchMedianInterval, batchMetrics } from './batch-reference.ts';

/** Deep equality where every number must be the same bits (Object.is: -0 is not 0, NaN is NaN). */
function sameBits(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) ? null : `${path}: ${a} vs ${b}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b ? null : `${path}: ${String(a)} vs ${String(b)}`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
  for (const k of ka) {
    const d = sameBits((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

const STEPS = [60_000, 3_600_000, 86_400_000];
/** Returns that recover exactly (0, ±x pairs) mixed with arbitrary ones, so flat stretches, exact recoveries and new highs all occur. */
const ret = fc.oneof(fc.constantFrom(0, 0, 0.5, -0.5, 0.25, -0.2, 1, -1), fc.double({ min: -0.9, max: 2, noNaN: true }));

/** A curve with gaps, exposures (numbers or flags), cash flows inside and outside it, and trades. */
const inputArb = fc
  .record({
    start: fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 0, 1) }),
    step: fc.constantFrom(...STEPS),
    equity0: fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1e7, noNaN: true })),
    moves: fc.array(
      fc.record({ ret, gap: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 900 })), flow: fc.oneof(fc.constant(0), fc.double({ min: -1, max: 1e4, noNaN: true })), x: fc.double({ min: 0, max: 1.5, noNaN: true }) }),
      { minLength: 0, maxLength: 120 },
    ),
    flags: fc.boolean(),
    withExposure: fc.boolean(),
    before: fc.double({ min: -100, max: 100, noNaN: true }),
    trades: fc.array(fc.record({ pnl: fc.double({ min: -50, max: 50, noNaN: true }), returnPct: fc.double({ min: -0.5, max: 0.5, noNaN: true }) }), { maxLength: 5 }),
    riskFreeRate: fc.constantFrom(0, 0.04),
  })
  .map(({ start, step, equity0, moves, flags, withExposure, before, trades, riskFreeRate }) => {
    const time = [start];
    const equity = [equity0];
    const xs = [0.5];
    const cashFlows: CashFlow[] = [{ time: start - step, amount: before }];
    for (const m of moves) {
      const t = time[time.length - 1] + step * m.gap;
      let e = equity[equity.length - 1] * (1 + m.ret);
      // A flow is a deposit, or a withdrawal of at most what the account holds.
      const amount = m.flow < 0 ? m.flow * e : equity[equity.length - 1] === 0 ? Math.abs(m.flow) : m.flow;
      if (amount !== 0 && (e > 0 || amount > 0)) {
        cashFlows.push({ time: t - (m.gap > 1 ? step : 0), amount });
        e += amount;
      } else if (equity[equity.length - 1] === 0) e = 0;
      time.push(t);
      equity.push(Math.max(0, e));
      xs.push(m.x);
    }
    cashFlows.push({ time: time[time.length - 1] + step, amount: 5 });
    const closed: ClosedTrade[] = trades.map((tr, i) => ({ pair: 'X/USD', entryTime: i, exitTime: i + 1, qty: 1, entryPrice: 1, exitPrice: 1, fees: 0, ...tr }));
    const exposure = !withExposure ? undefined : flags ? xs.map((x) => x > 0.7) : xs;
    const input: MetricsInput = { curve: { time, equity }, cashFlows, trades: closed, feesPaid: 1.5, tradedNotional: 1234.5, exposure };
    return { input, riskFreeRate };
  });

/** computeMetrics and the old batch code agree on valid inputs; some generated inputs are invalid (a flow the equity cannot explain): then both must throw the same error. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `throws ${String(e)}`;
  }
}

describe('streaming metrics equal the batch computation, bit for bit', () => {
  it('property: computeMetrics (the accumulator fed the whole curve) = the batch code it replaced', () => {
    let valid = 0;
    fc.assert(
      fc.property(inputArb, ({ input, riskFreeRate }) => {
        const a = outcome(() => computeMetrics(input, { riskFreeRate }));
        const b = outcome(() => batchMetrics(input, { riskFreeRate }));
        if (typeof a !== 'string') valid++;
        expect(sameBits(a, b)).toBeNull();
      }),
      { seed: 1403, numRuns: 600 },
    );
    expect(valid).toBeGreaterThan(300);
  });

  it('property: the accumulator fed sample by sample, as a backtest does, = the batch code', () => {
    fc.assert(
      fc.property(inputArb, ({ input, riskFreeRate }) => {
        const b = outcome(() => batchMetrics(input, { riskFreeRate }));
        const a = outcome(() => {
          const acc = new MetricsAccumulator({ riskFreeRate, cashFlows: input.cashFlows, exposure: input.exposure !== undefined });
          const { time, equity } = input.curve;
          for (let i = 0; i < time.length; i++) acc.push(time[i], equity[i], input.exposure?.[i]);
          return acc.finish(Float64Array.from(equity), input);
        });
        expect(sameBits(a, b)).toBeNull();
      }),
      { seed: 1404, numRuns: 400 },
    );
  });

  it('property: DrawdownTracker = the batch maximum drawdown (depth, peak, trough, recovery)', () => {
    const wealth = fc.array(fc.oneof(fc.constantFrom(1, 2, 0.5, 1.5, 0), fc.double({ min: 0, max: 3, noNaN: true })), { maxLength: 60 });
    fc.assert(
      fc.property(wealth, (w) => {
        expect(sameBits(maxDrawdown(w), batchMaxDrawdown(w))).toBeNull();
        const tracker = new DrawdownTracker();
        w.forEach((x, i) => tracker.push(x, 1000 + i));
        const byIndex = batchMaxDrawdown(w);
        const shift = (i: number | null) => (i === null ? null : 1000 + i);
        expect(tracker.result()).toEqual({ depth: byIndex.depth, peakIndex: shift(byIndex.peakIndex), troughIndex: shift(byIndex.troughIndex), recoveryIndex: shift(byIndex.recoveryIndex) });
      }),
      { seed: 1405, numRuns: 500 },
    );
  });

  it('property: CalendarAccumulator and IntervalCounts = the batch calendar returns and median interval', () => {
    const gaps = fc.array(fc.oneof(fc.constant(86_400_000), fc.constantFrom(3_600_000, 0, -5), fc.integer({ min: 1, max: 40 * 86_400_000 })), { maxLength: 150 });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2026, 0, 1) }), gaps, (start, g) => {
        const time = [start];
        for (const x of g) time.push(time[time.length - 1] + x);
        expect(sameBits(medianInterval(time), batchMedianInterval(time))).toBeNull();
        const counts = new IntervalCounts();
        for (const t of time) counts.push(t);
        expect(sameBits(counts.median(), batchMedianInterval(time))).toBeNull();
        const ascending = [...new Set(time)].sort((a, b) => a - b);
        const returns = ascending.slice(1).map((t, i) => ((t % 7) - 3 + i) / 100);
        const acc = new CalendarAccumulator();
        for (let i = 1; i < ascending.length; i++) acc.push(ascending[i], returns[i - 1]);
        expect(sameBits(acc.result(), batchCalendarReturns(ascending, returns))).toBeNull();
      }),
      { seed: 1406, numRuns: 400 },
    );
  });

  it('finish() refuses an equity column that is not the one pushed', () => {
    const acc = new MetricsAccumulator();
    acc.push(0, 100);
    acc.push(60_000, 101);
    expect(() => acc.finish([100])).toThrow(/needs the 2 equity samples pushed, got 1/);
    expect(() => acc.finish([100, 102])).toThrow(/needs the 2 equity samples pushed/);
    expect(acc.finish([100, 101]).endEquity).toBe(101);
  });

  it('push() rejects a bad sample with the message validateCurve gives', () => {
    const acc = new MetricsAccumulator({ exposure: true });
    acc.push(0, 100, 0.5);
    expect(() => acc.push(0, 100, 0.5)).toThrow('metrics: curve.time must be strictly ascending, but time[1] = 0 follows time[0] = 0');
    expect(() => acc.push(1, -1, 0.5)).toThrow('metrics: curve.equity[1] must be >= 0, got -1');
    expect(() => acc.push(1, NaN, 0.5)).toThrow('metrics: curve.equity[1] must be a finite number, got NaN');
    expect(() => acc.push(1, 1, -0.1)).toThrow('metrics: exposure[1] must be >= 0, got -0.1');
  });
});
