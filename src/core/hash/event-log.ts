import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The run's canonical event log, reduced to a hash that is the same in every run and process
 * for the same inputs (DESIGN.md). Discrete events (orders, fills, cash flows, timers, mode
 * changes) are canonical text lines chained through SHA-256: digest' = sha256(digest | line).
 * Candles are too many to hash as text, so each one is folded into two 32-bit lanes from the
 * bits of its fields, in stream order; the final hash covers both. Chaining (not a streaming
 * hasher) keeps the state a few plain values, so it snapshots and restores exactly, and the
 * result does not depend on how candles were split into batches.
 */
export class EventLog {
  private digest = '0'.repeat(64);
  private lane1 = 0x811c9dc5 | 0;
  private lane2 = 0x01000193 | 0;
  private candles = 0;
  private lines = 0;
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);

  constructor(private readonly sink?: (line: string) => void) {}

  /** Appends one discrete event, already in canonical form (no newlines). */
  append(line: string): void {
    this.digest = bytesToHex(sha256(utf8ToBytes(this.digest + '|' + line)));
    this.lines++;
    this.sink?.(line);
  }

  /** Folds one candle into the market-data lanes (hot path: no allocation). */
  candle(pair: number, openTime: number, o: number, h: number, l: number, c: number, v: number): void {
    let a = this.lane1;
    let b = this.lane2;
    a = mix(a, pair);
    b = mix2(b, pair);
    const f = this.f64;
    const u = this.u32;
    f[0] = openTime; a = mix(a, u[0]); b = mix2(b, u[1]);
    f[0] = o; a = mix(a, u[0]); b = mix2(b, u[1]);
    f[0] = h; a = mix(a, u[1]); b = mix2(b, u[0]);
    f[0] = l; a = mix(a, u[0]); b = mix2(b, u[1]);
    f[0] = c; a = mix(a, u[1]); b = mix2(b, u[0]);
    f[0] = v; a = mix(a, u[0]); b = mix2(b, u[1]);
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
    return bytesToHex(sha256(utf8ToBytes(`${this.digest}|${lanes}|${this.candles}|${this.lines}`)));
  }

  snapshot(): EventLogSnapshot {
    return { digest: this.digest, lane1: this.lane1, lane2: this.lane2, candles: this.candles, lines: this.lines };
  }

  restore(s: EventLogSnapshot): void {
    this.digest = s.digest;
    this.lane1 = s.lane1;
    this.lane2 = s.lane2;
    this.candles = s.candles;
    this.lines = s.lines;
  }
}

export interface EventLogSnapshot {
  digest: string;
  lane1: number;
  lane2: number;
  candles: number;
  lines: number;
}

function mix(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x85ebca6b);
  return h ^ (h >>> 13);
}

function mix2(h: number, w: number): number {
  h = Math.imul(h ^ w, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
