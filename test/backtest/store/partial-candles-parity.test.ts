import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile, MarketStore } from '../../../src/backtest/store/index.ts';
import { BarBuilder } from '../../../src/live/runner/bar-builder.ts';
import { mulberry32 } from '../../helpers/mulberry32.ts';

/**
 * Issue 13: the trades importer (candlesFromTrades) and the live bar builder must give the
 * same candles from the same trades, partial first and last candles included (one rule:
 * src/core/market/partial-candles.ts).
 */

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Trade { timeMs: number; price: number; qty: number }

/** Seeded trades over ~3 hours, starting mid-interval, with quiet stretches (gaps); whole milliseconds. */
function trades(seed: number): Trade[] {
  const rnd = mulberry32(seed);
  const out: Trade[] = [];
  let t = 1_700_000_000_000 + 123_457 + Math.floor(rnd() * 200_000); // not on a 5-minute boundary
  let price = 30_000;
  while (out.length < 400) {
    t += Math.floor(rnd() < 0.05 ? 900_000 * rnd() : 30_000 * rnd()) + 1;
    price = Math.round((price * (1 + (rnd() - 0.5) / 500)) * 10) / 10;
    out.push({ timeMs: t, price, qty: Math.round(rnd() * 1e6) / 1e6 });
  }
  return out;
}

async function storeCandles(ts: Trade[], interval: number, watched: { watchedFrom?: number; watchedTo?: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'parity-'));
  dirs.push(dir);
  const file = join(dir, 'XBTUSD.csv');
  writeFileSync(file, ts.map((t) => `${Math.floor(t.timeMs / 1000)}.${String(t.timeMs % 1000).padStart(3, '0')},${t.price},${t.qty}`).join('\n'));
  const store = await MarketStore.open(':memory:');
  try {
    await importFile(store, file, { format: 'kraken-trades' });
    await store.candlesFromTrades({ exchange: 'kraken', symbol: 'BTC/USD', interval, ...watched });
    const rows = (await store.connection.runAndReadAll('SELECT open_time, open, high, low, close, volume, trades FROM candles ORDER BY open_time')).getRowsJS();
    return rows.map(([openTime, open, high, low, close, volume, n]) => ({ openTime: Number(openTime), open, high, low, close, volume, trades: Number(n) }));
  } finally {
    store.close();
  }
}

function liveCandles(ts: Trade[], interval: number, connectedAt: number | undefined, clockAtEnd: number) {
  const bb = new BarBuilder(['BTC/USD'], interval);
  bb.feedRestarted(connectedAt);
  const out = [];
  for (const t of ts) out.push(...bb.onTrade(0, t.timeMs, t.price, t.qty));
  out.push(...bb.advanceTo(clockAtEnd));
  return out.map((c) => ({ openTime: c.openTime, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, trades: c.trades }));
}

describe('live bar builder and candlesFromTrades agree on partial candles', () => {
  it.each([1, 5, 15, 60])('%i-minute candles from the same trades are the same, first and last partial candles dropped by both', async (interval) => {
    const ts = trades(interval);
    const last = ts[ts.length - 1].timeMs;
    const live = liveCandles(ts, interval, undefined, last); // watching starts at the first trade, ends at the last
    const hist = await storeCandles(ts, interval, {});
    expect(hist).toEqual(live);
    expect(live.length).toBeGreaterThan(2);
    const ms = interval * 60_000;
    expect(live[0].openTime).toBeGreaterThanOrEqual(ts[0].timeMs); // the mid-interval first candle is not there
    expect(live[live.length - 1].openTime + ms).toBeLessThanOrEqual(last);
  });

  it('with a known start of watching (a connect time, a download since) both keep the first candle', async () => {
    const ts = trades(7);
    const interval = 5;
    const start = Math.floor(ts[0].timeMs / 300_000) * 300_000;
    const end = ts[ts.length - 1].timeMs + 600_000; // the clock passed the last boundary
    const live = liveCandles(ts, interval, start, end);
    const hist = await storeCandles(ts, interval, { watchedFrom: start, watchedTo: end });
    expect(hist).toEqual(live);
    expect(live[0].openTime).toBe(start);
    expect(live[live.length - 1].openTime).toBe(Math.floor(ts[ts.length - 1].timeMs / 300_000) * 300_000);
  });
});
