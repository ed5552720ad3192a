import { formatFixed, ONE, ZERO, type Fixed } from '../decimal/fixed.ts';
import { StrategyBooks, type BookFill } from '../risk/strategy-books.ts';

/** A fill with its time, as attribution needs it (the kernel's FillRecord is one). */
export interface AttributionFill extends BookFill {
  readonly time: number;
}

/** One strategy's share of a run. Money in the account currency. */
export interface StrategyAttribution {
  readonly strategy: string;
  readonly fills: number;
  /** Cash flow of its fills plus its positions at the last marks (fees included). */
  readonly pnl: number;
  /** Fees of its fills, exact. */
  readonly fees: string;
  /** Time-weighted mean of its position value over account equity. */
  readonly exposure: number;
  /** Traded notional over mean account equity. */
  readonly turnover: number;
  /** Largest peak-to-trough fall of its PnL curve, in money and as a share of equity at the peak. */
  readonly maxDrawdown: number;
  readonly maxDrawdownPct: number;
}

/** What happened while one regime was in force (the regime recorded before each interval). */
export interface RegimeAttribution {
  readonly regime: string;
  /** Share of the run's time spent in it. */
  readonly timeShare: number;
  readonly fills: number;
  /** Change of account equity over its intervals. */
  readonly pnl: number;
  readonly fees: string;
  readonly exposure: number;
  readonly turnover: number;
  /** Largest fall of the equity change accumulated over its intervals only. */
  readonly maxDrawdown: number;
  /** PnL of each strategy over its intervals. */
  readonly pnlByStrategy: Readonly<Record<string, number>>;
}

export interface Attribution {
  readonly strategies: readonly StrategyAttribution[];
  readonly regimes: readonly RegimeAttribution[];
}

/** Regime label before the strategy recorded any (warm-up) or for strategies that record none. */
export const NO_REGIME = '(none)';

interface Acc {
  fills: number;
  fees: Fixed;
  notional: number;
  exposureTime: number;
  equityTime: number;
  time: number;
  pnl: number;
  peak: number;
  drawdown: number;
  peakEquity: number;
  drawdownPct: number;
}

/**
 * A regime's accumulators; byStrategy per book index. Every sample covers all books so far and
 * books only get added, so the strategies sampled in a regime are always a prefix 0..length-1.
 */
interface RegimeAcc extends Acc {
  readonly name: string;
  byStrategy: number[];
}

const acc = (): Acc => ({ fills: 0, fees: ZERO, notional: 0, exposureTime: 0, equityTime: 0, time: 0, pnl: 0, peak: 0, drawdown: 0, peakEquity: 0, drawdownPct: 0 });

function trackDrawdown(a: Acc, level: number, equity: number): void {
  if (level > a.peak || a.peakEquity === 0) {
    if (level > a.peak) a.peak = level;
    a.peakEquity = equity;
  }
  const dd = a.peak - level;
  if (dd > a.drawdown) a.drawdown = dd;
  if (a.peakEquity > 0 && dd / a.peakEquity > a.drawdownPct) a.drawdownPct = dd / a.peakEquity;
}

/**
 * PnL, fees, exposure, turnover and drawdown per strategy id (from the strategyId every order
 * carries) and per regime (from the strategy's recorded `regime` series), computed as a run
 * goes: fills feed one book per strategy (StrategyBooks: the books add up to the account),
 * and every equity sample marks the books, so memory stays flat over long runs. Pure.
 * Strategy PnL sums to the account's PnL when every fill is attributed (property-tested).
 */
export class AttributionTracker {
  private readonly books: StrategyBooks;
  /** Per book index (StrategyBooks order): accumulators, last value and last position value. */
  private readonly strategy: Acc[] = [];
  private readonly regime = new Map<string, RegimeAcc>();
  private current = NO_REGIME;
  /** Time of the last sample, valid once `sampled` (a number field: `number | undefined` would box every store). */
  private lastTime = 0;
  private sampled = false;
  private lastEquity = 0;
  private lastRegime = NO_REGIME;
  /** The accumulators of lastRegime, looked up again only when the regime changes. */
  private lastRegimeAcc: RegimeAcc | undefined;
  private lastValue: number[] = [];
  private lastPosition: number[] = [];
  /** Each pair's mark of the sample being taken (negative or NaN marks count as 0). */
  private readonly marks: Float64Array;

  constructor(pairs: readonly string[], strategyIds: readonly string[] = []) {
    this.books = new StrategyBooks(pairs);
    this.marks = new Float64Array(pairs.length);
    for (const id of strategyIds) this.books.ensure(id);
  }

  /** The regime in force from `time` on (the value a strategy records as `regime`). */
  setRegime(_time: number, regime: string): void {
    this.current = regime;
  }

  onFill(f: AttributionFill): void {
    this.books.applyFill(f);
    const r = this.regimeAcc(this.current);
    r.fills++;
    r.fees += feeInQuote(f, this.books.quoteOf(this.books.pairIndex(f.pair)));
    r.notional += (Number(f.qty) / 1e18) * (Number(f.price) / 1e18);
  }

