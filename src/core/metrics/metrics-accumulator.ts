import { CalendarAccumulator } from './calendar-returns.ts';
import { DrawdownTracker } from './drawdown.ts';
import { NOISE } from './noise.ts';
import { periodReturn } from './period-returns.ts';
import { YEAR_MS, IntervalCounts } from './sampling.ts';
import { tradeStats } from './trade-stats.ts';
import type { CashFlow, ClosedTrade, Metrics, MetricsOptions } from './types.ts';
import { requireFinite, validateCashFlows, validateScalar, validateTrades } from './validate.ts';

export interface AccumulatorOptions extends MetricsOptions {
  readonly cashFlows?: readonly CashFlow[];
  /** Whether every sample comes with an exposure value (Metrics.exposure is null otherwise). */
  readonly exposure?: boolean;
}

export interface FinishInput {
  readonly trades?: readonly ClosedTrade[];
  readonly feesPaid?: number;
  readonly tradedNotional?: number;
}

/**
 * The metrics of computeMetrics (docs/metrics.md), fed one equity sample at a time as a run
 * goes, so a long run keeps no per-sample working arrays (returns, wealth, sampling gaps,
 * exposure: 32 bytes per bar before). Every sum runs in sample order with the same
 * operations as the batch formulas, so the results are the same bits (property-tested
 * against the batch computation).
 *
 * One figure cannot be had in one pass with the same rounding: the sample standard deviation
 * sums (r - mean)^2, and the mean is known only at the end. `finish` therefore takes the
 * equity column again (a run keeps it for its saved curve) and recomputes the period returns
 * from it, with the cash flows recorded at the samples where they arrived.
 */
export class MetricsAccumulator {
  private readonly riskFreeRate: number;
  private readonly withExposure: boolean;
  private readonly flows: CashFlow[];
  private flowIndex = 0;
  /** Sample index and amount of every non-zero flow, for the second pass. */
  private readonly flowAt: { index: number; amount: number }[] = [];
  private n = 0;
  private firstTime = 0;
  private lastTime = 0;
  private firstEquity = 0;
  private lastEquity = 0;
  private lastExposure = 0;
  private netCashFlow = 0;
  private wealth = 1;
  private returnSum = 0;
  private downsideSquares = 0;
  private equitySum = 0;
  private exposureWeighted = 0;
  private readonly intervals = new IntervalCounts();
  private readonly drawdown = new DrawdownTracker();
  private readonly calendar = new CalendarAccumulator();

  constructor(options: AccumulatorOptions = {}) {
    const flows = options.cashFlows ?? [];
    validateCashFlows(flows);
    this.riskFreeRate = validateScalar(options.riskFreeRate, 'options.riskFreeRate');
    if (this.riskFreeRate <= -1) throw new RangeError(`metrics: options.riskFreeRate must be > -1, got ${this.riskFreeRate}`);
    this.withExposure = options.exposure === true;
    this.flows = [...flows].sort((a, b) => a.time - b.time);
  }

  get samples(): number {
    return this.n;
  }

  /** The next sample: equity at `time` (strictly after the last), and its exposure when the accumulator takes one. */
  push(time: number, equity: number, exposure?: number | boolean): void {
    const i = this.n;
    if (!Number.isFinite(time)) requireFinite(time, `curve.time[${i}]`);
    if (!Number.isFinite(equity)) requireFinite(equity, `curve.equity[${i}]`);
    if (equity < 0) throw new RangeError(`metrics: curve.equity[${i}] must be >= 0, got ${equity}`);
    if (i > 0 && !(time > this.lastTime)) {
      throw new RangeError(`metrics: curve.time must be strictly ascending, but time[${i}] = ${time} follows time[${i - 1}] = ${this.lastTime}`);
    }
    let x = 0;
    if (this.withExposure) {
      if (typeof exposure === 'boolean') x = exposure ? 1 : 0;
      else {
        if (!Number.isFinite(exposure)) requireFinite(exposure, `exposure[${i}]`);
        if (exposure! < 0) throw new RangeError(`metrics: exposure[${i}] must be >= 0, got ${exposure}`);
        x = exposure!;
      }
    }
    const flows = this.flows;
    if (i === 0) {
      // Flows at or before the first sample are part of the starting equity.
      while (this.flowIndex < flows.length && flows[this.flowIndex].time <= time) this.flowIndex++;
      this.firstTime = time;
      this.firstEquity = equity;
      this.drawdown.push(1, time);
    } else {
      let flow = 0;
      while (this.flowIndex < flows.length && flows[this.flowIndex].time <= time) flow += flows[this.flowIndex++].amount;
      this.netCashFlow += flow;
      if (flow !== 0) this.flowAt.push({ index: i, amount: flow });
      const r = periodReturn(this.lastEquity, equity, flow, i);
      this.returnSum += r;
      const shortfall = Math.min(0, r - 0);
      this.downsideSquares += shortfall * shortfall;
      this.wealth = this.wealth * (1 + r);
      this.drawdown.push(this.wealth, time);
      this.calendar.push(time, r);
      this.exposureWeighted += this.lastExposure * (time - this.lastTime);
    }
    this.intervals.push(time);
    this.equitySum += equity;
    this.lastTime = time;
    this.lastEquity = equity;
    this.lastExposure = x;
    this.n = i + 1;
  }

