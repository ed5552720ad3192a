import { formatFixed, type Fixed } from '../decimal/fixed.ts';
import { isTerminal, type Order } from '../orders/order.ts';
import { nextStatus } from '../orders/order-state.ts';
import type { FillView } from '../strategy/strategy.ts';
import type { VenueEvent } from '../venue/port.ts';
import type { KernelCore } from './kernel-core.ts';
import { KernelError, type FillRecord } from './kernel-options.ts';
import { holdFor } from './order-pricing.ts';

type FillEvent = Extract<VenueEvent, { kind: 'fill' }>;

const BAR = 124; // '|'

/** Applies one venue event (ack, reject, cancel, expiry, fill) to the order it concerns. */
export function handleVenueEvent(k: KernelCore, ev: VenueEvent): void {
  const order = k.orders.get(ev.clientId);
  if (!order) {
    if (ev.kind === 'fill') return applyExternalFill(k, ev);
    k.opts.onLog?.(k.clock, 'venue event for an unknown order ignored', { kind: ev.kind, clientId: ev.clientId });
    return;
  }
  const time = ev.time;
  switch (ev.kind) {
    case 'accepted':
      if (order.status !== 'pending-new' && order.status !== 'unknown') return; // duplicate ack
      k.setStatus(order, 'open', time);
      order.venueOrderId = ev.venueOrderId;
      appendIdLine(k, time, 'accepted', order.clientId, ev.venueOrderId);
      k.notify(order);
      return;
    case 'rejected':
      if (isTerminal(order.status)) return;
      k.setStatus(order, 'rejected', time);
      order.reason = ev.reason;
      k.append(`${time}|${++k.seq}|rejected|${order.clientId}|${ev.reason}`);
      k.notify(order);
      return;
    case 'canceled':
    case 'expired':
      if (isTerminal(order.status)) return;
      k.setStatus(order, ev.kind, time);
      order.reason = ev.kind === 'canceled' ? ev.reason : 'expired';
      k.append(`${time}|${++k.seq}|${ev.kind}|${order.clientId}|${order.reason}`);
      k.notify(order);
      return;
    case 'filled':
      if (isTerminal(order.status)) return; // its last fill already completed it
      if (filledRefusal(order)) throw new KernelError(filledRefusal(order)!);
      k.setStatus(order, 'filled', time);
      appendIdLine(k, time, 'filled', order.clientId, undefined);
      k.notify(order);
      return;
    case 'cancel-rejected':
      k.opts.onLog?.(time, 'cancel rejected by venue', { clientId: order.clientId, reason: ev.reason });
      return;
    case 'unknown':
      // Only an order still waiting for its acknowledgement can become unknown; it keeps its
      // funds reserved, and reconciliation's accepted/fill/canceled/rejected settles it.
      if (order.status !== 'pending-new') return;
      k.setStatus(order, 'unknown', time);
      order.reason = ev.reason;
      k.append(`${time}|${++k.seq}|unknown|${order.clientId}|${ev.reason}`);
      k.notify(order);
      return;
    case 'fill':
      applyFill(k, order, ev);
      return;
  }
}

/** `${time}|${++seq}|${kind}|${clientId}[|${extra}]` written into the log's bytes (hot: every order is acknowledged and filled). */
function appendIdLine(k: KernelCore, time: number, kind: string, clientId: string, extra: string | undefined): void {
  const w = k.log.beginLine();
  w.num(time); w.char(BAR); w.num(++k.seq); w.char(BAR); w.str(kind); w.char(BAR); w.str(clientId);
  if (extra !== undefined) { w.char(BAR); w.str(extra); }
  k.log.endLine();
}

/** Why a `filled` report (no new fill) cannot complete this open order: nothing filled, or a base-sized order short of its quantity. */
export function filledRefusal(order: Order): string | undefined {
  if (order.filledQty <= 0n) return `filled for ${order.clientId} with no fill booked: its fills must come first (reconciliation books them)`;
  if (order.quoteQty === undefined && order.filledQty !== order.qty) {
    return `filled for ${order.clientId} with ${formatFixed(order.filledQty)} of ${formatFixed(order.qty)} booked: its missing fills must come first`;
  }
  return undefined;
}

