import { fromFloat, roundTo, toNumber, ZERO, type Fixed } from '../../decimal/fixed.ts';
import type { OrderRequest } from '../../orders/order.ts';

/** What sizing needs to know about one pair at a decision. Floats except the held quantity. */
export interface RebalanceInput {
  readonly pair: string;
  readonly price: number;
  /** Base quantity held (exact). */
  readonly held: Fixed;
  readonly equity: number;
  /** Wanted value as a fraction of equity. */
  readonly target: number;
  /** Largest buy (quote) the portfolio limits allow now (buyHeadroom). */
  readonly headroom: number;
  /** Smallest trade worth making, as a fraction of equity (keeps small drifts from trading). */
  readonly band: number;
  readonly lotDecimals: number;
  readonly minQty: Fixed;
  readonly minCost: number;
}

/**
 * The one order (or none) that moves a pair toward its target. Buys are quote-amount market
 * buys (fee included, Kraken's viqc) no larger than the headroom, rounded down to cents; sells
 * are market sells of the excess rounded down to the lot, or the whole position when the
 * target is 0. Differences under the band, and orders under the pair's minimums, are skipped.
 */
export function rebalanceOrder(x: RebalanceInput, tag: string): OrderRequest | undefined {
  if (!(x.price > 0 && x.equity > 0)) return undefined;
  const heldQty = toNumber(x.held);
  const current = heldQty * x.price;
  const wanted = Math.max(0, x.target) * x.equity;
  const bandValue = x.band * x.equity;
  if (wanted > current + bandValue) {
    const amount = Math.floor(Math.min(wanted - current, x.headroom) * 100) / 100;
    if (amount < Math.max(bandValue, x.minCost)) return undefined;
    return { pair: x.pair, side: 'buy', type: 'market', quoteQty: fromFloat(amount, 2), tag: `${tag} buy` };
  }
  const exitAll = wanted === 0 && x.held > ZERO;
  if (!exitAll && current <= wanted + bandValue) return undefined;
  const qty = exitAll ? x.held : roundTo(fromFloat((current - wanted) / x.price, 12), x.lotDecimals, 'down');
  const sell = qty > x.held ? x.held : qty;
  if (sell <= ZERO || sell < x.minQty || toNumber(sell) * x.price < x.minCost) return undefined;
  return { pair: x.pair, side: 'sell', type: 'market', qty: sell, tag: `${tag} ${exitAll ? 'exit' : 'trim'}` };
}
