/** Crypto trades around the clock, so a year is 365.25 days of 24 hours. */
export const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;

/** Median spacing of ascending sample times in ms; null with fewer than 2 samples. */
export function medianInterval(time: ArrayLike<number>): number | null {
  if (time.length < 2) return null;
  const gaps = new Float64Array(time.length - 1);
  for (let i = 1; i < time.length; i++) gaps[i - 1] = time[i] - time[i - 1];
  const mid = gaps.length >> 1;
  // Selection instead of a full sort (one run's curve has a sample per candle): the same values
  // as sorted[mid] and sorted[mid - 1].
  const upper = select(gaps, mid);
  if (gaps.length % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (gaps[i] > lower) lower = gaps[i];
  return (lower + upper) / 2;
}

/**
 * Rearranges `a` so that a[k] is the k-th smallest value, everything before it <= a[k] and
 * everything after >= a[k] (quickselect, three-way partition: sampling gaps are mostly equal,
 * so a run of equal values is settled in one pass). Values must not be NaN.
 */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = median3(a[lo], a[(lo + hi) >> 1], a[hi]);
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const x = a[i];
      if (x < pivot) {
        a[i++] = a[lt];
        a[lt++] = x;
      } else if (x > pivot) {
        a[i] = a[gt];
        a[gt--] = x;
      } else i++;
    }
    // Now a[lo..lt) < pivot, a[lt..gt] == pivot, a(gt..hi] > pivot.
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[k];
}

function median3(x: number, y: number, z: number): number {
  return x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
}

/**
 * Return periods per year implied by the median sampling interval (hourly -> 24 x 365.25).
 * The median, not the mean, so a few gaps in the data do not change the annualisation.
 */
export function periodsPerYear(time: ArrayLike<number>): number | null {
  const interval = medianInterval(time);
  return interval === null ? null : YEAR_MS / interval;
}
