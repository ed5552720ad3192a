import { div, fromFloat, mul, mulExact, roundTo, SCALE_DECIMALS, ZERO, ONE, type Fixed } from '../../decimal/fixed.ts';
import { decimalStep, qtyStep, roundToStep, type Instrument } from '../../instruments/instrument.ts';
import type { Bar } from '../../market/bar.ts';
import type { Liquidity } from '../../orders/order.ts';
import type { OrderReport, VenueHost, VenueOrder, VenuePort, VenueTimer } from '../port.ts';
import { KrakenFeeModel, KRAKEN_STARTER_FEES, type FeeCharge, type FeeModel } from './fee-model.ts';
import { OhlcPathFillModel, type FillDecision, type FillModel } from './fill-model.ts';
import { FixedLatency, type LatencyModel } from './latency-model.ts';
import type { SimOrder } from './sim-order.ts';
import { NO_SLIPPAGE, type SlippageModel } from './slippage-model.ts';

export interface SimulatedVenueOptions {
  readonly fees?: FeeModel;
  readonly slippage?: SlippageModel;
  readonly latency?: LatencyModel;
  readonly fillModel?: FillModel;
  /** Largest share (0-1] of a candle's volume that this account's fills may take; null = no cap. */
  readonly maxVolumeShare?: number | null;
}

interface Pending {
  fill: FillDecision;
  order: SimOrder;
  seq: number;
}

/**
 * A venue that fills orders from candles (backtest) or from live bars (paper mode), behind
 * the same port as the Kraken client. Every assumption it makes is listed in
 * docs/fill-assumptions.md and has a row in the candle-scenario tests.
 */
export class SimulatedVenue implements VenuePort {
  readonly name = 'simulated';
  readonly fees: FeeModel;
  private readonly slippage: SlippageModel;
  private readonly latency: LatencyModel;
  private readonly fillModel: FillModel;
  private readonly maxVolumeShare: number | null;
  private host!: VenueHost;
  private orders = new Map<string, SimOrder>();
  private inFlight = new Map<string, VenueOrder>();
  private byPair: SimOrder[][] = [];
  private orderCounter = 0;
  private execCounter = 0;
  private readonly scratch: Pending[] = [];
  /** The pair's working orders as a candle found them (events it emits may add or remove orders); reused like `scratch`. */
  private readonly working: (SimOrder | undefined)[] = [];
  private readonly feeCache: { inst: Instrument | undefined; qty: Fixed; price: Fixed; liquidity: Liquidity; charge: FeeCharge | undefined } = { inst: undefined, qty: ZERO, price: ZERO, liquidity: 'taker', charge: undefined };

  constructor(opts: SimulatedVenueOptions = {}) {
    this.fees = opts.fees ?? new KrakenFeeModel(KRAKEN_STARTER_FEES);
    this.slippage = opts.slippage ?? NO_SLIPPAGE;
    this.latency = opts.latency ?? new FixedLatency(0);
    this.fillModel = opts.fillModel ?? new OhlcPathFillModel('touch');
    const share = opts.maxVolumeShare === undefined ? null : opts.maxVolumeShare;
    if (share !== null && !(share > 0 && share <= 1)) throw new RangeError(`maxVolumeShare must be in (0, 1], got ${share}`);
    this.maxVolumeShare = share;
  }

  connect(host: VenueHost): void {
    this.host = host;
  }

  submit(order: VenueOrder): void {
    this.inFlight.set(order.clientId, order);
    this.host.schedule(this.host.now() + this.latency.sample(this.host.random), { k: 'arrive', clientId: order.clientId });
  }

  cancel(clientId: string): void {
    this.host.schedule(this.host.now() + this.latency.sample(this.host.random), { k: 'cancel', clientId });
  }

  cancelAll(pair?: string): void {
    this.host.schedule(this.host.now() + this.latency.sample(this.host.random), { k: 'cancel-all', pair });
  }

  hasWork(pairIndex: number): boolean {
    const list = this.byPair[pairIndex];
    return list !== undefined && list.length > 0;
  }

  onTimer(t: VenueTimer): void {
    if (t.k === 'arrive') this.arrive(t.clientId!);
    else if (t.k === 'cancel') this.cancelNow(t.clientId!, 'canceled by client');
    else if (t.k === 'cancel-all') {
      for (const o of [...this.orders.values()]) {
        if (t.pair === undefined || o.order.pair === t.pair) this.cancelNow(o.order.clientId, 'cancel-all');
      }
    }
  }

