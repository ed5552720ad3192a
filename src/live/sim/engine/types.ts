import type { Fixed } from '../../../core/decimal/fixed.ts';
import type { SimAsset, SimPair } from '../catalog/catalog.ts';

export type Side = 'buy' | 'sell';
export type OrderType =
  | 'market'
  | 'limit'
  | 'iceberg'
  | 'stop-loss'
  | 'take-profit'
  | 'stop-loss-limit'
  | 'take-profit-limit'
  | 'trailing-stop';
export const ORDER_TYPES: readonly OrderType[] = ['market', 'limit', 'iceberg', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit', 'trailing-stop'];
export type TimeInForce = 'GTC' | 'IOC' | 'GTD';
/** REST order statuses. */
export type OrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';

/** An order request after parsing REST or WS parameters; both front ends produce this. */
export interface OrderRequest {
  pair: SimPair;
  side: Side;
  type: OrderType;
  qty: Fixed;
  /** Limit price: `price` for limit/iceberg, `price2` for *-limit types. */
  limitPrice?: Fixed;
  /** Trigger price for stop-loss / take-profit families. */
  triggerPrice?: Fixed;
  /** Trailing-stop distance from the best price since placement (absolute, or percent when `pct`). */
  trailingOffset?: { amount: Fixed; pct: boolean };
  triggerReference: 'last' | 'index';
  tif: TimeInForce;
  expireAt?: number; // sim ms, GTD
  postOnly: boolean;
  feeInBase: boolean;
  clOrdId?: string;
  userref?: number;
  validate: boolean;
  displayQty?: Fixed;
  /** Original relative price texts, kept for the order description. */
  priceText?: string;
}

export interface SimOrder {
  readonly id: string;
  readonly accountKey: string;
  readonly pair: SimPair;
  readonly side: Side;
  readonly type: OrderType;
  readonly req: OrderRequest;
  qty: Fixed;
  limitPrice?: Fixed;
  triggerPrice?: Fixed;
  status: OrderStatus;
  filled: Fixed;
  cost: Fixed;
  fee: Fixed;
  readonly openTime: number;
  closeTime?: number;
  reason?: string;
  readonly trades: string[];
  triggered: boolean;
  triggeredPrice?: Fixed;
  /** Best price seen since placement (trailing stops: max for sells, min for buys). */
  extreme?: Fixed;
  amended: boolean;
  lastChange: number;
  expireTimer?: number;
  readonly seq: number;
}

export interface TradeRecord {
  readonly id: string; // T...
  readonly orderId: string;
  readonly postxid: string;
  readonly pair: SimPair;
  readonly time: number;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly price: Fixed;
  readonly qty: Fixed;
  readonly cost: Fixed;
  readonly fee: Fixed;
  readonly feeAsset: SimAsset;
  readonly maker: boolean;
  readonly tradeId: number;
  readonly ledgers: string[];
}

export type LedgerType = 'trade' | 'deposit' | 'withdrawal' | 'adjustment';

export interface LedgerEntry {
  readonly id: string; // L...
  readonly refid: string;
  readonly time: number;
  readonly type: LedgerType;
  readonly asset: SimAsset;
  readonly amount: Fixed; // signed, excluding fee
  readonly fee: Fixed;
  readonly balance: Fixed; // after amount and fee
}

export type ExecType = 'pending_new' | 'new' | 'trade' | 'filled' | 'canceled' | 'expired' | 'amended' | 'restated' | 'status' | 'iceberg_refill';

export type EngineEvent =
  | { kind: 'exec'; accountKey: string; execType: ExecType; order: SimOrder; time: number; fill?: TradeRecord; reason?: string }
  | { kind: 'ledger'; accountKey: string; entry: LedgerEntry };

/** An API error carrying Kraken's exact error string (`EOrder:Insufficient funds`). */
export class KrakenError extends Error {
  constructor(readonly krakenError: string) {
    super(krakenError);
    this.name = 'KrakenError';
  }
}
