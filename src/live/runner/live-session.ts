import { formatFixed, toNumber, type Fixed } from '../../core/decimal/fixed.ts';
import { AttributionTracker } from '../../core/metrics/attribution.ts';
import { decodeEntry, encodeEntry, encodeInput, type CandleInput, type JournalEntry, type JournalInput } from '../../core/journal/journal-entry.ts';
import type { StrategyFault } from '../../core/journal/strategy-guard.ts';
import type { SessionConfig } from '../../core/journal/session-config.ts';
import { createSessionKernel, type SessionKernel } from '../../core/journal/session-kernel.ts';
import { summarizeSession, type SessionSummary } from '../../core/journal/session-summary.ts';
import type { FillRecord, Kernel } from '../../core/kernel/kernel.ts';
import type { Order } from '../../core/orders/order.ts';
import type { TradingMode } from '../../core/risk/risk-config.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';
import type { VenueEvent, VenuePort } from '../../core/venue/port.ts';
import { BarBuilder } from './bar-builder.ts';
import { failpoint } from './failpoints.ts';

/** Where inputs are made durable before the kernel sees them (the journal writer). */
export interface InputSink {
  append(input: JournalInput): number;
}

export interface SessionLog {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export interface FillRow {
  readonly time: number;
  readonly clientId: string;
  readonly execId: string;
  readonly pair: string;
  readonly side: string;
  readonly qty: string;
  readonly price: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly liquidity: string;
  readonly realizedPnl: string;
}

export interface LiveSessionOptions {
  readonly venue?: VenuePort;
  readonly log?: SessionLog;
  /** Called after every processed input (status page, latency probes). */
  readonly onInput?: (input: JournalInput, n: number) => void;
  readonly onOrderClosed?: (order: Order) => void;
  readonly onFill?: (fill: FillRecord) => void;
  /** How many recent fills and equity points the status view keeps. */
  readonly keepFills?: number;
  readonly keepEquity?: number;
}

/** The latest input the kernel refused (status page). */
export interface Refusal {
  readonly n: number;
  readonly kind: string;
  readonly reason: string;
}

const silent: SessionLog = { info() {}, warn() {}, error() {} };

/**
 * The live session: the same kernel as the backtest, fed only through `record`, which appends
 * each input to the journal before the kernel processes it. Trades become bars through the
 * backtest's aggregator; venue events (real mode) and mode changes are inputs too. A restart
 * `replay`s the journal first (nothing is journaled or sent again), then continues.
 */
export class LiveSession {
  readonly sk: SessionKernel;
  readonly kernel: Kernel;
  readonly bars: BarBuilder;
  readonly recentFills: FillRow[] = [];
  readonly equity: { time: number; equity: number }[] = [];
  /** Per-strategy and per-regime attribution of everything the kernel consumed (replay included). */
  readonly attribution: AttributionTracker;
  private readonly log: SessionLog;
  private readonly keepFills: number;
  private readonly keepEquity: number;
  private replaying = false;
  private entries = 0;
  /** Inputs refused (journaled as `refused`), the latest one, and fills refused by execution id (refused once, not again). */
  refusedCount = 0;
  lastRefusal: Refusal | null = null;
  private readonly refusedFills = new Set<string>();
  /** Pair and side of orders the kernel closed (and forgot): a late fill for one is still booked. */
  private readonly closedOrders = new Map<string, { pair: string; side: 'buy' | 'sell' }>();
  private static readonly KEEP_CLOSED = 10_000;
  /** Time of the latest journaled input (ms) and of the last journaled candle's close. */
  lastInputTime = -Infinity;
  lastCandleClose = -Infinity;
  started = false;

  constructor(readonly config: SessionConfig, strategy: Strategy, private readonly sink: InputSink, private readonly opts: LiveSessionOptions = {}) {
    this.log = opts.log ?? silent;
    this.keepFills = opts.keepFills ?? 100;
    this.keepEquity = opts.keepEquity ?? 2000;
    this.sk = createSessionKernel(
      config,
      strategy,
      {
        onFill: (f) => this.onFill(f),
        onOrderClosed: (o) => this.onOrderClosed(o),
        onStrategyFault: (f) => this.onStrategyFault(f),
        onInputError: (input, err) => this.log.error({ kind: input.k, err: err.message, stack: err.stack }, 'journaled input failed inside the kernel (replay fails the same way)'),
        onSample: (t, e) => this.onSample(t, e),
        onRecord: (t, series, value) => series === 'regime' && this.attribution.setRegime(t, String(value)),
        // Kernel lines about one order name it `clientId`; runner and venue lines say `cid`. One key
        // for all of them, so every line from the decision to the last fill shares one correlation id.
        onLog: (time, message, fields) => {
          const { clientId, ...rest } = fields ?? {};
          this.log.info({ time, ...(clientId === undefined ? {} : { cid: clientId }), ...rest }, message);
        },
      },
      opts.venue,
    );
    this.kernel = this.sk.kernel;
    this.attribution = new AttributionTracker(this.sk.instruments.map((i) => i.symbol));
    this.bars = new BarBuilder(this.sk.instruments.map((i) => i.symbol), this.sk.intervalMs / 60_000);
  }

