import type { Attribution } from '../../core/metrics/attribution.ts';
import type { CashFlow, ClosedTrade, EquityCurve, Metrics, PeriodReturn } from '../../core/metrics/index.ts';

/** One execution as the ledger recorded it. Fee in `feeAsset` (Kraken: the quote currency by default). */
export interface ReportFill {
  readonly time: number;
  readonly pair: string;
  readonly side: 'buy' | 'sell';
  readonly price: number;
  readonly qty: number;
  readonly fee: number;
  readonly feeAsset: string;
}

/** Close prices of one pair, epoch ms UTC ascending. Downsampled by the report, not by the caller. */
export interface PriceSeries {
  readonly pair: string;
  readonly time: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

/** Values a strategy recorded with ctx.record (times epoch ms UTC, ascending). */
export interface RecordedSeries {
  readonly series: string;
  readonly time: readonly number[];
  readonly value: readonly (number | string)[];
}

/** A value shown in the run configuration table. */
export type ConfigValue = string | number | boolean | null;

/** Everything one HTML backtest report shows. All text is escaped by the renderer. */
export interface ReportInput {
  readonly title: string;
  readonly runId: string;
  /** Hash of the run's canonical event log (DESIGN.md): the run's identity. */
  readonly hash: string;
  /**
   * Config summary, shown in insertion order: strategy and parameters, data range, and every
   * fill assumption the run used (slippage, fee model, latency, volume cap, ...).
   */
  readonly generatedFrom: Readonly<Record<string, ConfigValue>>;
  readonly metrics: Metrics;
  readonly equity: EquityCurve;
  /** Deposits/withdrawals, so the drawdown chart is time-weighted like the metrics. Optional. */
  readonly cashFlows?: readonly CashFlow[];
  readonly fills: readonly ReportFill[];
  readonly prices: readonly PriceSeries[];
  readonly monthlyReturns: readonly PeriodReturn[];
  /** Strategy-recorded series (regime, allocations, ...): bands for text, lines for numbers. Optional. */
  readonly recorded?: readonly RecordedSeries[];
  /** Closed round trips for the trades table (entry, exit, qty, prices, PnL, fees, holding time). Optional. */
  readonly trades?: readonly ClosedTrade[];
  /**
   * A benchmark over the same range (the CLI: buy-and-hold of the same pairs, same fees): drawn
   * as a dashed line on the equity chart and its metrics shown beside the run's. Optional.
   */
  readonly benchmark?: { readonly label: string; readonly equity: EquityCurve; readonly metrics: Metrics };
  /** Orders rejected by risk checks, by reason code; the table is shown when given. */
  readonly rejectionsByReason?: Readonly<Record<string, number>>;
  /** Per-strategy and per-regime attribution; the section is shown when given. */
  readonly attribution?: Attribution;
}