function applyFill(k: KernelCore, order: Order, ev: FillEvent): void {
  const inst = k.instruments[order.pairIndex];
  if (k.ledger.hasApplied(ev.execId)) return; // the same execution again: idempotent
  // A fill reported after the order was canceled or expired (a race at the venue, or one that
  // reconciliation found) happened: money moved, so it is booked, and the order keeps its
  // terminal status (Kraken too shows canceled orders with vol_exec > 0). Anything else must be
  // a legal transition; an impossible report is refused before any money moves.
  const late = order.status === 'canceled' || order.status === 'expired';
  if (!late) nextStatus(order.clientId, order.status === 'pending-new' ? 'open' : order.status, ev.orderStatus);
  if (order.quoteQty === undefined && order.filledQty + ev.qty > order.qty) {
    throw new KernelError(`fill ${ev.execId} of ${formatFixed(ev.qty)} would overfill order ${order.clientId} (${formatFixed(order.filledQty)} of ${formatFixed(order.qty)} filled)`);
  }
  const realizedBefore = k.ledger.realizedPnl();
  // The ledger reads its input during the call and keeps none of it: one reused object.
  const lf = k.ledgerFill;
  lf.execId = ev.execId;
  lf.time = ev.time;
  lf.base = inst.base;
  lf.quote = inst.quote;
  lf.side = order.side;
  lf.qty = ev.qty;
  lf.price = ev.price;
  lf.fee = ev.fee;
  lf.feeAsset = ev.feeAsset;
  lf.cost = ev.cost;
  const applied = k.ledger.applyFill(lf);
  if (!applied) return; // the same execution again: idempotent
  order.filledQty += ev.qty;
  order.filledCost += k.ledger.lastFillNotional(); // ev.cost ?? qty x price, as the ledger booked it
  if (ev.feeAsset === inst.quote) order.fees += ev.fee;
  if (!late) {
    if (order.status === 'pending-new') k.setStatus(order, 'open', ev.time);
    k.setStatus(order, ev.orderStatus, ev.time);
    if (!isTerminal(order.status)) k.holds.set(order.clientId, order.side === 'buy' ? inst.quote : inst.base, holdFor(k, order));
  }
  const seq = ++k.seq;
  // `${time}|${seq}|fill|${clientId}|${execId}|${side}|${qty}|${price}|${fee}|${feeAsset}|${liquidity}[|cost=${cost}]`,
  // written straight into the log's bytes (the same bytes as that template; no strings built).
  const w = k.log.beginLine();
  w.num(ev.time); w.char(BAR); w.num(seq); w.char(BAR);
  w.str(late ? 'late-fill' : 'fill'); w.char(BAR);
  w.str(order.clientId); w.char(BAR); w.str(ev.execId); w.char(BAR); w.str(order.side); w.char(BAR);
  w.fixed(ev.qty); w.char(BAR); w.fixed(ev.price); w.char(BAR); w.fixed(ev.fee); w.char(BAR);
  w.str(ev.feeAsset); w.char(BAR); w.str(ev.liquidity);
  if (ev.cost !== undefined) { w.str('|cost='); w.fixed(ev.cost); }
  k.log.endLine();
  if (late) k.opts.onLog?.(ev.time, 'fill booked for an order already closed', { clientId: order.clientId, status: order.status, execId: ev.execId });
  k.recomputeFloatsAfterFill(order.pairIndex);
  // One record serves as the results' FillRecord and as the strategy's FillView (a FillView
  // plus seq and realized PnL): a fill allocates one such object, not two.
  const fill: FillRecord = {
    clientId: order.clientId,
    execId: ev.execId,
    pair: order.pair,
    side: order.side,
    time: ev.time,
    qty: ev.qty,
    price: ev.price,
    fee: ev.fee,
    feeAsset: ev.feeAsset,
    liquidity: ev.liquidity,
    strategyId: order.strategyId,
    seq,
    realizedPnl: k.ledger.realizedPnl() - realizedBefore,
  };
  k.opts.onFill?.(fill);
  k.notices.push({ kind: 'fill', fill });
  k.notify(order);
}

/**
 * A fill for an order the kernel does not hold (closed and evicted, or placed outside the
 * kernel and found by reconciliation). Money moved at the venue, so it is booked; it needs
 * the pair and side to be booked at all, and a fill that cannot be booked is an error.
 */
function applyExternalFill(k: KernelCore, ev: FillEvent): void {
  if (k.ledger.hasApplied(ev.execId)) return;
  if (ev.pair === undefined || ev.side === undefined) {
    throw new KernelError(`fill ${ev.execId} for unknown order ${ev.clientId} carries no pair and side; it cannot be booked`);
  }
  const inst = k.instruments[k.indexOf(ev.pair)];
  const realizedBefore = k.ledger.realizedPnl();
  k.ledger.applyFill({ execId: ev.execId, time: ev.time, base: inst.base, quote: inst.quote, side: ev.side, qty: ev.qty, price: ev.price, fee: ev.fee, feeAsset: ev.feeAsset, cost: ev.cost });
  const seq = ++k.seq;
  const cost = ev.cost === undefined ? '' : `|cost=${formatFixed(ev.cost)}`;
  k.append(`${ev.time}|${seq}|external-fill|${ev.clientId}|${ev.execId}|${ev.pair}|${ev.side}|${formatFixed(ev.qty)}|${formatFixed(ev.price)}|${formatFixed(ev.fee)}|${ev.feeAsset}|${ev.liquidity}${cost}`);
  k.recomputeFloats();
  const fill: FillView = { clientId: ev.clientId, execId: ev.execId, pair: ev.pair, side: ev.side, time: ev.time, qty: ev.qty, price: ev.price, fee: ev.fee, feeAsset: ev.feeAsset, liquidity: ev.liquidity };
  k.opts.onLog?.(ev.time, 'fill booked for an order the kernel does not hold', { clientId: ev.clientId, execId: ev.execId });
  k.opts.onFill?.(fillRecord(fill, seq, k.ledger.realizedPnl() - realizedBefore));
  k.notices.push({ kind: 'fill', fill });
}

/** The record of a fill for results: its view plus sequence and realized PnL (a literal, not a spread: one shape, no dictionary copy). */
function fillRecord(f: FillView, seq: number, realizedPnl: Fixed): FillRecord {
  return { clientId: f.clientId, execId: f.execId, pair: f.pair, side: f.side, time: f.time, qty: f.qty, price: f.price, fee: f.fee, feeAsset: f.feeAsset, liquidity: f.liquidity, strategyId: f.strategyId, seq, realizedPnl };
}
