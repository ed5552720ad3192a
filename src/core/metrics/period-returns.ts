import { NOISE } from './noise.ts';
import type { CashFlow, EquityCurve } from './types.ts';

/**
 * Time-weighted period returns. Period i runs from sample i-1 to sample i; a cash flow with
 * time in (time[i-1], time[i]] arrives at sample i, so it is already in equity[i] and is taken
 * out before comparing: r_i = (E_i - F_i) / E_{i-1} - 1. A deposit is therefore not profit.
 * Flows at or before the first sample are part of the starting equity; flows after the last
 * sample are not visible in the curve and are ignored. Assumes a validated curve.
 */
export interface PeriodReturns {
  /** returns[i - 1] is the return of period i; length = samples - 1 (0 for < 2 samples). */
  readonly returns: Float64Array;
  /** Sum of the flows that fall inside (time[0], time[last]]. */
  readonly netCashFlow: number;
}

export function periodReturns(curve: EquityCurve, flows: readonly CashFlow[] = []): PeriodReturns {
  const { time, equity } = curve;
  const n = time.length;
  const returns = new Float64Array(Math.max(0, n - 1));
  const sorted = [...flows].sort((a, b) => a.time - b.time);
  let f = 0;
  while (n > 0 && f < sorted.length && sorted[f].time <= time[0]) f++;
  let netCashFlow = 0;
  for (let i = 1; i < n; i++) {
    let flow = 0;
    while (f < sorted.length && sorted[f].time <= time[i]) flow += sorted[f++].amount;
    netCashFlow += flow;
    returns[i - 1] = periodReturn(equity[i - 1], equity[i], flow, i);
  }
  return { returns, netCashFlow };
}

/** One period's return, net of the flow that arrived in it (sample i, for the error). */
export function periodReturn(before: number, after: number, flow: number, i: number): number {
  let grown = after - flow;
  const scale = Math.max(Math.abs(after), Math.abs(flow), Math.abs(before));
  if (Math.abs(grown) <= NOISE * scale) grown = 0;
  if (grown < 0) {
    throw new RangeError(
      `metrics: cash flow ${flow} at curve sample ${i} exceeds what equity allows (equity ${before} -> ${after}): ` +
        'equity net of the flow would be negative',
    );
  }
  if (before === 0) {
    if (grown === 0) return 0;
    throw new RangeError(
      `metrics: equity grows from 0 to ${after} at curve sample ${i} without a cash flow to explain it`,
    );
  }
  return grown / before - 1;
}

/** Cumulative wealth of one unit invested at the first sample: W_0 = 1, W_i = W_{i-1}(1 + r_i). */
export function wealthIndex(returns: ArrayLike<number>): Float64Array {
  const wealth = new Float64Array(returns.length + 1);
  wealth[0] = 1;
  for (let i = 0; i < returns.length; i++) wealth[i + 1] = wealth[i] * (1 + returns[i]);
  return wealth;
}
