/**
 * The client's paging helpers (OHLC ranges, public trades by `last`, offset pagers) walking the
 * simulator's data: every page parses, nothing is skipped or duplicated.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KrakenRestClient } from '../../../src/live/kraken/rest/client.ts';
import { collect, fetchOhlcRange, iterateClosedOrders, iterateLedgers, iterateTrades, iterateTradesHistory } from '../../../src/live/kraken/rest/paging.ts';
import { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { btcTrades, KEY, restClient, SECRET, T0 } from './harness.ts';

let sim: KrakenSimulator;
let rest: KrakenRestClient;

/** 240 minutes of history before T0, one trade every 30 s (two per 1-minute candle). */
const HISTORY = btcTrades(
  Array.from({ length: 480 }, (_, i) => (30000 + (i % 17) * 5).toFixed(1)),
  T0 - 480 * 30_000,
).map((t, i) => ({ ...t, time: T0 - 480 * 30_000 + i * 30_000 }));

beforeEach(async () => {
  sim = await KrakenSimulator.start({ trades: HISTORY, startTime: T0, accounts: [{ key: KEY, secret: SECRET, balances: { USD: '100000', BTC: '2' } }], heartbeatMs: 0 });
  rest = restClient(sim);
});
afterEach(async () => {
  await rest.close();
  await sim.close();
});

describe('paging helpers against the simulator', () => {
  it('fetchOhlcRange returns every committed 1-minute candle in the range once, ascending', async () => {
    const since = T0 / 1000 - 200 * 60;
    const until = T0 / 1000 - 20 * 60;
    const range = await fetchOhlcRange(rest, { pair: 'XBTUSD', interval: 1, since, until });
    expect(range.pair).toBe('XXBTZUSD');
    expect(range.reachedUntil).toBe(true);
    expect(range.startsAfterRequested).toBe(false);
    expect(range.candles.map((c) => c.time)).toEqual(Array.from({ length: 181 }, (_, i) => since + i * 60));
    expect(range.candles.every((c) => c.count === 2)).toBe(true);
  });

  it('iterateTrades follows `last` through every public trade exactly once', async () => {
    const pages = await collect(iterateTrades(rest, { pair: 'XBTUSD', since: T0 / 1000 - 100 * 30 - 1 }));
    const trades = pages.flat();
    // History trades strictly after `since`: T0-3000 s .. T0-30 s, one every 30 s.
    expect(trades.map((t) => t.time)).toEqual(Array.from({ length: 100 }, (_, i) => T0 / 1000 - 3000 + i * 30));
    const ids = trades.map((t) => t.tradeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
  });

  it('offset pagers walk closed orders, trades history and ledgers', async () => {
    for (let i = 0; i < 3; i++) await rest.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01', oflags: ['fciq'] });
    expect(await collect(iterateClosedOrders(rest))).toHaveLength(3);
    expect(await collect(iterateTradesHistory(rest))).toHaveLength(3);
    const ledger = await collect(iterateLedgers(rest));
    expect(ledger.filter(([, l]) => l.type === 'trade')).toHaveLength(6);
    expect(ledger.filter(([, l]) => l.type === 'deposit')).toHaveLength(2);
  });
});
