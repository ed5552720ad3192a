import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * The kernel's only source of randomness (slippage and latency models, strategies that want
 * noise). Seeded from outside, and its state is part of a snapshot, so a restored run draws
 * exactly the numbers the uninterrupted run would have drawn.
 */
export class SeededRandom {
  private rng: RandomGenerator;

  private constructor(rng: RandomGenerator) {
    this.rng = rng;
  }

  static fromSeed(seed: number): SeededRandom {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    return new SeededRandom(xoroshiro128plus(seed | 0));
  }

  static fromState(state: readonly number[]): SeededRandom {
    return new SeededRandom(xoroshiro128plusFromState(state));
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  state(): number[] {
    return [...this.rng.getState()];
  }
}
