import { describe, expect, it } from 'vitest';
import { periodReturns, wealthIndex } from '../../../src/core/metrics/period-returns.ts';
import type { CashFlow } from '../../../src/core/metrics/types.ts';

const H = 3_600_000;
const hours = (n: number): number[] => Array.from({ length: n }, (_, i) => i * H);

describe('periodReturns', () => {
  const cases: { name: string; equity: number[]; flows: CashFlow[]; returns: number[]; net: number }[] = [
    { name: 'no flows', equity: [100, 110, 99], flows: [], returns: [0.1, -0.1], net: 0 },
    { name: 'deposit is not profit', equity: [100, 150, 165], flows: [{ time: H, amount: 50 }], returns: [0, 0.1], net: 50 },
    { name: 'withdrawal is not a loss', equity: [100, 60], flows: [{ time: H, amount: -50 }], returns: [0.1], net: -50 },
    { name: 'flow between samples arrives at the next sample', equity: [100, 150], flows: [{ time: H / 2, amount: 50 }], returns: [0], net: 50 },
    { name: 'two flows in one period add up', equity: [100, 130], flows: [{ time: H, amount: 50 }, { time: 1, amount: -30 }], returns: [0.1], net: 20 },
    { name: 'flow at the first sample is starting capital', equity: [100, 110], flows: [{ time: 0, amount: 100 }], returns: [0.1], net: 0 },
    { name: 'flow after the last sample is not seen', equity: [100, 110], flows: [{ time: 5 * H, amount: 100 }], returns: [0.1], net: 0 },
    { name: 'first deposit into an empty account', equity: [0, 100, 110], flows: [{ time: H, amount: 100 }], returns: [0, 0.1], net: 100 },
    { name: 'withdraw everything', equity: [100, 0], flows: [{ time: H, amount: -100 }], returns: [0], net: -100 },
    { name: 'unsorted flows are sorted', equity: [100, 200, 300], flows: [{ time: 2 * H, amount: 100 }, { time: H, amount: 100 }], returns: [0, 0], net: 200 },
  ];
  it.each(cases)('$name', ({ equity, flows, returns, net }) => {
    const out = periodReturns({ time: hours(equity.length), equity }, flows);
    expect(out.returns.length).toBe(returns.length);
    returns.forEach((r, i) => expect(out.returns[i]).toBeCloseTo(r, 12));
    expect(out.netCashFlow).toBeCloseTo(net, 12);
  });

  it('gives no return for 0 or 1 samples', () => {
    expect(periodReturns({ time: [], equity: [] }).returns.length).toBe(0);
    expect(periodReturns({ time: [0], equity: [5] }).returns.length).toBe(0);
  });

  it('rejects growth from zero equity without a flow', () => {
    expect(() => periodReturns({ time: hours(2), equity: [0, 100] })).toThrow(/from 0 to 100 at curve sample 1/);
  });

  it('rejects a deposit larger than the equity that follows it', () => {
    expect(() => periodReturns({ time: hours(2), equity: [100, 10] }, [{ time: H, amount: 50 }])).toThrow(
      /cash flow 50 at curve sample 1/,
    );
  });
});

describe('wealthIndex', () => {
  it('compounds returns from 1', () => {
    const w = wealthIndex([0.1, -0.1]);
    expect(Array.from(w).map((x) => +x.toFixed(12))).toEqual([1, 1.1, 0.99]);
  });
});
