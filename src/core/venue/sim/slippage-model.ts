import type { SeededRandom } from '../../random/seeded-random.ts';
import type { Side } from '../../orders/order.ts';

/** Moves a taker fill's price against the trader. Makers (resting limits) get their price. */
export interface SlippageModel {
  /** Returns the fill price (float; the venue snaps it to the pair's tick against the trader). */
  apply(side: Side, price: number, random: SeededRandom): number;
}

/** No slippage: taker fills at the modelled price. */
export const NO_SLIPPAGE: SlippageModel = { apply: (_s, p) => p };

/** A fixed cost in basis points on every taker fill. */
export class FixedBpsSlippage implements SlippageModel {
  constructor(readonly bps: number) {
    if (!(bps >= 0)) throw new RangeError(`slippage must be >= 0 bps, got ${bps}`);
  }
  apply(side: Side, price: number): number {
    const f = this.bps / 10_000;
    return side === 'buy' ? price * (1 + f) : price * (1 - f);
  }
}

/** Uniformly random slippage in [0, maxBps] from the kernel's seeded generator. */
export class RandomBpsSlippage implements SlippageModel {
  constructor(readonly maxBps: number) {
    if (!(maxBps >= 0)) throw new RangeError(`slippage must be >= 0 bps, got ${maxBps}`);
  }
  apply(side: Side, price: number, random: SeededRandom): number {
    const f = (random.next() * this.maxBps) / 10_000;
    return side === 'buy' ? price * (1 + f) : price * (1 - f);
  }
}
