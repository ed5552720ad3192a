/**
 * Every REST endpoint the client has, called against the simulator: each answer must pass the
 * client's zod schemas (a shape mismatch between client and simulator fails here first).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KrakenRestClient } from '../../../src/live/kraken/rest/client.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { restClient, startSim } from './harness.ts';

let sim: KrakenSimulator;
let rest: KrakenRestClient;

beforeEach(async () => {
  sim = await startSim({}, ['30005.0', '29995.0', '30001.0']);
  rest = restClient(sim);
});
afterEach(async () => {
  await rest.close();
  await sim.close();
});

describe('public REST endpoints parse with the client schemas', () => {
  const calls: [string, (c: KrakenRestClient) => Promise<unknown>, (r: any) => void][] = [
    ['Time', (c) => c.time(), (r) => expect(r.unixtime).toBe(Math.floor(T0s()))],
    ['SystemStatus', (c) => c.systemStatus(), (r) => expect(r.status).toBe('online')],
    ['Assets', (c) => c.assets(), (r) => expect(r.XXBT.altname).toBe('XBT')],
    ['Assets(asset=XBT)', (c) => c.assets({ asset: ['XBT'] }), (r) => expect(Object.keys(r)).toEqual(['XXBT'])],
    ['AssetPairs', (c) => c.assetPairs(), (r) => expect(r.XXBTZUSD.altname).toBe('XBTUSD')],
    ['AssetPairs(pair=XBTUSD)', (c) => c.assetPairs({ pair: ['XBTUSD'] }), (r) => expect(Object.keys(r)).toEqual(['XXBTZUSD'])],
    ['Ticker', (c) => c.ticker({ pair: ['XBTUSD'] }), (r) => expect(r.XXBTZUSD.c[0]).toBe('30000.0')],
    ['Ticker (all pairs)', (c) => c.ticker(), (r) => expect(Object.keys(r)).toContain('XXBTZUSD')],
    ['OHLC', (c) => c.ohlc({ pair: 'XBTUSD', interval: 1 }), (r) => expect(r.candles.length).toBeGreaterThan(0)],
    ['Depth', (c) => c.depth({ pair: 'XBTUSD', count: 5 }), (r) => expect(r.XXBTZUSD.asks).toHaveLength(5)],
    ['Trades', (c) => c.trades({ pair: 'XBTUSD' }), (r) => expect(r.trades.length).toBe(4)],
  ];
  it.each(calls)('%s', async (_name, call, check) => {
    check(await call(rest));
  });
});

function T0s(): number {
  return sim.now() / 1000;
}

describe('private REST endpoints parse with the client schemas', () => {
  it('queries, trading and token calls all parse', async () => {
    const placed = await rest.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '29000.0', cl_ord_id: 'rest-schema-1', oflags: ['fciq'] });
    expect(placed.txid).toHaveLength(1);
    const validated = await rest.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '29000.0', validate: true });
    expect(validated.txid).toEqual([]);
    await rest.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01', cl_ord_id: 'rest-schema-2', oflags: ['fciq'] });

    expect((await rest.balance()).XXBT).toBeDefined();
    expect((await rest.balanceEx()).ZUSD.hold_trade).not.toBe('0');
    expect((await rest.tradeBalance()).eb).toBeDefined();
    const open = await rest.openOrders({ trades: true });
    expect(open.open[placed.txid[0]].cl_ord_id).toBe('rest-schema-1');
    const closed = await rest.closedOrders();
    expect(Object.values(closed.closed).map((o) => o.cl_ord_id)).toContain('rest-schema-2');
    const q = await rest.queryOrders({ txid: placed.txid, trades: true });
    expect(q[placed.txid[0]].status).toBe('open');
    const th = await rest.tradesHistory();
    expect(Object.keys(th.trades).length).toBeGreaterThan(0);
    const led = await rest.ledgers();
    expect(Object.values(led.ledger).some((e) => e.type === 'trade')).toBe(true);
    const token = await rest.getWebSocketsToken();
    expect(token.expires).toBe(900);
    const dms = await rest.cancelAllOrdersAfter(60);
    expect(dms.triggerTime).toMatch(/Z$/);
    await rest.cancelAllOrdersAfter(0);
    expect((await rest.cancelOrder({ cl_ord_id: 'rest-schema-1' })).count).toBe(1);
    const byTxid = await rest.addOrder({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '29000.0' });
    expect((await rest.cancelOrder({ txid: byTxid.txid[0] })).count).toBe(1);
    const closedQ = await rest.queryOrders({ txid: byTxid.txid, trades: true });
    expect(closedQ[byTxid.txid[0]]).toMatchObject({ status: 'canceled', reason: 'User requested' });
    await rest.addOrder({ pair: 'XBTUSD', type: 'sell', ordertype: 'limit', volume: '0.01', price: '31000.0', userref: 5 });
    expect((await rest.cancelAll()).count).toBe(1);
  });
});
