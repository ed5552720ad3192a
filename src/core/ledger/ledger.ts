import { mulExact, ZERO, div, toNumber, type Fixed } from '../decimal/fixed.ts';
import { LotQueue, type Lot } from './lots.ts';

/** An execution as the ledger books it: exact numbers, the fee in the asset the venue charged. */
export interface LedgerFill {
  readonly execId: string;
  readonly time: number;
  readonly base: string;
  readonly quote: string;
  readonly side: 'buy' | 'sell';
  readonly qty: Fixed;
  readonly price: Fixed;
  readonly fee: Fixed;
  readonly feeAsset: string;
  /** Quote exchanged as the venue booked it; defaults to qty x price, exact. */
  readonly cost?: Fixed;
}

/** Per-asset flow totals; conservation says balance = deposits - withdrawals + tradeIn - tradeOut - fees. */
export interface AssetFlows {
  deposits: Fixed;
  withdrawals: Fixed;
  tradeIn: Fixed;
  tradeOut: Fixed;
  fees: Fixed;
}

export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

/** Price of one unit of an asset in the account currency. */
export type MarkFn = (asset: string) => Fixed;

/**
 * The exact, multi-asset spot ledger (DESIGN.md "The ledger is exact").
 *
 * Balances per asset, FIFO lots per non-cash asset, realized PnL per closed lot portion,
 * fees booked per fill in the asset charged, deposits and withdrawals as contributions (not
 * PnL), and a time-weighted return chained across cash flows. All pairs must be quoted in the
 * account currency so that equity is one exact number. A fill's execution id is applied once:
 * a repeat is ignored, which makes duplicated venue messages and reconciliation safe.
 */
export class Ledger {
  private readonly balances = new Map<string, Fixed>();
  private readonly flows = new Map<string, AssetFlows>();
  private readonly lots = new Map<string, LotQueue>();
  private readonly realizedByAsset = new Map<string, Fixed>();
  private readonly applied = new Set<string>();
  /** The last id `hasApplied` found not applied; nothing but `applyFill` adds ids, and it clears this. */
  private checkedNew: string | undefined = undefined;
  private contributions: Fixed = ZERO;
  private realized: Fixed = ZERO;
  private twrFactor = 1;
  private periodStartEquity: Fixed = ZERO;
  private lastNotional: Fixed = ZERO;

  constructor(readonly accountCurrency: string) {}

  balance(asset: string): Fixed {
    return this.balances.get(asset) ?? ZERO;
  }

  assets(): string[] {
    return [...this.balances.keys()].sort();
  }

  flowsOf(asset: string): AssetFlows {
    return { ...this.flowEntry(asset) };
  }

  /** Sum of the open lots of an asset (equals its balance; the property tests check it). */
  position(asset: string): Fixed {
    return this.lots.get(asset)?.totalQty() ?? ZERO;
  }

  openLots(asset: string): readonly Lot[] {
    return this.lots.get(asset)?.open() ?? [];
  }

  costBasis(asset: string): Fixed {
    return this.lots.get(asset)?.totalCost() ?? ZERO;
  }

  netContributions(): Fixed {
    return this.contributions;
  }

  realizedPnl(asset?: string): Fixed {
    return asset === undefined ? this.realized : this.realizedByAsset.get(asset) ?? ZERO;
  }

  /** Quote exchanged by the last fill applied (its cost, or qty x price): the kernel adds it to the order without multiplying again. */
  lastFillNotional(): Fixed {
    return this.lastNotional;
  }

  hasApplied(execId: string): boolean {
    if (this.applied.has(execId)) return true;
    this.checkedNew = execId;
    return false;
  }

  /** Sum over non-cash assets of (qty x mark - cost of open lots). */
  unrealizedPnl(mark: MarkFn): Fixed {
    let u = ZERO;
    for (const [asset, q] of this.lots) {
      const qty = q.totalQty();
      if (qty === ZERO && q.totalCost() === ZERO) continue;
      u += mulExact(qty, mark(asset)) - q.totalCost();
    }
    return u;
  }

  /** Sum of balances marked in the account currency. */
  equity(mark: MarkFn): Fixed {
    let e = ZERO;
    for (const [asset, bal] of this.balances) {
      e += asset === this.accountCurrency ? bal : mulExact(bal, mark(asset));
    }
    return e;
  }

  /** Time-weighted return to now: sub-period returns chained across every deposit and withdrawal. */
  timeWeightedReturn(mark: MarkFn): number {
    if (this.periodStartEquity === ZERO) return this.twrFactor - 1;
    return this.twrFactor * toNumber(div(this.equity(mark), this.periodStartEquity, 'half-even')) - 1;
  }

