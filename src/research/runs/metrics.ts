import { table, type ColumnTable } from 'arquero';
import type { BacktestResult } from '../../backtest/run/run-backtest.ts';
import { drawdownSeries } from '../../core/metrics/index.ts';
import type { Metrics } from '../../core/metrics/index.ts';

/** Equity, cash and drawdown (fraction below the running peak) per sample of a run. */
export function equityTable(curve: { time: ArrayLike<number>; equity: ArrayLike<number>; cash?: ArrayLike<number> }): ColumnTable {
  const equity = Float64Array.from(curve.equity);
  return table({
    time: Float64Array.from(curve.time),
    equity,
    cash: curve.cash ? Float64Array.from(curve.cash) : new Float64Array(equity.length),
    drawdown: drawdownSeries(equity),
  });
}

/** The equity table of a stored run (from RunTables.equity: time_ms, equity, cash). */
export function storedEquityTable(stored: ColumnTable): ColumnTable {
  return equityTable({ time: stored.array('time_ms') as ArrayLike<number>, equity: stored.array('equity') as ArrayLike<number>, cash: stored.array('cash') as ArrayLike<number> });
}

export const HEADLINE_METRICS = ['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'trades', 'winRate', 'profitFactor', 'exposure', 'feesPaid', 'turnover'] as const;

/** One row per labelled run with the headline metrics (docs/metrics.md), for side-by-side reading. */
export function metricsTable(runs: Readonly<Record<string, Metrics | BacktestResult>>): ColumnTable {
  const labels = Object.keys(runs);
  const data: Record<string, unknown[]> = { run: labels };
  for (const k of HEADLINE_METRICS) {
    data[k] = labels.map((l) => {
      const r = runs[l];
      const m = 'metrics' in r ? r.metrics : r;
      return m[k];
    });
  }
  return table(data);
}

/** Simple returns close-to-close per pair (first candle of each pair has none), with the time gap in candles. */
export function returnsTable(candles: ColumnTable, intervalMs: number): ColumnTable {
  const time = candles.array('time') as ArrayLike<number>;
  const pair = candles.array('pair') as ArrayLike<string>;
  const close = candles.array('close') as ArrayLike<number>;
  const last = new Map<string, { t: number; c: number }>();
  const out = { time: [] as number[], pair: [] as string[], ret: [] as number[], logRet: [] as number[], gap: [] as number[] };
  for (let i = 0; i < time.length; i++) {
    const prev = last.get(pair[i]);
    if (prev) {
      out.time.push(time[i]);
      out.pair.push(pair[i]);
      out.ret.push(close[i] / prev.c - 1);
      out.logRet.push(Math.log(close[i] / prev.c));
      out.gap.push(Math.round((time[i] - prev.t) / intervalMs));
    }
    last.set(pair[i], { t: time[i], c: close[i] });
  }
  return table(out);
}
