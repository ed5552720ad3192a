import { parseFixed } from '../../../core/decimal/fixed.ts';
import { withFractionDigits } from '../ws/decimal-text.ts';
import { bookChecksum, type BookLevel } from './checksum.ts';

/** Depths Kraken accepts for the v2 book channel. */
export const BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;
export type BookDepth = (typeof BOOK_DEPTHS)[number];

export function isBookDepth(n: number): n is BookDepth {
  return (BOOK_DEPTHS as readonly number[]).includes(n);
}

export type BookSide = 'bids' | 'asks';

export interface BookLevelsInput {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

export interface OrderBookOptions {
  readonly depth: BookDepth;
  /**
   * Render prices/quantities with exactly this many decimals before checksumming. Only needed
   * when the text was not received as sent (e.g. data re-serialised by a float parser lost
   * trailing zeros); wire text from the exact parser already carries the full precision.
   */
  readonly priceDecimals?: number;
  readonly qtyDecimals?: number;
}

export interface ChecksumCheck {
  readonly ok: boolean;
  readonly expected: number;
  readonly actual: number;
}

/** Bad level data (not a decimal, negative, ...): names the side, index and value. */
export class OrderBookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderBookError';
  }
}

/** One side, best-first. `keys[i]` is `levels[i].price` in 1e-18 units: ordering and identity ("1.50" == "1.5"). */
interface Side {
  keys: bigint[];
  levels: BookLevel[];
}

const emptySide = (): Side => ({ keys: [], levels: [] });

/**
 * Local L2 book for one symbol, maintained as Kraken's v2 book guide describes: a snapshot
 * replaces everything; an update is applied level by level in message order (qty 0 deletes,
 * anything else inserts or replaces), then each side is truncated to the subscribed depth
 * because Kraken never sends deletes for levels that merely fall out of range. Sides are
 * arrays kept best-first (asks ascending, bids descending) so the checksum reads the top 10
 * directly. Exact decimal text is kept for the CRC.
 */
export class OrderBook {
  private bidSide: Side = emptySide();
  private askSide: Side = emptySide();
  private hasSnapshot = false;

  constructor(
    readonly symbol: string,
    readonly options: OrderBookOptions,
  ) {
    if (!isBookDepth(options.depth)) {
      throw new OrderBookError(`book depth ${String(options.depth)} not supported; use one of ${BOOK_DEPTHS.join(', ')}`);
    }
  }

  get depth(): BookDepth {
    return this.options.depth;
  }

  /** True once a snapshot has been applied (and not reset since). */
  get ready(): boolean {
    return this.hasSnapshot;
  }

  applySnapshot(levels: BookLevelsInput): void {
    this.bidSide = emptySide();
    this.askSide = emptySide();
    this.applyLevels('bids', levels.bids);
    this.applyLevels('asks', levels.asks);
    this.truncate();
    this.hasSnapshot = true;
  }

  applyUpdate(levels: BookLevelsInput): void {
    if (!this.hasSnapshot) throw new OrderBookError(`${this.symbol}: book update before any snapshot`);
    this.applyLevels('bids', levels.bids);
    this.applyLevels('asks', levels.asks);
    this.truncate();
  }

  /** Forget everything; the next message must be a snapshot. */
  reset(): void {
    this.bidSide = emptySide();
    this.askSide = emptySide();
    this.hasSnapshot = false;
  }

  /** Bids, best (highest) first. The array is live: copy it to keep a snapshot. */
  bids(): readonly BookLevel[] {
    return this.bidSide.levels;
  }

  /** Asks, best (lowest) first. The array is live: copy it to keep a snapshot. */
  asks(): readonly BookLevel[] {
    return this.askSide.levels;
  }

  bestBid(): BookLevel | undefined {
    return this.bidSide.levels[0];
  }

  bestAsk(): BookLevel | undefined {
    return this.askSide.levels[0];
  }

  /** Best bid at or above best ask: never true for a correctly maintained book. */
  isCrossed(): boolean {
    const b = this.bidSide.keys[0];
    const a = this.askSide.keys[0];
    return b !== undefined && a !== undefined && b >= a;
  }

  checksum(): number {
    return bookChecksum(this.askSide.levels, this.bidSide.levels);
  }

  verifyChecksum(expected: number): ChecksumCheck {
    const actual = this.checksum();
    return { ok: actual === expected >>> 0, expected, actual };
  }

  private applyLevels(side: BookSide, levels: readonly BookLevel[]): void {
    const s = side === 'bids' ? this.bidSide : this.askSide;
    for (let i = 0; i < levels.length; i++) {
      const { key, level, zero } = this.normalise(side, i, levels[i]);
      const { index, found } = this.search(side, s.keys, key);
      if (zero) {
        if (found) {
          s.keys.splice(index, 1);
          s.levels.splice(index, 1);
        }
      } else if (found) {
        s.levels[index] = level;
      } else {
        s.keys.splice(index, 0, key);
        s.levels.splice(index, 0, level);
      }
    }
  }

  private truncate(): void {
    const depth = this.options.depth;
    for (const s of [this.bidSide, this.askSide]) {
      if (s.levels.length > depth) {
        s.levels.length = depth;
        s.keys.length = depth;
      }
    }
  }

  private normalise(side: BookSide, index: number, level: BookLevel): { key: bigint; level: BookLevel; zero: boolean } {
    const where = `${this.symbol} ${side}[${index}]`;
    let key: bigint;
    let qtyUnits: bigint;
    let price = level.price;
    let qty = level.qty;
    try {
      if (this.options.priceDecimals !== undefined) price = withFractionDigits(price, this.options.priceDecimals);
      if (this.options.qtyDecimals !== undefined) qty = withFractionDigits(qty, this.options.qtyDecimals);
      key = parseFixed(price);
      qtyUnits = parseFixed(qty);
    } catch (e) {
      throw new OrderBookError(`${where}: bad level price=${JSON.stringify(level.price)} qty=${JSON.stringify(level.qty)}: ${(e as Error).message}`);
    }
    if (key <= 0n) throw new OrderBookError(`${where}: price must be positive, got ${JSON.stringify(level.price)}`);
    if (qtyUnits < 0n) throw new OrderBookError(`${where}: qty must not be negative, got ${JSON.stringify(level.qty)}`);
    return { key, level: { price, qty }, zero: qtyUnits === 0n };
  }

  /** Binary search in a best-first side; `index` is the match or the insertion point. */
  private search(side: BookSide, keys: readonly bigint[], key: bigint): { index: number; found: boolean } {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid];
      if (k === key) return { index: mid, found: true };
      const before = side === 'asks' ? k < key : k > key;
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, found: false };
  }
}
