import { formatFixed } from '../../../core/decimal/fixed.ts';
import type { OrderRequest } from './types.ts';

/** Kraken's human order description (`buy 1.25000000 XBTUSD @ limit 37500.0`); informative only. */
export function describeOrder(req: OrderRequest, qty = req.qty, limitPrice = req.limitPrice, triggerPrice = req.triggerPrice): string {
  const p = req.pair;
  const px = (v: bigint | undefined) => (v === undefined ? '0' : formatFixed(v, p.priceDecimals));
  const head = `${req.side} ${formatFixed(qty, p.lotDecimals)} ${p.altname} @ `;
  switch (req.type) {
    case 'market':
      return head + 'market';
    case 'limit':
    case 'iceberg':
      return head + `limit ${px(limitPrice)}`;
    case 'stop-loss':
      return head + `stop loss ${px(triggerPrice)}`;
    case 'take-profit':
      return head + `take profit ${px(triggerPrice)}`;
    case 'stop-loss-limit':
      return head + `stop loss ${px(triggerPrice)} -> limit ${px(limitPrice)}`;
    case 'take-profit-limit':
      return head + `take profit ${px(triggerPrice)} -> limit ${px(limitPrice)}`;
    case 'trailing-stop': {
      const off = req.trailingOffset;
      return head + `trailing stop +${off ? formatFixed(off.amount) + (off.pct ? '%' : '') : '0'}`;
    }
  }
}
