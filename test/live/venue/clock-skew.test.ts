import { describe, expect, it } from 'vitest';
import { BarBuilder } from '../../../src/live/runner/bar-builder.ts';
import { FUTURE_TOLERANCE_MS, FutureStampGuard } from '../../../src/live/venue/clock-skew.ts';

describe('a trade stamped in the future does not stop the bar builder', () => {
  it('clamps times beyond the tolerance to now, counts them, leaves the rest alone', () => {
    let now = 1_000_000;
    const seen: number[] = [];
    const g = new FutureStampGuard(() => now, (t) => seen.push(t));
    expect(g.check(now - 5)).toBe(now - 5);
    expect(g.check(now + FUTURE_TOLERANCE_MS)).toBe(now + FUTURE_TOLERANCE_MS);
    expect(g.check(now + 3 * 3_600_000)).toBe(now);
    expect(g.clamped).toBe(1);
    expect(seen).toEqual([now + 3 * 3_600_000]);
    now = NaN; // feed-clock mode: no wall reference, nothing is clamped
    expect(g.check(5)).toBe(5);
  });
});

describe('trade ids keep full precision', () => {
  it('near and past 2^53 over WS', async () => {
    const { parseKrakenWsFrame } = await import('../../../src/live/kraken/ws/messages/parse.ts');
    const r = parseKrakenWsFrame('{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":1.0,"qty":1.0,"ord_type":"limit","trade_id":9007199254740993,"timestamp":"t"}]}');
    expect(r.ok && (r.message as { data: { trade_id: bigint }[] }).data[0].trade_id).toBe(9007199254740993n);
  });
});

describe('bar builder behind the guard', () => {
  const T = Date.parse('2024-01-01T00:00:00Z');
  const feed = (guarded: boolean) => {
    let now = T + 9 * 60_000;
    const g = new FutureStampGuard(() => now);
    const bars = new BarBuilder(['BTC/USD'], 1);
    const trade = (t: number) => bars.onTrade(0, guarded ? g.check(t) : t, 30000, 1);
    trade(now - 100);
    trade(now + 5 * 3_600_000); // one trade stamped five hours ahead
    for (let i = 1; i <= 30; i++) {
      now += 10_000; // the wall clock moves on; correct trades arrive stamped 100 ms before now
      trade(now - 100);
    }
    return bars.lateTrades;
  };

  it('unguarded, every correct trade after a future-stamped one is late (the builder is stuck)', () => {
    expect(feed(false)).toBe(30);
  });

  it('guarded, none is', () => {
    expect(feed(true)).toBe(0);
  });
});
