import { describe, expect, it } from 'vitest';
import { parseFixed as d } from '../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../src/core/instruments/symbols.ts';
import { Kernel } from '../../../src/core/kernel/kernel.ts';
import type { Strategy } from '../../../src/core/strategy/strategy.ts';
import { ManualVenue } from '../../helpers/manual-venue.ts';

function setup(retainClosedOrders = false) {
  const venue = new ManualVenue();
  const strategy: Strategy = { name: 'one', onStart: (ctx) => void ctx.submit({ clientId: 'c1', pair: 'BTC/USD', side: 'buy', type: 'limit', qty: d('1'), limitPrice: d('100') }) };
  const k = new Kernel({ instruments: [defaultSymbols.instrument('BTC/USD')], accountCurrency: 'USD', strategy, venue, retainClosedOrders });
  k.deposit(0, 'USD', d('1000'));
  k.start(1);
  venue.emit({ kind: 'accepted', time: 2, clientId: 'c1', venueOrderId: 'V1' });
  return { k, venue };
}

describe('venue reports the kernel must book', () => {
  it('books the cost the venue reports (Kraken rounds it), not qty x price', () => {
    const { k, venue } = setup();
    venue.emit({ kind: 'fill', time: 3, clientId: 'c1', execId: 'T1', qty: d('0.33333333'), price: d('100'), cost: d('33.3333'), fee: d('0.0533'), feeAsset: 'USD', liquidity: 'maker', orderStatus: 'partially-filled' });
    expect(k.ledger.balance('USD')).toBe(d('1000') - d('33.3333') - d('0.0533'));
    expect(k.ledger.costBasis('BTC')).toBe(d('33.3866'));
  });

  it('books a fill that arrives after the order was canceled; the order stays canceled', () => {
    const { k, venue } = setup(true);
    venue.emit({ kind: 'canceled', time: 3, clientId: 'c1', reason: 'user' });
    venue.emit({ kind: 'fill', time: 4, clientId: 'c1', execId: 'T1', qty: d('0.5'), price: d('100'), fee: d('0'), feeAsset: 'USD', liquidity: 'maker', orderStatus: 'partially-filled' });
    expect(k.ledger.balance('BTC')).toBe(d('0.5'));
    const o = k.orderList()[0];
    expect([o.status, o.filledQty]).toEqual(['canceled', d('0.5')]);
  });

  it('books a fill for an order it no longer holds when the report names pair and side, and refuses one that does not', () => {
    const { k, venue } = setup(false);
    venue.emit({ kind: 'canceled', time: 3, clientId: 'c1', reason: 'user' });
    expect(k.orderList()).toEqual([]); // evicted
    venue.emit({ kind: 'fill', time: 4, clientId: 'c1', execId: 'T1', qty: d('0.5'), price: d('100'), fee: d('0.08'), feeAsset: 'USD', liquidity: 'maker', orderStatus: 'partially-filled', pair: 'BTC/USD', side: 'buy' });
    expect(k.ledger.balance('BTC')).toBe(d('0.5'));
    expect(k.ledger.balance('USD')).toBe(d('949.92'));
    expect(() => venue.emit({ kind: 'fill', time: 5, clientId: 'zz', execId: 'T2', qty: d('0.1'), price: d('100'), fee: d('0'), feeAsset: 'USD', liquidity: 'maker', orderStatus: 'filled' })).toThrow(/carries no pair and side; it cannot be booked/);
    // The same execution again is a no-op, known order or not.
    venue.emit({ kind: 'fill', time: 6, clientId: 'c1', execId: 'T1', qty: d('0.5'), price: d('100'), fee: d('0.08'), feeAsset: 'USD', liquidity: 'maker', orderStatus: 'partially-filled', pair: 'BTC/USD', side: 'buy' });
    expect(k.ledger.balance('BTC')).toBe(d('0.5'));
  });

  it('a filled report with no new fill completes a partially filled order whose fills add up, and releases its hold', () => {
    const { k, venue } = setup(true);
    expect(k.available('USD')).toBeLessThan(d('1000'));
    venue.emit({ kind: 'fill', time: 3, clientId: 'c1', execId: 'T1', qty: d('0.4'), price: d('100'), fee: d('0'), feeAsset: 'USD', liquidity: 'maker', orderStatus: 'partially-filled' });
    venue.emit({ kind: 'fill', time: 4, clientId: 'c1', execId: 'T2', qty: d('0.6'), price: d('100'), fee: d('0'), feeAsset: 'USD', liquidity: 'maker', orderStatus: 'partially-filled' });
    expect(k.orderList()[0].status).toBe('partially-filled');
    venue.emit({ kind: 'filled', time: 5, clientId: 'c1' });
    expect(k.orderList()[0].status).toBe('filled');
    expect(k.available('USD')).toBe(k.ledger.balance('USD')); // nothing held any more
    venue.emit({ kind: 'filled', time: 6, clientId: 'c1' }); // a repeat changes nothing
    expect(k.orderList()[0].status).toBe('filled');
  });

  it('refuses a filled report while fills are missing (nothing booked, or a base-sized order short of its quantity)', () => {
    const { k, venue } = setup(true);
    expect(() => venue.emit({ kind: 'filled', time: 3, clientId: 'c1' })).toThrow(/with no fill booked/);
    venue.emit({ kind: 'fill', time: 4, clientId: 'c1', execId: 'T1', qty: d('0.4'), price: d('100'), fee: d('0'), feeAsset: 'USD', liquidity: 'maker', orderStatus: 'partially-filled' });
    expect(() => venue.emit({ kind: 'filled', time: 5, clientId: 'c1' })).toThrow(/0\.4 of 1 booked: its missing fills must come first/);
    expect(k.orderList()[0].status).toBe('partially-filled');
  });
});
