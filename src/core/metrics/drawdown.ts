import { NOISE } from './noise.ts';

/**
 * Drawdowns of the time-weighted wealth index (period-returns.ts), not of raw equity, so a
 * withdrawal is not mistaken for a loss. Drawdown_i = 1 - W_i / max(W_0..W_i), in [0, 1].
 */
export interface MaxDrawdown {
  /** Deepest drawdown, in [0, 1]; 0 when the wealth never fell. */
  readonly depth: number;
  /** Last sample at the running peak before the trough; null when depth is 0. */
  readonly peakIndex: number | null;
  readonly troughIndex: number | null;
  /** First sample after the trough back at (or above) the peak; null if never recovered. */
  readonly recoveryIndex: number | null;
}

function drawdownAt(wealth: number, peak: number): number {
  if (peak <= 0) return 0;
  const depth = 1 - wealth / peak;
  return depth <= NOISE ? 0 : Math.min(1, depth);
}

/** Drawdown per sample (0 = at a new high, 0.25 = 25 % below the running peak). */
export function drawdownSeries(wealth: ArrayLike<number>): Float64Array {
  const out = new Float64Array(wealth.length);
  let peak = -Infinity;
  for (let i = 0; i < wealth.length; i++) {
    peak = Math.max(peak, wealth[i]);
    out[i] = drawdownAt(wealth[i], peak);
  }
  return out;
}

/**
 * The deepest drawdown of a wealth index fed one sample at a time (no array of wealth kept).
 * The recovery is the first sample after the current trough back at the peak of that
 * drawdown; a deeper drawdown later replaces trough and peak and starts the search again, so
 * the result is the one a search after the final trough finds. Each sample comes with the
 * value its position is reported as (its index by default; a run passes its time).
 */
export class DrawdownTracker {
  private peak = -Infinity;
  private peakAt = 0;
  private depth = 0;
  private bestPeak = 0;
  private bestPeakWealth = 0;
  private trough = 0;
  private recovered = false;
  private recovery = 0;
  private index = 0;

  push(wealth: number, at: number = this.index): void {
    this.index++;
    // `>=` keeps the LAST sample at the high-water mark: the drawdown starts where the fall does.
    if (wealth >= this.peak) {
      this.peak = wealth;
      this.peakAt = at;
    }
    const d = drawdownAt(wealth, this.peak);
    if (d > this.depth) {
      this.depth = d;
      this.bestPeak = this.peakAt;
      this.bestPeakWealth = this.peak;
      this.trough = at;
      this.recovered = false;
    } else if (this.depth > 0 && !this.recovered && drawdownAt(wealth, this.bestPeakWealth) === 0) {
      this.recovered = true;
      this.recovery = at;
    }
  }

  result(): MaxDrawdown {
    if (this.depth === 0) return { depth: 0, peakIndex: null, troughIndex: null, recoveryIndex: null };
    return { depth: this.depth, peakIndex: this.bestPeak, troughIndex: this.trough, recoveryIndex: this.recovered ? this.recovery : null };
  }
}

export function maxDrawdown(wealth: ArrayLike<number>): MaxDrawdown {
  const tracker = new DrawdownTracker();
  for (let i = 0; i < wealth.length; i++) tracker.push(wealth[i]);
  return tracker.result();
}