  /** Cash or coin arriving from outside. A non-cash asset needs its value in the account currency (it opens a lot at that cost). */
  deposit(time: number, asset: string, amount: Fixed, id: string, mark: MarkFn): void {
    if (amount <= ZERO) throw new LedgerError(`deposit of ${asset} must be positive`);
    this.closeTwrPeriod(mark);
    this.add(asset, amount);
    this.flowEntry(asset).deposits += amount;
    let value = amount;
    if (asset !== this.accountCurrency) {
      value = mulExact(amount, mark(asset));
      this.lotQueue(asset).add({ qty: amount, cost: value, openedAt: time, source: id });
    }
    this.contributions += value;
    this.periodStartEquity += value;
  }

  /** Cash or coin leaving. A non-cash withdrawal disposes of lots FIFO at the mark: the gain is realized, the value leaves contributions. */
  withdraw(time: number, asset: string, amount: Fixed, _id: string, mark: MarkFn): void {
    if (amount <= ZERO) throw new LedgerError(`withdrawal of ${asset} must be positive`);
    if (amount > this.balance(asset)) {
      throw new LedgerError(`cannot withdraw ${amount} ${asset}: balance is ${this.balance(asset)}`);
    }
    this.closeTwrPeriod(mark);
    this.add(asset, -amount);
    this.flowEntry(asset).withdrawals += amount;
    let value = amount;
    if (asset !== this.accountCurrency) {
      value = mulExact(amount, mark(asset));
      const cost = this.lotQueue(asset).consume(amount);
      this.addRealized(asset, value - cost);
    }
    this.contributions -= value;
    this.periodStartEquity -= value;
  }

  /** Books one execution; returns false (and changes nothing) when its id was already applied. */
  applyFill(f: LedgerFill): boolean {
    // The kernel asks `hasApplied` just before: a second look-up of the same new id is skipped.
    if (f.execId !== this.checkedNew && this.applied.has(f.execId)) return false;
    if (f.quote !== this.accountCurrency) {
      throw new LedgerError(`pair ${f.base}/${f.quote} is not quoted in the account currency ${this.accountCurrency}`);
    }
    if (f.qty <= ZERO) throw new LedgerError(`fill ${f.execId}: quantity must be positive`);
    if (f.price <= ZERO) throw new LedgerError(`fill ${f.execId}: price must be positive`);
    if (f.fee < ZERO) throw new LedgerError(`fill ${f.execId}: fee must not be negative`);
    const notional = f.cost ?? mulExact(f.qty, f.price);
    if (notional <= ZERO) throw new LedgerError(`fill ${f.execId}: cost must be positive`);
    if (f.side === 'buy') {
      if (f.feeAsset !== f.quote && f.feeAsset !== f.base) throw new LedgerError(`fill ${f.execId}: fee asset ${f.feeAsset} is neither ${f.base} nor ${f.quote}`);
      const cashOut = notional + (f.feeAsset === f.quote ? f.fee : ZERO);
      if (cashOut > this.balance(f.quote)) {
        throw new LedgerError(`fill ${f.execId}: buying needs ${cashOut} ${f.quote} but the balance is ${this.balance(f.quote)}`);
      }
      if (f.feeAsset === f.base && f.fee >= f.qty) throw new LedgerError(`fill ${f.execId}: fee in ${f.base} is not below the quantity bought`);
      this.add(f.quote, -notional);
      this.flowEntry(f.quote).tradeOut += notional;
      this.add(f.base, f.qty);
      this.flowEntry(f.base).tradeIn += f.qty;
      const lot: Lot = { qty: f.qty, cost: notional, openedAt: f.time, source: f.execId };
      if (f.fee > ZERO) {
        this.add(f.feeAsset, -f.fee);
        this.flowEntry(f.feeAsset).fees += f.fee;
        if (f.feeAsset === f.quote) lot.cost += f.fee;
        else lot.qty -= f.fee;
      }
      this.lotQueue(f.base).add(lot);
    } else {
      const baseOut = f.qty + (f.feeAsset === f.base ? f.fee : ZERO);
      if (baseOut > this.balance(f.base)) {
        throw new LedgerError(`fill ${f.execId}: selling ${baseOut} ${f.base} but only ${this.balance(f.base)} is held (spot: no shorting)`);
      }
      if (f.feeAsset !== f.quote && f.feeAsset !== f.base) throw new LedgerError(`fill ${f.execId}: fee asset ${f.feeAsset} is neither ${f.base} nor ${f.quote}`);
      this.add(f.base, -f.qty);
      this.flowEntry(f.base).tradeOut += f.qty;
      this.add(f.quote, notional);
      this.flowEntry(f.quote).tradeIn += notional;
      const cost = this.lotQueue(f.base).consume(f.qty);
      let pnl = notional - cost;
      if (f.fee > ZERO) {
        this.add(f.feeAsset, -f.fee);
        this.flowEntry(f.feeAsset).fees += f.fee;
        if (f.feeAsset === f.quote) pnl -= f.fee;
        else pnl -= this.lotQueue(f.base).consume(f.fee);
      }
      this.addRealized(f.base, pnl);
    }
    this.applied.add(f.execId);
    this.checkedNew = undefined;
    this.lastNotional = notional;
    return true;
  }

