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
  readonly id: string;
  qty: Fixed[];
  /** toNumber of every qty and of cash, kept as fills change them: equity samples read these per candle. */
  qtyF: Float64Array;
  cashF: number;
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
  /** The books in the order of `ids()`, for per-candle reads by number (no Map, no id strings). */
  private list: Book[] = [];
  /** The book of the last fill: fills of one strategy come in runs, so its Map look-up is skipped. */
  private last: Book | undefined;

  /** Base and quote asset of each pair, split once (a fill's fee asset is compared with them). */
  private readonly bases: string[] = [];
  private readonly quotes: string[] = [];

  constructor(readonly pairs: readonly string[]) {
    pairs.forEach((p, i) => {
      this.index.set(p, i);
      const slash = p.indexOf('/');
      this.bases.push(slash < 0 ? p : p.slice(0, slash));
      this.quotes.push(slash < 0 ? '' : p.slice(slash + 1));
    });
  }

  /** Quote asset of the pair at `pairIndex` (the text after '/'). */
  quoteOf(pairIndex: number): string {
    return this.quotes[pairIndex];
  }

  /** Strategy ids in the order their first fill (or `ensure`) came. */
  ids(): string[] {
    return [...this.books.keys()];
  }

  /** Number of books; book `i` (0 <= i < count) is the i-th of `ids()`. */
  count(): number {
    return this.list.length;
  }

  idAt(i: number): string {
    return this.list[i].id;
  }

  /** Creates an empty book so a strategy that never traded still shows up. */
  ensure(id: string): void {
    if (!this.books.has(id)) this.add({ id, qty: this.pairs.map(() => ZERO), qtyF: new Float64Array(this.pairs.length), cash: ZERO, cashF: 0, fees: ZERO, notional: 0, fills: 0 });
  }

  private add(b: Book): void {
    this.books.set(b.id, b);
    this.list.push(b);
  }

  private book(id: string): Book {
    const last = this.last;
    if (last !== undefined && last.id === id) return last;
    this.ensure(id);
    return (this.last = this.books.get(id)!);
  }

  pairIndex(pair: string): number {
    const i = this.index.get(pair);
    if (i === undefined) throw new RangeError(`strategy books: unknown pair ${pair}; books keep ${this.pairs.join(', ')}`);
    return i;
  }

  applyFill(f: BookFill): void {
    const b = this.book(f.strategyId ?? UNATTRIBUTED);
    const p = this.pairIndex(f.pair);
    const base = this.bases[p];
    const quote = this.quotes[p];
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
    b.qtyF[p] = toNumber(b.qty[p]);
    b.cashF = toNumber(b.cash);
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
    const q = b.qtyF;
    let v = 0;
    for (let p = 0; p < q.length; p++) if (q[p] !== 0) v += q[p] * mark(p);
    return v;
  }

  /** Cash flow plus positions at the marks: the strategy's PnL so far (float). */
  value(id: string, mark: (pairIndex: number) => number): number {
    return toNumber(this.cash(id)) + this.positionValue(id, mark);
  }

  /** positionValue of book `i` (see `idAt`) with the marks given per pair index. */
  positionValueAt(i: number, marks: ArrayLike<number>): number {
    const q = this.list[i].qtyF;
    let v = 0;
    for (let p = 0; p < q.length; p++) if (q[p] !== 0) v += q[p] * marks[p];
    return v;
  }

  /** Float net quote flow of book `i` (toNumber of its exact cash). */
  cashAt(i: number): number {
    return this.list[i].cashF;
  }

  snapshot(): BooksSnapshot {
    return [...this.books].map(([id, b]) => ({ id, qty: b.qty.map(String), cash: String(b.cash), fees: String(b.fees), notional: b.notional, fills: b.fills }));
  }

  restore(s: BooksSnapshot): void {
    this.books = new Map();
    this.list = [];
    this.last = undefined;
    for (const b of s) {
      const qty = b.qty.map(BigInt);
      const cash = BigInt(b.cash);
      this.add({ id: b.id, qty, qtyF: Float64Array.from(qty, toNumber), cash, cashF: toNumber(cash), fees: BigInt(b.fees), notional: b.notional, fills: b.fills });
    }
  }
}

export type BooksSnapshot = { id: string; qty: string[]; cash: string; fees: string; notional: number; fills: number }[];
