import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src/core/metrics/compute-metrics.ts';
import { YEAR_MS } from '../../../src/core/metrics/sampling.ts';
import type { Metrics, MetricsInput, MetricsOptions } from '../../../src/core/metrics/types.ts';

const D = 86_400_000;
const T0 = Date.UTC(2024, 0, 10);
const HALF_YEAR = YEAR_MS / 2;

type Expected = Partial<Record<keyof Metrics, number | null>>;

/** Compares only the listed fields; numbers to 9 decimals, null and Infinity exactly. */
function expectFields(got: Metrics, want: Expected): void {
  for (const [key, value] of Object.entries(want)) {
    const actual = got[key as keyof Metrics];
    if (value === null || value === Infinity) expect(actual, key).toBe(value);
    else expect(actual as number, key).toBeCloseTo(value as number, 9);
  }
}

describe('computeMetrics (hand-computed)', () => {
  const cases: { name: string; input: MetricsInput; options?: MetricsOptions; want: Expected }[] = [
    {
      name: 'empty curve',
      input: { curve: { time: [], equity: [] } },
      want: {
        samples: 0, totalReturn: null, cagr: null, volatility: null, sharpe: null, sortino: null, maxDrawdown: 0,
        maxDrawdownPeakTime: null, calmar: null, trades: 0, winRate: null, profitFactor: null, exposure: null,
        turnover: null, startTime: null, years: null, periodsPerYear: null,
      },
    },
    {
      name: 'one sample',
      input: { curve: { time: [T0], equity: [1000] }, exposure: [true] },
      want: { samples: 1, totalReturn: 0, cagr: null, volatility: null, sharpe: null, maxDrawdown: 0, exposure: null, startTime: T0, endTime: T0 },
    },
    {
      name: 'one year, two samples: CAGR = total return',
      input: { curve: { time: [T0, T0 + YEAR_MS], equity: [100, 121] } },
      want: { totalReturn: 0.21, cagr: 0.21, years: 1, periodsPerYear: 1, volatility: null, sharpe: null, sortino: null, maxDrawdown: 0, calmar: null },
    },
    {
      // returns -0.2, +0.5125; mean 0.15625; sample std 0.7125/sqrt(2); 2 periods a year.
      name: 'half-yearly samples with a recovered drawdown',
      input: { curve: { time: [T0, T0 + HALF_YEAR, T0 + YEAR_MS], equity: [100, 80, 121] } },
      want: {
        totalReturn: 0.21, cagr: 0.21, periodsPerYear: 2, volatility: 0.7125, sharpe: 0.3125 / 0.7125, sortino: 1.5625,
        maxDrawdown: 0.2, maxDrawdownPeakTime: T0, maxDrawdownTroughTime: T0 + HALF_YEAR,
        maxDrawdownRecoveryTime: T0 + YEAR_MS, calmar: 1.05,
      },
    },
    {
      // risk-free 21 %/year = 10 % per half-year period: excess mean 0.05625.
      name: 'risk-free rate lowers Sharpe and Sortino',
      input: { curve: { time: [T0, T0 + HALF_YEAR, T0 + YEAR_MS], equity: [100, 80, 121] } },
      options: { riskFreeRate: 0.21 },
      want: { volatility: 0.7125, sharpe: 0.1125 / 0.7125, sortino: 0.5625 },
    },
    {
      name: 'flat equity: zero volatility, Sharpe and Sortino null',
      input: { curve: { time: [T0, T0 + D, T0 + 2 * D], equity: [100, 100, 100] } },
      want: { totalReturn: 0, cagr: 0, volatility: 0, sharpe: null, sortino: null, maxDrawdown: 0, calmar: null },
    },
    {
      name: 'never recovers',
      input: { curve: { time: [T0, T0 + D, T0 + 2 * D], equity: [100, 50, 60] } },
      want: {
        totalReturn: -0.4, maxDrawdown: 0.5, maxDrawdownPeakTime: T0, maxDrawdownTroughTime: T0 + D,
        maxDrawdownRecoveryTime: null,
      },
    },
    {
      name: 'total loss: CAGR -1, drawdown 1',
      input: { curve: { time: [T0, T0 + D, T0 + 2 * D], equity: [100, 0, 0] } },
      want: { totalReturn: -1, cagr: -1, maxDrawdown: 1, calmar: -1 },
    },
    {
      name: 'deposit mid-curve is not profit',
      input: { curve: { time: [T0, T0 + D, T0 + 2 * D], equity: [100, 200, 220] }, cashFlows: [{ time: T0 + D, amount: 100 }] },
      want: { totalReturn: 0.1, netCashFlow: 100, maxDrawdown: 0, startEquity: 100, endEquity: 220 },
    },
    {
      name: 'withdrawal mid-curve is not a drawdown',
      input: { curve: { time: [T0, T0 + D, T0 + 2 * D], equity: [100, 50, 55] }, cashFlows: [{ time: T0 + D, amount: -50 }] },
      want: { totalReturn: 0.1, netCashFlow: -50, maxDrawdown: 0 },
    },
    {
      name: 'fees, turnover, exposure pass through',
      input: {
        curve: { time: [T0, T0 + D, T0 + 3 * D, T0 + 4 * D], equity: [100, 200, 300, 200] },
        feesPaid: 12.5,
        tradedNotional: 2000,
        exposure: [true, false, true, true],
      },
      want: { feesPaid: 12.5, turnover: 10, exposure: 0.5 },
    },
    {
      name: 'all-losing trades',
      input: {
        curve: { time: [T0, T0 + D], equity: [100, 96] },
        trades: [
          { pair: 'BTC/USD', entryTime: T0, exitTime: T0 + 1, qty: 1, entryPrice: 10, exitPrice: 9, pnl: -1, fees: 0.1, returnPct: -0.1 },
          { pair: 'ETH/USD', entryTime: T0, exitTime: T0 + 2, qty: 1, entryPrice: 10, exitPrice: 7, pnl: -3, fees: 0.1, returnPct: -0.3 },
        ],
      },
      want: { trades: 2, winRate: 0, profitFactor: 0, avgTradePnl: -2, avgTradeReturn: -0.2 },
    },
  ];

  it.each(cases)('$name', ({ input, options, want }) => {
    expectFields(computeMetrics(input, options), want);
  });

  it('hourly curve annualises with sqrt(24 x 365.25)', () => {
    const time = [0, 1, 2, 3].map((h) => T0 + h * 3_600_000);
    const m = computeMetrics({ curve: { time, equity: [100, 110, 99, 108.9] } });
    // returns 0.1, -0.1, 0.1: mean 1/30, sample std sqrt(0.04/3), downside sqrt(0.01/3)
    const scale = Math.sqrt(24 * 365.25);
    expect(m.periodsPerYear).toBeCloseTo(8766, 9);
    expect(m.volatility).toBeCloseTo(Math.sqrt(0.04 / 3) * scale, 9);
    expect(m.sharpe).toBeCloseTo((1 / 30 / Math.sqrt(0.04 / 3)) * scale, 9);
    expect(m.sortino).toBeCloseTo((1 / 30 / Math.sqrt(0.01 / 3)) * scale, 9);
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.maxDrawdownRecoveryTime).toBeNull();
  });

  it('a curve too short for a finite CAGR gives null, not Infinity', () => {
    const m = computeMetrics({ curve: { time: [T0, T0 + 1], equity: [100, 200] } });
    expect(m.totalReturn).toBe(1);
    expect(m.cagr).toBeNull();
  });

  it('includes calendar returns', () => {
    const time = [Date.UTC(2024, 0, 30), Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 15)];
    const m = computeMetrics({ curve: { time, equity: [100, 110, 99] } });
    expect(m.monthlyReturns.map((r) => [r.year, r.month])).toEqual([[2024, 1], [2024, 2]]);
    expect(m.yearlyReturns.map((r) => r.year)).toEqual([2024]);
  });
});

