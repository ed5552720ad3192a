import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { JobResult } from './job.ts';
import { resultToJson } from './sweep-store.ts';

/**
 * One hash over a sweep's whole result table (every row as stored, in job-index order): two
 * sweeps agree on it exactly when they agree on every metric of every job, whoever ran them.
 */
export function resultsHash(results: readonly JobResult[]): string {
  const h = sha256.create();
  const enc = new TextEncoder();
  for (const r of [...results].sort((a, b) => a.index - b.index)) h.update(enc.encode(resultToJson(r) + '\n'));
  return bytesToHex(h.digest());
}
