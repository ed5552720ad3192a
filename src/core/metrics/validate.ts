import type { CashFlow, ClosedTrade, EquityCurve } from './types.ts';

/**
 * Input checks for the metrics. Every error names the field, the index and the value, so a
 * bad curve from a run is found at once instead of turning into a silent NaN in a report.
 */

function describe(value: unknown): string {
  if (typeof value === 'number' || value === undefined || value === null) return String(value);
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function requireFinite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`metrics: ${field} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** Checks lengths, finiteness, strictly ascending times and non-negative equity. */
export function validateCurve(curve: EquityCurve): void {
  const { time, equity } = curve;
  if (time.length !== equity.length) {
    throw new RangeError(`metrics: curve.time has ${time.length} samples but curve.equity has ${equity.length}`);
  }
  // One check per sample of a per-candle curve: the field label is only spelled out for an error.
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    const e = equity[i];
    if (!Number.isFinite(t)) requireFinite(t, `curve.time[${i}]`);
    if (!Number.isFinite(e)) requireFinite(e, `curve.equity[${i}]`);
    if (e < 0) throw new RangeError(`metrics: curve.equity[${i}] must be >= 0, got ${e}`);
    if (i > 0 && !(t > time[i - 1])) {
      throw new RangeError(
        `metrics: curve.time must be strictly ascending, but time[${i}] = ${t} follows time[${i - 1}] = ${time[i - 1]}`,
      );
    }
  }
}

export function validateCashFlows(flows: readonly CashFlow[]): void {
  flows.forEach((flow, i) => {
    requireFinite(flow.time, `cashFlows[${i}].time`);
    requireFinite(flow.amount, `cashFlows[${i}].amount`);
  });
}

const TRADE_FIELDS = ['entryTime', 'exitTime', 'qty', 'entryPrice', 'exitPrice', 'pnl', 'fees', 'returnPct'] as const;

export function validateTrades(trades: readonly ClosedTrade[]): void {
  trades.forEach((trade, i) => {
    for (const field of TRADE_FIELDS) requireFinite(trade[field], `trades[${i}].${field} (${trade.pair})`);
  });
}

/** Exposure: one value per sample, each a boolean or a finite number >= 0. */
export function validateExposure(exposure: ArrayLike<number> | ArrayLike<boolean>, samples: number): void {
  if (exposure.length !== samples) {
    throw new RangeError(`metrics: exposure has ${exposure.length} values but the curve has ${samples} samples`);
  }
  for (let i = 0; i < exposure.length; i++) {
    const x = exposure[i];
    if (typeof x === 'boolean') continue;
    if (!Number.isFinite(x)) requireFinite(x, `exposure[${i}]`);
    if (x < 0) throw new RangeError(`metrics: exposure[${i}] must be >= 0, got ${x}`);
  }
}

export function validateScalar(value: number | undefined, field: string): number {
  return value === undefined ? 0 : requireFinite(value, field);
}
