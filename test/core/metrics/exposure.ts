// Part of the batch reference the streaming metrics are checked against (batch-reference.ts);
// src/core/metrics/metrics-accumulator.ts computes time-weighted exposure as the run goes.
/**
 * Time-weighted exposure: sample i's value (share of equity in positions, or an in-position
 * flag as 1/0) holds over the period that follows it, (time[i], time[i+1]], because what is
 * held after a bar closes is what earns the next period's return. Weighted by each period's
 * length so that data gaps count for the time they span. Null with fewer than 2 samples.
 */
export function timeWeightedExposure(
  time: ArrayLike<number>,
  exposure: ArrayLike<number> | ArrayLike<boolean>,
): number | null {
  const n = time.length;
  if (n < 2) return null;
  let weighted = 0;
  for (let i = 1; i < n; i++) {
    const x = exposure[i - 1];
    weighted += (typeof x === 'boolean' ? (x ? 1 : 0) : x) * (time[i] - time[i - 1]);
  }
  return weighted / (time[n - 1] - time[0]);
}
