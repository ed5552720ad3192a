/**
 * An order whose response never arrives although it executed (REST AddOrder and WS add_order,
 * both swallow modes): the client reports outcome unknown with the cl_ord_id, reconciliation
 * finds the order, and exactly one order exists on the exchange.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KrakenOutcomeUnknown } from '../../../src/live/kraken/rest/errors.ts';
import type { KrakenRestClient } from '../../../src/live/kraken/rest/client.ts';
import { resolveUnknownOrder } from '../../../src/live/kraken/rest/resolve-unknown-order.ts';
import type { SwallowMode } from '../../../src/live/sim/faults.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { KEY, nextEvent, record, restClient, startSim, subscribed, until, wsClients, type WsPair } from './harness.ts';

let sim: KrakenSimulator;
let rest: KrakenRestClient;
let ws: WsPair;

beforeEach(async () => {
  sim = await startSim();
  rest = restClient(sim, { timeoutMs: 300 });
  ws = wsClients(sim, rest);
});
afterEach(async () => {
  ws.priv.close();
  ws.pub.close();
  await rest.close();
  await sim.close();
});

function ordersWith(clOrdId: string) {
  const a = sim.account(KEY);
  return [...a.openOrders, ...a.closedOrders].filter((o) => o.req.clOrdId === clOrdId);
}

describe('REST AddOrder whose response is lost', () => {
  it.each([
    ['hang', 'limit', 'open'],
    ['close', 'market', 'closed'],
  ] as const)('swallow mode %s (%s order): outcome unknown, resolveUnknownOrder finds it in %s orders, one order only', async (mode, ordertype, list) => {
    sim.faults.swallowNextOrderResponse({ mode: mode as SwallowMode });
    const clOrdId = `lost-rest-${mode}`;
    const order = { pair: 'XBTUSD', type: 'buy', ordertype, volume: '0.01', cl_ord_id: clOrdId, oflags: ['fciq'], ...(ordertype === 'limit' ? { price: '29000.0' } : {}) } as const;
    const err = await rest.addOrder(order).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KrakenOutcomeUnknown);
    expect(err).toMatchObject({ method: 'AddOrder', clOrdId });
    const resolved = await resolveUnknownOrder(rest, clOrdId);
    expect(resolved).toMatchObject({ status: 'found', list });
    const onExchange = ordersWith(clOrdId);
    expect(onExchange).toHaveLength(1);
    expect(resolved.status === 'found' && resolved.txid).toBe(onExchange[0].id);
    expect(sim.account(KEY).openOrders.length + sim.account(KEY).closedOrders.length).toBe(1);
  });
});

describe('WS add_order whose response is lost', () => {
  beforeEach(async () => {
    ws.priv.subscribe({ channel: 'executions', snap_orders: true, snap_trades: true });
    ws.priv.connect();
    await subscribed(ws.priv);
  });

  it('hang: unknown after the request timeout; the executions stream and OpenOrders show the one order', async () => {
    const execs = record(ws.priv, ['execution']);
    sim.faults.swallowNextOrderResponse({ mode: 'hang' });
    const outcome = ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '29000.0', cl_ord_id: 'lost-ws-hang' });
    await until(() => ordersWith('lost-ws-hang').length === 1, 'the order to reach the exchange');
    await until(() => execs.some((e) => e.payload.report.exec_type === 'new'), 'its new execution');
    ws.scheduler.advance(2000); // requestTimeoutMs
    await expect(outcome).resolves.toMatchObject({ status: 'unknown', reason: 'timeout', clOrdIds: ['lost-ws-hang'] });

    const fromStream = execs.map((e) => e.payload.report).filter((r) => r.cl_ord_id === 'lost-ws-hang');
    const orderId = ordersWith('lost-ws-hang')[0].id;
    expect(new Set(fromStream.map((r) => r.order_id))).toEqual(new Set([orderId]));
    const open = await rest.openOrders({ cl_ord_id: 'lost-ws-hang' });
    expect(Object.keys(open.open)).toEqual([orderId]);
    expect(sim.account(KEY).openOrders).toHaveLength(1);
  });

  it('close: unknown on disconnect; after the reconnect the executions snapshot holds the order, ClosedOrders the fill', async () => {
    const unknown = nextEvent(ws.priv, 'order_outcome_unknown');
    sim.faults.swallowNextOrderResponse({ mode: 'close' });
    const limit = ws.priv.addOrder({ symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: '0.01', limit_price: '29000.0', cl_ord_id: 'lost-ws-close' });
    await expect(limit).resolves.toMatchObject({ status: 'unknown', reason: 'disconnected', clOrdIds: ['lost-ws-close'] });
    expect(await unknown).toMatchObject({ method: 'add_order', clOrdIds: ['lost-ws-close'] });

    // Reconnect (backoff on the manual scheduler) and read the snapshot the fresh subscription sends.
    const snapshot = nextEvent(ws.priv, 'execution', (e) => e.type === 'snapshot');
    await until(() => ws.priv.state === 'reconnecting', 'reconnecting');
    ws.scheduler.advance(1000);
    const snap = await snapshot;
    expect(snap.report).toMatchObject({ cl_ord_id: 'lost-ws-close', order_id: ordersWith('lost-ws-close')[0].id });
    await subscribed(ws.priv);

    // A market order lost the same way: it filled; ClosedOrders by cl_ord_id finds exactly it.
    sim.faults.swallowNextOrderResponse({ mode: 'close' });
    const market = await ws.priv.addOrder({ symbol: 'BTC/USD', side: 'sell', order_type: 'market', order_qty: '0.01', cl_ord_id: 'lost-ws-mkt' });
    expect(market).toMatchObject({ status: 'unknown', clOrdIds: ['lost-ws-mkt'] });
    const closed = await rest.closedOrders({ cl_ord_id: 'lost-ws-mkt' });
    const found = Object.entries(closed.closed).filter(([, o]) => o.cl_ord_id === 'lost-ws-mkt');
    expect(found).toHaveLength(1);
    expect(found[0][1]).toMatchObject({ status: 'closed', vol_exec: '0.01000000' });
    expect(sim.account(KEY).openOrders.length + sim.account(KEY).closedOrders.length).toBe(2);
  });
});
