import type { KrakenWsClient } from '../ws/client.ts';
import type { OhlcInterval, PublicSubscription, SubscribeBookDepth } from '../ws/messages/requests.ts';
import { systemScheduler, type Scheduler, type TimerHandle } from '../ws/scheduler.ts';
import type { MarketWatch, WatchDecision } from './market-watch.ts';

/** A channel a focus pair gets (the symbol is added per pair). */
export type FocusChannel =
  | { readonly channel: 'trade'; readonly snapshot?: boolean }
  | { readonly channel: 'book'; readonly depth: SubscribeBookDepth; readonly snapshot?: boolean }
  | { readonly channel: 'ohlc'; readonly interval: OhlcInterval; readonly snapshot?: boolean };

export const DEFAULT_FOCUS_CHANNELS: readonly FocusChannel[] = [{ channel: 'trade' }, { channel: 'book', depth: 10 }];

export interface WatchFeedOptions {
  /** What a focus pair is subscribed to on top of the universe-wide ticker. Default: trade + book depth 10. */
  readonly focusChannels?: readonly FocusChannel[];
  /** How often `watch.advance` runs, on the client's scheduler. Default 1000 ms. */
  readonly tickMs?: number;
  /** Called with every decision, after its subscriptions were changed. */
  readonly onDecision?: (decision: WatchDecision) => void;
  /** How many recent decisions `recent()` keeps. Default 200. */
  readonly recentLimit?: number;
  /**
   * Problems that must not stop the feed: a ticker/trade field the watch cannot use (named with
   * symbol, field and value) and exceptions thrown by `onDecision`. Without it, an `onDecision`
   * exception is rethrown once the whole tick was processed.
   */
  readonly onError?: (error: Error) => void;
}

/**
 * Connects a MarketWatch to a public Kraken WS client. Every universe pair gets `ticker` (the
 * scout view); pinned/focus pairs also get the focus channels. Ticker and trade events feed the
 * watch; a timer on the client's own Scheduler calls `watch.advance`, and each decision changes
 * the subscriptions: promote subscribes the pair's focus channels, demote unsubscribes them.
 *
 * Volume comes only from the tickers (the 24 h volume increase), for scout and focus pairs
 * alike; trades contribute their price and timestamp, not their quantity. Counting trade volume
 * as well would double it while a pair is in focus, and switching sources at promotion would
 * compare trade volume against a ticker-volume average (different measures): either could keep
 * a promoted pair "hot" and never demoted.
 *
 * The feed does not connect or close the client; subscriptions are registered on it and sent
 * when it is (re)connected. On a shared client, demotion unsubscribes the focus channels of that
 * pair even if another component subscribed the same ones (the client keys by channel+symbol).
 */
export class WatchFeed {
  private readonly scheduler: Scheduler;
  private readonly focusChannels: readonly FocusChannel[];
  private readonly tickMs: number;
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
  }

  /** Subscribes tickers for the universe and focus channels for the current focus, and starts ticking. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.offs.push(
      this.client.on('ticker', (msg) => {
        for (const d of msg.data) this.feed(d.symbol, 'ticker', d.timestamp, { last: d.last, volume: d.volume });
      }),
      this.client.on('trade', (msg) => {
        for (const d of msg.data) this.feed(d.symbol, 'trade', d.timestamp, { price: d.price });
      }),
    );
    const universe = [...this.watch.focus(), ...this.watch.scout()].sort();
    if (universe.length > 0) this.client.subscribe({ channel: 'ticker', symbol: universe });
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

  private feed(symbol: string, kind: 'ticker' | 'trade', timestamp: string | undefined, fields: Record<string, string>): void {
    const ts = timestamp === undefined ? this.scheduler.now() : Date.parse(timestamp);
    const values: Record<string, number> = {};
    const bad: string[] = [];
    if (!Number.isFinite(ts)) bad.push(`timestamp=${JSON.stringify(timestamp)}`);
    for (const [field, text] of Object.entries(fields)) {
      const v = Number(text);
      // The watch needs a positive price; volume may be 0.
      if (!Number.isFinite(v) || v < 0 || (field !== 'volume' && v === 0)) bad.push(`${field}=${JSON.stringify(text)}`);
      values[field] = v;
    }
    if (bad.length > 0) {
      this.options.onError?.(new RangeError(`WatchFeed skipped a ${kind} for ${symbol}: unusable ${bad.join(', ')}`));
      return;
    }
    if (kind === 'ticker') this.watch.onTicker(symbol, ts, values.last, values.volume);
    else this.watch.onTrade(symbol, ts, values.price, 0); // price only: volume comes from tickers (see class doc)
  }
}

function withSymbol(c: FocusChannel, symbol: string): PublicSubscription {
  return { ...c, symbol: [symbol] };
}
