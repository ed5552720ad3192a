export type {
  CashFlow,
  ClosedTrade,
  EquityCurve,
  Metrics,
  MetricsInput,
  MetricsOptions,
  PeriodReturn,
  YearReturn,
} from './types.ts';
export { computeMetrics } from './compute-metrics.ts';
export { MetricsAccumulator } from './metrics-accumulator.ts';
export type { AccumulatorOptions, FinishInput } from './metrics-accumulator.ts';
export { periodReturns, wealthIndex } from './period-returns.ts';
export type { PeriodReturns } from './period-returns.ts';
export { drawdownSeries, maxDrawdown } from './drawdown.ts';
export type { MaxDrawdown } from './drawdown.ts';
export { calendarReturns, periodMonth } from './calendar-returns.ts';
export { medianInterval, periodsPerYear, YEAR_MS } from './sampling.ts';
export { tradeStats } from './trade-stats.ts';
export type { TradeStats } from './trade-stats.ts';
