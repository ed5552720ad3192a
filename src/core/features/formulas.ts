/**
 * Feature formulas as incremental calculators over closed candles. Each keeps a ring of the
 * history it declares and returns NaN until it has it; the same object serves a backtest
 * (fed a stored series bar by bar) and a live session (fed each bar as it closes), so the
 * two cannot disagree. Nothing here can see a bar that has not been pushed yet.
 */
export interface CandleValues {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export interface Formula {
  readonly kind: FormulaKind;
  readonly n: number;
}

export const FORMULA_KINDS = ['ret', 'vol', 'sma_gap', 'rsi', 'range', 'volume_z'] as const;
export type FormulaKind = (typeof FORMULA_KINDS)[number];

/** Parses "kind(n)", n a whole number >= 1 (>= 2 for vol and volume_z). */
export function parseFormula(text: string): Formula {
  const m = /^([a-z_]+)\((\d+)\)$/.exec(text.replace(/\s+/g, ''));
  if (!m || !(FORMULA_KINDS as readonly string[]).includes(m[1])) {
    throw new Error(`formula "${text}": expected one of ${FORMULA_KINDS.map((k) => `${k}(n)`).join(', ')}`);
  }
  const n = Number(m[2]);
  const min = m[1] === 'vol' || m[1] === 'volume_z' ? 2 : 1;
  if (n < min || n > 5000) throw new Error(`formula "${text}": n must be between ${min} and 5000`);
  return { kind: m[1] as FormulaKind, n };
}

/** Bars of history besides the current one the formula reads. */
export function formulaLookback(f: Formula): number {
  switch (f.kind) {
    case 'ret':
    case 'vol':
    case 'rsi':
      return f.n; // n one-bar changes need n + 1 closes
    case 'sma_gap':
    case 'range':
    case 'volume_z':
      return f.n - 1;
  }
}

/** Fixed-capacity ring of the last values pushed (oldest first via at(0)). */
class Ring {
  private readonly buf: Float64Array;
  private start = 0;
  size = 0;
  constructor(readonly capacity: number) {
    this.buf = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.size < this.capacity) this.buf[(this.start + this.size++) % this.capacity] = v;
    else {
      this.buf[this.start] = v;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  /** i = 0 is the oldest kept value. */
  at(i: number): number {
    return this.buf[(this.start + i) % this.capacity];
  }
  full(): boolean {
    return this.size === this.capacity;
  }
  snapshot(): number[] {
    return Array.from({ length: this.size }, (_, i) => this.at(i));
  }
  restore(values: readonly number[]): void {
    this.start = 0;
    this.size = 0;
    for (const v of values) this.push(v);
  }
}

/** One formula's running state. `update` takes the bar that just closed and returns the feature value. */
export class FormulaCalc {
  private readonly ring: Ring;
  private prevClose = NaN;

  constructor(readonly formula: Formula) {
    this.ring = new Ring(formula.kind === 'ret' ? formula.n + 1 : formula.n);
  }

  update(c: CandleValues): number {
    const { kind, n } = this.formula;
    const r = this.ring;
    switch (kind) {
      case 'ret':
        r.push(c.close);
        return r.full() ? Math.log(r.at(n) / r.at(0)) : NaN;
      case 'vol':
      case 'rsi': {
        const step = Number.isNaN(this.prevClose) ? NaN : kind === 'vol' ? Math.log(c.close / this.prevClose) : c.close - this.prevClose;
        this.prevClose = c.close;
        if (Number.isNaN(step)) return NaN;
        r.push(step);
        if (!r.full()) return NaN;
        return kind === 'vol' ? stdDev(r) : rsi(r);
      }
      case 'sma_gap': {
        r.push(c.close);
        if (!r.full()) return NaN;
        let s = 0;
        for (let i = 0; i < n; i++) s += r.at(i);
        return c.close / (s / n) - 1;
      }
      case 'range': {
        r.push((c.high - c.low) / c.close);
        if (!r.full()) return NaN;
        let s = 0;
        for (let i = 0; i < n; i++) s += r.at(i);
        return s / n;
      }
      case 'volume_z': {
        r.push(Math.log1p(Math.max(0, c.volume)));
        if (!r.full()) return NaN;
        const sd = stdDev(r);
        let s = 0;
        for (let i = 0; i < n; i++) s += r.at(i);
        return sd > 0 ? (r.at(n - 1) - s / n) / sd : 0;
      }
    }
  }

  snapshot(): { ring: number[]; prevClose: number | null } {
    return { ring: this.ring.snapshot(), prevClose: Number.isNaN(this.prevClose) ? null : this.prevClose };
  }

  restore(s: { ring: number[]; prevClose: number | null }): void {
    this.ring.restore(s.ring);
    this.prevClose = s.prevClose ?? NaN;
  }
}

function stdDev(r: Ring): number {
  let s = 0;
  for (let i = 0; i < r.size; i++) s += r.at(i);
  const m = s / r.size;
  let q = 0;
  for (let i = 0; i < r.size; i++) q += (r.at(i) - m) ** 2;
  return Math.sqrt(q / (r.size - 1));
}

/** Cutler's RSI (simple averages over the window), scaled to [0, 1]; 0.5 when nothing moved. */
function rsi(r: Ring): number {
  let up = 0;
  let down = 0;
  for (let i = 0; i < r.size; i++) {
    const d = r.at(i);
    if (d > 0) up += d;
    else down -= d;
  }
  return up + down === 0 ? 0.5 : up / (up + down);
}
