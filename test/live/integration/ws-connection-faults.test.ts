/**
 * WS client against the simulator's connection faults: dropped connections, silence, corrupted
 * book checksums and reordered frames. Client timers run on a ManualScheduler; the simulator's
 * market moves only by advanceTo, so every step here is deterministic.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KrakenRestClient } from '../../../src/live/kraken/rest/client.ts';
import type { OrderBook } from '../../../src/live/kraken/book/order-book.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { nextEvent, record, restClient, startSim, subscribed, T0, until, wsClients, type WsPair } from './harness.ts';

let sim: KrakenSimulator;
let rest: KrakenRestClient;
let ws: WsPair;

/** Market after T0: enough moves that every trade changes the top of the synthetic book. */
const FUTURE = ['30100.0', '29900.0', '30200.0', '29800.0', '30300.0', '29700.0', '30400.0', '29600.0'];

beforeEach(async () => {
  sim = await startSim({}, FUTURE);
  rest = restClient(sim);
  ws = wsClients(sim, rest);
});
afterEach(async () => {
  ws.pub.close();
  ws.priv.close();
  await rest.close();
  await sim.close();
});

async function connectAll(): Promise<void> {
  ws.pub.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
  ws.pub.subscribe({ channel: 'trade', symbol: ['BTC/USD'] });
  ws.pub.subscribe({ channel: 'ticker', symbol: ['BTC/USD'] });
  ws.priv.subscribe({ channel: 'executions' });
  ws.priv.subscribe({ channel: 'balances' });
  ws.pub.connect();
  ws.priv.connect();
  await Promise.all([subscribed(ws.pub), subscribed(ws.priv)]);
}

/** Top-10 levels of the client's book as `price:qty` text, best first. */
function levels(book: OrderBook | undefined): { bids: string[]; asks: string[] } {
  const side = (ls: readonly { price: string; qty: string }[]) => ls.slice(0, 10).map((l) => `${l.price}:${l.qty}`);
  return { bids: side(book?.bids() ?? []), asks: side(book?.asks() ?? []) };
}

/** The simulator's own book (REST Depth), same format (REST has the same digits as WS). */
async function simLevels(): Promise<{ bids: string[]; asks: string[] }> {
  const d = (await rest.depth({ pair: 'XBTUSD', count: 10 })).XXBTZUSD;
  return { bids: d.bids.map((l) => `${l.price}:${l.volume}`), asks: d.asks.map((l) => `${l.price}:${l.volume}`) };
}

describe('dropped connections', () => {
  it('reconnects with growing backoff, resubscribes every channel with a fresh token, data flows again', async () => {
    await connectAll();
    expect(ws.tokens).toHaveLength(1); // one GetWebSocketsToken per connection (README 10.3), not per request
    const states = record(ws.pub, ['state']);
    const acks = record(ws.priv, ['subscription']);

    // First drop: attempt 1 with the initial delay.
    sim.faults.dropConnections();
    const r1 = await nextEvent(ws.pub, 'state', (s) => s.state === 'reconnecting');
    expect(r1).toMatchObject({ attempt: 1, delayMs: 75 }); // 100 * (1 - 0.5 * (1 - 0.5))
    await until(() => ws.priv.state === 'reconnecting', 'private client reconnecting');
    ws.scheduler.advance(75);
    await Promise.all([subscribed(ws.pub), subscribed(ws.priv)]);

    // Second drop before the connection became stable: backoff grows.
    sim.faults.dropConnections();
    const r2 = await nextEvent(ws.pub, 'state', (s) => s.state === 'reconnecting');
    expect(r2).toMatchObject({ attempt: 2, delayMs: 150 });
    await until(() => ws.priv.state === 'reconnecting', 'private client reconnecting');
    ws.scheduler.advance(150);
    await Promise.all([subscribed(ws.pub), subscribed(ws.priv)]);

    // Every channel was re-acknowledged after each drop; each new connection with a new token.
    const privAcks = acks.filter((a) => a.payload.kind === 'acknowledged').map((a) => a.payload.channel).sort();
    expect(privAcks).toEqual(['balances', 'balances', 'executions', 'executions']);
    expect(ws.tokens).toHaveLength(3);
    expect(new Set(ws.tokens).size).toBe(3);
    expect(states.map((s) => s.payload.state)).toEqual(['reconnecting', 'connecting', 'open', 'subscribed', 'reconnecting', 'connecting', 'open', 'subscribed']);
    expect(sim.ws.subscriptionCount()).toBe(5);

    // Data flows again on both sockets: market data and own executions.
    const trades = record(ws.pub, ['trade']);
    const execs = record(ws.priv, ['execution']);
    sim.advanceTo(T0 + 1000);
    await until(() => trades.length === 1, 'a trade after reconnect');
    expect(trades[0].payload.data[0].price).toBe('30100.0');
    await rest.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01', cl_ord_id: 'after-drop', oflags: ['fciq'] });
    await until(() => execs.some((e) => e.payload.report.exec_type === 'trade'), 'own fill after reconnect');
    expect(ws.pub.book('BTC/USD')?.ready).toBe(true);
    expect(levels(ws.pub.book('BTC/USD'))).toEqual(await simLevels());
  });
});

