import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { BacktestConfig } from '../../backtest/run/backtest-config.ts';
import type { CandleSource } from '../../backtest/run/run-backtest.ts';
import { parseRange } from '../../backtest/run/dates.ts';
import { parseTimeframe } from '../../core/market/timeframe.ts';
import { loadStrategyFactory } from '../../backtest/run/strategy-loader.ts';
import type { MarketStore } from '../../backtest/store/index.ts';
import { snapshotCandles, type CandleSnapshot } from '../data/candle-snapshot.ts';
import { backtestConfig, type BacktestInput } from '../runs/backtest.ts';
import { jobKey, type JobResult, type Segment, type SweepJob } from './job.ts';
import { gridPoints, paramsKey, randomPoints, type Params, type ParamSpace } from './param-space.ts';
import { runJobs } from './pool.ts';
import { registerSweep, saveResults, storedResults } from './sweep-store.ts';
import { walkForwardFolds, type WalkForwardSpec } from './walk-forward.ts';

/** Everything that defines a sweep; its hash is the sweep id (same spec, same id: resumable). */
export interface SweepSpec {
  /** The backtest every job starts from (strategy, pairs, timeframe, from, to, cash, fees...). */
  readonly base: BacktestInput;
  readonly space: ParamSpace;
  readonly search?: { readonly kind: 'grid' } | { readonly kind: 'random'; readonly samples: number; readonly seed?: number };
  /** Omit for one run per parameter set over the whole range. */
  readonly walkForward?: WalkForwardSpec;
}

export interface SweepOptions {
  /** Worker threads (default: all cores); 0 runs inline. Results do not depend on it. */
  readonly workers?: number;
  /** Store results here and skip jobs already stored for this sweep (resume). */
  readonly store?: MarketStore;
  /** Candles to use instead of loading them from `source` (e.g. a snapshot shared by several sweeps). */
  readonly snapshot?: CandleSnapshot;
  readonly onProgress?: (p: { done: number; total: number; resumed: number }) => void;
  readonly signal?: AbortSignal;
  /** Jobs per worker task (default: about 8 tasks per worker, at least 4 jobs each). */
  readonly chunk?: number;
  /**
   * Runs the jobs that are not stored yet: worker threads on this machine by default
   * (`runJobs`), or a queue shared by many machines (src/research/distributed). Whatever runs
   * them, the results and their order are the same.
   */
  readonly executor?: JobExecutor;
}

export type JobExecutor = typeof runJobs;

export interface SweepOutcome {
  readonly sweepId: string;
  readonly config: BacktestConfig;
  /** Every job's result, ordered by job index (grid order; per fold: train then test). */
  readonly results: readonly JobResult[];
  /** Parameter sets the strategy refused (e.g. fast >= slow), with its reason; not run. */
  readonly skipped: readonly { params: Params; reason: string }[];
  /** Results taken from the store rather than run now. */
  readonly resumed: number;
  /** False when interrupted (signal) before every job finished. */
  readonly complete: boolean;
}

/** The jobs of a spec, in their canonical order, and the parameter sets the strategy rejects. */
export async function planSweep(spec: SweepSpec, config: BacktestConfig): Promise<{ jobs: SweepJob[]; skipped: { params: Params; reason: string }[] }> {
  const search = spec.search ?? { kind: 'grid' };
  const points = search.kind === 'grid' ? gridPoints(spec.space) : randomPoints(spec.space, search.samples, search.seed ?? 1);
  const factory = await loadStrategyFactory(config.strategy);
  const valid: Params[] = [];
  const skipped: { params: Params; reason: string }[] = [];
  for (const p of points) {
    try {
      factory.create({ ...config.params, ...p });
      valid.push(p);
    } catch (e) {
      skipped.push({ params: p, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  const { from, to } = parseRange(config.from, config.to);
  const jobs: SweepJob[] = [];
  const add = (params: Params, segment: Segment, fold: number, a: number, b: number) =>
    jobs.push({ index: jobs.length, key: jobKey(segment, fold, paramsKey(params)), params: { ...config.params, ...params }, segment, fold, from: a, to: b });
  if (!spec.walkForward) {
    for (const p of valid) add(p, 'full', 0, from, to);
  } else {
    const intervalMs = parseTimeframe(config.timeframe) * 60_000;
    for (const f of walkForwardFolds(from, to, intervalMs, spec.walkForward)) {
      for (const p of valid) add(p, 'train', f.fold, f.train[0], f.train[1]);
      for (const p of valid) add(p, 'test', f.fold, f.test[0], f.test[1]);
    }
  }
  return { jobs, skipped };
}

/** Canonical JSON: object keys sorted at every level. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object') return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(x);
}

export function sweepIdOf(spec: SweepSpec, config: BacktestConfig): string {
  const text = canonical({ config, space: spec.space, search: spec.search ?? { kind: 'grid' }, walkForward: spec.walkForward ?? null });
  return `sweep-${bytesToHex(sha256(new TextEncoder().encode(text))).slice(0, 16)}`;
}

/**
 * Runs a parameter sweep (grid or random search, optionally walk-forward). Candles are loaded
 * once into a shared snapshot; jobs run on all cores; results come back ordered by job index,
 * so 1 worker and N workers give identical output. With `store`, finished jobs are saved as
 * they complete and a re-run of the same spec skips them.
 */
export async function runSweep(source: CandleSource, spec: SweepSpec, opts: SweepOptions = {}): Promise<SweepOutcome> {
  const config = backtestConfig(spec.base);
  const { jobs, skipped } = await planSweep(spec, config);
  const sweepId = sweepIdOf(spec, config);
  const conn = opts.store?.connection;
  const done = conn ? (await registerSweep(conn, sweepId, config.strategy, canonical({ config, spec }), jobs.length), await storedResults(conn, sweepId)) : new Map<number, JobResult>();
  const todo = jobs.filter((j) => done.get(j.index)?.key !== j.key);
  const resumed = jobs.length - todo.length;
  let finished = resumed;
  opts.onProgress?.({ done: finished, total: jobs.length, resumed });
  const snapshot = opts.snapshot ?? (todo.length > 0 ? await snapshotCandles(source, { pairs: config.pairs, timeframe: config.timeframe, from: config.from, to: config.to, exchange: config.exchange }) : undefined);
  const fresh = todo.length === 0 || !snapshot ? [] : await (opts.executor ?? runJobs)(snapshot, config, todo, {
    workers: opts.workers,
    chunk: opts.chunk,
    signal: opts.signal,
    onResults: async (batch) => {
      if (conn) await saveResults(conn, sweepId, batch);
      finished += batch.length;
      opts.onProgress?.({ done: finished, total: jobs.length, resumed });
    },
  });
  const byIndex = new Map<number, JobResult>();
  for (const j of jobs) {
    const r = done.get(j.index);
    if (r && r.key === j.key) byIndex.set(j.index, r);
  }
  for (const r of fresh) byIndex.set(r.index, r);
  const results = [...byIndex.values()].sort((a, b) => a.index - b.index);
  return { sweepId, config, results, skipped, resumed, complete: results.length === jobs.length };
}
