import type { BacktestConfig } from '../../backtest/run/backtest-config.ts';
import { runBacktest } from '../../backtest/run/run-backtest.ts';
import { formatFixed } from '../../core/decimal/fixed.ts';
import { SnapshotSource, type CandleSnapshot } from '../data/candle-snapshot.ts';
import type { Params } from './param-space.ts';

export type Segment = 'full' | 'train' | 'test';

/** One backtest of a sweep: a parameter set on a time range. Its result depends on nothing else. */
export interface SweepJob {
  /** Position in the sweep's job list, a pure function of the sweep spec: results are ordered by it. */
  readonly index: number;
  /** `segment#fold|a=1,b=2`: unique within a sweep. */
  readonly key: string;
  readonly params: Params;
  readonly segment: Segment;
  readonly fold: number;
  readonly from: number;
  readonly to: number;
}

export interface JobResult {
  readonly index: number;
  readonly key: string;
  readonly segment: Segment;
  readonly fold: number;
  readonly from: number;
  readonly to: number;
  readonly params: Params;
  readonly hash: string | null;
  readonly candles: number;
  readonly trades: number;
  readonly totalReturn: number | null;
  readonly cagr: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly maxDrawdown: number | null;
  readonly calmar: number | null;
  readonly winRate: number | null;
  readonly profitFactor: number | null;
  readonly exposure: number | null;
  readonly feesPaid: number | null;
  /** Exact, as the ledger has it. */
  readonly finalEquity: string | null;
  /** Why the backtest failed (bad parameters, no candles), null when it ran. */
  readonly error: string | null;
}

export function jobKey(segment: Segment, fold: number, paramsKey: string): string {
  return `${segment}#${fold}|${paramsKey}`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The result row of a job that could not run (bad parameters, no candles, a strategy error). */
export function failedResult(job: SweepJob, error: string): JobResult {
  return {
    index: job.index, key: job.key, segment: job.segment, fold: job.fold, from: job.from, to: job.to, params: job.params,
    hash: null, candles: 0, trades: 0, totalReturn: null, cagr: null, sharpe: null, sortino: null, maxDrawdown: null, calmar: null,
    winRate: null, profitFactor: null, exposure: null, feesPaid: null, finalEquity: null, error,
  };
}

/** Runs one job on a snapshot; a failing backtest becomes a result with `error` set. */
export async function runJob(snapshot: CandleSnapshot, base: BacktestConfig, job: SweepJob): Promise<JobResult> {
  const head = { index: job.index, key: job.key, segment: job.segment, fold: job.fold, from: job.from, to: job.to, params: job.params };
  try {
    const config: BacktestConfig = { ...base, params: { ...job.params }, from: iso(job.from), to: iso(job.to) };
    // A job's row has no per-strategy attribution: the run skips tracking it (same metrics and hash).
    const r = await runBacktest(config, new SnapshotSource(snapshot), { attribution: false });
    const m = r.metrics;
    return {
      ...head, hash: r.hash, candles: r.candles, trades: m.trades, totalReturn: m.totalReturn, cagr: m.cagr, sharpe: m.sharpe, sortino: m.sortino,
      maxDrawdown: m.maxDrawdown, calmar: m.calmar, winRate: m.winRate, profitFactor: m.profitFactor, exposure: m.exposure, feesPaid: m.feesPaid,
      finalEquity: formatFixed(r.finalEquity), error: null,
    };
  } catch (e) {
    return failedResult(job, e instanceof Error ? e.message : String(e));
  }
}
