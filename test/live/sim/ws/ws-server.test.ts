import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookChecksum, type LevelText } from '../../../../src/live/sim/book/book-checksum.ts';
import type { KrakenSimulator } from '../../../../src/live/sim/simulator.ts';
import { fixture, fixtureLines, KEY, request, RestCaller, shapeMismatches, startSim, sync, WsProbe } from '../helpers.ts';

let sim: KrakenSimulator;
let probes: WsProbe[] = [];

beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  for (const p of probes) p.close();
  probes = [];
  await sim.close();
});

async function connect(kind: 'public' | 'private' = 'public'): Promise<WsProbe> {
  const p = await WsProbe.open(kind === 'public' ? sim.wsPublicUrl : sim.wsPrivateUrl);
  probes.push(p);
  await p.next((m) => m.channel === 'status');
  return p;
}

async function token(): Promise<string> {
  const res = await new RestCaller(sim.restUrl).priv('GetWebSocketsToken');
  return res.body.result.token;
}

/** Client-side book kept from the raw frame text (exact digits), like a real client must. */
class ClientBook {
  bids = new Map<string, string>();
  asks = new Map<string, string>();

  apply(rawFrame: string, depth: number): { expected: number; got: number } {
    const side = (name: string) => {
      const m = new RegExp(`"${name}":\\[([^\\]]*)\\]`).exec(rawFrame);
      return [...(m?.[1] ?? '').matchAll(/"price":([0-9.]+),"qty":([0-9.]+)/g)].map((x) => ({ price: x[1], qty: x[2] }));
    };
    if (rawFrame.includes('"type":"snapshot"')) {
      this.bids.clear();
      this.asks.clear();
    }
    for (const [levels, book] of [[side('bids'), this.bids], [side('asks'), this.asks]] as const) {
      for (const l of levels) {
        if (Number(l.qty) === 0) book.delete(l.price);
        else book.set(l.price, l.qty);
      }
    }
    const top = (m: Map<string, string>, desc: boolean): LevelText[] =>
      [...m].map(([price, qty]) => ({ price, qty })).sort((a, b) => (desc ? Number(b.price) - Number(a.price) : Number(a.price) - Number(b.price))).slice(0, depth);
    const b = top(this.bids, true);
    const a = top(this.asks, false);
    this.bids = new Map(b.map((l) => [l.price, l.qty]));
    this.asks = new Map(a.map((l) => [l.price, l.qty]));
    return { expected: Number(/"checksum":(\d+)/.exec(rawFrame)?.[1]), got: bookChecksum(a, b) };
  }
}

describe('WS connection lifecycle', () => {
  it('sends status on connect (connection_id written as a full 64-bit integer)', async () => {
    const p = await WsProbe.open(sim.wsPublicUrl);
    probes.push(p);
    const status = await p.next();
    expect(shapeMismatches(fixture('ws-v2-status.json'), status)).toEqual([]);
    expect(status.data[0].system).toBe('online');
    expect(p.raw[0]).toMatch(/"connection_id":\d+,/);
  });

  it('answers ping with pong (no success field) and rejects ping params', async () => {
    const p = await connect();
    const pong = await request(p, 'ping', undefined, 1);
    expect(Object.keys(pong).sort()).toEqual(Object.keys(fixture('ws-v2-pong.json')).sort());
    p.send({ method: 'ping', params: {}, req_id: 2 });
    const err = await p.next((m) => m.req_id === 2);
    expect(err).toMatchObject({ error: "Unsupported field: 'params' for the given msg type: ping", method: 'ping', success: false });
    expect(shapeMismatches(fixtureLines('ws-v2-errors.jsonl')[0], err)).toEqual([]);
  });

  it('sends heartbeats only once subscribed', async () => {
    await sim.close();
    sim = await startSim({ heartbeatMs: 10 });
    const p = await connect();
    await request(p, 'ping', undefined, 1);
    await request(p, 'subscribe', { channel: 'trade', symbol: ['BTC/USD'] }, 2);
    const hb = await p.next((m) => m.channel === 'heartbeat');
    expect(hb).toEqual(fixture('ws-v2-heartbeat.json'));
    const firstHeartbeat = p.frames.findIndex((m) => m.channel === 'heartbeat');
    const ack = p.frames.findIndex((m) => m.method === 'subscribe');
    expect(firstHeartbeat).toBeGreaterThan(ack);
  });
});

