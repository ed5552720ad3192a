import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulExact, type Fixed } from '../../../../src/core/decimal/fixed.ts';
import { defaultSymbols } from '../../../../src/core/instruments/symbols.ts';
import type { Instrument } from '../../../../src/core/instruments/instrument.ts';
import type { Liquidity } from '../../../../src/core/orders/order.ts';
import { KrakenFeeModel } from '../../../../src/core/venue/sim/fee-model.ts';
import { SimulatedVenue } from '../../../../src/core/venue/sim/simulated-venue.ts';

/**
 * The simulated venue skips buy sizing (`affordableQty`) when the cash is at least twice a
 * fill's cost plus fee (`amplyCovers`). That is only sound if sizing could never have capped
 * such a fill: checked here against the sizing itself, for both fee rounding rules.
 */
interface Sizing {
  affordableQty(cash: Fixed, price: Fixed, inst: Instrument, liquidity: Liquidity): Fixed;
  amplyCovers(qty: Fixed, price: Fixed, inst: Instrument, liquidity: Liquidity, cash: Fixed): boolean;
}

const E10 = 10n ** 10n; // one unit of the 8th decimal, in 18-decimal fixed units

describe('simulated venue: the ample-cash shortcut of buy sizing', () => {
  for (const roundToCostDecimals of [false, true]) {
    it(`never skips a fill that sizing would cap (fees ${roundToCostDecimals ? 'rounded to cost decimals' : 'exact'})`, () => {
      const fees = new KrakenFeeModel({ maker: '0.0016', taker: '0.0026', roundToCostDecimals });
      const venue = new SimulatedVenue({ fees }) as unknown as Sizing;
      const inst = defaultSymbols.instrument('BTC/USD');
      let covered = 0;
      fc.assert(
        fc.property(
          fc.bigInt({ min: 1n, max: 10n ** 10n }), // qty in 1e-8 lots: up to 100 BTC
          fc.bigInt({ min: 1n, max: 10n ** 7n }), // price in 0.1 ticks: up to 1M USD
          // cash at 18 decimals: anywhere up to 400M USD, or just around twice the fill's cost (the edge)
          fc.oneof(fc.bigInt({ min: 1n, max: 4n * 10n ** 26n }).map((c) => ({ c, edge: false })), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((c) => ({ c, edge: true }))),
          fc.constantFrom<Liquidity>('maker', 'taker'),
          (lots, ticks, { c, edge }, liquidity) => {
            const qty = lots * E10;
            const price = ticks * 10n ** 17n;
            const cash = edge ? 2n * (mulExact(qty, price) + fees.fee(inst, 'buy', qty, price, liquidity).amount) + c : c;
            if (!venue.amplyCovers(qty, price, inst, liquidity, cash)) return;
            covered++;
            expect(venue.affordableQty(cash, price, inst, liquidity)).toBeGreaterThanOrEqual(qty);
          },
        ),
        { seed: 20261203, numRuns: 3000 },
      );
      expect(covered).toBeGreaterThan(100); // the property was exercised, not vacuously true
    });
  }

  it('does not claim cover for cash just below twice the cost', () => {
    const venue = new SimulatedVenue() as unknown as Sizing;
    const inst = defaultSymbols.instrument('BTC/USD');
    const qty = 10n ** 17n; // 0.1 BTC
    const price = 50_000n * 10n ** 18n;
    const cost = mulExact(qty, price);
    const fee = (cost * 26n) / 10_000n; // 0.26%, exact here
    expect(venue.amplyCovers(qty, price, inst, 'taker', 2n * (cost + fee))).toBe(true);
    expect(venue.amplyCovers(qty, price, inst, 'taker', 2n * (cost + fee) - 1n)).toBe(false);
  });
});
