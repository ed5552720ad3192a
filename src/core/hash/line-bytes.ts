import { SCALE_DECIMALS, type Fixed } from '../decimal/fixed.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The event log's open block as UTF-8 bytes in one growing buffer, written part by part.
 * The hash is over the block's UTF-8 bytes; building a line as a JS string first (a template
 * of ~20 parts and a `block += line` per event) made a chain of short-lived cons strings and
 * a 4 KB flattened copy per block, which was most of what an order + fill allocated. Writing
 * the same bytes here allocates nothing per line except a fixed value's digit text.
 * `chars` counts UTF-16 code units, as `string.length` did, because block edges are defined
 * in those units (snapshots of older runs carry blocks cut that way).
 */
export class LineBytes {
  bytes = new Uint8Array(16384);
  /** Bytes written. */
  n = 0;
  /** UTF-16 code units written (the length the same text has as a JS string). */
  chars = 0;

  private room(extra: number): void {
    if (this.n + extra <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.n + extra));
    next.set(this.bytes.subarray(0, this.n));
    this.bytes = next;
  }

  /** Writes a string as UTF-8 (ASCII byte by byte; anything else through TextEncoder, same bytes as Node's 'utf8'). */
  str(s: string): void {
    const len = s.length;
    this.room(len * 3);
    const b = this.bytes;
    let n = this.n;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        n += encoder.encodeInto(s.slice(i), b.subarray(n)).written;
        break;
      }
      b[n++] = c;
    }
    this.n = n;
    this.chars += len;
  }

  /** One ASCII character code. */
  char(code: number): void {
    this.room(1);
    this.bytes[this.n++] = code;
    this.chars++;
  }

  /** A number as `${x}` spells it; safe non-negative integers (times, sequence numbers) digit by digit. */
  num(x: number): void {
    if (!(x >= 0 && Number.isSafeInteger(x))) return this.str(String(x));
    this.room(16);
    if (x < 100_000_000) return this.int32(x, 0);
    // Millisecond times have 13 digits: the high part and the low 8 digits each fit 32-bit integer arithmetic.
    const hi = Math.floor(x / 100_000_000);
    this.int32(hi, 0);
    this.int32(x - hi * 100_000_000, 8);
  }

  /** 0 <= x < 2^31 in decimal, left-padded with zeros to `width` digits (0: no padding); the caller made room. */
  private int32(x: number, width: number): void {
    const b = this.bytes;
    let digits = 1;
    for (let t = x; t >= 10; t = (t / 10) | 0) digits++;
    if (digits < width) digits = width;
    let i = this.n + digits;
    this.n = i;
    this.chars += digits;
    let t = x;
    for (let d = 0; d < digits; d++) {
      const q = (t / 10) | 0;
      b[--i] = 48 + (t - q * 10);
      t = q;
    }
  }

  /** A fixed-point value exactly as `formatFixed(v)` spells it (no trailing zeros). */
  fixed(v: Fixed): void {
    const negative = v < 0n;
    const digits = (negative ? -v : v).toString();
    const len = digits.length;
    this.room(len + SCALE_DECIMALS + 3);
    const b = this.bytes;
    let n = this.n;
    const start = n;
    if (negative) b[n++] = 45; // '-'
    if (len <= SCALE_DECIMALS) {
      // 0.000ddd: leading zeros, then the digits without trailing zeros.
      let end = len;
      while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
      b[n++] = 48;
      if (end > 0) {
        b[n++] = 46;
        for (let z = len; z < SCALE_DECIMALS; z++) b[n++] = 48;
        for (let i = 0; i < end; i++) b[n++] = digits.charCodeAt(i);
      }
    } else {
      const point = len - SCALE_DECIMALS;
      for (let i = 0; i < point; i++) b[n++] = digits.charCodeAt(i);
      let end = len;
      while (end > point && digits.charCodeAt(end - 1) === 48) end--;
      if (end > point) {
        b[n++] = 46;
        for (let i = point; i < end; i++) b[n++] = digits.charCodeAt(i);
      }
    }
    this.chars += n - start;
    this.n = n;
  }

  /** The text of bytes [from, to) (for a sink or a snapshot; not on the hot path). */
  text(from: number, to: number): string {
    return decoder.decode(this.bytes.subarray(from, to));
  }

  reset(): void {
    this.n = 0;
    this.chars = 0;
  }
}
