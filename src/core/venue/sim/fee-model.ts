import { mul, parseFixed, roundTo, type Fixed } from '../../decimal/fixed.ts';
import type { Instrument } from '../../instruments/instrument.ts';
import type { Liquidity, Side } from '../../orders/order.ts';

export interface FeeCharge {
  readonly amount: Fixed;
  readonly asset: string;
}

/**
 * Decides the fee of one fill. The ledger books whatever a fill says it was charged, never a rate after the fact.
 * `fee` must be a pure function of its arguments: the simulated venue reuses a charge it computed for the same ones.
 */
export interface FeeModel {
  fee(instrument: Instrument, side: Side, qty: Fixed, price: Fixed, liquidity: Liquidity): FeeCharge;
  /** The rate used to size holds and quote-amount orders before a fill exists. */
  rate(liquidity: Liquidity): Fixed;
}

/**
 * Kraken's spot schedule: a maker and a taker rate on the fill's cost, charged in the quote
 * currency (Kraken's default). By default the fee is exact (rounded up only at the ledger's
 * 18th decimal) because Kraken documents no rounding rule; `roundToCostDecimals` rounds it UP
 * to the pair's cost decimals instead, the conservative alternative.
 */
export class KrakenFeeModel implements FeeModel {
  readonly maker: Fixed;
  readonly taker: Fixed;

  /** Rates as fractions: 0.0016 = 0.16%. */
  private readonly roundToCostDecimals: boolean;

  constructor(rates: { maker: Fixed | string; taker: Fixed | string; roundToCostDecimals?: boolean }) {
    this.roundToCostDecimals = rates.roundToCostDecimals ?? false;
    this.maker = typeof rates.maker === 'string' ? parseFixed(rates.maker) : rates.maker;
    this.taker = typeof rates.taker === 'string' ? parseFixed(rates.taker) : rates.taker;
    for (const [name, r] of [['maker', this.maker], ['taker', this.taker]] as const) {
      if (r < 0n || r >= 10n ** 17n) throw new RangeError(`${name} fee rate must be a fraction in [0, 0.1), got ${r}`);
    }
  }

  rate(liquidity: Liquidity): Fixed {
    return liquidity === 'maker' ? this.maker : this.taker;
  }

  fee(instrument: Instrument, _side: Side, qty: Fixed, price: Fixed, liquidity: Liquidity): FeeCharge {
    const cost = mul(qty, price, 'up');
    const raw = mul(cost, this.rate(liquidity), 'up');
    return { amount: this.roundToCostDecimals ? roundTo(raw, instrument.costDecimals, 'up') : raw, asset: instrument.quote };
  }
}

/** Kraken's default starter tier: 0.16% maker, 0.26% taker. */
export const KRAKEN_STARTER_FEES = { maker: '0.0016', taker: '0.0026' } as const;
