/**
 * The reference each kernel figure is set beside: a plain JS loop doing the same arithmetic
 * as an sma-cross backtest (integer SMA sums, cross-up buys all-in at the next open with the
 * taker fee, cross-down sells all, fills capped at a share of the candle volume, quantities
 * rounded down to the lot), in floats, with no kernel, ledger, risk, events or hash. It shows
 * what the machine does in the same run, so ratios stay meaningful on a busy machine.
 */
export interface ReferenceInput {
  readonly length: number;
  readonly open: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export interface ReferenceResult {
  readonly equity: number;
  readonly fills: number;
  readonly orders: number;
}

export function referenceSmaCross(c: ReferenceInput, fast = 10, slow = 30, cash0 = 10_000, taker = 0.0026, volumeShare: number | null = 0.1, lotDecimals = 8): ReferenceResult {
  const ring = new Float64Array(slow);
  const lot = 10 ** lotDecimals;
  let head = 0;
  let count = 0;
  let sumFast = 0;
  let sumSlow = 0;
  let prevFast = NaN;
  let prevSlow = NaN;
  let cash = cash0;
  let qty = 0;
  let pending = 0; // +1 buy all, -1 sell all, 0 none
  let fills = 0;
  let orders = 0;
  let last = 0;
  for (let i = 0; i < c.length; i++) {
    if (pending !== 0) {
      const px = c.open[i];
      const cap = volumeShare === null ? Infinity : Math.floor(c.volume[i] * volumeShare * lot) / lot;
      if (pending > 0) {
        let q = Math.floor((cash / (px * (1 + taker))) * lot) / lot;
        if (q > cap) q = cap;
        if (q > 0) {
          cash -= q * px * (1 + taker);
          qty += q;
          fills++;
        }
        if (q < cap || q === 0) pending = 0;
      } else {
        const q = qty < cap ? qty : cap;
        if (q > 0) {
          cash += q * px * (1 - taker);
          qty -= q;
          fills++;
        }
        if (qty === 0) pending = 0;
      }
    }
    const x = Math.round(c.close[i] * 1e8);
    if (count >= slow) sumSlow -= ring[head];
    if (count >= fast) sumFast -= ring[(head + slow - fast) % slow];
    ring[head] = x;
    head = (head + 1) % slow;
    sumSlow += x;
    sumFast += x;
    count++;
    const f = count >= fast ? sumFast / fast : NaN;
    const s = count >= slow ? sumSlow / slow : NaN;
    const pf = prevFast;
    const ps = prevSlow;
    prevFast = f;
    prevSlow = s;
    last = c.close[i];
    if (!(s === s && ps === ps) || pending !== 0 || i === c.length - 1) continue;
    if (f > s && pf <= ps && qty === 0 && cash > 0) {
      pending = 1;
      orders++;
    } else if (f < s && pf >= ps && qty > 0) {
      pending = -1;
      orders++;
    }
  }
  return { equity: cash + qty * last, fills, orders };
}
