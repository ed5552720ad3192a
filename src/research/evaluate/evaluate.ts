import { parseBacktestConfig } from '../../backtest/run/backtest-config.ts';
import { parseRange } from '../../backtest/run/dates.ts';
import { resolveInstrument, runBacktest, type BacktestResult, type CandleSource } from '../../backtest/run/run-backtest.ts';
import { parseTimeframe } from '../../core/market/timeframe.ts';
import { STRATEGY_NAMES } from '../../core/strategies/regime-portfolio/index.ts';
import { gridPoints, paramsKey, type Params } from '../sweep/param-space.ts';
import { embargoedFolds } from './folds.ts';
import { windowScore, type WindowScore } from './window-metrics.ts';

const DAY = 86_400_000;

export interface EvaluateSpec {
  readonly pairs: readonly string[];
  readonly timeframe: string;
  /** UTC dates as the CLI takes them. */
  readonly from: string;
  readonly to: string;
  readonly folds: number;
  readonly trainRatio: number;
  /** Days dropped at the end of every training window (no shared indicator history with the test). */
  readonly embargoDays: number;
  /** Days of data before every window that warm the regime and indicators up without trading. */
  readonly warmupDays: number;
  /** Parameters chosen on each training window: name -> candidate values. */
  readonly grid: Readonly<Record<string, readonly string[]>>;
  /** Fixed regime-portfolio parameters for every run. */
  readonly params: Readonly<Record<string, string>>;
  readonly cash: string;
}

/** The grid the evaluation tunes by default: how sticky the regime is. */
export const DEFAULT_GRID: Readonly<Record<string, readonly string[]>> = { minDwell: ['5', '10', '20'], confirm: ['2', '3'] };

export const DEFAULT_SPEC: Omit<EvaluateSpec, 'pairs' | 'timeframe' | 'from' | 'to'> = { folds: 4, trainRatio: 3, embargoDays: 30, warmupDays: 150, grid: DEFAULT_GRID, params: {}, cash: '10000' };

/** What a row scores: the tuned portfolio, a control, or one member alone. */
export type Subject = 'regime-portfolio' | 'buy-and-hold' | 'constant-allocation' | `alone:${string}`;

export interface FoldReport {
  readonly fold: number;
  readonly train: readonly [number, number];
  readonly test: readonly [number, number];
  /** Parameters chosen on the training window (best Sharpe there; ties: first in grid order). */
  readonly chosen: Params;
  readonly trainSharpe: number | null;
  readonly scores: Readonly<Record<Subject, WindowScore>>;
}

export interface SubjectSummary {
  readonly subject: Subject;
  /** Out-of-sample returns chained over the test windows. */
  readonly totalReturn: number | null;
  readonly meanSharpe: number | null;
  readonly worstDrawdown: number | null;
  readonly meanExposure: number | null;
  readonly fees: number;
}

