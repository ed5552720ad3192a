import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenWsClient, type KrakenWsClientOptions } from '../../../../src/live/kraken/ws/client.ts';
import type { KrakenWsEvents } from '../../../../src/live/kraken/ws/events.ts';
import { parseExactJson, stringifyExact } from '../../../../src/live/kraken/ws/exact-json.ts';
import { ManualScheduler } from '../../../../src/live/kraken/ws/scheduler.ts';
import { FakeKrakenWsServer } from './fake-ws-server.ts';
import { fixtureFrames, fixtureText } from './fixture-files.ts';

/**
 * The client against a throwaway local server. Socket I/O is real (loopback); every timer of
 * the client (watchdog, ping, backoff, request timeouts) runs on a ManualScheduler, so time
 * only moves when a test advances it. Tests wait on events, never on wall-clock sleeps.
 */

let server: FakeKrakenWsServer;
let scheduler: ManualScheduler;
let client: KrakenWsClient | undefined;
let log: { event: string; payload: any }[];

/** One-line form of a fixture with its exact number text. */
const compact = (text: string) => stringifyExact(parseExactJson(text));

/** Rejects instead of hanging when an awaited condition never comes. */
function within<T>(promise: Promise<T>, what: string, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

beforeEach(async () => {
  server = await FakeKrakenWsServer.start();
  scheduler = new ManualScheduler(1_000_000);
  log = [];
});

afterEach(async () => {
  client?.close();
  client = undefined;
  await server.close();
});

function makeClient(overrides: Partial<KrakenWsClientOptions> = {}): KrakenWsClient {
  const c = new KrakenWsClient({
    url: server.url,
    scheduler,
    random: () => 0.5,
    backoff: { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0.5 },
    staleAfterMs: 10_000,
    pingIntervalMs: 4_000,
    requestTimeoutMs: 2_000,
    getToken: async () => 'TOKEN',
    ...overrides,
  });
  for (const e of ['state', 'status', 'ticker', 'trade', 'book', 'book_resync', 'execution', 'balances', 'subscription', 'order_outcome_unknown', 'protocol_error', 'client_error', 'sequence_gap'] as const) {
    c.on(e, (payload) => log.push({ event: e, payload }));
  }
  client = c;
  return c;
}

function nextEvent<K extends keyof KrakenWsEvents & string>(
  c: KrakenWsClient,
  event: K,
  pred: (p: KrakenWsEvents[K]) => boolean = () => true,
  timeoutMs = 3000,
): Promise<KrakenWsEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for event ${event}`));
    }, timeoutMs);
    const off = c.on(event, (p) => {
      if (!pred(p)) return;
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

const states = () => log.filter((l) => l.event === 'state').map((l) => l.payload.state);

async function connected(c: KrakenWsClient): Promise<void> {
  const open = nextEvent(c, 'status');
  c.connect();
  await open;
}

describe('KrakenWsClient: connect, subscribe, market data', () => {
  it('subscribes, reaches "subscribed", and delivers exact decimals', async () => {
    server.afterSubscribe.set('ticker', () => [fixtureText('ws-v2-ticker-update.json')]);
    const c = makeClient();
    const subscribed = nextEvent(c, 'state', (s) => s.state === 'subscribed');
    const ticker = nextEvent(c, 'ticker');
    c.subscribe({ channel: 'ticker', symbol: ['BTC/USD'] });
    c.connect();
    await subscribed;
    const t = await ticker;
    expect(t.data[0]).toMatchObject({ symbol: 'BTC/USD', ask_qty: '0.31232000', high: '66450.0' });
    expect(states()).toEqual(['connecting', 'open', 'subscribed']);
    expect(log.find((l) => l.event === 'status')?.payload).toMatchObject({ system: 'online', connectionId: 13834774380200032777n });
    expect(server.requests('subscribe')[0].msg).toMatchObject({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] } });
  });

  it('builds the book from the recorded sequence and every checksum validates', async () => {
    const frames = fixtureFrames('ws-v2-book-sequence.jsonl').map((f) => f.text);
    server.afterSubscribe.set('book', () => frames);
    const c = makeClient();
    let books = 0;
    const done = new Promise<void>((resolve) => c.on('book', () => ++books === frames.length && resolve()));
    c.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    c.connect();
    await within(done, 'all book frames');
    expect(log.filter((l) => l.event === 'book_resync')).toEqual([]);
    const book = c.book('BTC/USD')!;
    expect(book.checksum()).toBe(JSON.parse(frames[frames.length - 1]).data[0].checksum);
    expect(book.isCrossed()).toBe(false);
  });

  it('reports garbage and schema violations as protocol errors and keeps going', async () => {
    const c = makeClient();
    await connected(c);
    const errors: KrakenWsEvents['protocol_error'][] = [];
    c.on('protocol_error', (e) => errors.push(e));
    c.on('trade', () => {
      throw new Error('a consumer bug');
    });
    const trade = nextEvent(c, 'trade');
    server.sendLatest('{"channel":"book",');
    server.sendLatest('{"channel":"trade","type":"update","data":[{"symbol":"X","side":"buy","price":"1.0","qty":1,"ord_type":"limit","trade_id":1,"timestamp":"t"}]}');
    server.sendLatest('{"method":"add_order","success":true,"req_id":999,"result":{"order_id":"O-1"}}');
    server.sendLatest(fixtureText('ws-v2-trade.json'));
    expect((await trade).data[0].qty).toBe('40.0');
    expect(errors.map((e) => e.kind)).toEqual(['invalid_json', 'schema', 'unexpected_response']);
    expect(errors[1].message).toMatch(/data\[0\]\.price: expected a JSON number \(got string "1.0"\)/);
    expect(errors[2].message).toMatch(/no pending add_order request with req_id 999/);
    await new Promise((r) => setImmediate(r));
    expect(log.some((l) => l.event === 'client_error' && /listener for "trade"/.test(l.payload.context))).toBe(true);
    expect(c.state).toBe('open');
  });

  it('drops a rejected subscription instead of retrying it forever', async () => {
    server.onRequest = (req, s) => {
      if (req.msg.method === 'subscribe' && req.msg.params.symbol?.includes('XBT/USD')) {
        s.reply(req, { method: 'subscribe', success: false, error: 'Currency pair not supported XBT/USD', symbol: 'XBT/USD' });
        s.reply(req, { method: 'subscribe', success: true, result: { channel: 'trade', symbol: 'ETH/USD' } });
        return 'handled';
      }
    };
    const c = makeClient();
    const subscribed = nextEvent(c, 'state', (s) => s.state === 'subscribed');
    c.subscribe({ channel: 'trade', symbol: ['XBT/USD', 'ETH/USD'] });
    c.connect();
    await subscribed;
    const failed = log.filter((l) => l.event === 'subscription' && l.payload.kind === 'failed');
    expect(failed.map((f) => [f.payload.channel, f.payload.symbol, f.payload.error])).toEqual([['trade', 'XBT/USD', 'Currency pair not supported XBT/USD']]);
    // After a reconnect only ETH/USD is requested again.
    server.dropAll();
    await nextEvent(c, 'state', (s) => s.state === 'reconnecting');
    scheduler.advance(1000);
    await server.waitForRequests('subscribe', 2);
    expect(server.requests('subscribe')[1].msg.params.symbol).toEqual(['ETH/USD']);
  });
});

describe('KrakenWsClient: reconnect, backoff, resubscribe, stale detection', () => {
  it('reconnects with exponential backoff + jitter and resubscribes everything', async () => {
    const c = makeClient();
    c.subscribe({ channel: 'ticker', symbol: ['BTC/USD', 'ETH/USD'] });
    c.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 25 });
    c.subscribe({ channel: 'ohlc', symbol: ['BTC/USD'], interval: 5 });
    c.subscribe({ channel: 'executions', snap_orders: true });
    const subscribed = nextEvent(c, 'state', (s) => s.state === 'subscribed');
    c.connect();
    await subscribed;
    const firstRound = server.requests('subscribe', 1).map((r) => r.msg.params);

    // Refuse connections for a while: attempts 1..3 with delays 100, 200, 400 jittered by random()=0.5 -> x0.75.
    server.refuse = true;
    const delays: [number, number][] = [];
    c.on('state', (s) => s.state === 'reconnecting' && delays.push([s.attempt!, s.delayMs!]));
    server.dropAll();
    for (let i = 1; i <= 3; i++) {
      await nextEvent(c, 'state', (s) => s.state === 'reconnecting' && s.attempt === i);
      scheduler.advance(delays[i - 1][1]);
    }
    expect(delays).toEqual([
      [1, 75],
      [2, 150],
      [3, 300],
    ]);
    await nextEvent(c, 'state', (s) => s.state === 'reconnecting' && s.attempt === 4);
    expect(delays[3]).toEqual([4, 600]);
    server.refuse = false;
    const resubscribed = nextEvent(c, 'state', (s) => s.state === 'subscribed');
    scheduler.advance(600);
    await resubscribed;
    const conn = server.connections;
    const secondRound = server.requests('subscribe', conn).map((r) => r.msg.params);
    const norm = (ps: any[]) => ps.map((p) => ({ ...p, token: p.token ? 'T' : undefined })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(norm(secondRound)).toEqual(norm(firstRound));
    expect(secondRound.find((p) => p.channel === 'executions')).toMatchObject({ token: 'TOKEN', snap_orders: true });
    expect(secondRound.find((p) => p.channel === 'book')).toMatchObject({ symbol: ['BTC/USD'], depth: 25 });
  });

  it('caps the delay, and resets the backoff after a stable connection', async () => {
    const c = makeClient({ stableAfterMs: 5_000, staleAfterMs: 60_000, pingIntervalMs: 60_000 });
    await connected(c);
    server.refuse = true;
    server.dropAll();
    const seen: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const s = await nextEvent(c, 'state', (x) => x.state === 'reconnecting' && x.attempt === i);
      seen.push(s.delayMs!);
      scheduler.advance(s.delayMs!);
    }
    expect(seen).toEqual([75, 150, 300, 600, 750, 750]); // max 1000 x 0.75
    server.refuse = false;
    await nextEvent(c, 'status');
    scheduler.advance(5_000); // stable long enough
    server.dropAll();
    const s = await nextEvent(c, 'state', (x) => x.state === 'reconnecting');
    expect([s.attempt, s.delayMs]).toEqual([1, 75]);
  });

  it('waits at least the maintenance delay while the engine reports maintenance', async () => {
    server.statusSystem = 'maintenance';
    const c = makeClient({ maintenanceDelayMs: 5_000 });
    await connected(c);
    server.dropAll();
    const s = await nextEvent(c, 'state', (x) => x.state === 'reconnecting');
    expect(s.delayMs).toBe(5_000);
  });

  it('declares a silent connection stale, drops it and reconnects', async () => {
    const c = makeClient({ staleAfterMs: 10_000, pingIntervalMs: 4_000 });
    const subscribed = nextEvent(c, 'state', (s) => s.state === 'subscribed');
    c.subscribe({ channel: 'trade', symbol: ['BTC/USD'] });
    c.connect();
    await subscribed;
    server.sendLatest('{"channel":"heartbeat"}');
    await nextEvent(c, 'frame', (f) => f.raw.includes('heartbeat'));
    // Heartbeats keep it alive...
    scheduler.advance(9_000);
    server.sendLatest('{"channel":"heartbeat"}');
    await nextEvent(c, 'frame', (f) => f.raw.includes('heartbeat'));
    scheduler.advance(9_000);
    expect(c.state).toBe('subscribed');
    // ...then the server goes silent (no heartbeat, no pong).
    server.silent = true;
    const stale = nextEvent(c, 'state', (s) => s.state === 'stale');
    scheduler.advance(1_000);
    expect((await stale).reason).toBe('no frame for 10000 ms');
    expect(c.state).toBe('reconnecting');
    await server.waitForRequests('ping', 1); // it did ping meanwhile
    server.silent = false;
    const again = nextEvent(c, 'state', (s) => s.state === 'subscribed');
    scheduler.advance(1_000);
    await again;
    expect(server.requests('subscribe').length).toBe(2);
  });

  it('sends application-level pings and measures the round trip', async () => {
    const c = makeClient({ pingIntervalMs: 4_000 });
    await connected(c);
    const pong = nextEvent(c, 'pong');
    scheduler.advance(4_000);
    await server.waitForRequests('ping', 1);
    expect((await pong).rttMs).toBe(0); // the manual clock did not move during the round trip
    expect(server.requests('ping')[0].msg).toEqual({ method: 'ping', req_id: expect.any(Number) });
  });
});

describe('KrakenWsClient: book checksum mismatch -> resync', () => {
  it('unsubscribes/resubscribes the symbol, rebuilds from the new snapshot and says so', async () => {
    const snapshot = fixtureText('ws-v2-book-snapshot.json');
    const goodUpdate = fixtureText('ws-v2-book-update.json');
    const badUpdate = fixtureFrames('ws-v2-book-sequence.jsonl')[2].text.replace('8.25182177', '8.25182178');
    let subscribes = 0;
    server.afterSubscribe.set('book', () => (++subscribes === 1 ? [snapshot, goodUpdate, badUpdate] : [snapshot]));
    const c = makeClient();
    const started = nextEvent(c, 'book_resync', (e) => e.phase === 'started');
    const rebuilt = nextEvent(c, 'book_resync', (e) => e.phase === 'rebuilt');
    c.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    c.connect();
    expect(await started).toMatchObject({ symbol: 'BTC/USD', reason: 'checksum_mismatch', expected: 3111681483 });
    expect(await rebuilt).toMatchObject({ symbol: 'BTC/USD', reason: 'checksum_mismatch' });
    const unsub = server.requests('unsubscribe');
    expect(unsub.map((r) => r.msg.params)).toEqual([{ channel: 'book', symbol: ['BTC/USD'], depth: 10 }]);
    expect(server.requests('subscribe').map((r) => r.msg.params)).toEqual([
      { channel: 'book', symbol: ['BTC/USD'], depth: 10 },
      { channel: 'book', symbol: ['BTC/USD'], depth: 10, snapshot: true },
    ]);
    expect(unsub[0].text.length).toBeGreaterThan(0);
    expect(server.received.indexOf(unsub[0])).toBeLessThan(server.received.indexOf(server.requests('subscribe')[1]));
    const book = c.book('BTC/USD')!;
    expect(book.ready).toBe(true);
    expect(book.checksum()).toBe(2785033588);
    // Updates after the rebuild apply and validate again.
    const next = nextEvent(c, 'book', (e) => e.type === 'update');
    server.sendLatest(goodUpdate);
    expect((await next).book.checksum()).toBe(3547452596);
    expect(log.filter((l) => l.event === 'book_resync')).toHaveLength(2);
  });

  it('ignores updates that arrive while the book waits for its new snapshot', async () => {
    const snapshot = fixtureText('ws-v2-book-snapshot.json');
    const bad = fixtureText('ws-v2-book-update.json').replace('3547452596', '1');
    let subscribes = 0;
    server.afterSubscribe.set('book', () => (++subscribes === 1 ? [snapshot, bad, fixtureText('ws-v2-book-update.json')] : []));
    const c = makeClient();
    const started = nextEvent(c, 'book_resync');
    c.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    c.connect();
    await started;
    await server.waitForRequests('subscribe', 2);
    expect(log.filter((l) => l.event === 'book_resync')).toHaveLength(1);
    expect(log.filter((l) => l.event === 'book').map((l) => l.payload.type)).toEqual(['snapshot']);
    expect(c.book('BTC/USD')!.ready).toBe(false);
  });

  it('reconnects when resubscribing does not fix the book (three failed resyncs in a row)', async () => {
    const badSnapshot = fixtureText('ws-v2-book-snapshot.json').replace('2785033588', '1');
    server.afterSubscribe.set('book', () => [badSnapshot]);
    const c = makeClient();
    const reconnecting = nextEvent(c, 'state', (s) => s.state === 'reconnecting');
    c.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    c.connect();
    expect((await reconnecting).reason).toBe('book BTC/USD failed 3 resyncs in a row');
    expect(log.filter((l) => l.event === 'book_resync').map((l) => l.payload.phase)).toEqual(['started', 'started', 'started', 'started']);
    expect(server.requests('unsubscribe')).toHaveLength(3);
  });
});

describe('KrakenWsClient: trading requests', () => {
  const order = { order_type: 'limit' as const, side: 'buy' as const, order_qty: '0.00100000', limit_price: '26500.4', symbol: 'BTC/USD' };

  it('matches responses to requests by req_id, whatever the order they arrive in', async () => {
    const held: any[] = [];
    server.onRequest = (req, s) => {
      if (req.msg.method !== 'add_order') return;
      held.push(req);
      if (held.length === 2) {
        for (const r of [...held].reverse()) s.reply(r, { method: 'add_order', success: true, result: { order_id: `O-${r.msg.params.cl_ord_id}`, cl_ord_id: r.msg.params.cl_ord_id } });
      }
      return 'handled';
    };
    const c = makeClient();
    await connected(c);
    const [a, b] = await Promise.all([c.addOrder({ ...order, cl_ord_id: 'first' }), c.addOrder({ ...order, cl_ord_id: 'second' })]);
    expect(a).toEqual({ status: 'accepted', result: { order_id: 'O-first', cl_ord_id: 'first' } });
    expect(b).toEqual({ status: 'accepted', result: { order_id: 'O-second', cl_ord_id: 'second' } });
    // Exact decimals and the token went out.
    expect(held[0].text).toContain('"order_qty":0.00100000');
    expect(held[0].msg.params.token).toBe('TOKEN');
  });

  it('a timed-out add_order is outcome-unknown with its cl_ord_id and is never retried', async () => {
    server.onRequest = (req) => (req.msg.method === 'add_order' ? 'handled' : undefined); // swallow it
    const c = makeClient({ requestTimeoutMs: 2_000 });
    await connected(c);
    const unknownEvent = nextEvent(c, 'order_outcome_unknown');
    const outcome = c.addOrder({ ...order, cl_ord_id: 'abc-123' });
    await server.waitForRequests('add_order', 1);
    scheduler.advance(2_000);
    const result = await outcome;
    expect(result).toMatchObject({ status: 'unknown', reason: 'timeout', method: 'add_order', clOrdIds: ['abc-123'], partial: [] });
    expect(await unknownEvent).toMatchObject({ reason: 'timeout', clOrdIds: ['abc-123'] });
    // A late answer is reported, not applied to anything, and nothing is resent.
    server.reply(server.requests('add_order')[0], { method: 'add_order', success: true, result: { order_id: 'LATE' } });
    await nextEvent(c, 'protocol_error', (e) => e.kind === 'unexpected_response');
    scheduler.advance(60_000);
    await new Promise((r) => setImmediate(r));
    expect(server.requests('add_order')).toHaveLength(1);
  });

  it('a disconnect while waiting makes the outcome unknown; no reconnect resends it', async () => {
    server.onRequest = (req) => (req.msg.method === 'add_order' ? 'handled' : undefined);
    const c = makeClient();
    await connected(c);
    const outcome = c.addOrder({ ...order, order_userref: 7 });
    await server.waitForRequests('add_order', 1);
    server.dropAll();
    expect(await outcome).toMatchObject({ status: 'unknown', reason: 'disconnected', orderUserrefs: [7] });
    scheduler.advance(1_000);
    await server.waitForConnections(2);
    await nextEvent(c, 'status');
    expect(server.requests('add_order')).toHaveLength(1);
  });

  it('rejections, not-connected and bad arguments are distinct outcomes', async () => {
    server.onRequest = (req, s) => {
      if (req.msg.method === 'add_order') {
        s.reply(req, { method: 'add_order', success: false, error: 'EOrder:Insufficient funds' });
        return 'handled';
      }
    };
    const c = makeClient();
    expect(await c.addOrder(order)).toEqual({ status: 'not_sent', reason: 'not connected (state idle)' });
    await connected(c);
    expect(await c.addOrder(order)).toMatchObject({ status: 'rejected', error: 'EOrder:Insufficient funds' });
    expect(await c.addOrder({ ...order, order_qty: '1e-3x' })).toMatchObject({ status: 'not_sent', reason: expect.stringMatching(/order_qty/) });
    const noToken = makeClient({ getToken: async () => Promise.reject(new Error('EAPI:Invalid key')) });
    await connected(noToken);
    expect(await noToken.addOrder(order)).toMatchObject({ status: 'not_sent', reason: 'getToken failed: EAPI:Invalid key' });
    noToken.close();
  });

  it('cancel_order collects one frame per cancelled order; other methods parse their results', async () => {
    const cancelFrames = fixtureFrames('ws-v2-cancel_order-responses.jsonl').map((f) => JSON.parse(f.text));
    server.onRequest = (req, s) => {
      const m = req.msg.method;
      if (m === 'cancel_order') for (const f of cancelFrames) s.reply(req, f);
      else if (m === 'cancel_all') s.reply(req, JSON.parse(fixtureText('ws-v2-cancel_all-response.json')));
      else if (m === 'cancel_all_orders_after') s.reply(req, JSON.parse(fixtureText('ws-v2-cancel_all_orders_after-response.json')));
      else if (m === 'amend_order') s.reply(req, JSON.parse(fixtureText('ws-v2-amend_order-response.json')));
      else if (m === 'batch_add') s.reply(req, JSON.parse(fixtureText('ws-v2-batch_add-response.json')));
      else return;
      return 'handled';
    };
    const c = makeClient();
    await connected(c);
    expect(await c.cancelOrder({ order_id: ['OM5CRX-N2HAL-GFGWE9', 'OLUMT4-UTEGU-ZYM7E9'] })).toEqual({
      status: 'accepted',
      result: { cancelled: [{ order_id: 'OLUMT4-UTEGU-ZYM7E9' }, { order_id: 'OM5CRX-N2HAL-GFGWE9' }], failed: [] },
    });
    expect(await c.cancelAll()).toEqual({ status: 'accepted', result: { count: 1 } });
    expect(await c.cancelAllOrdersAfter(60)).toEqual({ status: 'accepted', result: { currentTime: '2023-09-21T15:49:29Z', triggerTime: '2023-09-21T15:51:09Z' } });
    expect(await c.amendOrder({ order_id: 'OAIYAU-LGI3M-PFM5VW', order_qty: '1.0', limit_price: '61031.3' })).toMatchObject({ status: 'accepted', result: { amend_id: 'TTW6PD-RC36L-ZZSWNU' } });
    const batch = await c.batchAdd({ symbol: 'BTC/USD', orders: [{ ...order, order_userref: 1 }, { ...order, side: 'sell', order_userref: 2 }] });
    expect(batch).toMatchObject({ status: 'accepted', result: [{ order_userref: 1 }, { order_userref: 2 }] });
    expect(server.requests('cancel_all_orders_after')[0].msg.params).toEqual({ timeout: 60, token: 'TOKEN' });
  });

  it('a cancel_order with only some answers before the timeout is outcome-unknown with the partial answers', async () => {
    server.onRequest = (req, s) => {
      if (req.msg.method !== 'cancel_order') return;
      s.reply(req, { method: 'cancel_order', success: true, result: { cl_ord_id: 'a' } });
      return 'handled';
    };
    const c = makeClient();
    await connected(c);
    const outcome = c.cancelOrder({ cl_ord_id: ['a', 'b'] });
    await server.waitForRequests('cancel_order', 1);
    await nextEvent(c, 'frame', (f) => f.raw.includes('cancel_order'));
    scheduler.advance(2_000);
    expect(await outcome).toMatchObject({ status: 'unknown', reason: 'timeout', clOrdIds: ['a', 'b'], partial: [{ result: { cl_ord_id: 'a' } }] });
  });
});

describe('KrakenWsClient: private channels', () => {
  it('marks duplicated executions (same exec_id) and replayed balance frames', async () => {
    server.afterSubscribe.set('executions', () => [fixtureText('ws-v2-executions-snapshot-trades.json')]);
    let tokenCalls = 0;
    const c = makeClient({ getToken: async () => `TOKEN-${++tokenCalls}` });
    const got: KrakenWsEvents['execution'][] = [];
    c.on('execution', (e) => got.push(e));
    const subscribed = nextEvent(c, 'state', (s) => s.state === 'subscribed');
    c.subscribe({ channel: 'executions', snap_trades: true });
    c.subscribe({ channel: 'balances' });
    c.connect();
    await subscribed;
    // One token per connection (README 10.3), shared by both private subscriptions.
    expect(server.requests('subscribe').map((r) => r.msg.params.token)).toEqual(['TOKEN-1', 'TOKEN-1']);

    const trade = compact(fixtureText('ws-v2-executions-trade.json'));
    const fourth = new Promise<void>((resolve) => c.on('execution', () => got.length === 4 && resolve()));
    server.sendLatest(trade.replace('"sequence":10', '"sequence":2'));
    server.sendLatest(trade.replace('"sequence":10', '"sequence":2')); // duplicated frame
    await within(fourth, 'four executions');
    // snapshot had 2 fills; the next 2 are the same fill twice.
    expect(got.map((e) => [e.type, e.dedupeKey, e.duplicate])).toEqual([
      ['snapshot', 'trade:B1Y0D9-6JIJG-W1IB7L', false],
      ['snapshot', 'trade:QEP2P0-DVAJN-VF1UTF', false],
      ['update', 'trade:TGBB7L-HT5LX-J3BZ4A', false],
      ['update', 'trade:TGBB7L-HT5LX-J3BZ4A', true],
    ]);
    expect(got[2].report.last_price).toBe('26599.9');

    const frames = fixtureFrames('ws-v2-balances-update-sequence.jsonl').map((f) => f.text);
    const balances: KrakenWsEvents['balances'][] = [];
    const gap = nextEvent(c, 'sequence_gap');
    const third = new Promise<void>((resolve) => c.on('balances', (b) => balances.push(b) === 4 && resolve()));
    server.sendLatest(fixtureText('ws-v2-balances-snapshot.json')); // sequence 1
    server.sendLatest(frames[0]); // sequence 9: a gap
    server.sendLatest(frames[1]); // 10
    server.sendLatest(frames[1]); // 10 again
    await within(third, 'four balances frames');
    expect(balances.map((b) => [b.message.sequence, b.duplicate])).toEqual([
      [1, false],
      [9, false],
      [10, false],
      [10, true],
    ]);
    expect(await gap).toEqual({ channel: 'balances', expected: 2, received: 9 });
  });

  it('refuses a private subscription without a token source', () => {
    const c = makeClient({ getToken: undefined });
    expect(() => c.subscribe({ channel: 'balances' })).toThrow(/needs a getToken callback/);
    expect(() => c.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 11 as 10 })).toThrow(/depth: must be one of/);
  });
});

describe('KrakenWsClient: close', () => {
  it('close() stops everything: no reconnect, state closed', async () => {
    const c = makeClient();
    await connected(c);
    c.close();
    expect(c.state).toBe('closed');
    expect(scheduler.pending()).toBe(0);
    scheduler.advance(60_000);
    expect(server.connections).toBe(1);
    expect(states()).toEqual(['connecting', 'open', 'closed']);
  });

  it('gives up after maxReconnectAttempts', async () => {
    const c = makeClient({ maxReconnectAttempts: 2 });
    await connected(c);
    server.refuse = true;
    server.dropAll();
    for (let i = 1; i <= 2; i++) {
      const s = await nextEvent(c, 'state', (x) => x.state === 'reconnecting' && x.attempt === i);
      scheduler.advance(s.delayMs!);
    }
    const closed = await nextEvent(c, 'state', (x) => x.state === 'closed');
    expect(closed.reason).toMatch(/gave up after 2 reconnect attempts/);
  });
});
