import { divRound, formatFixed, fromFloat, mul, ONE, SCALE_DECIMALS, ZERO, type Fixed } from '../decimal/fixed.ts';
import { priceTick, qtyStep, roundToStep, type Instrument } from '../instruments/instrument.ts';
import type { OrderRequest } from './order.ts';

/**
 * Order sizing against the venue's minimums, before an order is submitted.
 *
 * Kraken refuses an order below `ordermin` (base) or `costmin` (quote), and a position smaller
 * than `ordermin` can never be sold again. So sizing:
 * - rounds a base quantity DOWN to the quantity step (never more than asked for or held);
 * - rounds a limit price to the tick on the passive side (buy down, sell up: never a worse
 *   price than asked) and a trigger price to the nearest tick;
 * - refuses a quote-sized market buy whose quantity at the reference price, after the taker
 *   fee and lot rounding, would be below `ordermin` or cost less than `costmin`: such a buy
 *   would leave a position that no sell can close;
 * - refuses a base-sized order below `ordermin`, or whose cost at the reference price is
 *   below `costmin`;
 * - turns a sell that would leave a remainder below the minimums into a sell of everything
 *   free (a remainder of dust could never be sold on its own).
 * The result is the request to submit (possibly adjusted, with a note for each adjustment),
 * or a refusal with a reason code and a one-line detail.
 */

export type SizingRefusal = readonly ['below-minimum', string];

export interface SizingResult {
  /** The request to submit: the input when nothing changed (or when refused). */
  readonly request: OrderRequest;
  /** Set when the order must not go out; the kernel rejects it with this reason. */
  readonly refusal: SizingRefusal | undefined;
  /** One line per adjustment made (rounding, sell-all), for logs. */
  readonly notes: readonly string[];
}

export interface SizingInputs {
  readonly instrument: Instrument;
  /** The price the order is sized at: its limit, its trigger, else the last price; undefined before any price. */
  readonly lastPrice: Fixed | undefined;
  /** Taker fee rate (a fraction) a market buy pays on top of its cost. */
  readonly takerFeeRate: Fixed;
  /** Base free of other open orders (what a sell may use). */
  readonly baseAvailable: Fixed;
}

/** Base a quote-sized market buy gets at `price`: quote / (price x (1 + fee)), down to the step. */
export function quoteBuyQty(quote: Fixed, price: Fixed, feeRate: Fixed, step: Fixed): Fixed {
  if (price <= ZERO) return ZERO;
  const perUnit = mul(price, ONE + feeRate, 'up');
  return roundToStep(divRound(quote * ONE, perUnit, 'down'), step, 'down');
}

/** Why `qty` at `price` cannot be an order on its own (below ordermin or costmin), or undefined. */
export function belowMinimum(inst: Instrument, qty: Fixed, price: Fixed | undefined): string | undefined {
  if (qty < inst.minQty || qty <= ZERO) return `quantity ${formatFixed(qty)} is below the minimum ${formatFixed(inst.minQty)} ${inst.base}`;
  if (price !== undefined && inst.minCost > ZERO) {
    const cost = mul(qty, price, 'down');
    if (cost < inst.minCost) return `cost ${formatFixed(cost)} is below the minimum ${formatFixed(inst.minCost)} ${inst.quote}`;
  }
  return undefined;
}

function refuse(req: OrderRequest, detail: string): SizingResult {
  return { request: req, refusal: ['below-minimum', detail], notes: [] };
}

/** The result of most orders (nothing to adjust): one shared object's worth of fields, no closure. */
function unchanged(req: OrderRequest, notes: readonly string[]): SizingResult {
  return { request: req, refusal: undefined, notes };
}

const NO_NOTES: readonly string[] = Object.freeze([]);

