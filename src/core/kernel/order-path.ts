import { mul, mulExact, ONE, ZERO } from '../decimal/fixed.ts';
import { isTerminal, type Order, type OrderRequest } from '../orders/order.ts';
import { nextStatus } from '../orders/order-state.ts';
import { sizeForHost } from '../orders/order-sizing.ts';
import type { RiskRejectReason } from '../risk/risk-engine.ts';
import type { KernelCore } from './kernel-core.ts';
import { KernelError } from './kernel-options.ts';
import { toVenueOrder, writeOrder } from './order-codec.ts';
import { holdFor, referencePrice } from './order-pricing.ts';
import { validateOrder } from './order-validation.ts';
import { portfolioView } from './portfolio-view.ts';

/**
 * The order path of a strategy's submit: record, log, validate, risk-check, reserve funds,
 * send to the venue. Returns the order at once (pending-new, or rejected with a reason).
 */
export function submitOrder(k: KernelCore, asked: OrderRequest): Order {
  // Steps, ticks and venue minimums first (order-sizing.ts): a refusal is recorded below like any other.
  const { request: req, refusal } = sizeForHost(asked, k, k.feeRate('taker'));
  const time = k.clock;
  const clientId = req.clientId ?? `${k.opts.clientIdPrefix ?? 'o'}${++k.clientCounter}`;
  const pairIndex = k.pairIndex.get(req.pair) ?? -1;
  const order: Order = {
    clientId,
    pair: req.pair,
    pairIndex,
    side: req.side,
    type: req.type,
    qty: req.qty ?? ZERO,
    quoteQty: req.quoteQty,
    limitPrice: req.limitPrice,
    triggerPrice: req.triggerPrice,
    trailOffset: req.trailOffset,
    trailIsPercent: req.trailIsPercent ?? false,
    postOnly: req.postOnly ?? false,
    ...(req.reduceOnly ? { reduceOnly: true } : {}),
    timeInForce: req.timeInForce ?? 'gtc',
    expireAt: req.expireAt,
    tag: req.tag,
    strategyId: req.strategyId ?? k.strategy.name,
    createdAt: time,
    status: 'pending-new',
    venueOrderId: undefined,
    filledQty: ZERO,
    filledCost: ZERO,
    fees: ZERO,
    reason: undefined,
    updatedAt: time,
  };
  const seq = ++k.seq;
  if (k.orders.has(clientId)) {
    // Never overwrite the record of an existing order; answer with a rejected stand-in.
    return rejectNew(k, { ...order, clientId: `${clientId}#dup${seq}` }, seq, 'invalid-order', `client order id ${clientId} is already in use`);
  }
  k.orders.set(clientId, order);
  const w = k.log.beginLine(); // `${time}|${seq}|submit|${order}` into the log's bytes
  w.num(time); w.char(124); w.num(seq); w.str('|submit|'); writeOrder(w, order);
  k.log.endLine();
  k.opts.onLog?.(time, 'order submitted', { clientId, pair: order.pair, side: order.side, type: order.type, tag: order.tag });
  const invalid = validateOrder(k, order) ?? refusal;
  if (invalid) return rejectNew(k, order, seq, invalid[0], invalid[1]);
  if (k.strategyHalts.size !== 0) {
    const why = k.strategyHalts.get(order.strategyId);
    if (why !== undefined) return rejectNew(k, order, seq, 'strategy-halted', `strategy ${order.strategyId} is halted (${why})`);
  }
  const inst = k.instruments[pairIndex];
  // A new base-sized buy holds its notional plus the taker fee: holdFor's product, made once here.
  const notional = order.quoteQty ?? mul(order.qty, referencePrice(k, order), 'up');
  const hold = order.side === 'buy' && order.quoteQty === undefined ? mul(notional, ONE + k.feeRate('taker'), 'up') : holdFor(k, order);
  const mark = Number.isFinite(k.lastPx[pairIndex]) ? k.markFn(inst.base) : ZERO;
  let pairExposure = mulExact(k.ledger.balance(inst.base), mark);
  for (const id of k.openIds) {
    const o = k.orders.get(id)!;
    if (o.pairIndex === pairIndex && o.side === 'buy') pairExposure += k.holds.of(id);
  }
  const verdict = k.risk.check({
    side: order.side,
    notional,
    cashNeeded: order.side === 'buy' ? hold : ZERO,
    cashAvailable: k.available(inst.quote),
    qtyToSell: order.side === 'sell' ? order.qty : ZERO,
    baseAvailable: k.available(inst.base),
    pairExposure,
    equity: Number.isFinite(k.lastPx[pairIndex]) ? k.ledger.equity(k.safeMark) : k.ledger.balance(k.accountCurrency),
  });
  if (!verdict.ok) return rejectNew(k, order, seq, verdict.reason!, verdict.detail!);
  if (k.checks.length) {
    const view = portfolioView(k, notional);
    for (const c of k.checks) {
      const r = c.check(order, view);
      if (r) return rejectNew(k, order, seq, r.reason, r.detail);
    }
  }
  k.holds.set(clientId, order.side === 'buy' ? inst.quote : inst.base, hold);
  k.openIds.add(clientId);
  k.venue.submit(toVenueOrder(order));
  return order;
}

export function cancelOrder(k: KernelCore, clientId: string): void {
  const o = k.orders.get(clientId);
  if (!o) throw new KernelError(`cannot cancel unknown order ${clientId}`);
  if (isTerminal(o.status)) return;
  k.append(`${k.clock}|${++k.seq}|cancel-request|${clientId}`);
  k.venue.cancel(clientId);
}

export function cancelAllOrders(k: KernelCore, pair: string | undefined): void {
  k.append(`${k.clock}|${++k.seq}|cancel-all|${pair ?? '*'}`);
  k.venue.cancelAll(pair);
}

function rejectNew(k: KernelCore, order: Order, seq: number, reason: RiskRejectReason | string, detail: string): Order {
  order.status = nextStatus(order.clientId, order.status, 'rejected');
  order.reason = `${reason}: ${detail}`;
  k.closeOrder(order);
  k.append(`${k.clock}|${seq}|reject|${order.clientId}|${reason}`);
  k.opts.onLog?.(k.clock, 'order rejected', { clientId: order.clientId, reason, detail });
  k.notify(order);
  return order;
}

