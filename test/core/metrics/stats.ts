/**
 * The batch statistics the metrics used before they were computed as a stream
 * (src/core/metrics/metrics-accumulator.ts now sums in sample order): kept with the tests as part
 * of the reference the accumulator is checked against (batch-reference.ts).
 */
/** Arithmetic mean; null for an empty sample. */
export function mean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** Sample standard deviation (n - 1 denominator); null with fewer than 2 values. */
export function sampleStdDev(values: ArrayLike<number>): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * Downside deviation below `target` over the FULL sample: sqrt(sum(min(0, r - target)^2) / n).
 * Periods above the target count as zero, not as missing. Null for an empty sample.
 */
export function downsideDeviation(values: ArrayLike<number>, target = 0): number | null {
  if (values.length === 0) return null;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const shortfall = Math.min(0, values[i] - target);
    squares += shortfall * shortfall;
  }
  return Math.sqrt(squares / values.length);
}
