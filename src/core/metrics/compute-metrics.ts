import { MetricsAccumulator } from './metrics-accumulator.ts';
import type { Metrics, MetricsInput, MetricsOptions } from './types.ts';
import { validateCashFlows, validateCurve, validateExposure, validateScalar, validateTrades } from './validate.ts';

/**
 * All performance metrics of one run (definitions and formulas: docs/metrics.md).
 * Pure: validates its input (clear errors), never returns NaN. The curve is fed to the same
 * MetricsAccumulator a backtest feeds as it runs, so both give the same bits.
 */
export function computeMetrics(input: MetricsInput, options: MetricsOptions = {}): Metrics {
  const { curve } = input;
  // Everything is checked before any figure is computed, so the first error is the same whatever else is wrong.
  validateCurve(curve);
  validateCashFlows(input.cashFlows ?? []);
  validateTrades(input.trades ?? []);
  if (input.exposure !== undefined) validateExposure(input.exposure, curve.time.length);
  validateScalar(input.feesPaid, 'feesPaid');
  validateScalar(input.tradedNotional, 'tradedNotional');
  const exposure = input.exposure;
  const acc = new MetricsAccumulator({ riskFreeRate: options.riskFreeRate, cashFlows: input.cashFlows, exposure: exposure !== undefined });
  const { time, equity } = curve;
  for (let i = 0; i < time.length; i++) acc.push(time[i], equity[i], exposure === undefined ? undefined : exposure[i]);
  return acc.finish(equity, input);
}
