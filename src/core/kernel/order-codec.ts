import type { Fixed } from '../decimal/fixed.ts';
import type { LineBytes } from '../hash/line-bytes.ts';
import type { Order } from '../orders/order.ts';
import type { VenueOrder } from '../venue/port.ts';

const BAR = 124; // '|'

/**
 * The canonical event-log text of a submitted order, written into the log's bytes (hashed: the
 * field order is part of the contract):
 * `${clientId}|${pair}|${side}|${type}|${qty}|${quoteQty}|${limitPrice}|${triggerPrice}|${trailOffset}|${pct}|${post}|${timeInForce}|${expireAt}[|reduce-only]`,
 * an absent value as empty text.
 */
export function writeOrder(w: LineBytes, o: Order): void {
  w.str(o.clientId); w.char(BAR); w.str(o.pair); w.char(BAR); w.str(o.side); w.char(BAR); w.str(o.type); w.char(BAR);
  w.fixed(o.qty); w.char(BAR);
  fixedOrEmpty(w, o.quoteQty); fixedOrEmpty(w, o.limitPrice); fixedOrEmpty(w, o.triggerPrice); fixedOrEmpty(w, o.trailOffset);
  if (o.trailIsPercent) w.str('pct');
  w.char(BAR);
  if (o.postOnly) w.str('post');
  w.char(BAR);
  w.str(o.timeInForce); w.char(BAR);
  if (o.expireAt !== undefined) w.num(o.expireAt);
  if (o.reduceOnly) w.str('|reduce-only');
}

function fixedOrEmpty(w: LineBytes, x: Fixed | undefined): void {
  if (x !== undefined) w.fixed(x);
  w.char(BAR);
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
