/**
 * Logistic-regression baseline: standardised features, L2 penalty, fitted by Newton's method
 * (iteratively reweighted least squares) with a fixed iteration cap. No randomness and a fixed
 * order of operations, so the same data gives the same coefficients bit for bit.
 */
export interface LogisticModel {
  readonly kind: 'logistic';
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  /** Intercept first, then one weight per standardised feature. */
  readonly weights: readonly number[];
  readonly iterations: number;
}

export interface LogisticOptions {
  readonly l2?: number;
  readonly maxIter?: number;
}

export function fitLogistic(x: Float64Array, y: ArrayLike<number>, rows: number, width: number, opts: LogisticOptions = {}): LogisticModel {
  if (rows < 2) throw new Error('logistic regression: needs at least two rows');
  const l2 = opts.l2 ?? 1;
  const mean = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) mean[j] += x[i * width + j];
  for (let j = 0; j < width; j++) mean[j] /= rows;
  for (let i = 0; i < rows; i++) for (let j = 0; j < width; j++) scale[j] += (x[i * width + j] - mean[j]) ** 2;
  for (let j = 0; j < width; j++) scale[j] = Math.sqrt(scale[j] / rows) || 1;
  const d = width + 1;
  const w = new Float64Array(d);
  const z = new Float64Array(d);
  let iter = 0;
  for (; iter < (opts.maxIter ?? 50); iter++) {
    const grad = new Float64Array(d);
    const hess = new Float64Array(d * d);
    for (let i = 0; i < rows; i++) {
      z[0] = 1;
      for (let j = 0; j < width; j++) z[j + 1] = (x[i * width + j] - mean[j]) / scale[j];
      let m = 0;
      for (let k = 0; k < d; k++) m += w[k] * z[k];
      const p = 1 / (1 + Math.exp(-m));
      const g = p - y[i];
      const h = Math.max(p * (1 - p), 1e-12);
      for (let a = 0; a < d; a++) {
        grad[a] += g * z[a];
        for (let b = 0; b <= a; b++) hess[a * d + b] += h * z[a] * z[b];
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hess[b * d + a] = hess[a * d + b];
    for (let a = 1; a < d; a++) {
      grad[a] += l2 * w[a];
      hess[a * d + a] += l2;
    }
    const step = solve(hess, grad, d);
    let biggest = 0;
    for (let k = 0; k < d; k++) {
      w[k] -= step[k];
      biggest = Math.max(biggest, Math.abs(step[k]));
    }
    if (biggest < 1e-10) {
      iter++;
      break;
    }
  }
  return { kind: 'logistic', mean, scale, weights: Array.from(w), iterations: iter };
}

export function predictLogistic(m: LogisticModel, row: ArrayLike<number>): number {
  let s = m.weights[0];
  for (let j = 0; j < m.mean.length; j++) s += m.weights[j + 1] * ((row[j] - m.mean[j]) / m.scale[j]);
  return 1 / (1 + Math.exp(-s));
}

/** Gaussian elimination with partial pivoting on a small dense system (a copy; inputs untouched). */
function solve(aIn: Float64Array, bIn: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(aIn);
  const b = Float64Array.from(bIn);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    if (a[p * n + c] === 0) throw new Error('logistic regression: singular system (a constant or duplicated feature?)');
    if (p !== c) {
      for (let k = 0; k < n; k++) [a[c * n + k], a[p * n + k]] = [a[p * n + k], a[c * n + k]];
      [b[c], b[p]] = [b[p], b[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  const out = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * out[k];
    out[r] = s / a[r * n + r];
  }
  return out;
}
