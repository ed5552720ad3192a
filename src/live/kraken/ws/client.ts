import WebSocket from 'ws';
import { OrderBook, OrderBookError, type BookDepth } from '../book/order-book.ts';
import { DEFAULT_BACKOFF, ReconnectBackoff, type BackoffOptions } from './backoff.ts';
import { ConnectionStateMachine, type ConnectionState } from './connection-state.ts';
import type { BookEvent, KrakenWsEvents, OrderOutcomeUnknownEvent } from './events.ts';
import type { BookMessage, SystemStatus } from './messages/market-data.ts';
import { parseKrakenWsFrame, type KrakenWsMessage } from './messages/parse.ts';
import type { BalancesMessage, ExecutionReport, ExecutionsMessage } from './messages/private-data.ts';
import {
  buildAddOrder,
  buildAmendOrder,
  buildBatchAdd,
  buildCancelAll,
  buildCancelAllOrdersAfter,
  buildCancelOrder,
  buildPing,
  buildSubscribe,
  buildUnsubscribe,
  cancelTargetCount,
  encodeRequest,
  isPrivateChannel,
  type AddOrderParams,
  type AmendOrderParams,
  type BatchAddParams,
  type CancelOrderParams,
  type Subscription,
  type WsRequest,
} from './messages/requests.ts';
import type {
  AddOrderSuccess,
  AmendOrderSuccess,
  BatchAddSuccess,
  CancelAllOrdersAfterSuccess,
  CancelAllSuccess,
  CancelOrderSuccess,
  MethodFailure,
  MethodResponse,
  SubscribeSuccess,
  UnsubscribeSuccess,
} from './messages/responses.ts';
import { PendingRequests, type PendingEnd } from './pending-requests.ts';
import { KrakenWsProtocolError } from './protocol-error.ts';
import { systemScheduler, type Scheduler, type TimerHandle } from './scheduler.ts';
import { subscriptionKey, SubscriptionRegistry } from './subscription-registry.ts';
import { TypedEmitter } from './typed-emitter.ts';

export const KRAKEN_WS_PUBLIC_URL = 'wss://ws.kraken.com/v2';
export const KRAKEN_WS_PRIVATE_URL = 'wss://ws-auth.kraken.com/v2';

export interface KrakenWsClientOptions {
  /** Public `wss://ws.kraken.com/v2`, private `wss://ws-auth.kraken.com/v2`, or a loopback `ws://127.0.0.1:PORT`. */
  readonly url: string;
  /** WebSocket token source for private subscriptions and trading (REST GetWebSocketsToken; caller caches). */
  readonly getToken?: () => Promise<string>;
  readonly scheduler?: Scheduler;
  /** Random source for backoff jitter, in [0, 1). */
  readonly random?: () => number;
  readonly backoff?: Partial<BackoffOptions>;
  /** No frame at all for this long -> the connection is stale and is replaced. Default 10 s. */
  readonly staleAfterMs?: number;
  /** Application-level ping period (keeps idle connections open and feeds the watchdog). Default 5 s. */
  readonly pingIntervalMs?: number;
  /** How long a request waits for its response(s). Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** A connection that lived this long resets the backoff when it drops. Default 30 s. */
  readonly stableAfterMs?: number;
  /** Minimum reconnect delay while the engine reports maintenance or cancel_only. Default 5 s. */
  readonly maintenanceDelayMs?: number;
  /** Stop after this many consecutive failed reconnects (state `closed`). Default: never. */
  readonly maxReconnectAttempts?: number;
  /** Per-symbol precision used to re-render book text before checksumming (only if the wire text is not exact). */
  readonly bookPrecision?: (symbol: string) => { priceDecimals?: number; qtyDecimals?: number } | undefined;
}

/**
 * What became of a request that changes orders.
 * - accepted / rejected: the engine answered.
 * - not_sent: certainly never reached Kraken (not connected, bad arguments, no token).
 * - unknown: sent, but no answer before the timeout or the connection dropped. The order may
 *   exist. Reconcile (executions snapshot / REST by cl_ord_id); never retry blindly.
 */
