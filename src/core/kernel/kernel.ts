import { formatFixed, type Fixed } from '../decimal/fixed.ts';
import type { Instrument } from '../instruments/instrument.ts';
import type { Ledger, MarkFn } from '../ledger/ledger.ts';
import type { CandleBatch } from '../market/candle-batch.ts';
import type { Order } from '../orders/order.ts';
import type { SeededRandom } from '../random/seeded-random.ts';
import type { TradingMode } from '../risk/risk-config.ts';
import type { PreTradeCheck } from '../risk/pre-trade-check.ts';
import type { RiskEngine } from '../risk/risk-engine.ts';
import type { VenueEvent } from '../venue/port.ts';
import { KernelCore } from './kernel-core.ts';
import { makeStrategyContext, makeVenueHost } from './kernel-context.ts';
import { KernelError, type KernelOptions } from './kernel-options.ts';
import { restoreKernel, snapshotKernel, type KernelSnapshot } from './kernel-snapshot.ts';
import { setStrategyHalt } from './strategy-halts.ts';
import { handleVenueEvent } from './venue-events.ts';

export { KernelError, type FillRecord, type KernelOptions } from './kernel-options.ts';
export type { KernelSnapshot } from './kernel-snapshot.ts';

/**
 * The deterministic kernel (DESIGN.md): one event loop ordered by (timestamp, sequence), a
 * clock driven only by events, the strategy host, the risk engine and order state machine on
 * the order path, and the exact FIFO ledger. Backtest, paper and live differ only in the feed
 * that calls onCandles/onVenueEvent and in the venue plugged in.
 *
 * This class is the kernel's public face and its inputs (the candle loop among them); the
 * state lives in KernelCore, the order path in order-path.ts, venue events and fills in
 * venue-events.ts, snapshots in kernel-snapshot.ts.
 */
export class Kernel {
  readonly instruments: readonly Instrument[];
  readonly accountCurrency: string;
  private readonly core: KernelCore;

  constructor(opts: KernelOptions) {
    const core = new KernelCore(opts);
    this.core = core;
    this.instruments = core.instruments;
    this.accountCurrency = core.accountCurrency;
    core.ctx = makeStrategyContext(core);
    core.venue.connect(makeVenueHost(core));
  }

  get ledger(): Ledger {
    return this.core.ledger;
  }

  get risk(): RiskEngine {
    return this.core.risk;
  }

  get random(): SeededRandom {
    return this.core.random;
  }

  // ---- inputs -------------------------------------------------------------------------

  /** Starts the strategy at `time` (the first event time of the run). */
  start(time: number): void {
    const k = this.core;
    if (k.started) throw new KernelError('kernel already started');
    k.started = true;
    k.advanceClock(time);
    k.append(`${time}|${++k.seq}|start|${k.strategy.name}`);
    k.strategy.onStart?.(k.ctx);
    k.flush();
  }

  /** Stops the run at `time`: last equity sample, strategy's onStop. Open positions stay (marked to the last price). */
  stop(time: number): void {
    const k = this.core;
    k.drainUntil(time);
    k.advanceClock(time);
    if (k.sampleTime >= 0) k.sample();
    k.sampleTime = -1;
    k.append(`${time}|${++k.seq}|stop`);
    k.strategy.onStop?.(k.ctx);
    k.flush();
  }

  deposit(time: number, asset: string, amount: Fixed): void {
    const k = this.core;
    k.drainUntil(time);
    k.advanceClock(time);
    const seq = ++k.seq;
    k.ledger.deposit(time, asset, amount, `dep-${seq}`, k.markFn);
    k.append(`${time}|${seq}|deposit|${asset}|${formatFixed(amount)}`);
    k.afterCashFlow();
  }

  withdraw(time: number, asset: string, amount: Fixed): void {
    const k = this.core;
    k.drainUntil(time);
    k.advanceClock(time);
    const seq = ++k.seq;
    const free = k.available(asset);
    if (amount > free) throw new KernelError(`cannot withdraw ${formatFixed(amount)} ${asset}: ${formatFixed(free)} is free of open orders`);
    k.ledger.withdraw(time, asset, amount, `wd-${seq}`, k.markFn);
    k.append(`${time}|${seq}|withdrawal|${asset}|${formatFixed(amount)}`);
    k.afterCashFlow();
  }

  /** The kill switch: halted (cancels open orders), reducing-only, or active again. */
  setTradingMode(time: number, mode: TradingMode, reason: string): void {
    const k = this.core;
    k.drainUntil(time);
    k.advanceClock(time);
    k.changeMode(mode, reason);
    k.flush();
  }

  /** Halts one strategy id (cancels its open orders, rejects its new ones) or lets it trade again; other strategies go on. */
  setStrategyHalted(time: number, strategyId: string, halted: boolean, reason: string): void {
    const k = this.core;
    k.drainUntil(time);
    k.advanceClock(time);
    setStrategyHalt(k, strategyId, halted, reason);
    k.flush();
  }