describe('silence', () => {
  it('pongs keep a quiet connection alive; a silent one is marked stale and replaced', async () => {
    await connectAll();
    const states = record(ws.pub, ['state']);
    // Control: the client pings every 4 s and the simulator answers, so 20 s pass without staleness.
    for (let i = 0; i < 5; i++) {
      const pong = nextEvent(ws.pub, 'pong');
      ws.scheduler.advance(4000);
      await pong;
    }
    expect(states).toEqual([]);

    // Silence: nothing comes back, not even pongs; the watchdog fires 10 s after the last frame.
    sim.faults.silence();
    ws.scheduler.advance(9999);
    expect(ws.pub.state).toBe('subscribed');
    ws.scheduler.advance(1);
    expect(states.map((s) => s.payload.state)).toEqual(['stale', 'reconnecting']);
    expect(states[0].payload.reason).toMatch(/no frame for 10000 ms/);
    expect(ws.priv.state).toBe('reconnecting');

    sim.faults.resume();
    const delay = states[1].payload.delayMs ?? 0;
    ws.scheduler.advance(delay);
    await Promise.all([subscribed(ws.pub), subscribed(ws.priv)]);
    const trades = record(ws.pub, ['trade']);
    sim.advanceTo(T0 + 1000);
    await until(() => trades.length === 1, 'a trade after the stale reconnect');
  });
});

describe('corrupted book update', () => {
  it('detects the checksum mismatch, resubscribes, rebuilds, and later updates validate', async () => {
    ws.pub.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    ws.pub.connect();
    await subscribed(ws.pub);
    const events = record(ws.pub, ['book', 'book_resync']);

    sim.faults.corruptNextBookUpdate();
    sim.advanceTo(T0 + 1000);
    await until(() => events.some((e) => e.event === 'book_resync' && e.payload.phase === 'rebuilt'), 'book rebuilt');
    const resyncs = events.filter((e) => e.event === 'book_resync').map((e) => e.payload);
    expect(resyncs).toMatchObject([
      { phase: 'started', reason: 'checksum_mismatch' },
      { phase: 'rebuilt', reason: 'checksum_mismatch' },
    ]);
    const started = resyncs[0] as { expected: number; actual: number };
    expect((started.expected ^ started.actual) >>> 0).toBe(1); // exactly the simulator's corruption
    expect(events.flatMap((e) => (e.event === 'book' ? [e.payload.type] : []))).toEqual(['snapshot']);
    expect(sim.faults.corruptBookPending).toBe(0);

    // The rebuilt book keeps validating every following update.
    for (let t = 2; t <= FUTURE.length; t++) sim.advanceTo(T0 + t * 1000);
    await until(() => events.filter((e) => e.event === 'book' && e.payload.type === 'update').length === FUTURE.length - 1, 'all later updates');
    expect(events.filter((e) => e.event === 'book_resync')).toHaveLength(2);
    expect(levels(ws.pub.book('BTC/USD'))).toEqual(await simLevels());
  });
});

describe('reordered market frames', () => {
  it('trades are delivered as received (dedupe/sort by trade_id); an out-of-order book update fails its checksum and the book is rebuilt', async () => {
    ws.pub.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    ws.pub.subscribe({ channel: 'trade', symbol: ['BTC/USD'] });
    ws.pub.connect();
    await subscribed(ws.pub);
    const events = record(ws.pub, ['book', 'book_resync', 'trade']);

    // Two market trades -> four frames (book, trade, book, trade) released in reverse order.
    sim.faults.reorderNext(4);
    sim.advanceTo(T0 + 2000);
    await until(() => events.some((e) => e.event === 'book_resync' && e.payload.phase === 'rebuilt'), 'book rebuilt after reorder');
    const trades = events.flatMap((e) => (e.event === 'trade' ? e.payload.data : []));
    expect(trades.map((t) => t.price)).toEqual(['29900.0', '30100.0']); // as received: reversed
    const ids = trades.map((t) => t.trade_id);
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual([ids[1], ids[0]]);
    expect(events.flatMap((e) => (e.event === 'book_resync' ? [e.payload.phase] : []))).toEqual(['started', 'rebuilt']);

    sim.advanceTo(T0 + 3000);
    await until(() => events.some((e) => e.event === 'book' && e.payload.type === 'update'), 'a valid update after the rebuild');
    expect(levels(ws.pub.book('BTC/USD'))).toEqual(await simLevels());
  });
});
