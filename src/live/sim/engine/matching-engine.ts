import { mul, roundTo, ZERO, type Fixed } from '../../../core/decimal/fixed.ts';
import { cancelPenalty, amendCost, TRADING_TIERS } from '../auth/rate-counter.ts';
import type { Account } from '../account/account.ts';
import { holdOf } from '../account/account.ts';
import type { SimAsset, SimPair } from '../catalog/catalog.ts';
import type { SimClock } from '../clock.ts';
import type { MarketState, PublishedTrade } from '../market/market-state.ts';
import type { IdGenerator } from '../util/seeded-random.ts';
import { maxFixed, minFixed, refillsIceberg, toFixedFraction } from './engine-math.ts';
import { KrakenError, type EngineEvent, type ExecType, type LedgerType, type OrderRequest, type SimOrder, type TradeRecord } from './types.ts';

export type SystemStatus = 'online' | 'maintenance' | 'cancel_only' | 'post_only';

export interface EngineOptions {
  /** `through`: a resting limit fills only when a market trade prints strictly through its price; `touch`: also at its price. */
  fillRule: 'through' | 'touch';
  /** Share of each market trade's volume a resting order may take (fault `partialFills`). */
  fillFraction: () => number;
  systemStatus: () => SystemStatus;
  emit: (ev: EngineEvent) => void;
  /** Strict Kraken behaviour (see SimulatorOptions.strict): a fired trigger is reported (`exec_type: status`). */
  strict?: boolean;
}

interface PlannedFill {
  price: Fixed;
  qty: Fixed;
}

const TRIGGERED_TYPES = new Set(['stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit', 'trailing-stop']);

/**
 * The per-pair matching engine of the simulator. Client orders never meet each other; they trade
 * against the replayed market:
 *  - taker executions (market orders, marketable limits, triggered stops) walk the synthetic book
 *    level by level (one fill per level, taker fee);
 *  - resting limit orders fill when a replayed public trade prints through their price (or touches
 *    it, see `fillRule`), at their own limit price, maker fee, up to the trade's volume (times the
 *    partial-fill fraction), sharing that volume in price-time priority;
 *  - stop / take-profit / trailing orders trigger on the last trade price and then execute as taker.
 */
export class MatchingEngine {
  private seq = 0;
  private tradeIdCounter = 1;

  constructor(
    private readonly markets: Map<string, MarketState>,
    private readonly accounts: Map<string, Account>,
    private readonly clock: SimClock,
    private readonly ids: IdGenerator,
    private readonly opts: EngineOptions,
  ) {}

  // ---------------------------------------------------------------- order entry

  /** Validates and places an order. Returns undefined for `validate` requests. Throws KrakenError. */
  addOrder(account: Account, req: OrderRequest): SimOrder | undefined {
    const now = this.clock.now();
    const status = this.opts.systemStatus();
    if (status === 'maintenance') throw new KrakenError('EService:Unavailable');
    if (status === 'cancel_only') throw new KrakenError('EService:Market in cancel_only mode');
    if (status === 'post_only' && !(req.postOnly && (req.type === 'limit' || req.type === 'iceberg'))) {
      throw new KrakenError('EService:Market in post_only mode');
    }
    const market = this.market(req.pair);
    const last = market.last?.price;
    if (req.clOrdId !== undefined && account.openOrders().some((o) => o.req.clOrdId === req.clOrdId)) {
      throw new KrakenError('EOrder:Duplicate cl_ord_id');
    }
    const maxOpen = TRADING_TIERS[account.tier].maxOpenOrders;
    if (account.openOrders().filter((o) => o.pair === req.pair).length >= maxOpen) throw new KrakenError('EOrder:Orders limit exceeded');
    // Funds: market orders are checked against the planned book walk, others against their hold.
    const probe = this.newOrder(account, req, now, true);
    if (req.type === 'market') {
      if (last === undefined) throw new KrakenError('EService:Unavailable');
      const plan = this.planTaker(probe, undefined);
      if (!plan.length) throw new KrakenError('EOrder:Insufficient liquidity');
      this.assertAffordable(account, probe, plan);
    } else {
      const hold = holdOf(probe, account.takerRate, last);
      if (hold && account.available(hold.asset) < hold.amount) throw new KrakenError('EOrder:Insufficient funds');
    }
    if (req.validate) return undefined;
    if (!account.tradingCounter(req.pair.symbol, now).tryAdd(1, now)) throw new KrakenError('EOrder:Rate limit exceeded');

    const order = this.newOrder(account, req, now, false);
    if (req.type === 'trailing-stop' && last !== undefined) order.extreme = last;
    account.orders.set(order.id, order);
    this.exec(order, 'pending_new');
    order.status = 'open';
    this.exec(order, 'new');
    if (req.tif === 'GTD' && req.expireAt !== undefined) {
      order.expireTimer = this.clock.schedule(req.expireAt, () => this.expire(order));
    }
    if (req.type === 'market') {
      this.takeFromBook(account, order, undefined);
      if (order.status === 'open') this.close(order, 'canceled', 'Insufficient liquidity');
    } else if (req.type === 'limit' || req.type === 'iceberg') {
      this.enterLimit(account, order);
    }
    return order;
  }

