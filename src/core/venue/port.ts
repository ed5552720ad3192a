import type { Fixed } from '../decimal/fixed.ts';
import type { Instrument } from '../instruments/instrument.ts';
import type { Bar } from '../market/bar.ts';
import type { Liquidity, Order, Side } from '../orders/order.ts';
import type { SeededRandom } from '../random/seeded-random.ts';

/** An order as sent to a venue: the kernel's order record without its mutable state. */
export type VenueOrder = Pick<
  Order,
  | 'clientId' | 'pair' | 'pairIndex' | 'side' | 'type' | 'qty' | 'quoteQty' | 'limitPrice' | 'triggerPrice'
  | 'trailOffset' | 'trailIsPercent' | 'postOnly' | 'reduceOnly' | 'timeInForce' | 'expireAt'
>;

/** What comes back from a venue (DESIGN.md "Ports"). Every event carries the venue's event time. */
export type VenueEvent =
  | { readonly kind: 'accepted'; readonly time: number; readonly clientId: string; readonly venueOrderId: string }
  | { readonly kind: 'rejected'; readonly time: number; readonly clientId: string; readonly reason: string }
  | {
      readonly kind: 'fill';
      readonly time: number;
      readonly clientId: string;
      readonly execId: string;
      readonly qty: Fixed;
      readonly price: Fixed;
      readonly fee: Fixed;
      readonly feeAsset: string;
      readonly liquidity: Liquidity;
      /**
       * Quote amount exchanged, as the venue reports it (Kraken rounds it to the quote's
       * decimals). When absent the ledger books qty x price exactly.
       */
      readonly cost?: Fixed;
      /** Pair and side, so a fill of an order the kernel no longer (or never) knew is still booked. */
      readonly pair?: string;
      readonly side?: Side;
      /** The order's status at the venue after this fill. */
      readonly orderStatus: 'partially-filled' | 'filled';
    }
  | { readonly kind: 'canceled'; readonly time: number; readonly clientId: string; readonly reason: string }
  | { readonly kind: 'expired'; readonly time: number; readonly clientId: string }
  /**
   * The venue reports the order completely filled, with no new fill: its fills are all booked but
   * the last was booked as partial (a quote-sized order, whose size the kernel cannot check, or a
   * completion found by reconciliation after the fills were recovered). Completes the order and
   * releases its hold; refused while the fills booked do not add up (base-sized: filled < qty).
   */
  | { readonly kind: 'filled'; readonly time: number; readonly clientId: string }
  | { readonly kind: 'cancel-rejected'; readonly time: number; readonly clientId: string; readonly reason: string }
  /** A real venue's adapter lost the answer to a submission: the order may or may not exist until reconciliation says. */
  | { readonly kind: 'unknown'; readonly time: number; readonly clientId: string; readonly reason: string };

/** A venue's own scheduled work (order arrival after latency, a cancel in flight): plain data, so it snapshots. */
export interface VenueTimer {
  readonly k: string;
  readonly clientId?: string;
  readonly pair?: string;
}

/** What the kernel offers a venue plugged into it. */
export interface VenueHost {
  now(): number;
  schedule(time: number, timer: VenueTimer): void;
  emit(event: VenueEvent): void;
  readonly random: SeededRandom;
  instrument(pairIndex: number): Instrument;
  /** Last price seen for a pair (the close of its latest candle, or the latest trade in live). */
  lastPrice(pairIndex: number): number;
  /** Quote currency this order may spend now: the free balance plus what the order itself reserves. */
  buyingPower(clientId: string): Fixed;
}

/** Open order as reported by a venue, for reconciliation. */
export interface OrderReport {
  readonly clientId: string;
  readonly venueOrderId: string;
  readonly pair: string;
  readonly side: Side;
  readonly status: 'open' | 'partially-filled' | 'filled' | 'canceled' | 'expired' | 'rejected';
  readonly qty: Fixed;
  readonly filledQty: Fixed;
}

/**
 * The venue port: the simulated venue and the Kraken execution client both implement it, so
 * the kernel cannot tell backtest from live. Commands go in; events come back through the host.
 */
export interface VenuePort {
  readonly name: string;
  connect(host: VenueHost): void;
  submit(order: VenueOrder): void;
  cancel(clientId: string): void;
  cancelAll(pair?: string): void;
  /** Simulated venues fill from candles; a real venue ignores this. */
  onBar?(bar: Bar): void;
  /** Called when a timer the venue scheduled comes due. */
  onTimer?(timer: VenueTimer): void;
  /** Does the venue have anything to do for this pair's next candle? (Lets the kernel skip the call.) */
  hasWork?(pairIndex: number): boolean;
  openOrders(): OrderReport[] | Promise<OrderReport[]>;
  snapshot?(): unknown;
  restore?(state: unknown): void;
}
