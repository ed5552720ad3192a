import type { Fixed } from '../decimal/fixed.ts';

/**
 * A tradable spot pair as the kernel sees it. `symbol` is the canonical name (Kraken's
 * WebSocket v2 spelling, e.g. "BTC/USD"); assets use the same ISO-style codes ("BTC", "USD").
 * Precisions follow Kraken's AssetPairs: `priceDecimals` = pair_decimals (tick),
 * `lotDecimals` = lot_decimals, `costDecimals` = cost_decimals.
 */
export interface Instrument {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly priceDecimals: number;
  readonly lotDecimals: number;
  readonly costDecimals: number;
  /** Smallest order quantity in base units (Kraken `ordermin`). */
  readonly minQty: Fixed;
  /** Smallest order cost in quote units (Kraken `costmin`); 0 when the venue sets none. */
  readonly minCost: Fixed;
  /** Which exchange the instrument (and any data for it) belongs to. Never mixed silently. */
  readonly exchange: string;
}