  /**
   * The hot path. Candles must come in (close time, pair) order across calls. Scheduled
   * events due at or before a candle's close run first; then the venue fills resting orders
   * from the candle, then the strategy sees it.
   */
  onCandles(batch: CandleBatch): void {
    const k = this.core;
    const n = batch.length;
    const interval = batch.intervalMs;
    const pairs = batch.pair;
    const openTime = batch.openTime;
    const open = batch.open;
    const high = batch.high;
    const low = batch.low;
    const close = batch.close;
    const volume = batch.volume;
    const bar = k.bar;
    const lastPx = k.lastPx;
    const posF = k.posF;
    const venue = k.venue;
    const nPairs = lastPx.length;
    const log = k.log;
    const queue = k.queue;
    for (let i = 0; i < n; i++) {
      const t = openTime[i] + interval;
      const p = pairs[i];
      if (t < k.clock) throw new KernelError(`candle for ${k.instruments[p]?.symbol ?? p} closing at ${new Date(t).toISOString()} arrived after ${new Date(k.clock).toISOString()}: candles must come in time order`);
      if (p >= nPairs) throw new KernelError(`candle has pair index ${p} but the run has ${nPairs} pairs`);
      if (queue.size !== 0 && queue.peekTime() <= t) k.drainUntil(t);
      if (t !== k.sampleTime) {
        if (k.sampleTime >= 0) k.sample();
        k.sampleTime = t;
      }
      k.clock = t;
      k.seq++;
      const c = close[i];
      bar.pairIndex = p;
      bar.symbol = k.instruments[p].symbol;
      bar.openTime = openTime[i];
      bar.closeTime = t;
      bar.open = open[i];
      bar.high = high[i];
      bar.low = low[i];
      bar.close = c;
      bar.volume = volume[i];
      bar.trades = batch.trades[i];
      log.candleRow(p, openTime, open, high, low, close, volume, i);
      const prev = lastPx[p];
      lastPx[p] = c;
      const q = posF[p];
      if (q !== 0) k.equityF += q * (c - prev);
      if (k.checksWatchCandles.length) for (const c of k.checksWatchCandles) c.onCandle!(bar);
      if (venue.hasWork === undefined || venue.hasWork(p)) {
        venue.onBar?.(bar);
        if (k.notices.length) k.flush();
      }
      if (k.hasOnCandle) {
        k.strategy.onCandle!(k.ctx, bar);
        if (k.notices.length) k.flush();
      }
      if (k.watchDrawdown && k.risk.observeEquity(k.equityF)) k.onDrawdownHalt();
    }
  }

  /** A venue event from outside (live venues); the simulated venue reports through the same path. */
  onVenueEvent(ev: VenueEvent): void {
    const k = this.core;
    k.drainUntil(ev.time);
    k.advanceClock(ev.time);
    handleVenueEvent(k, ev);
    k.flush();
  }

  /** Runs scheduled events (timers, latency) due at or before `time`; live runners call it from their clock. */
  advanceTo(time: number): void {
    this.core.drainUntil(time);
    this.core.advanceClock(time);
  }

  /** Records the last trade price of a pair without a candle (live quotes for paper fills and marks). */
  markPrice(pair: string, price: number): void {
    const k = this.core;
    const p = k.indexOf(pair);
    const prev = k.lastPx[p];
    k.lastPx[p] = price;
    if (k.posF[p] !== 0) k.equityF += k.posF[p] * (price - prev);
  }

  // ---- queries ------------------------------------------------------------------------

  now(): number {
    return this.core.clock;
  }

  hash(): string {
    return this.core.log.hash();
  }

  eventCount(): number {
    return this.core.log.eventCount();
  }

  candleCount(): number {
    return this.core.log.candleCount();
  }

  orderList(): Order[] {
    return [...this.core.orders.values()];
  }

  openOrderList(pair?: string): Order[] {
    return this.core.openOrderList(pair);
  }

  available(asset: string): Fixed {
    return this.core.available(asset);
  }

  lastPrice(pair: string): number {
    return this.core.lastPx[this.core.indexOf(pair)];
  }

  /** Last price of the pair at `pairIndex` in `instruments` (NaN before its first candle); no name look-up. */
  lastPriceAt(pairIndex: number): number {
    return this.core.lastPx[pairIndex];
  }

  /** Exact mark of an asset in the account currency (the last price snapped to the pair's exact grid). */
  get markFn(): MarkFn {
    return this.core.markFn;
  }

  equity(): Fixed {
    return this.core.ledger.equity(this.core.markFn);
  }

  /** Float equity kept incrementally for the hot path (drawdown breaker, samples). */
  equityApprox(): number {
    return this.core.equityF;
  }

  tradingMode(): TradingMode {
    return this.core.risk.mode();
  }

  /** The extra pre-trade checks on the order path (the session's and the strategy's), for views of their state. */
  checks(): readonly PreTradeCheck[] {
    return this.core.checks;
  }

  /** Halted strategy ids and the reason each was halted. */
  strategyHalts(): ReadonlyMap<string, string> {
    return this.core.strategyHalts;
  }

  // ---- snapshot / restore --------------------------------------------------------------

  snapshot(): KernelSnapshot {
    return snapshotKernel(this.core);
  }

  /** A kernel built from the same options, continuing exactly where the snapshot was taken. */
  static restore(snap: KernelSnapshot, opts: KernelOptions): Kernel {
    const k = new Kernel(opts);
    restoreKernel(k.core, snap);
    return k;
  }
}
