import { formatFixed, mulExact, ZERO, type Fixed } from '../decimal/fixed.ts';
import type { Instrument } from '../instruments/instrument.ts';
import { isTerminal, type Order, type Side } from '../orders/order.ts';
import { canTransition } from '../orders/order-state.ts';
import { promotionRefusal } from '../ml/approved-model.ts';
import type { VenueEvent } from '../venue/port.ts';
import { filledRefusal } from '../kernel/venue-events.ts';
import type { JournalInput } from './journal-entry.ts';

/** What the validator reads of the kernel (queries only; nothing here changes state). */
export interface InputStateView {
  /** Kernel clock (epoch ms; -Infinity before the first event). */
  now(): number;
  started(): boolean;
  readonly intervalMs: number;
  readonly accountCurrency: string;
  readonly instruments: readonly Instrument[];
  instrument(pair: string): Instrument | undefined;
  /** The pair that trades `asset` as its base, if any. */
  pairOfBase(asset: string): Instrument | undefined;
  lastPrice(pair: string): number;
  order(clientId: string): Order | undefined;
  hasApplied(execId: string): boolean;
  balance(asset: string): Fixed;
  available(asset: string): Fixed;
  /** Strategy ids this session runs: the strategy's name and every id its orders carried. */
  strategyIds(): readonly string[];
  strategyHalted(strategyId: string): boolean;
}

type Fill = Extract<VenueEvent, { kind: 'fill' }>;

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Why the kernel would refuse `input` in its current state, or undefined when it takes it.
 * Validate, then journal: the live session asks this before writing an input, and journals a
 * refused input as a `refused` entry that every replay skips, so no journal ever holds an
 * entry that cannot be replayed. The rules are the kernel's and the ledger's own (clock order,
 * order lifecycle, overfill, spot balances); test/core/journal checks they agree.
 */
export function inputRefusal(input: JournalInput, s: InputStateView): string | undefined {
  const notBefore = (time: number, what: string): string | undefined => {
    if (!finite(time)) return `${what} has no valid time (${String(time)})`;
    const now = s.now();
    return time < now ? `${what} at ${time} is before the kernel clock ${now}` : undefined;
  };
  switch (input.k) {
    case 'refused':
      return undefined;
    case 'start':
      return s.started() ? 'the session has already started' : notBefore(input.time, 'start');
    case 'stop':
    case 'tick':
      return notBefore(input.time, input.k);
    case 'mode':
      return notBefore(input.time, 'mode change');
    case 'strategy':
      return strategyRefusal(input, s) ?? notBefore(input.time, `strategy ${input.halted ? 'halt' : 'resume'}`);
    case 'model':
      if (!s.instrument(input.pair)) return `model promotion for ${input.pair}, which this session does not trade`;
      return promotionRefusal(input.pair, input.id, input.artifactHash) ?? notBefore(input.time, 'model promotion');
    case 'deposit':
    case 'withdraw':
      return cashFlowRefusal(input, s) ?? notBefore(input.time, input.k);
    case 'candle':
      return candleRefusal(input.candle, s);
    case 'venue':
      return notBefore(input.event.time, `venue event ${input.event.kind}`) ?? venueRefusal(input.event, s);
  }
}

function strategyRefusal(i: Extract<JournalInput, { k: 'strategy' }>, s: InputStateView): string | undefined {
  const id = i.strategyId;
  if (typeof id !== 'string' || id === '') return 'strategy halt names no strategy id';
  const known = s.strategyIds();
  if (!known.includes(id)) return `strategy ${JSON.stringify(id)} is not one this session runs (known: ${known.join(', ') || 'none'})`;
  const halted = s.strategyHalted(id);
  if (i.halted && halted) return `strategy ${id} is already halted`;
  if (!i.halted && !halted) return `strategy ${id} is not halted`;
  return undefined;
}

