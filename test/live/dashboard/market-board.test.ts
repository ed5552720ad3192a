import { describe, expect, it } from 'vitest';
import { MarketBoard, type MarketRow } from '../../../src/live/dashboard/market-board.ts';
import type { InstrumentPair, OhlcData, TickerData } from '../../../src/live/kraken/ws/messages/market-data.ts';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;

function pair(symbol: string): InstrumentPair {
  const [base, quote] = symbol.split('/');
  return { symbol, base, quote, status: 'online', qty_precision: 8, qty_min: '0.001', price_precision: 2, cost_precision: 5, cost_min: '0.5' };
}

function ticker(symbol: string, last: number, changePct: number, at: number): TickerData {
  return { symbol, bid: (last - 0.5).toFixed(2), bid_qty: '1', ask: (last + 0.5).toFixed(2), ask_qty: '1', last: last.toFixed(2), volume: '100', vwap: last.toFixed(2), low: last.toFixed(2), high: last.toFixed(2), change: '0', change_pct: changePct.toFixed(2), timestamp: new Date(at).toISOString() };
}

/** A 1 min candle of `symbol` starting at `begin` with cumulative volume `volume`, as the feed sends it. */
function candle(symbol: string, begin: number, close: number, volume: number): OhlcData {
  const c = close.toFixed(2);
  return { symbol, open: c, high: c, low: c, close: c, trades: 1, volume: String(volume), vwap: c, interval_begin: new Date(begin).toISOString(), interval: 1, timestamp: new Date(begin + MIN).toISOString() } as OhlcData;
}

function board() {
  const b = new MarketBoard({ pinned: ['BTC/USD'], watch: { scoutFlushMs: 5 * MIN, maxFocus: 3 } });
  const published: MarketRow[][] = [];
  b.onRows((rows) => published.push(rows.map((r) => ({ ...r }))));
  b.setUniverse(['BTC/USD', 'ETH/USD', 'SOL/USD', 'ADA/USD'].map(pair), T0);
  published.length = 0;
  return { b, published };
}

