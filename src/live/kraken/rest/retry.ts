/**
 * Retry policy: exponential backoff with jitter, only when a retry cannot cause a second execution.
 *
 * Every endpoint has a safety class:
 * - `read`: public calls and private queries. Retried on any transient error: network failures,
 *   timeouts, 5xx/non-JSON bodies, EService:Unavailable/Busy, EGeneral:Internal error, rate
 *   limits (after backoff; the limiter is told the counter is full) and EAPI:Invalid nonce.
 * - `idempotent`: writes whose repetition is harmless (CancelAllOrdersAfter re-arms the same
 *   timer, GetWebSocketsToken just mints another token). Same rule as `read`.
 * - `unsafe`: AddOrder, CancelOrder, CancelAll. Retried ONLY when the error proves Kraken never
 *   acted AND it is transient: EAPI:Invalid nonce (rejected by the gateway before the engine)
 *   and a connection that never opened. Matching-engine rate limits also prove no execution, but
 *   are not retried: the order decision may be stale by the time the counter decays; the caller
 *   decides. Everything else that leaves the outcome open becomes KrakenOutcomeUnknown.
 */
import { KrakenError, KrakenInvalidNonce, KrakenRateLimit, KrakenTransportError } from './errors.ts';

export type CallSafety = 'read' | 'idempotent' | 'unsafe';

export interface RetryPolicy {
  /** Total attempts including the first. 1 disables retries. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Uniform in [0, 1); inject a seeded one for reproducible delays. */
  readonly random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  random: Math.random,
};

/** Whether `error` after an attempt of a call with this safety class may be retried. */
export function isRetryable(error: unknown, safety: CallSafety): boolean {
  if (!(error instanceof KrakenError)) return false;
  if (safety !== 'unsafe') return error.transient;
  if (error instanceof KrakenInvalidNonce) return true;
  return error instanceof KrakenTransportError && error.failure === 'not-sent';
}

/**
 * Delay before retry number `retry` (1 = first retry): "equal jitter" on an exponential
 * schedule, i.e. uniformly in [d/2, d) with d = min(max, base * 2^(retry-1)). Never zero, so a
 * crowd of clients spreads out without hammering.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy): number {
  const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(d / 2 + (d / 2) * policy.random());
}

/** Extra wait demanded by the error itself (EService: Throttled: <unix ts>). */
export function minimumDelayMs(error: unknown, nowMs: number): number {
  if (error instanceof KrakenRateLimit && error.retryAtUnix !== undefined) {
    return Math.max(0, error.retryAtUnix * 1000 - nowMs);
  }
  return 0;
}

/** Small deterministic PRNG (mulberry32) for reproducible jitter in tests and simulations. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
