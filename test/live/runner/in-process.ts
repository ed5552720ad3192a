import { join } from 'node:path';
import type { SessionConfig } from '../../../src/core/journal/session-config.ts';
import { loadKrakenCredentials } from '../../../src/live/kraken/auth/secrets.ts';
import { LiveRunner, type LiveRunnerOptions } from '../../../src/live/runner/live-runner.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { HOUR, memoryLogger, SIM_START, TEST_KEY, TEST_SECRET, waitFor } from './helpers.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A LiveRunner in this process against the simulator (feed clock, no fsync), started and subscribed. */
export async function startRunner(
  sim: KrakenSimulator,
  session: SessionConfig,
  journalPath: string,
  over: Partial<LiveRunnerOptions> = {},
): Promise<{ runner: LiveRunner; logLines: () => Record<string, unknown>[] }> {
  const { logger, lines } = memoryLogger();
  const runner = new LiveRunner({
    session,
    journalPath,
    restUrl: sim.restUrl,
    wsPublicUrl: sim.wsPublicUrl,
    wsPrivateUrl: sim.wsPrivateUrl,
    clock: 'feed',
    logger,
    warmupBars: 10,
    sync: 'write',
    deadmanSec: 0,
    reconcileEveryMs: 0,
    credentials: session.mode === 'real' ? loadKrakenCredentials({ env: { KRAKEN_API_KEY: TEST_KEY, KRAKEN_API_SECRET: TEST_SECRET } }) : undefined,
    ...over,
  });
  await runner.start();
  await waitFor(() => runner.health.publicState === 'subscribed', 'market feed subscribed');
  if (runner.health.privateState !== null) await waitFor(() => runner.health.privateState === 'subscribed', 'private feed subscribed');
  return { runner, logLines: lines };
}

/**
 * Advances the simulator to SIM_START + hour h and waits until the runner has seen the last
 * trade and (real mode) no order of the kernel is still waiting for the venue's first answer.
 * Paper orders are filled by the simulated venue from later bars, so there is nothing to wait for.
 */
export async function advanceHour(sim: KrakenSimulator, runner: LiveRunner, lastTrade: () => number, h: number): Promise<void> {
  sim.advanceTo(SIM_START + h * HOUR);
  const target = lastTrade();
  await waitFor(() => (runner.health.lastTradeAt ?? 0) >= target, `trades up to hour ${h}`);
  if (runner.venue) await waitFor(() => runner.session.kernel.openOrderList().every((o) => o.status !== 'pending-new' && o.status !== 'unknown'), `venue answers at hour ${h}`);
}

/** Log lines of orders the kernel closed ("order closed"), as {cid, status, reason}. */
export function closedOrders(lines: Record<string, unknown>[]): { cid: string; status: string; reason: string | undefined }[] {
  return lines.filter((l) => l.msg === 'order closed').map((l) => ({ cid: String(l.cid), status: String(l.status), reason: l.reason as string | undefined }));
}
