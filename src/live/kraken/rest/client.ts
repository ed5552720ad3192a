/**
 * Kraken spot REST client (undici). One instance per API key.
 *
 * Request path of a private call, in order: local parameter checks -> rate limiter (REST call
 * counter, or the per-pair matching-engine counter for AddOrder/CancelOrder) -> private lane
 * (one request in flight, so nonces reach Kraken in the order they were issued) -> nonce ->
 * form body -> API-Sign over exactly those bytes -> send -> envelope -> typed error or zod-parsed
 * result. Retries follow retry.ts; state-changing calls whose outcome is open throw
 * KrakenOutcomeUnknown. Nothing secret is logged or put in an error message.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { NonceSource, sharedNonceSource } from '../auth/nonce.ts';
import { redact } from '../auth/redact.ts';
import type { KrakenCredentials } from '../auth/secrets.ts';
import { decodeApiSecret, signKrakenRequest } from '../auth/sign.ts';
import { parseExactJson, toPlainJson } from '../ws/exact-json.ts';
import { realSleep, systemClock, type Clock, type Sleep } from './clock.ts';
import { ENDPOINTS, type EndpointSpec } from './endpoints.ts';
import {
  KrakenError,
  KrakenOutcomeUnknown,
  KrakenRateLimit,
  KrakenRequestError,
  KrakenResponseFormatError,
  KrakenTransportError,
  mapKrakenErrors,
} from './errors.ts';
import { encodeForm, type Params } from './form.ts';
import { safeLogger, silentLogger, type KrakenRestLogger } from './logger.ts';
import { addOrderForm, validateAddOrder, type AddOrderParams, type CancelOrderTarget } from './order-params.ts';
import { allOf, KrakenRateLimiter, type LimitPlan, type RateLimiterOptions } from './rate-limiter.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isRetryable, minimumDelayMs, type RetryPolicy } from './retry.ts';
import * as S from './schemas.ts';
import { Semaphore } from './semaphore.ts';
import { UndiciTransport, type HttpTransport } from './transport.ts';
import { QUERY_ORDERS_BATCH, type OhlcParams, type TradesParams, type OpenOrdersParams, type ClosedOrdersParams, type QueryOrdersParams, type TradesHistoryParams, type LedgersParams, type AddOrderResult } from './request-params.ts';

export const DEFAULT_BASE_URL = 'https://api.kraken.com';
export const DEFAULT_USER_AGENT = `krakenbt/0.1 (node ${process.version})`;

export interface KrakenRestClientOptions {
  /** Default https://api.kraken.com; tests and the simulator use http://127.0.0.1:PORT. */
  readonly baseUrl?: string;
  /** Needed for private endpoints only. */
  readonly credentials?: KrakenCredentials;
  /**
   * Nonce generator shared by everything that uses this key. Default: `nonceStateDir` if
   * given, else an in-memory source (epoch microseconds, increasing within this process and,
   * as long as the wall clock does not go back, across restarts).
   */
  readonly nonceSource?: NonceSource;
  /** Directory for the persisted per-key nonce state (uses `sharedNonceSource`). Use this in live trading. */
  readonly nonceStateDir?: string;
  /** 2FA one-time password provider, if the key has 2FA enabled. */
  readonly otp?: () => string;
  readonly userAgent?: string;
  /** Whole-request timeout (default 15 s). */
  readonly timeoutMs?: number;
  /** A shared limiter instance, options for a private one, or false to disable limiting. */
  readonly rateLimiter?: KrakenRateLimiter | RateLimiterOptions | false;
  readonly retry?: Partial<RetryPolicy>;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly logger?: KrakenRestLogger;
  /** Receives `W...` warnings Kraken sends next to a successful result. */
  readonly onWarnings?: (method: string, warnings: readonly string[]) => void;
  /** Custom transport (default: undici Pool on baseUrl). */
  readonly transport?: HttpTransport;
  /**
   * AddOrder without cl_ord_id and userref gets a generated cl_ord_id so that a lost response
   * can always be reconciled. Pass false to disable, or a generator. Default: random UUID.
   */
  readonly clientOrderId?: (() => string) | false;
}