export interface Evaluation {
  readonly spec: EvaluateSpec;
  readonly folds: readonly FoldReport[];
  readonly summary: readonly SubjectSummary[];
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * Walk-forward evidence for regime-portfolio: on each fold, every grid point runs on the
 * (embargoed) training window, the best by Sharpe is kept, and the test window that follows
 * scores it next to three controls on the same window: buy-and-hold (equal weight, bought at
 * the window's first open), the no-skill constant allocation (every pair always held at the
 * portfolio's own average exposure that window, split equally: same exposure, no timing), and
 * each member strategy alone at full weight with the chosen parameters. Every regime-portfolio
 * run warms up on `warmupDays` before its window without trading (param tradeFrom).
 */
export async function evaluateRegimePortfolio(source: CandleSource, spec: EvaluateSpec, onProgress: (message: string) => void = () => {}): Promise<Evaluation> {
  if (spec.pairs.length === 0) throw new Error('evaluate: no pairs');
  if (!(spec.warmupDays >= 0)) throw new Error(`evaluate: warmupDays must be >= 0, got ${spec.warmupDays}`);
  const intervalMs = parseTimeframe(spec.timeframe) * 60_000;
  const range = parseRange(spec.from, spec.to);
  const start = range.from + spec.warmupDays * DAY; // the first window still has its warm-up inside the data
  if (start >= range.to) throw new Error(`evaluate: the ${spec.warmupDays}-day warm-up leaves nothing of ${spec.from}..${spec.to}`);
  const folds = embargoedFolds(start, range.to, intervalMs, { folds: spec.folds, trainRatio: spec.trainRatio, embargoMs: spec.embargoDays * DAY });
  const grid = gridPoints(spec.grid);
  const warm = spec.warmupDays * DAY;

  // A pair joins a window only if it has candles in it (SOL/USD trades on Kraken from 2021 only).
  const ranges = await Promise.all(spec.pairs.map(async (p) => [p, await source.candleRange({ exchange: 'kraken', symbol: resolveInstrument('kraken', p).symbol, interval: intervalMs / 60_000 })] as const));
  const pairsIn = (from: number, to: number) => ranges.filter(([, r]) => r === undefined || (r.first < to && r.last >= from)).map(([p]) => p);
  const run = (strategy: string, from: number, to: number, params: Readonly<Record<string, string>>): Promise<BacktestResult> => {
    const pairs = pairsIn(from, to);
    if (pairs.length === 0) throw new Error(`evaluate: none of ${spec.pairs.join(', ')} has ${spec.timeframe} candles between ${iso(from)} and ${iso(to)}`);
    return runBacktest(parseBacktestConfig({ strategy, pairs, timeframe: spec.timeframe, from: iso(from), to: iso(to), cash: spec.cash, params }), source);
  };
  const portfolio = (from: number, to: number, params: Params) => run('regime-portfolio', from - warm, to, { ...spec.params, ...params, tradeFrom: iso(from) });

  const reports: FoldReport[] = [];
  for (const f of folds) {
    const [trainFrom, trainTo] = f.train;
    const [testFrom, testTo] = f.test;
    onProgress(`fold ${f.fold + 1}/${folds.length}: training ${grid.length} parameter sets on ${iso(trainFrom).slice(0, 10)}..${iso(trainTo).slice(0, 10)}`);
    let chosen = grid[0];
    let best = -Infinity;
    let trainSharpe: number | null = null;
    for (const params of grid) {
      const s = windowScore(await portfolio(trainFrom, trainTo, params), trainFrom, trainTo).sharpe;
      if ((s ?? -Infinity) > best) {
        best = s ?? -Infinity;
        chosen = params;
        trainSharpe = s;
      }
    }
    onProgress(`fold ${f.fold + 1}/${folds.length}: chose ${paramsKey(chosen)}; testing on ${iso(testFrom).slice(0, 10)}..${iso(testTo).slice(0, 10)}`);
    const scores: Partial<Record<Subject, WindowScore>> = {};
    scores['regime-portfolio'] = windowScore(await portfolio(testFrom, testTo, chosen), testFrom, testTo);
    scores['buy-and-hold'] = windowScore(await run('buy-and-hold', testFrom, testTo, {}), testFrom, testTo);
    const share = Math.max(0.001, (scores['regime-portfolio'].exposure ?? 0) / pairsIn(testFrom, testTo).length);
    scores['constant-allocation'] = windowScore(await run('constant-allocation', testFrom, testTo, { share: String(share), band: String(Math.max(0.0005, share / 4)) }), testFrom, testTo);
    for (const member of STRATEGY_NAMES) {
      scores[`alone:${member}`] = windowScore(await portfolio(testFrom, testTo, { ...chosen, only: member, memberMaxExposure: '1' }), testFrom, testTo);
    }
    reports.push({ fold: f.fold, train: f.train, test: f.test, chosen, trainSharpe, scores: scores as Record<Subject, WindowScore> });
  }
  return { spec, folds: reports, summary: summarize(reports) };
}


function summarize(folds: readonly FoldReport[]): SubjectSummary[] {
  const subjects = folds.length ? (Object.keys(folds[0].scores) as Subject[]) : [];
  const mean = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
  };
  return subjects.map((subject) => {
    const s = folds.map((f) => f.scores[subject]);
    const returns = s.map((x) => x.totalReturn);
    return {
      subject,
      totalReturn: returns.some((r) => r === null) ? null : returns.reduce<number>((w, r) => w * (1 + (r ?? 0)), 1) - 1,
      meanSharpe: mean(s.map((x) => x.sharpe)),
      worstDrawdown: s.some((x) => x.maxDrawdown !== null) ? Math.max(...s.map((x) => x.maxDrawdown ?? 0)) : null,
      meanExposure: mean(s.map((x) => x.exposure)),
      fees: s.reduce((sum, x) => sum + x.fees, 0),
    };
  });
}
