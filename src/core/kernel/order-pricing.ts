import { mul, ONE, ZERO, type Fixed } from '../decimal/fixed.ts';
import type { Order } from '../orders/order.ts';
import type { KernelCore } from './kernel-core.ts';

/** The price an order is sized and checked at before any fill: its limit, its trigger, or the last price. */
export function referencePrice(k: KernelCore, o: Order): Fixed {
  if (o.limitPrice !== undefined) return o.limitPrice;
  if (o.triggerPrice !== undefined) return o.triggerPrice;
  const last = k.lastMark(o.pairIndex);
  if (o.type === 'trailing-stop' && o.side === 'buy' && o.trailOffset !== undefined) {
    return o.trailIsPercent ? mul(last, ONE + o.trailOffset, 'up') : last + o.trailOffset;
  }
  return last;
}

/** What an order reserves: base for sells; for buys the quote amount, or qty x reference x (1 + taker fee). */
export function holdFor(k: KernelCore, o: Order): Fixed {
  if (o.side === 'sell') return o.qty - o.filledQty;
  if (o.quoteQty !== undefined) {
    const left = o.quoteQty - o.filledCost - o.fees;
    return left > ZERO ? left : ZERO;
  }
  const rate = k.feeRate('taker');
  return mul(mul(o.qty - o.filledQty, referencePrice(k, o), 'up'), ONE + rate, 'up');
}
