import type { SeededRandom } from '../../random/seeded-random.ts';

/** Time from a command leaving the kernel to it reaching the venue (ms). */
export interface LatencyModel {
  sample(random: SeededRandom): number;
}

export class FixedLatency implements LatencyModel {
  constructor(readonly ms: number) {
    if (!(ms >= 0)) throw new RangeError(`latency must be >= 0 ms, got ${ms}`);
  }
  sample(): number {
    return this.ms;
  }
}

/** Uniform in [minMs, maxMs], rounded to whole ms, from the seeded generator. */
export class UniformLatency implements LatencyModel {
  constructor(readonly minMs: number, readonly maxMs: number) {
    if (!(minMs >= 0 && maxMs >= minMs)) throw new RangeError(`latency range must satisfy 0 <= min <= max, got ${minMs}..${maxMs}`);
  }
  sample(random: SeededRandom): number {
    return Math.round(random.between(this.minMs, this.maxMs));
  }
}
