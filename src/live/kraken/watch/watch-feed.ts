import type { KrakenWsClient } from '../ws/client.ts';
import type { OhlcData, TradeData } from '../ws/messages/market-data.ts';
import { OHLC_INTERVALS, type OhlcInterval, type PublicSubscription, type SubscribeBookDepth } from '../ws/messages/requests.ts';
import { systemScheduler, type Scheduler, type TimerHandle } from '../ws/scheduler.ts';
import type { MarketWatch, WatchDecision } from './market-watch.ts';
import { DEFAULT_ACTIVITY } from './pair-activity.ts';

/** A channel a focus pair gets (the symbol is added per pair). */
export type FocusChannel =
  | { readonly channel: 'trade'; readonly snapshot?: boolean }
  | { readonly channel: 'book'; readonly depth: SubscribeBookDepth; readonly snapshot?: boolean }
  | { readonly channel: 'ohlc'; readonly interval: OhlcInterval; readonly snapshot?: boolean };

export const DEFAULT_FOCUS_CHANNELS: readonly FocusChannel[] = [{ channel: 'trade' }, { channel: 'book', depth: 10 }];

/** Candle length of the universe-wide `ohlc` subscription that supplies volume, in minutes. */
export const DEFAULT_OHLC_INTERVAL: OhlcInterval = 1;

export interface WatchFeedOptions {
  /** What a focus pair is subscribed to on top of the universe-wide ohlc. Default: trade + book depth 10. */
  readonly focusChannels?: readonly FocusChannel[];
  /**
   * Candle length (minutes) of the universe-wide `ohlc` subscription. Default 1. It must divide the
   * watch's volume bucket (`activity.volumeIntervalMs`) so every candle falls in one bucket.
   */
  readonly ohlcInterval?: OhlcInterval;
  /** How often `watch.advance` runs, on the client's scheduler. Default 1000 ms. */
  readonly tickMs?: number;
  /** Called with every decision, after its subscriptions were changed. */
  readonly onDecision?: (decision: WatchDecision) => void;
  /** How many recent decisions `recent()` keeps. Default 200. */
  readonly recentLimit?: number;
  /**
   * Problems that must not stop the feed: an ohlc/trade field the watch cannot use (named with
   * symbol, field and value) and exceptions thrown by `onDecision`. Without it, an `onDecision`
   * exception is rethrown once the whole tick was processed.
   */
  readonly onError?: (error: Error) => void;
}

/**
 * Connects a MarketWatch to a public Kraken WS client. Every universe pair gets `ohlc` at
 * `ohlcInterval` (the scout view); pinned/focus pairs also get the focus channels. Ohlc and trade
 * events feed the watch; a timer on the client's own Scheduler calls `watch.advance`, and each
 * decision changes the subscriptions: promote subscribes the pair's focus channels, demote
 * unsubscribes them.
 *
 * Volume comes only from the ohlc candles, for scout and focus pairs alike: each update carries
 * the current candle's cumulative volume, so the traded volume since the previous update is
 * exact (PairActivity.recordOhlc), a reconnect's snapshot re-sends candles without double
 * counting, and the subscription's snapshot of past candles warms the history up at once. The
 * ticker is not used: its volume is a rolling 24 h sum, whose increase is ~0 in a steady market
 * (new volume replaces volume leaving the window), which made any uptick look like a huge
 * acceleration. Trades contribute their price and timestamp, not their quantity: counting it as
 * well would double a focus pair's volume and keep it "hot" for ever. Ohlc frames of another
 * interval (e.g. an ohlc focus channel) are ignored for the same reason.
 *
 * The feed does not connect or close the client; subscriptions are registered on it and sent
 * when it is (re)connected. On a shared client, demotion unsubscribes the focus channels of that
 * pair even if another component subscribed the same ones (the client keys by channel+symbol).
 * The universe is subscribed once, at `start`; a later `watch.setUniverse` does not change it.
 */
