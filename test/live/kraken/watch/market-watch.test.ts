import { describe, expect, it } from 'vitest';
import { MarketWatch, type MarketWatchOptions, type WatchDecision } from '../../../../src/live/kraken/watch/market-watch.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % HOUR);

const options: MarketWatchOptions = {
  maxFocus: 2,
  pinned: ['BTC/USD'],
  scoutFlushMs: 5 * MIN,
  promoteMomentum: 0.03,
  promoteVolumeAcceleration: 3,
  demoteAfterQuietMs: 30 * MIN,
  activity: { momentumWindowMs: HOUR, volumeIntervalMs: 5 * MIN, volumeLookbackIntervals: 12, sampleMs: MIN },
};

type Tape = (symbol: string, minute: number) => { price: number; qty: number } | undefined;

/**
 * Drives the watch minute by minute from T0: minute m's 1-min candle arrives as two ohlc updates
 * early in the minute (half its volume, then all of it: candle volume is cumulative), then the
 * watch advances to one second into the minute. Returns all decisions.
 */
function run(watch: MarketWatch, symbols: string[], tape: Tape, fromMinute: number, toMinute: number): WatchDecision[] {
  const out: WatchDecision[] = [];
  for (let m = fromMinute; m <= toMinute; m++) {
    const begin = T0 + m * MIN;
    for (const s of symbols) {
      const t = tape(s, m);
      if (!t) continue;
      watch.onOhlc(s, begin, begin + 200, t.price, t.qty / 2);
      watch.onOhlc(s, begin, begin + 500, t.price, t.qty);
    }
    out.push(...watch.advance(begin + 1000));
  }
  return out;
}

const flat: Tape = () => ({ price: 100, qty: 1 });
const rally = (symbol: string, pct: number, fromMinute: number): Tape => (s, m) => ({
  price: s === symbol && m >= fromMinute ? 100 * (1 + pct) : 100,
  qty: 1,
});
const volumeBurst = (symbol: string, fromMinute: number, toMinute: number): Tape => (s, m) => ({ price: 100, qty: s === symbol && m >= fromMinute && m <= toMinute ? 10 : 1 });

const UNIVERSE = ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD'];

