import { afterEach, describe, expect, it } from 'vitest';
import { replayJournal } from '../../../src/backtest/replay/replay-journal.ts';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import { ManualClock } from '../../../src/live/kraken/rest/clock.ts';
import { seededRandom } from '../../../src/live/kraken/rest/retry.ts';
import { loseNextOrderEntirely, startFaultSession, type FaultSession } from './fault-session.ts';
import { TEST_KEY } from './helpers.ts';
import { RestFaultProxy, type RestFault } from './rest-fault-proxy.ts';

/**
 * Private REST fails in bursts (HTTP 502, 503 and 520 from the edge, requests never answered,
 * connections reset) exactly while the runner needs it: an order's answer and executions are
 * lost, so only reconciliation over REST can settle it. The runner must never crash (this used
 * to be an unhandled rejection from `void this.reconcile(...)`, 1 run in 3), must retry until the
 * order is settled, and end with the venue's ledger.
 */
const BURST: readonly RestFault[] = [502, 503, 520, 'timeout', 'reset', 502, 520, 503, 'reset', 502, 'timeout', 520, 503, 502];

describe('private REST fault bursts', () => {
  let s: FaultSession | undefined;
  let proxy: RestFaultProxy | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await s?.close();
    await proxy?.close();
    s = proxy = undefined;
  });

  it('never crash the runner; unknown orders are settled by retried reconciliation; the ledger is the venue\'s', async () => {
    process.on('unhandledRejection', onUnhandled);
    const clock = new ManualClock(0);
    s = await startFaultSession('real', {
      proxyRest: async (url) => (proxy = await RestFaultProxy.start(url)).url,
      // Feed clock: event time stands still inside an hour, so an order the burst kept from the venue
      // is declared never placed at the first reconciliation that gets through.
      settleAfterMs: 0,
      restOptions: { clock, sleep: clock.sleep, rateLimiter: { clock, sleep: clock.sleep }, retry: { random: seededRandom(1) }, timeoutMs: 300 },
    });
    for (let h = 1; h < 3; h++) await s.hour(h);
    let h = 3;
    for (let round = 0; round < 4; round++, h++) {
      loseNextOrderEntirely(s.sim);
      proxy!.burst(...BURST);
      await s.hour(h).catch((e) => {
        for (const l of s!.logs().slice(-40)) console.log(JSON.stringify(l).slice(0, 300));
        throw e;
      });
    }
    // A burst with nothing unknown: periodic work (reconcile, balance check) fails and recovers.
    proxy!.burst(...BURST);
    await s.runner.reconcile('during a burst');
    await s.hour(h++);
    for (let end = h + 2; h < end; h++) await s.hour(h);

    expect(unhandled).toEqual([]);
    expect(proxy!.injected).toBeGreaterThanOrEqual(4 * BURST.length);
    const logs = s.logs();
    expect(logs.filter((l) => l.msg === 'order outcome unknown; reconciliation will settle it').length).toBeGreaterThanOrEqual(4);
    expect(logs.some((l) => l.msg === 'reconciliation failed; will retry' || l.msg === 'reconciliation of an unknown order failed; retrying')).toBe(true);

    const runner = s.runner;
    const acct = s.sim.account(TEST_KEY);
    expect(runner.session.kernel.openOrderList()).toEqual([]);
    expect(runner.venue!.unknownOrders()).toEqual([]);
    expect(runner.session.kernel.ledger.balance('USD')).toBe(parseFixed(acct.balances.USD));
    expect(runner.session.kernel.ledger.balance('BTC')).toBe(parseFixed(acct.balances.BTC ?? '0'));
    await runner.reconcile('test end');
    expect(runner.balanceDrift).toEqual({});
    const replayed = await replayJournal(s.journalPath);
    expect(replayed.summary).toEqual(runner.session.summary());
    expect([...replayed.fills.map((f) => f.execId)].sort()).toEqual(acct.trades.map((t) => t.id).sort());
  }, 60_000);
});
