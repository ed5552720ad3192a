/**
 * A Kraken-style call counter: each call adds a cost, the counter decays linearly over time, and a
 * call that would push it above the maximum is refused (and not counted). Time is injected (simulator
 * milliseconds) so tests are deterministic. Used for the per-key REST counter (README 7.1) and the
 * per-pair matching-engine counter (README 7.2).
 */
export class DecayingCounter {
  private value = 0;
  private at: number;

  constructor(
    readonly max: number,
    readonly decayPerSecond: number,
    startMs: number,
  ) {
    this.at = startMs;
  }

  /** Current value after decay up to `nowMs`. */
  current(nowMs: number): number {
    if (nowMs > this.at) {
      this.value = Math.max(0, this.value - ((nowMs - this.at) / 1000) * this.decayPerSecond);
      this.at = nowMs;
    }
    return this.value;
  }

  /** Adds `cost` if that keeps the counter within max; returns false (unchanged) when it would exceed. */
  tryAdd(cost: number, nowMs: number): boolean {
    const v = this.current(nowMs);
    if (v + cost > this.max) return false;
    this.value = v + cost;
    return true;
  }

  /** Adds unconditionally (cancel penalties are charged even at the limit). */
  add(cost: number, nowMs: number): void {
    this.value = this.current(nowMs) + cost;
  }
}

export type Tier = 'starter' | 'intermediate' | 'pro';

/** REST call counter limits per tier (README 7.1). */
export const REST_TIERS: Record<Tier, { max: number; decay: number }> = {
  starter: { max: 15, decay: 0.33 },
  intermediate: { max: 20, decay: 0.5 },
  pro: { max: 20, decay: 1 },
};

/** Matching-engine limits per tier (README 7.2). */
export const TRADING_TIERS: Record<Tier, { threshold: number; decay: number; maxOpenOrders: number }> = {
  starter: { threshold: 60, decay: 1, maxOpenOrders: 60 },
  intermediate: { threshold: 125, decay: 2.34, maxOpenOrders: 80 },
  pro: { threshold: 180, decay: 3.75, maxOpenOrders: 225 },
};

/** Extra matching-engine cost of cancelling an order of a given age (README 7.2 table). */
export function cancelPenalty(ageMs: number): number {
  const s = ageMs / 1000;
  if (s < 5) return 8;
  if (s < 10) return 6;
  if (s < 15) return 5;
  if (s < 45) return 4;
  if (s < 90) return 2;
  if (s < 300) return 1;
  return 0;
}

/** Cost of amending an order of a given age: +1 fixed plus the age penalty. */
export function amendCost(ageMs: number): number {
  const s = ageMs / 1000;
  if (s < 5) return 4;
  if (s < 10) return 3;
  if (s < 15) return 2;
  return 1;
}
