/**
 * Deterministic randomness for the simulator: ids, tokens and synthetic book quantities all come from
 * one seeded generator (mulberry32, 32-bit state), so a run with the
 * same seed and the same inputs produces the same ids byte for byte.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.nextUint32() & 0xff;
    return out;
  }
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Kraken-style transaction ids: prefix letter + 6-5-6 groups of upper-case letters/digits (`OUF4EM-FRGI2-MQMWZD`). */
export class IdGenerator {
  private readonly issued = new Set<string>();

  constructor(private readonly rng: SeededRandom) {}

  next(prefix: 'O' | 'T' | 'L' | 'A' | 'P'): string {
    for (;;) {
      let s = prefix;
      for (let i = 1; i < 17; i++) s += ID_CHARS[this.rng.int(ID_CHARS.length)];
      const id = `${s.slice(0, 6)}-${s.slice(6, 11)}-${s.slice(11, 17)}`;
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  /** WebSocket token: 43 base64 characters, like Kraken's (base64 of 32 bytes without padding). */
  token(): string {
    return Buffer.from(this.rng.bytes(32)).toString('base64').replace(/=+$/, '');
  }
}