export type OrderOutcome<T> =
  | { readonly status: 'accepted'; readonly result: T }
  | { readonly status: 'rejected'; readonly error: string; readonly responses: readonly MethodResponse[] }
  | { readonly status: 'not_sent'; readonly reason: string }
  | ({ readonly status: 'unknown'; readonly partial: readonly MethodResponse[] } & OrderOutcomeUnknownEvent);

export interface CancelOrderResult {
  readonly cancelled: readonly CancelOrderSuccess['result'][];
  readonly failed: readonly MethodFailure[];
}

interface BookState {
  book: OrderBook;
  resyncing?: { reason: 'checksum_mismatch' | 'bad_level_data' };
  /** Resyncs since the last update that validated; too many means resubscribing does not help. */
  failedResyncs: number;
}

/** After this many resyncs in a row without one valid update, the connection itself is replaced (with backoff). */
const MAX_RESYNCS_IN_A_ROW = 3;

const DUPLICATE_MEMORY = 50_000;

/**
 * Kraken WebSocket v2 client: one socket (public or private), exact-decimal parsing, local
 * books with checksum validation and automatic per-symbol resync, request/response matching
 * by req_id, heartbeat watchdog, ping, and reconnect with backoff that replays every
 * subscription. Everything it learns is an event (see KrakenWsEvents); nothing it receives
 * can throw out of the socket loop.
 */
export class KrakenWsClient extends TypedEmitter<KrakenWsEvents> {
  private readonly scheduler: Scheduler;
  private readonly backoff: ReconnectBackoff;
  private readonly machine = new ConnectionStateMachine();
  private readonly pending: PendingRequests;
  private readonly registry = new SubscriptionRegistry();
  private readonly books = new Map<string, BookState>();
  private readonly privateSequence = new Map<'executions' | 'balances', number>();
  private readonly seenExecutions = new Set<string>();
  private readonly pingSentAt = new Map<number, number>();
  /** In-flight subscribe requests by req_id: failures name the symbol but not the channel. */
  private readonly subscribeRequests = new Map<number, Subscription>();
  private readonly staleAfterMs: number;
  private readonly pingIntervalMs: number;
  private readonly requestTimeoutMs: number;
  private readonly stableAfterMs: number;
  private readonly maintenanceDelayMs: number;

  private socket: WebSocket | undefined;
  private generation = 0;
  private openedAt = 0;
  private lastFrameAt = 0;
  private watchdog: TimerHandle | undefined;
  private pingTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private nextReqId = 1;
  private lastSystem: SystemStatus | undefined;
  private wanted = false;

  constructor(readonly options: KrakenWsClientOptions) {
    super((event, error) => this.emit('client_error', { context: `listener for "${String(event)}"`, error }));
    this.scheduler = options.scheduler ?? systemScheduler;
    this.backoff = new ReconnectBackoff({ ...DEFAULT_BACKOFF, ...options.backoff }, options.random ?? Math.random);
    this.pending = new PendingRequests(this.scheduler);
    this.staleAfterMs = options.staleAfterMs ?? 10_000;
    this.pingIntervalMs = options.pingIntervalMs ?? 5_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.stableAfterMs = options.stableAfterMs ?? 30_000;
    this.maintenanceDelayMs = options.maintenanceDelayMs ?? 5_000;
  }

  get state(): ConnectionState {
    return this.machine.state;
  }

  /** The local book of a subscribed symbol (ready once its snapshot arrived). */
  book(symbol: string): OrderBook | undefined {
    return this.books.get(symbol)?.book;
  }

  /** Starts connecting (and keeps reconnecting until `close()`). */
  connect(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.backoff.reset();
    this.openSocket();
  }

