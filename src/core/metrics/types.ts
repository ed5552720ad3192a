/**
 * Inputs and outputs of the performance metrics (docs/metrics.md defines every field).
 *
 * Metrics are statistics, so they use floats; the ledger's exact decimals are converted at
 * the boundary. Times are epoch milliseconds, UTC. `null` always means "not defined for this
 * input" (too few samples, zero volatility, no trades, ...), never "unknown": NaN never leaks out.
 */

/** Equity sampled at bar closes: `time` strictly ascending, `equity[i]` >= 0 at `time[i]`. */
export interface EquityCurve {
  readonly time: ArrayLike<number>;
  readonly equity: ArrayLike<number>;
}

/** A closed round trip (entry to exit) as the ledger reports it. */
export interface ClosedTrade {
  readonly pair: string;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly qty: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** Realized PnL in the quote currency, net of entry and exit fees. */
  readonly pnl: number;
  readonly fees: number;
  /** The trade's return as a FRACTION (0.05 = +5 %), net of fees. */
  readonly returnPct: number;
}

/** A deposit (amount > 0) or withdrawal (amount < 0) in the equity's currency. */
export interface CashFlow {
  readonly time: number;
  readonly amount: number;
}

export interface MetricsInput {
  readonly curve: EquityCurve;
  readonly trades?: readonly ClosedTrade[];
  /** Total fees paid over the run, quote currency. */
  readonly feesPaid?: number;
  /** Total traded notional (sum of |qty x price| over fills), quote currency. */
  readonly tradedNotional?: number;
  readonly cashFlows?: readonly CashFlow[];
  /**
   * Per sample: share of equity not in cash (0..1), or an in-position flag. Sample i's value
   * holds over the period (time[i], time[i+1]].
   */
  readonly exposure?: ArrayLike<number> | ArrayLike<boolean>;
}

export interface MetricsOptions {
  /** Annual risk-free rate as a fraction (0.04 = 4 %/year). Default 0. */
  readonly riskFreeRate?: number;
}

export interface PeriodReturn {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly return: number;
}

export interface YearReturn {
  readonly year: number;
  readonly return: number;
}

export interface Metrics {
  readonly samples: number;
  readonly startTime: number | null;
  readonly endTime: number | null;
  /** Elapsed time in 365.25-day years. */
  readonly years: number | null;
  /** Return periods per year, from the median sampling interval. */
  readonly periodsPerYear: number | null;
  readonly startEquity: number | null;
  readonly endEquity: number | null;
  /** Sum of the cash flows that fall inside the curve (after the first sample). */
  readonly netCashFlow: number;

  /** Time-weighted total return (fraction). */
  readonly totalReturn: number | null;
  readonly cagr: number | null;
  readonly volatility: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** Deepest fall of the time-weighted wealth index from its running peak, in [0, 1]. */
  readonly maxDrawdown: number;
  readonly maxDrawdownPeakTime: number | null;
  readonly maxDrawdownTroughTime: number | null;
  /** First sample after the trough back at the peak level; null if never recovered. */
  readonly maxDrawdownRecoveryTime: number | null;
  readonly calmar: number | null;

  readonly trades: number;
  readonly winRate: number | null;
  /** Gross profit / gross loss: Infinity with no losing trade, null with no trade. */
  readonly profitFactor: number | null;
  readonly avgTradePnl: number | null;
  readonly avgTradeReturn: number | null;

  /** Time-weighted share of the run spent in position (0..1). */
  readonly exposure: number | null;
  readonly feesPaid: number;
  /** Traded notional / average equity. */
  readonly turnover: number | null;

  readonly monthlyReturns: readonly PeriodReturn[];
  readonly yearlyReturns: readonly YearReturn[];
}
