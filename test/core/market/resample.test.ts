import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/core/market/candle-batch.ts';
import { isBucketComplete, resampleCandles, ResampleError } from '../../../src/core/market/resample.ts';

const M = 60_000;
const c = (openTime: number, open: number, high: number, low: number, close: number, volume: number, trades = 1): Candle =>
  ({ openTime, open, high, low, close, volume, trades });

describe('resampleCandles', () => {
  it('first open, max high, min low, last close, summed volume and trades', () => {
    const out = resampleCandles([c(0, 10, 12, 9, 11, 1, 2), c(M, 11, 15, 10, 14, 2, 3), c(4 * M, 14, 14, 8, 9, 3, 4)], 1, 5);
    expect(out).toEqual([c(0, 10, 15, 8, 9, 6, 9)]);
  });

  it('keeps gaps: a bucket without source candles produces none', () => {
    const out = resampleCandles([c(0, 1, 1, 1, 1, 1), c(125 * M, 2, 2, 2, 2, 1)], 1, 60);
    expect(out.map((x) => x.openTime)).toEqual([0, 120 * M]);
  });

  it('refuses unordered, duplicate, misaligned or non-multiple input', () => {
    expect(() => resampleCandles([c(M, 1, 1, 1, 1, 1), c(0, 1, 1, 1, 1, 1)], 1, 5)).toThrow(ResampleError);
    expect(() => resampleCandles([c(0, 1, 1, 1, 1, 1), c(0, 1, 1, 1, 1, 1)], 1, 5)).toThrow(/ascending/);
    expect(() => resampleCandles([c(30_000, 1, 1, 1, 1, 1)], 1, 5)).toThrow(/aligned/);
    expect(() => resampleCandles([], 60, 90)).toThrow(/multiple/);
  });

  it('isBucketComplete needs the bucket inside the covered span', () => {
    expect(isBucketComplete(0, 60 * M, 0, 60 * M)).toBe(true);
    expect(isBucketComplete(0, 60 * M, 0, 59 * M)).toBe(false);
    expect(isBucketComplete(0, 60 * M, M, 120 * M)).toBe(false);
  });
});

const minuteCandlesArb = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 200 }), o: fc.integer({ min: 1, max: 100 }), c: fc.integer({ min: 1, max: 100 }), up: fc.integer({ min: 0, max: 10 }), down: fc.integer({ min: 0, max: 10 }), v: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 400 })
  .map((rows) => {
    let t = 1_699_999_980_000 - M; // minute-aligned
    return rows.map((r) => c((t += r.gap * M), r.o, Math.max(r.o, r.c) + r.up, Math.max(0.5, Math.min(r.o, r.c) - r.down), r.c, r.v, 1));
  });

describe('resample properties', () => {
  it.each([5, 15, 60, 240, 1440])('to %i minutes never invents candles and conserves volume', (target) => {
    fc.assert(fc.property(minuteCandlesArb, (candles) => {
      const out = resampleCandles(candles, 1, target);
      const buckets = new Set(candles.map((x) => Math.floor(x.openTime / (target * M)) * target * M));
      expect(out.map((x) => x.openTime)).toEqual([...buckets]);
      expect(out.reduce((s, x) => s + x.volume, 0)).toBe(candles.reduce((s, x) => s + x.volume, 0));
      expect(out.reduce((s, x) => s + x.trades, 0)).toBe(candles.length);
    }));
  });

  it('is composable: 1m -> 15m -> 1h equals 1m -> 1h', () => {
    fc.assert(fc.property(minuteCandlesArb, (candles) => {
      expect(resampleCandles(resampleCandles(candles, 1, 15), 15, 60)).toEqual(resampleCandles(candles, 1, 60));
    }));
  });
});
