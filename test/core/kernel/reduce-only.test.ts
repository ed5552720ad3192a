/**
 * Reduce-only orders with spot semantics: the only position is the base asset held, so a sell
 * must fit in what is held and not already reserved, and a buy can never reduce anything. The
 * kernel refuses both before anything is sent; an accepted one reaches the venue flagged.
 */
import { describe, expect, it } from 'vitest';
import { parseFixed as d } from '../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../src/core/instruments/symbols.ts';
import { Kernel } from '../../../src/core/kernel/kernel.ts';
import type { OrderRequest } from '../../../src/core/orders/order.ts';
import type { Strategy } from '../../../src/core/strategy/strategy.ts';
import { ManualVenue } from '../../helpers/manual-venue.ts';

function run(requests: OrderRequest[]) {
  const venue = new ManualVenue();
  const strategy: Strategy = { name: 'ro', onStart: (ctx) => requests.forEach((r) => void ctx.submit(r)) };
  const k = new Kernel({ instruments: [defaultSymbols.instrument('BTC/USD')], accountCurrency: 'USD', strategy, venue, retainClosedOrders: true });
  k.deposit(0, 'USD', d('1000'));
  k.markPrice('BTC/USD', 100);
  k.deposit(0, 'BTC', d('0.5'));
  k.start(1);
  return { k, venue, orders: k.orderList() };
}

const sell = (qty: string, o: Partial<OrderRequest> = {}): OrderRequest => ({ pair: 'BTC/USD', side: 'sell', type: 'limit', qty: d(qty), limitPrice: d('110'), reduceOnly: true, ...o });

describe('reduce-only orders (spot)', () => {
  it('a reduce-only sell within the base held is sent, flagged, and its hold reserves that base', () => {
    const { k, venue, orders } = run([sell('0.5')]);
    expect(orders.map((o) => o.status)).toEqual(['pending-new']);
    expect(venue.submitted).toHaveLength(1);
    expect(venue.submitted[0]).toMatchObject({ side: 'sell', qty: d('0.5'), reduceOnly: true });
    expect(k.available('BTC')).toBe(0n);
  });

  it('a reduce-only sell above the base held is refused, not resized, and nothing is sent', () => {
    const { venue, orders } = run([sell('0.6')]);
    expect(orders[0].status).toBe('rejected');
    expect(orders[0].reason).toMatch(/reduce-only sell of 0\.6 BTC exceeds the 0\.5 held and not reserved by other open sells/);
    expect(venue.submitted).toHaveLength(0);
  });

  it('reduce-only sells together may not exceed the position: the second is refused once the first reserves it', () => {
    const { venue, orders } = run([sell('0.3'), sell('0.3')]);
    expect(orders.map((o) => o.status)).toEqual(['pending-new', 'rejected']);
    expect(orders[1].reason).toMatch(/exceeds the 0\.2 held/);
    expect(venue.submitted).toHaveLength(1);
  });

  it('a reduce-only buy is refused with its reason (spot: cash only, no shorts to cover), market or quote-sized alike', () => {
    const { venue, orders } = run([
      { pair: 'BTC/USD', side: 'buy', type: 'limit', qty: d('0.1'), limitPrice: d('90'), reduceOnly: true },
      { pair: 'BTC/USD', side: 'buy', type: 'market', quoteQty: d('50'), reduceOnly: true },
    ]);
    expect(orders.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    for (const o of orders) expect(o.reason).toMatch(/reduce-only buy of BTC\/USD: in spot \(cash only, no shorts\) a buy never reduces a position/);
    expect(venue.submitted).toHaveLength(0);
  });

  it('an order without the flag is described as before (event-log text unchanged), one with it says so', () => {
    const plain = run([sell('0.1', { reduceOnly: undefined })]);
    const flagged = run([sell('0.1')]);
    expect(plain.venue.submitted[0].reduceOnly).toBeUndefined();
    expect(plain.k.hash()).not.toBe(flagged.k.hash());
  });
});