describe('market board (Markets page model on the market watch)', () => {
  it('publishes a focus pair on every ticker, a scout pair only at the scout flush', () => {
    const { b, published } = board();
    expect(b.rows.get('BTC/USD')!.focus).toBe(true); // pinned session pair
    expect(b.rows.get('ETH/USD')!.focus).toBe(false);
    b.onTicker(ticker('BTC/USD', 100, 1, T0 + MIN), T0);
    expect(published.map((rows) => rows.map((r) => r.symbol))).toEqual([['BTC/USD']]);
    b.onTicker(ticker('ETH/USD', 50, -1, T0 + MIN), T0);
    b.onTicker(ticker('ETH/USD', 51, -0.5, T0 + 2 * MIN), T0);
    expect(published).toHaveLength(1); // buffered
    b.flush();
    expect(published).toHaveLength(2);
    expect(published[1].map((r) => [r.symbol, r.last])).toEqual([['ETH/USD', '51.00']]); // once, latest values
    b.flush();
    expect(published).toHaveLength(2); // nothing new: nothing sent
  });

  it('computes spread and marks a 24h mover; a +6 % pair leads gainers', () => {
    const { b } = board();
    b.onTicker(ticker('SOL/USD', 20, 6.2, T0 + MIN), T0);
    b.onTicker(ticker('ADA/USD', 10, -1.2, T0 + MIN), T0);
    const sol = b.rows.get('SOL/USD')!;
    expect(sol.changePct).toBeCloseTo(6.2);
    expect(sol.mover).toBe('24h +6.20%');
    expect(sol.spreadPct).toBeCloseTo((1 / 20) * 100);
    expect(b.rows.get('ADA/USD')!.mover).toBeNull();
  });

  it('a scout pair whose 1h momentum crosses the threshold is promoted into focus at a flush, with the reason', () => {
    const { b, published } = board();
    for (let m = 0; m <= 60; m += 5) b.onTicker(ticker('ETH/USD', 100, 0, T0 + m * MIN), T0); // flat for an hour
    b.flush();
    expect(b.rows.get('ETH/USD')!.focus).toBe(false);
    b.onTicker(ticker('ETH/USD', 106, 6, T0 + 65 * MIN), T0);
    b.onTicker(ticker('BTC/USD', 100, 0, T0 + 70 * MIN), T0); // exchange time moves past the next flush
    published.length = 0;
    b.flush();
    const eth = b.rows.get('ETH/USD')!;
    expect(eth.focus).toBe(true);
    expect(eth.mover).toMatch(/1h momentum \+6\.00% crosses ±3\.00%/);
    expect(b.decisions.map((d) => [d.kind, d.symbol])).toContainEqual(['promote', 'ETH/USD']);
    expect(published.flat().some((r) => r.symbol === 'ETH/USD' && r.focus)).toBe(true);
    // Now in focus: its next ticker is published at once.
    published.length = 0;
    b.onTicker(ticker('ETH/USD', 107, 7, T0 + 71 * MIN), T0);
    expect(published.flat().map((r) => r.symbol)).toEqual(['ETH/USD']);
  });

  it('a scout pair whose traded volume (from 1 min candles) accelerates is promoted at a flush, price flat', () => {
    const { b, published } = board();
    // Two hours of steady trading: 1 unit a minute for SOL/USD, at a flat price.
    for (let m = 0; m < 120; m++) expect(b.onOhlc(candle('SOL/USD', T0 + m * MIN, 20, 1), new Date(T0 + m * MIN + 30_000).toISOString(), T0)).toBe(true);
    b.flush();
    expect(b.rows.get('SOL/USD')!.focus).toBe(false);
    expect(b.decisions.filter((d) => d.kind === 'promote')).toEqual([]);
    // Then a burst: 50 units in each minute of one 5 min bucket, and exchange time moves into the next bucket.
    for (let m = 120; m < 125; m++) b.onOhlc(candle('SOL/USD', T0 + m * MIN, 20, 50), new Date(T0 + m * MIN + 30_000).toISOString(), T0);
    b.onOhlc(candle('SOL/USD', T0 + 125 * MIN, 20, 1), new Date(T0 + 126 * MIN).toISOString(), T0);
    b.onTicker(ticker('SOL/USD', 20, 0, T0 + 127 * MIN), T0);
    published.length = 0;
    b.flush();
    const sol = b.rows.get('SOL/USD')!;
    expect(sol.focus).toBe(true);
    expect(sol.mover).toMatch(/^volume acceleration x50\.00 >= x3\.00$/);
    expect(b.decisions.find((d) => d.kind === 'promote')?.symbol).toBe('SOL/USD');
    expect(published.flat().some((r) => r.symbol === 'SOL/USD' && r.focus)).toBe(true);
    // An unusable candle is skipped and reported, not booked.
    expect(b.onOhlc({ ...candle('SOL/USD', T0 + 131 * MIN, 20, 1), volume: '-1' }, undefined, T0)).toBe(false);
  });

  it('runs the watch on exchange time even when the catalog arrives at a machine time far ahead of it', () => {
    const b = new MarketBoard({ pinned: ['BTC/USD'], watch: { scoutFlushMs: 5 * MIN, maxFocus: 3 } });
    b.setUniverse(['BTC/USD', 'ETH/USD'].map(pair), Date.UTC(2030, 0, 1)); // a replayed market: data of 2024, machine clock of 2030
    expect(b.rows.get('BTC/USD')!.focus).toBe(true);
    for (let m = 0; m <= 60; m += 5) b.onTicker(ticker('ETH/USD', 100, 0, T0 + m * MIN), T0);
    b.flush();
    b.onTicker(ticker('ETH/USD', 106, 6, T0 + 65 * MIN), T0);
    b.onTicker(ticker('BTC/USD', 100, 0, T0 + 70 * MIN), T0);
    b.flush();
    expect(b.rows.get('ETH/USD')!.focus).toBe(true); // scouts were flushed on the exchange's clock
  });

  it('skips an unusable ticker instead of showing zeros', () => {
    const { b } = board();
    b.onTicker({ ...ticker('BTC/USD', 100, 0, T0), last: '0' }, T0);
    b.onTicker({ ...ticker('BTC/USD', 100, 0, T0), timestamp: 'not a time' }, T0);
    expect(b.rows.get('BTC/USD')!.last).toBeNull();
  });
});
