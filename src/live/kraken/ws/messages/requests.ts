import { JSON_NUMBER_RE, RawNumber, stringifyExact } from '../exact-json.ts';

/**
 * Builders for every client -> server request (README 10.1-10.6). Decimals are given as
 * exact strings and sent as JSON numbers with that exact text (Kraken wants number_float,
 * and a float round trip could alter them). Bad arguments throw KrakenWsRequestError naming
 * the field, before anything is sent.
 */

export class KrakenWsRequestError extends RangeError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Kraken WS request field ${field}: ${reason} (got ${JSON.stringify(value)})`);
    this.name = 'KrakenWsRequestError';
  }
}

export const OHLC_INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;
export type OhlcInterval = (typeof OHLC_INTERVALS)[number];
export const SUBSCRIBE_BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;
export type SubscribeBookDepth = (typeof SUBSCRIBE_BOOK_DEPTHS)[number];

export type PublicSubscription =
  | { channel: 'ticker'; symbol: string[]; event_trigger?: 'trades' | 'bbo'; snapshot?: boolean }
  | { channel: 'book'; symbol: string[]; depth: SubscribeBookDepth; snapshot?: boolean }
  | { channel: 'trade'; symbol: string[]; snapshot?: boolean }
  | { channel: 'ohlc'; symbol: string[]; interval: OhlcInterval; snapshot?: boolean }
  | { channel: 'instrument'; snapshot?: boolean; include_tokenized_assets?: boolean };

export type PrivateSubscription =
  | { channel: 'executions'; snap_orders?: boolean; snap_trades?: boolean; order_status?: boolean; ratecounter?: boolean }
  | { channel: 'balances'; snapshot?: boolean };

export type Subscription = PublicSubscription | PrivateSubscription;
export type SubscriptionChannel = Subscription['channel'];

export function isPrivateChannel(channel: SubscriptionChannel): channel is PrivateSubscription['channel'] {
  return channel === 'executions' || channel === 'balances';
}

export type OrderType =
  | 'limit'
  | 'market'
  | 'iceberg'
  | 'stop-loss'
  | 'stop-loss-limit'
  | 'take-profit'
  | 'take-profit-limit'
  | 'trailing-stop'
  | 'trailing-stop-limit'
  | 'settle-position';

export type PriceType = 'static' | 'pct' | 'quote';

/** One order as add_order takes it (batch_add orders omit `symbol`). Decimals are exact strings. */
export interface OrderSpec {
  order_type: OrderType;
  side: 'buy' | 'sell';
  order_qty: string;
  limit_price?: string;
  limit_price_type?: PriceType;
  triggers?: { reference?: 'last' | 'index'; price: string; price_type?: PriceType };
  time_in_force?: 'gtc' | 'gtd' | 'ioc';
  expire_time?: string;
  effective_time?: string;
  post_only?: boolean;
  reduce_only?: boolean;
  margin?: boolean;
  display_qty?: string;
  fee_preference?: 'base' | 'quote';
  cash_order_qty?: string;
  stp_type?: 'cancel_newest' | 'cancel_oldest' | 'cancel_both';
  /** Client order id: UUID (with or without dashes) or ASCII text up to 18 chars. Strongly advised: it is how an unknown outcome is reconciled. */
  cl_ord_id?: string;
  order_userref?: number;
}

export interface AddOrderParams extends OrderSpec {
  symbol: string;
  deadline?: string;
  validate?: boolean;
  sender_sub_id?: string;
}

export interface AmendOrderParams {
  order_id?: string;
  cl_ord_id?: string;
  order_qty: string;
  limit_price?: string;
  limit_price_type?: PriceType;
  display_qty?: string;
  post_only?: boolean;
  trigger_price?: string;
  trigger_price_type?: PriceType;
  deadline?: string;
  symbol?: string;
}

export interface CancelOrderParams {
  order_id?: string[];
  cl_ord_id?: string[];
  order_userref?: number[];
}

export interface BatchAddParams {
  symbol: string;
  orders: OrderSpec[];
  deadline?: string;
  validate?: boolean;
}

export interface WsRequest {
  method: string;
  params?: Record<string, unknown>;
  req_id: number;
}

export function encodeRequest(request: WsRequest): string {
  return stringifyExact(request);
}

export function buildPing(reqId: number): WsRequest {
  return { method: 'ping', req_id: checkReqId(reqId) };
}

export function buildSubscribe(sub: Subscription, reqId: number, token?: string): WsRequest {
  return { method: 'subscribe', params: subscriptionParams(sub, token), req_id: checkReqId(reqId) };
}

/** Unsubscribe mirrors subscribe (same channel, symbols, depth/interval, token); snapshot flags are not sent. */
export function buildUnsubscribe(sub: Subscription, reqId: number, token?: string): WsRequest {
  const params = subscriptionParams(sub, token);
  for (const k of ['snapshot', 'snap_orders', 'snap_trades', 'order_status', 'ratecounter', 'event_trigger', 'include_tokenized_assets']) {
    delete params[k];
  }
  return { method: 'unsubscribe', params, req_id: checkReqId(reqId) };
}

function subscriptionParams(sub: Subscription, token: string | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = { ...sub };
  if ('symbol' in sub) {
    if (!Array.isArray(sub.symbol) || sub.symbol.length === 0) throw new KrakenWsRequestError('symbol', sub.symbol, 'needs at least one symbol');
    params.symbol = [...sub.symbol];
  }
  if (sub.channel === 'book' && !(SUBSCRIBE_BOOK_DEPTHS as readonly number[]).includes(sub.depth)) {
    throw new KrakenWsRequestError('depth', sub.depth, `must be one of ${SUBSCRIBE_BOOK_DEPTHS.join(', ')}`);
  }
  if (sub.channel === 'ohlc' && !(OHLC_INTERVALS as readonly number[]).includes(sub.interval)) {
    throw new KrakenWsRequestError('interval', sub.interval, `must be one of ${OHLC_INTERVALS.join(', ')}`);
  }
  if (isPrivateChannel(sub.channel)) params.token = requireToken(token);
  return params;
}

export function buildAddOrder(order: AddOrderParams, token: string, reqId: number): WsRequest {
  if (!order.symbol) throw new KrakenWsRequestError('symbol', order.symbol, 'is required');
  const params: Record<string, unknown> = { ...orderFields(order, ''), symbol: order.symbol };
  if (order.deadline !== undefined) params.deadline = order.deadline;
  if (order.validate === true) params.validate = true; // omitted unless validating (see README 5)
  if (order.sender_sub_id !== undefined) params.sender_sub_id = order.sender_sub_id;
  params.token = requireToken(token);
  return { method: 'add_order', params, req_id: checkReqId(reqId) };
}

export function buildAmendOrder(amend: AmendOrderParams, token: string, reqId: number): WsRequest {
  if ((amend.order_id === undefined) === (amend.cl_ord_id === undefined)) {
    throw new KrakenWsRequestError('order_id/cl_ord_id', { order_id: amend.order_id, cl_ord_id: amend.cl_ord_id }, 'give exactly one');
  }
  const params: Record<string, unknown> = {
    order_id: amend.order_id,
    cl_ord_id: amend.cl_ord_id,
    order_qty: exactDecimal('order_qty', amend.order_qty),
    limit_price: optionalDecimal('limit_price', amend.limit_price),
    limit_price_type: amend.limit_price_type,
    display_qty: optionalDecimal('display_qty', amend.display_qty),
    post_only: amend.post_only,
    trigger_price: optionalDecimal('trigger_price', amend.trigger_price),
    trigger_price_type: amend.trigger_price_type,
    deadline: amend.deadline,
    symbol: amend.symbol,
    token: requireToken(token),
  };
  return { method: 'amend_order', params, req_id: checkReqId(reqId) };
}

export function buildCancelOrder(cancel: CancelOrderParams, token: string, reqId: number): WsRequest {
  const count = cancelTargetCount(cancel);
  if (count === 0) throw new KrakenWsRequestError('order_id/cl_ord_id/order_userref', cancel, 'name at least one order');
  for (const ref of cancel.order_userref ?? []) checkInt32('order_userref', ref);
  const params: Record<string, unknown> = {
    order_id: cancel.order_id?.length ? [...cancel.order_id] : undefined,
    cl_ord_id: cancel.cl_ord_id?.length ? [...cancel.cl_ord_id] : undefined,
    order_userref: cancel.order_userref?.length ? [...cancel.order_userref] : undefined,
    token: requireToken(token),
  };
  return { method: 'cancel_order', params, req_id: checkReqId(reqId) };
}

/** How many orders a cancel_order names (Kraken answers with one frame per cancelled order). */
export function cancelTargetCount(cancel: CancelOrderParams): number {
  return (cancel.order_id?.length ?? 0) + (cancel.cl_ord_id?.length ?? 0) + (cancel.order_userref?.length ?? 0);
}

export function buildCancelAll(token: string, reqId: number): WsRequest {
  return { method: 'cancel_all', params: { token: requireToken(token) }, req_id: checkReqId(reqId) };
}

export function buildCancelAllOrdersAfter(timeoutSeconds: number, token: string, reqId: number): WsRequest {
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 0 || timeoutSeconds >= 86400) {
    throw new KrakenWsRequestError('timeout', timeoutSeconds, 'must be an integer number of seconds in [0, 86400)');
  }
  return { method: 'cancel_all_orders_after', params: { timeout: timeoutSeconds, token: requireToken(token) }, req_id: checkReqId(reqId) };
}

export function buildBatchAdd(batch: BatchAddParams, token: string, reqId: number): WsRequest {
  if (!batch.symbol) throw new KrakenWsRequestError('symbol', batch.symbol, 'is required');
  if (!Array.isArray(batch.orders) || batch.orders.length < 2 || batch.orders.length > 15) {
    throw new KrakenWsRequestError('orders', batch.orders?.length, 'batch_add takes 2 to 15 orders');
  }
  const params: Record<string, unknown> = {
    symbol: batch.symbol,
    orders: batch.orders.map((o, i) => orderFields(o, `orders[${i}].`)),
    deadline: batch.deadline,
    validate: batch.validate === true ? true : undefined,
    token: requireToken(token),
  };
  return { method: 'batch_add', params, req_id: checkReqId(reqId) };
}

function orderFields(o: OrderSpec, prefix: string): Record<string, unknown> {
  if (o.cl_ord_id !== undefined && o.order_userref !== undefined) {
    throw new KrakenWsRequestError(`${prefix}cl_ord_id`, o.cl_ord_id, 'cl_ord_id and order_userref are mutually exclusive');
  }
  if (o.cl_ord_id !== undefined) checkClOrdId(`${prefix}cl_ord_id`, o.cl_ord_id);
  if (o.order_userref !== undefined) checkInt32(`${prefix}order_userref`, o.order_userref);
  if (o.side !== 'buy' && o.side !== 'sell') throw new KrakenWsRequestError(`${prefix}side`, o.side, 'must be buy or sell');
  const needsLimit = o.order_type === 'limit' || o.order_type === 'iceberg' || o.order_type.endsWith('-limit');
  if (needsLimit && o.limit_price === undefined) {
    throw new KrakenWsRequestError(`${prefix}limit_price`, o.limit_price, `required for order_type ${o.order_type}`);
  }
  const triggered = /^(stop-loss|take-profit|trailing-stop)/.test(o.order_type);
  if (triggered && o.triggers === undefined) {
    throw new KrakenWsRequestError(`${prefix}triggers`, o.triggers, `required for order_type ${o.order_type}`);
  }
  return {
    order_type: o.order_type,
    side: o.side,
    // A quote-sized market buy carries cash_order_qty instead of order_qty (add_order docs).
    order_qty: o.cash_order_qty !== undefined && o.order_qty === undefined ? undefined : exactDecimal(`${prefix}order_qty`, o.order_qty),
    limit_price: optionalDecimal(`${prefix}limit_price`, o.limit_price),
    limit_price_type: o.limit_price_type,
    triggers: o.triggers && {
      reference: o.triggers.reference,
      price: exactDecimal(`${prefix}triggers.price`, o.triggers.price),
      price_type: o.triggers.price_type,
    },
    time_in_force: o.time_in_force,
    expire_time: o.expire_time,
    effective_time: o.effective_time,
    post_only: o.post_only,
    reduce_only: o.reduce_only,
    margin: o.margin,
    display_qty: optionalDecimal(`${prefix}display_qty`, o.display_qty),
    fee_preference: o.fee_preference,
    cash_order_qty: optionalDecimal(`${prefix}cash_order_qty`, o.cash_order_qty),
    stp_type: o.stp_type,
    cl_ord_id: o.cl_ord_id,
    order_userref: o.order_userref,
  };
}

function exactDecimal(field: string, value: string): RawNumber {
  if (typeof value !== 'string' || !JSON_NUMBER_RE.test(value)) {
    throw new KrakenWsRequestError(field, value, 'must be a decimal string such as "0.00100000"');
  }
  return new RawNumber(value);
}

function optionalDecimal(field: string, value: string | undefined): RawNumber | undefined {
  return value === undefined ? undefined : exactDecimal(field, value);
}

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX32_RE = /^[0-9a-fA-F]{32}$/;
const FREE_TEXT_RE = /^[\x20-\x7e]{1,18}$/;

function checkClOrdId(field: string, id: string): void {
  if (!(UUID_RE.test(id) || HEX32_RE.test(id) || FREE_TEXT_RE.test(id))) {
    throw new KrakenWsRequestError(field, id, 'must be a UUID, 32 hex chars, or ASCII text of at most 18 chars');
  }
}

function checkInt32(field: string, n: number): void {
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw new KrakenWsRequestError(field, n, 'must be a 32-bit integer');
}

function checkReqId(reqId: number): number {
  if (!Number.isSafeInteger(reqId) || reqId < 0) throw new KrakenWsRequestError('req_id', reqId, 'must be a non-negative integer');
  return reqId;
}

function requireToken(token: string | undefined): string {
  if (typeof token !== 'string' || token.length === 0) throw new KrakenWsRequestError('token', token, 'a private request needs a WebSocket token');
  return token;
}
