import { formatFixed, type Fixed } from '../decimal/fixed.ts';
import type { Order } from '../orders/order.ts';
import type { VenueOrder } from '../venue/port.ts';

/** The canonical event-log text of a submitted order (hashed: the field order is part of the contract). */
export function describeOrder(o: Order): string {
  return `${o.clientId}|${o.pair}|${o.side}|${o.type}|${fmt(o.qty)}|${fmt(o.quoteQty)}|${fmt(o.limitPrice)}|${fmt(o.triggerPrice)}|${fmt(o.trailOffset)}|${o.trailIsPercent ? 'pct' : ''}|${o.postOnly ? 'post' : ''}|${o.timeInForce}|${o.expireAt ?? ''}${o.reduceOnly ? '|reduce-only' : ''}`;
}

function fmt(x: Fixed | undefined): string {
  return x === undefined ? '' : formatFixed(x);
}

export function toVenueOrder(o: Order): VenueOrder {
  return {
    clientId: o.clientId,
    pair: o.pair,
    pairIndex: o.pairIndex,
    side: o.side,
    type: o.type,
    qty: o.qty,
    quoteQty: o.quoteQty,
    limitPrice: o.limitPrice,
    triggerPrice: o.triggerPrice,
    trailOffset: o.trailOffset,
    trailIsPercent: o.trailIsPercent,
    postOnly: o.postOnly,
    ...(o.reduceOnly ? { reduceOnly: true } : {}),
    timeInForce: o.timeInForce,
    expireAt: o.expireAt,
  };
}

const ORDER_FIXED = ['qty', 'quoteQty', 'limitPrice', 'triggerPrice', 'trailOffset', 'filledQty', 'filledCost', 'fees'] as const;

/** An order record as JSON-safe data (bigints as strings, undefined as null) for snapshots. */
export function encodeKernelOrder(o: Order): Record<string, any> {
  const out: Record<string, any> = { ...o };
  for (const k of ORDER_FIXED) out[k] = o[k] === undefined ? null : (o[k] as bigint).toString();
  for (const k of ['expireAt', 'tag', 'venueOrderId', 'reason'] as const) if (o[k] === undefined) out[k] = null;
  return out;
}

export function decodeKernelOrder(e: Record<string, any>): Order {
  const out: Record<string, any> = { ...e };
  for (const k of ORDER_FIXED) out[k] = e[k] === null ? undefined : BigInt(e[k]);
  for (const k of ['expireAt', 'tag', 'venueOrderId', 'reason']) if (e[k] === null) out[k] = undefined;
  return out as Order;
}
