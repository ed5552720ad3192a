import type { BacktestConfig } from '../../backtest/run/backtest-config.ts';
import type { CandleSnapshot } from '../data/candle-snapshot.ts';
import { runJob, type JobResult, type SweepJob } from './job.ts';

/** Piscina worker: runs a chunk of jobs on the shared candle snapshot (no DuckDB in workers). */
export interface WorkerTask {
  readonly snapshot: CandleSnapshot;
  readonly base: BacktestConfig;
  readonly jobs: readonly SweepJob[];
}

let tsLoader: Promise<unknown> | undefined;

export default async function runTask(task: WorkerTask): Promise<JobResult[]> {
  // A strategy given as a .ts file needs a TypeScript loader in this (plain JS) worker.
  if (/\.(ts|mts)$/.test(task.base.strategy)) tsLoader ??= import('tsx/esm/api').then((m) => m.register());
  await tsLoader;
  const out: JobResult[] = [];
  for (const job of task.jobs) out.push(await runJob(task.snapshot, task.base, job));
  return out;
}
