import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchStatus, spawnLive } from './child.ts';
import { HOUR, SIM_START, startSim, tempDir, TEST_KEY, TEST_SECRET } from './helpers.ts';
import { FIXTURES } from './in-process.ts';
import { killChild, useTeardown } from './teardown.ts';

/**
 * Dead man's switch, real mode (`npm run live` child against the simulator, --deadman 3): while
 * the runner lives it arms cancel_all_orders_after and refreshes it (every second of wall time),
 * so its resting order outlives the first deadline; once the runner is SIGKILLed nothing
 * refreshes it and the exchange cancels the order when the timeout passes (simulator time).
 */
/** Waits (polling `poll` first, if given) until `cond` holds. */
async function waitFor(cond: () => boolean, what: string, timeoutMs = 15_000, poll?: () => Promise<unknown>): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (poll) await poll();
    if (cond()) return;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('dead man\'s switch (child process against the simulator)', () => {
  const defer = useTeardown();

  it('is armed and refreshed while running; after a SIGKILL the venue cancels the open order', async () => {
    const s = await startSim({ USD: '10000' });
    const sim = s.sim;
    defer(() => sim.close());
    const t = tempDir('deadman-');
    defer(t.cleanup);
    const config = join(t.dir, 'config.json');
    writeFileSync(config, JSON.stringify({ clientIdPrefix: 'D1', downtime: null, risk: { maxOrderNotional: '1000', maxDrawdown: 0.5 } }));
    const child = spawnLive(sim, [
      '--real', '--i-understand-real-money', '--strategy', join(FIXTURES, 'resting-strategy.ts'), '--journal', join(t.dir, 'real.jsonl'), '--config', config,
      '--timeframe', '1h', '--warmup', '10', '--status-port', '0', '--deadman', '3', '--reconcile-every', '3600', '--no-fsync',
    ], { KRAKEN_API_KEY: TEST_KEY, KRAKEN_API_SECRET: TEST_SECRET });
    defer(() => killChild(child));
    const url = await child.statusUrl();
    const account = () => sim.requireAccount(TEST_KEY);
    await waitFor(() => account().deadman !== undefined, 'dead man\'s switch armed', 15_000);
    let st = await fetchStatus(url);
    await waitFor(() => st.health.publicState === 'subscribed' && st.health.privateState === 'subscribed', 'feeds subscribed', 15_000, async () => (st = await fetchStatus(url)));

    // Two hours of market: the strategy's one limit buy (5 % below) rests at the venue.
    for (let h = 1; h <= 2; h++) {
      sim.advanceTo(SIM_START + h * HOUR);
      const target = s.lastTrade();
      await waitFor(() => (st.health.lastTradeAt ?? 0) >= target, `hour ${h}`, 15_000, async () => (st = await fetchStatus(url)));
    }
    await waitFor(() => sim.account(TEST_KEY).openOrders.length === 1, 'resting order at the venue', 15_000);
    const order = sim.account(TEST_KEY).openOrders[0];
    expect(order.req.clOrdId).toMatch(/^D1-\d+$/);

    // Refreshed: after 2 s of simulator time the next refresh moves the deadline to now + 3 s,
    // so 2 s more (past the first deadline) leave the order open.
    // (Jumping hours of simulator time fires the switch armed before; the runner re-arms it within a second.)
    await waitFor(() => account().deadman?.triggerAt === sim.now() + 3000, 'dead man\'s switch armed at the current time');
    const firstDeadline = account().deadman!.triggerAt;
    sim.advanceBy(2000);
    await waitFor(() => account().deadman?.triggerAt === sim.now() + 3000, 'dead man\'s switch refreshed', 15_000);
    sim.advanceBy(2000);
    expect(sim.now()).toBeGreaterThan(firstDeadline);
    expect(sim.account(TEST_KEY).openOrders.map((o) => o.id)).toEqual([order.id]);

    // Killed: nothing refreshes the switch; once its timeout passes the venue cancels the order.
    child.proc.kill('SIGKILL');
    await child.exited;
    const deadline = account().deadman!.triggerAt;
    sim.advanceTo(deadline - 1);
    expect(sim.account(TEST_KEY).openOrders.map((o) => o.id)).toEqual([order.id]);
    sim.advanceTo(deadline);
    expect(sim.account(TEST_KEY).openOrders).toEqual([]);
    const closed = sim.account(TEST_KEY).closedOrders.find((o) => o.id === order.id)!;
    expect(closed.status).toBe('canceled');
    expect(closed.reason).toBe('User requested');
  }, 40_000);
});
