import { OPEN_TIME, PAIR, type WindowBuffer } from './window-buffer.ts';

/**
 * k-way merge of a WindowBuffer's runs by (open time, pair index), ties by run order (stable),
 * handed out as blocks of consecutive buffer rows so long stretches copy as slices.
 *
 * A binary heap of runs keyed by each run's next row. Galloping: once a run is on top, it
 * keeps giving rows while they sort before the best other run's next row, so runs that do not
 * overlap (DuckDB's parallel scan delivers a table's row groups as interleaved chunks) cost a
 * comparison per row and one heap step per block. No allocation after init.
 */
export class RunMerger {
  /** Rows in the blocks of the last fill. */
  rows = 0;
  private heap = new Int32Array(0);
  private next = new Int32Array(0);
  private end = new Int32Array(0);
  /** Key of each run's next row, kept beside the heap so comparisons need no indirection. */
  private headOt = new Float64Array(0);
  private headPair = new Float64Array(0);
  private size = 0;
  private ot = new Float64Array(0);
  private pair = new Float64Array(0);

  /** Starts merging `buffer`'s runs; the buffer must not change until the merge is drained. */
  init(buffer: WindowBuffer): void {
    const runs = buffer.runStarts.length;
    if (this.heap.length < runs) {
      this.heap = new Int32Array(runs);
      this.next = new Int32Array(runs);
      this.end = new Int32Array(runs);
      this.headOt = new Float64Array(runs);
      this.headPair = new Float64Array(runs);
    }
    for (let r = 0; r < runs; r++) {
      this.next[r] = buffer.runStarts[r];
      this.end[r] = r + 1 < runs ? buffer.runStarts[r + 1] : buffer.length;
    }
    this.ot = buffer.columns[OPEN_TIME];
    this.pair = buffer.columns[PAIR];
    for (let r = 0; r < runs; r++) {
      this.headOt[r] = this.ot[this.next[r]];
      this.headPair[r] = this.pair[this.next[r]];
    }
    this.size = 0;
    for (let r = 0; r < runs; r++) if (this.next[r] < this.end[r]) this.heap[this.size++] = r;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /**
   * Writes the next blocks (buffer rows starts[b] .. starts[b] + lengths[b]) into the two
   * arrays, at most `max` rows in all (sets `rows`); returns how many blocks, 0 when done.
   * The arrays need room for `max` blocks.
   */
  fill(starts: Int32Array, lengths: Int32Array, max: number): number {
    const { heap, next, end, ot, pair, headOt, headPair } = this;
    let rows = 0;
    let blocks = 0;
    while (rows < max && this.size > 0) {
      const r = heap[0];
      const i = next[r];
      const stop = Math.min(end[r], i + (max - rows));
      let j = i + 1;
      if (this.size === 1) j = stop;
      else {
        let b = heap[1];
        if (this.size > 2 && this.before(heap[2], b)) b = heap[2];
        const bt = headOt[b];
        const bp = headPair[b];
        const rFirst = r < b;
        while (j < stop) {
          const t = ot[j];
          if (t < bt || (t === bt && (pair[j] < bp || (pair[j] === bp && rFirst)))) j++;
          else break;
        }
      }
      starts[blocks] = i;
      lengths[blocks++] = j - i;
      rows += j - i;
      next[r] = j;
      if (j === end[r]) heap[0] = heap[--this.size];
      else {
        headOt[r] = ot[j];
        headPair[r] = pair[j];
      }
      if (this.size > 1) this.siftDown(0);
    }
    this.rows = rows;
    return blocks;
  }

  /** Run a's next row sorts before run b's. */
  private before(a: number, b: number): boolean {
    const ti = this.headOt[a];
    const tj = this.headOt[b];
    if (ti !== tj) return ti < tj;
    const pi = this.headPair[a];
    const pj = this.headPair[b];
    return pi !== pj ? pi < pj : a < b;
  }

  private siftDown(at: number): void {
    const heap = this.heap;
    const size = this.size;
    const r = heap[at];
    let i = at;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.before(heap[right], heap[left]) ? right : left;
      if (!this.before(heap[child], r)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = r;
  }
}
