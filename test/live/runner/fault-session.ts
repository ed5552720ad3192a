import { join } from 'node:path';
import { ManualClock } from '../../../src/live/kraken/rest/clock.ts';
import { seededRandom } from '../../../src/live/kraken/rest/retry.ts';
import { krakenCredentials } from '../../../src/live/kraken/auth/secrets.ts';
import type { KrakenWsClient } from '../../../src/live/kraken/ws/client.ts';
import { LiveRunner, type LiveRunnerOptions } from '../../../src/live/runner/live-runner.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { HOUR, memoryLogger, session, SIM_START, startSim, tempDir, TEST_KEY, TEST_SECRET, waitFor } from './helpers.ts';

/**
 * One live session against the loopback simulator for the fault tests: simulator time is
 * manual (the market moves one hour per `hour()`), the runner uses the feed clock, and every
 * timer that matters is short (socket watchdog, request timeout, reconnect backoff) so a
 * fault is noticed in well under a second. REST waits (retries, rate-limit decay) run on a
 * manual clock whose sleep returns at once, so a rate-limit error costs no wall time.
 */
export interface FaultSession {
  readonly sim: KrakenSimulator;
  readonly runner: LiveRunner;
  readonly journalPath: string;
  /** Runner log lines (pino JSON objects). */
  logs(): Record<string, unknown>[];
  /** Advances the market to the start of hour `h` and waits until the runner has seen it and has nothing in flight. */
  hour(h: number, orUntil?: () => boolean): Promise<void>;
  /** Advances the market without waiting for the runner (its feed is expected to be down). */
  advanceBlind(h: number): void;
  /** The runner's market socket (tests add a book subscription to it). */
  marketSocket(): KrakenWsClient;
  close(): Promise<void>;
}

export const FLIP_STRATEGY = join(import.meta.dirname, 'fixtures', 'flip-strategy.ts');

/** Short socket timers: a silent socket is replaced after 600 ms, an unanswered order is unknown after 400 ms. */
export const FAST_WS = {
  staleAfterMs: 600,
  pingIntervalMs: 150,
  requestTimeoutMs: 400,
  backoff: { initialMs: 20, factor: 2, maxMs: 100, jitter: 0 },
  random: () => 0,
} as const;

/** `over` changes runner options; `restUrl` may take the simulator's URL and return another (a fault proxy in front). */
export async function startFaultSession(mode: 'paper' | 'real', over: Partial<LiveRunnerOptions> & { proxyRest?: (url: string) => Promise<string> } = {}): Promise<FaultSession> {
  const { sim, lastTrade } = await startSim({ USD: '10000' });
  const { proxyRest, ...runnerOver } = over;
  const restUrl = proxyRest ? await proxyRest(sim.restUrl) : sim.restUrl;
  const t = tempDir('faults-');
  const journalPath = join(t.dir, `${mode}.jsonl`);
  const mem = memoryLogger();
  const restClock = new ManualClock(0);
  const config =
    mode === 'real'
      ? session({ mode: 'real', strategy: FLIP_STRATEGY, params: {}, cash: '0', clientIdPrefix: 'F1', risk: { maxOrderNotional: '1000', maxDrawdown: 0.5 } } as never)
      : session({ params: { fast: '2', slow: '4' }, clientIdPrefix: 'F1' });
  const runner = new LiveRunner({
    session: config,
    journalPath,
    restUrl,
    wsPublicUrl: sim.wsPublicUrl,
    wsPrivateUrl: sim.wsPrivateUrl,
    clock: 'feed',
    credentials: mode === 'real' ? krakenCredentials(TEST_KEY, TEST_SECRET) : undefined,
    logger: mem.logger,
    warmupBars: 10,
    sync: 'write',
    tickMs: 20,
    deadmanSec: 0,
    // Reconciliation runs on its triggers only (resubscribe, unknown outcome), never on a wall-clock timer.
    reconcileEveryMs: 0,
    restartSettleMs: 0,
    wsOptions: FAST_WS,
    restOptions: {
      clock: restClock,
      sleep: restClock.sleep,
      rateLimiter: { clock: restClock, sleep: restClock.sleep },
      retry: { random: seededRandom(1) },
      timeoutMs: 2_000,
    },
    ...runnerOver,
  });
  await runner.start();
  await waitFor(() => runner.health.publicState === 'subscribed', 'market feed subscribed');
  if (mode === 'real') await waitFor(() => runner.health.privateState === 'subscribed', 'private socket subscribed');

  let closed = false;
  const s: FaultSession = {
    sim,
    runner,
    journalPath,
    logs: mem.lines,
    marketSocket: () => (runner as unknown as { publicWs: KrakenWsClient }).publicWs,
    advanceBlind: (h) => sim.advanceTo(SIM_START + h * HOUR),
    /** `orUntil`: stop waiting when this holds (a fault that may cut the feed during the hour). */
    async hour(h, orUntil = () => false) {
      sim.advanceTo(SIM_START + h * HOUR);
      const target = lastTrade();
      await waitFor(() => (runner.health.lastTradeAt ?? 0) >= target || orUntil(), `runner sees the market up to hour ${h}`);
      // Real orders settle at the venue within the hour; paper orders fill on the next bar.
      if (mode === 'real') await waitFor(() => runner.session.kernel.openOrderList().length === 0, `orders of hour ${h} settled`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await runner.stop();
      await sim.close();
      t.cleanup();
    },
  };
  return s;
}

/**
 * Loses the executions the next placed order produces as well as its response (the simulator's
 * `hang` swallow only loses the response): the runner then knows nothing about the order until
 * reconciliation asks the venue. Patches the simulator instance, not its source.
 */
export function loseNextOrderEntirely(sim: KrakenSimulator): void {
  const ws = sim.ws as unknown as { sendData(conn: unknown, msg: { channel?: string }): void };
  const send = ws.sendData.bind(ws);
  let losing = true;
  ws.sendData = (conn, msg) => {
    if (losing && msg.channel === 'executions') return;
    send(conn, msg);
  };
  const take = sim.faults.takeSwallow.bind(sim.faults);
  sim.faults.takeSwallow = () => {
    const mode = take();
    if (mode) losing = false; // the order's executions were sent (and dropped) before its response
    return mode;
  };
  sim.faults.swallowNextOrderResponse({ mode: 'hang' });
}
