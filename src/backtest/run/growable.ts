/** Largest column: V8 refuses resizable ArrayBuffers above 2 GiB here (268M samples). */
const MAX_BYTES = 2 ** 31;
const FIRST_BYTES = 8 * 1024;

/** ES2024 resizable ArrayBuffer (Node 20 has it; the project's TypeScript lib predates it). */
interface ResizableBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableBuffer;

/**
 * An append-only Float64 column on a resizable ArrayBuffer: V8 reserves the address space
 * once and commits pages as the column grows, so growing never copies and `finish()` hands out
 * the data itself. (Chunks copied into one exact array at the end held every sample twice at
 * the peak: 24 bytes per bar of equity curve, the largest per-bar cost of a long run.)
 */
export class GrowableColumn {
  private readonly buffer: ResizableBuffer;
  private data: Float64Array;
  private capacity: number;
  private finished = false;
  length = 0;

  constructor() {
    this.buffer = new ResizableArrayBuffer(FIRST_BYTES, { maxByteLength: MAX_BYTES });
    this.data = new Float64Array(this.buffer);
    this.capacity = FIRST_BYTES / 8;
  }

  push(x: number): void {
    if (this.length === this.capacity) this.grow();
    this.data[this.length++] = x;
  }

  private grow(): void {
    if (this.finished) throw new Error('GrowableColumn: push after finish()');
    const bytes = this.buffer.byteLength;
    if (bytes >= MAX_BYTES) throw new RangeError(`GrowableColumn: more than ${MAX_BYTES / 8} samples in one column`);
    this.buffer.resize(Math.min(MAX_BYTES, bytes * 2));
    this.capacity = this.buffer.byteLength / 8;
  }

  /** A copy of the samples so far; pushing more does not change it. */
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }

  /** The samples themselves, without a copy (the spare capacity is given back); no push after it. */
  finish(): Float64Array {
    this.finished = true;
    this.buffer.resize(this.length * 8);
    this.capacity = this.length;
    return this.data;
  }
}