  private arrive(clientId: string): void {
    const order = this.inFlight.get(clientId);
    if (!order) return;
    this.inFlight.delete(clientId);
    const now = this.host.now();
    const ref = this.host.lastPrice(order.pairIndex);
    const limit = order.limitPrice === undefined ? NaN : Number(order.limitPrice) / 1e18;
    const crosses = order.type === 'limit' && Number.isFinite(ref) && (order.side === 'buy' ? limit >= ref : limit <= ref);
    if (order.postOnly && crosses) {
      this.host.emit({ kind: 'rejected', time: now, clientId, reason: 'post-only order would take liquidity' });
      return;
    }
    const venueOrderId = `SIM-${++this.orderCounter}`;
    const sim: SimOrder = {
      order,
      venueOrderId,
      remaining: order.qty,
      remainingQuote: order.quoteQty,
      activeFrom: now,
      firstBar: true,
      marketableAtArrival: crosses,
      triggered: false,
      extreme: ref,
      fills: 0,
    };
    this.orders.set(clientId, sim);
    (this.byPair[order.pairIndex] ??= []).push(sim);
    this.host.emit({ kind: 'accepted', time: now, clientId, venueOrderId });
  }

  private cancelNow(clientId: string, reason: string): void {
    const now = this.host.now();
    if (this.inFlight.has(clientId)) {
      // Cancel overtook the order: the venue never saw it working.
      this.inFlight.delete(clientId);
      this.host.emit({ kind: 'canceled', time: now, clientId, reason });
      return;
    }
    if (!this.orders.has(clientId)) {
      this.host.emit({ kind: 'cancel-rejected', time: now, clientId, reason: 'unknown order (already closed)' });
      return;
    }
    this.remove(clientId);
    this.host.emit({ kind: 'canceled', time: now, clientId, reason });
  }

  private remove(clientId: string): void {
    const o = this.orders.get(clientId);
    if (!o) return;
    this.orders.delete(clientId);
    const list = this.byPair[o.order.pairIndex];
    const i = list.indexOf(o);
    if (i >= 0) list.splice(i, 1);
  }

  onBar(bar: Bar): void {
    const list = this.byPair[bar.pairIndex];
    if (!list || list.length === 0) return;
    const now = this.host.now();
    const pending = this.scratch;
    pending.length = 0;
    let seq = 0;
    // Indexed, never truncated: `length = 0` would drop the array's store and the next push reallocate it.
    const working = this.working;
    const count = list.length;
    for (let i = 0; i < count; i++) working[i] = list[i];
    for (let i = 0; i < count; i++) {
      const o = working[i]!; // set just above
      if (o.activeFrom > bar.openTime) continue;
      if (o.order.timeInForce === 'gtd' && o.order.expireAt !== undefined && bar.openTime >= o.order.expireAt) {
        this.remove(o.order.clientId);
        this.host.emit({ kind: 'expired', time: now, clientId: o.order.clientId });
        continue;
      }
      const decision = this.fillModel.evaluate(o, bar);
      if (decision) pending.push({ fill: decision, order: o, seq: seq++ });
      else this.afterBar(o, now);
    }
    pending.sort((a, b) => a.fill.pos - b.fill.pos || a.seq - b.seq);
    const inst = this.host.instrument(bar.pairIndex);
    let budget = this.maxVolumeShare === null ? -1n : roundTo(fromFloatSafe(bar.volume * this.maxVolumeShare), inst.lotDecimals, 'down');
    for (const p of pending) {
      const used = this.fill(p.order, p.fill, inst, budget, now);
      if (budget >= 0n) budget -= used;
      this.afterBar(p.order, now);
    }
    pending.length = 0;
    working.fill(undefined, 0, count); // keep no closed order alive
  }

  /** After a candle: IOC leftovers are canceled; everything else stays working. */
  private afterBar(o: SimOrder, now: number): void {
    const wasFirst = o.firstBar;
    o.firstBar = false;
    if (!this.orders.has(o.order.clientId)) return;
    if (wasFirst && o.order.timeInForce === 'ioc') {
      this.remove(o.order.clientId);
      this.host.emit({ kind: 'canceled', time: now, clientId: o.order.clientId, reason: 'ioc-remainder' });
    }
  }

