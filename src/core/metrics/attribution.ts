import { formatFixed, ZERO, type Fixed } from '../decimal/fixed.ts';
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
  private readonly strategy = new Map<string, Acc>();
  private readonly regime = new Map<string, Acc & { byStrategy: Map<string, number> }>();
  private current = NO_REGIME;
  private lastTime: number | undefined;
  private lastEquity = 0;
  private lastRegime = NO_REGIME;
  private lastValue = new Map<string, number>();
  private lastPosition = new Map<string, number>();

  constructor(pairs: readonly string[], strategyIds: readonly string[] = []) {
    this.books = new StrategyBooks(pairs);
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
    r.fees += feeInQuote(f);
    r.notional += (Number(f.qty) / 1e18) * (Number(f.price) / 1e18);
  }

  /** An equity sample at `time`, with the marks of every pair at that time (index in `pairs`). */
  sample(time: number, equity: number, mark: (pairIndex: number) => number): void {
    const safeMark = (p: number) => {
      const x = mark(p);
      return x > 0 ? x : 0;
    };
    const dt = this.lastTime === undefined ? 0 : time - this.lastTime;
    const r = this.regimeAcc(this.lastRegime);
    if (this.lastTime !== undefined) {
      r.time += dt;
      r.equityTime += this.lastEquity * dt;
      r.pnl += equity - this.lastEquity;
      trackDrawdown(r, r.pnl, equity);
      let exposed = 0;
      for (const v of this.lastPosition.values()) exposed += v;
      if (this.lastEquity > 0) r.exposureTime += (exposed / this.lastEquity) * dt;
    }
    for (const id of this.books.ids()) {
      const a = this.strategyAcc(id);
      const value = this.books.value(id, safeMark);
      if (this.lastTime !== undefined) {
        a.time += dt;
        a.equityTime += this.lastEquity * dt;
        const pos = this.lastPosition.get(id) ?? 0;
        if (this.lastEquity > 0) a.exposureTime += (pos / this.lastEquity) * dt;
        r.byStrategy.set(id, (r.byStrategy.get(id) ?? 0) + value - (this.lastValue.get(id) ?? 0));
      }
      a.pnl = value;
      trackDrawdown(a, value, equity);
      this.lastValue.set(id, value);
      this.lastPosition.set(id, this.books.positionValue(id, safeMark));
    }
    this.lastTime = time;
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
    const strategies = this.books.ids().map((id): StrategyAttribution => {
      const a = this.strategyAcc(id);
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
      pnlByStrategy: Object.fromEntries(r.byStrategy),
    }));
    return { strategies, regimes };
  }

  private strategyAcc(id: string): Acc {
    let a = this.strategy.get(id);
    if (!a) this.strategy.set(id, (a = acc()));
    return a;
  }

  private regimeAcc(regime: string): Acc & { byStrategy: Map<string, number> } {
    let a = this.regime.get(regime);
    if (!a) this.regime.set(regime, (a = { ...acc(), byStrategy: new Map() }));
    return a;
  }
}

function feeInQuote(f: BookFill): Fixed {
  const quote = f.pair.split('/')[1];
  return f.feeAsset === quote ? f.fee : (f.fee * f.price) / 10n ** 18n;
}
