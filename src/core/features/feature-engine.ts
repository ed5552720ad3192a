import { parseFormula, FormulaCalc, type CandleValues } from './formulas.ts';
import type { FeatureSpec } from './feature-spec.ts';

/**
 * Computes a spec's features incrementally, one closed candle at a time, for one series.
 * The only feature code path: batch matrices (training, backtests) are built by pushing the
 * stored candles through this engine in order, and a live strategy pushes each bar as it
 * closes. `push` returns a row reused between calls (NaN where history is still short).
 */
export class FeatureEngine {
  private readonly calcs: FormulaCalc[];
  private readonly row: Float64Array;
  bars = 0;

  constructor(readonly spec: FeatureSpec) {
    this.calcs = spec.features.map((f) => new FormulaCalc(parseFormula(f.formula)));
    this.row = new Float64Array(this.calcs.length);
  }

  get width(): number {
    return this.calcs.length;
  }

  push(c: CandleValues): Float64Array {
    for (let i = 0; i < this.calcs.length; i++) this.row[i] = this.calcs[i].update(c);
    this.bars++;
    return this.row;
  }

  /** Every feature has a value (the warm-up is over and no input was degenerate). */
  ready(): boolean {
    for (let i = 0; i < this.row.length; i++) if (!Number.isFinite(this.row[i])) return false;
    return this.bars > 0;
  }

  snapshot(): unknown {
    return { bars: this.bars, calcs: this.calcs.map((c) => c.snapshot()) };
  }

  restore(state: unknown): void {
    const s = state as { bars: number; calcs: ReturnType<FormulaCalc['snapshot']>[] };
    if (!s || !Array.isArray(s.calcs) || s.calcs.length !== this.calcs.length) throw new Error('feature engine: snapshot does not match this spec');
    this.bars = s.bars;
    s.calcs.forEach((c, i) => this.calcs[i].restore(c));
  }
}
