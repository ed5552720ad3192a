import { mulExact, toNumber, ZERO, type Fixed } from '../decimal/fixed.ts';

/** What a book needs from a fill: who placed the order, and what moved. Exact amounts. */
export interface BookFill {
  readonly strategyId?: string;
  readonly pair: string;
  readonly side: 'buy' | 'sell';
  readonly qty: Fixed;
  readonly price: Fixed;
  readonly fee: Fixed;
  readonly feeAsset: string;
}

/** Strategy id of fills whose order the kernel did not hold (external, reconciliation). */
export const UNATTRIBUTED = '(unattributed)';

interface Book {
  qty: Fixed[];
  /** Net quote flow: sell proceeds - buy costs - quote fees (negative while invested). */
  cash: Fixed;
  fees: Fixed;
  /** Traded notional, float (turnover). */
  notional: number;
  fills: number;
}

/**
 * One book per strategy id: the base quantity of every pair its fills bought and sold, and its
 * net quote flow. Every fill belongs to exactly one book, so the books add up to the account:
 * sum of qty = position, sum of cash = quote change from trading (exact). A strategy's value
 * is cash + its quantities at the marks; its PnL is that value (books start at 0).
 * Pure: fed by fills, marks passed in.
 */
export class StrategyBooks {
  private readonly index = new Map<string, number>();
  private books = new Map<string, Book>();

  constructor(readonly pairs: readonly string[]) {
    pairs.forEach((p, i) => this.index.set(p, i));
  }

  /** Strategy ids in the order their first fill (or `ensure`) came. */
  ids(): string[] {
    return [...this.books.keys()];
  }

  /** Creates an empty book so a strategy that never traded still shows up. */
  ensure(id: string): void {
    if (!this.books.has(id)) this.books.set(id, { qty: this.pairs.map(() => ZERO), cash: ZERO, fees: ZERO, notional: 0, fills: 0 });
  }

  pairIndex(pair: string): number {
    const i = this.index.get(pair);
    if (i === undefined) throw new RangeError(`strategy books: unknown pair ${pair}; books keep ${this.pairs.join(', ')}`);
    return i;
  }

  applyFill(f: BookFill): void {
    const id = f.strategyId ?? UNATTRIBUTED;
    this.ensure(id);
    const b = this.books.get(id)!;
    const p = this.pairIndex(f.pair);
    const [base, quote] = f.pair.split('/');
    const cost = mulExact(f.qty, f.price);
    if (f.side === 'buy') {
      b.qty[p] += f.qty;
      b.cash -= cost;
    } else {
      b.qty[p] -= f.qty;
      b.cash += cost;
    }
    if (f.feeAsset === base) b.qty[p] -= f.fee;
    else if (f.feeAsset === quote) b.cash -= f.fee;
    if (f.feeAsset === quote) b.fees += f.fee;
    else b.fees += mulExact(f.fee, f.price); // a base fee, valued at the fill price
    b.notional += toNumber(cost);
    b.fills++;
  }

  qty(id: string, pairIndex: number): Fixed {
    return this.books.get(id)?.qty[pairIndex] ?? ZERO;
  }

  cash(id: string): Fixed {
    return this.books.get(id)?.cash ?? ZERO;
  }

  fees(id: string): Fixed {
    return this.books.get(id)?.fees ?? ZERO;
  }

  notional(id: string): number {
    return this.books.get(id)?.notional ?? 0;
  }

  fillCount(id: string): number {
    return this.books.get(id)?.fills ?? 0;
  }

  /** Value of a strategy's positions at the marks (float; NaN marks count as 0 for flat pairs). */
  positionValue(id: string, mark: (pairIndex: number) => number): number {
    const b = this.books.get(id);
    if (!b) return 0;
    let v = 0;
    for (let p = 0; p < b.qty.length; p++) if (b.qty[p] !== ZERO) v += toNumber(b.qty[p]) * mark(p);
    return v;
  }

  /** Cash flow plus positions at the marks: the strategy's PnL so far (float). */
  value(id: string, mark: (pairIndex: number) => number): number {
    return toNumber(this.cash(id)) + this.positionValue(id, mark);
  }

  snapshot(): BooksSnapshot {
    return [...this.books].map(([id, b]) => ({ id, qty: b.qty.map(String), cash: String(b.cash), fees: String(b.fees), notional: b.notional, fills: b.fills }));
  }

  restore(s: BooksSnapshot): void {
    this.books = new Map(s.map((b) => [b.id, { qty: b.qty.map(BigInt), cash: BigInt(b.cash), fees: BigInt(b.fees), notional: b.notional, fills: b.fills }]));
  }
}

export type BooksSnapshot = { id: string; qty: string[]; cash: string; fees: string; notional: number; fills: number }[];
