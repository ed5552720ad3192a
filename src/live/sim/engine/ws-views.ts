import { mul, ZERO, type Fixed } from '../../../core/decimal/fixed.ts';
import { rfc3339Micro } from '../util/time-format.ts';
import { num, numExact } from '../util/format.ts';
import { avgPrice } from './matching-engine.ts';
import type { EngineEvent, LedgerEntry, SimOrder, TradeRecord } from './types.ts';

/** WS v2 `order_status` of an order right now. */
export function wsOrderStatus(o: SimOrder): string {
  switch (o.status) {
    case 'pending':
      return 'pending_new';
    case 'open':
      return o.filled > 0n ? 'partially_filled' : 'new';
    case 'closed':
      return 'filled';
    default:
      return o.status;
  }
}

function ids(o: SimOrder): Record<string, unknown> {
  return o.req.clOrdId !== undefined ? { cl_ord_id: o.req.clOrdId, order_userref: o.req.userref ?? 0 } : { order_userref: o.req.userref ?? 0 };
}

/** USD value of a fee when the pair is quoted in USD (0 otherwise: the simulator keeps no FX rates). */
function feeUsd(fee: Fixed, feeIsBase: boolean, price: Fixed, quoteIso: string): Fixed {
  if (quoteIso !== 'USD') return ZERO;
  return feeIsBase ? mul(fee, price) : fee;
}

/** The full order description, as in `pending_new` events and order snapshots. */
export function orderDescription(o: SimOrder, execType: string, time: number): Record<string, unknown> {
  const p = o.pair;
  const isTrigger = o.type !== 'market' && o.type !== 'limit' && o.type !== 'iceberg';
  const out: Record<string, unknown> = {
    order_id: o.id,
    ...ids(o),
    symbol: p.symbol,
    order_qty: num(o.qty, p.lotDecimals),
    cum_qty: o.filled > 0n ? num(o.filled, p.lotDecimals) : undefined,
    cum_cost: num(o.cost, p.costDecimals),
    time_in_force: o.req.tif,
    exec_type: execType,
    side: o.side,
    order_type: o.type,
    limit_price_type: o.limitPrice !== undefined ? 'static' : undefined,
    limit_price: o.limitPrice !== undefined ? num(o.limitPrice, p.priceDecimals) : undefined,
    stop_price: num(o.triggerPrice ?? ZERO, p.priceDecimals),
    triggers: isTrigger
      ? {
          reference: o.req.triggerReference,
          price: o.type === 'trailing-stop' ? numExact(o.req.trailingOffset?.amount ?? ZERO) : num(o.triggerPrice ?? ZERO, p.priceDecimals),
          price_type: o.type === 'trailing-stop' ? (o.req.trailingOffset?.pct ? 'pct' : 'quote') : 'static',
          actual_price: num(o.triggerPrice ?? ZERO, p.priceDecimals),
          status: o.triggered ? 'triggered' : 'untriggered',
        }
      : undefined,
    post_only: o.req.postOnly ? true : undefined,
    expire_time: o.req.expireAt !== undefined ? rfc3339Micro(o.req.expireAt) : undefined,
    order_status: wsOrderStatus(o),
    fee_usd_equiv: num(ZERO, p.quote.decimals),
    fee_ccy_pref: o.req.feeInBase ? 'fcib' : 'fciq',
    timestamp: rfc3339Micro(time),
  };
  return out;
}

/** A `trade` execution report for one fill. */
export function tradeReport(o: SimOrder, t: TradeRecord, orderStatus: string): Record<string, unknown> {
  const p = o.pair;
  return {
    order_id: o.id,
    ...ids(o),
    exec_id: t.id,
    exec_type: 'trade',
    trade_id: t.tradeId,
    symbol: p.symbol,
    side: o.side,
    last_qty: num(t.qty, p.lotDecimals),
    last_price: num(t.price, p.priceDecimals),
    liquidity_ind: t.maker ? 'm' : 't',
    cost: num(t.cost, p.costDecimals),
    order_type: o.type,
    timestamp: rfc3339Micro(t.time),
    order_status: orderStatus,
    cum_qty: num(o.filled, p.lotDecimals),
    cum_cost: num(o.cost, p.costDecimals),
    avg_price: num(avgPrice(o), p.priceDecimals),
    fee_usd_equiv: num(feeUsd(t.fee, t.feeAsset === p.base, t.price, p.quote.iso), p.quote.decimals),
    fees: [{ asset: t.feeAsset.iso, qty: num(t.fee, t.feeAsset.decimals) }],
  };
}