  /**
   * All metrics. `equity` is the column of equity samples pushed, in order (the second pass of
   * the standard deviation reads it); the trades and totals are validated here.
   */
  finish(equity: ArrayLike<number>, input: FinishInput = {}): Metrics {
    const trades = input.trades ?? [];
    validateTrades(trades);
    const feesPaid = validateScalar(input.feesPaid, 'feesPaid');
    const tradedNotional = validateScalar(input.tradedNotional, 'tradedNotional');
    const n = this.n;
    if (equity.length !== n || (n > 0 && !Object.is(equity[n - 1], this.lastEquity))) {
      throw new RangeError(`metrics: finish() needs the ${n} equity samples pushed, got ${equity.length} that differ`);
    }
    const time0 = this.firstTime;
    const timeN = this.lastTime;
    const totalReturn = n === 0 ? null : this.wealth - 1;
    const years = n < 2 ? null : (timeN - time0) / YEAR_MS;
    const interval = this.intervals.median();
    const perYear = interval === null ? null : YEAR_MS / interval;
    const risk = this.riskRatios(equity, perYear);
    const cagr = compoundAnnualGrowth(totalReturn, years);
    const dd = this.drawdown.result();
    const { monthly, yearly } = this.calendar.result();
    const avgEquity = n === 0 ? null : this.equitySum / n;
    return {
      samples: n,
      startTime: n === 0 ? null : time0,
      endTime: n === 0 ? null : timeN,
      years,
      periodsPerYear: perYear,
      startEquity: n === 0 ? null : this.firstEquity,
      endEquity: n === 0 ? null : this.lastEquity,
      netCashFlow: this.netCashFlow,
      totalReturn,
      cagr,
      ...risk,
      maxDrawdown: dd.depth,
      maxDrawdownPeakTime: dd.peakIndex,
      maxDrawdownTroughTime: dd.troughIndex,
      maxDrawdownRecoveryTime: dd.recoveryIndex,
      calmar: calmarRatio(cagr, dd.depth),
      ...tradeStats(trades),
      exposure: !this.withExposure || n < 2 ? null : this.exposureWeighted / (timeN - time0),
      feesPaid,
      turnover: avgEquity === null || avgEquity <= 0 ? null : tradedNotional / avgEquity,
      monthlyReturns: monthly,
      yearlyReturns: yearly,
    };
  }

  /**
   * Annualised volatility, Sharpe and Sortino (at least 2 returns). A standard (or downside)
   * deviation under the noise floor is zero, and a ratio over zero risk is null.
   */
  private riskRatios(equity: ArrayLike<number>, perYear: number | null): { volatility: number | null; sharpe: number | null; sortino: number | null } {
    const count = this.n - 1;
    if (count < 2 || perYear === null) return { volatility: null, sharpe: null, sortino: null };
    const avg = this.returnSum / count;
    // Second pass: the same period returns, from the same equity and flows, in the same order.
    let squares = 0;
    let f = 0;
    const flowAt = this.flowAt;
    for (let i = 1; i < this.n; i++) {
      let flow = 0;
      if (f < flowAt.length && flowAt[f].index === i) flow = flowAt[f++].amount;
      squares += (periodReturn(equity[i - 1], equity[i], flow, i) - avg) ** 2;
    }
    const std = Math.sqrt(squares / (count - 1));
    const scale = Math.sqrt(perYear);
    const riskFree = Math.pow(1 + this.riskFreeRate, 1 / perYear) - 1;
    const excess = avg - riskFree;
    const downside = Math.sqrt(this.downsideSquares / count);
    const flat = std <= NOISE;
    return {
      volatility: flat ? 0 : std * scale,
      sharpe: flat ? null : (excess / std) * scale,
      sortino: downside <= NOISE ? null : (excess / downside) * scale,
    };
  }
}

/** (1 + R)^(1 / years) - 1; null without elapsed time or when it overflows (tiny spans). */
function compoundAnnualGrowth(totalReturn: number | null, years: number | null): number | null {
  if (totalReturn === null || years === null || years <= 0) return null;
  if (totalReturn <= -1) return -1;
  const cagr = Math.pow(1 + totalReturn, 1 / years) - 1;
  return Number.isFinite(cagr) ? cagr : null;
}

/** CAGR / max drawdown; null without a drawdown, or when a huge CAGR over a tiny one overflows. */
function calmarRatio(cagr: number | null, depth: number): number | null {
  if (cagr === null || depth === 0) return null;
  const ratio = cagr / depth;
  return Number.isFinite(ratio) ? ratio : null;
}
