import type { Fixed } from '../decimal/fixed.ts';

export type Side = 'buy' | 'sell';

export type OrderType =
  | 'market'
  | 'limit'
  | 'stop-loss'
  | 'take-profit'
  | 'stop-loss-limit'
  | 'take-profit-limit'
  | 'trailing-stop';

export type TimeInForce = 'gtc' | 'ioc' | 'gtd';

export type OrderStatus =
  | 'pending-new'
  | 'open'
  | 'partially-filled'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'expired'
  /** Sent to a real venue whose answer never came; only reconciliation may settle it. */
  | 'unknown';

export type Liquidity = 'maker' | 'taker';

/** What a strategy asks for. Prices and quantities are exact decimals. */
export interface OrderRequest {
  readonly pair: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Base quantity. For a market buy it may be omitted when `quoteQty` is given. */
  readonly qty?: Fixed;
  /** Market buys only: spend this much quote currency, fee included (Kraken's viqc). */
  readonly quoteQty?: Fixed;
  /** Limit price (limit, *-limit types). */
  readonly limitPrice?: Fixed;
  /** Trigger price (stop-loss, take-profit and their -limit forms). */
  readonly triggerPrice?: Fixed;
  /** Trailing stop distance: an absolute price offset, or a fraction of price when `trailIsPercent`. */
  readonly trailOffset?: Fixed;
  readonly trailIsPercent?: boolean;
  readonly postOnly?: boolean;
  /**
   * Reduce-only, with spot semantics (no margin, no short positions): the order may only reduce
   * the base asset held. A sell must fit in what is held and not already reserved by other open
   * sells (refused above it, never silently resized); a buy is refused (a spot buy never reduces
   * a position). Kraken's own `reduce_only` is a margin-position flag, so the Kraken client
   * enforces this before sending and sends a plain spot sell (docs/live.md).
   */
  readonly reduceOnly?: boolean;
  readonly timeInForce?: TimeInForce;
  /** For gtd: epoch ms after which the order expires. */
  readonly expireAt?: number;
  /** Client order id; generated deterministically when omitted. */
  readonly clientId?: string;
  /** Free text carried to logs and reports (why the strategy placed it). */
  readonly tag?: string;
  /**
   * Which strategy placed it (attribution): a member of a composite strategy names itself;
   * when omitted the strategy host fills in the running strategy's name.
   */
  readonly strategyId?: string;
}

/** The kernel's record of an order. Mutated only by the order book of the kernel. */
export interface Order {
  readonly clientId: string;
  readonly pair: string;
  readonly pairIndex: number;
  readonly side: Side;
  readonly type: OrderType;
  readonly qty: Fixed; // for quoteQty market buys: 0 until filled (then the filled qty)
  readonly quoteQty: Fixed | undefined;
  readonly limitPrice: Fixed | undefined;
  readonly triggerPrice: Fixed | undefined;
  readonly trailOffset: Fixed | undefined;
  readonly trailIsPercent: boolean;
  readonly postOnly: boolean;
  /** See OrderRequest.reduceOnly. Absent in records from before it existed (read as false). */
  readonly reduceOnly?: boolean;
  readonly timeInForce: TimeInForce;
  readonly expireAt: number | undefined;
  readonly tag: string | undefined;
  /** The strategy that placed it (the request's strategyId, else the running strategy's name). */
  readonly strategyId: string;
  readonly createdAt: number;
  status: OrderStatus;
  venueOrderId: string | undefined;
  filledQty: Fixed;
  /** Quote spent (buys) or received (sells), before fees. */
  filledCost: Fixed;
  fees: Fixed;
  /** Why it was rejected, canceled or expired (a reason code). */
  reason: string | undefined;
  updatedAt: number;
}

export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'canceled' || status === 'rejected' || status === 'expired';
}

export function isLimitLike(type: OrderType): boolean {
  return type === 'limit' || type === 'stop-loss-limit' || type === 'take-profit-limit';
}

export function needsTrigger(type: OrderType): boolean {
  return type === 'stop-loss' || type === 'take-profit' || type === 'stop-loss-limit' || type === 'take-profit-limit';
}