  /** Closes for good: no reconnect; in-flight order requests become outcome-unknown. */
  close(): void {
    this.wanted = false;
    this.clearConnectionTimers();
    if (this.reconnectTimer) this.scheduler.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.generation++;
    this.pending.failAll('disconnected');
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
    }
    this.transition('closed', { reason: 'closed by caller' });
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
    if (this.isOpen()) this.sendSubscriptions(SubscriptionRegistry.group(added)).catch((error: unknown) => this.emit('client_error', { context: 'subscribe', error }));
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
    ).catch((error: unknown) => this.emit('client_error', { context: 'unsubscribe', error }));
    this.maybeSubscribed();
  }

  // ---- trading -------------------------------------------------------------------------

  addOrder(order: AddOrderParams): Promise<OrderOutcome<AddOrderSuccess['result']>> {
    return this.orderRequest('add_order', (reqId, token) => buildAddOrder(order, token, reqId), 1, ids([order]), (rs) => single<AddOrderSuccess>(rs));
  }

  amendOrder(amend: AmendOrderParams): Promise<OrderOutcome<AmendOrderSuccess['result']>> {
    const clOrdIds = amend.cl_ord_id ? [amend.cl_ord_id] : [];
    return this.orderRequest('amend_order', (reqId, token) => buildAmendOrder(amend, token, reqId), 1, { clOrdIds, orderUserrefs: [] }, (rs) =>
      single<AmendOrderSuccess>(rs),
    );
  }

  /** Kraken answers one frame per cancelled order; the outcome collects them all. */
  cancelOrder(cancel: CancelOrderParams): Promise<OrderOutcome<CancelOrderResult>> {
    const refs = { clOrdIds: cancel.cl_ord_id ?? [], orderUserrefs: cancel.order_userref ?? [] };
    return this.orderRequest('cancel_order', (reqId, token) => buildCancelOrder(cancel, token, reqId), cancelTargetCount(cancel), refs, (rs) => {
      const cancelled = rs.filter((r): r is CancelOrderSuccess => r.success && r.method === 'cancel_order').map((r) => r.result);
      const failed = rs.filter((r): r is MethodFailure => !r.success);
      if (cancelled.length === 0) return { status: 'rejected', error: failed.map((f) => f.error).join('; '), responses: rs };
      return { status: 'accepted', result: { cancelled, failed } };
    });
  }

  cancelAll(): Promise<OrderOutcome<CancelAllSuccess['result']>> {
    return this.orderRequest('cancel_all', (reqId, token) => buildCancelAll(token, reqId), 1, { clOrdIds: [], orderUserrefs: [] }, (rs) => single<CancelAllSuccess>(rs));
  }

  /** Dead-man switch: all orders are cancelled unless this is refreshed within `timeoutSeconds` (0 disables). */
  cancelAllOrdersAfter(timeoutSeconds: number): Promise<OrderOutcome<CancelAllOrdersAfterSuccess['result']>> {
    return this.orderRequest(
      'cancel_all_orders_after',
      (reqId, token) => buildCancelAllOrdersAfter(timeoutSeconds, token, reqId),
      1,
      { clOrdIds: [], orderUserrefs: [] },
      (rs) => single<CancelAllOrdersAfterSuccess>(rs),
    );
  }

  batchAdd(batch: BatchAddParams): Promise<OrderOutcome<BatchAddSuccess['result']>> {
    return this.orderRequest('batch_add', (reqId, token) => buildBatchAdd(batch, token, reqId), 1, ids(batch.orders), (rs) => single<BatchAddSuccess>(rs));
  }

  /** Application-level ping; resolves with the round-trip time, or undefined if no pong came. */
  async ping(): Promise<number | undefined> {
    const sent = await this.sendRequest((reqId) => buildPing(reqId), 'ping', false);
    if (sent.status !== 'sent') return undefined;
    const sentAt = this.scheduler.now();
    this.pingSentAt.set(sent.reqId, sentAt);
    return new Promise((resolve) => {
      const timer = this.scheduler.setTimeout(() => {
        this.pingSentAt.delete(sent.reqId);
        offPong();
        resolve(undefined);
      }, this.requestTimeoutMs);
      const offPong = this.on('pong', (p) => {
        if (p.reqId !== sent.reqId) return;
        this.scheduler.clearTimeout(timer);
        offPong();
        resolve(p.rttMs);
      });
    });
  }

  // ---- connection ----------------------------------------------------------------------

  private openSocket(): void {
    this.transition('connecting');
    const generation = ++this.generation;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url, { perMessageDeflate: false });
    } catch (error) {
      this.emit('client_error', { context: `connect ${this.options.url}`, error });
      this.scheduleReconnect('cannot create socket');
      return;
    }
    this.socket = socket;
    socket.on('open', () => generation === this.generation && this.onOpen());
    socket.on('message', (data, isBinary) => generation === this.generation && this.onFrame(data, isBinary));
    socket.on('error', (error) => generation === this.generation && this.emit('client_error', { context: 'socket', error }));
    socket.on('close', (code, reason) => generation === this.generation && this.onClose(`socket closed (code ${code}${reason.length ? `, ${reason.toString()}` : ''})`));
  }

  private onOpen(): void {
    this.openedAt = this.scheduler.now();
    this.lastFrameAt = this.openedAt;
    this.privateSequence.clear();
    this.registry.markAllUnacknowledged();
    for (const state of this.books.values()) {
      state.book.reset();
      state.resyncing = undefined;
    }
    this.transition('open');
    this.armWatchdog(this.staleAfterMs);
    this.armPing();
    const entries = this.registry.all();
    if (entries.length > 0) this.sendSubscriptions(SubscriptionRegistry.group(entries)).catch((error: unknown) => this.emit('client_error', { context: 'resubscribe', error }));
  }

  private onClose(reason: string): void {
    this.socket = undefined;
    this.generation++;
    this.clearConnectionTimers();
    this.pending.failAll('disconnected');
    if (!this.wanted) return;
    if (this.openedAt > 0 && this.scheduler.now() - this.openedAt >= this.stableAfterMs) this.backoff.reset();
    this.openedAt = 0;
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    const max = this.options.maxReconnectAttempts ?? Infinity;
    if (this.backoff.attempt >= max) {
      this.wanted = false;
      this.transition('closed', { reason: `${reason}; gave up after ${max} reconnect attempts` });
      return;
    }
    const floor = this.lastSystem === 'maintenance' || this.lastSystem === 'cancel_only' ? this.maintenanceDelayMs : 0;
    const { attempt, delayMs } = this.backoff.next(floor);
    this.transition('reconnecting', { attempt, delayMs, reason });
    this.reconnectTimer = this.scheduler.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.wanted) this.openSocket();
    }, delayMs);
  }

  /** Drops a silent connection and reconnects. */
  private markStale(silentMs: number): void {
    this.transition('stale', { reason: `no frame for ${silentMs} ms` });
    this.dropConnection(`stale: no frame for ${silentMs} ms`);
  }

  /** Kills the current socket on our side and goes through the normal reconnect path. */
  private dropConnection(reason: string): void {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
    }
    this.onClose(reason);
  }

  private armWatchdog(delayMs: number): void {
    this.watchdog = this.scheduler.setTimeout(() => {
      const silent = this.scheduler.now() - this.lastFrameAt;
      if (silent >= this.staleAfterMs) this.markStale(silent);
      else this.armWatchdog(this.staleAfterMs - silent);
    }, delayMs);
  }

  private armPing(): void {
    this.pingTimer = this.scheduler.setTimeout(() => {
      this.pingTimer = undefined;
      if (!this.isOpen()) return;
      this.ping().catch((error: unknown) => this.emit('client_error', { context: 'ping', error }));
      this.armPing();
    }, this.pingIntervalMs);
  }

  private clearConnectionTimers(): void {
    if (this.watchdog) this.scheduler.clearTimeout(this.watchdog);
    if (this.pingTimer) this.scheduler.clearTimeout(this.pingTimer);
    this.watchdog = undefined;
    this.pingTimer = undefined;
    this.pingSentAt.clear();
  }

  private isOpen(): boolean {
    return this.socket !== undefined && this.socket.readyState === WebSocket.OPEN && (this.state === 'open' || this.state === 'subscribed');
  }

  private transition(to: ConnectionState, details: { attempt?: number; delayMs?: number; reason?: string } = {}): void {
    const change = this.machine.move(to, this.scheduler.now(), details);
    if (change) this.emit('state', change);
  }

  // ---- sending -------------------------------------------------------------------------

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

  /**
   * Builds and sends one request. Private requests fetch a token first. Returns whether the
   * frame was handed to the socket; nothing is thrown.
   */
  private async sendRequest(
    build: (reqId: number, token: string) => WsRequest,
    what: string,
    needsToken: boolean,
  ): Promise<{ status: 'sent'; reqId: number } | { status: 'not_sent'; reason: string }> {
    let token = '';
    if (needsToken) {
      if (!this.options.getToken) return { status: 'not_sent', reason: `${what} needs a getToken callback` };
      try {
        token = await this.options.getToken();
      } catch (error) {
        this.emit('client_error', { context: `getToken for ${what}`, error });
        return { status: 'not_sent', reason: `getToken failed: ${(error as Error)?.message ?? String(error)}` };
      }
    }
    const reqId = this.nextReqId++;
    let text: string;
    try {
      text = encodeRequest(build(reqId, token));
    } catch (error) {
      return { status: 'not_sent', reason: (error as Error).message };
    }
    const socket = this.socket;
    if (!socket || !this.isOpen()) return { status: 'not_sent', reason: `not connected (state ${this.state})` };
    try {
      socket.send(text);
    } catch (error) {
      return { status: 'not_sent', reason: `send failed: ${(error as Error).message}` };
    }
    return { status: 'sent', reqId };
  }

  private awaitResponses(reqId: number, method: string, expected: number, done: (responses: MethodResponse[], end: PendingEnd) => void): void {
    this.pending.add(reqId, method, expected, this.requestTimeoutMs, done);
  }

  private async orderRequest<T>(
    method: string,
    build: (reqId: number, token: string) => WsRequest,
    expected: number,
    refs: { clOrdIds: readonly string[]; orderUserrefs: readonly number[] },
    interpret: (responses: MethodResponse[]) => OrderOutcome<T>,
  ): Promise<OrderOutcome<T>> {
    // Validate the arguments before asking for a token, so bad input is reported as not_sent.
    try {
      build(0, 'validation-only');
    } catch (error) {
      return { status: 'not_sent', reason: (error as Error).message };
    }
    const sent = await this.sendRequest(build, method, true);
    if (sent.status === 'not_sent') return sent;
    return new Promise((resolve) => {
      this.awaitResponses(sent.reqId, method, expected, (responses, end) => {
        if (end === 'complete') {
          const failures = responses.filter((r): r is MethodFailure => !r.success);
          if (method !== 'cancel_order' && failures.length > 0) {
            resolve({ status: 'rejected', error: failures.map((f) => f.error).join('; '), responses });
          } else {
            resolve(interpret(responses));
          }
          return;
        }
        // Timed out or disconnected before every answer arrived: the outcome is unknown.
        const unknown: OrderOutcomeUnknownEvent = { method, reqId: sent.reqId, reason: end === 'timeout' ? 'timeout' : 'disconnected', ...refs };
        this.emit('order_outcome_unknown', unknown);
        resolve({ status: 'unknown', partial: responses, ...unknown });
      });
    });
  }

  // ---- receiving -----------------------------------------------------------------------

  private onFrame(data: WebSocket.RawData, isBinary: boolean): void {
    const now = this.scheduler.now();
    this.lastFrameAt = now;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (isBinary) {
      this.emit('protocol_error', new KrakenWsProtocolError('unknown_message', ['binary frame; Kraken sends text frames only'], `<${bytes.length} binary bytes>`));
      return;
    }
    const raw = bytes.toString('utf8');
    this.emit('frame', { raw, receivedAt: now });
    const parsed = parseKrakenWsFrame(raw);
    if (!parsed.ok) {
      this.emit('protocol_error', parsed.error);
      return;
    }
    try {
      this.dispatch(parsed.message, raw);
    } catch (error) {
      // A bug in our own handling must not kill the loop either; report it with the frame.
      this.emit('protocol_error', new KrakenWsProtocolError('unexpected_response', [`handler failed: ${(error as Error).message}`], raw));
    }
  }

  private dispatch(msg: KrakenWsMessage, raw: string): void {
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
    if (msg.method === 'pong') {
      const reqId = msg.req_id;
      const sentAt = reqId === undefined ? undefined : this.pingSentAt.get(reqId);
      if (reqId !== undefined && sentAt !== undefined) {
        this.pingSentAt.delete(reqId);
        this.emit('pong', { reqId, rttMs: this.scheduler.now() - sentAt });
      }
      return;
    }
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
        // A rejected subscription is dropped, or every reconnect would repeat the failure.
        const sub = msg.req_id === undefined ? undefined : this.subscribeRequests.get(msg.req_id);
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
    })().catch((error: unknown) => this.emit('client_error', { context: `book resync ${symbol}`, error }));
  }

  private newBook(symbol: string, depth: BookDepth): OrderBook {
    const precision = this.options.bookPrecision?.(symbol);
    return new OrderBook(symbol, { depth, ...precision });
  }

  // ---- private channels ----------------------------------------------------------------

  private onExecutions(msg: ExecutionsMessage): void {
    this.checkSequence('executions', msg.type, msg.sequence);
    for (const report of msg.data) {
      const dedupeKey = executionKey(report);
      const duplicate = this.seenExecutions.has(dedupeKey);
      if (!duplicate) this.rememberExecution(dedupeKey);
      this.emit('execution', { report, type: msg.type, sequence: msg.sequence, dedupeKey, duplicate });
    }
  }

  private onBalances(msg: BalancesMessage): void {
    const duplicate = this.checkSequence('balances', msg.type, msg.sequence);
    this.emit('balances', { message: msg, duplicate });
  }

  /** Tracks per-subscription sequence numbers; returns true for a frame at or below the last one seen. */
  private checkSequence(channel: 'executions' | 'balances', type: 'snapshot' | 'update', sequence: number): boolean {
    const last = this.privateSequence.get(channel);
    if (type === 'snapshot' || last === undefined) {
      this.privateSequence.set(channel, sequence);
      return false;
    }
    if (sequence <= last) return true;
    if (sequence !== last + 1) this.emit('sequence_gap', { channel, expected: last + 1, received: sequence });
    this.privateSequence.set(channel, sequence);
    return false;
  }

  private rememberExecution(key: string): void {
    if (this.seenExecutions.size >= DUPLICATE_MEMORY) {
      const oldest = this.seenExecutions.values().next().value;
      if (oldest !== undefined) this.seenExecutions.delete(oldest);
    }
    this.seenExecutions.add(key);
  }
}

export function executionKey(report: ExecutionReport): string {
  if (report.exec_type === 'trade' && report.exec_id) return `trade:${report.exec_id}`;
  return `${report.order_id}:${report.exec_type}:${report.timestamp}`;
}

function single<S extends { result: unknown }>(responses: MethodResponse[]): OrderOutcome<S['result']> {
  return { status: 'accepted', result: (responses[0] as unknown as S).result };
}

function ids(orders: readonly { cl_ord_id?: string; order_userref?: number }[]): { clOrdIds: string[]; orderUserrefs: number[] } {
  return {
    clOrdIds: orders.flatMap((o) => (o.cl_ord_id !== undefined ? [o.cl_ord_id] : [])),
    orderUserrefs: orders.flatMap((o) => (o.order_userref !== undefined ? [o.order_userref] : [])),
  };
}