export function sizeOrder(req: OrderRequest, x: SizingInputs): SizingResult {
  const inst = x.instrument;
  // Most orders need no adjustment: the notes array is made only for the first one.
  let notes: string[] | undefined;
  const tick = priceTick(inst);
  const step = qtyStep(inst);

  let limitPrice = req.limitPrice;
  if (limitPrice !== undefined && limitPrice > ZERO) {
    const r = roundToStep(limitPrice, tick, req.side === 'buy' ? 'floor' : 'ceil');
    if (r !== limitPrice) (notes ??= []).push(`limit price ${formatFixed(limitPrice)} -> ${formatFixed(r)} (tick ${formatFixed(tick)})`);
    limitPrice = r > ZERO ? r : tick;
  }
  let triggerPrice = req.triggerPrice;
  if (triggerPrice !== undefined && triggerPrice > ZERO) {
    const r = roundToStep(triggerPrice, tick, 'half-even');
    if (r !== triggerPrice) (notes ??= []).push(`trigger price ${formatFixed(triggerPrice)} -> ${formatFixed(r)} (tick ${formatFixed(tick)})`);
    triggerPrice = r > ZERO ? r : tick;
  }
  const price = limitPrice ?? triggerPrice ?? x.lastPrice;

  let qty = req.qty;
  if (req.quoteQty !== undefined) {
    // Quote-sized market buy: the venue decides the quantity at the fill price. Refuse it when
    // the quantity it buys at the current price is already below what can ever be sold.
    if (req.quoteQty > ZERO && req.side === 'buy' && price !== undefined && (req.qty ?? ZERO) === ZERO) {
      const est = quoteBuyQty(req.quoteQty, price, x.takerFeeRate, step);
      const why = belowMinimum(inst, est, price);
      if (why) return refuse(req, `${formatFixed(req.quoteQty)} ${inst.quote} buys about ${formatFixed(est)} ${inst.base} at ${formatFixed(price)}: ${why}`);
    }
  } else if (qty !== undefined && qty > ZERO) {
    const r = roundToStep(qty, step, 'down');
    if (r !== qty) (notes ??= []).push(`quantity ${formatFixed(qty)} -> ${formatFixed(r)} (step ${formatFixed(step)})`);
    qty = r;
    if (req.side === 'sell' && qty <= x.baseAvailable) {
      const free = roundToStep(x.baseAvailable, step, 'down');
      const rest = free - qty;
      if (rest > ZERO && belowMinimum(inst, rest, price) !== undefined) {
        (notes ??= []).push(`sells all ${formatFixed(free)} ${inst.base}: the remainder ${formatFixed(rest)} would be below the minimum`);
        qty = free;
      }
    }
    const why = belowMinimum(inst, qty, price);
    if (why) return refuse(req, why);
  }

  if (notes === undefined) return unchanged(req, NO_NOTES);
  const request: OrderRequest = {
    ...req,
    ...(qty !== req.qty ? { qty } : {}),
    ...(limitPrice !== req.limitPrice ? { limitPrice } : {}),
    ...(triggerPrice !== req.triggerPrice ? { triggerPrice } : {}),
  };
  return { request, refusal: undefined, notes };
}

/** What sizing reads from the kernel: its instruments, last prices and free balances (structural, no import of the kernel). */
export interface SizingHost {
  readonly instruments: readonly Instrument[];
  /** Index of a pair in `instruments`, if the host keeps one (the kernel does); else a scan. */
  readonly pairIndex?: ReadonlyMap<string, number>;
  lastPrice(pair: string): number;
  /** The exact snap of `lastPrice` (fromFloat at 18 - lotDecimals places), if the host caches it. */
  lastMark?(pairIndex: number): Fixed;
  available(asset: string): Fixed;
}

function findPair(host: SizingHost, pair: string): number {
  if (host.pairIndex !== undefined) return host.pairIndex.get(pair) ?? -1;
  for (let i = 0; i < host.instruments.length; i++) if (host.instruments[i].symbol === pair) return i;
  return -1;
}

/** Sizes a request against a kernel-like host; unknown pairs pass through untouched (the kernel rejects them). */
export function sizeForHost(req: OrderRequest, host: SizingHost, takerFeeRate: Fixed): SizingResult {
  const p = findPair(host, req.pair);
  if (p < 0) return unchanged(req, NO_NOTES);
  const inst = host.instruments[p];
  const px = host.lastPrice(req.pair);
  // Same snap as the kernel's reference price, so both estimate the cost alike.
  const lastPrice = Number.isFinite(px) && px > 0 ? (host.lastMark !== undefined ? host.lastMark(p) : fromFloat(px, SCALE_DECIMALS - inst.lotDecimals)) : undefined;
  return sizeOrder(req, { instrument: inst, lastPrice, takerFeeRate, baseAvailable: host.available(inst.base) });
}
