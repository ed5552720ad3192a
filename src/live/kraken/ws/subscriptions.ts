import { OrderBook, OrderBookError, type BookDepth } from '../book/order-book.ts';
import { KrakenWsConnection } from './connection.ts';
import type { BookEvent } from './events.ts';
import type { BookMessage } from './messages/market-data.ts';
import type { KrakenWsMessage } from './messages/parse.ts';
import type { BalancesMessage, ExecutionsMessage } from './messages/private-data.ts';
import { buildSubscribe, buildUnsubscribe, isPrivateChannel, type Subscription } from './messages/requests.ts';
import type { MethodResponse, SubscribeSuccess, UnsubscribeSuccess } from './messages/responses.ts';
import { PrivateChannelState } from './private-channels.ts';
import { KrakenWsProtocolError } from './protocol-error.ts';
import { subscriptionKey, SubscriptionRegistry } from './subscription-registry.ts';

interface BookState {
  book: OrderBook;
  resyncing?: { reason: 'checksum_mismatch' | 'bad_level_data' };
  /** Resyncs since the last update that validated; too many means resubscribing does not help. */
  failedResyncs: number;
}

/** After this many resyncs in a row without one valid update, the connection itself is replaced (with backoff). */
const MAX_RESYNCS_IN_A_ROW = 3;

/**
 * The subscriptions part of the Kraken WS v2 client: the registry of wanted subscriptions
 * (replayed on every reconnect), acknowledgements, local books with checksum validation and
 * per-symbol resync, and the private channels (executions, balances) with sequence checks and
 * deduplication. Frames are routed here by `dispatch`.
 */
export abstract class KrakenWsSubscriptions extends KrakenWsConnection {
  private readonly registry = new SubscriptionRegistry();
  private readonly books = new Map<string, BookState>();
  private readonly privateChannels = new PrivateChannelState();
  /** In-flight subscribe requests by req_id: failures name the symbol but not the channel. */
  private readonly subscribeRequests = new Map<number, Subscription>();
  /** Subscriptions re-sent after a token refusal on this connection (one retry each). */
  private readonly tokenRetried = new Set<string>();

  /** The local book of a subscribed symbol (ready once its snapshot arrived). */
  book(symbol: string): OrderBook | undefined {
    return this.books.get(symbol)?.book;
  }

  protected onConnected(): void {
    this.privateChannels.reset();
    this.tokenRetried.clear();
    this.registry.markAllUnacknowledged();
    for (const state of this.books.values()) {
      state.book.reset();
      state.resyncing = undefined;
    }
    const entries = this.registry.all();
    if (entries.length > 0) this.sendSubscriptions(SubscriptionRegistry.group(entries)).catch((error: unknown) => this.emit('client_error', { context: 'resubscribe', error }));
  }

  // ---- subscriptions -------------------------------------------------------------------

  /**
   * Registers a subscription (kept across reconnects) and sends it if connected. Acks and
   * failures arrive as `subscription` events; the state becomes `subscribed` once all are acked.
   */
  subscribe(sub: Subscription): void {
    buildSubscribe(sub, 0, isPrivateChannel(sub.channel) ? 'token-placeholder' : undefined); // throws on bad arguments, now
    if (isPrivateChannel(sub.channel) && !this.options.getToken) {
      throw new Error(`subscribing to ${sub.channel} needs a getToken callback`);
    }
    const added = this.registry.add(sub);
    if (sub.channel === 'book') {
      for (const e of added) {
        if (e.symbol && !this.books.has(e.symbol)) this.books.set(e.symbol, { book: this.newBook(e.symbol, sub.depth), failedResyncs: 0 });
      }
    }
    if (added.length === 0) return;
    if (this.state === 'subscribed') this.transition('open');
    if (this.isOpen()) this.sendSubscriptions(SubscriptionRegistry.group(added)).catch((error: unknown) => this.emit('client_error', { context: `subscribe ${sub.channel}`, error }));
  }

  /** Forgets a subscription and unsubscribes if connected. */
  unsubscribe(sub: Subscription): void {
    const removed = this.registry.remove(sub);
    if (sub.channel === 'book') for (const e of removed) if (e.symbol) this.books.delete(e.symbol);
    if (removed.length === 0 || !this.isOpen()) return;
    this.sendRequest((reqId, token) => buildUnsubscribe(sub, reqId, token), sub.channel, isPrivateChannel(sub.channel)).then(
      (sent) => {
        if (sent.status === 'sent') this.awaitResponses(sent.reqId, 'unsubscribe', removed.length, () => {});
      },
      (error: unknown) => this.emit('client_error', { context: `unsubscribe ${sub.channel}`, error }),
    );
    this.maybeSubscribed();
  }

