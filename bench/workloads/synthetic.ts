import { createCandleBatch, type CandleBatch } from '../../src/core/market/candle-batch.ts';

const MINUTE = 60_000;

/**
 * A seeded random walk of 1-minute candles over `pairs` pairs, produced into one reused
 * batch (so generating costs no memory), the same numbers in every run.
 */
export function syntheticStream(totalCandles: number, pairs: number, batchRows = 65_536) {
  const batch = createCandleBatch(batchRows, MINUTE);
  const px = Array.from({ length: pairs }, (_, i) => 100 * (i + 1));
  let row = 0;
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0) / 4294967296;
  return {
    batch,
    next(): CandleBatch | undefined {
      if (row >= totalCandles) return undefined;
      const n = Math.min(batchRows, totalCandles - row);
      for (let i = 0; i < n; i++, row++) {
        const p = row % pairs;
        const t = Math.floor(row / pairs) * MINUTE;
        const o = px[p];
        const c = Math.max(0.01, Math.round(o * (1 + (rnd() - 0.5) * 0.004) * 100) / 100);
        px[p] = c;
        batch.pair[i] = p;
        batch.openTime[i] = t;
        batch.open[i] = o;
        batch.high[i] = Math.round(Math.max(o, c) * 1.001 * 100) / 100;
        batch.low[i] = Math.round(Math.min(o, c) * 0.999 * 100) / 100;
        batch.close[i] = c;
        batch.volume[i] = 50 + rnd() * 100;
        batch.trades[i] = 10;
      }
      batch.length = n;
      return batch;
    },
  };
}