  /**
   * An equity sample at `time`, with the marks of every pair at that time (index in `pairs`).
   * Runs once per candle: no closures, Maps or bigint work here (books keep float mirrors).
   */
  sample(time: number, equity: number, mark: (pairIndex: number) => number): void {
    const marks = this.marks;
    for (let p = 0; p < marks.length; p++) {
      const x = mark(p);
      marks[p] = x > 0 ? x : 0;
    }
    const started = this.sampled;
    const dt = started ? time - this.lastTime : 0;
    const lastEquity = this.lastEquity;
    let r = this.lastRegimeAcc;
    if (r === undefined || r.name !== this.lastRegime) r = this.lastRegimeAcc = this.regimeAcc(this.lastRegime);
    const books = this.books;
    const n = books.count();
    if (started) {
      r.time += dt;
      r.equityTime += lastEquity * dt;
      r.pnl += equity - lastEquity;
      trackDrawdown(r, r.pnl, equity);
      let exposed = 0;
      for (let i = 0; i < this.lastPosition.length; i++) exposed += this.lastPosition[i];
      if (lastEquity > 0) r.exposureTime += (exposed / lastEquity) * dt;
    }
    for (let i = 0; i < n; i++) {
      if (i === this.strategy.length) this.strategy.push(acc());
      const a = this.strategy[i];
      const pos = books.positionValueAt(i, marks);
      const value = books.cashAt(i) + pos;
      if (started) {
        a.time += dt;
        a.equityTime += lastEquity * dt;
        const lastPos = i < this.lastPosition.length ? this.lastPosition[i] : 0;
        if (lastEquity > 0) a.exposureTime += (lastPos / lastEquity) * dt;
        const by = r.byStrategy;
        while (by.length <= i) by.push(0);
        by[i] = by[i] + value - (i < this.lastValue.length ? this.lastValue[i] : 0); // (old + value) - last, as before
      }
      a.pnl = value;
      trackDrawdown(a, value, equity);
      if (i === this.lastValue.length) {
        this.lastValue.push(value);
        this.lastPosition.push(pos);
      } else {
        this.lastValue[i] = value;
        this.lastPosition[i] = pos;
      }
    }
    this.lastTime = time;
    this.sampled = true;
    this.lastEquity = equity;
    this.lastRegime = this.current;
  }

  /** Value of a strategy's positions now at `mark` (its own book; 0 for a strategy that holds nothing). */
  positionValue(id: string, mark: (pairIndex: number) => number): number {
    return this.books.positionValue(id, (p) => {
      const x = mark(p);
      return x > 0 ? x : 0;
    });
  }

  result(): Attribution {
    const meanEquity = (a: Acc) => (a.time > 0 ? a.equityTime / a.time : this.lastEquity);
    const ratio = (x: number, y: number) => (y > 0 ? x / y : 0);
    let totalTime = 0;
    for (const r of this.regime.values()) totalTime += r.time;
    const strategies = this.books.ids().map((id, i): StrategyAttribution => {
      const a = this.strategyAcc(i);
      return {
        strategy: id,
        fills: this.books.fillCount(id),
        pnl: a.pnl,
        fees: formatFixed(this.books.fees(id)),
        exposure: ratio(a.exposureTime, a.time),
        turnover: ratio(this.books.notional(id), meanEquity(a)),
        maxDrawdown: a.drawdown,
        maxDrawdownPct: a.drawdownPct,
      };
    });
    const regimes = [...this.regime].filter(([, r]) => r.time > 0 || r.fills > 0).map(([regime, r]): RegimeAttribution => ({
      regime,
      timeShare: ratio(r.time, totalTime),
      fills: r.fills,
      pnl: r.pnl,
      fees: formatFixed(r.fees),
      exposure: ratio(r.exposureTime, r.time),
      turnover: ratio(r.notional, meanEquity(r)),
      maxDrawdown: r.drawdown,
      pnlByStrategy: this.byStrategyRecord(r),
    }));
    return { strategies, regimes };
  }

  private strategyAcc(i: number): Acc {
    while (this.strategy.length <= i) this.strategy.push(acc());
    return this.strategy[i];
  }

  /** PnL per strategy id over a regime's intervals, ids in book order (those sampled in it). */
  private byStrategyRecord(r: RegimeAcc): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < r.byStrategy.length; i++) out[this.books.idAt(i)] = r.byStrategy[i];
    return out;
  }

  private regimeAcc(regime: string): RegimeAcc {
    let a = this.regime.get(regime);
    // A literal, not a spread of acc(): a cloned shape can keep its number fields boxed, and
    // every sample stores into them.
    if (!a) this.regime.set(regime, (a = { fills: 0, fees: ZERO, notional: 0, exposureTime: 0, equityTime: 0, time: 0, pnl: 0, peak: 0, drawdown: 0, peakEquity: 0, drawdownPct: 0, name: regime, byStrategy: [] }));
    return a;
  }
}

function feeInQuote(f: BookFill, quote: string): Fixed {
  return f.feeAsset === quote ? f.fee : (f.fee * f.price) / ONE;
}
