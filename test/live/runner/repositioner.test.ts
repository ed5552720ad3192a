import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { HOUR, session, SIM_START, startSim, tempDir, TEST_KEY, waitFor } from './helpers.ts';
import { useTeardown } from './teardown.ts';
import { advanceHour, FIXTURES, startRunner } from './in-process.ts';

/**
 * Real mode against the simulator: the resting strategy places ONE limit buy 5 % below the
 * market (it never fills) and nothing else. With `reposition` configured, that order must be
 * canceled at the venue once it is too old / too far, and replaced by exactly one new order
 * (new client order id, the unfilled quantity, priced at the last close); at no moment are two
 * of the session's orders open at the venue. Without `reposition` the order just rests.
 */
const CASES = [
  { name: 'age', reposition: { maxAgeMs: 2 * HOUR }, replaced: true },
  { name: 'distance', reposition: { maxDistance: 0.02 }, replaced: true },
  { name: 'off', reposition: null, replaced: false },
] as const;

describe('repositioner, real mode against the simulator', () => {
  const defer = useTeardown();

  it.each(CASES)('$name: cancels the stale limit order and replaces it once, with a new client id', async ({ reposition, replaced }) => {
    const s = await startSim({ USD: '10000' });
    const sim = s.sim;
    defer(() => sim.close());
    const t = tempDir('reposition-');
    defer(t.cleanup);
    const cfg = session({
      mode: 'real',
      strategy: join(FIXTURES, 'resting-strategy.ts'),
      params: { offset: '0.05' },
      cash: '0',
      reposition,
      risk: { maxOrderNotional: '1000', maxDrawdown: 0.5 },
    });
    const started = await startRunner(sim, cfg, join(t.dir, "real.jsonl"));
    const runner = started.runner;
    defer(() => runner.stop());
    let maxOpenAtVenue = 0;
    for (let h = 1; h <= 6; h++) {
      await advanceHour(sim, runner, s.lastTrade, h);
      // Settled: every cancel the runner sent has closed its order (a replacement is sent in the same
      // step), no order waits for the venue's answer, and the venue's open orders are the kernel's.
      const r = runner;
      const venueOpen = () => sim.account(TEST_KEY).openOrders.map((o) => o.req.clOrdId).sort().join();
      const kernelOpen = () => r.session.kernel.openOrderList().map((o) => o.clientId).sort().join();
      const settled = () => {
        const lines = started.logLines();
        const closed = new Set(lines.filter((l) => l.msg === 'order closed').map((l) => l.cid));
        const cancelsOpen = lines.filter((l) => l.msg === 'cancel sent').some((l) => !closed.has(l.cid));
        const waiting = r.session.kernel.openOrderList().some((o) => o.status === 'pending-new' || o.status === 'unknown');
        return !cancelsOpen && !waiting && venueOpen() === kernelOpen();
      };
      await waitFor(settled, `runner and venue settled at hour ${h}`);
      maxOpenAtVenue = Math.max(maxOpenAtVenue, sim.account(TEST_KEY).openOrders.length);
    }
    const acct = sim.account(TEST_KEY);
    const all = [...acct.closedOrders, ...acct.openOrders].sort((a, b) => a.seq - b.seq);
    const ids = all.map((o) => o.req.clOrdId);
    expect(new Set(ids).size).toBe(ids.length); // never the same client id twice
    expect(maxOpenAtVenue).toBe(1); // never duplicated
    const first = all[0];
    expect(first.limitPrice).toBeDefined();
    if (!replaced) {
      expect(all).toHaveLength(1);
      expect(first.status).toBe('open');
      expect(acct.trades).toEqual([]);
      return;
    }
    expect(all).toHaveLength(2);
    const [old, repl] = all;
    expect(old.status).toBe('canceled');
    expect(repl.req.clOrdId).not.toBe(old.req.clOrdId);
    expect(repl.side).toBe('buy');
    expect(repl.qty).toBe(parseFixed('0.001'));
    expect(repl.openTime).toBeGreaterThanOrEqual(old.closeTime!);
    // Re-placed at the last close (rounded down for a buy): far above the stale price.
    const lastClose = runner.session.kernel.lastPrice('BTC/USD');
    expect(Number(repl.limitPrice!) / 1e18).toBeGreaterThan(Number(old.limitPrice!) / 1e18);
    expect(Math.abs(Number(repl.limitPrice!) / 1e18 - lastClose) / lastClose).toBeLessThan(0.02);
    // Priced at the market, the replacement may fill. Either it rests (the kernel's only open
    // order, tagged "reposition") or it filled, and the kernel booked exactly that fill.
    const open = runner.session.kernel.openOrderList();
    if (repl.status === 'open') {
      expect(open.map((o) => [o.clientId, o.tag])).toEqual([[repl.req.clOrdId, 'reposition']]);
      expect(acct.trades).toEqual([]);
    } else {
      expect(repl.status).toBe('closed');
      expect(open).toEqual([]);
      expect(acct.trades.map((tr) => tr.orderId)).toEqual([repl.id]);
      expect(runner.session.recentFills.map((f) => f.clientId)).toEqual([repl.req.clOrdId]);
    }
    expect(sim.now()).toBe(SIM_START + 6 * HOUR);
  });
});