  /** A limit order entering (or re-entering after amend/trigger): take what crosses, rest or expire the remainder. */
  private enterLimit(account: Account, order: SimOrder): void {
    const crosses = this.crossesBook(order);
    if (crosses && order.req.postOnly) {
      this.close(order, 'canceled', 'Post only order');
      return;
    }
    if (crosses) this.takeFromBook(account, order, order.limitPrice);
    if (order.status === 'open' && order.req.tif === 'IOC') this.close(order, 'expired', 'Immediate or cancel');
  }

  cancel(account: Account, order: SimOrder, reason = 'User requested'): void {
    if (order.status !== 'open' && order.status !== 'pending') throw new KrakenError('EOrder:Unknown order');
    const now = this.clock.now();
    account.tradingCounter(order.pair.symbol, now).add(cancelPenalty(now - order.lastChange), now);
    this.close(order, 'canceled', reason);
  }

  cancelAll(account: Account, reason = 'User requested'): number {
    const open = account.openOrders();
    for (const o of open) this.close(o, 'canceled', reason);
    return open.length;
  }

  /** Amends quantity / limit price / trigger price in place (same id), as WS amend_order does. */
  amend(account: Account, order: SimOrder, change: { qty?: Fixed; limitPrice?: Fixed; triggerPrice?: Fixed; postOnly?: boolean }): void {
    if (order.status !== 'open') throw new KrakenError('EOrder:Unknown order');
    const now = this.clock.now();
    const counter = account.tradingCounter(order.pair.symbol, now);
    if (!counter.tryAdd(amendCost(now - order.lastChange), now)) throw new KrakenError('EOrder:Rate limit exceeded');
    const before = { qty: order.qty, limitPrice: order.limitPrice, triggerPrice: order.triggerPrice };
    if (change.limitPrice !== undefined) {
      if (order.type === 'market' || order.type === 'trailing-stop') throw new KrakenError('EGeneral:Invalid arguments:limit_price');
      order.limitPrice = change.limitPrice;
    }
    if (change.triggerPrice !== undefined) {
      if (!TRIGGERED_TYPES.has(order.type)) throw new KrakenError('EGeneral:Invalid arguments:trigger_price');
      order.triggerPrice = change.triggerPrice;
    }
    if (change.qty !== undefined) order.qty = change.qty;
    const restingLimit = order.limitPrice !== undefined && (!TRIGGERED_TYPES.has(order.type) || order.triggered);
    if (change.postOnly && restingLimit && this.crossesBook(order)) {
      Object.assign(order, before);
      throw new KrakenError('EOrder:Post only order');
    }
    const hold = holdOf(order, account.takerRate, this.market(order.pair).last?.price);
    if (hold && account.available(hold.asset) < 0n) {
      Object.assign(order, before);
      throw new KrakenError('EOrder:Insufficient funds');
    }
    order.amended = true;
    order.lastChange = now;
    if (order.qty <= order.filled) {
      this.exec(order, 'amended', undefined, 'User requested');
      this.close(order, order.filled > 0n ? 'closed' : 'canceled', 'User requested');
      return;
    }
    this.exec(order, 'amended', undefined, 'User requested');
    if (restingLimit && this.crossesBook(order)) this.takeFromBook(account, order, order.limitPrice);
  }

  // ---------------------------------------------------------------- market events

