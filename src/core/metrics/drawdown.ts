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

export function maxDrawdown(wealth: ArrayLike<number>): MaxDrawdown {
  let peak = -Infinity;
  let peakIndex = -1;
  let depth = 0;
  let bestPeak = -1;
  let trough = -1;
  for (let i = 0; i < wealth.length; i++) {
    // `>=` keeps the LAST sample at the high-water mark: the drawdown starts where the fall does.
    if (wealth[i] >= peak) {
      peak = wealth[i];
      peakIndex = i;
    }
    const d = drawdownAt(wealth[i], peak);
    if (d > depth) {
      depth = d;
      bestPeak = peakIndex;
      trough = i;
    }
  }
  if (depth === 0) return { depth: 0, peakIndex: null, troughIndex: null, recoveryIndex: null };
  let recoveryIndex: number | null = null;
  const peakWealth = wealth[bestPeak];
  for (let i = trough + 1; i < wealth.length; i++) {
    if (drawdownAt(wealth[i], peakWealth) === 0) {
      recoveryIndex = i;
      break;
    }
  }
  return { depth, peakIndex: bestPeak, troughIndex: trough, recoveryIndex };
}
