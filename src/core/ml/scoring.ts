import { maxDrawdown } from '../metrics/drawdown.ts';

/** Out-of-sample classification quality at a probability threshold. */
export interface ClassMetrics {
  readonly rows: number;
  readonly positives: number;
  readonly predictedPositive: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly accuracy: number;
  readonly logLoss: number;
}

/** What trading the signal would have done: long when p >= threshold, flat otherwise (spot, no leverage). */
export interface SignalMetrics {
  readonly bars: number;
  readonly sharpe: number;
  readonly totalReturn: number;
  readonly maxDrawdown: number;
  readonly exposure: number;
  /** Largest position as a fraction of equity (1 = fully invested, never more on spot). */
  readonly maxPosition: number;
  readonly trades: number;
}

export function classMetrics(p: ArrayLike<number>, y: ArrayLike<number>, threshold: number): ClassMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const hit = p[i] >= threshold;
    const pos = y[i] === 1;
    if (hit && pos) tp++;
    else if (hit) fp++;
    else if (pos) fn++;
    else tn++;
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
    ll -= pos ? Math.log(q) : Math.log(1 - q);
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    rows: y.length,
    positives: tp + fn,
    predictedPositive: tp + fp,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    accuracy: y.length ? (tp + tn) / y.length : 0,
    logLoss: y.length ? ll / y.length : NaN,
  };
}

/**
 * Trades the signal bar by bar: the position decided at bar t's close (size `size` of equity
 * when p >= threshold, else 0) earns bar t+1's return `nextReturn[t]` (log); every change of
 * position pays `oneWayCostBps` on the traded fraction. Sharpe is annualised with `barsPerYear`.
 */
export function signalMetrics(p: ArrayLike<number>, nextReturn: ArrayLike<number>, opts: { threshold: number; size: number; oneWayCostBps: number; barsPerYear: number }): SignalMetrics {
  const n = p.length;
  const rets = new Float64Array(n);
  const wealth = new Float64Array(n + 1);
  wealth[0] = 1;
  let pos = 0;
  let held = 0;
  let trades = 0;
  let maxPos = 0;
  const cost = opts.oneWayCostBps / 10_000;
  for (let t = 0; t < n; t++) {
    const target = p[t] >= opts.threshold ? opts.size : 0;
    const turnover = Math.abs(target - pos);
    if (turnover > 0) trades++;
    pos = target;
    maxPos = Math.max(maxPos, pos);
    if (pos > 0) held++;
    const r = pos * Math.expm1(nextReturn[t]) - cost * turnover;
    rets[t] = r;
    wealth[t + 1] = wealth[t] * (1 + r);
  }
  let m = 0;
  for (const r of rets) m += r;
  m /= n || 1;
  let v = 0;
  for (const r of rets) v += (r - m) ** 2;
  const sd = n > 1 ? Math.sqrt(v / (n - 1)) : 0;
  return {
    bars: n,
    sharpe: sd > 0 ? (m / sd) * Math.sqrt(opts.barsPerYear) : 0,
    totalReturn: wealth[n] - 1,
    maxDrawdown: n ? maxDrawdown(wealth).depth : 0,
    exposure: n ? held / n : 0,
    maxPosition: maxPos,
    trades,
  };
}
