import type { Fixed, RoundingMode } from '../decimal/fixed.ts';
import type { Instrument } from '../instruments/instrument.ts';
import type { Bar } from '../market/bar.ts';
import type { Order, OrderRequest, Liquidity } from '../orders/order.ts';
import type { TradingMode } from '../risk/risk-config.ts';
import type { PreTradeCheck } from '../risk/pre-trade-check.ts';

/** A fill as a strategy sees it. */
export interface FillView {
  readonly clientId: string;
  readonly execId: string;
  readonly pair: string;
  readonly side: 'buy' | 'sell';
  readonly time: number;
  readonly qty: Fixed;
  readonly price: Fixed;
  readonly fee: Fixed;
  readonly feeAsset: string;
  readonly liquidity: Liquidity;
  /** Strategy id of the order it filled (attribution); undefined for fills of orders the kernel does not hold. */
  readonly strategyId?: string;
}

export interface TimerView {
  readonly id: number;
  readonly time: number;
  readonly tag: string;
}

/**
 * Everything a strategy may see and do. Time is the kernel's event time; randomness is the
 * kernel's seeded generator. Orders go through risk checks; `submit` returns the order record
 * at once (status pending-new, or rejected with a reason code) and updates arrive as events.
 */
export interface StrategyContext {
  now(): number;
  /** Close time of the run's last candle when known (backtests); undefined in live trading. */
  runEnd(): number | undefined;
  instruments(): readonly Instrument[];
  instrument(pair: string): Instrument;
  /** Balance of an asset (exact). */
  balance(asset: string): Fixed;
  /** Balance minus what open orders reserve. */
  available(asset: string): Fixed;
  /** Base quantity held for a pair (sum of its open FIFO lots). */
  position(pair: string): Fixed;
  openOrders(pair?: string): readonly Order[];
  order(clientId: string): Order | undefined;
  /** Last close (or trade) price seen for a pair; NaN before the first. */
  lastPrice(pair: string): number;
  /** Equity in the account currency at last prices (float, for sizing decisions only). */
  equity(): number;
  submit(request: OrderRequest): Order;
  cancel(clientId: string): void;
  cancelAll(pair?: string): void;
  setTimer(time: number, tag: string): number;
  cancelTimer(id: number): void;
  /** Kernel's seeded random source in [0, 1). */
  random(): number;
  tradingMode(): TradingMode;
  /** Rounds a quantity to the pair's lot precision, a price to its tick. */
  roundQty(pair: string, qty: Fixed, mode?: RoundingMode): Fixed;
  roundPrice(pair: string, price: Fixed, mode?: RoundingMode): Fixed;
  /** Taker and maker fee rates the venue charges (fractions), for sizing. */
  feeRate(liquidity: Liquidity): Fixed;
  /**
   * Records a named value at the current time (a regime label, an allocation weight, an
   * indicator) for reports and notebooks. Not part of the hash; has no effect on trading.
   */
  record(series: string, value: number | string): void;
  /** Structured note in the run's log (not part of the hash). */
  log(message: string, fields?: Record<string, unknown>): void;
}

/**
 * A strategy: plain callbacks, all optional. `bar` is a reused view: read it, do not keep it.
 * State the strategy wants to survive snapshot/restore goes through snapshot()/restore().
 */
export interface Strategy {
  readonly name: string;
  /** Risk rules this strategy brings (e.g. portfolio limits); the kernel runs them on every order after its own. */
  readonly checks?: readonly PreTradeCheck[];
  /**
   * The strategyIds its orders may carry besides `name` (a composite's members), known before
   * any order: a member can be halted, and is listed, before it first trades.
   */
  readonly strategyIds?: readonly string[];
  onStart?(ctx: StrategyContext): void;
  onCandle?(ctx: StrategyContext, bar: Bar): void;
  onOrderUpdate?(ctx: StrategyContext, order: Order): void;
  onFill?(ctx: StrategyContext, fill: FillView): void;
  onTimer?(ctx: StrategyContext, timer: TimerView): void;
  onStop?(ctx: StrategyContext): void;
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

/** A named way to build a strategy from string parameters (CLI `--param k=v`), with validation. */
export interface StrategyFactory {
  readonly name: string;
  readonly description: string;
  /** Parameter names with defaults and a one-line description each. */
  readonly params: Readonly<Record<string, { readonly default: string; readonly description: string }>>;
  create(params: Readonly<Record<string, string>>): Strategy;
}
