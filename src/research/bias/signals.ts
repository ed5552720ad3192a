import { formatFixed, type Fixed } from '../../core/decimal/fixed.ts';
import type { BacktestResult } from '../../backtest/run/run-backtest.ts';

/**
 * What a strategy decided, in comparable form: each order as it was requested (time, pair,
 * side, type, size, prices, tag) and each value it recorded with ctx.record. Fills are left
 * out on purpose: they depend on the candle after the decision.
 */
export interface Signal {
  readonly time: number;
  readonly text: string;
}

const f = (x: Fixed | undefined) => (x === undefined ? '' : formatFixed(x));

/** Orders as requested, in creation order. `withSize` false drops quantities (they depend on cash). */
export function orderSignals(r: BacktestResult, withSize = true): Signal[] {
  return [...r.orders, ...r.openOrders]
    .map((o) => {
      // A quote-sized market buy's qty is filled in later: the request is its quote amount.
      const size = withSize ? `|${o.quoteQty !== undefined ? `quote ${f(o.quoteQty)}` : `qty ${f(o.qty)}`}|${f(o.limitPrice)}|${f(o.triggerPrice)}` : '';
      return { time: o.createdAt, seq: o.clientId, text: `order ${o.pair} ${o.side} ${o.type}${size}|${o.tag ?? ''}` };
    })
    .sort((a, b) => a.time - b.time || (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0))
    .map(({ time, text }) => ({ time, text }));
}

/** Recorded series values as `series -> time -> value`. */
export function recordedValues(r: BacktestResult): Map<string, Map<number, number | string>> {
  const out = new Map<string, Map<number, number | string>>();
  for (const [name, s] of r.recorded) {
    const m = new Map<number, number | string>();
    s.time.forEach((t, i) => m.set(t, s.value[i]));
    out.set(name, m);
  }
  return out;
}

export interface SignalDifference {
  readonly time: number;
  readonly expected: string;
  readonly actual: string;
}

/** First place two signal lists (already cut to the same window) disagree, or undefined. */
export function firstDifference(a: readonly Signal[], b: readonly Signal[]): SignalDifference | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x?.time === y?.time && x?.text === y?.text) continue;
    return { time: Math.min(x?.time ?? Infinity, y?.time ?? Infinity), expected: x ? `${iso(x.time)} ${x.text}` : '(none)', actual: y ? `${iso(y.time)} ${y.text}` : '(none)' };
  }
  return undefined;
}

export interface ValueDifference {
  readonly series: string;
  readonly time: number;
  readonly expected: number | string | undefined;
  readonly actual: number | string | undefined;
  /** |a - b| / max(|a|, |b|) for numbers; 1 for differing text or a missing value. */
  readonly relative: number;
}

/** Largest disagreement between recorded values at the times both runs share inside `keep`. */
export function largestValueDifference(
  a: Map<string, Map<number, number | string>>,
  b: Map<string, Map<number, number | string>>,
  keep: (time: number) => boolean,
): ValueDifference | undefined {
  let worst: ValueDifference | undefined;
  for (const series of new Set([...a.keys(), ...b.keys()])) {
    const sa = a.get(series) ?? new Map();
    const sb = b.get(series) ?? new Map();
    for (const t of new Set([...sa.keys(), ...sb.keys()])) {
      if (!keep(t)) continue;
      const x = sa.get(t);
      const y = sb.get(t);
      let rel: number;
      if (typeof x === 'number' && typeof y === 'number') rel = x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
      else rel = x === y ? 0 : 1;
      if (rel > 0 && (!worst || rel > worst.relative || (rel === worst.relative && t < worst.time))) worst = { series, time: t, expected: x, actual: y, relative: rel };
    }
  }
  return worst;
}

export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
