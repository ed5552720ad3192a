import { fromFloat, ONE, SCALE_DECIMALS, toNumber, ZERO, type Fixed } from '../decimal/fixed.ts';
import { EventLog } from '../hash/event-log.ts';
import type { Instrument } from '../instruments/instrument.ts';
import { Ledger, type LedgerFill, type MarkFn } from '../ledger/ledger.ts';
import { Bar } from '../market/bar.ts';
import { isTerminal, type Liquidity, type Order, type OrderStatus } from '../orders/order.ts';
import { nextStatus } from '../orders/order-state.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { parseRiskConfig, type TradingMode } from '../risk/risk-config.ts';
import { RiskEngine } from '../risk/risk-engine.ts';
import type { PreTradeCheck } from '../risk/pre-trade-check.ts';
import type { Strategy, StrategyContext, TimerView } from '../strategy/strategy.ts';
import type { FeeModel } from '../venue/sim/fee-model.ts';
import type { VenuePort } from '../venue/port.ts';
import { EventQueue } from './event-queue.ts';
import { Holds } from './holds.ts';
import { KernelError, type KernelOptions, type Notice, type ScheduledItem } from './kernel-options.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The kernel's state and the small operations every part of it shares (clock, event log,
 * scheduling, notices to the strategy, order status, marks). The public face is `Kernel`;
 * the order path, venue events, snapshots and the strategy context are separate modules
 * working on this one object, so that each file has one job and the state has one owner.
 */
export class KernelCore {
  readonly instruments: readonly Instrument[];
  readonly accountCurrency: string;
  ledger: Ledger;
  readonly risk: RiskEngine;
  random: SeededRandom;
  readonly strategy: Strategy;
  readonly venue: VenuePort;
  readonly fees: FeeModel | undefined;
  readonly log: EventLog;
  readonly queue = new EventQueue<ScheduledItem>();
  readonly bar = new Bar();
  readonly pairIndex = new Map<string, number>();
  readonly assetPair = new Map<string, number>();
  readonly snapDecimals: number[];
  readonly lastPx: Float64Array;
  readonly posF: Float64Array;
  /** The last price each exact mark was made from, and that mark: marks are asked for several times per order. */
  private readonly markFrom: Float64Array;
  private readonly markValue: Fixed[];
  readonly opts: KernelOptions;
  orders = new Map<string, Order>();
  openIds = new Set<string>();
  holds = new Holds();
  /** Halted strategy ids -> why (strategy-halts.ts); their new orders are rejected. Empty in backtests. */
  strategyHalts = new Map<string, string>();
  notices: Notice[] = [];
  /** The ledger input of the fill being booked (venue-events.ts), reused: the ledger keeps none of it. */
  readonly ledgerFill: Mutable<LedgerFill> = { execId: '', time: 0, base: '', quote: '', side: 'buy', qty: ZERO, price: ZERO, fee: ZERO, feeAsset: '', cost: undefined };
  clock = -Infinity;
  seq = 0;
  schedSeq = 0;
  clientCounter = 0;
  timerCounter = 0;
  sampleTime = -1;
  cashF = 0;
  equityF = 0;
  started = false;
  readonly watchDrawdown: boolean;
  readonly checks: readonly PreTradeCheck[];
  readonly checksWatchCandles: readonly PreTradeCheck[];
  readonly hasOnCandle: boolean;
  /** The strategy's view of the kernel; set once by the Kernel right after construction. */
  ctx!: StrategyContext;