  /** Processes one replayed public trade against every account's open orders on that pair. */
  onMarketTrade(trade: PublishedTrade): void {
    if (this.opts.systemStatus() !== 'online') return; // no matching outside normal operation
    const pair = this.market(trade.symbol).pair;
    const open: { account: Account; order: SimOrder }[] = [];
    for (const account of this.accounts.values()) {
      for (const order of account.orders.values()) if (order.status === 'open' && order.pair === pair) open.push({ account, order });
    }
    open.sort((a, b) => a.order.seq - b.order.seq);
    // 1. triggers (stops, take-profits, trailing stops) on the last trade price.
    for (const { account, order } of open) {
      if (TRIGGERED_TYPES.has(order.type) && !order.triggered && this.checkTrigger(order, trade.price)) {
        order.triggered = true;
        order.triggeredPrice = trade.price;
        order.lastChange = trade.time;
        // executions "exec_type: status" (other status change) with triggers.status "triggered".
        if (this.opts.strict) this.exec(order, 'status');
        if (order.type === 'stop-loss-limit' || order.type === 'take-profit-limit') {
          if (this.crossesBook(order)) this.takeFromBook(account, order, order.limitPrice);
        } else {
          const plan = this.planTaker(order, undefined);
          try {
            this.assertAffordable(account, order, plan);
            this.takeFromBook(account, order, undefined);
            if (order.status === 'open') this.close(order, 'canceled', 'Insufficient liquidity');
          } catch {
            this.close(order, 'canceled', 'Insufficient funds');
          }
        }
      }
    }
    // 2. resting limits crossed by the trade, price-time priority, sharing the trade's volume per side.
    const fraction = this.opts.fillFraction();
    const budget = { buy: roundTo(mul(trade.qty, toFixedFraction(fraction)), pair.lotDecimals, 'floor'), sell: 0n };
    budget.sell = budget.buy;
    const resting = open
      .filter(({ order }) => order.status === 'open' && order.limitPrice !== undefined && (!TRIGGERED_TYPES.has(order.type) || order.triggered))
      .filter(({ order }) => this.crossedBy(order, trade.price))
      .sort((a, b) => {
        const pa = a.order.limitPrice as Fixed;
        const pb = b.order.limitPrice as Fixed;
        if (pa !== pb) return a.order.side === 'buy' ? (pb > pa ? 1 : -1) : pa > pb ? 1 : -1;
        return a.order.seq - b.order.seq;
      });
    for (const { account, order } of resting) {
      const left = budget[order.side];
      if (left <= 0n) continue;
      const qty = minFixed(order.qty - order.filled, left);
      if (qty <= 0n) continue;
      budget[order.side] = left - qty;
      this.fill(account, order, order.limitPrice as Fixed, qty, true, trade.time);
    }
  }

  private checkTrigger(order: SimOrder, price: Fixed): boolean {
    if (order.type === 'trailing-stop') {
      const off = order.req.trailingOffset;
      if (!off) return false;
      const ext = order.extreme === undefined ? price : order.side === 'sell' ? maxFixed(order.extreme, price) : minFixed(order.extreme, price);
      order.extreme = ext;
      const dist = off.pct ? mul(ext, off.amount / 100n) : off.amount;
      order.triggerPrice = order.side === 'sell' ? ext - dist : ext + dist;
      return order.side === 'sell' ? price <= order.triggerPrice : price >= order.triggerPrice;
    }
    const t = order.triggerPrice as Fixed;
    const stop = order.type === 'stop-loss' || order.type === 'stop-loss-limit';
    if (stop) return order.side === 'sell' ? price <= t : price >= t;
    return order.side === 'sell' ? price >= t : price <= t;
  }

  private crossedBy(order: SimOrder, price: Fixed): boolean {
    const limit = order.limitPrice as Fixed;
    if (this.opts.fillRule === 'touch') return order.side === 'buy' ? price <= limit : price >= limit;
    return order.side === 'buy' ? price < limit : price > limit;
  }

  private crossesBook(order: SimOrder): boolean {
    const book = this.market(order.pair).book;
    const limit = order.limitPrice as Fixed;
    if (order.side === 'buy') return book.asks.length > 0 && limit >= book.asks[0].price;
    return book.bids.length > 0 && limit <= book.bids[0].price;
  }

  // ---------------------------------------------------------------- execution

  private planTaker(order: SimOrder, limit: Fixed | undefined): PlannedFill[] {
    const book = this.market(order.pair).book;
    const levels = order.side === 'buy' ? book.asks : book.bids;
    let remaining = order.qty - order.filled;
    const plan: PlannedFill[] = [];
    for (const l of levels) {
      if (remaining <= 0n) break;
      if (limit !== undefined && (order.side === 'buy' ? l.price > limit : l.price < limit)) break;
      const q = minFixed(remaining, l.qty);
      plan.push({ price: l.price, qty: q });
      remaining -= q;
    }
    return plan;
  }

  private assertAffordable(account: Account, order: SimOrder, plan: PlannedFill[]): void {
    const pair = order.pair;
    if (order.side === 'buy') {
      let need = 0n;
      for (const f of plan) {
        const cost = this.costOf(pair, f.price, f.qty);
        need += cost + (order.req.feeInBase ? 0n : this.feeOf(pair.quote, cost, account.takerRate));
      }
      if (account.available(pair.quote, order) < need) throw new KrakenError('EOrder:Insufficient funds');
    } else {
      let need = 0n;
      for (const f of plan) need += f.qty + (order.req.feeInBase ? this.feeOf(pair.base, f.qty, account.takerRate) : 0n);
      if (account.available(pair.base, order) < need) throw new KrakenError('EOrder:Insufficient funds');
    }
  }

  private takeFromBook(account: Account, order: SimOrder, limit: Fixed | undefined): void {
    for (const f of this.planTaker(order, limit)) this.fill(account, order, f.price, f.qty, false, this.clock.now());
  }