export class WatchFeed {
  private readonly scheduler: Scheduler;
  private readonly focusChannels: readonly FocusChannel[];
  private readonly tickMs: number;
  private readonly ohlcInterval: OhlcInterval;
  private readonly recentLimit: number;
  private readonly decisions: WatchDecision[] = [];
  private readonly offs: (() => void)[] = [];
  private timer: TimerHandle | undefined;
  private nextTickAt = 0;
  private running = false;

  constructor(
    readonly client: KrakenWsClient,
    readonly watch: MarketWatch,
    readonly options: WatchFeedOptions = {},
  ) {
    this.scheduler = client.options.scheduler ?? systemScheduler;
    this.focusChannels = options.focusChannels ?? DEFAULT_FOCUS_CHANNELS;
    this.tickMs = options.tickMs ?? 1000;
    this.recentLimit = options.recentLimit ?? 200;
    if (!(Number.isFinite(this.tickMs) && this.tickMs > 0)) throw new RangeError(`WatchFeed tickMs must be a positive number of ms (got ${this.tickMs})`);
    if (!(Number.isInteger(this.recentLimit) && this.recentLimit > 0)) throw new RangeError(`WatchFeed recentLimit must be a positive integer (got ${this.recentLimit})`);
    this.ohlcInterval = options.ohlcInterval ?? DEFAULT_OHLC_INTERVAL;
    if (!(OHLC_INTERVALS as readonly number[]).includes(this.ohlcInterval)) {
      throw new RangeError(`WatchFeed ohlcInterval must be one of ${OHLC_INTERVALS.join(', ')} minutes (got ${this.ohlcInterval})`);
    }
    const volumeIntervalMs = (watch.options.activity ?? DEFAULT_ACTIVITY).volumeIntervalMs;
    if (volumeIntervalMs % (this.ohlcInterval * 60_000) !== 0) {
      throw new RangeError(`WatchFeed ohlcInterval ${this.ohlcInterval} min must divide the watch's volume interval (${volumeIntervalMs} ms), or candles would straddle volume buckets`);
    }
    if (this.focusChannels.some((c) => c.channel === 'ohlc' && c.interval === this.ohlcInterval)) {
      throw new RangeError(`WatchFeed focus channel ohlc interval ${this.ohlcInterval} duplicates the universe-wide volume feed (demotion would unsubscribe it)`);
    }
  }

