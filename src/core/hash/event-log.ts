// Node's SHA-256 (OpenSSL): the same digest as a JS implementation, about five times faster on
// the event chain, which every order and fill feeds. Only hashing is used: no randomness.
import { createHash } from 'node:crypto';
import { LineBytes } from './line-bytes.ts';

/**
 * The run's canonical event log, reduced to a hash that is the same in every run and process
 * for the same inputs (DESIGN.md). Discrete events (orders, fills, cash flows, timers, mode
 * changes) are canonical text lines, chained through SHA-256 in blocks of about 4 KB:
 * digest' = sha256(digest | block). Block edges depend only on the lines, and a snapshot
 * carries the open block, so a restored run chains exactly like an uninterrupted one.
 * Candles are too many to hash as text, so each one is folded into two 32-bit lanes from the
 * bits of its fields, in stream order; the final hash covers both. Chaining (not a streaming
 * hasher) keeps the state a few plain values, so it snapshots and restores exactly, and the
 * result does not depend on how candles were split into batches.
 */
export class EventLog {
  private digest = '0'.repeat(64);
  /** The open block, as the UTF-8 bytes the chain hashes. */
  private readonly block = new LineBytes();
  private lineStart = 0;
  private lane1 = 0x811c9dc5 | 0;
  private lane2 = 0x01000193 | 0;
  private candles = 0;
  private lines = 0;
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  /** One candle's fields, for `candle` (which takes them as numbers), as six one-row columns. */
  private readonly row = Array.from({ length: 6 }, () => new Float64Array(1));

  constructor(private readonly sink?: (line: string) => void) {}

  /** Appends one discrete event, already in canonical form (no newlines). */
  append(line: string): void {
    const b = this.block;
    b.str(line);
    b.char(10);
    this.closeLine();
    this.sink?.(line);
  }

  /**
   * Starts one event line written part by part into the block (the hot order and fill lines:
   * no intermediate strings); `endLine` finishes it. The bytes must be those `append` would
   * write for the same text, so the hash cannot tell the two apart.
   */
  beginLine(): LineBytes {
    this.lineStart = this.block.n;
    return this.block;
  }

  endLine(): void {
    const b = this.block;
    const line = this.sink ? b.text(this.lineStart, b.n) : '';
    b.char(10);
    this.closeLine();
    this.sink?.(line);
  }

  private closeLine(): void {
    const b = this.block;
    if (b.chars >= BLOCK_CHARS) {
      this.digest = chain(this.digest, b);
      b.reset();
    }
    this.lines++;
  }

  /** Folds one candle into the market-data lanes (no allocation). */
  candle(pair: number, openTime: number, o: number, h: number, l: number, c: number, v: number): void {
    const r = this.row;
    r[0][0] = openTime;
    r[1][0] = o;
    r[2][0] = h;
    r[3][0] = l;
    r[4][0] = c;
    r[5][0] = v;
    this.candleRow(pair, r[0], r[1], r[2], r[3], r[4], r[5], 0);
  }

  /**
   * `candle` for row `i` of a batch's columns: the kernel's candle loop calls this one. A call
   * that is not inlined boxes every float argument (16 bytes each, six per candle), while
   * arrays and an index pass as they are.
   */
  candleRow(pair: number, ot: ArrayLike<number>, o: ArrayLike<number>, h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, v: ArrayLike<number>, i: number): void {
    let a = this.lane1;
    let b = this.lane2;
    a = mix(a, pair);
    b = mix2(b, pair);
    const f = this.f64;
    const u = this.u32;
    f[0] = ot[i]; a = mix(a, u[0]); b = mix2(b, u[1]);
    f[0] = o[i]; a = mix(a, u[0]); b = mix2(b, u[1]);
    f[0] = h[i]; a = mix(a, u[1]); b = mix2(b, u[0]);
    f[0] = l[i]; a = mix(a, u[0]); b = mix2(b, u[1]);
    f[0] = c[i]; a = mix(a, u[1]); b = mix2(b, u[0]);
    f[0] = v[i]; a = mix(a, u[0]); b = mix2(b, u[1]);
    this.lane1 = a;
    this.lane2 = b;
    this.candles++;
  }

  eventCount(): number {
    return this.lines;
  }

  candleCount(): number {
    return this.candles;
  }

  /** The run hash: SHA-256 over the event chain, the market lanes and the counts. */
  hash(): string {
    const lanes = `${(this.lane1 >>> 0).toString(16)}:${(this.lane2 >>> 0).toString(16)}`;
    const digest = this.block.n > 0 ? chain(this.digest, this.block) : this.digest;
    return sha256Hex(`${digest}|${lanes}|${this.candles}|${this.lines}`);
  }

  snapshot(): EventLogSnapshot {
    return { digest: this.digest, block: this.block.text(0, this.block.n), lane1: this.lane1, lane2: this.lane2, candles: this.candles, lines: this.lines };
  }

  restore(s: EventLogSnapshot): void {
    this.digest = s.digest;
    this.block.reset();
    this.block.str(s.block ?? '');
    this.lane1 = s.lane1;
    this.lane2 = s.lane2;
    this.candles = s.candles;
    this.lines = s.lines;
  }
}

export interface EventLogSnapshot {
  digest: string;
  block?: string;
  lane1: number;
  lane2: number;
  candles: number;
  lines: number;
}

const BLOCK_CHARS = 4096;

/** sha256(digest | block): the digest text and the block's bytes fed in turn (the same digest as hashing the joined text). */
function chain(digest: string, block: LineBytes): string {
  return createHash('sha256').update(digest + '|', 'utf8').update(block.bytes.subarray(0, block.n)).digest('hex');
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function mix(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x85ebca6b);
  return h ^ (h >>> 13);
}

function mix2(h: number, w: number): number {
  h = Math.imul(h ^ w, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
