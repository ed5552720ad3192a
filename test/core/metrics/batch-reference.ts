// The batch metrics as they were before the streaming MetricsAccumulator (commit fac2aa9:
// compute-metrics.ts with the drawdown, calendar and median-interval code it used), kept
// verbatim as the oracle of test/core/metrics/streaming.test.ts: the streaming metrics must
// give the same bits. Test code only.
import { periodMonth, type CalendarReturns } from '../../../src/core/metrics/calendar-returns.ts';
import type { MaxDrawdown } from '../../../src/core/metrics/drawdown.ts';
import { timeWeightedExposure } from './exposure.ts';
import { NOISE } from '../../../src/core/metrics/noise.ts';
import { periodReturns, wealthIndex } from '../../../src/core/metrics/period-returns.ts';
import { YEAR_MS } from '../../../src/core/metrics/sampling.ts';
import { downsideDeviation, mean, sampleStdDev } from './stats.ts';
import { tradeStats } from '../../../src/core/metrics/trade-stats.ts';
import type { Metrics, MetricsInput, MetricsOptions, PeriodReturn, YearReturn } from '../../../src/core/metrics/types.ts';
import { validateCashFlows, validateCurve, validateExposure, validateScalar, validateTrades } from '../../../src/core/metrics/validate.ts';

/**
 * All performance metrics of one run (definitions and formulas: docs/metrics.md).
 * Pure: validates its input (clear errors), never returns NaN.
 */
