import type { CandleColumns } from '../../../src/core/features/candle-columns.ts';
import { mulberry32 } from '../../helpers/mulberry32.ts';

/** A seeded random walk of hourly candles. */
export function walk(n: number, seed = 1): CandleColumns {
  const rnd = mulberry32(seed);
  const c = { closeTime: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    p *= Math.exp((rnd() - 0.5) * 0.02);
    c.closeTime[i] = 1_600_000_000_000 + (i + 1) * 3_600_000;
    c.open[i] = o;
    c.close[i] = p;
    c.high[i] = Math.max(o, p) * (1 + rnd() * 0.005);
    c.low[i] = Math.min(o, p) * (1 - rnd() * 0.005);
    c.volume[i] = rnd() < 0.05 ? 0 : rnd() * 10;
  }
  return c;
}
