import { formatFixed, mul, parseFixed, roundTo, type Fixed } from '../../../core/decimal/fixed.ts';
import type { SimPair } from '../catalog/catalog.ts';
import type { LevelText } from './book-checksum.ts';

/**
 * A synthetic L2 book around the last traded price, so book subscribers and market orders have
 * something realistic to work with. Replayed data has no book, so this one is derived:
 *
 *  - levels sit on a fixed price grid (spacing = `spacingBps` of the first price seen, rounded to whole
 *    ticks, at least one tick); bids are the grid prices strictly below the last trade, asks strictly
 *    above, `levels` of each;
 *  - a level's quantity is a deterministic function of (symbol, price): the same price always shows
 *    the same quantity, so when the price moves only the levels entering or leaving the window change
 *    and book updates stay small, as on a real book;
 *  - quantities are `qtyMultiplier x ordermin x (0.2 .. 3.0)`, rounded to the pair's lot decimals.
 * The simulator's own (client) orders are not shown in this book and do not consume it.
 */
export interface BookLevel {
  readonly price: Fixed;
  readonly qty: Fixed;
}

export interface SyntheticBookOptions {
  levels: number;
  spacingBps: number;
  qtyMultiplier: number;
}

export const DEFAULT_BOOK_OPTIONS: SyntheticBookOptions = { levels: 100, spacingBps: 1, qtyMultiplier: 1000 };

export class SyntheticBook {
  private bidLevels: BookLevel[] = [];
  private askLevels: BookLevel[] = [];
  private step: Fixed | undefined;
  private readonly since = new Map<Fixed, number>();
  private readonly qtyCache = new Map<Fixed, Fixed>();
  private pending: { last: Fixed; timeMs: number } | undefined;
  private built: Fixed | undefined;

  constructor(
    readonly pair: SimPair,
    private readonly opts: SyntheticBookOptions = DEFAULT_BOOK_OPTIONS,
  ) {}

  /** Bids, best (highest) first. */
  get bids(): BookLevel[] {
    this.materialize();
    return this.bidLevels;
  }

  /** Asks, best (lowest) first. */
  get asks(): BookLevel[] {
    this.materialize();
    return this.askLevels;
  }

  /**
   * Moves the window to `last`. The levels are rebuilt lazily on the next read, so replaying long
   * histories costs nothing per trade; returns true when the window may have changed.
   */
  rebuild(last: Fixed, timeMs: number): boolean {
    this.pending = { last, timeMs };
    return last !== this.built;
  }

  private materialize(): void {
    if (!this.pending) return;
    const { last, timeMs } = this.pending;
    this.pending = undefined;
    if (last === this.built) return;
    this.built = last;
    const tick = this.pair.tickSize;
    if (this.step === undefined) {
      const ticks = (mul(last, parseFixed(String(this.opts.spacingBps / 10000))) + tick / 2n) / tick; // whole ticks, rounded
      this.step = (ticks < 1n ? 1n : ticks) * tick;
    }
    const step = this.step;
    const bids: BookLevel[] = [];
    const asks: BookLevel[] = [];
    let k = ceilDiv(last, step) - 1n;
    for (let i = 0; i < this.opts.levels && k > 0n; i++, k--) bids.push(this.level(k * step));
    k = last / step + 1n;
    for (let i = 0; i < this.opts.levels; i++, k++) asks.push(this.level(k * step));
    const live = new Set<Fixed>();
    for (const l of bids) live.add(l.price);
    for (const l of asks) live.add(l.price);
    for (const p of [...this.since.keys()]) if (!live.has(p)) this.since.delete(p);
    for (const p of live) if (!this.since.has(p)) this.since.set(p, timeMs);
    this.bidLevels = bids;
    this.askLevels = asks;
  }

  /** Time (ms) a level at this price appeared (REST Depth's per-level timestamp). */
  levelTime(price: Fixed): number {
    this.materialize();
    return this.since.get(price) ?? 0;
  }

  text(l: BookLevel): LevelText {
    return { price: formatFixed(l.price, this.pair.priceDecimals), qty: formatFixed(l.qty, this.pair.lotDecimals) };
  }

  private level(price: Fixed): BookLevel {
    let qty = this.qtyCache.get(price);
    if (qty === undefined) {
      const f = fnv1a(`${this.pair.symbol}|${price}`) / 4294967296;
      const units = BigInt(200_000 + Math.floor(2_800_000 * f)); // 0.2 .. 3.0, scaled 1e6
      const base = this.pair.ordermin * BigInt(this.opts.qtyMultiplier);
      qty = roundTo((base * units) / 1_000_000n, this.pair.lotDecimals, 'half-even');
      if (qty <= 0n) qty = this.pair.ordermin;
      if (this.qtyCache.size > 20_000) this.qtyCache.clear();
      this.qtyCache.set(price, qty);
    }
    return { price, qty };
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b === a ? q : q + 1n;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
