import {
  formatFixed,
  fromFloat,
  hasAtMostDecimals,
  mul,
  mulExact,
  ONE,
  roundTo,
  SCALE_DECIMALS,
  toNumber,
  ZERO,
  type Fixed,
  type RoundingMode,
} from '../decimal/fixed.ts';
import { EventLog, type EventLogSnapshot } from '../hash/event-log.ts';
import type { Instrument } from '../instruments/instrument.ts';
import { Ledger, type LedgerSnapshot, type MarkFn } from '../ledger/ledger.ts';
import { Bar } from '../market/bar.ts';
import type { CandleBatch } from '../market/candle-batch.ts';
import { isTerminal, needsTrigger, type Liquidity, type Order, type OrderRequest, type OrderStatus } from '../orders/order.ts';
import { nextStatus } from '../orders/order-state.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { parseRiskConfig, type RiskConfig, type TradingMode } from '../risk/risk-config.ts';
import { RiskEngine, type RiskRejectReason, type RiskSnapshot } from '../risk/risk-engine.ts';
import type { PortfolioView, PreTradeCheck } from '../risk/pre-trade-check.ts';
import type { FillView, Strategy, StrategyContext, TimerView } from '../strategy/strategy.ts';
import type { FeeModel } from '../venue/sim/fee-model.ts';
import type { VenueEvent, VenueHost, VenueOrder, VenuePort, VenueTimer } from '../venue/port.ts';
import { EventQueue } from './event-queue.ts';
import { Holds } from './holds.ts';

type ScheduledItem = { readonly kind: 'venue'; readonly timer: VenueTimer } | { readonly kind: 'timer'; readonly id: number; readonly tag: string };

type Notice = { readonly kind: 'order'; readonly order: Order } | { readonly kind: 'fill'; readonly fill: FillView };

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
  /** Equity at the end of every distinct candle close time. */
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

/**
 * The deterministic kernel (DESIGN.md): one event loop ordered by (timestamp, sequence), a
 * clock driven only by events, the strategy host, the risk engine and order state machine on
 * the order path, and the exact FIFO ledger. Backtest, paper and live differ only in the feed
 * that calls onCandles/onVenueEvent and in the venue plugged in.
 */
