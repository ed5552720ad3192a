import type { Ring } from '../../../src/core/regime/ring.ts';

/**
 * Plain definitions of the indicators, written out the obvious way: the reference the
 * trading-signals adapter is checked against (they were the hand-written indicators before).
 */

/** Mean of the `n` newest values, skipping `skip` newest; NaN when fewer are held. */
export function mean(r: Ring, n: number, skip = 0): number {
  if (r.count < n + skip) return NaN;
  let s = 0;
  for (let i = skip; i < n + skip; i++) s += r.at(i);
  return s / n;
}

/** Sample standard deviation of the `n` newest values; NaN when fewer than max(2, n) are held. */
export function stdev(r: Ring, n: number): number {
  if (n < 2 || r.count < n) return NaN;
  const m = mean(r, n);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (r.at(i) - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** Largest (or smallest) of the `n` newest values after skipping `skip`; NaN when fewer are held. */
export function extreme(r: Ring, n: number, kind: 'max' | 'min', skip = 0): number {
  if (r.count < n + skip) return NaN;
  let v = r.at(skip);
  for (let i = skip + 1; i < n + skip; i++) v = kind === 'max' ? Math.max(v, r.at(i)) : Math.min(v, r.at(i));
  return v;
}

/** Standard deviation of log returns over the `n` newest steps (needs n + 1 values). */
export function logReturnVol(r: Ring, n: number): number {
  if (n < 2 || r.count < n + 1) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(r.at(i) / r.at(i + 1));
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (Math.log(r.at(i) / r.at(i + 1)) - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** Simple return over `n` steps: newest / value n steps back - 1. */
export function change(r: Ring, n: number): number {
  if (r.count < n + 1) return NaN;
  return r.at(0) / r.at(n) - 1;
}
