import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { session, startSim, tempDir, TEST_KEY, waitFor } from './helpers.ts';
import { useTeardown } from './teardown.ts';
import { advanceHour, FIXTURES, startRunner } from './in-process.ts';

/**
 * The balance check runs at every reconciliation, also while an order rests open (the check
 * used to be skipped then: a 123 USD difference went unreported for a whole session). Kraken's
 * Balance is the total, held funds included, so a resting order alone is no difference.
 */
describe('balance drift at reconciliation', () => {
  const defer = useTeardown();

  it('is checked with an order open: none while the books agree, 123 USD once the account moves behind our back', async () => {
    const s = await startSim({ USD: '10000' });
    const sim = s.sim;
    defer(() => sim.close());
    const t = tempDir('drift-');
    defer(t.cleanup);
    const cfg = session({ mode: 'real', strategy: join(FIXTURES, 'resting-strategy.ts'), params: { offset: '0.05' }, cash: '0', risk: { maxOrderNotional: '1000', maxDrawdown: 0.5 } });
    const { runner } = await startRunner(sim, cfg, join(t.dir, 'real.jsonl'));
    defer(() => runner.stop());
    for (let h = 1; h <= 2; h++) await advanceHour(sim, runner, s.lastTrade, h);
    await waitFor(() => runner.session.kernel.openOrderList().some((o) => o.status === 'open'), 'the resting order is open');
    expect(sim.account(TEST_KEY).openOrders).toHaveLength(1);

    const checks = runner.balanceChecks;
    await runner.reconcile('test');
    expect(runner.balanceChecks).toBe(checks + 1);
    expect(runner.balanceDrift).toEqual({});

    sim.deposit(TEST_KEY, 'USD', '123'); // money the session did not move (a deposit, a manual trade)
    await runner.reconcile('test');
    expect(runner.session.kernel.openOrderList()).toHaveLength(1);
    expect(runner.balanceDrift).toEqual({ USD: '123' });
  });
});