  snapshot(): LedgerSnapshot {
    const s = (x: Fixed) => x.toString();
    return {
      accountCurrency: this.accountCurrency,
      balances: [...this.balances].sort(byKey).map(([a, v]) => [a, s(v)]),
      flows: [...this.flows].sort(byKey).map(([a, f]) => [a, [s(f.deposits), s(f.withdrawals), s(f.tradeIn), s(f.tradeOut), s(f.fees)]]),
      lots: [...this.lots].sort(byKey).map(([a, q]) => [a, q.open().map((l) => [s(l.qty), s(l.cost), l.openedAt, l.source])]),
      realizedByAsset: [...this.realizedByAsset].sort(byKey).map(([a, v]) => [a, s(v)]),
      applied: [...this.applied].sort(),
      contributions: s(this.contributions),
      realized: s(this.realized),
      twrFactor: this.twrFactor,
      periodStartEquity: s(this.periodStartEquity),
    };
  }

  static restore(snap: LedgerSnapshot): Ledger {
    const l = new Ledger(snap.accountCurrency);
    for (const [a, v] of snap.balances) l.balances.set(a, BigInt(v));
    for (const [a, f] of snap.flows) {
      l.flows.set(a, { deposits: BigInt(f[0]), withdrawals: BigInt(f[1]), tradeIn: BigInt(f[2]), tradeOut: BigInt(f[3]), fees: BigInt(f[4]) });
    }
    for (const [a, lots] of snap.lots) {
      l.lotQueue(a).restore(lots.map(([q, c, t, src]) => ({ qty: BigInt(q), cost: BigInt(c), openedAt: t, source: src })));
    }
    for (const [a, v] of snap.realizedByAsset) l.realizedByAsset.set(a, BigInt(v));
    for (const id of snap.applied) l.applied.add(id);
    l.contributions = BigInt(snap.contributions);
    l.realized = BigInt(snap.realized);
    l.twrFactor = snap.twrFactor;
    l.periodStartEquity = BigInt(snap.periodStartEquity);
    return l;
  }

  private closeTwrPeriod(mark: MarkFn): void {
    if (this.periodStartEquity !== ZERO) {
      this.twrFactor *= toNumber(div(this.equity(mark), this.periodStartEquity, 'half-even'));
    }
    this.periodStartEquity = this.equity(mark);
  }

  private add(asset: string, delta: Fixed): void {
    this.balances.set(asset, this.balance(asset) + delta);
  }

  private addRealized(asset: string, pnl: Fixed): void {
    this.realized += pnl;
    this.realizedByAsset.set(asset, (this.realizedByAsset.get(asset) ?? ZERO) + pnl);
  }

  private flowEntry(asset: string): AssetFlows {
    let f = this.flows.get(asset);
    if (!f) {
      f = { deposits: ZERO, withdrawals: ZERO, tradeIn: ZERO, tradeOut: ZERO, fees: ZERO };
      this.flows.set(asset, f);
    }
    return f;
  }

  private lotQueue(asset: string): LotQueue {
    let q = this.lots.get(asset);
    if (!q) {
      q = new LotQueue();
      this.lots.set(asset, q);
    }
    return q;
  }
}

function byKey<T>(a: [string, T], b: [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

export interface LedgerSnapshot {
  accountCurrency: string;
  balances: [string, string][];
  flows: [string, [string, string, string, string, string]][];
  lots: [string, [string, string, number, string][]][];
  realizedByAsset: [string, string][];
  applied: string[];
  contributions: string;
  realized: string;
  twrFactor: number;
  periodStartEquity: string;
}
