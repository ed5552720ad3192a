import { formatFixed, ZERO } from '../../../core/decimal/fixed.ts';
import { unixSeconds } from '../util/time-format.ts';
import { fmtMin } from '../util/format.ts';
import { describeOrder } from './descr.ts';
import { avgPrice } from './matching-engine.ts';
import type { LedgerEntry, SimOrder, TradeRecord } from './types.ts';

/** REST order object (OpenOrders / ClosedOrders / QueryOrders), README section 4. */
export function restOrder(o: SimOrder, withTrades: boolean): Record<string, unknown> {
  const p = o.pair;
  const px = (v: bigint | undefined) => (v === undefined ? '0' : formatFixed(v, p.priceDecimals));
  const isLimitType = o.type === 'stop-loss-limit' || o.type === 'take-profit-limit';
  const isTrigger = o.type !== 'market' && o.type !== 'limit' && o.type !== 'iceberg';
  const misc: string[] = [];
  if (o.triggered) misc.push(o.type.startsWith('take-profit') ? 'touched' : 'stopped');
  if (o.filled > 0n && o.filled < o.qty) misc.push('partial');
  if (o.amended) misc.push('amended');
  const oflags = [o.req.postOnly ? 'post' : '', o.req.feeInBase ? 'fcib' : 'fciq'].filter(Boolean).join(',');
  const out: Record<string, unknown> = {
    refid: null,
    userref: o.req.userref ?? 0,
    cl_ord_id: o.req.clOrdId,
    status: o.status,
    opentm: unixSeconds(o.openTime),
    starttm: 0,
    expiretm: o.req.expireAt !== undefined ? unixSeconds(o.req.expireAt) : 0,
    descr: {
      pair: p.altname,
      type: o.side,
      ordertype: o.type,
      price: isTrigger ? (o.type === 'trailing-stop' ? `+${formatFixed(o.req.trailingOffset?.amount ?? ZERO)}${o.req.trailingOffset?.pct ? '%' : ''}` : px(o.triggerPrice)) : px(o.limitPrice),
      price2: isLimitType ? px(o.limitPrice) : '0',
      leverage: 'none',
      order: describeOrder(o.req, o.qty, o.limitPrice, o.triggerPrice),
      close: '',
    },
    vol: formatFixed(o.qty, p.lotDecimals),
    vol_exec: formatFixed(o.filled, p.lotDecimals),
    cost: formatFixed(o.cost, p.costDecimals),
    fee: fmtMin(o.fee, p.costDecimals),
    price: fmtMin(avgPrice(o), p.priceDecimals),
    stopprice: isTrigger && o.triggered ? fmtMin(o.triggerPrice ?? ZERO, p.priceDecimals) : formatFixed(ZERO, p.costDecimals),
    limitprice: isLimitType && o.triggered ? px(o.limitPrice) : formatFixed(ZERO, p.costDecimals),
    misc: misc.join(','),
    oflags,
  };
  if (o.req.triggerReference === 'index') out.trigger = 'index';
  if (withTrades && o.trades.length) out.trades = [...o.trades];
  if (o.status === 'closed' || o.status === 'canceled' || o.status === 'expired') {
    out.closetm = unixSeconds(o.closeTime ?? o.openTime);
    out.reason = o.reason ?? null;
  }
  if (out.cl_ord_id === undefined) delete out.cl_ord_id;
  return out;
}

/** REST trade object (TradesHistory). */
export function restTrade(t: TradeRecord, withLedgers: boolean): Record<string, unknown> {
  const p = t.pair;
  const out: Record<string, unknown> = {
    ordertxid: t.orderId,
    postxid: t.postxid,
    pair: p.pairId,
    time: unixSeconds(t.time),
    type: t.side,
    ordertype: t.orderType,
    price: formatFixed(t.price, p.priceDecimals),
    cost: formatFixed(t.cost, p.costDecimals),
    fee: fmtMin(t.fee, p.costDecimals),
    vol: formatFixed(t.qty, p.lotDecimals),
    margin: formatFixed(ZERO, p.costDecimals),
    misc: '',
    trade_id: t.tradeId,
    maker: t.maker,
  };
  if (withLedgers) out.ledgers = [...t.ledgers];
  return out;
}

/** REST ledger entry (Ledgers). */
export function restLedger(e: LedgerEntry): Record<string, unknown> {
  const d = e.asset.decimals;
  return {
    refid: e.refid,
    time: unixSeconds(e.time),
    type: e.type,
    subtype: '',
    aclass: 'currency',
    asset: e.asset.id,
    amount: formatFixed(e.amount, d),
    fee: formatFixed(e.fee, d),
    balance: formatFixed(e.balance, d),
  };
}