  private async sendSubscriptions(subs: Subscription[]): Promise<void> {
    const generation = this.generation;
    for (const sub of subs) {
      const sent = await this.sendRequest((reqId, token) => buildSubscribe(sub, reqId, token), sub.channel, isPrivateChannel(sub.channel));
      if (generation !== this.generation) return;
      if (sent.status === 'not_sent') {
        this.emit('client_error', { context: `subscribe ${sub.channel}`, error: new Error(sent.reason) });
        continue;
      }
      const expected = 'symbol' in sub ? sub.symbol.length : 1;
      this.subscribeRequests.set(sent.reqId, sub);
      this.awaitResponses(sent.reqId, 'subscribe', expected, (responses, end) => {
        this.subscribeRequests.delete(sent.reqId);
        if (end === 'timeout') {
          this.emit('subscription', {
            kind: 'failed',
            channel: sub.channel,
            symbol: 'symbol' in sub ? sub.symbol.join(',') : undefined,
            error: `no acknowledgement within ${this.requestTimeoutMs} ms (${responses.length}/${expected} received)`,
          });
        }
      });
    }
  }

  private currentRaw = '';

  protected dispatch(msg: KrakenWsMessage, raw: string): void {
    this.currentRaw = raw;
    if ('channel' in msg) {
      switch (msg.channel) {
        case 'heartbeat':
          return;
        case 'status': {
          const s = msg.data[msg.data.length - 1];
          if (s) {
            this.lastSystem = s.system;
            this.emit('status', { system: s.system, version: s.version, apiVersion: s.api_version, connectionId: s.connection_id });
          }
          return;
        }
        case 'ticker':
          return this.emit('ticker', msg);
        case 'trade':
          return this.emit('trade', msg);
        case 'ohlc':
          return this.emit('ohlc', msg);
        case 'instrument':
          return this.emit('instrument', msg);
        case 'book':
          return this.onBook(msg, raw);
        case 'executions':
          return this.onExecutions(msg);
        case 'balances':
          return this.onBalances(msg);
      }
    }
    if (msg.method === 'pong') return this.onPong(msg.req_id);
    this.onResponse(msg as MethodResponse, raw);
  }

  private onResponse(msg: MethodResponse, raw: string): void {
    if (msg.method === 'subscribe' || msg.method === 'unsubscribe') this.onSubscriptionResponse(msg);
    const matched = this.pending.deliver(msg);
    if (!matched && msg.method !== 'subscribe' && msg.method !== 'unsubscribe') {
      this.emit('protocol_error', new KrakenWsProtocolError('unexpected_response', [`no pending ${msg.method} request with req_id ${String(msg.req_id)}`], raw, msg.method));
    }
  }

  private onSubscriptionResponse(msg: MethodResponse): void {
    if (!msg.success) {
      if (msg.method === 'subscribe') {
        const sub = msg.req_id === undefined ? undefined : this.subscribeRequests.get(msg.req_id);
        if (isTokenError(msg.error)) {
          this.tokenRefused();
          // An expired token is not the subscription's fault: retry it once per connection with a fresh token.
          const key = sub ? JSON.stringify(sub) : '';
          if (sub && !this.tokenRetried.has(key)) {
            this.tokenRetried.add(key);
            this.sendSubscriptions([sub]).catch((error: unknown) => this.emit('client_error', { context: `subscribe ${sub.channel}`, error }));
            return;
          }
        }
        // A rejected subscription is dropped, or every reconnect would repeat the failure.
        const dropped = sub ? this.dropRejected(sub, msg.symbol) : [];
        for (const symbol of dropped.length ? dropped : [msg.symbol]) {
          this.emit('subscription', { kind: 'failed', channel: sub?.channel ?? 'unknown', symbol, error: msg.error, response: msg });
        }
        this.maybeSubscribed();
      } else {
        this.emit('client_error', { context: 'unsubscribe', error: new Error(msg.error) });
      }
      return;
    }
    if (msg.method === 'subscribe') {
      const r = (msg as SubscribeSuccess).result;
      const entry = this.registry.match(r.channel, r.symbol, r.depth ?? r.interval);
      if (entry) entry.acknowledged = true;
      if (r.channel === 'executions' || r.channel === 'balances') this.tokenConfirmed();
      this.emit('subscription', { kind: 'acknowledged', channel: r.channel, symbol: r.symbol, response: msg as SubscribeSuccess });
      this.maybeSubscribed();
    } else if (msg.method === 'unsubscribe') {
      const r = (msg as UnsubscribeSuccess).result;
      this.emit('subscription', { kind: 'unsubscribed', channel: r.channel, symbol: r.symbol, response: msg as UnsubscribeSuccess });
    }
  }

  /** Removes the rejected part of a subscription (one symbol, or all of it); returns the symbols dropped. */
  private dropRejected(sub: Subscription, symbol: string | undefined): (string | undefined)[] {
    const narrowed: Subscription = symbol !== undefined && 'symbol' in sub ? ({ ...sub, symbol: [symbol] } as Subscription) : sub;
    const removed = this.registry.remove(narrowed);
    for (const e of removed) if (e.channel === 'book' && e.symbol) this.books.delete(e.symbol);
    return removed.map((e) => e.symbol);
  }