describe('WS public channels', () => {
  it('book: one ack per symbol, per-symbol errors, snapshot and updates whose checksums validate', async () => {
    const p = await connect();
    p.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD', 'ETH/USD', 'XBT/USD'], depth: 10 }, req_id: 11 });
    const acks = [await p.next((m) => m.req_id === 11), await p.next((m) => m.req_id === 11), await p.next((m) => m.req_id === 11)];
    expect(acks.filter((a) => a.success).map((a) => a.result.symbol)).toEqual(['BTC/USD', 'ETH/USD']);
    expect(shapeMismatches(fixture('ws-v2-subscribe-book-ack.json'), acks[0])).toEqual([]);
    expect(acks[2]).toMatchObject({ success: false, error: 'Currency pair not supported XBT/USD', symbol: 'XBT/USD' });
    const snap = await p.next((m) => m.channel === 'book' && m.type === 'snapshot' && m.data[0].symbol === 'BTC/USD');
    expect(shapeMismatches(fixture('ws-v2-book-snapshot.json'), snap)).toEqual([]);
    expect(snap.data[0].bids).toHaveLength(10);
    // Replay the whole market and check every frame's checksum from the raw text.
    while (sim.step());
    await sync(p);
    const book = new ClientBook();
    const frames = p.raw.filter((r) => r.startsWith('{"channel":"book"') && r.includes('"BTC/USD"'));
    expect(frames.length).toBeGreaterThan(3);
    for (const f of frames) {
      const r = book.apply(f, 10);
      expect(r.got).toBe(r.expected);
    }
    expect(frames[0]).toMatch(/"qty":\d+\.\d{8}[,}]/); // quantities with the pair's 8 decimals
    const update = p.frames.find((m) => m.channel === 'book' && m.type === 'update');
    expect(shapeMismatches(fixture('ws-v2-book-update.json'), update)).toEqual([]);
  });

  it('book: depth 25 keeps a correct checksum over the top 10; bad depth is refused', async () => {
    const p = await connect();
    await request(p, 'subscribe', { channel: 'book', symbol: ['BTC/USD'], depth: 25 }, 1);
    while (sim.step());
    await sync(p);
    const book = new ClientBook();
    for (const f of p.raw.filter((r) => r.startsWith('{"channel":"book"'))) {
      const r = book.apply(f, 25);
      expect(r.got).toBe(r.expected);
    }
    expect(await request(p, 'subscribe', { channel: 'book', symbol: ['BTC/USD'], depth: 7 }, 2)).toMatchObject({ success: false, error: 'Subscription depth not supported' });
  });

  it.each([
    ['ticker', { channel: 'ticker', symbol: ['BTC/USD'] }, 'ws-v2-ticker-snapshot.json', 'snapshot'],
    ['trade', { channel: 'trade', symbol: ['BTC/USD'], snapshot: true }, 'ws-v2-trade-snapshot.json', 'snapshot'],
    ['trade update', { channel: 'trade', symbol: ['BTC/USD'] }, 'ws-v2-trade.json', 'update'],
    ['ohlc', { channel: 'ohlc', symbol: ['BTC/USD'], interval: 1 }, 'ws-v2-ohlc-snapshot.json', 'snapshot'],
    ['ohlc update', { channel: 'ohlc', symbol: ['BTC/USD'], interval: 5 }, 'ws-v2-ohlc.json', 'update'],
    ['instrument', { channel: 'instrument' }, 'ws-v2-instrument-snapshot.json', 'snapshot'],
  ])('%s matches the fixture shape', async (_name, params, file, type) => {
    const p = await connect();
    const ack = await request(p, 'subscribe', params, 5);
    expect(ack.success).toBe(true);
    if (params.channel === 'ohlc') expect(shapeMismatches(fixture('ws-v2-ohlc-subscribe-ack.json'), ack)).toEqual([]);
    if (params.channel === 'instrument') expect(shapeMismatches(fixture('ws-v2-instrument-subscribe-ack.json'), ack)).toEqual([]);
    if (type === 'update') sim.step();
    const msg = await p.next((m) => m.channel === params.channel && m.type === type);
    const fx = fixture(file);
    // Margin fields exist only for marginable pairs; the simulator has no margin trading.
    if (params.channel === 'instrument') for (const k of ['margin_initial', 'position_limit_long', 'position_limit_short']) delete fx.data.pairs[0][k];
    expect(shapeMismatches(fx, msg)).toEqual([]);
  });

  it('refuses private channels and trading on the public endpoint, public channels on the private one', async () => {
    const pub = await connect('public');
    expect(await request(pub, 'subscribe', { channel: 'executions', token: 'x' }, 1)).toMatchObject({ success: false, error: /ws-auth\.kraken\.com/ });
    expect(await request(pub, 'add_order', { token: 'x' }, 2)).toMatchObject({ success: false, error: /ws-auth\.kraken\.com/ });
    const priv = await connect('private');
    expect(await request(priv, 'subscribe', { channel: 'book', symbol: ['BTC/USD'] }, 3)).toMatchObject({ success: false, error: /ws\.kraken\.com/ });
    expect(await request(priv, 'subscribe', { channel: 'nope' }, 4)).toMatchObject({ success: false, error: 'Unsupported event' });
  });
});

