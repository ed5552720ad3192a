import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalPairOrder } from '../../../src/core/universe/pair-order.ts';

const sym = (symbol: string) => ({ symbol });

describe('canonicalPairOrder', () => {
  it('puts universe pairs in universe order, then other pairs by symbol', () => {
    const out = canonicalPairOrder(['LTC/USD', 'ADA/USD', 'ETH/USD', 'AAA/USD', 'BTC/USD'].map(sym)).map((x) => x.symbol);
    expect(out).toEqual(['BTC/USD', 'ETH/USD', 'ADA/USD', 'AAA/USD', 'LTC/USD']);
  });

  it('property: any permutation of a set gives the same order, and nothing is lost', () => {
    const pool = ['BTC/USD', 'ETH/USD', 'SOL/USD', 'XRP/USD', 'ADA/USD', 'DOT/USD', 'LTC/USD', 'EUR/USD', 'AVAX/USD'];
    fc.assert(
      fc.property(fc.shuffledSubarray(pool, { minLength: 1 }), fc.infiniteStream(fc.nat()), (subset, rand) => {
        const shuffled = [...subset].sort(() => (rand.next().value % 3) - 1);
        const a = canonicalPairOrder(subset.map(sym)).map((x) => x.symbol);
        const b = canonicalPairOrder(shuffled.map(sym)).map((x) => x.symbol);
        expect(b).toEqual(a);
        expect([...a].sort()).toEqual([...subset].sort());
      }),
    );
  });
});