  private maybeSubscribed(): void {
    if (this.state === 'open' && this.registry.size > 0 && this.registry.allAcknowledged()) this.transition('subscribed');
  }

  // ---- books ---------------------------------------------------------------------------

  private onBook(msg: BookMessage, raw: string): void {
    for (const d of msg.data) {
      const state = this.books.get(d.symbol);
      if (!state) {
        this.emit('protocol_error', new KrakenWsProtocolError('unexpected_response', [`book data for ${d.symbol}, which is not subscribed`], raw, 'book'));
        continue;
      }
      const { book } = state;
      if (msg.type === 'update' && !book.ready) continue; // stale update while waiting for a (re)snapshot
      try {
        if (msg.type === 'snapshot') book.applySnapshot(d);
        else book.applyUpdate(d);
      } catch (error) {
        if (!(error instanceof OrderBookError)) throw error;
        this.emit('protocol_error', new KrakenWsProtocolError('book_data', [error.message], raw, 'book'));
        this.resyncBook(d.symbol, state, { reason: 'bad_level_data', detail: error.message });
        continue;
      }
      const check = book.verifyChecksum(d.checksum);
      if (!check.ok) {
        this.resyncBook(d.symbol, state, { reason: 'checksum_mismatch', expected: check.expected, actual: check.actual });
        continue;
      }
      if (msg.type === 'update') state.failedResyncs = 0;
      if (msg.type === 'snapshot' && state.resyncing) {
        const { reason } = state.resyncing;
        state.resyncing = undefined;
        this.emit('book_resync', { symbol: d.symbol, phase: 'rebuilt', reason });
      }
      const event: BookEvent = { symbol: d.symbol, type: msg.type, book, checksum: d.checksum, timestamp: d.timestamp };
      this.emit('book', event);
    }
  }

  /** Discards the book, then unsubscribes and resubscribes that one symbol to get a fresh snapshot. */
  private resyncBook(
    symbol: string,
    state: BookState,
    why: { reason: 'checksum_mismatch' | 'bad_level_data'; expected?: number; actual?: number; detail?: string },
  ): void {
    state.book.reset();
    state.resyncing = { reason: why.reason };
    this.emit('book_resync', { symbol, phase: 'started', ...why });
    if (++state.failedResyncs > MAX_RESYNCS_IN_A_ROW) {
      state.failedResyncs = 0;
      this.emit('client_error', { context: `book ${symbol}`, error: new Error(`${MAX_RESYNCS_IN_A_ROW} book resyncs in a row did not help; reconnecting`) });
      this.dropConnection(`book ${symbol} failed ${MAX_RESYNCS_IN_A_ROW} resyncs in a row`);
      return;
    }
    const depth = state.book.depth;
    const sub: Subscription = { channel: 'book', symbol: [symbol], depth };
    const entry = this.registry.get(subscriptionKey('book', symbol, depth));
    if (entry) entry.acknowledged = false;
    if (this.state === 'subscribed') this.transition('open');
    (async () => {
      const generation = this.generation;
      const unsub = await this.sendRequest((reqId) => buildUnsubscribe(sub, reqId), 'book', false);
      if (unsub.status === 'sent') this.awaitResponses(unsub.reqId, 'unsubscribe', 1, () => {});
      if (generation !== this.generation) return; // reconnect replays the subscription anyway
      await this.sendSubscriptions([{ ...sub, snapshot: true }]);
    })().catch((error: unknown) => this.emit('client_error', { context: `resync book ${symbol}`, error }));
  }

  private newBook(symbol: string, depth: BookDepth): OrderBook {
    const precision = this.options.bookPrecision?.(symbol);
    return new OrderBook(symbol, { depth, ...precision });
  }

  // ---- private channels ----------------------------------------------------------------
  private onExecutions(msg: ExecutionsMessage): void {
    this.privateChannels.checkSequence('executions', msg.type, msg.sequence, (gap) => this.emit('sequence_gap', gap));
    for (const bad of msg.rejected) {
      // One unreadable report does not cost the others; it is reported with the whole frame.
      this.emit('protocol_error', new KrakenWsProtocolError('schema', bad.problems, this.currentRaw, 'executions'));
    }
    for (const report of msg.data) {
      const { dedupeKey, duplicate } = this.privateChannels.seen(report);
      this.emit('execution', { report, type: msg.type, sequence: msg.sequence, dedupeKey, duplicate });
    }
  }

  private onBalances(msg: BalancesMessage): void {
    const duplicate = this.privateChannels.checkSequence('balances', msg.type, msg.sequence, (gap) => this.emit('sequence_gap', gap));
    this.emit('balances', { message: msg, duplicate });
  }
}

/** Kraken's answers to a missing, unknown or expired token (README 10.3). */
export function isTokenError(error: string): boolean {
  return /Token\(s\) not found|ESession:Invalid session|EAPI:Invalid key/.test(error);
}