describe('WS private channels and trading', () => {
  it('rejects missing and unknown tokens', async () => {
    const p = await connect('private');
    expect(await request(p, 'subscribe', { channel: 'executions' }, 1)).toMatchObject({ success: false, error: 'Token(s) not found' });
    expect(await request(p, 'add_order', { token: 'bogus' }, 2)).toMatchObject({ success: false, error: 'Token(s) not found' });
  });

  it('a token unused for longer than 900 s of simulator time is refused', async () => {
    const t = await token();
    sim.advanceBy(901_000);
    const p = await connect('private');
    expect(await request(p, 'subscribe', { channel: 'balances', token: t }, 1)).toMatchObject({ success: false, error: 'ESession:Invalid session' });
  });

  it('executions + balances follow an order from pending_new to filled, with sequences and ledger legs', async () => {
    const t = await token();
    const p = await connect('private');
    const ack = await request(p, 'subscribe', { channel: 'executions', token: t, snap_orders: true, snap_trades: true }, 7);
    expect(shapeMismatches(fixture('ws-v2-executions-subscribe-ack.json'), ack)).toEqual([]);
    const execSnap = await p.next((m) => m.channel === 'executions' && m.type === 'snapshot');
    expect(execSnap.sequence).toBe(1);
    await request(p, 'subscribe', { channel: 'balances', token: t }, 8);
    const balSnap = await p.next((m) => m.channel === 'balances' && m.type === 'snapshot');
    expect(shapeMismatches(fixture('ws-v2-balances-snapshot.json'), balSnap)).toEqual([]);
    expect(balSnap.data.map((b: any) => b.asset).sort()).toEqual(['BTC', 'USD']);

    const res = await request(p, 'add_order', { order_type: 'limit', side: 'buy', limit_price: 29995.0, order_qty: 0.5, symbol: 'BTC/USD', order_userref: 100054, token: t }, 9);
    expect(shapeMismatches(fixture('ws-v2-add_order-response.json'), res)).toEqual([]);
    expect(res.result.order_userref).toBe(100054);
    const pending = await p.next((m) => m.channel === 'executions' && m.data?.[0]?.exec_type === 'pending_new');
    expect(shapeMismatches(fixture('ws-v2-executions-pending_new.json'), pending)).toEqual([]);
    const fresh = await p.next((m) => m.channel === 'executions' && m.data?.[0]?.exec_type === 'new');
    expect(shapeMismatches(fixture('ws-v2-executions-new.json'), fresh)).toEqual([]);
    expect(fresh.sequence).toBe(pending.sequence + 1);

    sim.advanceBy(2000); // 29990 prints through the order
    const trade = await p.next((m) => m.channel === 'executions' && m.data?.[0]?.exec_type === 'trade');
    expect(shapeMismatches(fixture('ws-v2-executions-trade.json'), trade)).toEqual([]);
    // Strict mode: the completing fill reports partially_filled (docs example); `filled` follows.
    expect(trade.data[0]).toMatchObject({ order_status: 'partially_filled', liquidity_ind: 'm', last_qty: 0.5, last_price: 29995, fees: [{ asset: 'USD', qty: 23.996 }] });
    const filled = await p.next((m) => m.channel === 'executions' && m.data?.[0]?.exec_type === 'filled');
    expect(shapeMismatches(fixture('ws-v2-executions-filled.SYNTHETIC.json'), filled)).toEqual([]);
    const legs = [await p.next((m) => m.channel === 'balances' && m.type === 'update'), await p.next((m) => m.channel === 'balances' && m.type === 'update')];
    const [seqA, seqB] = fixtureLines('ws-v2-balances-update-sequence.jsonl');
    expect(shapeMismatches(seqA, legs[0])).toEqual([]);
    expect(shapeMismatches(seqB, legs[1])).toEqual([]);
    expect(legs.map((l) => [l.data[0].asset, l.data[0].amount, l.data[0].fee, l.data[0].balance])).toEqual([
      ['BTC', 0.5, 0, 2.5],
      ['USD', -14997.5, 23.996, 84978.504],
    ]);
    expect(legs[0].data[0].ref_id).toBe(trade.data[0].exec_id);
    expect(legs[1].sequence).toBe(legs[0].sequence + 1);
  });

  it('cancel_order answers once per cancelled order; cancel_all, amend_order, batch_add, cancel_all_orders_after', async () => {
    const t = await token();
    const p = await connect('private');
    await request(p, 'subscribe', { channel: 'executions', token: t }, 1);
    const a = await request(p, 'add_order', { order_type: 'limit', side: 'buy', limit_price: 20000.0, order_qty: 0.01, symbol: 'BTC/USD', cl_ord_id: 'client-zero', token: t }, 2);
    expect(shapeMismatches(fixture('ws-v2-add_order-response-cl_ord_id.json'), a)).toEqual([]);
    const b = await request(p, 'add_order', { order_type: 'limit', side: 'buy', limit_price: 20001.0, order_qty: 0.01, symbol: 'BTC/USD', token: t }, 3);

    const amend = await request(p, 'amend_order', { cl_ord_id: 'client-zero', limit_price: 20002.0, order_qty: 0.02, token: t }, 4);
    expect(shapeMismatches(fixture('ws-v2-amend_order-response.json'), amend)).toEqual([]);
    const amended = await p.next((m) => m.channel === 'executions' && m.data?.[0]?.exec_type === 'amended');
    expect(shapeMismatches(fixture('ws-v2-executions-amended.json'), amended)).toEqual([]);
    expect(amended.data[0]).toMatchObject({ order_qty: 0.02, limit_price: 20002 });
    expect(sim.account(KEY).openOrders.find((o) => o.req.clOrdId === 'client-zero')?.id).toBe(a.result.order_id);

    p.send({ method: 'cancel_order', params: { order_id: [a.result.order_id, b.result.order_id], token: t }, req_id: 5 });
    const replies = [await p.next((m) => m.req_id === 5), await p.next((m) => m.req_id === 5)];
    expect(replies.map((r) => r.result.order_id).sort()).toEqual([a.result.order_id, b.result.order_id].sort());
    const [fx] = fixtureLines('ws-v2-cancel_order-responses.jsonl');
    expect(shapeMismatches(fx, replies[0])).toEqual([]);
    const canceled = await p.next((m) => m.channel === 'executions' && m.data?.[0]?.exec_type === 'canceled');
    expect(shapeMismatches(fixture('ws-v2-executions-canceled.json'), canceled)).toEqual([]);

    const batch = await request(p, 'batch_add', {
      symbol: 'BTC/USD',
      orders: [
        { limit_price: 1010.1, order_qty: 0.01, order_type: 'limit', order_userref: 1, side: 'buy' },
        { limit_price: 90000.0, order_qty: 0.01, order_type: 'limit', order_userref: 2, side: 'sell' },
      ],
      token: t,
    }, 6);
    expect(shapeMismatches(fixture('ws-v2-batch_add-response.json'), batch)).toEqual([]);
    expect(batch.result.map((r: any) => r.order_userref)).toEqual([1, 2]);
    const bad = await request(p, 'batch_add', { symbol: 'BTC/USD', orders: [{ order_type: 'limit', side: 'buy', order_qty: 0.01, limit_price: 'x' }, { order_type: 'market', side: 'buy', order_qty: 0.01 }], token: t }, 7);
    expect(bad).toMatchObject({ success: false, error: 'Limit_price field must be a number_float' });
    expect(sim.account(KEY).openOrders).toHaveLength(2); // the invalid batch placed nothing

    const after = await request(p, 'cancel_all_orders_after', { timeout: 100, token: t }, 8);
    expect(shapeMismatches(fixture('ws-v2-cancel_all_orders_after-response.json'), after)).toEqual([]);
    const all = await request(p, 'cancel_all', { token: t }, 9);
    expect(shapeMismatches(fixture('ws-v2-cancel_all-response.json'), all)).toEqual([]);
    expect(all.result.count).toBe(2);
    expect(await request(p, 'cancel_order', { order_id: ['OXXXXX-XXXXX-XXXXXX'], token: t }, 10)).toMatchObject({ success: false, error: 'EOrder:Unknown order' });
  });

  it('executions snapshot lists open orders and (snap_trades) past fills', async () => {
    const api = new RestCaller(sim.restUrl);
    await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '29995.0', volume: '0.5' });
    sim.advanceBy(2000);
    await api.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.1' });
    const t = await token();
    const p = await connect('private');
    await request(p, 'subscribe', { channel: 'executions', token: t, snap_trades: true }, 1);
    const snap = await p.next((m) => m.channel === 'executions' && m.type === 'snapshot');
    expect(snap.data.map((d: any) => d.exec_type).sort()).toEqual(['new', 'trade']);
    const trade = snap.data.find((d: any) => d.exec_type === 'trade');
    const fx = fixture('ws-v2-executions-snapshot-trades.json').data[0];
    delete fx.sender_sub_id; // only present when the order carried one
    expect(shapeMismatches(fx, trade)).toEqual([]);
  });
});

