import { drawdownSeries, periodReturns, wealthIndex } from '../../core/metrics/index.ts';
import type { CashFlow, EquityCurve } from '../../core/metrics/index.ts';
import { minMaxIndices } from './downsample.ts';
import type { PriceSeries, ReportFill } from './report-input.ts';

/** Rows embedded in the report for Vega-Lite. `t` is epoch ms UTC. */
export interface EquityRow { t: number; equity: number }
export interface DrawdownRow { t: number; drawdown: number }
export interface PriceRow { t: number; close: number }
export interface FlowRow { t: number; amount: number }
export interface FillRow { t: number; price: number; side: 'buy' | 'sell'; qty: number; fee: number; feeAsset: string }

function checkSeries(name: string, time: ArrayLike<number>, values: ArrayLike<number>): void {
  if (time.length !== values.length) {
    throw new RangeError(`report: ${name} has ${time.length} times but ${values.length} values`);
  }
  for (let i = 0; i < time.length; i++) {
    if (!Number.isFinite(time[i]) || !Number.isFinite(values[i])) {
      throw new RangeError(`report: ${name}[${i}] is not finite (time ${time[i]}, value ${values[i]})`);
    }
    if (i > 0 && !(time[i] > time[i - 1])) {
      throw new RangeError(`report: ${name} times must be strictly ascending; [${i}] = ${time[i]} follows ${time[i - 1]}`);
    }
  }
}

function pick<R>(time: ArrayLike<number>, values: ArrayLike<number>, maxPoints: number, row: (t: number, v: number) => R): R[] {
  return minMaxIndices(values, maxPoints).map((i) => row(time[i], values[i]));
}

export function equityRows(curve: EquityCurve, maxPoints: number): EquityRow[] {
  checkSeries('equity', curve.time, curve.equity);
  return pick(curve.time, curve.equity, maxPoints, (t, equity) => ({ t, equity }));
}

/**
 * Underwater curve of the time-weighted wealth index (same definition as the max drawdown
 * metric), as a negative fraction. Computed at full resolution, then downsampled.
 */
export function drawdownRows(curve: EquityCurve, flows: readonly CashFlow[], maxPoints: number): DrawdownRow[] {
  const dd = drawdownSeries(wealthIndex(periodReturns(curve, flows).returns));
  const underwater = dd.map((d) => (d === 0 ? 0 : -d));
  return pick(curve.time, underwater, maxPoints, (t, drawdown) => ({ t, drawdown }));
}

export function priceRows(series: PriceSeries, maxPoints: number): PriceRow[] {
  checkSeries(`prices[${series.pair}]`, series.time, series.close);
  return pick(series.time, series.close, maxPoints, (t, close) => ({ t, close }));
}

export function fillRows(fills: readonly ReportFill[]): FillRow[] {
  return fills.map((f, i) => {
    for (const field of ['time', 'price', 'qty', 'fee'] as const) {
      if (!Number.isFinite(f[field])) throw new RangeError(`report: fills[${i}].${field} is ${f[field]} (${f.pair})`);
    }
    if (f.side !== 'buy' && f.side !== 'sell') throw new RangeError(`report: fills[${i}].side is ${String(f.side)}; expected buy or sell`);
    return { t: f.time, price: f.price, side: f.side, qty: f.qty, fee: f.fee, feeAsset: f.feeAsset };
  });
}

/** Deposits and withdrawals inside the curve's time span, marked on the equity chart. */
export function flowRows(curve: EquityCurve, flows: readonly CashFlow[]): FlowRow[] {
  const n = curve.time.length;
  if (n === 0) return [];
  const first = curve.time[0];
  const last = curve.time[n - 1];
  return flows
    .filter((f) => f.time >= first && f.time <= last)
    .map((f) => ({ t: f.time, amount: f.amount }))
    .sort((a, b) => a.t - b.t);
}
