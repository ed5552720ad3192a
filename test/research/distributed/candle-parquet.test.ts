import { describe, expect, it } from 'vitest';
import { snapshotFromParquet, snapshotToParquet } from '../../../src/research/distributed/candle-parquet.ts';
import type { CandleSnapshot } from '../../../src/research/data/candle-snapshot.ts';

/** Awkward values on purpose: fractions that are not exact in binary, huge and tiny numbers. */
function snapshot(): CandleSnapshot {
  const n = 5000;
  const col = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    exchange: 'kraken', symbols: ['BTC/USD', "O'NEIL/USD"], intervalMin: 60, from: 0, to: n * 3_600_000,
    series: [{ exchange: 'kraken', symbol: 'BTC/USD', intervalMin: 60, first: 0, last: (n - 1) * 3_600_000, count: n }],
    ranges: [{ first: 0, last: (n - 1) * 3_600_000, count: n }, null],
    length: n, openTime: col((i) => Math.floor(i / 2) * 3_600_000), pair: Uint16Array.from({ length: n }, (_, i) => i % 2),
    open: col((i) => 0.1 + i / 3), high: col((i) => 1e12 + i * 0.7), low: col((i) => 1e-9 * (i + 1)), close: col((i) => Math.PI * i),
    volume: col((i) => i * 1.1), trades: col((i) => i),
  };
}

describe('candle snapshot as Parquet', () => {
  it('round-trips every float64 bit, the pair order and the metadata', async () => {
    const s = snapshot();
    const pq = await snapshotToParquet(s);
    const back = await snapshotFromParquet(pq.bytes, pq.hash);
    expect({ ...back, openTime: [...back.openTime], pair: [...back.pair], open: [...back.open], high: [...back.high], low: [...back.low], close: [...back.close], volume: [...back.volume], trades: [...back.trades] })
      .toEqual({ ...s, openTime: [...s.openTime], pair: [...s.pair], open: [...s.open], high: [...s.high], low: [...s.low], close: [...s.close], volume: [...s.volume], trades: [...s.trades] });
    expect(back.open.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('is content-addressed: the same candles give the same bytes and hash', async () => {
    const a = await snapshotToParquet(snapshot());
    const b = await snapshotToParquet(snapshot());
    expect(b.hash).toBe(a.hash);
    const other = snapshot();
    other.close[17] += 1e-9;
    expect((await snapshotToParquet(other)).hash).not.toBe(a.hash);
  });

  it('refuses bytes that do not match their hash', async () => {
    const pq = await snapshotToParquet(snapshot());
    const bad = pq.bytes.slice();
    bad[bad.length >> 1] ^= 1;
    await expect(snapshotFromParquet(bad, pq.hash)).rejects.toThrow(/arrived corrupted/);
  });
});
