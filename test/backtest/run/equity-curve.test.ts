import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EquityCurveBuilder } from '../../../src/backtest/run/equity-curve.ts';

/** Index of the first sample where `got` and `want` differ by Object.is (-0 and NaN count), or -1. */
function firstDifference(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Math.min(got.length, want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) return i;
  return -1;
}

const HOUR = 3_600_000;
// Mostly regular steps, with gaps, repeats, a change of step and odd values, as a run's samples can be.
const timeStep = fc.oneof({ weight: 8, arbitrary: fc.constant(HOUR) }, fc.constantFrom(0, 2 * HOUR, 60_000, 0.5, -HOUR), fc.double({ noNaN: false }));
const cashValue = fc.oneof({ weight: 6, arbitrary: fc.constant('same' as const) }, fc.constantFrom(0, -0, NaN, Infinity, 1e-300), fc.double());

describe('EquityCurve', () => {
  it('property: time, equity and cash come back bit for bit, whole and sample by sample', () => {
    fc.assert(
      fc.property(fc.double(), fc.array(fc.tuple(timeStep, fc.double(), cashValue), { maxLength: 300 }), (t0, steps) => {
        const time: number[] = [];
        const equity: number[] = [];
        const cash: number[] = [];
        const b = new EquityCurveBuilder();
        let t = t0;
        let c = 10_000;
        steps.forEach(([dt, e, nextCash], i) => {
          t = i === 0 ? t0 : t + dt;
          if (nextCash !== 'same') c = nextCash;
          time.push(t); equity.push(e); cash.push(c);
          b.push(t, e, c);
        });
        const curve = b.finish();
        expect(curve.length).toBe(steps.length);
        expect(firstDifference(curve.equity, equity)).toBe(-1);
        expect(firstDifference(Array.from({ length: curve.length }, (_, i) => curve.timeAt(i)), time)).toBe(-1);
        expect(firstDifference(Array.from({ length: curve.length }, (_, i) => curve.cashAt(i)), cash)).toBe(-1);
        expect(firstDifference(curve.time, time)).toBe(-1);
        expect(firstDifference(curve.cash, cash)).toBe(-1);
      }),
      { seed: 31207, numRuns: 1000 },
    );
  });

  it('holds a regular hourly curve with one gap as two time runs and cash as its changes only', () => {
    const b = new EquityCurveBuilder();
    for (let i = 0; i < 10_000; i++) b.push((i < 5_000 ? i : i + 3) * HOUR, 100 + i, i < 7_000 ? 1_000 : 0);
    const curve = b.finish() as unknown as { runStart: number[]; cashIndex: number[] };
    expect(curve.runStart).toEqual([0, 5_000]);
    expect(curve.cashIndex).toEqual([0, 7_000]);
  });

  it('refuses a sample index outside the curve, naming it', () => {
    const b = new EquityCurveBuilder();
    b.push(0, 1, 1);
    const curve = b.finish();
    expect(() => curve.timeAt(1)).toThrow('equity sample 1 is outside 0..0');
    expect(() => curve.cashAt(-1)).toThrow('equity sample -1 is outside 0..0');
  });
});
