import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { BacktestConfig } from '../../backtest/run/backtest-config.ts';
import type { SweepJob } from '../sweep/job.ts';

/** The one BullMQ queue every coordinator fills and every `krakenbt worker` drains. */
export const SWEEP_QUEUE = 'krakenbt-sweep';

/** Redis key of a content-addressed candle Parquet file. */
export const candleKey = (hash: string): string => `krakenbt:candles:${hash}`;

/** What a queued job carries: everything a worker needs, nothing it must look up elsewhere. */
export interface QueuedJob {
  readonly sweepId: string;
  /** SHA-256 of the candle Parquet file the job runs on (see candle-parquet.ts). */
  readonly candles: string;
  readonly config: BacktestConfig;
  readonly job: SweepJob;
}

/**
 * The BullMQ job id: a hash of the job's content (sweep spec id, its key and the candles). Adding
 * a job whose id is already queued is a no-op in BullMQ, so re-adding after a Redis restart or a
 * coordinator restart never queues the same backtest twice.
 */
export function queuedJobId(q: QueuedJob): string {
  return bytesToHex(sha256(new TextEncoder().encode(`${q.sweepId}\n${q.job.index}\n${q.job.key}\n${q.candles}`))).slice(0, 40);
}
