import { describe, expect, it } from 'vitest';
import { toNumber } from '../../../src/core/decimal/fixed.ts';
import type { Order } from '../../../src/core/orders/order.ts';
import { BUILTIN_STRATEGIES, constantAllocationFactory } from '../../../src/core/strategies/index.ts';
import { makeWorld, runWorld } from './regime-portfolio/world.ts';

describe('constant-allocation (the no-skill control)', () => {
  it('holds every pair near the same share of equity all the time, rebalancing past the band', () => {
    const w = makeWorld(4, ['BTC/USD', 'ETH/USD', 'SOL/USD']);
    const orders: Order[] = [];
    const k = runWorld(w, constantAllocationFactory.create({ share: '0.1', band: '0.01' }), { onOrderClosed: (o) => orders.push(o) });
    const eq = toNumber(k.equity());
    for (const pair of ['BTC/USD', 'ETH/USD', 'SOL/USD']) {
      const share = (toNumber(k.ledger.position(pair.split('/')[0])) * k.lastPrice(pair)) / eq;
      expect(share).toBeGreaterThan(0.085);
      expect(share).toBeLessThan(0.115);
    }
    expect(orders.filter((o) => o.side === 'sell').length).toBeGreaterThan(0); // it trims drift
    expect(orders.every((o) => o.strategyId === 'constant-allocation')).toBe(true); // the host names it
    expect(orders.filter((o) => o.status === 'rejected')).toEqual([]);
  });

  it('is registered, and refuses bad parameters', () => {
    expect(BUILTIN_STRATEGIES.get('constant-allocation')).toBe(constantAllocationFactory);
    expect(() => constantAllocationFactory.create({ share: '1.5' })).toThrow(/share must be in/);
    expect(() => constantAllocationFactory.create({ band: 'x' })).toThrow(/band must be a number/);
    expect(() => constantAllocationFactory.create({ sharee: '0.1' })).toThrow(/unknown parameter/);
    const w = makeWorld(4, ['BTC/USD', 'ETH/USD', 'SOL/USD']);
    expect(() => runWorld(w, constantAllocationFactory.create({ share: '0.5' }))).toThrow(/more than 100% of equity/);
  });
});
