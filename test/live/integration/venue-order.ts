import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import type { VenueOrder } from '../../../src/core/venue/port.ts';

/** A GTC limit buy of 0.01 BTC/USD with every optional field unset; `o` overrides any field. */
export function venueOrder(o: Partial<VenueOrder> = {}): VenueOrder {
  return {
    clientId: 'rt-1',
    pair: 'BTC/USD',
    pairIndex: 0,
    side: 'buy',
    type: 'limit',
    qty: parseFixed('0.01'),
    quoteQty: undefined,
    limitPrice: undefined,
    triggerPrice: undefined,
    trailOffset: undefined,
    trailIsPercent: false,
    postOnly: false,
    timeInForce: 'gtc',
    expireAt: undefined,
    ...o,
  };
}
