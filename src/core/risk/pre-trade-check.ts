import type { Fixed } from '../decimal/fixed.ts';
import type { Instrument } from '../instruments/instrument.ts';
import type { Bar } from '../market/bar.ts';
import type { Order } from '../orders/order.ts';

/** What an extra pre-trade check may look at when an order is placed. Exact values. */
export interface PortfolioView {
  readonly now: number;
  readonly instruments: readonly Instrument[];
  /** Account equity in the account currency. */
  readonly equity: Fixed;
  /** Value of each pair's position (base balance x mark), in the account currency; 0 when flat. */
  positionValue(pair: string): Fixed;
  /** Quote reserved by open buy orders of a pair. */
  pendingBuys(pair: string): Fixed;
  /** Estimated notional of the order being checked (qty x reference price, or its quote amount). */
  readonly orderNotional: Fixed;
}

/**
 * A risk rule added on top of the kernel's own (portfolio limits, correlation caps, ...).
 * It runs on the order path after the built-in checks; a non-undefined answer rejects the
 * order with that reason code, which reports can count. It may watch candles to keep state
 * (rolling returns); that state must go through snapshot/restore like everything else.
 */
export interface PreTradeCheck {
  readonly name: string;
  check(order: Order, view: PortfolioView): { reason: string; detail: string } | undefined;
  onCandle?(bar: Bar): void;
  snapshot?(): unknown;
  restore?(state: unknown): void;
}