  get isReplaying(): boolean {
    return this.replaying;
  }

  get inputCount(): number {
    return this.entries;
  }

  /** Replays journaled entries (restart): the kernel ends where the crashed process left it. */
  replay(entries: readonly JournalEntry[]): void {
    this.replaying = true;
    try {
      for (const e of entries) this.process(e.input, e.n);
    } finally {
      this.replaying = false;
    }
    if (this.lastInputTime > -Infinity) this.bars.resumeAfter(Math.max(this.lastCandleClose, this.lastInputTime));
  }

  /**
   * Validate, then journal: an input the kernel would refuse in its current state is journaled
   * as a `refused` entry with the reason (replay skips it, as the live kernel did) and not
   * processed. Otherwise the input is made durable, then processed exactly as the journal holds
   * it (encoded and decoded again), so a replay sees what the live kernel saw: parity by
   * construction. Returns whether the kernel took the input.
   */
  record(input: JournalInput): boolean {
    if (this.replaying) throw new Error('cannot record new inputs while the journal is being replayed');
    let reason = this.sk.check(input);
    const journaled = reason === undefined ? asJournaled(input) : input;
    if (typeof journaled === 'string') reason = journaled;
    if (reason !== undefined) {
      this.refuse(input, reason);
      return false;
    }
    const n = this.sink.append(input);
    failpoint('journal-appended');
    this.process(journaled as JournalInput, n);
    return true;
  }

  private refuse(input: JournalInput, reason: string): void {
    const execId = input.k === 'venue' && input.event.kind === 'fill' ? input.event.execId : undefined;
    if (execId !== undefined && this.refusedFills.has(execId)) return; // refused before: once is on record
    this.log.warn({ kind: input.k, ...(input.k === 'venue' ? { cid: input.event.clientId, event: input.event.kind } : {}), reason }, 'input refused by the kernel; journaled as refused');
    const entry: JournalInput = { k: 'refused', reason, input: encodeInput(input) };
    const n = this.sink.append(entry);
    this.process(entry, n);
  }

  private process(input: JournalInput, n: number): void {
    this.sk.apply(input);
    this.entries++;
    if (input.k === 'refused') {
      this.refusedCount++;
      const inner = input.input as { k?: unknown; event?: { kind?: unknown; execId?: unknown } };
      this.lastRefusal = { n, kind: String(inner.k) + (inner.event ? ` ${String(inner.event.kind)}` : ''), reason: input.reason };
      if (typeof inner.event?.execId === 'string') this.refusedFills.add(inner.event.execId);
    } else if (input.k === 'candle') {
      this.lastCandleClose = input.candle.openTime + input.candle.intervalMs;
      this.lastInputTime = Math.max(this.lastInputTime, this.lastCandleClose);
    } else if (input.k === 'venue') {
      this.lastInputTime = Math.max(this.lastInputTime, input.event.time);
    } else {
      this.lastInputTime = Math.max(this.lastInputTime, input.time);
      if (input.k === 'start') this.started = true;
    }
    this.opts.onInput?.(input, n);
  }

  /** Time for a new input: event time never goes back (the kernel requires it). */
  timeFor(t: number): number {
    const now = this.kernel.now();
    return Number.isFinite(now) && now > t ? now : t;
  }

  // ---- inputs from the feed -----------------------------------------------------------

  private readonly scratch: CandleInput[] = [];

  /** A live trade: may close bars (all pairs at that boundary, in pair order). */
  onTrade(pairIndex: number, time: number, price: number, qty: number): void {
    const out = this.scratch;
    out.length = 0;
    try {
      this.bars.onTrade(pairIndex, time, price, qty, out);
    } catch (e) {
      this.bars.lateTrades++;
      this.log.warn({ pair: this.bars.pairs[pairIndex], time, err: (e as Error).message }, 'trade ignored');
    }
    this.emitBars(out);
  }

  /** The clock reached `time`: closes bars whose interval is over, then lets scheduled work run. */
  onClock(time: number): void {
    const before = this.bars.lastBoundary();
    const out = this.scratch;
    out.length = 0;
    this.bars.advanceTo(time, out);
    this.emitBars(out);
    const boundary = this.bars.lastBoundary();
    if (this.started && boundary > before && boundary > this.lastInputTime) this.record({ k: 'tick', time: this.timeFor(boundary) });
  }

  private emitBars(out: CandleInput[]): void {
    for (const c of out) {
      if (c.openTime + c.intervalMs < this.kernel.now()) {
        this.log.warn({ pair: c.pair, openTime: c.openTime }, 'bar closes before the kernel clock; dropped');
        continue;
      }
      this.record({ k: 'candle', candle: c });
    }
    out.length = 0;
  }