describe('computeMetrics rejects bad input with a clear error', () => {
  const curve = { time: [T0, T0 + D], equity: [100, 110] };
  it.each([
    { name: 'length mismatch', input: { curve: { time: [T0], equity: [1, 2] } }, error: /curve.time has 1 samples but curve.equity has 2/ },
    { name: 'NaN equity', input: { curve: { time: [T0, T0 + D], equity: [1, NaN] } }, error: /curve.equity\[1\] must be a finite number, got NaN/ },
    { name: 'negative equity', input: { curve: { time: [T0, T0 + D], equity: [1, -2] } }, error: /curve.equity\[1\] must be >= 0, got -2/ },
    { name: 'times not ascending', input: { curve: { time: [T0, T0], equity: [1, 1] } }, error: /strictly ascending, but time\[1\]/ },
    { name: 'bad flow', input: { curve, cashFlows: [{ time: T0, amount: Infinity }] }, error: /cashFlows\[0\].amount/ },
    { name: 'missing flow time', input: { curve, cashFlows: [{ amount: 1 }] }, error: /cashFlows\[0\].time must be a finite number, got undefined$/ },
    { name: 'string equity', input: { curve: { time: [T0], equity: ['5'] } }, error: /curve.equity\[0\] must be a finite number, got string "5"/ },
    { name: 'exposure length', input: { curve, exposure: [1] }, error: /exposure has 1 values but the curve has 2 samples/ },
    { name: 'negative exposure', input: { curve, exposure: [1, -0.5] }, error: /exposure\[1\] must be >= 0/ },
    { name: 'bad fees', input: { curve, feesPaid: NaN }, error: /feesPaid must be a finite number/ },
    {
      name: 'bad trade field',
      input: {
        curve,
        trades: [{ pair: 'XBT/USD', entryTime: T0, exitTime: T0, qty: 1, entryPrice: 1, exitPrice: 1, pnl: NaN, fees: 0, returnPct: 0 }],
      },
      error: /trades\[0\].pnl \(XBT\/USD\) must be a finite number, got NaN/,
    },
  ] as { name: string; input: MetricsInput; error: RegExp }[])('$name', ({ input, error }) => {
    expect(() => computeMetrics(input)).toThrow(error);
  });

  it('rejects a risk-free rate <= -1', () => {
    expect(() => computeMetrics({ curve }, { riskFreeRate: -1 })).toThrow(/riskFreeRate must be > -1/);
  });
});
