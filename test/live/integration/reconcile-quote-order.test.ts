/**
 * A quote-sized market buy (cash_order_qty) filled in several trades while nothing was streamed
 * (a downtime), whose last trade the kernel had already booked as partial (a held fill released
 * before its completion arrived). Reconciliation reads ClosedOrders and TradesHistory page by
 * page; the venue says the order is closed, so the kernel must end with the order filled and its
 * funds released although no new fill completes it, and the ledger must equal the venue's balances.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import type { JournalInput } from '../../../src/core/journal/journal-entry.ts';
import { parseSessionConfig } from '../../../src/core/journal/session-config.ts';
import { createSessionKernel } from '../../../src/core/journal/session-kernel.ts';
import { ReplayVenue } from '../../../src/core/journal/replay-venue.ts';
import { collect, iterateClosedOrders, iterateTradesHistory } from '../../../src/live/kraken/rest/paging.ts';
import { balancesFromBalanceEx } from '../../../src/live/kraken/rest/spendable-balances.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { toWsAddOrder } from '../../../src/live/venue/order-mapping.ts';
import { planReconciliation } from '../../../src/live/venue/reconciliation.ts';
import { nextEvent, restClient, startSim, T0, wsClients } from './harness.ts';

const f = parseFixed;
let sim: KrakenSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('reconciling a quote-sized order filled during a downtime', () => {
  it('ends filled with no hold, though its last fill was booked as partial and no new fill arrives; ledger = venue', async () => {
    // A thin book (ten small ask levels): 1000 USD takes several levels, one trade per level.
    sim = await startSim({ book: { levels: 10, qtyMultiplier: 20 } });
    const s = sim;
    const rest = restClient(s);
    const { priv } = wsClients(s, rest);
    const venue = new ReplayVenue(); // the kernel's orders are sent by hand below
    const config = parseSessionConfig({
      mode: 'real', strategy: 'quote-buy', params: {}, pairs: ['BTC/USD'], timeframe: '1h', cash: '0', clientIdPrefix: 'Q1', downtime: null,
      risk: { maxOrderNotional: '5000', maxDrawdown: 0.5 },
    });
    const strategy = { name: 'quote-buy', onCandle: (ctx: { submit: (o: unknown) => unknown }) => void ctx.submit({ pair: 'BTC/USD', side: 'buy', type: 'market', quoteQty: f('1000') }) };
    const sk = createSessionKernel(config, strategy as never, { retainClosedOrders: true }, venue);
    const refused: string[] = [];
    const feed = (input: JournalInput) => {
      const why = sk.check(input); // validate, then journal: what the live session does
      if (why) refused.push(why);
      else sk.apply(input);
    };
    const start = balancesFromBalanceEx(await rest.balanceEx());
    feed({ k: 'start', time: T0 - 7_200_000 });
    feed({ k: 'candle', candle: { pair: 'BTC/USD', openTime: T0 - 7_200_000, intervalMs: 3_600_000, open: 30000, high: 30010, low: 29990, close: 30000, volume: 10, trades: 4 } });
    feed({ k: 'deposit', time: T0 - 3_600_000, asset: 'USD', amount: start.USD.total });
    feed({ k: 'deposit', time: T0 - 3_600_000, asset: 'BTC', amount: start.BTC.total });
    feed({ k: 'candle', candle: { pair: 'BTC/USD', openTime: T0 - 3_600_000, intervalMs: 3_600_000, open: 30000, high: 30010, low: 29990, close: 30000, volume: 10, trades: 4 } });
    expect(venue.sent).toHaveLength(1);
    const order = venue.sent[0];
    expect(order.quoteQty).toBe(f('1000'));
    expect(sk.kernel.available('USD')).toBeLessThan(start.USD.total); // the order holds quote

    // Sent over WS with cash_order_qty; no executions subscription: the fills are not streamed.
    priv.connect();
    await nextEvent(priv, 'state', (st) => st.state === 'open');
    const out = await priv.addOrder(toWsAddOrder(order));
    expect(out.status).toBe('accepted');
    const venueTrades = s.account('INTEGRATIONKEY').trades;
    expect(venueTrades.length).toBeGreaterThan(2); // several trades, one per book level

    // Before the downtime the kernel had booked the last trade as partial (its held fill released).
    const trades = await collect(iterateTradesHistory(rest));
    const closed = await collect(iterateClosedOrders(rest));
    const mine = trades.filter(([, t]) => closed.some(([id, o]) => id === t.ordertxid && o.cl_ord_id === order.clientId)).sort((a, b) => a[1].time - b[1].time || (a[0] < b[0] ? -1 : 1));
    expect(mine).toHaveLength(venueTrades.length);
    const [lastId, last] = mine[mine.length - 1];
    const venueId = last.ordertxid;
    feed({ k: 'venue', event: { kind: 'accepted', time: T0, clientId: order.clientId, venueOrderId: venueId } });
    feed({ k: 'venue', event: { kind: 'fill', time: T0, clientId: order.clientId, execId: lastId, qty: f(last.vol), price: f(last.price), fee: f(last.fee), feeAsset: 'USD', liquidity: 'taker', cost: f(last.cost), orderStatus: 'partially-filled' } });
    expect(sk.kernel.orderList().find((o) => o.clientId === order.clientId)?.status).toBe('partially-filled');

    const plan = planReconciliation({
      working: sk.kernel.openOrderList().map((o) => ({ clientId: o.clientId, status: o.status, pair: o.pair })),
      orders: closed,
      trades,
      clientOf: new Map([[venueId, order.clientId]]),
      isOurs: (cid) => cid.startsWith('Q1-'),
      now: T0 + 1000,
      settleAfterMs: 30_000,
      ageOf: () => Infinity,
    });
    expect(plan.events.map((e) => e.kind)).toEqual([...mine.map(() => 'fill'), 'filled']);
    for (const event of plan.events) feed({ k: 'venue', event });

    expect(refused).toEqual([]);
    const o = sk.kernel.orderList().find((x) => x.clientId === order.clientId);
    expect(o?.status).toBe('filled');
    expect(sk.kernel.openOrderList()).toHaveLength(0);
    expect(sk.kernel.available('USD')).toBe(sk.kernel.ledger.balance('USD')); // no hold left
    const end = balancesFromBalanceEx(await rest.balanceEx());
    expect(sk.kernel.ledger.balance('USD')).toBe(end.USD.total);
    expect(sk.kernel.ledger.balance('BTC')).toBe(end.BTC.total);
    expect(o?.filledQty).toBe(mine.reduce((a, [, t]) => a + f(t.vol), 0n));
    priv.close();
    await rest.close();
  });
});
