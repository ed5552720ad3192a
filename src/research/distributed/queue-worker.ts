import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { CandleSnapshot } from '../data/candle-snapshot.ts';
import { runJob } from '../sweep/job.ts';
import { resultToJson } from '../sweep/sweep-store.ts';
import { snapshotFromParquet } from './candle-parquet.ts';
import { refusalReason } from './queue-executor.ts';
import { candleKey, SWEEP_QUEUE, type QueuedJob } from './queue-keys.ts';
import { connectionOptions, parseRedisUrl } from './redis-url.ts';

export interface QueueWorkerOptions {
  /** `redis://host:port[/db]` */
  readonly url: string;
  /** Jobs run at once in this process (default 1: a backtest is CPU-bound; run one worker process per core). */
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal (default 30 s). A backtest blocks the event loop,
   * so this must exceed the longest single job; a worker that dies holds its jobs this long at
   * most before another worker's stalled-job check takes them over.
   */
  readonly lockDurationMs?: number;
  readonly onStart?: (e: { id: string; key: string }) => void;
  readonly onJob?: (e: { id: string; key: string; ms: number; error: string | null }) => void;
  readonly signal?: AbortSignal;
}

/**
 * `krakenbt worker`: takes sweep jobs from the queue until stopped. It needs no access to the
 * coordinator's store: each job names its candles by content hash, fetched from Redis once per
 * process, checked against the hash, and kept for the next jobs of the same sweep.
 */
export async function runQueueWorker(opts: QueueWorkerOptions): Promise<{ processed: number }> {
  const connection = connectionOptions(parseRedisUrl(opts.url));
  const data = new Redis(connection);
  data.on('error', () => undefined);
  const candles = new Map<string, Promise<CandleSnapshot>>();
  const snapshotOf = (hash: string): Promise<CandleSnapshot> => {
    let p = candles.get(hash);
    if (!p) {
      p = data.getBuffer(candleKey(hash)).then((bytes) => {
        if (!bytes) throw new Error(`candle data ${hash.slice(0, 12)} is not in Redis (the coordinator re-sends it)`);
        return snapshotFromParquet(new Uint8Array(bytes), hash);
      });
      // A failed fetch is not cached: the job is retried and fetches again.
      p.catch(() => candles.delete(hash));
      candles.set(hash, p);
    }
    return p;
  };
  let processed = 0;
  const lockDuration = opts.lockDurationMs ?? 30_000;
  const worker = new Worker<QueuedJob, string>(SWEEP_QUEUE, async (job: Job<QueuedJob, string>) => {
    const t0 = performance.now();
    const q = job.data;
    opts.onStart?.({ id: job.id ?? '', key: q.job.key });
    const snapshot = await snapshotOf(q.candles);
    const result = await runJob(snapshot, q.config, q.job);
    processed++;
    opts.onJob?.({ id: job.id ?? '', key: q.job.key, ms: performance.now() - t0, error: result.error });
    // A backtest that cannot run (bad parameters) fails the same way every time: no retry.
    if (result.error !== null) throw new UnrecoverableError(refusalReason(result.error));
    return resultToJson(result);
  }, {
    connection, concurrency: opts.concurrency ?? 1, lockDuration, stalledInterval: Math.max(500, Math.floor(lockDuration / 2)), maxStalledCount: 10,
    autorun: false,
  });
  worker.on('error', () => undefined);
  const stopped = new Promise<void>((resolve) => {
    if (opts.signal?.aborted) resolve();
    opts.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  const running = worker.run();
  await stopped;
  await worker.close();
  await running.catch(() => undefined);
  data.disconnect();
  return { processed };
}