  /** Executes one fill decision; returns the base quantity filled. */
  private fill(o: SimOrder, d: FillDecision, inst: Instrument, budget: bigint, now: number): Fixed {
    const ord = o.order;
    const buy = ord.side === 'buy';
    const price = this.fillPrice(d, ord, inst);
    let qty: Fixed;
    let quoteQty = ZERO;
    if (o.remainingQuote !== undefined) {
      // Quote-amount market buy: as much as the quote buys at this price, fee included.
      qty = quoteQty = this.affordableQty(o.remainingQuote, price, inst, d.liquidity);
    } else {
      qty = o.remaining;
    }
    if (budget >= 0n && qty > budget) qty = budget;
    let insufficient = false;
    if (buy) {
      const power = this.host.buyingPower(ord.clientId);
      const cap = o.remainingQuote !== undefined ? minFixed(power, o.remainingQuote) : power;
      // The usual cases skip sizing: a quote-sized order's own hold covers it (the same cash as
      // above, so the same quantity), or the cash is at least twice what this fill costs.
      const affordable =
        o.remainingQuote !== undefined
          ? cap === o.remainingQuote ? quoteQty : this.affordableQty(cap, price, inst, d.liquidity)
          : this.amplyCovers(qty, price, inst, d.liquidity, cap) ? qty : this.affordableQty(cap, price, inst, d.liquidity);
      if (affordable < qty) {
        qty = affordable;
        insufficient = true;
      }
    }
    if (qty <= ZERO) {
      if (insufficient || (o.remainingQuote !== undefined && budget !== 0n)) this.finishUnfillable(o, now, insufficient);
      return ZERO;
    }
    const fee = buy ? this.buyFee(inst, qty, price, d.liquidity) : this.fees.fee(inst, ord.side, qty, price, d.liquidity);
    o.fills++;
    if (o.remainingQuote !== undefined) {
      o.remainingQuote -= mulExact(qty, price) + (fee.asset === inst.quote ? fee.amount : ZERO);
    } else {
      o.remaining -= qty;
    }
    const capped = budget >= 0n && qty === budget;
    const done = o.remainingQuote !== undefined ? !capped || insufficient : o.remaining === ZERO;
    if (done || insufficient) this.remove(ord.clientId);
    this.host.emit({
      kind: 'fill',
      time: now,
      clientId: ord.clientId,
      execId: `${o.venueOrderId}-${o.fills}`,
      qty,
      price,
      fee: fee.amount,
      feeAsset: fee.asset,
      liquidity: d.liquidity,
      pair: ord.pair,
      side: ord.side,
      orderStatus: done ? 'filled' : 'partially-filled',
    });
    if (insufficient && !done) this.host.emit({ kind: 'canceled', time: now, clientId: ord.clientId, reason: 'insufficient-funds' });
    return qty;
  }

  private finishUnfillable(o: SimOrder, now: number, insufficient: boolean): void {
    this.remove(o.order.clientId);
    this.host.emit({ kind: 'canceled', time: now, clientId: o.order.clientId, reason: insufficient ? 'insufficient-funds' : 'amount-below-one-lot' });
  }

  /** Largest lot-rounded quantity whose cost plus fee fits in `cash`: cash / (price x (1 + rate)), rounded down. */
  private affordableQty(cash: Fixed, price: Fixed, inst: Instrument, liquidity: Liquidity): Fixed {
    if (cash <= ZERO) return ZERO;
    const perUnit = mul(price, ONE + this.fees.rate(liquidity), 'up');
    const step = qtyStep(inst);
    let qty = roundToStep(div(cash, perUnit, 'down'), step, 'down');
    if (this.fits(qty, price, inst, liquidity, cash)) return qty;
    // A fee model that rounds up can push the exact formula over by less than one cost unit.
    const unit = decimalStep(inst.costDecimals);
    qty = roundToStep(div(cash - unit, perUnit, 'down'), step, 'down');
    for (let i = 0; i < 4 && qty > ZERO && !this.fits(qty, price, inst, liquidity, cash); i++) qty -= step;
    return qty > ZERO && this.fits(qty, price, inst, liquidity, cash) ? qty : ZERO;
  }

  /**
   * Is `cash` at least twice what buying `qty` costs, fee included? Then the largest affordable
   * quantity (`affordableQty`, about cash / (price x (1 + rate))) is far above `qty`, so sizing
   * cannot cap this fill and is skipped. The fee is the one the fill then charges (cached).
   */
  private amplyCovers(qty: Fixed, price: Fixed, inst: Instrument, liquidity: Liquidity, cash: Fixed): boolean {
    return 2n * (mulExact(qty, price) + this.buyFee(inst, qty, price, liquidity).amount) <= cash;
  }

  /** Does buying `qty` at `price`, fee included, cost no more than `cash`? */
  private fits(qty: Fixed, price: Fixed, inst: Instrument, liquidity: Liquidity, cash: Fixed): boolean {
    return mulExact(qty, price) + this.buyFee(inst, qty, price, liquidity).amount <= cash;
  }

