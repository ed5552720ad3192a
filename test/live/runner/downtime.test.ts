import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayJournal } from '../../../src/backtest/replay/replay-journal.ts';
import { session, startSim, tempDir, TEST_KEY } from './helpers.ts';
import { useTeardown } from './teardown.ts';
import { advanceHour, closedOrders, FIXTURES, startRunner } from './in-process.ts';

/**
 * Real mode against the simulator with a 03:00-05:00 UTC downtime window (the default). The flip strategy
 * wants an order on every hourly bar; those of the bars closing at 03:00 and 04:00 (kernel time
 * inside the window) must be refused by the pre-trade check (reason `downtime`) and never reach
 * the venue; the bar closing at 02:00 and those from 05:00 on trade. (The 00:00-01:00 bar is
 * dropped: the feed connected inside it.)
 */
describe('downtime window, real mode against the simulator', () => {
  const defer = useTeardown();

  it('places no order inside the UTC window and places them again after it', async () => {
    const s = await startSim({ USD: '10000' });
    const sim = s.sim;
    defer(() => sim.close());
    const t = tempDir('downtime-');
    defer(t.cleanup);
    const cfg = session({
      mode: 'real',
      strategy: join(FIXTURES, 'flip-strategy.ts'),
      params: {},
      cash: '0',
      downtime: { start: '03:00', end: '05:00' },
      risk: { maxOrderNotional: '1000', maxDrawdown: 0.5 },
    });
    const started = await startRunner(sim, cfg, join(t.dir, 'real.jsonl'));
    const runner = started.runner;
    defer(() => runner.stop());
    const placedAt = (): number[] => {
      const a = sim.account(TEST_KEY);
      return [...a.openOrders, ...a.closedOrders].map((o) => o.openTime).sort((x, y) => x - y);
    };
    const sentPerHour: number[] = [];
    for (let h = 1; h <= 8; h++) {
      const before = placedAt().length;
      await advanceHour(sim, runner, s.lastTrade, h);
      sentPerHour.push(placedAt().length - before);
    }
    const hourOf = (ms: number) => new Date(ms).getUTCHours();
    // The bar closing at HH:00 closes on the first trade at HH:00, so its order reaches the venue at HH:00.
    expect(placedAt().map(hourOf)).toEqual([2, 5, 6, 7, 8]);
    expect(sentPerHour).toEqual([0, 1, 0, 0, 1, 1, 1, 1]);
    const refused = closedOrders(started.logLines()).filter((o) => o.status === 'rejected');
    expect(refused.filter((o) => /^downtime\b/.test(o.reason ?? '')).length).toBe(2);
    // The check runs on event time, so replaying the journal (restart, --replay) refuses the same orders.
    const live = runner.session.summary();
    await runner.stop();
    expect((await replayJournal(join(t.dir, 'real.jsonl'))).summary).toEqual(live);
  });
});