  constructor(opts: KernelOptions) {
    this.opts = opts;
    this.instruments = opts.instruments;
    this.accountCurrency = opts.accountCurrency;
    this.strategy = opts.strategy;
    this.venue = opts.venue;
    this.fees = opts.fees ?? (opts.venue as { fees?: FeeModel }).fees;
    this.ledger = new Ledger(opts.accountCurrency);
    this.risk = new RiskEngine(opts.risk ?? parseRiskConfig({}));
    this.random = SeededRandom.fromSeed(opts.seed ?? 1);
    this.log = new EventLog(opts.onEvent);
    this.snapDecimals = [];
    opts.instruments.forEach((inst, i) => {
      if (inst.quote !== opts.accountCurrency) {
        throw new KernelError(`pair ${inst.symbol} is quoted in ${inst.quote}, not the account currency ${opts.accountCurrency}; run pairs of one quote currency together`);
      }
      if (this.pairIndex.has(inst.symbol)) throw new KernelError(`pair ${inst.symbol} listed twice`);
      if (this.assetPair.has(inst.base)) throw new KernelError(`two pairs trade ${inst.base}; one pair per base asset`);
      this.pairIndex.set(inst.symbol, i);
      this.assetPair.set(inst.base, i);
      this.snapDecimals.push(SCALE_DECIMALS - inst.lotDecimals);
    });
    this.lastPx = new Float64Array(opts.instruments.length).fill(NaN);
    this.posF = new Float64Array(opts.instruments.length);
    this.markFrom = new Float64Array(opts.instruments.length).fill(NaN);
    this.markValue = opts.instruments.map(() => ZERO);
    this.watchDrawdown = this.risk.config.maxDrawdown !== undefined;
    this.checks = [...(opts.checks ?? []), ...(opts.strategy.checks ?? [])];
    this.checksWatchCandles = this.checks.filter((c) => typeof c.onCandle === 'function');
    this.hasOnCandle = typeof this.strategy.onCandle === 'function';
  }

  // ---- pairs, prices, balances --------------------------------------------------------

  indexOf(pair: string): number {
    const p = this.pairIndex.get(pair);
    if (p === undefined) throw new KernelError(`unknown pair ${pair}; this run trades ${[...this.pairIndex.keys()].join(', ')}`);
    return p;
  }

  /** Last close (or trade) price of a pair; NaN before the first or for a pair this run does not trade. */
  lastPrice(pair: string): number {
    const p = this.pairIndex.get(pair);
    return p === undefined ? NaN : this.lastPx[p];
  }

  available(asset: string): Fixed {
    return this.ledger.balance(asset) - this.holds.held(asset);
  }

  feeRate(liquidity: Liquidity): Fixed {
    return this.fees?.rate(liquidity) ?? ZERO;
  }

  openOrderList(pair?: string): Order[] {
    const out: Order[] = [];
    for (const id of this.openIds) {
      const o = this.orders.get(id)!;
      if (pair === undefined || o.pair === pair) out.push(o);
    }
    return out;
  }

  /** Exact mark of an asset in the account currency (the last price snapped to the pair's exact grid). */
  readonly markFn: MarkFn = (asset: string): Fixed => {
    if (asset === this.accountCurrency) return ONE;
    const p = this.assetPair.get(asset);
    if (p === undefined) throw new KernelError(`no pair prices ${asset} in ${this.accountCurrency}`);
    if (!Number.isFinite(this.lastPx[p])) throw new KernelError(`no price yet for ${this.instruments[p].symbol}`);
    return this.lastMark(p);
  };

  /** The pair's last price snapped to its exact grid (fromFloat), computed once per price. */
  lastMark(p: number): Fixed {
    const px = this.lastPx[p];
    if (this.markFrom[p] === px) return this.markValue[p];
    const mark = fromFloat(px, this.snapDecimals[p]);
    this.markFrom[p] = px;
    this.markValue[p] = mark;
    return mark;
  }

  /** Mark that tolerates pairs with no price yet (their balance must then be zero). */
  readonly safeMark: MarkFn = (asset) => {
    const p = this.assetPair.get(asset);
    if (p !== undefined && !Number.isFinite(this.lastPx[p])) return ZERO;
    return this.markFn(asset);
  };

  /**
   * recomputeFloats after a fill of pair `p`: only its base and the account currency moved, so
   * only those two are converted again; the equity sum is the same expression, same order.
   */
  recomputeFloatsAfterFill(p: number): void {
    this.cashF = toNumber(this.ledger.balance(this.accountCurrency));
    this.posF[p] = toNumber(this.ledger.balance(this.instruments[p].base));
    const posF = this.posF;
    const lastPx = this.lastPx;
    let e = this.cashF;
    for (let i = 0; i < posF.length; i++) {
      const q = posF[i];
      if (q !== 0) e += q * lastPx[i];
    }
    this.equityF = e;
  }