/**
 * Renders an engine execution event as a WS v2 `executions` data entry. `order_status` is the state
 * at the time of the event (captured by the caller before later events mutate the order).
 */
export function execReport(ev: Extract<EngineEvent, { kind: 'exec' }>, orderStatus: string): Record<string, unknown> {
  const o = ev.order;
  const p = o.pair;
  const ts = rfc3339Micro(ev.time);
  switch (ev.execType) {
    case 'pending_new':
      return orderDescription(o, 'pending_new', ev.time);
    case 'new':
      return { timestamp: ts, order_status: 'new', exec_type: 'new', ...ids(o), order_id: o.id };
    case 'trade':
      return tradeReport(o, ev.fill as TradeRecord, orderStatus);
    case 'amended':
      return {
        timestamp: ts,
        exec_type: 'amended',
        order_status: orderStatus,
        cum_qty: num(o.filled, p.lotDecimals),
        reason: ev.reason ?? 'User requested',
        amended: true,
        order_qty: num(o.qty, p.lotDecimals),
        limit_price: o.limitPrice !== undefined ? num(o.limitPrice, p.priceDecimals) : undefined,
        limit_price_type: o.limitPrice !== undefined ? 'static' : undefined,
        triggers: o.triggerPrice !== undefined ? { price: num(o.triggerPrice, p.priceDecimals), price_type: 'static', reference: o.req.triggerReference } : undefined,
        ...ids(o),
        order_id: o.id,
      };
    case 'status':
      return {
        timestamp: ts,
        exec_type: 'status',
        order_status: orderStatus,
        triggers: {
          reference: o.req.triggerReference,
          price: num(o.triggerPrice ?? ZERO, p.priceDecimals),
          price_type: 'static',
          actual_price: num(o.triggeredPrice ?? o.triggerPrice ?? ZERO, p.priceDecimals),
          status: 'triggered',
        },
        ...ids(o),
        order_id: o.id,
      };
    case 'filled':
      return {
        timestamp: ts,
        order_status: 'filled',
        exec_type: 'filled',
        cum_qty: num(o.filled, p.lotDecimals),
        cum_cost: num(o.cost, p.costDecimals),
        avg_price: num(avgPrice(o), p.priceDecimals),
        fee_usd_equiv: num(feeUsd(o.fee, o.req.feeInBase, avgPrice(o), p.quote.iso), p.quote.decimals),
        ...ids(o),
        order_id: o.id,
      };
    default:
      return {
        timestamp: ts,
        order_status: ev.execType === 'restated' || ev.execType === 'iceberg_refill' ? orderStatus : ev.execType,
        exec_type: ev.execType,
        cum_qty: num(o.filled, p.lotDecimals),
        cum_cost: num(o.cost, p.costDecimals),
        fee_usd_equiv: num(feeUsd(o.fee, o.req.feeInBase, avgPrice(o), p.quote.iso), p.quote.decimals),
        avg_price: num(avgPrice(o), p.priceDecimals),
        ...ids(o),
        cancel_reason: ev.reason,
        reason: ev.reason,
        order_id: o.id,
      };
  }
}

/** A `balances` update entry for one ledger transaction. */
export function balanceUpdate(e: LedgerEntry): Record<string, unknown> {
  return {
    ledger_id: e.id,
    ref_id: e.refid,
    timestamp: rfc3339Micro(e.time),
    type: e.type,
    asset: e.asset.iso,
    asset_class: 'currency',
    category: e.type,
    wallet_type: 'spot',
    wallet_id: 'main',
    amount: numExact(e.amount),
    fee: numExact(e.fee),
    balance: numExact(e.balance),
  };
}