describe('MarketWatch', () => {
  it('starts with the pinned pairs in focus and the rest scouting', () => {
    const w = new MarketWatch(UNIVERSE, options, T0);
    expect(w.focus()).toEqual(['BTC/USD']);
    expect(w.scout()).toEqual(['ADA/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD']);
  });

  const cases: { name: string; tape: Tape; until: number; expected: [string, string, RegExp][] }[] = [
    { name: 'flat market: nothing happens', tape: flat, until: 90, expected: [] },
    {
      name: '+5% rally promotes at the next scout flush',
      tape: rally('SOL/USD', 0.05, 70),
      until: 76,
      expected: [['promote', 'SOL/USD', /1h momentum \+5\.00% crosses ±3\.00%/]],
    },
    {
      name: '-4% drop promotes too',
      tape: rally('XRP/USD', -0.04, 62),
      until: 66,
      expected: [['promote', 'XRP/USD', /1h momentum -4\.00% crosses/]],
    },
    {
      name: '10x volume in an interval promotes on acceleration',
      tape: volumeBurst('ADA/USD', 70, 74),
      until: 76,
      expected: [['promote', 'ADA/USD', /volume acceleration x10\.00 >= x3\.00/]],
    },
    {
      name: 'a rally before a full hour of history is not a signal',
      tape: rally('SOL/USD', 0.2, 20),
      until: 59,
      expected: [],
    },
  ];

  it.each(cases)('$name', ({ tape, until, expected }) => {
    const w = new MarketWatch(UNIVERSE, options, T0);
    const decisions = run(w, UNIVERSE, tape, 0, until);
    expect(decisions.map((d) => [d.kind, d.symbol])).toEqual(expected.map(([k, s]) => [k, s]));
    decisions.forEach((d, i) => expect(d.reasons.join('; ')).toMatch(expected[i][2]));
  });

  it('processes scout data only at flush time, focus data at full rate', () => {
    const w = new MarketWatch(UNIVERSE, options, T0);
    run(w, UNIVERSE, flat, 0, 61);
    // The rally starts at minute 62; flushes fall on multiples of 5 minutes after T0 (next: minute 65).
    const decisions = run(w, UNIVERSE, rally('SOL/USD', 0.05, 62), 62, 64);
    expect(decisions).toEqual([]);
    expect(w.metrics('SOL/USD', T0 + 64 * MIN).momentum).toBe(0); // buffered, not yet applied
    const at65 = run(w, UNIVERSE, rally('SOL/USD', 0.05, 62), 65, 65);
    expect(at65.map((d) => [d.kind, d.symbol, d.at])).toEqual([['promote', 'SOL/USD', T0 + 65 * MIN + 1000]]);
  });

  it('caps the focus set: the strongest candidate wins, the others are skipped with a reason', () => {
    const tape: Tape = (s, m) => ({ price: m >= 62 ? { 'ETH/USD': 104, 'SOL/USD': 110, 'XRP/USD': 106 }[s] ?? 100 : 100, qty: 1 });
    const w = new MarketWatch(UNIVERSE, options, T0);
    const decisions = run(w, UNIVERSE, tape, 0, 65);
    expect(decisions.map((d) => [d.kind, d.symbol])).toEqual([
      ['promote', 'SOL/USD'],
      ['promotion_skipped', 'XRP/USD'],
      ['promotion_skipped', 'ETH/USD'],
    ]);
    expect(decisions[1].reasons.at(-1)).toBe('focus full (2/2)');
    expect(w.focus()).toEqual(['BTC/USD', 'SOL/USD']);
  });

  it('demotes a focus pair after it stays quiet, never a pinned one', () => {
    const w = new MarketWatch(UNIVERSE, options, T0);
    // SOL rallies at minute 62 then stays at the new level: after an hour the momentum is gone.
    const tape = rally('SOL/USD', 0.05, 62);
    const decisions = run(w, UNIVERSE, tape, 0, 200);
    const sol = decisions.filter((d) => d.symbol === 'SOL/USD').map((d) => [d.kind, d.at]);
    // Promoted at 65; momentum stays >= 3% while the 1 h reference still predates the rally (last hot at minute 121);
    // demoted once it has been quiet for 30 minutes.
    expect(sol[0]).toEqual(['promote', T0 + 65 * MIN + 1000]);
    expect(sol[1][0]).toBe('demote');
    const demotedAtMinute = ((sol[1][1] as number) - T0 - 1000) / MIN;
    expect(demotedAtMinute).toBe(121 + 30);
    expect(decisions.find((d) => d.kind === 'demote')!.reasons[0]).toMatch(/quiet for 1800000 ms \(limit 1800000 ms\): momentum \+0\.00%/);
    expect(decisions.some((d) => d.symbol === 'BTC/USD')).toBe(false);
    expect(w.focus()).toEqual(['BTC/USD']);
  });

  it('follows catalog changes: new pairs scout, vanished focus pairs are demoted with that reason', () => {
    const w = new MarketWatch(UNIVERSE, options, T0);
    run(w, UNIVERSE, rally('SOL/USD', 0.05, 62), 0, 65);
    expect(w.isFocus('SOL/USD')).toBe(true);
    const d = w.setUniverse(['ETH/USD', 'DOT/USD'], T0 + 70 * MIN);
    expect(d.map((x) => [x.kind, x.symbol, x.reasons[0]])).toEqual([['demote', 'SOL/USD', 'no longer in the catalog']]);
    expect(w.focus()).toEqual(['BTC/USD']);
    expect(w.scout()).toEqual(['DOT/USD', 'ETH/USD']);
  });

  it('a steady market reads volume acceleration x1 for hours and promotes nothing; an uptick is not a burst, a real 5x burst is', () => {
    // Constant volume per minute for 4 h: a rolling 24 h volume would be flat here, which read as an
    // average of ~0 and made any uptick an "infinite" acceleration. ETH then trades 1.2x for five
    // minutes (an uptick), ADA 5x (a burst).
    const tape: Tape = (s, m) => ({ price: 100, qty: m >= 230 && m <= 234 ? ({ 'ETH/USD': 1.2, 'ADA/USD': 5 }[s] ?? 1) : 1 });
    const w = new MarketWatch(UNIVERSE, options, T0);
    const readings: number[] = [];
    const decisions: WatchDecision[] = [];
    for (let m = 0; m <= 234; m++) {
      decisions.push(...run(w, UNIVERSE, tape, m, m));
      if (m % 5 === 0 && m >= 65) for (const s of w.scout()) readings.push(w.metrics(s, T0 + m * MIN + 1000).volumeAcceleration ?? Number.NaN);
    }
    expect(decisions).toEqual([]);
    expect(readings).toHaveLength(34 * 4);
    for (const x of readings) expect(x).toBeCloseTo(1, 9);
    const at235 = run(w, UNIVERSE, tape, 235, 235);
    expect(at235.map((d) => [d.kind, d.symbol])).toEqual([['promote', 'ADA/USD']]);
    expect(at235[0].reasons).toEqual([expect.stringMatching(/^volume acceleration x5\.00 >= x3\.00$/)]);
    expect(w.metrics('ETH/USD', T0 + 235 * MIN + 1000).volumeAcceleration).toBeCloseTo(1.2, 9);
    expect(w.metrics('SOL/USD', T0 + 235 * MIN + 1000).volumeAcceleration).toBeCloseTo(1, 9);
  });

  it('takes price only from a trade with qty 0 and checks input when it arrives, not at the scout flush', () => {
    const w = new MarketWatch(UNIVERSE, options, T0);
    w.onTrade('ETH/USD', T0 + 1000, 2000, 0);
    expect(() => w.onOhlc('ETH/USD', T0 + MIN, T0 + MIN - 1, 2000, 1)).toThrow(/bad ohlc interval_begin=\d+ ts=\d+ close=2000 volume=1 \(needs ts >= interval_begin/);
    expect(() => w.onTrade('SOL/USD', T0, 0, 1)).toThrow(/bad trade ts=\d+ price=0 qty=1/);
    w.onOhlc('UNKNOWN/USD', T0, T0 + 1, 1, 1); // not in the universe: ignored
    w.advance(T0 + 5 * MIN);
    expect(w.metrics('ETH/USD', T0 + 5 * MIN).lastPrice).toBe(2000);
    expect(w.metrics('SOL/USD', T0 + 5 * MIN).lastPrice).toBeUndefined();
    expect(w.scout()).not.toContain('UNKNOWN/USD');
  });

  it('validates its options', () => {
    expect(() => new MarketWatch(UNIVERSE, { ...options, maxFocus: 0, pinned: [] }, T0)).toThrow(/maxFocus/);
    expect(() => new MarketWatch(UNIVERSE, { ...options, maxFocus: 1, pinned: ['A', 'B'] }, T0)).toThrow(/pinned/);
  });
});
