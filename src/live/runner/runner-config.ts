import type { JournalInput } from '../../core/journal/journal-entry.ts';
import type { SessionConfig } from '../../core/journal/session-config.ts';
import type { KrakenCredentials } from '../kraken/auth/secrets.ts';
import type { KrakenRestClientOptions } from '../kraken/rest/client.ts';
import type { KrakenWsClientOptions } from '../kraken/ws/client.ts';
import type { ConnectionState } from '../kraken/ws/connection-state.ts';
import type { SyncPolicy } from '../journal/journal-writer.ts';
import type { Logger } from '../logging/logger.ts';

/** What the live runner is started with (live-runner.ts), and the connection health it reports. */
export interface LiveRunnerOptions {
  /** Settings for a new journal; an existing journal's header wins (and must agree on what it names). */
  readonly session: SessionConfig;
  readonly journalPath: string;
  readonly restUrl: string;
  readonly wsPublicUrl: string;
  readonly wsPrivateUrl: string;
  readonly clock: 'wall' | 'feed';
  readonly credentials?: KrakenCredentials;
  readonly logger: Logger;
  readonly warmupBars?: number;
  /** Wall clock: bars close this long after their interval ends, so late trades still count. */
  readonly barGraceMs?: number;
  readonly tickMs?: number;
  readonly sync?: SyncPolicy;
  /** Inputs journaled right after `start` in a new session's start transaction (the ML model it begins with). */
  readonly openingInputs?: (time: number) => readonly JournalInput[];
  /** Real mode: cancel-all-after timeout (dead man's switch), seconds; 0 disables. */
  readonly deadmanSec?: number;
  readonly reconcileEveryMs?: number;
  /** Real mode, after a restart: wait this long before the first reconciliation (requests in flight land). */
  readonly restartSettleMs?: number;
  /** An order missing at the venue this long after it was sent is declared never placed. */
  readonly settleAfterMs?: number;
  readonly nonceStateDir?: string;
  /** Latency probe: an order left the process (real mode). */
  readonly onOrderSent?: (clientId: string) => void;
  /**
   * The session cannot go on (the journal's group-commit fdatasync failed): the runner has
   * logged it and is stopping itself; the owner should exit non-zero. A restart replays what is
   * durable and reconciles the orders that were never sent.
   */
  readonly onFatal?: (reason: string) => void;
  /** Group commit's background fdatasync (fault tests inject a failing one). */
  readonly journalFdatasync?: typeof import('node:fs').fdatasync;
  /** Socket tuning for both WebSocket clients (watchdog, request timeout, backoff); fault tests shorten them. */
  readonly wsOptions?: Partial<Omit<KrakenWsClientOptions, 'url' | 'getToken'>>;
  /** REST client tuning (retry policy, rate limiter, clock); fault tests inject a manual clock. */
  readonly restOptions?: Partial<Omit<KrakenRestClientOptions, 'baseUrl' | 'credentials' | 'nonceStateDir' | 'logger'>>;
}

export interface ConnectionHealth {
  publicState: ConnectionState;
  privateState: ConnectionState | null;
  reconnects: number;
  lastTradeAt: number | null;
  lastError: string | null;
  /** Unknown enum values Kraken sent on the private socket (`field=value` -> count); frames were still processed. */
  unknownValues?: Record<string, number>;
  /** How the dead man's switch was last refreshed. */
  deadmanVia?: 'ws' | 'rest' | 'failed';
}

