import { div, roundTo, type Fixed } from '../../../core/decimal/fixed.ts';
import type { SimOrder } from './types.ts';

/** Average fill price of an order (0 when nothing filled). */
export function avgPrice(order: SimOrder): Fixed {
  return order.filled > 0n ? roundTo(div(order.cost, order.filled, 'half-even'), order.pair.priceDecimals + 4, 'half-even') : 0n;
}

export function toFixedFraction(f: number): Fixed {
  if (!(f > 0) || f > 1) throw new RangeError(`fill fraction must be in (0, 1], got ${f}`);
  return BigInt(Math.round(f * 1e9)) * 10n ** 9n;
}

export function minFixed(a: Fixed, b: Fixed): Fixed {
  return a < b ? a : b;
}

export function maxFixed(a: Fixed, b: Fixed): Fixed {
  return a > b ? a : b;
}

/**
 * An iceberg shows `display_qty` at a time; when a fill uses up the shown part and quantity is
 * left, the engine shows the next part: executions `exec_type: iceberg_refill` ("iceberg display
 * quantity refilled", docs.kraken.com/api/docs/websocket-v2/executions).
 */
export function refillsIceberg(order: SimOrder, lastQty: Fixed): boolean {
  const d = order.req.displayQty;
  if (order.type !== 'iceberg' || d === undefined || d <= 0n || order.status !== 'open') return false;
  return (order.filled - lastQty) / d < order.filled / d;
}
