import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { BacktestConfig } from '../../backtest/run/backtest-config.ts';
import type { CandleSnapshot } from '../data/candle-snapshot.ts';
import { failedResult, type JobResult, type SweepJob } from '../sweep/job.ts';
import type { JobExecutor } from '../sweep/run-sweep.ts';
import { resultFromJson } from '../sweep/sweep-store.ts';
import { snapshotToParquet } from './candle-parquet.ts';
import { candleKey, queuedJobId, SWEEP_QUEUE, type QueuedJob } from './queue-keys.ts';
import { connectionOptions, parseRedisUrl } from './redis-url.ts';

export interface QueueStatus {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** Jobs a worker has taken and not finished (as far as the queue's events tell). */
  readonly running: number;
  /** Jobs queued again because Redis no longer had them (a Redis restart without persistence). */
  readonly requeued: number;
}

export interface QueueExecutorOptions {
  /** `redis://host:port[/db]` */
  readonly url: string;
  /** How often the coordinator checks every unfinished job against Redis (default 2000 ms; events do the rest). */
  readonly reconcileMs?: number;
  /** Attempts per job for worker-side errors (lost candles, a crash inside BullMQ); default 3. */
  readonly attempts?: number;
  readonly onStatus?: (s: QueueStatus) => void;
  /** The sweep's id (jobs of different sweeps never share an id). */
  readonly sweepId: string;
}

/** Jobs whose processor refused them for good (a bad parameter set): the reason is the result's error. */
const REFUSED = 'refused: ';
export const refusalReason = (error: string): string => REFUSED + error;

/**
 * Runs a sweep's jobs on BullMQ workers anywhere (`krakenbt worker --queue ...`), as a drop-in
 * for the local thread pool. The coordinator exports the candles once as content-addressed
 * Parquet into Redis, queues one job per (parameters, fold) under a content-hash id, and takes
 * results from the queue's events; every few seconds it also checks each unfinished job
 * against Redis, which catches events it missed and re-queues jobs that Redis lost. Results
 * are handed to `onResults` (which stores them, keyed by sweep and job) exactly once per job,
 * however often a job ran; a stalled job (its worker died) is re-run by BullMQ's stalled-job
 * check in the surviving workers.
 */
export function queueExecutor(opts: QueueExecutorOptions): JobExecutor {
  return async (snapshot: CandleSnapshot, config: BacktestConfig, jobs: readonly SweepJob[], pool = {}) => {
    const connection = connectionOptions(parseRedisUrl(opts.url));
    const data = new Redis(connection);
    // A Redis that is down or restarting must not crash the coordinator: commands wait for it.
    data.on('error', () => undefined);
    const queue = new Queue(SWEEP_QUEUE, { connection });
    queue.on('error', () => undefined);
    const events = new QueueEvents(SWEEP_QUEUE, { connection });
    events.on('error', () => undefined);
    const results: JobResult[] = [];
    try {
      const pq = await snapshotToParquet(snapshot);
      const byId = new Map<string, QueuedJob>();
      for (const job of jobs) {
        const q: QueuedJob = { sweepId: opts.sweepId, candles: pq.hash, config, job };
        byId.set(queuedJobId(q), q);
      }
      const pending = new Set(byId.keys());
      const running = new Set<string>();
      let failed = 0;
      let requeued = 0;
      const status = () => opts.onStatus?.({ total: jobs.length, done: jobs.length - pending.size, failed, running: running.size, requeued });

      // Results are stored one batch at a time, in arrival order (the store write is never re-entered).
      let chain: Promise<void> = Promise.resolve();
      let storeError: unknown;
      const finish = (id: string, result: JobResult) => {
        if (!pending.delete(id)) return;
        running.delete(id);
        if (result.error !== null) failed++;
        results.push(result);
        chain = chain
          .then(() => pool.onResults?.([result]))
          .then(() => queue.remove(id).then(() => undefined))
          .catch((e: unknown) => {
            storeError ??= e;
          });
        status();
      };
      const fromFailure = (id: string, reason: string): JobResult => {
        const job = byId.get(id)!.job;
        return failedResult(job, reason.startsWith(REFUSED) ? reason.slice(REFUSED.length) : `worker error: ${reason}`);
      };

      events.on('active', ({ jobId }) => {
        if (pending.has(jobId)) {
          running.add(jobId);
          status();
        }
      });
      events.on('completed', ({ jobId, returnvalue }) => {
        if (pending.has(jobId)) finish(jobId, resultFromJson(String(returnvalue)));
      });
      events.on('failed', ({ jobId }) => {
        // A failed attempt with attempts left goes back to waiting; only a final failure ends the job.
        if (!pending.has(jobId)) return;
        void queue.getJob(jobId).then(
          (j) => {
            if (j && j.finishedOn !== undefined && j.failedReason !== undefined && (j.attemptsMade >= (j.opts.attempts ?? 1) || j.failedReason.startsWith(REFUSED))) finish(jobId, fromFailure(jobId, j.failedReason));
          },
          () => undefined, // the periodic check below finds it
        );
      });
      await events.waitUntilReady();

      const ensureQueued = async (ids: readonly string[]) => {
        // The candles first: a worker may take the job as soon as it is added.
        await data.set(candleKey(pq.hash), Buffer.from(pq.bytes));
        await queue.addBulk(ids.map((id) => ({
          name: 'backtest', data: byId.get(id)!,
          opts: { jobId: id, attempts: opts.attempts ?? 3, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: false, removeOnFail: false },
        })));
      };
      await ensureQueued([...pending]);
      status();

      // Check every unfinished job against Redis: missed events, lost jobs. Asks for states
      // first (small answers) and reads a job only when it finished.
      const reconcile = async () => {
        const ids = [...pending];
        const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
        const lost: string[] = [];
        const ended = ids.filter((id, i) => {
          if (states[i] === 'unknown') lost.push(id);
          return states[i] === 'completed' || states[i] === 'failed';
        });
        for (const j of await Promise.all(ended.map((id) => queue.getJob(id)))) {
          if (!j?.id || !pending.has(j.id)) continue;
          if (j.failedReason === undefined || j.failedReason === null) finish(j.id, resultFromJson(String(j.returnvalue)));
          else if (j.attemptsMade >= (j.opts.attempts ?? 1) || j.failedReason.startsWith(REFUSED)) finish(j.id, fromFailure(j.id, j.failedReason));
        }
        if (lost.length > 0) {
          requeued += lost.length;
          for (const id of lost) running.delete(id);
          await ensureQueued(lost);
          status();
        }
      };

      const every = opts.reconcileMs ?? 2000;
      while (pending.size > 0 && !pool.signal?.aborted && storeError === undefined) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, every);
          pool.signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
        });
        if (pending.size > 0 && !pool.signal?.aborted) await reconcile();
      }
      await chain;
      if (storeError !== undefined) throw storeError;
      if (pool.signal?.aborted) {
        // Nothing new should start for an interrupted sweep; finished results are stored.
        await Promise.all([...pending].map((id) => queue.remove(id).catch(() => 0)));
      }
    } finally {
      await Promise.allSettled([events.close(), queue.close()]);
      data.disconnect();
    }
    return results.sort((a, b) => a.index - b.index);
  };
}
