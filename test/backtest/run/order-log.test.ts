import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../src/core/orders/order.ts';
import { OrderLog } from '../../../src/backtest/run/order-log.ts';

const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('\ud800', '\udfff', '\n', '"', '\\', '\u0000', 'below-minimum: 0.000009 USD'));
const fixed = fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n });
const maybe = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** An order record as the kernel builds it: every key present but reduceOnly, which is absent or true (or, in old records, false). */
const order: fc.Arbitrary<Order> = fc
  .record({
    clientId: text, pair: text, pairIndex: fc.integer({ min: -1, max: 70_000 }), side: fc.constantFrom('buy', 'sell'),
    type: fc.constantFrom('market', 'limit', 'stop-loss', 'take-profit-limit', 'trailing-stop'), qty: fixed, quoteQty: maybe(fixed),
    limitPrice: maybe(fixed), triggerPrice: maybe(fixed), trailOffset: maybe(fixed), trailIsPercent: fc.boolean(), postOnly: fc.boolean(),
    reduceOnly: fc.constantFrom('absent', true, false), timeInForce: fc.constantFrom('gtc', 'ioc', 'gtd'), expireAt: maybe(fc.integer()),
    tag: maybe(text), strategyId: text, createdAt: fc.integer({ min: -8.64e12, max: 8.64e12 }), status: fc.constantFrom('filled', 'canceled', 'rejected', 'expired'),
    venueOrderId: maybe(text), filledQty: fixed, filledCost: fixed, fees: fixed, reason: maybe(text), updatedAt: fc.integer({ min: -8.64e12, max: 8.64e12 }),
  })
  .map(({ reduceOnly, ...rest }) => {
    // Rebuilt in the kernel's key order (src/core/kernel/order-path.ts), reduceOnly after postOnly.
    const { clientId, pair, pairIndex, side, type, qty, quoteQty, limitPrice, triggerPrice, trailOffset, trailIsPercent, postOnly, ...tail } = rest;
    const head = { clientId, pair, pairIndex, side, type, qty, quoteQty, limitPrice, triggerPrice, trailOffset, trailIsPercent, postOnly };
    return (reduceOnly === 'absent' ? { ...head, ...tail } : { ...head, reduceOnly, ...tail }) as unknown as Order;
  });

function roundTrip(orders: readonly Order[]): { back: Order[]; encoded: number } {
  const log = new OrderLog();
  for (const o of orders) log.push(o);
  expect(log.length).toBe(orders.length);
  return { back: log.toArray(), encoded: log.encodedBytes() };
}

describe('OrderLog', () => {
  it('property: orders come back field for field, key for key, in order, across encoded blocks', () => {
    fc.assert(
      fc.property(fc.array(order, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 9000 }), (distinct, total) => {
        // Enough orders to fill whole blocks (4,096 each) and leave an open tail.
        const orders = Array.from({ length: total }, (_, i) => distinct[i % distinct.length]);
        const { back, encoded } = roundTrip(orders);
        expect(encoded > 0).toBe(total >= 4096);
        expect(back).toStrictEqual(orders);
        for (let i = 0; i < orders.length; i += 997) expect(Object.keys(back[i])).toEqual(Object.keys(orders[i]));
      }),
      { seed: 20261203, numRuns: 12 },
    );
  });

  it('keeps an absent reduceOnly absent and a false one false', () => {
    const base = { clientId: 'o1', pair: 'XBT/USD', pairIndex: 0, side: 'buy', type: 'market', qty: 0n, quoteQty: 5n, limitPrice: undefined, triggerPrice: undefined, trailOffset: undefined, trailIsPercent: false, postOnly: false } as const;
    const tail = { timeInForce: 'gtc', expireAt: undefined, tag: undefined, strategyId: 's', createdAt: 1, status: 'rejected', venueOrderId: undefined, filledQty: 0n, filledCost: 0n, fees: 0n, reason: 'below-minimum: x', updatedAt: 1 } as const;
    const absent = { ...base, ...tail } as unknown as Order;
    const off = { ...base, reduceOnly: false, ...tail } as unknown as Order;
    const { back } = roundTrip(Array.from({ length: 4097 }, (_, i) => (i % 2 ? off : absent)));
    expect('reduceOnly' in back[0]).toBe(false);
    expect(back[1].reduceOnly).toBe(false);
    expect(back[4096]).toStrictEqual(absent);
  });

  it('refuses an order whose exact decimal is not a bigint, naming the order and the field', () => {
    const log = new OrderLog();
    const bad = { clientId: 'o7', qty: 1.5 } as unknown as Order;
    expect(() => {
      for (let i = 0; i < 4096; i++) log.push(bad);
    }).toThrow('order o7: qty is number, expected an exact decimal (bigint)');
  });
});
