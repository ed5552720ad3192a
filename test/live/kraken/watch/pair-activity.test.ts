import { describe, expect, it } from 'vitest';
import { PairActivity } from '../../../../src/live/kraken/watch/pair-activity.ts';

const MIN = 60_000;
const opts = { momentumWindowMs: 60 * MIN, volumeIntervalMs: 5 * MIN, volumeLookbackIntervals: 12, sampleMs: MIN };

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
  ])('volume acceleration: %s', (_label, perInterval, expected) => {
    const a = new PairActivity(opts);
    a.recordTrade(0, 100, 0); // first seen at t=0
    perInterval.forEach((v, i) => v > 0 && a.recordTrade(i * 5 * MIN + 1000, 100, v));
    const now = perInterval.length * 5 * MIN; // the 13th interval just completed
    expect(a.metrics(now).volumeAcceleration).toBe(expected);
    expect(a.metrics(now).intervalVolume).toBe(perInterval[perInterval.length - 1]);
  });

  it('needs a full lookback of history for volume acceleration', () => {
    const a = new PairActivity(opts);
    a.recordTrade(30 * MIN, 100, 1);
    expect(a.metrics(60 * MIN).volumeAcceleration).toBeUndefined();
  });

  it('ticker volume deltas approximate traded volume (decreases count as zero)', () => {
    const a = new PairActivity(opts);
    a.recordTicker(0, 100, 1000);
    for (let i = 1; i <= 12; i++) a.recordTicker(i * 5 * MIN + 1000, 100, 1000 + i); // +1 per interval
    a.recordTicker(12 * 5 * MIN + 2000, 100, 1000 + 12 - 50); // roll-off: ignored
    a.recordTicker(13 * 5 * MIN - 1, 100, 1000 + 12 - 50 + 6); // +6 in interval 12
    expect(a.metrics(13 * 5 * MIN)).toMatchObject({ intervalVolume: 7, lastPrice: 100 });
  });

  it('rejects nonsense input', () => {
    const a = new PairActivity(opts);
    expect(() => a.recordTrade(0, Number.NaN, 1)).toThrow(/bad trade/);
    expect(() => a.recordTicker(0, 1, -1)).toThrow(/bad ticker/);
  });
});
