/**
 * Every WS channel and trading method the client has, against the simulator: nothing may be
 * reported as a protocol error (schema violation, unknown message, unmatched response), and
 * each channel/method must actually deliver a parsed message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KrakenRestClient } from '../../../src/live/kraken/rest/client.ts';
import type { KrakenWsProtocolError } from '../../../src/live/kraken/ws/protocol-error.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { KEY, record, within, restClient, startSim, subscribed, T0, until, wsClients, type WsPair } from './harness.ts';

let sim: KrakenSimulator;
let rest: KrakenRestClient;
let ws: WsPair;
let problems: string[];

beforeEach(async () => {
  // Real heartbeats (every 20 ms wall time) so they go through the client's parser too.
  sim = await startSim({ heartbeatMs: 20 }, ['30005.0', '29995.0', '30001.0', '29980.0']);
  rest = restClient(sim);
  ws = wsClients(sim, rest);
  problems = [];
  for (const c of [ws.pub, ws.priv]) {
    c.on('protocol_error', (e: KrakenWsProtocolError) => problems.push(`protocol_error: ${e.message}`));
    c.on('client_error', (e) => problems.push(`client_error ${e.context}: ${String(e.error)}`));
    c.on('subscription', (s) => s.kind === 'failed' && problems.push(`subscription failed ${s.channel} ${s.symbol}: ${s.error}`));
  }
});
afterEach(async () => {
  ws.pub.close();
  ws.priv.close();
  await rest.close();
  await sim.close();
});

describe('WS channels parse with the client schemas', () => {
  it('public channels: ticker, book, trade, ohlc, instrument (snapshots and updates)', async () => {
    const seen = record(ws.pub, ['ticker', 'book', 'trade', 'ohlc', 'instrument']);
    ws.pub.subscribe({ channel: 'ticker', symbol: ['BTC/USD'] });
    ws.pub.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    ws.pub.subscribe({ channel: 'trade', symbol: ['BTC/USD'], snapshot: true });
    ws.pub.subscribe({ channel: 'ohlc', symbol: ['BTC/USD'], interval: 1 });
    ws.pub.subscribe({ channel: 'instrument' });
    ws.pub.connect();
    await subscribed(ws.pub);
    await until(() => seen.filter((s) => s.payload.type === 'snapshot').length >= 5, 'five snapshots');
    sim.advanceTo(T0 + 4000);
    const kinds = () => new Set(seen.filter((s) => s.payload.type === 'update').map((s) => s.event));
    await until(() => ['ticker', 'book', 'trade', 'ohlc'].every((k) => kinds().has(k as never)), 'updates on every market channel');
    expect(problems).toEqual([]);
    const heartbeats = record(ws.pub, ['frame']);
    await until(() => heartbeats.some((f) => f.payload.raw === '{"channel":"heartbeat"}'), 'a heartbeat');
    expect(problems).toEqual([]);
    const book = ws.pub.book('BTC/USD');
    expect(book?.ready).toBe(true);
  });

  it('private channels and every trading method', async () => {
    const execs = record(ws.priv, ['execution', 'balances']);
    ws.priv.subscribe({ channel: 'executions', snap_orders: true, snap_trades: true });
    ws.priv.subscribe({ channel: 'balances' });
    ws.priv.connect();
    await subscribed(ws.priv);
    await until(() => execs.some((e) => e.event === 'balances'), 'balances snapshot');

    const add = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '29000.0', cl_ord_id: 'ws-schema-1' });
    expect(add).toMatchObject({ status: 'accepted', result: { cl_ord_id: 'ws-schema-1' } });
    const amend = await ws.priv.amendOrder({ cl_ord_id: 'ws-schema-1', order_qty: '0.02', limit_price: '29100.0' });
    expect(amend.status).toBe('accepted');
    const cancel = await ws.priv.cancelOrder({ cl_ord_id: ['ws-schema-1'] });
    expect(cancel).toMatchObject({ status: 'accepted', result: { failed: [] } });
    const batch = await ws.priv.batchAdd({
      symbol: 'BTC/USD',
      orders: [
        { side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '28000.0', cl_ord_id: 'ws-schema-2' },
        { side: 'sell', order_type: 'limit', order_qty: '0.01', limit_price: '32000.0', cl_ord_id: 'ws-schema-3' },
      ],
    });
    expect(batch.status).toBe('accepted');
    const dms = await ws.priv.cancelAllOrdersAfter(60);
    expect(dms.status).toBe('accepted');
    const all = await ws.priv.cancelAll();
    expect(all).toMatchObject({ status: 'accepted', result: { count: 2 } });
    const market = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'market', order_qty: '0.01', cl_ord_id: 'ws-schema-4' });
    expect(market.status).toBe('accepted');
    await until(() => execs.some((e) => e.event === 'execution' && e.payload.report.exec_type === 'trade'), 'a trade execution');
    const types = new Set(execs.flatMap((e) => (e.event === 'execution' ? [e.payload.report.exec_type] : [])));
    for (const t of ['pending_new', 'new', 'amended', 'canceled', 'trade']) expect(types).toContain(t);
    expect(execs.filter((e) => e.event === 'balances' && e.payload.message.type === 'update').length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('method variants: amend by order_id, cancel by order_userref, batch_add validate, dead man switch off', async () => {
    ws.priv.subscribe({ channel: 'executions' });
    ws.priv.connect();
    await subscribed(ws.priv);
    const a = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '29000.0', order_userref: 42 });
    expect(a).toMatchObject({ status: 'accepted', result: { order_userref: 42 } });
    const orderId = a.status === 'accepted' ? a.result.order_id : '';
    expect(await ws.priv.amendOrder({ order_id: orderId, order_qty: '0.03' })).toMatchObject({ status: 'accepted', result: { order_id: orderId } });
    expect(await ws.priv.cancelOrder({ order_userref: [42] })).toMatchObject({ status: 'accepted' });
    const v = await within(ws.priv.batchAdd({
      symbol: 'BTC/USD',
      validate: true,
      orders: [
        { side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '28000.0' },
        { side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '28001.0' },
      ],
    }), 'validate-only batch_add outcome');
    // Validate-only: entries without order_id (README 5: validating places nothing).
    expect(v).toMatchObject({ status: 'accepted', result: [{}, {}] });
    expect(sim.account(KEY).openOrders).toHaveLength(0);
    // The same for a single validate-only add_order: accepted, no order_id, nothing placed.
    const checked = await within(ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '28000.0', validate: true }), 'validate-only add_order outcome');
    expect(checked.status).toBe('accepted');
    expect(checked.status === 'accepted' && checked.result.order_id).toBeUndefined();
    expect(sim.account(KEY).openOrders).toHaveLength(0);
    // Funding failures reject single orders; the rest of the batch is placed (README 10.6).
    const mixed = await within(
      ws.priv.batchAdd({
        symbol: 'BTC/USD',
        orders: [
          { side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '28000.0', cl_ord_id: 'batch-ok' },
          { side: 'buy', order_type: 'limit', order_qty: '100', limit_price: '28000.0', cl_ord_id: 'batch-unfunded' },
        ],
      }),
      'batch_add outcome',
    );
    expect(mixed).toMatchObject({ status: 'accepted', result: [{ cl_ord_id: 'batch-ok' }, { cl_ord_id: 'batch-unfunded', error: 'EOrder:Insufficient funds' }] });
    expect(mixed.status === 'accepted' && mixed.result[0].order_id).toBe(sim.account(KEY).openOrders[0].id);
    expect(mixed.status === 'accepted' && mixed.result[1].order_id).toBeUndefined();
    await ws.priv.cancelAll();
    expect(await ws.priv.cancelAllOrdersAfter(0)).toMatchObject({ status: 'accepted' });
    expect(problems).toEqual([]);
  });

  it('a rejected order is parsed as rejected with the engine error', async () => {
    ws.priv.subscribe({ channel: 'executions' });
    ws.priv.connect();
    await subscribed(ws.priv);
    const r = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '100', limit_price: '29000.0', cl_ord_id: 'too-big' });
    expect(r).toMatchObject({ status: 'rejected', error: 'EOrder:Insufficient funds' });
    expect(problems).toEqual([]);
  });

  it('order variety: stop-loss with triggers, IOC remainder expired, post-only canceled, snapshot with trades', async () => {
    const execs = record(ws.priv, ['execution']);
    ws.priv.subscribe({ channel: 'executions', snap_orders: true, snap_trades: true });
    ws.priv.connect();
    await subscribed(ws.priv);
    const stop = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'sell', order_type: 'stop-loss', order_qty: '0.01', triggers: { price: '29985.0' }, cl_ord_id: 'stop-1' });
    expect(stop.status).toBe('accepted');
    const ioc = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '500', limit_price: '30000.5', time_in_force: 'ioc', cl_ord_id: 'ioc-1' });
    expect(ioc.status).toBe('rejected'); // 500 BTC cannot be funded: rejected up front
    const ioc2 = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '1', limit_price: '30003.0', time_in_force: 'ioc', cl_ord_id: 'ioc-2' });
    expect(ioc2.status).toBe('accepted');
    const post = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '30100.0', post_only: true, cl_ord_id: 'post-1' });
    expect(post.status).toBe('accepted');
    sim.advanceTo(T0 + 4000); // 29980 prints: the stop triggers and sells
    await until(() => execs.some((e) => e.payload.report.cl_ord_id === 'stop-1' && e.payload.report.exec_type === 'filled'), 'stop filled');
    const byId = (id: string) => execs.map((e) => e.payload.report).filter((r) => r.cl_ord_id === id || (r.order_id === execs.find((x) => x.payload.report.cl_ord_id === id)?.payload.report.order_id));
    expect(byId('post-1').map((r) => r.exec_type)).toContain('canceled');
    expect(byId('ioc-2').map((r) => r.exec_type)).toContain('trade');

    // A second connection's snapshot carries the fills as trade reports.
    const again = wsClients(sim, rest);
    const snap = record(again.priv, ['execution', 'protocol_error']);
    again.priv.subscribe({ channel: 'executions', snap_orders: true, snap_trades: true });
    again.priv.connect();
    await subscribed(again.priv);
    await until(() => snap.length > 0, 'snapshot');
    again.priv.close();
    expect(snap.filter((e) => e.event === 'protocol_error')).toEqual([]);
    const snapTrades = snap.flatMap((e) => (e.event === 'execution' && e.payload.report.exec_type === 'trade' ? [e.payload.report.exec_id] : []));
    expect(snapTrades.sort()).toEqual(sim.account(KEY).trades.map((t) => t.id).sort());
    expect(problems).toEqual([]);
  });

  it('public variants: ticker bbo, book depth 25, ohlc 5', async () => {
    const seen = record(ws.pub, ['ticker', 'book', 'ohlc', 'book_resync']);
    ws.pub.subscribe({ channel: 'ticker', symbol: ['BTC/USD'], event_trigger: 'bbo' });
    ws.pub.subscribe({ channel: 'book', symbol: ['BTC/USD'], depth: 25 });
    ws.pub.subscribe({ channel: 'ohlc', symbol: ['BTC/USD'], interval: 5 });
    ws.pub.connect();
    await subscribed(ws.pub);
    sim.advanceTo(T0 + 4000);
    await until(() => seen.filter((e) => e.event === 'book' && e.payload.type === 'update').length >= 3, 'book updates');
    expect(ws.pub.book('BTC/USD')?.bids()).toHaveLength(25);
    expect(seen.filter((e) => e.event === 'book_resync')).toEqual([]);
    expect(problems).toEqual([]);
  });
});
