import { divRound, SCALE_DECIMALS, ZERO, type Fixed, type RoundingMode } from '../decimal/fixed.ts';

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
  /**
   * Smallest step of an order quantity (Kraken WS v2 `qty_increment`). When absent it is one
   * unit of the last lot decimal, 10^-lotDecimals, which is what Kraken's lot_decimals mean.
   */
  readonly qtyIncrement?: Fixed;
  /**
   * Smallest step of a price (Kraken AssetPairs `tick_size`, WS v2 `price_increment`). When
   * absent it is 10^-priceDecimals. Some pairs have a tick coarser than their decimals.
   */
  readonly tickSize?: Fixed;
  /** Which exchange the instrument (and any data for it) belongs to. Never mixed silently. */
  readonly exchange: string;
}

/** The quantity step of an instrument: its `qtyIncrement`, or 10^-lotDecimals. */
export function qtyStep(inst: Instrument): Fixed {
  return inst.qtyIncrement ?? decimalStep(inst.lotDecimals);
}

/** The price step of an instrument: its `tickSize`, or 10^-priceDecimals. */
export function priceTick(inst: Instrument): Fixed {
  return inst.tickSize ?? decimalStep(inst.priceDecimals);
}

/** 10^-decimals as a Fixed (18-decimal scale); decimals above 18 give the smallest unit. */
export function decimalStep(decimals: number): Fixed {
  const d = Math.max(0, Math.min(SCALE_DECIMALS, Math.trunc(decimals)));
  return STEPS[d] ?? 10n ** BigInt(SCALE_DECIMALS - d); // a table: sizing and the venue ask for steps per order and fill
}

const STEPS: readonly Fixed[] = Array.from({ length: SCALE_DECIMALS + 1 }, (_, d) => 10n ** BigInt(SCALE_DECIMALS - d));

/** Rounds `value` to a multiple of `step` with `mode`. */
export function roundToStep(value: Fixed, step: Fixed, mode: RoundingMode): Fixed {
  return step > ZERO ? divRound(value, step, mode) * step : value;
}
