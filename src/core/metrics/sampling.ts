/** Crypto trades around the clock, so a year is 365.25 days of 24 hours. */
export const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

/**
 * Counts of each sampling gap, fed one sample time at a time, so the median interval of a
 * long run needs no array of gaps: a per-candle curve has a handful of distinct gaps (the
 * timeframe and the data gaps), whatever its length. The median is read from the counts in
 * gap order: the same value as sorted[mid] (and sorted[mid - 1] for an even count).
 */
export class IntervalCounts {
  private readonly counts = new Map<number, number>();
  private last = 0;
  private samples = 0;

  /** The next sample time (any order: a gap may be zero or negative). */
  push(time: number): void {
    if (this.samples > 0) {
      const gap = time - this.last;
      this.counts.set(gap, (this.counts.get(gap) ?? 0) + 1);
    }
    this.last = time;
    this.samples++;
  }

  /** Median gap in ms; null with fewer than 2 samples. */
  median(): number | null {
    const n = this.samples - 1;
    if (n < 1) return null;
    const gaps = [...this.counts.keys()].sort((a, b) => a - b);
    const mid = n >> 1;
    const upper = this.kth(gaps, mid);
    return n % 2 === 1 ? upper : (this.kth(gaps, mid - 1) + upper) / 2;
  }

  /** The k-th smallest gap (0-based), walking the distinct gaps in ascending order. */
  private kth(gaps: readonly number[], k: number): number {
    let seen = 0;
    for (const g of gaps) {
      seen += this.counts.get(g)!;
      if (k < seen) return g;
    }
    throw new Error(`IntervalCounts: gap ${k} of ${this.samples - 1} not found`);
  }
}

/** Median spacing of ascending sample times in ms; null with fewer than 2 samples. */
export function medianInterval(time: ArrayLike<number>): number | null {
  const counts = new IntervalCounts();
  for (let i = 0; i < time.length; i++) counts.push(time[i]);
  return counts.median();
}

/**
 * Return periods per year implied by the median sampling interval (hourly -> 24 x 365.25).
 * The median, not the mean, so a few gaps in the data do not change the annualisation.
 */
export function periodsPerYear(time: ArrayLike<number>): number | null {
  const interval = medianInterval(time);
  return interval === null ? null : YEAR_MS / interval;
}
