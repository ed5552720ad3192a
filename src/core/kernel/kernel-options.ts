import type { Fixed } from '../decimal/fixed.ts';
import type { Instrument } from '../instruments/instrument.ts';
import type { Order } from '../orders/order.ts';
import type { RiskConfig } from '../risk/risk-config.ts';
import type { PreTradeCheck } from '../risk/pre-trade-check.ts';
import type { FillView, Strategy } from '../strategy/strategy.ts';
import type { FeeModel } from '../venue/sim/fee-model.ts';
import type { VenuePort, VenueTimer } from '../venue/port.ts';

/** A fill as recorded for results (the backtest stores these). */
export interface FillRecord extends FillView {
  readonly seq: number;
  readonly realizedPnl: Fixed;
}

export interface KernelOptions {
  readonly instruments: readonly Instrument[];
  readonly accountCurrency: string;
  readonly strategy: Strategy;
  readonly venue: VenuePort;
  /** Fee rates for sizing holds before fills exist; a SimulatedVenue's own model is used when omitted. */
  readonly fees?: FeeModel;
  readonly risk?: RiskConfig;
  /** Extra pre-trade rules after the built-in ones (portfolio limits and the like). */
  readonly checks?: readonly PreTradeCheck[];
  readonly seed?: number;
  readonly clientIdPrefix?: string;
  /** Close time of the last candle of a backtest, so strategies can ignore signals that could never fill. */
  readonly runEnd?: number;
  /** Every canonical event-log line, as it is hashed (journals, debugging). */
  readonly onEvent?: (line: string) => void;
  /** Equity (and the cash part of it) at the end of every distinct candle close time. Floats: for curves and metrics, not money. */
  readonly onSample?: (time: number, equity: number, cash: number) => void;
  readonly onFill?: (fill: FillRecord) => void;
  /** Called once when an order reaches a terminal state (filled, canceled, rejected, expired). */
  readonly onOrderClosed?: (order: Order) => void;
  /** Keep terminal orders in memory (default false: memory stays flat over long runs; use onOrderClosed to collect them). */
  readonly retainClosedOrders?: boolean;
  readonly onLog?: (time: number, message: string, fields?: Record<string, unknown>) => void;
  /** Values a strategy records with ctx.record (for reports; not hashed). */
  readonly onRecord?: (time: number, series: string, value: number | string) => void;
}

export class KernelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KernelError';
  }
}

/** What waits in the kernel's event queue: a venue's own timer (latency) or a strategy timer. */
export type ScheduledItem = { readonly kind: 'venue'; readonly timer: VenueTimer } | { readonly kind: 'timer'; readonly id: number; readonly tag: string };

/** An update queued for the strategy, delivered by the kernel's flush. */
export type Notice = { readonly kind: 'order'; readonly order: Order } | { readonly kind: 'fill'; readonly fill: FillView };