export class Kernel {
  readonly instruments: readonly Instrument[];
  readonly accountCurrency: string;
  readonly ledger: Ledger;
  readonly risk: RiskEngine;
  readonly random: SeededRandom;
  private readonly strategy: Strategy;
  private readonly venue: VenuePort;
  private readonly fees: FeeModel | undefined;
  private readonly log: EventLog;
  private readonly queue = new EventQueue<ScheduledItem>();
  private readonly bar = new Bar();
  private readonly ctx: StrategyContext;
  private readonly pairIndex = new Map<string, number>();
  private readonly assetPair = new Map<string, number>();
  private readonly snapDecimals: number[];
  private readonly lastPx: Float64Array;
  private readonly posF: Float64Array;
  private readonly opts: KernelOptions;
  private orders = new Map<string, Order>();
  private openIds = new Set<string>();
  private holds = new Holds();
  private notices: Notice[] = [];
  private clock = -Infinity;
  private seq = 0;
  private schedSeq = 0;
  private clientCounter = 0;
  private timerCounter = 0;
  private sampleTime = -1;
  private cashF = 0;
  private equityF = 0;
  private started = false;
  private readonly watchDrawdown: boolean;
  private readonly checks: readonly PreTradeCheck[];
  private readonly checksWatchCandles: readonly PreTradeCheck[];
  private readonly hasOnCandle: boolean;

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
    this.watchDrawdown = this.risk.config.maxDrawdown !== undefined;
    this.checks = [...(opts.checks ?? []), ...(opts.strategy.checks ?? [])];
    this.checksWatchCandles = this.checks.filter((c) => typeof c.onCandle === 'function');
    this.hasOnCandle = typeof this.strategy.onCandle === 'function';
    this.ctx = this.makeContext();
    this.venue.connect(this.makeVenueHost());
  }

  // ---- inputs -------------------------------------------------------------------------

  /** Starts the strategy at `time` (the first event time of the run). */
  start(time: number): void {
    if (this.started) throw new KernelError('kernel already started');
    this.started = true;
    this.advanceClock(time);
    this.append(`${time}|${++this.seq}|start|${this.strategy.name}`);
    this.strategy.onStart?.(this.ctx);
    this.flush();
  }

  /** Stops the run at `time`: last equity sample, strategy's onStop. Open positions stay (marked to the last price). */
  stop(time: number): void {
    this.drainUntil(time);
    this.advanceClock(time);
    if (this.sampleTime >= 0) this.sample();
    this.sampleTime = -1;
    this.append(`${time}|${++this.seq}|stop`);
    this.strategy.onStop?.(this.ctx);
    this.flush();
  }

  deposit(time: number, asset: string, amount: Fixed): void {
    this.drainUntil(time);
    this.advanceClock(time);
    const seq = ++this.seq;
    this.ledger.deposit(time, asset, amount, `dep-${seq}`, this.markFn);
    this.append(`${time}|${seq}|deposit|${asset}|${formatFixed(amount)}`);
    this.afterCashFlow();
  }

  withdraw(time: number, asset: string, amount: Fixed): void {
    this.drainUntil(time);
    this.advanceClock(time);
    const seq = ++this.seq;
    const free = this.available(asset);
    if (amount > free) throw new KernelError(`cannot withdraw ${formatFixed(amount)} ${asset}: ${formatFixed(free)} is free of open orders`);
    this.ledger.withdraw(time, asset, amount, `wd-${seq}`, this.markFn);
    this.append(`${time}|${seq}|withdrawal|${asset}|${formatFixed(amount)}`);
    this.afterCashFlow();
  }

  /** The kill switch: halted (cancels open orders), reducing-only, or active again. */
  setTradingMode(time: number, mode: TradingMode, reason: string): void {
    this.drainUntil(time);
    this.advanceClock(time);
    this.changeMode(mode, reason);
    this.flush();
  }

  /**
   * The hot path. Candles must come in (close time, pair) order across calls. Scheduled
   * events due at or before a candle's close run first; then the venue fills resting orders
   * from the candle, then the strategy sees it.
   */
  onCandles(batch: CandleBatch): void {
    const n = batch.length;
    const interval = batch.intervalMs;
    const pairs = batch.pair;
    const openTime = batch.openTime;
    const open = batch.open;
    const high = batch.high;
    const low = batch.low;
    const close = batch.close;
    const volume = batch.volume;
    const bar = this.bar;
    const lastPx = this.lastPx;
    const posF = this.posF;
    const venue = this.venue;
    const nPairs = lastPx.length;
    const log = this.log;
    for (let i = 0; i < n; i++) {
      const t = openTime[i] + interval;
      const p = pairs[i];
      if (t < this.clock) throw new KernelError(`candle for ${this.instruments[p]?.symbol ?? p} closing at ${new Date(t).toISOString()} arrived after ${new Date(this.clock).toISOString()}: candles must come in time order`);
      if (p >= nPairs) throw new KernelError(`candle has pair index ${p} but the run has ${nPairs} pairs`);
      if (this.queue.size !== 0 && this.queue.peekTime() <= t) this.drainUntil(t);
      if (t !== this.sampleTime) {
        if (this.sampleTime >= 0) this.sample();
        this.sampleTime = t;
      }
      this.clock = t;
      this.seq++;
      const c = close[i];
      bar.pairIndex = p;
      bar.symbol = this.instruments[p].symbol;
      bar.openTime = openTime[i];
      bar.closeTime = t;
      bar.open = open[i];
      bar.high = high[i];
      bar.low = low[i];
      bar.close = c;
      bar.volume = volume[i];
      bar.trades = batch.trades[i];
      log.candle(p, openTime[i], open[i], high[i], low[i], c, volume[i]);
      const prev = lastPx[p];
      lastPx[p] = c;
      const q = posF[p];
      if (q !== 0) this.equityF += q * (c - prev);
      if (this.checksWatchCandles.length) for (const c of this.checksWatchCandles) c.onCandle!(bar);
      if (venue.hasWork === undefined || venue.hasWork(p)) {
        venue.onBar?.(bar);
        if (this.notices.length) this.flush();
      }
      if (this.hasOnCandle) {
        this.strategy.onCandle!(this.ctx, bar);
        if (this.notices.length) this.flush();
      }
      if (this.watchDrawdown && this.risk.observeEquity(this.equityF)) this.onDrawdownHalt();
    }
  }

  /** A venue event from outside (live venues); the simulated venue reports through the same path. */
  onVenueEvent(ev: VenueEvent): void {
    this.drainUntil(ev.time);
    this.advanceClock(ev.time);
    this.handleVenueEvent(ev);
    this.flush();
  }

  /** Runs scheduled events (timers, latency) due at or before `time`; live runners call it from their clock. */
  advanceTo(time: number): void {
    this.drainUntil(time);
    this.advanceClock(time);
  }

  /** Records the last trade price of a pair without a candle (live quotes for paper fills and marks). */
  markPrice(pair: string, price: number): void {
    const p = this.indexOf(pair);
    const prev = this.lastPx[p];
    this.lastPx[p] = price;
    if (this.posF[p] !== 0) this.equityF += this.posF[p] * (price - prev);
  }

  // ---- queries ------------------------------------------------------------------------

  now(): number {
    return this.clock;
  }

  hash(): string {
    return this.log.hash();
  }

  eventCount(): number {
    return this.log.eventCount();
  }

  candleCount(): number {
    return this.log.candleCount();
  }

  orderList(): Order[] {
    return [...this.orders.values()];
  }

  openOrderList(pair?: string): Order[] {
    const out: Order[] = [];
    for (const id of this.openIds) {
      const o = this.orders.get(id)!;
      if (pair === undefined || o.pair === pair) out.push(o);
    }
    return out;
  }

  available(asset: string): Fixed {
    return this.ledger.balance(asset) - this.holds.held(asset);
  }

  lastPrice(pair: string): number {
    return this.lastPx[this.indexOf(pair)];
  }

  /** Exact mark of an asset in the account currency (the last price snapped to the pair's exact grid). */
  readonly markFn: MarkFn = (asset: string): Fixed => {
    if (asset === this.accountCurrency) return ONE;
    const p = this.assetPair.get(asset);
    if (p === undefined) throw new KernelError(`no pair prices ${asset} in ${this.accountCurrency}`);
    const px = this.lastPx[p];
    if (!Number.isFinite(px)) throw new KernelError(`no price yet for ${this.instruments[p].symbol}`);
    return fromFloat(px, this.snapDecimals[p]);
  };

  equity(): Fixed {
    return this.ledger.equity(this.markFn);
  }

  /** Float equity kept incrementally for the hot path (drawdown breaker, samples). */
  equityApprox(): number {
    return this.equityF;
  }

  tradingMode(): TradingMode {
    return this.risk.mode();
  }

  // ---- snapshot / restore --------------------------------------------------------------

  snapshot(): KernelSnapshot {
    return {
      version: 1,
      clock: this.clock,
      seq: this.seq,
      schedSeq: this.schedSeq,
      clientCounter: this.clientCounter,
      timerCounter: this.timerCounter,
      sampleTime: this.sampleTime,
      started: this.started,
      cashF: this.cashF,
      equityF: this.equityF,
      lastPx: [...this.lastPx].map((x) => (Number.isFinite(x) ? x : null)),
      posF: [...this.posF],
      queue: this.queue.entries().map((e) => ({ time: e.time, seq: e.seq, item: e.item })),
      orders: [...this.orders.values()].map(encodeKernelOrder),
      open: [...this.openIds],
      holds: this.holds.snapshot(),
      ledger: this.ledger.snapshot(),
      risk: this.risk.snapshot(),
      random: this.random.state(),
      log: this.log.snapshot(),
      venue: this.venue.snapshot?.() ?? null,
      strategy: this.strategy.snapshot?.() ?? null,
      checks: this.checks.map((c) => c.snapshot?.() ?? null),
    };
  }

  /** A kernel built from the same options, continuing exactly where the snapshot was taken. */
  static restore(snap: KernelSnapshot, opts: KernelOptions): Kernel {
    const k = new Kernel(opts);
    k.clock = snap.clock;
    k.seq = snap.seq;
    k.schedSeq = snap.schedSeq;
    k.clientCounter = snap.clientCounter;
    k.timerCounter = snap.timerCounter;
    k.sampleTime = snap.sampleTime;
    k.started = snap.started;
    k.cashF = snap.cashF;
    k.equityF = snap.equityF;
    snap.lastPx.forEach((x, i) => (k.lastPx[i] = x === null ? NaN : x));
    snap.posF.forEach((x, i) => (k.posF[i] = x));
    for (const e of snap.queue) k.queue.push(e);
    k.orders = new Map(snap.orders.map((o) => [o.clientId, decodeKernelOrder(o)]));
    k.openIds = new Set(snap.open);
    k.holds = Holds.restore(snap.holds);
    (k as { ledger: Ledger }).ledger = Ledger.restore(snap.ledger);
    k.risk.restore(snap.risk);
    (k as { random: SeededRandom }).random = SeededRandom.fromState(snap.random);
    k.log.restore(snap.log);
    if (snap.venue !== null) k.venue.restore?.(snap.venue);
    if (snap.strategy !== null) k.strategy.restore?.(snap.strategy);
    (snap.checks ?? []).forEach((state, i) => {
      if (state !== null) k.checks[i]?.restore?.(state);
    });
    return k;
  }

  // ---- internals ----------------------------------------------------------------------

  private indexOf(pair: string): number {
    const p = this.pairIndex.get(pair);
    if (p === undefined) throw new KernelError(`unknown pair ${pair}; this run trades ${[...this.pairIndex.keys()].join(', ')}`);
    return p;
  }

  private advanceClock(time: number): void {
    if (time < this.clock) throw new KernelError(`event at ${time} is before the kernel clock ${this.clock}: events must come in time order`);
    this.clock = time;
  }

  private append(line: string): void {
    this.log.append(line);
  }

  private sample(): void {
    this.opts.onSample?.(this.sampleTime, this.equityF, this.cashF);
  }

  private drainUntil(time: number): void {
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

  private schedule(time: number, item: ScheduledItem): void {
    if (time < this.clock) throw new KernelError(`cannot schedule in the past (${time} < ${this.clock})`);
    this.queue.push({ time, seq: ++this.schedSeq, item });
  }

  /** Delivers queued order updates and fills to the strategy; its reactions may queue more. */
  private flush(): void {
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

  private recomputeFloats(): void {
    this.cashF = toNumber(this.ledger.balance(this.accountCurrency));
    let e = this.cashF;
    for (let p = 0; p < this.instruments.length; p++) {
      const q = toNumber(this.ledger.balance(this.instruments[p].base));
      this.posF[p] = q;
      if (q !== 0) e += q * this.lastPx[p];
    }
    this.equityF = e;
  }

  private afterCashFlow(): void {
    const before = this.equityF;
    this.recomputeFloats();
    this.risk.onCashFlow(this.equityF - before);
    this.flush();
  }

  private changeMode(mode: TradingMode, reason: string): void {
    this.risk.setMode(mode, reason);
    this.append(`${this.clock}|${++this.seq}|mode|${mode}|${reason}`);
    this.opts.onLog?.(this.clock, `trading mode -> ${mode}`, { reason });
    if (mode === 'halted' && this.openIds.size) this.venue.cancelAll();
  }

  private onDrawdownHalt(): void {
    this.append(`${this.clock}|${++this.seq}|risk-halt|${this.risk.whyHalted()}`);
    this.opts.onLog?.(this.clock, 'drawdown breaker tripped', { reason: this.risk.whyHalted() });
    if (this.openIds.size) this.venue.cancelAll();
    this.flush();
  }

  private notify(order: Order): void {
    this.notices.push({ kind: 'order', order });
  }

  private setStatus(order: Order, to: OrderStatus, time: number): void {
    order.status = nextStatus(order.clientId, order.status, to);
    order.updatedAt = time;
    if (isTerminal(to)) this.closeOrder(order);
  }

  private closeOrder(order: Order): void {
    this.openIds.delete(order.clientId);
    this.holds.release(order.clientId);
    this.opts.onOrderClosed?.(order);
    if (!this.opts.retainClosedOrders) this.orders.delete(order.clientId);
  }

  // ---- order path ---------------------------------------------------------------------

  private submit(req: OrderRequest): Order {
    const time = this.clock;
    const clientId = req.clientId ?? `${this.opts.clientIdPrefix ?? 'o'}${++this.clientCounter}`;
    const pairIndex = this.pairIndex.get(req.pair) ?? -1;
    const order: Order = {
      clientId,
      pair: req.pair,
      pairIndex,
      side: req.side,
      type: req.type,
      qty: req.qty ?? ZERO,
      quoteQty: req.quoteQty,
      limitPrice: req.limitPrice,
      triggerPrice: req.triggerPrice,
      trailOffset: req.trailOffset,
      trailIsPercent: req.trailIsPercent ?? false,
      postOnly: req.postOnly ?? false,
      timeInForce: req.timeInForce ?? 'gtc',
      expireAt: req.expireAt,
      tag: req.tag,
      strategyId: req.strategyId ?? this.strategy.name,
      createdAt: time,
      status: 'pending-new',
      venueOrderId: undefined,
      filledQty: ZERO,
      filledCost: ZERO,
      fees: ZERO,
      reason: undefined,
      updatedAt: time,
    };
    const seq = ++this.seq;
    if (this.orders.has(clientId)) {
      // Never overwrite the record of an existing order; answer with a rejected stand-in.
      return this.rejectNew({ ...order, clientId: `${clientId}#dup${seq}` }, seq, 'invalid-order', `client order id ${clientId} is already in use`);
    }
    this.orders.set(clientId, order);
    this.append(`${time}|${seq}|submit|${describe(order)}`);
    this.opts.onLog?.(time, 'order submitted', { clientId, pair: order.pair, side: order.side, type: order.type, tag: order.tag });
    const invalid = this.validate(order);
    if (invalid) return this.rejectNew(order, seq, invalid[0], invalid[1]);
    const inst = this.instruments[pairIndex];
    const hold = this.holdFor(order);
    const notional = order.quoteQty ?? mul(order.qty, this.referencePrice(order), 'up');
    const mark = Number.isFinite(this.lastPx[pairIndex]) ? this.markFn(inst.base) : ZERO;
    let pairExposure = mulExact(this.ledger.balance(inst.base), mark);
    for (const id of this.openIds) {
      const o = this.orders.get(id)!;
      if (o.pairIndex === pairIndex && o.side === 'buy') pairExposure += this.holds.of(id);
    }
    const verdict = this.risk.check({
      side: order.side,
      notional,
      cashNeeded: order.side === 'buy' ? hold : ZERO,
      cashAvailable: this.available(inst.quote),
      qtyToSell: order.side === 'sell' ? order.qty : ZERO,
      baseAvailable: this.available(inst.base),
      pairExposure,
      equity: Number.isFinite(this.lastPx[pairIndex]) ? this.ledger.equity(this.safeMark) : this.ledger.balance(this.accountCurrency),
    });
    if (!verdict.ok) return this.rejectNew(order, seq, verdict.reason!, verdict.detail!);
    if (this.checks.length) {
      const view = this.portfolioView(notional);
      for (const c of this.checks) {
        const r = c.check(order, view);
        if (r) return this.rejectNew(order, seq, r.reason, r.detail);
      }
    }
    this.holds.set(clientId, order.side === 'buy' ? inst.quote : inst.base, hold);
    this.openIds.add(clientId);
    this.venue.submit(toVenueOrder(order));
    return order;
  }

  private portfolioView(orderNotional: Fixed): PortfolioView {
    const pending = (pair: string) => {
      let sum = ZERO;
      for (const id of this.openIds) {
        const o = this.orders.get(id)!;
        if (o.pair === pair && o.side === 'buy') sum += this.holds.of(id);
      }
      return sum;
    };
    return {
      now: this.clock,
      instruments: this.instruments,
      equity: this.ledger.equity(this.safeMark),
      positionValue: (pair) => {
        const inst = this.instruments[this.indexOf(pair)];
        return mulExact(this.ledger.balance(inst.base), this.safeMark(inst.base));
      },
      pendingBuys: pending,
      orderNotional,
    };
  }

  /** Mark that tolerates pairs with no price yet (their balance must then be zero). */
  private readonly safeMark: MarkFn = (asset) => {
    const p = this.assetPair.get(asset);
    if (p !== undefined && !Number.isFinite(this.lastPx[p])) return ZERO;
    return this.markFn(asset);
  };

  private rejectNew(order: Order, seq: number, reason: RiskRejectReason | string, detail: string): Order {
    order.status = nextStatus(order.clientId, order.status, 'rejected');
    order.reason = `${reason}: ${detail}`;
    this.closeOrder(order);
    this.append(`${this.clock}|${seq}|reject|${order.clientId}|${reason}`);
    this.opts.onLog?.(this.clock, 'order rejected', { clientId: order.clientId, reason, detail });
    this.notify(order);
    return order;
  }

  private validate(o: Order): [RiskRejectReason, string] | undefined {
    if (o.pairIndex < 0) return ['unknown-pair', `unknown pair ${o.pair}; this run trades ${[...this.pairIndex.keys()].join(', ')}`];
    const inst = this.instruments[o.pairIndex];
    const hasQty = o.qty > ZERO;
    if (o.quoteQty !== undefined) {
      if (o.type !== 'market' || o.side !== 'buy') return ['invalid-order', 'a quote amount is only for market buys'];
      if (hasQty) return ['invalid-order', 'give either qty or quoteQty, not both'];
      if (o.quoteQty <= ZERO) return ['invalid-order', 'quote amount must be positive'];
      if (o.quoteQty < inst.minCost) return ['below-minimum', `quote amount is below the minimum cost ${formatFixed(inst.minCost)}`];
    } else {
      if (!hasQty) return ['invalid-order', 'quantity must be positive'];
      if (!hasAtMostDecimals(o.qty, inst.lotDecimals)) return ['invalid-precision', `quantity ${formatFixed(o.qty)} has more than ${inst.lotDecimals} decimals`];
      if (o.qty < inst.minQty) return ['below-minimum', `quantity ${formatFixed(o.qty)} is below the minimum ${formatFixed(inst.minQty)}`];
    }
    const limitLike = o.type === 'limit' || o.type === 'stop-loss-limit' || o.type === 'take-profit-limit';
    if (limitLike !== (o.limitPrice !== undefined)) return ['invalid-order', limitLike ? `${o.type} needs a limit price` : `${o.type} takes no limit price`];
    if (needsTrigger(o.type) !== (o.triggerPrice !== undefined)) return ['invalid-order', needsTrigger(o.type) ? `${o.type} needs a trigger price` : `${o.type} takes no trigger price`];
    if ((o.type === 'trailing-stop') !== (o.trailOffset !== undefined)) return ['invalid-order', o.type === 'trailing-stop' ? 'trailing-stop needs a trail offset' : `${o.type} takes no trail offset`];
    for (const [name, price] of [['limit', o.limitPrice], ['trigger', o.triggerPrice]] as const) {
      if (price === undefined) continue;
      if (price <= ZERO) return ['invalid-order', `${name} price must be positive`];
      if (!hasAtMostDecimals(price, inst.priceDecimals)) return ['invalid-precision', `${name} price ${formatFixed(price)} is off the ${inst.priceDecimals}-decimal tick`];
    }
    if (o.trailOffset !== undefined && (o.trailOffset <= ZERO || (o.trailIsPercent && o.trailOffset >= ONE))) return ['invalid-order', 'trail offset must be positive (and below 1 as a fraction)'];
    if (o.postOnly && o.type !== 'limit') return ['invalid-order', 'post-only is for limit orders'];
    if (o.timeInForce === 'ioc' && o.type !== 'limit' && o.type !== 'market') return ['invalid-order', 'IOC is for limit and market orders'];
    if (o.postOnly && o.timeInForce === 'ioc') return ['invalid-order', 'post-only and IOC exclude each other'];
    if (o.timeInForce === 'gtd' && (o.expireAt === undefined || o.expireAt <= this.clock)) return ['invalid-order', 'gtd needs an expiry time in the future'];
    if (!Number.isFinite(this.lastPx[o.pairIndex]) && o.quoteQty === undefined && !limitLike && o.triggerPrice === undefined) {
      return ['invalid-order', `no price seen yet for ${o.pair}`];
    }
    if (o.quoteQty === undefined && inst.minCost > ZERO) {
      const cost = mul(o.qty, this.referencePrice(o), 'down');
      if (cost < inst.minCost) return ['below-minimum', `order cost ${formatFixed(cost)} is below the minimum ${formatFixed(inst.minCost)}`];
    }
    return undefined;
  }

  /** The price an order is sized and checked at before any fill: its limit, its trigger, or the last price. */
  private referencePrice(o: Order): Fixed {
    if (o.limitPrice !== undefined) return o.limitPrice;
    if (o.triggerPrice !== undefined) return o.triggerPrice;
    const last = fromFloat(this.lastPx[o.pairIndex], this.snapDecimals[o.pairIndex]);
    if (o.type === 'trailing-stop' && o.side === 'buy' && o.trailOffset !== undefined) {
      return o.trailIsPercent ? mul(last, ONE + o.trailOffset, 'up') : last + o.trailOffset;
    }
    return last;
  }

  /** What an order reserves: base for sells; for buys the quote amount, or qty x reference x (1 + taker fee). */
  private holdFor(o: Order): Fixed {
    if (o.side === 'sell') return o.qty - o.filledQty;
    if (o.quoteQty !== undefined) {
      const left = o.quoteQty - o.filledCost - o.fees;
      return left > ZERO ? left : ZERO;
    }
    const rate = this.feeRate('taker');
    return mul(mul(o.qty - o.filledQty, this.referencePrice(o), 'up'), ONE + rate, 'up');
  }

  private feeRate(liquidity: Liquidity): Fixed {
    return this.fees?.rate(liquidity) ?? ZERO;
  }

  private cancel(clientId: string): void {
    const o = this.orders.get(clientId);
    if (!o) throw new KernelError(`cannot cancel unknown order ${clientId}`);
    if (isTerminal(o.status)) return;
    this.append(`${this.clock}|${++this.seq}|cancel-request|${clientId}`);
    this.venue.cancel(clientId);
  }

  private handleVenueEvent(ev: VenueEvent): void {
    const order = this.orders.get(ev.clientId);
    if (!order) {
      if (ev.kind === 'fill') return this.applyExternalFill(ev);
      this.opts.onLog?.(this.clock, 'venue event for an unknown order ignored', { kind: ev.kind, clientId: ev.clientId });
      return;
    }
    const time = ev.time;
    switch (ev.kind) {
      case 'accepted':
        if (order.status !== 'pending-new' && order.status !== 'unknown') return; // duplicate ack
        this.setStatus(order, 'open', time);
        order.venueOrderId = ev.venueOrderId;
        this.append(`${time}|${++this.seq}|accepted|${order.clientId}|${ev.venueOrderId}`);
        this.notify(order);
        return;
      case 'rejected':
        if (isTerminal(order.status)) return;
        this.setStatus(order, 'rejected', time);
        order.reason = ev.reason;
        this.append(`${time}|${++this.seq}|rejected|${order.clientId}|${ev.reason}`);
        this.notify(order);
        return;
      case 'canceled':
      case 'expired':
        if (isTerminal(order.status)) return;
        this.setStatus(order, ev.kind, time);
        order.reason = ev.kind === 'canceled' ? ev.reason : 'expired';
        this.append(`${time}|${++this.seq}|${ev.kind}|${order.clientId}|${order.reason}`);
        this.notify(order);
        return;
      case 'cancel-rejected':
        this.opts.onLog?.(time, 'cancel rejected by venue', { clientId: order.clientId, reason: ev.reason });
        return;
      case 'unknown':
        // Only an order still waiting for its acknowledgement can become unknown; it keeps its
        // funds reserved, and reconciliation's accepted/fill/canceled/rejected settles it.
        if (order.status !== 'pending-new') return;
        this.setStatus(order, 'unknown', time);
        order.reason = ev.reason;
        this.append(`${time}|${++this.seq}|unknown|${order.clientId}|${ev.reason}`);
        this.notify(order);
        return;
      case 'fill':
        this.applyFill(order, ev);
        return;
    }
  }

  private applyFill(order: Order, ev: Extract<VenueEvent, { kind: 'fill' }>): void {
    const inst = this.instruments[order.pairIndex];
    if (this.ledger.hasApplied(ev.execId)) return; // the same execution again: idempotent
    // A fill reported after the order was canceled or expired (a race at the venue, or one that
    // reconciliation found) happened: money moved, so it is booked, and the order keeps its
    // terminal status (Kraken too shows canceled orders with vol_exec > 0). Anything else must be
    // a legal transition; an impossible report is refused before any money moves.
    const late = order.status === 'canceled' || order.status === 'expired';
    if (!late) nextStatus(order.clientId, order.status === 'pending-new' ? 'open' : order.status, ev.orderStatus);
    if (order.quoteQty === undefined && order.filledQty + ev.qty > order.qty) {
      throw new KernelError(`fill ${ev.execId} of ${formatFixed(ev.qty)} would overfill order ${order.clientId} (${formatFixed(order.filledQty)} of ${formatFixed(order.qty)} filled)`);
    }
    const realizedBefore = this.ledger.realizedPnl();
    const applied = this.ledger.applyFill({
      execId: ev.execId,
      time: ev.time,
      base: inst.base,
      quote: inst.quote,
      side: order.side,
      qty: ev.qty,
      price: ev.price,
      fee: ev.fee,
      feeAsset: ev.feeAsset,
      cost: ev.cost,
    });
    if (!applied) return; // the same execution again: idempotent
    order.filledQty += ev.qty;
    order.filledCost += ev.cost ?? mulExact(ev.qty, ev.price);
    if (ev.feeAsset === inst.quote) order.fees += ev.fee;
    if (!late) {
      if (order.status === 'pending-new') this.setStatus(order, 'open', ev.time);
      this.setStatus(order, ev.orderStatus, ev.time);
      if (!isTerminal(order.status)) this.holds.set(order.clientId, order.side === 'buy' ? inst.quote : inst.base, this.holdFor(order));
    }
    const seq = ++this.seq;
    const cost = ev.cost === undefined ? '' : `|cost=${formatFixed(ev.cost)}`;
    this.append(`${ev.time}|${seq}|${late ? 'late-fill' : 'fill'}|${order.clientId}|${ev.execId}|${order.side}|${formatFixed(ev.qty)}|${formatFixed(ev.price)}|${formatFixed(ev.fee)}|${ev.feeAsset}|${ev.liquidity}${cost}`);
    if (late) this.opts.onLog?.(ev.time, 'fill booked for an order already closed', { clientId: order.clientId, status: order.status, execId: ev.execId });
    this.recomputeFloats();
    const fill: FillView = {
      clientId: order.clientId,
      execId: ev.execId,
      pair: order.pair,
      side: order.side,
      time: ev.time,
      qty: ev.qty,
      price: ev.price,
      fee: ev.fee,
      feeAsset: ev.feeAsset,
      liquidity: ev.liquidity,
      strategyId: order.strategyId,
    };
    this.opts.onFill?.({ ...fill, seq, realizedPnl: this.ledger.realizedPnl() - realizedBefore });
    this.notices.push({ kind: 'fill', fill });
    this.notify(order);
  }

  /**
   * A fill for an order the kernel does not hold (closed and evicted, or placed outside the
   * kernel and found by reconciliation). Money moved at the venue, so it is booked; it needs
   * the pair and side to be booked at all, and a fill that cannot be booked is an error.
   */
  private applyExternalFill(ev: Extract<VenueEvent, { kind: 'fill' }>): void {
    if (this.ledger.hasApplied(ev.execId)) return;
    if (ev.pair === undefined || ev.side === undefined) {
      throw new KernelError(`fill ${ev.execId} for unknown order ${ev.clientId} carries no pair and side; it cannot be booked`);
    }
    const inst = this.instruments[this.indexOf(ev.pair)];
    const realizedBefore = this.ledger.realizedPnl();
    this.ledger.applyFill({ execId: ev.execId, time: ev.time, base: inst.base, quote: inst.quote, side: ev.side, qty: ev.qty, price: ev.price, fee: ev.fee, feeAsset: ev.feeAsset, cost: ev.cost });
    const seq = ++this.seq;
    const cost = ev.cost === undefined ? '' : `|cost=${formatFixed(ev.cost)}`;
    this.append(`${ev.time}|${seq}|external-fill|${ev.clientId}|${ev.execId}|${ev.pair}|${ev.side}|${formatFixed(ev.qty)}|${formatFixed(ev.price)}|${formatFixed(ev.fee)}|${ev.feeAsset}|${ev.liquidity}${cost}`);
    this.recomputeFloats();
    const fill: FillView = { clientId: ev.clientId, execId: ev.execId, pair: ev.pair, side: ev.side, time: ev.time, qty: ev.qty, price: ev.price, fee: ev.fee, feeAsset: ev.feeAsset, liquidity: ev.liquidity };
    this.opts.onLog?.(ev.time, 'fill booked for an order the kernel does not hold', { clientId: ev.clientId, execId: ev.execId });
    this.opts.onFill?.({ ...fill, seq, realizedPnl: this.ledger.realizedPnl() - realizedBefore });
    this.notices.push({ kind: 'fill', fill });
  }

  private makeVenueHost(): VenueHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const kernel = this;
    return {
      now: () => this.clock,
      schedule: (time, timer) => this.schedule(time, { kind: 'venue', timer }),
      emit: (ev) => this.handleVenueEvent(ev),
      get random() {
        return kernel.random; // a getter: restore() replaces the generator
      },
      instrument: (p) => this.instruments[p],
      lastPrice: (p) => this.lastPx[p],
      buyingPower: (clientId) => {
        const o = this.orders.get(clientId);
        if (!o) return ZERO;
        return this.available(this.instruments[o.pairIndex].quote) + this.holds.of(clientId);
      },
    };
  }

  private makeContext(): StrategyContext {
    return {
      now: () => this.clock,
      runEnd: () => this.opts.runEnd,
      instruments: () => this.instruments,
      instrument: (pair) => this.instruments[this.indexOf(pair)],
      balance: (asset) => this.ledger.balance(asset),
      available: (asset) => this.available(asset),
      position: (pair) => this.ledger.position(this.instruments[this.indexOf(pair)].base),
      openOrders: (pair) => this.openOrderList(pair),
      order: (id) => this.orders.get(id),
      lastPrice: (pair) => this.lastPrice(pair),
      equity: () => this.equityF,
      submit: (req) => this.submit(req),
      cancel: (id) => this.cancel(id),
      cancelAll: (pair) => {
        this.append(`${this.clock}|${++this.seq}|cancel-all|${pair ?? '*'}`);
        this.venue.cancelAll(pair);
      },
      setTimer: (time, tag) => {
        const id = ++this.timerCounter;
        this.schedule(time, { kind: 'timer', id, tag });
        return id;
      },
      cancelTimer: (id) => this.queue.removeWhere((it) => it.kind === 'timer' && it.id === id),
      random: () => this.random.next(),
      tradingMode: () => this.risk.mode(),
      roundQty: (pair, qty, mode: RoundingMode = 'down') => roundTo(qty, this.instruments[this.indexOf(pair)].lotDecimals, mode),
      roundPrice: (pair, price, mode: RoundingMode = 'half-even') => roundTo(price, this.instruments[this.indexOf(pair)].priceDecimals, mode),
      feeRate: (liq) => this.feeRate(liq),
      record: (series, value) => this.opts.onRecord?.(this.clock, series, value),
      log: (message, fields) => this.opts.onLog?.(this.clock, message, fields),
    };
  }
}