export function batchMetrics(input: MetricsInput, options: MetricsOptions = {}): Metrics {
  const { curve } = input;
  const trades = input.trades ?? [];
  const flows = input.cashFlows ?? [];
  validateCurve(curve);
  validateCashFlows(flows);
  validateTrades(trades);
  if (input.exposure !== undefined) validateExposure(input.exposure, curve.time.length);
  const feesPaid = validateScalar(input.feesPaid, 'feesPaid');
  const tradedNotional = validateScalar(input.tradedNotional, 'tradedNotional');
  const riskFreeRate = validateScalar(options.riskFreeRate, 'options.riskFreeRate');
  if (riskFreeRate <= -1) throw new RangeError(`metrics: options.riskFreeRate must be > -1, got ${riskFreeRate}`);

  const { time, equity } = curve;
  const n = time.length;
  const { returns, netCashFlow } = periodReturns(curve, flows);
  const wealth = wealthIndex(returns);
  const totalReturn = n === 0 ? null : wealth[wealth.length - 1] - 1;
  const years = n < 2 ? null : (time[n - 1] - time[0]) / YEAR_MS;
  const perYear = periodsPerYear(time);

  const risk = riskRatios(returns, perYear, riskFreeRate);
  const cagr = compoundAnnualGrowth(totalReturn, years);
  const dd = batchMaxDrawdown(wealth);
  const at = (index: number | null): number | null => (index === null ? null : time[index]);
  const { monthly, yearly } = batchCalendarReturns(time, returns);

  return {
    samples: n,
    startTime: n === 0 ? null : time[0],
    endTime: n === 0 ? null : time[n - 1],
    years,
    periodsPerYear: perYear,
    startEquity: n === 0 ? null : equity[0],
    endEquity: n === 0 ? null : equity[n - 1],
    netCashFlow,
    totalReturn,
    cagr,
    ...risk,
    maxDrawdown: dd.depth,
    maxDrawdownPeakTime: at(dd.peakIndex),
    maxDrawdownTroughTime: at(dd.troughIndex),
    maxDrawdownRecoveryTime: at(dd.recoveryIndex),
    calmar: calmarRatio(cagr, dd.depth),
    ...tradeStats(trades),
    exposure: input.exposure === undefined ? null : timeWeightedExposure(time, input.exposure),
    feesPaid,
    turnover: turnover(tradedNotional, equity),
    monthlyReturns: monthly,
    yearlyReturns: yearly,
  };
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

interface RiskRatios {
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
}

/**
 * Annualised volatility, Sharpe and Sortino from period returns. Need at least 2 returns.
 * A standard (or downside) deviation under the noise floor is zero, and a ratio over zero
 * risk is null rather than Infinity/NaN.
 */
function riskRatios(returns: Float64Array, perYear: number | null, riskFreeRate: number): RiskRatios {
  const std = sampleStdDev(returns);
  const avg = mean(returns);
  if (std === null || avg === null || perYear === null) return { volatility: null, sharpe: null, sortino: null };
  const scale = Math.sqrt(perYear);
  const riskFree = Math.pow(1 + riskFreeRate, 1 / perYear) - 1;
  const excess = avg - riskFree;
  const downside = downsideDeviation(returns, 0) ?? 0;
  const flat = std <= NOISE;
  return {
    volatility: flat ? 0 : std * scale,
    sharpe: flat ? null : (excess / std) * scale,
    sortino: downside <= NOISE ? null : (excess / downside) * scale,
  };
}

/** Traded notional over the mean equity sample; null when there is no equity to divide by. */
function turnover(tradedNotional: number, equity: ArrayLike<number>): number | null {
  const avg = mean(equity);
  return avg === null || avg <= 0 ? null : tradedNotional / avg;
}

function drawdownAt(wealth: number, peak: number): number {
  if (peak <= 0) return 0;
  const depth = 1 - wealth / peak;
  return depth <= NOISE ? 0 : Math.min(1, depth);
}

export function batchMaxDrawdown(wealth: ArrayLike<number>): MaxDrawdown {
  let peak = -Infinity;
  let peakIndex = -1;
  let depth = 0;
  let bestPeak = -1;
  let trough = -1;
  for (let i = 0; i < wealth.length; i++) {
    // `>=` keeps the LAST sample at the high-water mark: the drawdown starts where the fall does.
    if (wealth[i] >= peak) {
      peak = wealth[i];
      peakIndex = i;
    }
    const d = drawdownAt(wealth[i], peak);
    if (d > depth) {
      depth = d;
      bestPeak = peakIndex;
      trough = i;
    }
  }
  if (depth === 0) return { depth: 0, peakIndex: null, troughIndex: null, recoveryIndex: null };
  let recoveryIndex: number | null = null;
  const peakWealth = wealth[bestPeak];
  for (let i = trough + 1; i < wealth.length; i++) {
    if (drawdownAt(wealth[i], peakWealth) === 0) {
      recoveryIndex = i;
      break;
    }
  }
  return { depth, peakIndex: bestPeak, troughIndex: trough, recoveryIndex };
}

export function batchCalendarReturns(time: ArrayLike<number>, returns: ArrayLike<number>): CalendarReturns {
  const monthly: PeriodReturn[] = [];
  const yearly: YearReturn[] = [];
  let monthGrowth = 1;
  let yearGrowth = 1;
  let current: { year: number; month: number } | null = null;
  const close = (closeYear: boolean): void => {
    if (current === null) return;
    monthly.push({ year: current.year, month: current.month, return: monthGrowth - 1 });
    monthGrowth = 1;
    if (closeYear) {
      yearly.push({ year: current.year, return: yearGrowth - 1 });
      yearGrowth = 1;
    }
  };
  // The current month covers (from, to]: samples inside it need no date arithmetic (one per candle).
  let from = Infinity;
  let to = -Infinity;
  for (let i = 1; i < time.length; i++) {
    const t = time[i];
    if (!(t > from && t <= to)) {
      const key = periodMonth(t);
      if (current !== null && (key.year !== current.year || key.month !== current.month)) {
        close(key.year !== current.year);
      }
      current = key;
      from = Date.UTC(key.year, key.month - 1, 1);
      to = Date.UTC(key.year, key.month, 1);
    }
    monthGrowth *= 1 + returns[i - 1];
    yearGrowth *= 1 + returns[i - 1];
  }
  close(true);
  return { monthly, yearly };
}

/** Median spacing of ascending sample times in ms; null with fewer than 2 samples. */
export function batchMedianInterval(time: ArrayLike<number>): number | null {
  if (time.length < 2) return null;
  const gaps = new Float64Array(time.length - 1);
  for (let i = 1; i < time.length; i++) gaps[i - 1] = time[i] - time[i - 1];
  const mid = gaps.length >> 1;
  // Selection instead of a full sort (one run's curve has a sample per candle): the same values
  // as sorted[mid] and sorted[mid - 1].
  const upper = select(gaps, mid);
  if (gaps.length % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (gaps[i] > lower) lower = gaps[i];
  return (lower + upper) / 2;
}

/**
 * Rearranges `a` so that a[k] is the k-th smallest value, everything before it <= a[k] and
 * everything after >= a[k] (quickselect, three-way partition: sampling gaps are mostly equal,
 * so a run of equal values is settled in one pass). Values must not be NaN.
 */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = median3(a[lo], a[(lo + hi) >> 1], a[hi]);
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const x = a[i];
      if (x < pivot) {
        a[i++] = a[lt];
        a[lt++] = x;
      } else if (x > pivot) {
        a[i] = a[gt];
        a[gt--] = x;
      } else i++;
    }
    // Now a[lo..lt) < pivot, a[lt..gt] == pivot, a(gt..hi] > pivot.
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[k];
}

function median3(x: number, y: number, z: number): number {
  return x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
}

/**
 * Return periods per year implied by the median sampling interval (hourly -> 24 x 365.25).
 * The median, not the mean, so a few gaps in the data do not change the annualisation.
 */
function periodsPerYear(time: ArrayLike<number>): number | null {
  const interval = batchMedianInterval(time);
  return interval === null ? null : YEAR_MS / interval;
}