function cashFlowRefusal(i: Extract<JournalInput, { k: 'deposit' | 'withdraw' }>, s: InputStateView): string | undefined {
  if (i.amount <= ZERO) return `${i.k} of ${i.asset} must be positive (got ${formatFixed(i.amount)})`;
  if (i.asset !== s.accountCurrency) {
    const inst = s.pairOfBase(i.asset);
    if (!inst) return `${i.k} of ${i.asset}, which this session does not trade`;
    if (!Number.isFinite(s.lastPrice(inst.symbol))) return `${i.k} of ${i.asset} before ${inst.symbol} has a price to value it`;
  }
  // A cash flow closes a return period, which values every holding: each needs a price.
  for (const inst of s.instruments) {
    if (s.balance(inst.base) !== ZERO && !Number.isFinite(s.lastPrice(inst.symbol))) return `${i.k} of ${i.asset} while ${inst.base} is held and ${inst.symbol} has no price yet to value it`;
  }
  if (i.k === 'withdraw' && i.amount > s.available(i.asset)) return `cannot withdraw ${formatFixed(i.amount)} ${i.asset}: ${formatFixed(s.available(i.asset))} is free of open orders`;
  return undefined;
}

function candleRefusal(c: Extract<JournalInput, { k: 'candle' }>['candle'], s: InputStateView): string | undefined {
  if (!s.instrument(c.pair)) return `candle for ${c.pair}, which this session does not trade`;
  if (c.intervalMs !== s.intervalMs) return `candle of ${c.intervalMs} ms in a session of ${s.intervalMs} ms bars`;
  if (!finite(c.openTime) || !Number.isInteger(c.openTime)) return `candle for ${c.pair} has no valid open time (${String(c.openTime)})`;
  const prices = [c.open, c.high, c.low, c.close];
  if (!prices.every((p) => finite(p) && p > 0)) return `candle for ${c.pair} at ${c.openTime} has a price that is not a positive number (${prices.join(', ')})`;
  if (c.high < Math.max(c.open, c.close) || c.low > Math.min(c.open, c.close)) return `candle for ${c.pair} at ${c.openTime} is inconsistent (high ${c.high}, low ${c.low}, open ${c.open}, close ${c.close})`;
  if (!finite(c.volume) || c.volume < 0) return `candle for ${c.pair} at ${c.openTime} has an invalid volume (${c.volume})`;
  if (!Number.isSafeInteger(c.trades) || c.trades < 0) return `candle for ${c.pair} at ${c.openTime} has an invalid trade count (${c.trades})`;
  const close = c.openTime + c.intervalMs;
  return close < s.now() ? `candle for ${c.pair} closing at ${close} is before the kernel clock ${s.now()}` : undefined;
}

function venueRefusal(ev: VenueEvent, s: InputStateView): string | undefined {
  if (typeof ev.clientId !== 'string' || ev.clientId === '') return `venue event ${ev.kind} carries no client order id`;
  const order = s.order(ev.clientId);
  if (ev.kind === 'fill') return fillRefusal(ev, order, s);
  if (!order || isTerminal(order.status)) return undefined; // the kernel ignores it (logged)
  switch (ev.kind) {
    case 'accepted':
      return typeof ev.venueOrderId === 'string' && ev.venueOrderId !== '' ? undefined : `accepted for ${ev.clientId} carries no venue order id`;
    case 'rejected':
    case 'canceled':
    case 'expired':
      return canTransition(order.status, ev.kind)
        ? undefined
        : `${ev.kind} for ${ev.clientId} contradicts its state: the order is ${order.status} (illegal transition ${order.status} -> ${ev.kind})`;
    case 'filled':
      return filledRefusal(order);
    case 'unknown':
    case 'cancel-rejected':
      return undefined;
  }
}

