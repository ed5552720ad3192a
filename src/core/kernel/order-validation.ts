import { formatFixed, hasAtMostDecimals, mul, ONE, ZERO, type Fixed } from '../decimal/fixed.ts';
import { needsTrigger, type Order } from '../orders/order.ts';
import type { RiskRejectReason } from '../risk/risk-engine.ts';
import type { KernelCore } from './kernel-core.ts';
import { referencePrice } from './order-pricing.ts';

/** Checks an order against its instrument (precision, minimums) and the order-type rules; the reason and detail of the first failure. */
export function validateOrder(k: KernelCore, o: Order): [RiskRejectReason, string] | undefined {
  if (o.pairIndex < 0) return ['unknown-pair', `unknown pair ${o.pair}; this run trades ${[...k.pairIndex.keys()].join(', ')}`];
  const inst = k.instruments[o.pairIndex];
  const hasQty = o.qty > ZERO;
  if (o.quoteQty !== undefined) {
    if (o.type !== 'market' || o.side !== 'buy') return ['invalid-order', 'a quote amount is only for market buys'];
    if (hasQty) return ['invalid-order', 'give either qty or quoteQty, not both'];
    if (o.quoteQty <= ZERO) return ['invalid-order', 'quote amount must be positive'];
    if (o.quoteQty < inst.minCost) return ['below-minimum', `quote amount is below the minimum cost ${formatFixed(inst.minCost)}`];
  } else {
    if (!hasQty) return ['invalid-order', 'quantity must be positive'];
    if (!hasAtMostDecimals(o.qty, inst.lotDecimals)) return ['invalid-precision', `quantity ${formatFixed(o.qty)} has more than ${inst.lotDecimals} decimals`];
    if (o.qty < inst.minQty) return ['below-minimum', `quantity ${formatFixed(o.qty)} is below the minimum ${formatFixed(inst.minQty)}`];
  }
  const limitLike = o.type === 'limit' || o.type === 'stop-loss-limit' || o.type === 'take-profit-limit';
  if (limitLike !== (o.limitPrice !== undefined)) return ['invalid-order', limitLike ? `${o.type} needs a limit price` : `${o.type} takes no limit price`];
  if (needsTrigger(o.type) !== (o.triggerPrice !== undefined)) return ['invalid-order', needsTrigger(o.type) ? `${o.type} needs a trigger price` : `${o.type} takes no trigger price`];
  if ((o.type === 'trailing-stop') !== (o.trailOffset !== undefined)) return ['invalid-order', o.type === 'trailing-stop' ? 'trailing-stop needs a trail offset' : `${o.type} takes no trail offset`];
  const badPrice = checkPrice('limit', o.limitPrice, inst.priceDecimals) ?? checkPrice('trigger', o.triggerPrice, inst.priceDecimals);
  if (badPrice) return badPrice;
  if (o.trailOffset !== undefined && (o.trailOffset <= ZERO || (o.trailIsPercent && o.trailOffset >= ONE))) return ['invalid-order', 'trail offset must be positive (and below 1 as a fraction)'];
  if (o.postOnly && o.type !== 'limit') return ['invalid-order', 'post-only is for limit orders'];
  if (o.timeInForce === 'ioc' && o.type !== 'limit' && o.type !== 'market') return ['invalid-order', 'IOC is for limit and market orders'];
  if (o.postOnly && o.timeInForce === 'ioc') return ['invalid-order', 'post-only and IOC exclude each other'];
  if (o.reduceOnly) {
    // Spot: the only position is the base held; a buy cannot reduce it, a sell may not exceed it.
    if (o.side === 'buy') return ['invalid-order', `reduce-only buy of ${o.pair}: in spot (cash only, no shorts) a buy never reduces a position`];
    const free = k.available(inst.base);
    if (o.qty > free) return ['invalid-order', `reduce-only sell of ${formatFixed(o.qty)} ${inst.base} exceeds the ${formatFixed(free)} held and not reserved by other open sells`];
  }
  if (o.timeInForce === 'gtd' && (o.expireAt === undefined || o.expireAt <= k.clock)) return ['invalid-order', 'gtd needs an expiry time in the future'];
  if (!Number.isFinite(k.lastPx[o.pairIndex]) && o.quoteQty === undefined && !limitLike && o.triggerPrice === undefined) {
    return ['invalid-order', `no price seen yet for ${o.pair}`];
  }
  if (o.quoteQty === undefined && inst.minCost > ZERO) {
    const cost = mul(o.qty, referencePrice(k, o), 'down');
    if (cost < inst.minCost) return ['below-minimum', `order cost ${formatFixed(cost)} is below the minimum ${formatFixed(inst.minCost)}`];
  }
  return undefined;
}

function checkPrice(name: string, price: Fixed | undefined, priceDecimals: number): [RiskRejectReason, string] | undefined {
  if (price === undefined) return undefined;
  if (price <= ZERO) return ['invalid-order', `${name} price must be positive`];
  if (!hasAtMostDecimals(price, priceDecimals)) return ['invalid-precision', `${name} price ${formatFixed(price)} is off the ${priceDecimals}-decimal tick`];
  return undefined;
}