  /**
   * The fee model's charge for a buy, remembered for the last arguments: sizing a buy asks for
   * the fee of the quantity it then fills, so the fill reuses it (the model is a pure function).
   */
  private buyFee(inst: Instrument, qty: Fixed, price: Fixed, liquidity: Liquidity): FeeCharge {
    const c = this.feeCache;
    if (c.charge !== undefined && c.qty === qty && c.price === price && c.liquidity === liquidity && c.inst === inst) return c.charge;
    const charge = this.fees.fee(inst, 'buy', qty, price, liquidity);
    c.inst = inst;
    c.qty = qty;
    c.price = price;
    c.liquidity = liquidity;
    c.charge = charge;
    return charge;
  }

  /** Candle prices are exact at 18 - lotDecimals places; slipped taker prices are snapped to the tick against the trader. */
  private fillPrice(d: FillDecision, ord: VenueOrder, inst: Instrument): Fixed {
    const snap = SCALE_DECIMALS - inst.lotDecimals;
    if (d.liquidity === 'maker') return fromFloat(d.price, snap);
    const slipped = this.slippage.apply(ord.side, d.price, this.host.random);
    if (slipped === d.price) return fromFloat(d.price, snap);
    const buy = ord.side === 'buy';
    let price = roundTo(fromFloat(slipped, snap), inst.priceDecimals, buy ? 'ceil' : 'floor');
    const limit = ord.limitPrice;
    if (limit !== undefined && (ord.type === 'limit' || ord.type.endsWith('-limit'))) {
      // Slippage never takes a limit order past its limit.
      if (buy ? price > limit : price < limit) price = limit;
    }
    return price;
  }

  openOrders(): OrderReport[] {
    return [...this.orders.values()].map((o) => ({
      clientId: o.order.clientId,
      venueOrderId: o.venueOrderId,
      pair: o.order.pair,
      side: o.order.side,
      status: o.fills > 0 ? 'partially-filled' : 'open',
      qty: o.order.qty,
      filledQty: o.order.qty - o.remaining,
    }));
  }

  snapshot(): unknown {
    return {
      orderCounter: this.orderCounter,
      execCounter: this.execCounter,
      inFlight: [...this.inFlight.values()].map(encodeOrder),
      orders: [...this.orders.values()].map((o) => ({
        order: encodeOrder(o.order),
        venueOrderId: o.venueOrderId,
        remaining: o.remaining.toString(),
        remainingQuote: o.remainingQuote?.toString() ?? null,
        activeFrom: o.activeFrom,
        firstBar: o.firstBar,
        marketableAtArrival: o.marketableAtArrival,
        triggered: o.triggered,
        extreme: o.extreme,
        fills: o.fills,
      })),
    };
  }

  restore(state: unknown): void {
    const s = state as ReturnType<SimulatedVenue['snapshot']> & Record<string, any>;
    this.orderCounter = s.orderCounter;
    this.execCounter = s.execCounter;
    this.inFlight = new Map();
    for (const e of s.inFlight) {
      const o = decodeOrder(e);
      this.inFlight.set(o.clientId, o);
    }
    this.orders = new Map();
    this.byPair = [];
    for (const e of s.orders) {
      const sim: SimOrder = {
        order: decodeOrder(e.order),
        venueOrderId: e.venueOrderId,
        remaining: BigInt(e.remaining),
        remainingQuote: e.remainingQuote === null ? undefined : BigInt(e.remainingQuote),
        activeFrom: e.activeFrom,
        firstBar: e.firstBar,
        marketableAtArrival: e.marketableAtArrival,
        triggered: e.triggered,
        extreme: e.extreme,
        fills: e.fills,
      };
      this.orders.set(sim.order.clientId, sim);
      (this.byPair[sim.order.pairIndex] ??= []).push(sim);
    }
  }
}

function minFixed(a: Fixed, b: Fixed): Fixed {
  return a < b ? a : b;
}

function fromFloatSafe(x: number): Fixed {
  return x > 0 && Number.isFinite(x) ? fromFloat(x, 8) : ZERO;
}

const FIXED_KEYS = ['qty', 'quoteQty', 'limitPrice', 'triggerPrice', 'trailOffset'] as const;

export function encodeOrder(o: VenueOrder): Record<string, unknown> {
  const out: Record<string, unknown> = { ...o };
  for (const k of FIXED_KEYS) out[k] = o[k] === undefined ? null : (o[k] as bigint).toString();
  if (o.expireAt === undefined) out.expireAt = null;
  return out;
}

export function decodeOrder(e: Record<string, any>): VenueOrder {
  const out: Record<string, unknown> = { ...e };
  for (const k of FIXED_KEYS) out[k] = e[k] === null ? undefined : BigInt(e[k]);
  if (e.expireAt === null) out.expireAt = undefined;
  return out as unknown as VenueOrder;
}