function fillRefusal(ev: Fill, order: Order | undefined, s: InputStateView): string | undefined {
  if (typeof ev.execId !== 'string' || ev.execId === '') return `fill for ${ev.clientId} carries no execution id`;
  if (s.hasApplied(ev.execId)) return undefined; // a repeat: the ledger ignores it
  let inst: Instrument | undefined;
  let side: Side;
  if (order) {
    inst = s.instrument(order.pair);
    side = order.side;
    if (ev.pair !== undefined && ev.pair !== order.pair) return `fill ${ev.execId} reports pair ${ev.pair} for ${ev.clientId}, an order of ${order.pair}`;
    if (ev.side !== undefined && ev.side !== order.side) return `fill ${ev.execId} reports a ${ev.side} for ${ev.clientId}, a ${order.side} order`;
    const late = order.status === 'canceled' || order.status === 'expired';
    if (!late) {
      const from = order.status === 'pending-new' ? 'open' : order.status;
      if (!canTransition(from, ev.orderStatus)) return `fill ${ev.execId} for ${ev.clientId} contradicts its state: the order is ${order.status} (illegal transition ${from} -> ${ev.orderStatus})`;
    }
    if (order.quoteQty === undefined && order.filledQty + ev.qty > order.qty) {
      return `fill ${ev.execId} of ${formatFixed(ev.qty)} would overfill order ${ev.clientId} (${formatFixed(order.filledQty)} of ${formatFixed(order.qty)} filled)`;
    }
  } else {
    if (ev.pair === undefined || ev.side === undefined) return `fill ${ev.execId} for ${ev.clientId}, an order the kernel does not hold, carries no pair and side; it cannot be booked`;
    inst = s.instrument(ev.pair);
    if (!inst) return `fill ${ev.execId} for ${ev.pair}, which this session does not trade`;
    side = ev.side;
  }
  if (!inst) return `fill ${ev.execId} for an order of a pair this session does not trade`;
  return ledgerFillRefusal(ev, inst, side, s);
}

/** The spot ledger's own rules for booking a fill (Ledger.applyFill), checked before anything moves. */
export function ledgerFillRefusal(ev: Fill, inst: Instrument, side: Side, s: Pick<InputStateView, 'balance'>): string | undefined {
  const id = ev.execId;
  if (ev.qty <= ZERO) return `fill ${id}: quantity must be positive (got ${formatFixed(ev.qty)})`;
  if (ev.price <= ZERO) return `fill ${id}: price must be positive (got ${formatFixed(ev.price)})`;
  if (ev.fee < ZERO) return `fill ${id}: fee must not be negative (got ${formatFixed(ev.fee)})`;
  let notional: Fixed;
  try {
    notional = ev.cost ?? mulExact(ev.qty, ev.price);
  } catch (e) {
    return `fill ${id}: ${(e as Error).message}`;
  }
  if (notional <= ZERO) return `fill ${id}: cost must be positive (got ${formatFixed(notional)})`;
  if (ev.feeAsset !== inst.quote && ev.feeAsset !== inst.base) return `fill ${id}: fee asset ${ev.feeAsset} is neither ${inst.base} nor ${inst.quote}`;
  if (side === 'buy') {
    const cashOut = notional + (ev.feeAsset === inst.quote ? ev.fee : ZERO);
    if (cashOut > s.balance(inst.quote)) return `fill ${id}: buying needs ${formatFixed(cashOut)} ${inst.quote} but the ledger holds ${formatFixed(s.balance(inst.quote))}`;
    if (ev.feeAsset === inst.base && ev.fee >= ev.qty) return `fill ${id}: fee in ${inst.base} is not below the quantity bought`;
  } else {
    const baseOut = ev.qty + (ev.feeAsset === inst.base ? ev.fee : ZERO);
    if (baseOut > s.balance(inst.base)) return `fill ${id}: selling ${formatFixed(baseOut)} ${inst.base} but the ledger holds ${formatFixed(s.balance(inst.base))} (spot: no shorting)`;
  }
  return undefined;
}
