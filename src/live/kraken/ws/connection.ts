import WebSocket from 'ws';
import { DEFAULT_BACKOFF, ReconnectBackoff, type BackoffOptions } from './backoff.ts';
import { ConnectionStateMachine, type ConnectionState } from './connection-state.ts';
import type { KrakenWsEvents } from './events.ts';
import type { SystemStatus } from './messages/market-data.ts';
import { UnknownValueCounter } from './messages/lenient.ts';
import { parseKrakenWsFrame, type KrakenWsMessage } from './messages/parse.ts';
import { buildPing, encodeRequest, type WsRequest } from './messages/requests.ts';
import type { MethodResponse } from './messages/responses.ts';
import { PendingRequests, type PendingEnd } from './pending-requests.ts';
import { KrakenWsProtocolError } from './protocol-error.ts';
import { systemScheduler, type Scheduler, type TimerHandle } from './scheduler.ts';
import type { KrakenRateLimiter } from '../rest/rate-limiter.ts';
import { ConnectionToken } from './connection-token.ts';
import { TypedEmitter } from './typed-emitter.ts';

export const KRAKEN_WS_PUBLIC_URL = 'wss://ws.kraken.com/v2';
export const KRAKEN_WS_PRIVATE_URL = 'wss://ws-auth.kraken.com/v2';

export interface KrakenWsClientOptions {
  /** Public `wss://ws.kraken.com/v2`, private `wss://ws-auth.kraken.com/v2`, or a loopback `ws://127.0.0.1:PORT`. */
  readonly url: string;
  /**
   * WebSocket token source for private subscriptions and trading (REST GetWebSocketsToken). The
   * client asks once per connection (README 10.3: a token is valid for its connection once a
   * private subscription uses it), not once per request.
   */
  readonly getToken?: () => Promise<string>;
  /**
   * The REST client's rate limiter, shared: Kraken's per-pair trading counter counts WS and REST
   * orders alike, and penalises cancelling young orders (README 7.2). Without it WS orders are not
   * throttled locally.
   */
  readonly rateLimiter?: KrakenRateLimiter;
  /** A token not yet used by a private subscription is fetched again after this long (Kraken: 15 min). Default 14 min. */
  readonly tokenMaxAgeMs?: number;
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
 * The connection part of the Kraken WS v2 client: one socket with reconnect/backoff, the
 * stale-connection watchdog, application pings, the per-connection token, request sending and
 * response waiting, and frame parsing. What a parsed frame means is up to `dispatch`
 * (subscriptions.ts); what happens on (re)connect is up to `onConnected`.
 */
export abstract class KrakenWsConnection extends TypedEmitter<KrakenWsEvents> {
  protected readonly scheduler: Scheduler;
  private readonly backoff: ReconnectBackoff;
  private readonly machine = new ConnectionStateMachine();
  protected readonly pending: PendingRequests;
  private readonly pingSentAt = new Map<number, number>();
  private readonly token: ConnectionToken;
  /** Unknown enum values seen in frames, counted (status page) and logged once with the raw frame. */
  readonly unknownValues: UnknownValueCounter;
  private readonly staleAfterMs: number;
  private readonly pingIntervalMs: number;
  protected readonly requestTimeoutMs: number;
  private readonly stableAfterMs: number;
  private readonly maintenanceDelayMs: number;

  private socket: WebSocket | undefined;
  protected generation = 0;
  private openedAt = 0;
  private lastFrameAt = 0;
  private watchdog: TimerHandle | undefined;
  private pingTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private nextReqId = 1;
  protected lastSystem: SystemStatus | undefined;
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
    this.token = new ConnectionToken(options.getToken, () => this.scheduler.now(), options.tokenMaxAgeMs ?? 14 * 60_000);
    this.unknownValues = new UnknownValueCounter((u, raw) => this.emit('unknown_value', { ...u, raw }));
  }

  /** Called when a socket opened (subscriptions are replayed here). */
  protected abstract onConnected(): void;
  /** Handles one parsed frame. */
  protected abstract dispatch(msg: KrakenWsMessage, raw: string): void;

  get state(): ConnectionState {
    return this.machine.state;
  }

  /** How many GetWebSocketsToken calls this client made (one per connection is what Kraken expects). */
  get tokensFetched(): number {
    return this.token.fetched;
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
    this.token.newConnection(this.generation);
    this.transition('open');
    this.armWatchdog(this.staleAfterMs);
    this.armPing();
    this.onConnected();
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
  protected dropConnection(reason: string): void {
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

  protected isOpen(): boolean {
    return this.socket !== undefined && this.socket.readyState === WebSocket.OPEN && (this.state === 'open' || this.state === 'subscribed');
  }

  protected transition(to: ConnectionState, details: { attempt?: number; delayMs?: number; reason?: string } = {}): void {
    const change = this.machine.move(to, this.scheduler.now(), details);
    if (change) this.emit('state', change);
  }

  // ---- sending -------------------------------------------------------------------------

  /**
   * Builds and sends one request. Private requests fetch a token first. Returns whether the
   * frame was handed to the socket; nothing is thrown.
   */
  protected async sendRequest(
    build: (reqId: number, token: string) => WsRequest,
    what: string,
    needsToken: boolean,
  ): Promise<{ status: 'sent'; reqId: number } | { status: 'not_sent'; reason: string }> {
    let token = '';
    if (needsToken) {
      if (!this.options.getToken) return { status: 'not_sent', reason: `${what} needs a getToken callback` };
      // No socket, no token: a request that cannot be sent must not spend a GetWebSocketsToken call.
      if (!this.isOpen()) return { status: 'not_sent', reason: `not connected (state ${this.state})` };
      try {
        token = await this.token.get(this.generation);
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

  protected awaitResponses(reqId: number, method: string, expected: number, done: (responses: MethodResponse[], end: PendingEnd) => void): void {
    this.pending.add(reqId, method, expected, this.requestTimeoutMs, done);
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
    if (parsed.unknowns.length > 0) this.unknownValues.record(parsed.unknowns, raw);
    try {
      this.dispatch(parsed.message, raw);
    } catch (error) {
      // A bug in our own handling must not kill the loop either; report it with the frame.
      this.emit('protocol_error', new KrakenWsProtocolError('unexpected_response', [`handler failed: ${(error as Error).message}`], raw));
    }
  }

  protected onPong(reqId: number | undefined): void {
    const sentAt = reqId === undefined ? undefined : this.pingSentAt.get(reqId);
    if (reqId !== undefined && sentAt !== undefined) {
      this.pingSentAt.delete(reqId);
      this.emit('pong', { reqId, rttMs: this.scheduler.now() - sentAt });
    }
  }

  /** The token of the current connection was accepted by a private subscription: keep it for this connection. */
  protected tokenConfirmed(): void {
    this.token.confirm(this.generation);
  }

  /** Kraken refused the token (expired or unknown): the next private request fetches a new one. */
  protected tokenRefused(): void {
    this.token.invalidate();
  }
}
