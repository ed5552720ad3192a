import { createCandleBatch, type CandleBatch } from '../../core/market/candle-batch.ts';
import { LOADER_COLUMNS } from './window-buffer.ts';

/**
 * Fills CandleBatches for the loader from a WindowBuffer's columns, block by block.
 * Callers append at most `room` rows at a time, hand `batch` over when `room` is 0, then
 * call `renew`. Target columns follow LOADER_COLUMNS.
 */
export class BatchWriter {
  batch: CandleBatch;
  private outs: Array<Float64Array | Uint16Array>;

  constructor(
    private readonly capacity: number,
    private readonly intervalMs: number,
    /** true: refill one batch object; false: a fresh batch after each hand-over. */
    private readonly reuse: boolean,
  ) {
    this.batch = createCandleBatch(capacity, intervalMs);
    this.outs = targets(this.batch);
  }

  private order = new Int32Array(0);

  private rowOrder(rows: number): Int32Array {
    if (this.order.length < rows) this.order = new Int32Array(Math.max(rows, this.capacity));
    return this.order;
  }

  get room(): number {
    return this.capacity - this.batch.length;
  }

  /** Starts the next batch after the full one was handed over. */
  renew(): void {
    if (this.reuse) this.batch.length = 0;
    else this.outs = targets((this.batch = createCandleBatch(this.capacity, this.intervalMs)));
  }

  /** Blocks of buffered rows (starts[b] .. starts[b] + lengths[b]) in that order, `rows` in all. */
  appendBlocks(columns: readonly Float64Array[], starts: Int32Array, lengths: Int32Array, blocks: number, rows: number): void {
    const first = this.batch.length;
    if (rows < blocks * SLICE_MIN) {
      // Mostly short blocks (pairs taking turns row by row): list the rows once, gather each column.
      const order = this.rowOrder(rows);
      for (let b = 0, k = 0; b < blocks; b++) for (let s = starts[b], e = s + lengths[b]; s < e; s++) order[k++] = s;
      for (let c = 0; c < LOADER_COLUMNS; c++) {
        const src = columns[c];
        const out = this.outs[c];
        for (let k = 0; k < rows; k++) out[first + k] = src[order[k]];
      }
      this.batch.length = first + rows;
      return;
    }
    for (let c = 0; c < LOADER_COLUMNS; c++) {
      const src = columns[c];
      const out = this.outs[c];
      let at = first;
      for (let b = 0; b < blocks; b++) {
        const s = starts[b];
        const n = lengths[b];
        if (n >= SLICE_MIN) out.set(src.subarray(s, s + n), at);
        else for (let k = 0; k < n; k++) out[at + k] = src[s + k];
        at += n;
      }
    }
    this.batch.length = first + rows;
  }
}

/** Blocks at least this long copy as a typed-array slice; shorter ones row by row (a slice costs an object). */
const SLICE_MIN = 32;

const targets = (b: CandleBatch): Array<Float64Array | Uint16Array> => [b.openTime, b.pair, b.open, b.high, b.low, b.close, b.volume, b.trades];