  private costOf(pair: SimPair, price: Fixed, qty: Fixed): Fixed {
    return roundTo(mul(price, qty), Math.min(pair.costDecimals, pair.quote.decimals), 'half-even');
  }

  private feeOf(asset: SimAsset, amount: Fixed, rate: Fixed): Fixed {
    return roundTo(mul(amount, rate), asset.decimals, 'half-even');
  }

  /** Books one fill: balances, ledger (base leg then quote leg, sharing the trade id), trade record, reports. */
  private fill(account: Account, order: SimOrder, price: Fixed, qty: Fixed, maker: boolean, time: number): void {
    const pair = order.pair;
    const rate = maker ? account.makerRate : account.takerRate;
    const cost = this.costOf(pair, price, qty);
    const feeAsset = order.req.feeInBase ? pair.base : pair.quote;
    const fee = this.feeOf(feeAsset, order.req.feeInBase ? qty : cost, rate);
    const tradeId = this.ids.next('T');
    const sign = order.side === 'buy' ? 1n : -1n;
    const legs: { asset: SimAsset; amount: Fixed; fee: Fixed }[] = [
      { asset: pair.base, amount: sign * qty, fee: feeAsset === pair.base ? fee : 0n },
      { asset: pair.quote, amount: -sign * cost, fee: feeAsset === pair.quote ? fee : 0n },
    ];
    const ledgerIds: string[] = [];
    const entries = legs.map((leg) => {
      const balance = account.book(leg.asset, leg.amount - leg.fee);
      const entry = { id: this.ids.next('L'), refid: tradeId, time, type: 'trade' as LedgerType, asset: leg.asset, amount: leg.amount, fee: leg.fee, balance };
      account.ledger.push(entry);
      ledgerIds.push(entry.id);
      return entry;
    });
    const record: TradeRecord = {
      id: tradeId,
      orderId: order.id,
      postxid: this.ids.next('T'),
      pair,
      time,
      side: order.side,
      orderType: order.type,
      price,
      qty,
      cost,
      fee,
      feeAsset,
      maker,
      tradeId: this.tradeIdCounter++,
      ledgers: ledgerIds,
    };
    account.trades.push(record);
    order.filled += qty;
    order.cost += cost;
    order.fee += fee;
    order.trades.push(tradeId);
    order.lastChange = time;
    this.exec(order, 'trade', record);
    for (const entry of entries) this.opts.emit({ kind: 'ledger', accountKey: account.key, entry });
    if (order.filled >= order.qty) this.close(order, 'closed');
    else if (refillsIceberg(order, qty)) this.exec(order, 'iceberg_refill');
  }

  /**
   * Kraken's engine restating the open orders (executions `exec_type: restated`, "engine-initiated
   * change, see reason"). The docs name no trigger; tests call this for the report's effect.
   */
  restateOpenOrders(reason = 'Engine'): void {
    for (const account of this.accounts.values()) for (const o of account.openOrders()) this.exec(o, 'restated', undefined, reason);
  }

  private expire(order: SimOrder): void {
    if (order.status === 'open') this.close(order, 'expired', 'Order expired');
  }

  private close(order: SimOrder, status: 'closed' | 'canceled' | 'expired', reason?: string): void {
    order.status = status;
    order.closeTime = this.clock.now();
    order.reason = reason;
    this.clock.cancel(order.expireTimer);
    const execType: ExecType = status === 'closed' ? 'filled' : status;
    this.exec(order, execType, undefined, reason);
  }

  private exec(order: SimOrder, execType: ExecType, fill?: TradeRecord, reason?: string): void {
    this.opts.emit({ kind: 'exec', accountKey: order.accountKey, execType, order, time: this.clock.now(), fill, reason });
  }

  private newOrder(account: Account, req: OrderRequest, now: number, probe: boolean): SimOrder {
    return {
      id: probe ? 'PROBE' : this.ids.next('O'),
      accountKey: account.key,
      pair: req.pair,
      side: req.side,
      type: req.type,
      req,
      qty: req.qty,
      limitPrice: req.limitPrice,
      triggerPrice: req.triggerPrice,
      status: 'pending',
      filled: ZERO,
      cost: ZERO,
      fee: ZERO,
      openTime: now,
      trades: [],
      triggered: false,
      amended: false,
      lastChange: now,
      seq: probe ? -1 : this.seq++,
    };
  }

  private market(pairOrSymbol: SimPair | string): MarketState {
    const symbol = typeof pairOrSymbol === 'string' ? pairOrSymbol : pairOrSymbol.symbol;
    const m = this.markets.get(symbol);
    if (!m) throw new KrakenError('EQuery:Unknown asset pair');
    return m;
  }
}

export { avgPrice } from './engine-math.ts';
