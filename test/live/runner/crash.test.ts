import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replayJournal } from '../../../src/backtest/replay/replay-journal.ts';
import { parseFixed } from '../../../src/core/decimal/fixed.ts';
import type { KrakenSimulator } from '../../../src/live/sim/simulator.ts';
import { fetchStatus, spawnLive, type Child } from './child.ts';
import { HOUR, SIM_START, startSim, tempDir, TEST_KEY, TEST_SECRET, waitFor } from './helpers.ts';

/**
 * The runner is SIGKILLed at injected crash points (KRAKENBT_FAILPOINT) and by plain SIGKILL,
 * then restarted on the same journal. Afterwards the journal replays to exactly the state the
 * runner reports; in real mode the ledger equals the simulator's account, with every fill
 * booked once and no order placed twice.
 */
type Kill = readonly [point: string, nth: number];
const KILL_POINTS: Readonly<Record<'paper' | 'real', readonly Kill[]>> = {
  paper: [['journal-appended', 15], ['sigkill', 0], ['journal-appended', 2], ['reconnecting', 1], ['journal-appended', 3], ['journal-appended', 1], ['sigkill', 0], ['journal-appended', 4]],
  real: [['journal-appended', 20], ['order-answered', 1], ['venue-event', 1], ['sigkill', 0], ['journal-appended', 3], ['reconnecting', 1], ['order-answered', 2], ['venue-event', 2]],
};

async function session(mode: 'paper' | 'real'): Promise<{ kills: number; attempted: number; planned: number; sim: KrakenSimulator; summary: any; journal: string; cleanup: () => void }> {
  const { sim, lastTrade } = await startSim({ USD: '10000' });
  const t = tempDir('crash-');
  const journal = join(t.dir, `${mode}.jsonl`);
  const config = join(t.dir, 'config.json');
  writeFileSync(config, JSON.stringify({ clientIdPrefix: 'C1', downtime: null, risk: { maxOrderNotional: '1000', maxDrawdown: 0.5 } }));
  const common = ['--journal', journal, '--config', config, '--timeframe', '1h', '--warmup', '10', '--status-port', '0', '--restart-settle', '0', '--deadman', '0', '--reconcile-every', '3600'];
  const args =
    mode === 'paper'
      ? ['--paper', '--strategy', 'sma-cross', '--param', 'fast=2', '--param', 'slow=4', ...common]
      : ['--real', '--i-understand-real-money', '--strategy', join(import.meta.dirname, 'fixtures', 'flip-strategy.ts'), ...common];
  const env = { KRAKEN_API_KEY: TEST_KEY, KRAKEN_API_SECRET: TEST_SECRET };
  const KILLS = KILL_POINTS[mode];
  let next = 0;
  let kills = 0;
  let attempted = 0;
  let child: Child;
  let url = '';
  const launch = async () => {
    const spec = KILLS[next];
    const fp: Record<string, string> = spec && spec[0] !== 'sigkill' ? { KRAKENBT_FAILPOINT: `${spec[0]}:${spec[1]}` } : {};
    child = spawnLive(sim, args, { ...env, ...fp });
    url = await child.statusUrl();
    await waitFor(() => true, 'noop');
  };
  await launch();
  let pendingSigkill = KILLS[next]?.[0] === 'sigkill';
  for (let h = 1; h <= 20; h++) {
    let s = await fetchStatus(url);
    await waitFor(() => s.health.publicState === 'subscribed', 'feed subscribed', 15_000).catch(async () => {
      for (let i = 0; i < 300 && s.health.publicState !== 'subscribed'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        s = await fetchStatus(url);
      }
    });
    if (KILLS[next]?.[0] === 'reconnecting') sim.faults.dropConnections();
    sim.advanceTo(SIM_START + h * HOUR);
    if (pendingSigkill) {
      pendingSigkill = false;
      child!.proc.kill('SIGKILL');
    }
    const target = lastTrade();
    for (;;) {
      if (!child!.alive()) break;
      try {
        s = await fetchStatus(url);
      } catch {
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      if ((s.health.lastTradeAt ?? 0) >= target && s.openOrders.length === 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    if (!child!.alive() || KILLS[next]?.[0] === 'reconnecting') {
      if (KILLS[next]?.[0] === 'reconnecting') await Promise.race([child!.exited, new Promise((r) => setTimeout(r, 3000))]);
      attempted++;
      const ex = await Promise.race([child!.exited, new Promise<null>((r) => setTimeout(() => r(null), 1))]);
      if (ex && ex.signal === 'SIGKILL') kills++;
      else if (child!.alive()) {
        child!.proc.kill('SIGKILL');
        await child!.exited;
        kills++;
      }
      next++;
      pendingSigkill = KILLS[next]?.[0] === 'sigkill';
      await launch();
    }
  }
  child!.proc.kill('SIGTERM');
  await child!.exited;
  const stopped = await replayJournal(journal);
  return { kills, attempted, planned: KILLS.length, sim, summary: stopped.summary, journal, cleanup: t.cleanup };
}

describe('SIGKILL crash tests (child processes against the simulator)', () => {
  let done: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await done?.();
    done = undefined;
  });

  it.each(['paper', 'real'] as const)('%s: survives every kill point; journal, ledger and venue agree', async (mode) => {
    const r = await session(mode);
    done = async () => {
      await r.sim.close();
      r.cleanup();
    };
    process.stdout.write(`${mode}: ${r.kills} kills at ${r.attempted} kill points\n`);
    expect(r.kills).toBe(r.planned);
    expect(r.summary.candles).toBeGreaterThan(15);
    if (mode === 'real') {
      const acct = r.sim.account(TEST_KEY);
      expect(parseFixed(r.summary.balances.USD)).toBe(parseFixed(acct.balances.USD));
      expect(parseFixed(r.summary.balances.BTC ?? '0')).toBe(parseFixed(acct.balances.BTC ?? '0'));
      const ids = [...acct.closedOrders, ...acct.openOrders].map((o) => o.req.clOrdId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(acct.trades.length).toBeGreaterThan(5);
    }
  }, 120_000);
});
