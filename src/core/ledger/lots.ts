import { divRound, type Fixed } from '../decimal/fixed.ts';

/** One FIFO lot: what is left of one acquisition, with the cost (fees included) of what is left. */
export interface Lot {
  qty: Fixed;
  cost: Fixed;
  readonly openedAt: number;
  /** The execution id or cash-flow id that opened it. */
  readonly source: string;
}

/**
 * FIFO lots of one asset. Consuming part of a lot takes a pro-rata share of its cost, rounded
 * half-even at the 18th decimal; the lot keeps exactly the rest, so the cost of all lots plus
 * the cost taken out always equals the cost put in, to the last unit.
 */
export class LotQueue {
  private lots: Lot[] = [];
  private head = 0;
  /** Sum of the open lots' quantities, kept as lots come and go (exact: it is a bigint sum). */
  private qty = 0n;

  add(lot: Lot): void {
    if (lot.qty <= 0n) throw new RangeError(`a lot must have a positive quantity (got ${lot.qty})`);
    this.lots.push(lot);
    this.qty += lot.qty;
  }

  /** Removes `qty` oldest-first and returns the cost removed. Throws if not enough is held. */
  consume(qty: Fixed): Fixed {
    if (qty < 0n) throw new RangeError('cannot consume a negative quantity');
    if (qty > this.qty) throw new RangeError(`cannot consume ${qty} units: only ${this.qty} held`);
    this.qty -= qty;
    let left = qty;
    let cost = 0n;
    while (left > 0n) {
      const lot = this.lots[this.head];
      if (lot.qty <= left) {
        left -= lot.qty;
        cost += lot.cost;
        this.head++;
      } else {
        const part = divRound(lot.cost * left, lot.qty, 'half-even');
        lot.qty -= left;
        lot.cost -= part;
        cost += part;
        left = 0n;
      }
    }
    if (this.head > 64 && this.head * 2 > this.lots.length) {
      this.lots = this.lots.slice(this.head);
      this.head = 0;
    }
    return cost;
  }

  totalQty(): Fixed {
    return this.qty;
  }

  totalCost(): Fixed {
    let c = 0n;
    for (let i = this.head; i < this.lots.length; i++) c += this.lots[i].cost;
    return c;
  }

  open(): readonly Lot[] {
    return this.lots.slice(this.head);
  }

  restore(lots: readonly Lot[]): void {
    this.lots = lots.map((l) => ({ ...l }));
    this.head = 0;
    this.qty = this.lots.reduce((sum, l) => sum + l.qty, 0n);
  }
}
