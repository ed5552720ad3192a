import type { Fixed } from '../../decimal/fixed.ts';
import type { VenueOrder } from '../port.ts';

/** The simulated venue's working copy of an order. Plain data so it snapshots. */
export interface SimOrder {
  readonly order: VenueOrder;
  readonly venueOrderId: string;
  /** Base quantity still to fill (quote-amount orders: unused, see remainingQuote). */
  remaining: Fixed;
  /** Quote still to spend for a quote-amount market buy. */
  remainingQuote: Fixed | undefined;
  /** The order may fill on candles that open at or after this time (its arrival at the venue). */
  activeFrom: number;
  /** True until the order has been evaluated against its first eligible candle. */
  firstBar: boolean;
  /** A limit that crossed the market when it arrived: it takes liquidity at the next open. */
  marketableAtArrival: boolean;
  /** Stop, take-profit and trailing orders: the trigger has fired. */
  triggered: boolean;
  /** Trailing stops: the best price seen since acceptance (peak for sells, trough for buys). */
  extreme: number;
  fills: number;
}
