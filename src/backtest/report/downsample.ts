/**
 * Min/max downsampling for line charts: split the series into equal index buckets and keep
 * each bucket's lowest and highest point (in time order), plus the first and last points.
 * Unlike taking every k-th point, a one-bar spike or crash stays visible. Returns ascending
 * indices into the series, at most `maxPoints` of them (all indices when it already fits).
 */
export function minMaxIndices(values: ArrayLike<number>, maxPoints: number): number[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 4) {
    throw new RangeError(`downsample: maxPoints must be an integer >= 4, got ${maxPoints}`);
  }
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const interior = n - 2;
  const buckets = Math.floor((maxPoints - 2) / 2);
  const out = [0];
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * interior) / buckets);
    const hi = 1 + Math.floor(((b + 1) * interior) / buckets);
    if (hi <= lo) continue;
    let min = lo;
    let max = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (values[i] < values[min]) min = i;
      if (values[i] > values[max]) max = i;
    }
    if (min === max) out.push(min);
    else out.push(Math.min(min, max), Math.max(min, max));
  }
  out.push(n - 1);
  return out;
}
