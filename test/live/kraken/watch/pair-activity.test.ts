import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairActivity } from '../../../../src/live/kraken/watch/pair-activity.ts';

const MIN = 60_000;
const BUCKET = 5 * MIN;
const opts = { momentumWindowMs: 60 * MIN, volumeIntervalMs: BUCKET, volumeLookbackIntervals: 12, sampleMs: MIN };

/** Feeds one 1-min candle per minute as `updates` cumulative volumes (each update 10 s apart). */
function feedCandles(a: PairActivity, volumes: readonly number[], fromMinute = 0, updates = 3): void {
  volumes.forEach((v, i) => {
    const begin = (fromMinute + i) * MIN;
    for (let u = 1; u <= updates; u++) a.recordOhlc(begin, begin + u * 10_000, 100, (v * u) / updates);
  });
}

describe('PairActivity', () => {
  it('momentum is undefined until the history spans the window, then last/ref - 1', () => {
    const a = new PairActivity(opts);
    for (let m = 0; m <= 60; m++) a.recordTrade(m * MIN + 1000, 100 + m / 6, 1); // 100 -> 110 over the hour
    expect(a.metrics(59 * MIN).momentum).toBeUndefined();
    expect(a.metrics(60 * MIN + 1000).momentum).toBeCloseTo(110 / 100 - 1, 10);
  });

  it.each([
    ['steady volume', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 1],
    ['a burst in the last interval', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5], 5],
    ['quiet history then volume', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], Infinity],
    ['a drought', [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0], 0],
  ])('volume acceleration from trades: %s', (_label, perInterval, expected) => {
    const a = new PairActivity(opts);
    a.recordTrade(0, 100, 0); // first seen at t=0
    perInterval.forEach((v, i) => v > 0 && a.recordTrade(i * BUCKET + 1000, 100, v));
    const now = perInterval.length * BUCKET; // the 13th interval just completed
    expect(a.metrics(now).volumeAcceleration).toBe(expected);
    expect(a.metrics(now).intervalVolume).toBe(perInterval[perInterval.length - 1]);
  });

  it('needs a full lookback of history for volume acceleration', () => {
    const a = new PairActivity(opts);
    a.recordTrade(30 * MIN, 100, 1);
    expect(a.metrics(60 * MIN).volumeAcceleration).toBeUndefined();
  });

  describe('recordOhlc', () => {
    it('books the increase of the candle volume per update, and a new interval_begin from 0', () => {
      const a = new PairActivity(opts);
      a.recordTrade(-60 * MIN, 100, 0); // seen an hour before: the lookback is "known quiet"
      a.recordOhlc(0, 5_000, 100, 2); // candle [0, 1 min): 2
      a.recordOhlc(0, 20_000, 101, 5); // +3
      a.recordOhlc(0, 50_000, 102, 9); // +4
      a.recordOhlc(MIN, MIN + 1_000, 103, 1); // next candle: its own 1, not 1 - 9
      a.recordOhlc(MIN, MIN + 2_000, 104, 1); // no trade in between: +0
      expect(a.metrics(BUCKET)).toMatchObject({ lastPrice: 104, intervalVolume: 10, trailingAverageVolume: 0, volumeAcceleration: Infinity });
    });

    it('counts a re-sent candle (snapshot after a reconnect) only for what is new', () => {
      const a = new PairActivity(opts);
      feedCandles(a, Array.from({ length: 65 }, () => 4));
      // Reconnect at 65:30: the snapshot repeats the last hour of candles, the current one now at 6.
      for (let m = 5; m < 65; m++) a.recordOhlc(m * MIN, 65 * MIN + 30_000, 100, 4);
      a.recordOhlc(65 * MIN, 65 * MIN + 30_000, 100, 6);
      expect(a.metrics(65 * MIN)).toMatchObject({ intervalVolume: 20, trailingAverageVolume: 20, volumeAcceleration: 1 });
      expect(a.metrics(70 * MIN).intervalVolume).toBe(6);
    });

    it('books a late update in the bucket of its own candle, and never books a decrease', () => {
      const a = new PairActivity(opts);
      feedCandles(a, Array.from({ length: 65 }, () => 1));
      a.recordOhlc(64 * MIN, 65 * MIN + 10_000, 100, 3); // candle 64 (last interval) grows by 2, reported late
      a.recordOhlc(63 * MIN, 65 * MIN + 11_000, 100, 0.5); // candle 63 shrinks: nothing booked
      a.recordOhlc(63 * MIN, 65 * MIN + 12_000, 100, 1.5); // back above its mark (1): +0.5
      expect(a.metrics(65 * MIN)).toMatchObject({ intervalVolume: 7.5, trailingAverageVolume: 5 });
    });

    it('warms up from a snapshot of past candles: history goes to their own buckets, not to now', () => {
      const a = new PairActivity(opts);
      const now = 70 * MIN;
      // 70 one-minute candles of 1, all delivered at once at `now` (a subscription snapshot).
      for (let m = 0; m < 70; m++) a.recordOhlc(m * MIN, now, 100 + m / 10, 1);
      expect(a.metrics(now)).toMatchObject({ intervalVolume: 5, trailingAverageVolume: 5, volumeAcceleration: 1 });
    });

    it('property: any split of each candle into cumulative updates, in any re-delivery, books the candle totals', () => {
      const candle = fc.record({
        total: fc.integer({ min: 0, max: 1000 }),
        cuts: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 4 }),
        repeats: fc.array(fc.nat(), { maxLength: 3 }),
      });
      fc.assert(
        fc.property(fc.array(candle, { minLength: 65, maxLength: 65 }), (candles) => {
          const a = new PairActivity(opts);
          candles.forEach(({ total, cuts, repeats }, m) => {
            // Cumulative marks rising to the total; some of them re-delivered.
            const marks = [...cuts.map((c) => Math.min(c, total)).sort((x, y) => x - y), total];
            for (const r of repeats) marks.splice(r % marks.length, 0, marks[r % marks.length]);
            marks.forEach((v, i) => a.recordOhlc(m * MIN, m * MIN + i, 100, v));
          });
          const sumOf = (from: number, to: number) => candles.slice(from, to).reduce((s, c) => s + c.total, 0);
          const got = a.metrics(65 * MIN);
          expect(got.intervalVolume).toBe(sumOf(60, 65));
          expect(got.trailingAverageVolume).toBeCloseTo(sumOf(0, 60) / 12, 9);
        }),
        { numRuns: 200 },
      );
    });

    it('reads x1 in a steady market (where a rolling 24 h volume would be flat) and x5 on a real burst', () => {
      const a = new PairActivity(opts);
      const minutes = 4 * 60;
      const seen: number[] = [];
      for (let m = 0; m < minutes; m++) {
        feedCandles(a, [3], m, 6);
        if ((m + 1) % 5 === 0 && m + 1 >= 65) seen.push(a.metrics((m + 1) * MIN).volumeAcceleration ?? Number.NaN);
      }
      expect(seen).toHaveLength(36);
      for (const x of seen) expect(x).toBeCloseTo(1, 9);
      feedCandles(a, [15, 15, 15, 15, 15], minutes, 6);
      expect(a.metrics((minutes + 5) * MIN).volumeAcceleration).toBeCloseTo(5, 9);
    });
  });

  it('rejects nonsense input, naming the values', () => {
    const a = new PairActivity(opts);
    expect(() => a.recordTrade(0, Number.NaN, 1)).toThrow(/bad trade ts=0 price=NaN qty=1/);
    expect(() => a.recordOhlc(0, 1, 100, -1)).toThrow(/bad ohlc interval_begin=0 ts=1 close=100 volume=-1/);
    expect(() => a.recordOhlc(0, 1, 0, 1)).toThrow(/bad ohlc .*close=0/);
    expect(() => a.recordOhlc(MIN, MIN - 1, 100, 1)).toThrow(/ts >= interval_begin/);
    expect(a.metrics(0).lastPrice).toBeUndefined();
  });
});
