import { div, hasAtMostDecimals, mul, parseFixed, roundTo, type Fixed } from '../../../core/decimal/fixed.ts';
import type { SimCatalog, SimPair } from '../catalog/catalog.ts';
import { KrakenError, ORDER_TYPES, type OrderRequest, type OrderType, type Side, type TimeInForce } from './types.ts';

/**
 * Turns REST AddOrder form fields or WS v2 add_order params into an OrderRequest, with Kraken's
 * error strings: `EGeneral:Invalid arguments:<field>` for malformed fields, `EQuery:Unknown asset pair`,
 * `EOrder:Order minimum not met`, `EOrder:Cost minimum not met`, `EOrder:Tick size check failed`,
 * `EOrder:Invalid price`.
 */
export interface ParseContext {
  catalog: SimCatalog;
  nowMs: number;
  lastPrice: (pair: SimPair) => Fixed | undefined;
}

const CL_ORD_ID_RE = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32}|[\x20-\x7e]{1,18})$/;

function invalid(field: string): KrakenError {
  return new KrakenError(`EGeneral:Invalid arguments:${field}`);
}

function decimal(field: string, v: unknown): Fixed {
  if (typeof v !== 'string' && typeof v !== 'number') throw invalid(field);
  try {
    return parseFixed(String(v));
  } catch {
    throw invalid(field);
  }
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** Kraken relative price: `+5`, `-5`, `#5`, optional `%`; returns the absolute price. */
function resolvePrice(field: string, text: unknown, pair: SimPair, side: Side, type: OrderType, ctx: ParseContext): Fixed {
  const s = String(text ?? '').trim();
  const m = /^([+\-#])?(\d+(?:\.\d+)?)(%)?$/.exec(s);
  if (!m) throw invalid(field);
  const value = decimal(field, m[2]);
  if (!m[1]) {
    if (m[3]) throw invalid(field);
    return value;
  }
  const last = ctx.lastPrice(pair);
  if (last === undefined) throw new KrakenError('EOrder:Invalid price');
  const delta = m[3] ? mul(last, value / 100n) : value;
  let sign = m[1];
  if (sign === '#') {
    const stopLike = type.startsWith('stop-loss') || type === 'trailing-stop';
    sign = (side === 'buy') === stopLike ? '+' : '-';
  }
  return sign === '+' ? last + delta : last - delta;
}

function checkPrice(pair: SimPair, price: Fixed): void {
  if (price <= 0n) throw new KrakenError('EOrder:Invalid price');
  if (!hasAtMostDecimals(price, pair.priceDecimals) || price % pair.tickSize !== 0n) throw new KrakenError('EOrder:Tick size check failed');
}

function checkQty(pair: SimPair, qty: Fixed, field: string): void {
  if (qty <= 0n || !hasAtMostDecimals(qty, pair.lotDecimals)) throw invalid(field);
  if (qty < pair.ordermin) throw new KrakenError('EOrder:Order minimum not met');
}

function checkCost(pair: SimPair, qty: Fixed, price: Fixed | undefined): void {
  if (price !== undefined && mul(qty, price) < pair.costmin) throw new KrakenError('EOrder:Cost minimum not met');
}

function parseUserref(v: unknown, field: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw invalid(field);
  return n;
}

function parseClOrdId(v: unknown): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !CL_ORD_ID_RE.test(v)) throw invalid('cl_ord_id');
  return v;
}

/** REST AddOrder fields (all strings, as parsed from a form or JSON body). */
export function parseRestOrder(f: Record<string, unknown>, ctx: ParseContext): OrderRequest {
  if (f.pair === undefined) throw invalid('pair');
  const pair = ctx.catalog.restPair(String(f.pair));
  if (!pair) throw new KrakenError('EQuery:Unknown asset pair');
  const side = f.type;
  if (side !== 'buy' && side !== 'sell') throw invalid('type');
  const type = f.ordertype as OrderType;
  if (!ORDER_TYPES.includes(type)) throw invalid('ordertype');
  const qty = decimal('volume', f.volume);
  const oflags = String(f.oflags ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const fl of oflags) if (!['post', 'fcib', 'fciq', 'viqc', 'nompp'].includes(fl)) throw invalid('oflags');
  if (oflags.includes('fcib') && oflags.includes('fciq')) throw invalid('oflags');
  const postOnly = oflags.includes('post');
  if (postOnly && type !== 'limit' && type !== 'iceberg') throw invalid('oflags');
  const req: OrderRequest = {
    pair,
    side,
    type,
    qty,
    triggerReference: f.trigger === 'index' ? 'index' : 'last',
    tif: 'GTC',
    postOnly,
    feeInBase: oflags.includes('fcib'),
    validate: truthy(f.validate),
  };
  if (f.trigger !== undefined && f.trigger !== 'last' && f.trigger !== 'index') throw invalid('trigger');
  if (type === 'trailing-stop') {
    const m = /^\+(\d+(?:\.\d+)?)(%)?$/.exec(String(f.price ?? ''));
    if (!m) throw invalid('price');
    req.trailingOffset = { amount: decimal('price', m[1]), pct: m[2] === '%' };
  } else if (type !== 'market') {
    if (f.price === undefined) throw invalid('price');
    const p = resolvePrice('price', f.price, pair, side, type, ctx);
    checkPrice(pair, p);
    if (type === 'limit' || type === 'iceberg') req.limitPrice = p;
    else req.triggerPrice = p;
  }
  if (type === 'stop-loss-limit' || type === 'take-profit-limit') {
    if (f.price2 === undefined) throw invalid('price2');
    const p2 = resolvePrice('price2', f.price2, pair, side, type, ctx);
    checkPrice(pair, p2);
    req.limitPrice = p2;
  }
  checkQty(pair, qty, 'volume');
  checkCost(pair, qty, req.limitPrice ?? req.triggerPrice ?? ctx.lastPrice(pair));
  const tif = String(f.timeinforce ?? 'GTC').toUpperCase();
  if (tif !== 'GTC' && tif !== 'IOC' && tif !== 'GTD') throw invalid('timeinforce');
  req.tif = tif as TimeInForce;
  if (f.expiretm !== undefined && String(f.expiretm) !== '0') {
    const t = String(f.expiretm);
    const rel = t.startsWith('+');
    const v = Number(rel ? t.slice(1) : t);
    if (!Number.isFinite(v)) throw invalid('expiretm');
    req.expireAt = rel ? ctx.nowMs + v * 1000 : v * 1000;
    if (req.tif === 'GTC') req.tif = 'GTD';
  }
  if (req.tif === 'GTD' && req.expireAt === undefined) throw invalid('expiretm');
  if (req.tif === 'GTD' && (req.expireAt as number) <= ctx.nowMs) throw invalid('expiretm');
  req.userref = parseUserref(f.userref, 'userref');
  req.clOrdId = parseClOrdId(f.cl_ord_id);
  if (req.userref !== undefined && req.clOrdId !== undefined) throw invalid('cl_ord_id');
  if (f.displayvol !== undefined) req.displayQty = decimal('displayvol', f.displayvol);
  checkDeadline(f.deadline, ctx);
  return req;
}

function checkDeadline(v: unknown, ctx: ParseContext): void {
  if (v === undefined) return;
  const t = Date.parse(String(v));
  if (!Number.isFinite(t)) throw invalid('deadline');
  if (t < ctx.nowMs) throw new KrakenError('EService:Deadline elapsed');
}

/** Validation error for a WS v2 numeric field, in Kraken's words (`Limit_price field must be a number_float`). */
function wsNumber(field: string, v: unknown): Fixed {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new KrakenError(`${field[0].toUpperCase()}${field.slice(1)} field must be a number_float`);
  return parseFixed(String(v));
}

/** WS v2 add_order / batch_add entry params (JSON types: numbers are numbers). */
export function parseWsOrder(p: Record<string, unknown>, ctx: ParseContext, symbolOverride?: string): OrderRequest {
  const symbol = symbolOverride ?? p.symbol;
  if (typeof symbol !== 'string') throw invalid('symbol');
  const pair = ctx.catalog.wsPair(symbol);
  if (!pair) throw new KrakenError(`Currency pair not supported ${symbol}`);
  const side = p.side;
  if (side !== 'buy' && side !== 'sell') throw invalid('side');
  const type = p.order_type as OrderType;
  if (!ORDER_TYPES.includes(type)) throw invalid('order_type');
  let qty: Fixed;
  if (p.cash_order_qty !== undefined) {
    const cash = wsNumber('cash_order_qty', p.cash_order_qty);
    if (type !== 'market' || side !== 'buy') throw invalid('cash_order_qty');
    const last = ctx.lastPrice(pair);
    if (last === undefined) throw new KrakenError('EOrder:Invalid price');
    // Cash quantity: converted at the last price, rounded down to the lot precision.
    qty = roundTo(div(cash, last, 'floor'), pair.lotDecimals, 'floor');
  } else {
    if (p.order_qty === undefined) throw invalid('order_qty');
    qty = wsNumber('order_qty', p.order_qty);
  }
  const tifText = String(p.time_in_force ?? 'gtc').toUpperCase();
  if (tifText !== 'GTC' && tifText !== 'IOC' && tifText !== 'GTD') throw invalid('time_in_force');
  if (p.post_only === true && type !== 'limit' && type !== 'iceberg') throw invalid('post_only');
  if (p.fee_preference !== undefined && p.fee_preference !== 'base' && p.fee_preference !== 'quote') throw invalid('fee_preference');
  const triggers = p.triggers as Record<string, unknown> | undefined;
  const req: OrderRequest = {
    pair,
    side,
    type,
    qty,
    triggerReference: triggers?.reference === 'index' ? 'index' : 'last',
    tif: tifText as TimeInForce,
    postOnly: p.post_only === true,
    feeInBase: p.fee_preference === 'base',
    validate: p.validate === true,
  };
  if (type === 'limit' || type === 'iceberg' || type === 'stop-loss-limit' || type === 'take-profit-limit') {
    if (p.limit_price === undefined) throw invalid('limit_price');
    req.limitPrice = wsNumber('limit_price', p.limit_price);
    checkPrice(pair, req.limitPrice);
  }
  if (type !== 'market' && type !== 'limit' && type !== 'iceberg') {
    if (!triggers || triggers.price === undefined) throw invalid('triggers');
    const price = wsNumber('price', triggers.price);
    const priceType = triggers.price_type ?? 'static';
    if (type === 'trailing-stop') {
      if (priceType !== 'pct' && priceType !== 'quote') throw invalid('price_type');
      req.trailingOffset = { amount: price, pct: priceType === 'pct' };
    } else if (priceType === 'static') {
      checkPrice(pair, price);
      req.triggerPrice = price;
    } else if (priceType === 'pct' || priceType === 'quote') {
      const last = ctx.lastPrice(pair);
      if (last === undefined) throw new KrakenError('EOrder:Invalid price');
      const delta = priceType === 'pct' ? mul(last, price / 100n) : price;
      req.triggerPrice = last + delta; // signed offset, as Kraken documents for relative triggers
      checkPrice(pair, req.triggerPrice);
    } else throw invalid('price_type');
  }
  checkQty(pair, qty, 'order_qty');
  checkCost(pair, qty, req.limitPrice ?? req.triggerPrice ?? ctx.lastPrice(pair));
  if (p.expire_time !== undefined) {
    const t = Date.parse(String(p.expire_time));
    if (!Number.isFinite(t) || t <= ctx.nowMs) throw invalid('expire_time');
    req.expireAt = t;
  }
  if (req.tif === 'GTD' && req.expireAt === undefined) throw invalid('expire_time');
  req.userref = parseUserref(p.order_userref, 'order_userref');
  req.clOrdId = parseClOrdId(p.cl_ord_id);
  if (req.userref !== undefined && req.clOrdId !== undefined) throw invalid('cl_ord_id');
  if (p.display_qty !== undefined) req.displayQty = wsNumber('display_qty', p.display_qty);
  checkDeadline(p.deadline, ctx);
  return req;
}
