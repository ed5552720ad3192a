import { calendarReturns } from './calendar-returns.ts';
import { maxDrawdown } from './drawdown.ts';
import { timeWeightedExposure } from './exposure.ts';
import { NOISE } from './noise.ts';
import { periodReturns, wealthIndex } from './period-returns.ts';
import { YEAR_MS, periodsPerYear } from './sampling.ts';
import { downsideDeviation, mean, sampleStdDev } from './stats.ts';
import { tradeStats } from './trade-stats.ts';
import type { Metrics, MetricsInput, MetricsOptions } from './types.ts';
import { validateCashFlows, validateCurve, validateExposure, validateScalar, validateTrades } from './validate.ts';

/**
 * All performance metrics of one run (definitions and formulas: docs/metrics.md).
 * Pure: validates its input (clear errors), never returns NaN.
 */
export function computeMetrics(input: MetricsInput, options: MetricsOptions = {}): Metrics {
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
  const dd = maxDrawdown(wealth);
  const at = (index: number | null): number | null => (index === null ? null : time[index]);
  const { monthly, yearly } = calendarReturns(time, returns);

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