  /** Subscribes ohlc for the universe and focus channels for the current focus, and starts ticking. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.offs.push(
      this.client.on('ohlc', (msg) => {
        for (const d of msg.data) if (d.interval === this.ohlcInterval) this.feedOhlc(d, msg.timestamp);
      }),
      this.client.on('trade', (msg) => {
        for (const d of msg.data) this.feedTrade(d);
      }),
    );
    const universe = [...this.watch.focus(), ...this.watch.scout()].sort();
    if (universe.length > 0) this.client.subscribe({ channel: 'ohlc', symbol: universe, interval: this.ohlcInterval });
    for (const symbol of this.watch.focus()) this.subscribeFocus(symbol);
    this.nextTickAt = this.scheduler.now() + this.tickMs;
    this.schedule();
  }

  /** Removes the listeners and the timer. Subscriptions stay registered on the client. */
  stop(): void {
    this.running = false;
    for (const off of this.offs.splice(0)) off();
    if (this.timer) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The most recent decisions (oldest first), each with its reasons and metrics. */
  recent(): readonly WatchDecision[] {
    return [...this.decisions];
  }

  private schedule(): void {
    this.timer = this.scheduler.setTimeout(() => this.tick(), Math.max(0, this.nextTickAt - this.scheduler.now()));
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.running) return;
    const now = this.scheduler.now();
    // Fixed rate on the scheduler's grid; ticks missed while the process was busy are skipped.
    while (this.nextTickAt <= now) this.nextTickAt += this.tickMs;
    this.schedule();
    let thrown: Error | undefined;
    for (const decision of this.watch.advance(now)) {
      if (decision.kind === 'promote') this.subscribeFocus(decision.symbol);
      else if (decision.kind === 'demote') this.unsubscribeFocus(decision.symbol);
      this.decisions.push(decision);
      if (this.decisions.length > this.recentLimit) this.decisions.splice(0, this.decisions.length - this.recentLimit);
      try {
        this.options.onDecision?.(decision);
      } catch (e) {
        const error = new Error(`WatchFeed onDecision threw for ${decision.kind} ${decision.symbol}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        if (this.options.onError) this.options.onError(error);
        else thrown ??= error;
      }
    }
    if (thrown) throw thrown;
  }

  private subscribeFocus(symbol: string): void {
    for (const c of this.focusChannels) this.client.subscribe(withSymbol(c, symbol));
  }

  private unsubscribeFocus(symbol: string): void {
    for (const c of this.focusChannels) this.client.unsubscribe(withSymbol(c, symbol));
  }

  private feedOhlc(d: OhlcData, frameTimestamp: string | undefined): void {
    const u = ohlcUpdate(d, frameTimestamp, this.scheduler.now(), this.ohlcInterval);
    if ('bad' in u) return this.skip('ohlc', d.symbol, u.bad);
    this.watch.onOhlc(d.symbol, u.begin, u.ts, u.close, u.volume);
  }

  private feedTrade(d: TradeData): void {
    const ts = Date.parse(d.timestamp);
    const bad: string[] = [];
    if (!Number.isFinite(ts)) bad.push(`timestamp=${JSON.stringify(d.timestamp)}`);
    const price = decimalField(d.price, 'price', bad);
    if (bad.length > 0) return this.skip('trade', d.symbol, bad);
    this.watch.onTrade(d.symbol, ts, price, 0); // price only: volume comes from the candles (see class doc)
  }

  private skip(kind: 'ohlc' | 'trade', symbol: string, bad: readonly string[]): void {
    this.options.onError?.(new RangeError(`WatchFeed skipped a${kind === 'ohlc' ? 'n' : ''} ${kind} for ${symbol}: unusable ${bad.join(', ')}`));
  }
}

/**
 * One ohlc update as the watch takes it (MarketWatch.onOhlc), or the fields that make it
 * unusable. The update's time is the frame's `timestamp` (`fallbackNow` when absent), clamped
 * into the candle: a snapshot's past candles then sample their close at their own minute, not
 * now. Shared by WatchFeed and the dashboard's market board, so both book volume the same way.
 */
export function ohlcUpdate(d: OhlcData, frameTimestamp: string | undefined, fallbackNow: number, intervalMinutes: number): { begin: number; ts: number; close: number; volume: number } | { bad: string[] } {
  const begin = Date.parse(d.interval_begin);
  const at = frameTimestamp === undefined ? fallbackNow : Date.parse(frameTimestamp);
  const bad: string[] = [];
  if (!Number.isFinite(begin)) bad.push(`interval_begin=${JSON.stringify(d.interval_begin)}`);
  if (!Number.isFinite(at)) bad.push(`timestamp=${JSON.stringify(frameTimestamp)}`);
  const close = decimalField(d.close, 'close', bad);
  const volume = decimalField(d.volume, 'volume', bad);
  if (bad.length > 0) return { bad };
  return { begin, ts: Math.min(Math.max(at, begin), begin + intervalMinutes * 60_000 - 1), close, volume };
}

/** Parses a decimal field; the watch needs a positive price and a non-negative volume. */
function decimalField(text: string, field: 'close' | 'price' | 'volume', bad: string[]): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0 || (field !== 'volume' && v === 0)) bad.push(`${field}=${JSON.stringify(text)}`);
  return v;
}

function withSymbol(c: FocusChannel, symbol: string): PublicSubscription {
  return { ...c, symbol: [symbol] };
}