  /**
   * A venue report (real mode): bars due by its time close first; duplicates are not journaled.
   * A fill after the order's terminal status (a race with a cancel, a "never placed" verdict the
   * venue later contradicts) is booked all the same, because money moved: its pair and side come
   * from the report or from the closed order. Repeats are ignored by execution id. Returns true
   * when the event was journaled and processed.
   */
  onVenueEvent(ev: VenueEvent): boolean {
    if (ev.kind === 'fill' && (this.kernel.ledger.hasApplied(ev.execId) || this.refusedFills.has(ev.execId))) return false;
    const order = this.kernel.openOrderList().find((o) => o.clientId === ev.clientId);
    if (!order) {
      if (ev.kind !== 'fill') return false; // a status report for an order already closed
      if (!ev.clientId.startsWith(`${this.config.clientIdPrefix}-`)) {
        this.log.warn({ cid: ev.clientId, execId: ev.execId }, 'fill for an order of another session or placed by hand; not booked');
        return false;
      }
      const closed = this.closedOrders.get(ev.clientId);
      ev = { ...ev, pair: ev.pair ?? closed?.pair, side: ev.side ?? closed?.side };
      this.log.warn({ cid: ev.clientId, execId: ev.execId }, 'late fill for an order already closed; booking it');
    } else {
      if (ev.kind === 'accepted' && order.status !== 'pending-new' && order.status !== 'unknown') return false;
      if (ev.kind === 'cancel-rejected') return false;
    }
    this.onClock(ev.time);
    return this.record({ k: 'venue', event: { ...ev, time: this.timeFor(ev.time) } });
  }

  setMode(time: number, mode: TradingMode, reason: string): void {
    this.record({ k: 'mode', time: this.timeFor(time), mode, reason });
  }

  /** Halts one strategy id or resumes it (validated, then journaled); returns the refusal's reason, or undefined when taken. */
  setStrategyHalted(time: number, strategyId: string, halted: boolean, reason: string): string | undefined {
    return this.record({ k: 'strategy', time: this.timeFor(time), strategyId, halted, reason }) ? undefined : (this.lastRefusal?.reason ?? 'refused');
  }

  // ---- views ---------------------------------------------------------------------------

  summary(): SessionSummary {
    return summarizeSession(this.kernel);
  }

  /** The strategy threw: it is halted (the kernel goes on tracking orders and positions). */
  strategyFault(): StrategyFault | undefined {
    return this.sk.strategyFault();
  }

  private onStrategyFault(f: StrategyFault): void {
    this.log.error({ time: f.time, callback: f.callback, err: f.message, stack: f.stack, replaying: this.replaying }, 'strategy threw; strategy halted (orders and positions still tracked)');
  }

  private onOrderClosed(o: Order): void {
    this.closedOrders.set(o.clientId, { pair: o.pair, side: o.side });
    if (this.closedOrders.size > LiveSession.KEEP_CLOSED) this.closedOrders.delete(this.closedOrders.keys().next().value!);
    this.opts.onOrderClosed?.(o);
  }

  private onFill(f: FillRecord): void {
    this.opts.onFill?.(f);
    this.attribution.onFill(f);
    this.recentFills.push({
      time: f.time,
      clientId: f.clientId,
      execId: f.execId,
      pair: f.pair,
      side: f.side,
      qty: formatFixed(f.qty),
      price: formatFixed(f.price),
      fee: formatFixed(f.fee),
      feeAsset: f.feeAsset,
      liquidity: f.liquidity,
      realizedPnl: formatFixed(f.realizedPnl),
    });
    if (this.recentFills.length > this.keepFills) this.recentFills.shift();
  }

  private onSample(time: number, equity: number): void {
    this.attribution.sample(time, equity, (p) => this.kernel.lastPrice(this.sk.instruments[p].symbol));
    this.equity.push({ time, equity });
    if (this.equity.length > this.keepEquity) this.equity.shift();
  }

  /** Unrealized PnL at the kernel's marks, or null before every traded pair has a price. */
  unrealizedPnl(): Fixed | null {
    try {
      return this.kernel.ledger.unrealizedPnl(this.kernel.markFn);
    } catch {
      return null;
    }
  }

  equityNow(): number {
    try {
      return toNumber(this.kernel.equity());
    } catch {
      return this.kernel.equityApprox();
    }
  }
}

/** The input as a replay of the journal will read it back, or why it cannot be journaled at all. */
function asJournaled(input: JournalInput): JournalInput | string {
  if (input.k === 'tick' || input.k === 'start' || input.k === 'stop') return Number.isFinite(input.time) ? input : `${input.k} has no valid time`;
  try {
    return decodeEntry(encodeEntry({ n: 1, input })).input;
  } catch (e) {
    return `not representable in the journal: ${(e as Error).message}`;
  }
}