describe('WS faults', () => {
  it('dropConnections closes every socket', async () => {
    const a = await connect('public');
    const b = await connect('private');
    sim.faults.dropConnections();
    await a.next(() => a.closed).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20));
    expect(a.closed && b.closed).toBe(true);
  });

  it('silence() sends nothing (not even responses) until resume()', async () => {
    const p = await connect();
    sim.faults.silence();
    p.send({ method: 'ping', req_id: 1 });
    p.send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'] }, req_id: 2 });
    // Wait until the server has processed both requests while silenced (observable: the subscription exists).
    for (let i = 0; i < 500 && sim.ws.subscriptionCount() === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(sim.ws.subscriptionCount()).toBe(1);
    sim.step();
    sim.faults.resume();
    await sync(p);
    expect(p.frames.filter((m) => m.channel !== 'status' && m.method !== 'pong' && m.req_id !== 2).length).toBe(0);
    expect(p.frames.some((m) => m.req_id === 1)).toBe(false);
  });

  it('duplicateNext(1) sends the next data frame twice', async () => {
    const p = await connect();
    await request(p, 'subscribe', { channel: 'trade', symbol: ['BTC/USD'] }, 1);
    sim.faults.duplicateNext(1);
    sim.step();
    sim.step();
    await sync(p);
    const ids = p.all((m) => m.channel === 'trade').map((m) => m.data[0].trade_id);
    expect(ids).toEqual([ids[0], ids[0], ids[0] + 1]);
  });

  it('reorderNext(2) swaps the next two data frames', async () => {
    const p = await connect();
    await request(p, 'subscribe', { channel: 'trade', symbol: ['BTC/USD'] }, 1);
    sim.faults.reorderNext(2);
    sim.step();
    sim.step();
    sim.step();
    await sync(p);
    const ids = p.all((m) => m.channel === 'trade').map((m) => m.data[0].trade_id);
    expect(ids).toEqual([ids[1] + 1, ids[1], ids[1] + 2]);
  });

  it('corruptNextBookUpdate makes exactly one update fail the checksum; a resubscribe heals', async () => {
    const p = await connect();
    await request(p, 'subscribe', { channel: 'book', symbol: ['BTC/USD'] }, 1);
    sim.faults.corruptNextBookUpdate();
    while (sim.step());
    await sync(p);
    const book = new ClientBook();
    const results = p.raw.filter((r) => r.startsWith('{"channel":"book"')).map((f) => book.apply(f, 10));
    expect(results.filter((r) => r.got !== r.expected)).toHaveLength(1);
    expect(results[1].got).not.toBe(results[1].expected); // the first update is the corrupted one
  });

  it('swallowNextOrderResponse: the order executes and streams, but add_order gets no response (hang) or the socket closes', async () => {
    const t = await token();
    const p = await connect('private');
    await request(p, 'subscribe', { channel: 'executions', token: t, snap_orders: false }, 1);
    sim.faults.swallowNextOrderResponse();
    p.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', limit_price: 20000.0, order_qty: 0.01, symbol: 'BTC/USD', token: t }, req_id: 2 });
    await p.next((m) => m.channel === 'executions' && m.data?.[0]?.exec_type === 'new');
    await sync(p);
    expect(p.frames.some((m) => m.req_id === 2)).toBe(false);
    expect(sim.account(KEY).openOrders).toHaveLength(1);

    sim.faults.swallowNextOrderResponse({ mode: 'close' });
    p.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', limit_price: 20000.0, order_qty: 0.01, symbol: 'BTC/USD', token: t }, req_id: 3 });
    await p.next(() => p.closed).catch(() => undefined);
    for (let i = 0; i < 100 && !p.closed; i++) await new Promise((r) => setTimeout(r, 10));
    expect(p.closed).toBe(true);
    expect(sim.account(KEY).openOrders).toHaveLength(2);
  });
});