  /** Re-derives the float cash, positions and equity from the exact ledger (after money moved). */
  recomputeFloats(): void {
    this.cashF = toNumber(this.ledger.balance(this.accountCurrency));
    let e = this.cashF;
    for (let p = 0; p < this.instruments.length; p++) {
      const q = toNumber(this.ledger.balance(this.instruments[p].base));
      this.posF[p] = q;
      if (q !== 0) e += q * this.lastPx[p];
    }
    this.equityF = e;
  }

  // ---- clock, log, queue ----------------------------------------------------------------

  advanceClock(time: number): void {
    if (time < this.clock) throw new KernelError(`event at ${time} is before the kernel clock ${this.clock}: events must come in time order`);
    this.clock = time;
  }

  append(line: string): void {
    this.log.append(line);
  }

  sample(): void {
    this.opts.onSample?.(this.sampleTime, this.equityF, this.cashF);
  }

  schedule(time: number, item: ScheduledItem): void {
    if (time < this.clock) throw new KernelError(`cannot schedule in the past (${time} < ${this.clock})`);
    this.queue.push({ time, seq: ++this.schedSeq, item });
  }

  /** Runs scheduled events (venue latency, strategy timers) due at or before `time`. */
  drainUntil(time: number): void {
    while (this.queue.size !== 0 && this.queue.peekTime() <= time) {
      const e = this.queue.pop()!;
      this.advanceClock(e.time);
      this.seq++;
      const item = e.item;
      if (item.kind === 'venue') {
        this.venue.onTimer?.(item.timer);
      } else {
        this.append(`${e.time}|${this.seq}|timer|${item.id}|${item.tag}`);
        this.strategy.onTimer?.(this.ctx, { id: item.id, time: e.time, tag: item.tag } satisfies TimerView);
      }
      this.flush();
    }
  }

  /** Delivers queued order updates and fills to the strategy; its reactions may queue more. */
  flush(): void {
    let guard = 0;
    while (this.notices.length) {
      const batch = this.notices;
      this.notices = [];
      for (const n of batch) {
        if (n.kind === 'order') this.strategy.onOrderUpdate?.(this.ctx, n.order);
        else this.strategy.onFill?.(this.ctx, n.fill);
      }
      if (++guard > 10_000) throw new KernelError('strategy keeps reacting to its own order updates without end');
    }
  }

  notify(order: Order): void {
    this.notices.push({ kind: 'order', order });
  }

  // ---- cash flows and trading mode ------------------------------------------------------

  afterCashFlow(): void {
    const before = this.equityF;
    this.recomputeFloats();
    this.risk.onCashFlow(this.equityF - before);
    this.flush();
  }

  changeMode(mode: TradingMode, reason: string): void {
    this.risk.setMode(mode, reason);
    this.append(`${this.clock}|${++this.seq}|mode|${mode}|${reason}`);
    this.opts.onLog?.(this.clock, `trading mode -> ${mode}`, { reason });
    if (mode === 'halted' && this.openIds.size) this.venue.cancelAll();
  }

  onDrawdownHalt(): void {
    this.append(`${this.clock}|${++this.seq}|risk-halt|${this.risk.whyHalted()}`);
    this.opts.onLog?.(this.clock, 'drawdown breaker tripped', { reason: this.risk.whyHalted() });
    if (this.openIds.size) this.venue.cancelAll();
    this.flush();
  }

  // ---- order records --------------------------------------------------------------------

  setStatus(order: Order, to: OrderStatus, time: number): void {
    order.status = nextStatus(order.clientId, order.status, to);
    order.updatedAt = time;
    if (isTerminal(to)) this.closeOrder(order);
  }

  closeOrder(order: Order): void {
    this.openIds.delete(order.clientId);
    this.holds.release(order.clientId);
    this.opts.onOrderClosed?.(order);
    if (!this.opts.retainClosedOrders) this.orders.delete(order.clientId);
  }
}
