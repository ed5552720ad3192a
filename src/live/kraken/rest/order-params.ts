/**
 * AddOrder / CancelOrder parameters (Kraken's own snake_case names, README section 5) and the
 * local checks that catch documented rule violations before anything is sent.
 */
import { KrakenRequestError } from './errors.ts';
import type { Params } from './form.ts';

export type OrderSide = 'buy' | 'sell';
export type OrderType =
  | 'market'
  | 'limit'
  | 'iceberg'
  | 'stop-loss'
  | 'take-profit'
  | 'stop-loss-limit'
  | 'take-profit-limit'
  | 'trailing-stop'
  | 'trailing-stop-limit'
  | 'settle-position';
export type OrderFlag = 'post' | 'fcib' | 'fciq' | 'viqc' | 'nompp';
export type TimeInForce = 'GTC' | 'IOC' | 'GTD' | 'FOK';

export interface AddOrderParams {
  readonly pair: string;
  readonly type: OrderSide;
  readonly ordertype: OrderType;
  /** Base-asset quantity as a decimal string (quote quantity with `viqc`). */
  readonly volume: string;
  readonly price?: string;
  readonly price2?: string;
  readonly trigger?: 'last' | 'index';
  readonly leverage?: string;
  readonly reduce_only?: boolean;
  readonly stptype?: 'cancel-newest' | 'cancel-oldest' | 'cancel-both';
  readonly oflags?: readonly OrderFlag[];
  readonly timeinforce?: TimeInForce;
  /** `0`, absolute Unix seconds, or `+<seconds>`. */
  readonly starttm?: string;
  readonly expiretm?: string;
  readonly displayvol?: string;
  /** Client order id; unique among open orders. Mutually exclusive with userref. */
  readonly cl_ord_id?: string;
  /** int32 group tag. Mutually exclusive with cl_ord_id. */
  readonly userref?: number;
  /** RFC3339; the engine rejects the order if not processed by then. */
  readonly deadline?: string;
  /** Validate only; the response has no txid. Sent only when true. */
  readonly validate?: boolean;
  readonly close?: { readonly ordertype: OrderType; readonly price?: string; readonly price2?: string };
}

export type CancelOrderTarget = { readonly txid: string | number } | { readonly cl_ord_id: string };

const DECIMAL_RE = /^\d+(\.\d+)?$/;
/** Relative prices: optional +, - or # prefix, optional % suffix. */
const PRICE_RE = /^[+#-]?\d+(\.\d+)?%?$/;
const TIME_RE = /^(0|\+?\d+)$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX32_RE = /^[0-9a-fA-F]{32}$/;
const FREE_TEXT_RE = /^[\x20-\x7e]{1,18}$/;

/** Accepted cl_ord_id forms: dashed UUID, 32 hex chars, or up to 18 printable ASCII chars. */
export function isValidClOrdId(id: string): boolean {
  return UUID_RE.test(id) || HEX32_RE.test(id) || FREE_TEXT_RE.test(id);
}

function fail(field: string, value: unknown, why: string): never {
  throw new KrakenRequestError(`AddOrder: ${field}=${JSON.stringify(value)} ${why}`);
}

export function validateAddOrder(p: AddOrderParams): void {
  if (!p.pair) fail('pair', p.pair, 'is required');
  if (p.type !== 'buy' && p.type !== 'sell') fail('type', p.type, 'must be buy or sell');
  if (!DECIMAL_RE.test(p.volume ?? '')) fail('volume', p.volume, 'must be a plain decimal string such as "0.01"');
  for (const field of ['price', 'price2'] as const) {
    const v = p[field];
    if (v !== undefined && !PRICE_RE.test(v)) fail(field, v, 'must be a decimal, optionally relative (+, -, # prefix, % suffix)');
  }
  if (p.displayvol !== undefined && !DECIMAL_RE.test(p.displayvol)) fail('displayvol', p.displayvol, 'must be a decimal string');
  if (p.cl_ord_id !== undefined && p.userref !== undefined) {
    fail('cl_ord_id', p.cl_ord_id, 'and userref are mutually exclusive (Kraken rejects both)');
  }
  if (p.cl_ord_id !== undefined && !isValidClOrdId(p.cl_ord_id)) {
    fail('cl_ord_id', p.cl_ord_id, 'must be a UUID, 32 hex chars, or at most 18 printable ASCII characters');
  }
  if (p.userref !== undefined && (!Number.isInteger(p.userref) || p.userref < -(2 ** 31) || p.userref >= 2 ** 31)) {
    fail('userref', p.userref, 'must be a 32-bit signed integer');
  }
  const flags = p.oflags ?? [];
  if (flags.includes('fcib') && flags.includes('fciq')) fail('oflags', flags, 'cannot contain both fcib and fciq');
  if (flags.includes('post') && p.ordertype !== 'limit' && p.ordertype !== 'iceberg') {
    fail('oflags', flags, `post is for limit orders only (ordertype is ${p.ordertype})`);
  }
  if (flags.includes('viqc') && !(p.type === 'buy' && p.ordertype === 'market')) {
    fail('oflags', flags, 'viqc is for buy market orders only');
  }
  if (p.timeinforce === 'GTD' && p.expiretm === undefined) fail('timeinforce', p.timeinforce, 'requires expiretm');
  for (const field of ['starttm', 'expiretm'] as const) {
    const v = p[field];
    if (v !== undefined && !TIME_RE.test(v)) fail(field, v, 'must be 0, Unix seconds, or +<seconds>');
  }
  if ((p.ordertype === 'limit' || p.ordertype === 'iceberg') && p.price === undefined) fail('price', p.price, `is required for ${p.ordertype} orders`);
}

/** Body parameters (without nonce) in a stable order. `validate` only when true. */
export function addOrderForm(p: AddOrderParams): Params {
  return {
    ordertype: p.ordertype,
    type: p.type,
    volume: p.volume,
    pair: p.pair,
    price: p.price,
    price2: p.price2,
    trigger: p.trigger,
    leverage: p.leverage,
    reduce_only: p.reduce_only,
    stptype: p.stptype,
    oflags: p.oflags && p.oflags.length > 0 ? p.oflags : undefined,
    timeinforce: p.timeinforce,
    starttm: p.starttm,
    expiretm: p.expiretm,
    displayvol: p.displayvol,
    cl_ord_id: p.cl_ord_id,
    userref: p.userref,
    deadline: p.deadline,
    validate: p.validate === true ? true : undefined,
    'close[ordertype]': p.close?.ordertype,
    'close[price]': p.close?.price,
    'close[price2]': p.close?.price2,
  };
}
