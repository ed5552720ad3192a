import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { BacktestConfig } from '../../backtest/run/backtest-config.ts';
import type { CandleSnapshot } from '../data/candle-snapshot.ts';
import { runJob, type JobResult, type SweepJob } from './job.ts';
import { bundleWorker } from './worker-bundle.ts';
import type { WorkerTask } from './sweep-worker.ts';

export interface PoolOptions {
  /** Worker threads; 0 runs every job in this thread (default: all cores). */
  readonly workers?: number;
  /** Jobs per task sent to a worker (default: about 8 tasks per worker, at least 4 jobs each). */
  readonly chunk?: number;
  /** Called with each finished chunk, in completion order (which varies; results do not). */
  readonly onResults?: (results: readonly JobResult[]) => void | Promise<void>;
  readonly signal?: AbortSignal;
}

export const defaultWorkers = (): number => availableParallelism();

/**
 * Runs jobs on a candle snapshot, in worker threads or inline. The snapshot's typed arrays are
 * SharedArrayBuffers, so every worker reads the same candles without a copy. Returns results
 * ordered by job index, whatever order they finished in.
 */
export async function runJobs(snapshot: CandleSnapshot, base: BacktestConfig, jobs: readonly SweepJob[], opts: PoolOptions = {}): Promise<JobResult[]> {
  const workers = opts.workers ?? defaultWorkers();
  const results: JobResult[] = [];
  // Callbacks run one at a time, in completion order (a store write is never re-entered).
  let queue: Promise<void> = Promise.resolve();
  const collect = (batch: readonly JobResult[]): Promise<void> => {
    results.push(...batch);
    queue = queue.then(() => opts.onResults?.(batch));
    return queue;
  };
  if (workers <= 0) {
    for (const job of jobs) {
      if (opts.signal?.aborted) break;
      await collect([await runJob(snapshot, base, job)]);
    }
  } else {
    // Tasks last tens of ms or more: plain message dispatch is enough (no Atomics wake-ups).
    const entry = await bundleWorker();
    const pool = new Piscina<WorkerTask, JobResult[]>({ filename: entry.url, minThreads: workers, maxThreads: workers, atomics: 'disabled' });
    // Batches of jobs per task: about 8 tasks per worker, so messages and per-task set-up are
    // few while the last tasks still balance the threads' finishing times.
    const chunk = Math.max(1, opts.chunk ?? Math.max(4, Math.ceil(jobs.length / (workers * 8))));
    const tasks: Promise<void>[] = [];
    // On abort the pool is torn down: queued tasks reject, finished ones are already collected.
    // A failure to tear down is not the sweep's result: the abort already decided that.
    const stop = () => void pool.destroy().catch(() => {});
    // A worker failing to start surfaces as a task rejection below; without a listener the
    // pool's 'error' event would crash the process instead.
    pool.on('error', () => undefined);
    opts.signal?.addEventListener('abort', stop, { once: true });
    try {
      // Queue everything up front; piscina hands tasks out as threads free up.
      for (let i = 0; i < jobs.length; i += chunk) {
        const task: WorkerTask = { snapshot, base, jobs: jobs.slice(i, i + chunk) };
        tasks.push(pool.run(task).then(collect));
      }
      const settled = await Promise.allSettled(tasks);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      await queue;
      if (failed && !opts.signal?.aborted) throw failed.reason;
    } finally {
      opts.signal?.removeEventListener('abort', stop);
      await pool.destroy();
    }
  }
  return results.sort((a, b) => a.index - b.index);
}
