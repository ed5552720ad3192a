import type { BacktestResult } from '../../backtest/run/run-backtest.ts';
import { computeMetrics } from '../../core/metrics/index.ts';

/** What the evaluation compares on one window. */
export interface WindowScore {
  readonly totalReturn: number | null;
  readonly sharpe: number | null;
  readonly maxDrawdown: number | null;
  /** Time-weighted share of equity held in positions. */
  readonly exposure: number | null;
  readonly fees: number;
}

/**
 * Metrics of a run over [from, to) only: the equity curve from its last sample at or before
 * `from` (the state the window starts in), so a warm-up before it counts for nothing.
 */
export function windowScore(r: BacktestResult, from: number, to: number): WindowScore {
  const t = r.equity.time;
  let start = 0;
  while (start + 1 < t.length && t[start + 1] <= from) start++;
  let end = t.length;
  while (end > start + 1 && t[end - 1] > to) end--;
  const time = t.slice(start, end);
  const equity = r.equity.equity.slice(start, end);
  const cash = r.equity.cash.slice(start, end);
  if (time.length < 2) return { totalReturn: null, sharpe: null, maxDrawdown: null, exposure: null, fees: 0 };
  const exposure = equity.map((e, i) => (e > 0 ? Math.max(0, Math.min(1, 1 - cash[i] / e)) : 0));
  let fees = 0;
  for (const f of r.fills) if (f.time >= from && f.time < to) fees += (Number(f.fee) / 1e18) * (f.feeAsset === r.pairs[0].split('/')[1] ? 1 : Number(f.price) / 1e18);
  const m = computeMetrics({ curve: { time, equity }, trades: [], feesPaid: fees, tradedNotional: 0, exposure });
  return { totalReturn: m.totalReturn, sharpe: m.sharpe, maxDrawdown: m.maxDrawdown, exposure: m.exposure, fees };
}