interface OutcomeIds {
  readonly clOrdId?: string;
  readonly userref?: number;
  readonly target?: string;
}

interface CallOptions {
  readonly ids?: OutcomeIds;
  /** Matching-engine limit plan, made fresh for each attempt. */
  readonly matchingEngine?: () => LimitPlan;
  /** Pair for EOrder rate-limit feedback. */
  readonly pair?: string;
}

export { QUERY_ORDERS_BATCH, type OhlcParams, type TradesParams, type OpenOrdersParams, type ClosedOrdersParams, type QueryOrdersParams, type TradesHistoryParams, type LedgersParams, type AddOrderResult } from './request-params.ts';

export class KrakenRestClient {
  readonly #transport: HttpTransport;
  readonly #credentials: KrakenCredentials | undefined;
  readonly #secretBytes: Buffer | undefined;
  readonly #nonce: NonceSource;
  readonly #otp: (() => string) | undefined;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #limiter: KrakenRateLimiter;
  /** A limiter passed in is shared (and closed by whoever made it); one made here is closed with the client. */
  readonly #ownsLimiter: boolean;
  readonly #retry: RetryPolicy;
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  readonly #log: KrakenRestLogger;
  readonly #onWarnings: ((method: string, warnings: readonly string[]) => void) | undefined;
  readonly #clientOrderId: (() => string) | false;
  readonly #privateLane = new Semaphore(1);