function describe(o: Order): string {
  const f = (x: Fixed | undefined) => (x === undefined ? '' : formatFixed(x));
  return [o.clientId, o.pair, o.side, o.type, f(o.qty), f(o.quoteQty), f(o.limitPrice), f(o.triggerPrice), f(o.trailOffset), o.trailIsPercent ? 'pct' : '', o.postOnly ? 'post' : '', o.timeInForce, o.expireAt ?? ''].join('|');
}

function toVenueOrder(o: Order): VenueOrder {
  return {
    clientId: o.clientId,
    pair: o.pair,
    pairIndex: o.pairIndex,
    side: o.side,
    type: o.type,
    qty: o.qty,
    quoteQty: o.quoteQty,
    limitPrice: o.limitPrice,
    triggerPrice: o.triggerPrice,
    trailOffset: o.trailOffset,
    trailIsPercent: o.trailIsPercent,
    postOnly: o.postOnly,
    timeInForce: o.timeInForce,
    expireAt: o.expireAt,
  };
}

const ORDER_FIXED = ['qty', 'quoteQty', 'limitPrice', 'triggerPrice', 'trailOffset', 'filledQty', 'filledCost', 'fees'] as const;

function encodeKernelOrder(o: Order): Record<string, any> {
  const out: Record<string, any> = { ...o };
  for (const k of ORDER_FIXED) out[k] = o[k] === undefined ? null : (o[k] as bigint).toString();
  for (const k of ['expireAt', 'tag', 'venueOrderId', 'reason'] as const) if (o[k] === undefined) out[k] = null;
  return out;
}

function decodeKernelOrder(e: Record<string, any>): Order {
  const out: Record<string, any> = { ...e };
  for (const k of ORDER_FIXED) out[k] = e[k] === null ? undefined : BigInt(e[k]);
  for (const k of ['expireAt', 'tag', 'venueOrderId', 'reason']) if (e[k] === null) out[k] = undefined;
  return out as Order;
}

export interface KernelSnapshot {
  version: 1;
  clock: number;
  seq: number;
  schedSeq: number;
  clientCounter: number;
  timerCounter: number;
  sampleTime: number;
  started: boolean;
  cashF: number;
  equityF: number;
  lastPx: (number | null)[];
  posF: number[];
  queue: { time: number; seq: number; item: ScheduledItem }[];
  orders: Record<string, any>[];
  open: string[];
  holds: [string, string, string][];
  ledger: LedgerSnapshot;
  risk: RiskSnapshot;
  random: number[];
  log: EventLogSnapshot;
  venue: unknown;
  strategy: unknown;
  checks?: unknown[];
}
