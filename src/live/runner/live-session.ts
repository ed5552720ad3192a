import { formatFixed, toNumber, type Fixed } from '../../core/decimal/fixed.ts';
import { AttributionTracker } from '../../core/metrics/attribution.ts';
import { decodeEntry, encodeEntry, type CandleInput, type JournalEntry, type JournalInput } from '../../core/journal/journal-entry.ts';
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
        onOrderClosed: (o) => opts.onOrderClosed?.(o),
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
   * Makes an input durable, then processes it exactly as the journal holds it (encoded and
   * decoded again), so a replay sees what the live kernel saw even for fields the journal
   * format does not carry (a fill's venue-reported `cost`, `pair`, `side`): parity by construction.
   */
  record(input: JournalInput): void {
    if (this.replaying) throw new Error('cannot record new inputs while the journal is being replayed');
    const n = this.sink.append(input);
    failpoint('journal-appended');
    this.process(input.k === 'venue' ? asJournaled(input, n) : input, n);
  }

  private process(input: JournalInput, n: number): void {
    this.sk.apply(input);
    this.entries++;
    if (input.k === 'candle') {
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

  /** A venue report (real mode): bars due by its time close first; duplicates are not journaled. */
  onVenueEvent(ev: VenueEvent): boolean {
    const order = this.kernel.openOrderList().find((o) => o.clientId === ev.clientId);
    if (!order) {
      if (ev.kind === 'fill' && !this.kernel.ledger.hasApplied(ev.execId)) {
        this.log.error({ cid: ev.clientId, execId: ev.execId }, 'fill for an order that is not working; cannot book it (balance check will show the drift)');
      }
      return false;
    }
    if (ev.kind === 'fill' && this.kernel.ledger.hasApplied(ev.execId)) return false;
    if (ev.kind === 'accepted' && order.status !== 'pending-new' && order.status !== 'unknown') return false;
    if (ev.kind === 'cancel-rejected') return false;
    this.onClock(ev.time);
    this.record({ k: 'venue', event: { ...ev, time: this.timeFor(ev.time) } });
    return true;
  }

  setMode(time: number, mode: TradingMode, reason: string): void {
    this.record({ k: 'mode', time: this.timeFor(time), mode, reason });
  }

  // ---- views ---------------------------------------------------------------------------

  summary(): SessionSummary {
    return summarizeSession(this.kernel);
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

/** The input as a replay of the journal will read it back. */
function asJournaled(input: JournalInput, n: number): JournalInput {
  return decodeEntry(encodeEntry({ n, input })).input;
}