  constructor(options: KrakenRestClientOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? realSleep;
    this.#transport = options.transport ?? new UndiciTransport(options.baseUrl ?? DEFAULT_BASE_URL);
    this.#credentials = options.credentials;
    this.#secretBytes = options.credentials ? decodeApiSecret(options.credentials.apiSecret.reveal()) : undefined;
    if (options.nonceSource && options.nonceStateDir !== undefined) {
      throw new KrakenRequestError('give either nonceSource or nonceStateDir, not both');
    }
    this.#nonce =
      options.nonceSource ??
      (options.nonceStateDir !== undefined && options.credentials
        ? sharedNonceSource(options.credentials.apiKey.reveal(), options.nonceStateDir)
        : new NonceSource());
    this.#otp = options.otp;
    this.#userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    const rl = options.rateLimiter;
    this.#ownsLimiter = !(rl instanceof KrakenRateLimiter);
    this.#limiter =
      rl instanceof KrakenRateLimiter
        ? rl
        : new KrakenRateLimiter({ clock: this.#clock, sleep: this.#sleep, ...(rl === false ? { enabled: false } : rl) });
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#log = safeLogger(options.logger ?? silentLogger);
    this.#onWarnings = options.onWarnings;
    this.#clientOrderId = options.clientOrderId ?? (() => randomUUID());
  }

  get rateLimiter(): KrakenRateLimiter {
    return this.#limiter;
  }

  /** Closes the connection pool; calls still waiting for rate-limit room are not sent (RateLimiterClosedError). */
  async close(): Promise<void> {
    if (this.#ownsLimiter) this.#limiter.close();
    await this.#transport.close();
  }

  // ---------- public ----------

  time() {
    return this.#call(ENDPOINTS.Time, {}, S.timeSchema);
  }
  systemStatus() {
    return this.#call(ENDPOINTS.SystemStatus, {}, S.systemStatusSchema);
  }
  assets(p: { asset?: readonly string[]; aclass?: string } = {}) {
    return this.#call(ENDPOINTS.Assets, { asset: p.asset, aclass: p.aclass }, S.assetsSchema);
  }
  assetPairs(p: { pair?: readonly string[]; info?: 'info' | 'leverage' | 'fees' | 'margin'; aclass_base?: string; country_code?: string; execution_venue?: string } = {}) {
    return this.#call(ENDPOINTS.AssetPairs, { ...p }, S.assetPairsSchema);
  }
  ticker(p: { pair?: readonly string[]; asset_class?: string } = {}) {
    return this.#call(ENDPOINTS.Ticker, { pair: p.pair, asset_class: p.asset_class }, S.tickerSchema);
  }
  /** One page of candles; see `fetchOhlcRange` for walking forward with `since`. */
  ohlc(p: OhlcParams) {
    return this.#call(ENDPOINTS.OHLC, { pair: p.pair, interval: p.interval, since: p.since }, S.ohlcSchema);
  }
  depth(p: { pair: string; count?: number }) {
    return this.#call(ENDPOINTS.Depth, { pair: p.pair, count: p.count }, S.depthSchema);
  }
  /** One page of public trades; see `iterateTrades` for paging on `last`. */
  trades(p: TradesParams) {
    return this.#call(ENDPOINTS.Trades, { pair: p.pair, since: p.since === undefined ? undefined : String(p.since), count: p.count }, S.tradesSchema);
  }

  // ---------- private: queries ----------

  balance() {
    return this.#call(ENDPOINTS.Balance, {}, S.balanceSchema);
  }
  balanceEx() {
    return this.#call(ENDPOINTS.BalanceEx, {}, S.balanceExSchema);
  }
  tradeBalance(p: { asset?: string } = {}) {
    return this.#call(ENDPOINTS.TradeBalance, { asset: p.asset }, S.tradeBalanceSchema);
  }
  openOrders(p: OpenOrdersParams = {}) {
    return this.#call(ENDPOINTS.OpenOrders, { ...p }, S.openOrdersSchema);
  }
  /** One page (50, newest first); see `iterateClosedOrders`. */
  closedOrders(p: ClosedOrdersParams = {}) {
    return this.#call(ENDPOINTS.ClosedOrders, { ...p }, S.closedOrdersSchema);
  }
  /** Any number of txids; sent in batches of 50 and merged. */
  async queryOrders(p: QueryOrdersParams): Promise<Record<string, S.KrakenOrder>> {
    if (p.txid.length === 0) throw new KrakenRequestError('QueryOrders: txid list is empty');
    const out: Record<string, S.KrakenOrder> = {};
    for (let i = 0; i < p.txid.length; i += QUERY_ORDERS_BATCH) {
      const batch = p.txid.slice(i, i + QUERY_ORDERS_BATCH);
      const page = await this.#call(
        ENDPOINTS.QueryOrders,
        { txid: batch, trades: p.trades, userref: p.userref, consolidate_taker: p.consolidate_taker },
        S.queryOrdersSchema,
      );
      Object.assign(out, page);
    }
    return out;
  }
  /** One page (50); see `iterateTradesHistory`. */
  tradesHistory(p: TradesHistoryParams = {}) {
    return this.#call(ENDPOINTS.TradesHistory, { ...p }, S.tradesHistorySchema);
  }
  /** One page (50); see `iterateLedgers`. */
  ledgers(p: LedgersParams = {}) {
    return this.#call(ENDPOINTS.Ledgers, { ...p }, S.ledgersSchema);
  }
  getWebSocketsToken() {
    return this.#call(ENDPOINTS.GetWebSocketsToken, {}, S.webSocketsTokenSchema);
  }

  // ---------- private: trading ----------

  /**
   * Places (or with `validate`, only validates) an order. Never retried unless Kraken proved it
   * did not execute; a lost or ambiguous answer throws KrakenOutcomeUnknown carrying the
   * cl_ord_id/userref (a cl_ord_id is generated when neither is given; see options).
   */
  async addOrder(params: AddOrderParams): Promise<AddOrderResult> {
    const p: AddOrderParams =
      params.cl_ord_id === undefined && params.userref === undefined && this.#clientOrderId !== false
        ? { ...params, cl_ord_id: this.#clientOrderId() }
        : params;
    validateAddOrder(p);
    const result = await this.#call(ENDPOINTS.AddOrder, addOrderForm(p), S.addOrderSchema, {
      ids: { clOrdId: p.cl_ord_id, userref: p.userref },
      matchingEngine: () => this.#limiter.addOrderPlan(p.pair),
      pair: p.pair,
    });
    const txid = result.txid ?? [];
    if (txid.length > 0) this.#limiter.recordPlaced(p.pair, p.cl_ord_id ? [...txid, p.cl_ord_id] : txid);
    return { txid, descr: result.descr, cl_ord_id: p.cl_ord_id ?? null, userref: p.userref ?? null };
  }

  /** Cancels by txid (or integer userref: all orders with it) or by cl_ord_id. */
  cancelOrder(target: CancelOrderTarget) {
    const ref = 'cl_ord_id' in target ? target.cl_ord_id : String(target.txid);
    if (ref === '') throw new KrakenRequestError('CancelOrder: empty order reference');
    const params: Params = 'cl_ord_id' in target ? { cl_ord_id: target.cl_ord_id } : { txid: String(target.txid) };
    return this.#call(ENDPOINTS.CancelOrder, params, S.cancelOrderSchema, {
      ids: { target: ref },
      matchingEngine: () => this.#limiter.cancelOrderPlan(ref),
    });
  }

  cancelAll() {
    return this.#call(ENDPOINTS.CancelAll, {}, S.cancelAllSchema, { ids: {} });
  }

  /** Dead-man switch: cancel everything after `timeout` seconds unless refreshed; 0 disables. */
  cancelAllOrdersAfter(timeout: number) {
    if (!Number.isInteger(timeout) || timeout < 0 || timeout >= 86400) {
      throw new KrakenRequestError(`CancelAllOrdersAfter: timeout=${timeout} must be an integer in [0, 86400)`);
    }
    return this.#call(ENDPOINTS.CancelAllOrdersAfter, { timeout }, S.cancelAllOrdersAfterSchema);
  }

  // ---------- machinery ----------

  /** One logical call: attempts, retries per the endpoint's safety class, outcome-unknown wrapping. */
  async #call<T extends z.ZodType>(spec: EndpointSpec, params: Params, schema: T, options: CallOptions = {}): Promise<z.output<T>> {
    if (spec.access === 'private' && this.#credentials === undefined) {
      throw new KrakenRequestError(`${spec.name} is a private endpoint: the client has no credentials`);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#attempt(spec, params, schema, options, attempt);
      } catch (raw) {
        const err = raw instanceof KrakenError ? raw : unexpected(spec.name, raw);
        this.#feedLimiter(err, options.pair);
        if (attempt < this.#retry.maxAttempts && isRetryable(err, spec.safety)) {
          const delay = Math.max(backoffDelayMs(attempt, this.#retry), Math.min(60_000, minimumDelayMs(err, this.#clock.now())));
          this.#log.warn({ method: spec.name, attempt, delayMs: delay, error: err.name, reason: err.message }, 'kraken call failed, retrying');
          await this.#sleep(delay);
          continue;
        }
        if (spec.safety === 'unsafe' && !err.provesNotExecuted) {
          const unknown = new KrakenOutcomeUnknown(spec.name, options.ids ?? {}, err);
          this.#log.error({ method: spec.name, ...options.ids, reason: err.message }, 'kraken call outcome unknown');
          throw unknown;
        }
        throw err;
      }
    }
  }

  async #attempt<T extends z.ZodType>(spec: EndpointSpec, params: Params, schema: T, options: CallOptions, attempt: number): Promise<z.output<T>> {
    const started = this.#clock.now();
    let status: number;
    let text: string;
    if (spec.access === 'public') {
      await this.#limiter.acquirePublic();
      const query = encodeForm(params);
      ({ status, text } = await this.#transport.send(
        { method: 'GET', path: `/0/public/${spec.name}${query ? `?${query}` : ''}`, headers: { 'User-Agent': this.#userAgent }, timeoutMs: this.#timeoutMs },
        spec.name,
      ));
    } else {
      ({ status, text } = await this.#sendPrivateLimited(spec, params, options));
    }
    this.#log.debug({ method: spec.name, attempt, status, ms: Math.round(this.#clock.now() - started) }, 'kraken response');
    return this.#interpret(spec.name, status, text, schema);
  }

  /**
   * Waits for room on the counters outside the lane, then charges them inside the lane right
   * before sending; if another call took the room meanwhile, gives the lane back and waits again.
   */
  async #sendPrivateLimited(spec: EndpointSpec, params: Params, options: CallOptions): Promise<{ status: number; text: string }> {
    const api = this.#limiter.privatePlan(spec.name);
    const plan = options.matchingEngine ? allOf(api, options.matchingEngine()) : api;
    for (;;) {
      await plan.wait();
      const sent = await this.#privateLane.run(async () => (plan.tryTake() ? this.#sendPrivate(spec, params) : undefined));
      if (sent) return sent;
    }
  }

  async #sendPrivate(spec: EndpointSpec, params: Params): Promise<{ status: number; text: string }> {
    const uriPath = `/0/private/${spec.name}`;
    let body: string;
    let headers: Record<string, string>;
    try {
      const nonce = this.#nonce.next();
      body = encodeForm({ nonce, ...params, otp: this.#otp?.() });
      headers = {
        'User-Agent': this.#userAgent,
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'API-Key': this.#credentials!.apiKey.reveal(),
        'API-Sign': signKrakenRequest({ uriPath, nonce, postData: body }, this.#secretBytes!),
      };
    } catch (err) {
      // Nothing left the process: a local failure (nonce file, signing) proves no execution.
      throw new KrakenRequestError(`${spec.name}: could not prepare the request: ${(err as Error).message}`);
    }
    return this.#transport.send({ method: 'POST', path: uriPath, headers, body, timeoutMs: this.#timeoutMs }, spec.name);
  }

  #interpret<T extends z.ZodType>(method: string, status: number, text: string, schema: T): z.output<T> {
    let json: unknown;
    try {
      // Lossless: integer ids past 2^53 (trade_id) stay exact digits; everything else reads as JSON.parse would.
      json = toPlainJson(parseExactJson(text), { bigIntegersAsText: true });
    } catch {
      const failure = status >= 400 ? 'http-status' : 'non-json';
      throw new KrakenTransportError(method, failure, `HTTP ${status}, body is not JSON: ${snippet(text)}`, { httpStatus: status });
    }
    const envelope = S.envelopeSchema.safeParse(json);
    if (!envelope.success) {
      const failure = status >= 400 ? 'http-status' : 'bad-envelope';
      throw new KrakenTransportError(method, failure, `HTTP ${status}, not a Kraken envelope: ${snippet(text)}`, { httpStatus: status });
    }
    const entries = envelope.data.error;
    const apiError = mapKrakenErrors(method, entries, status);
    if (apiError) throw apiError;
    if (status < 200 || status >= 300) {
      throw new KrakenTransportError(method, 'http-status', `HTTP ${status} without a Kraken error: ${snippet(text)}`, { httpStatus: status });
    }
    if (entries.length > 0) {
      this.#log.warn({ method, warnings: entries }, 'kraken warnings');
      try {
        this.#onWarnings?.(method, entries);
      } catch (err) {
        // A failing callback must not turn a successful (possibly order-placing) call into a retry.
        this.#log.error({ method, reason: (err as Error).message }, 'onWarnings callback threw');
      }
    }
    const parsed = schema.safeParse(envelope.data.result);
    if (!parsed.success) throw new KrakenResponseFormatError(method, S.describeIssues(parsed.error, envelope.data.result));
    return parsed.data;
  }

  #feedLimiter(err: KrakenError, pair: string | undefined): void {
    if (!(err instanceof KrakenRateLimit)) return;
    if (err.scope === 'api') this.#limiter.onApiRateLimitExceeded();
    if (err.scope === 'order' && pair !== undefined) this.#limiter.onOrderRateLimitExceeded(pair);
  }
}

function unexpected(method: string, err: unknown): KrakenError {
  const message = err instanceof Error ? err.message : String(err);
  return new KrakenTransportError(method, 'network', `unexpected failure: ${message}`);
}

function snippet(text: string): string {
  const flat = redact(text).replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 120 ? flat.slice(0, 120) + '…' : flat);
}
